#include "crypto/subgroup_batch.h"

#include <algorithm>

namespace urne {

void SubgroupBatch::DecodeAhead(std::span<const ByteView> encodings) {
  ahead_.clear();
  ahead_bytes_.clear();
  next_ = 0;
  const size_t n = group_.element_bytes();
  for (ByteView e : encodings) {
    if (e.size() != n) return;  // not an element's encoding: nothing is decoded ahead
  }
  if (!group_.VartimeDecodeMany(encodings, ahead_)) return;
  for (ByteView e : encodings) ahead_bytes_.insert(ahead_bytes_.end(), e.begin(), e.end());
}

std::optional<Element> SubgroupBatch::TakeAhead(ByteView bytes, Identity identity) {
  if (next_ >= ahead_.size()) return std::nullopt;
  const size_t n = group_.element_bytes();
  const ByteView expected(ahead_bytes_.data() + next_ * n, n);
  if (!std::equal(bytes.begin(), bytes.end(), expected.begin(), expected.end())) {
    return std::nullopt;
  }
  std::optional<Element>& e = ahead_[next_++];
  if (!e.has_value()) return std::nullopt;  // the strict decoder names the fault
  if (identity == Identity::kForbidden && group_.Equal(*e, group_.identity())) return std::nullopt;
  return e;
}

absl::StatusOr<Element> SubgroupBatch::Decode(ByteView bytes, Identity identity) {
  if (std::optional<Element> e = TakeAhead(bytes, identity)) return *e;
  bool deferred = false;
  auto e = group_.DecodeElementDeferringSubgroup(bytes, identity, deferred);
  if (e.ok() && deferred) pending_.push_back(*e);
  return e;
}

absl::StatusOr<Element> SubgroupBatch::DecodeCommitment(ByteView bytes, Identity identity) {
  if (std::optional<Element> e = TakeAhead(bytes, identity)) return *e;
  bool deferred = false;
  return group_.DecodeElementDeferringSubgroup(bytes, identity, deferred);
}

bool SubgroupBatch::VartimeVerify() const {
  return pending_.empty() || group_.VartimeAllInSubgroup(pending_);
}

}  // namespace urne

#include "crypto/subgroup_batch.h"

#include <algorithm>

namespace urne {

void SubgroupBatch::DecodeAhead(std::span<const ByteView> encodings) {
  ahead_.clear();
  ahead_bytes_.clear();
  ahead_ends_.clear();
  next_ = 0;
  if (!group_.VartimeDecodeMany(encodings, ahead_)) return;
  for (ByteView e : encodings) {
    ahead_bytes_.insert(ahead_bytes_.end(), e.begin(), e.end());
    ahead_ends_.push_back(ahead_bytes_.size());
  }
}

std::optional<Element> SubgroupBatch::TakeAhead(ByteView bytes, Identity identity) {
  if (next_ >= ahead_.size()) return std::nullopt;
  const size_t begin = next_ == 0 ? 0 : ahead_ends_[next_ - 1];
  const ByteView expected(ahead_bytes_.data() + begin, ahead_ends_[next_] - begin);
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

#include "crypto/subgroup_batch.h"

namespace urne {

absl::StatusOr<Element> SubgroupBatch::Decode(ByteView bytes, Identity identity) {
  bool deferred = false;
  auto e = group_.DecodeElementDeferringSubgroup(bytes, identity, deferred);
  if (e.ok() && deferred) pending_.push_back(*e);
  return e;
}

absl::StatusOr<Element> SubgroupBatch::DecodeCommitment(ByteView bytes, Identity identity) const {
  bool deferred = false;
  return group_.DecodeElementDeferringSubgroup(bytes, identity, deferred);
}

bool SubgroupBatch::VartimeVerify() const {
  return pending_.empty() || group_.VartimeAllInSubgroup(pending_);
}

}  // namespace urne

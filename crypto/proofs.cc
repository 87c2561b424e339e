#include "crypto/proofs.h"

#include <map>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "status/status.h"

namespace urne {

Transcript OpenProofTranscript(std::string_view domain, const Group& group, ByteView context) {
  Transcript t(domain);
  t.Append("group", group.name());
  t.Append("context", context);
  return t;
}

namespace {
ABSL_CONST_INIT absl::Mutex generator_mu(absl::kConstInit);
// Never freed: the returned references stay valid for the whole process.
std::map<const Group*, Bytes>* generator_cache ABSL_GUARDED_BY(generator_mu) = nullptr;
}  // namespace

const Bytes& EncodedGenerator(const Group& group) {
  absl::MutexLock lock(&generator_mu);
  if (generator_cache == nullptr) generator_cache = new std::map<const Group*, Bytes>();
  auto it = generator_cache->find(&group);
  if (it == generator_cache->end()) {
    it = generator_cache->emplace(&group, group.Encode(group.generator())).first;
  }
  return it->second;  // std::map nodes are stable
}

absl::StatusOr<Element> ProofReader::ReadElement(std::string_view field) {
  const size_t n = group_.element_bytes();
  auto e = members_ != nullptr
               ? members_->DecodeCommitment(bytes_.subspan(pos_, n), Identity::kAllowed)
               : group_.DecodeElement(bytes_.subspan(pos_, n), Identity::kAllowed);
  if (!e.ok()) return WithContext(e.status(), Cat(field, ": "));
  pos_ += n;
  return e;
}

absl::StatusOr<Scalar> ProofReader::ReadScalar(std::string_view field) {
  const size_t n = group_.scalar_bytes();
  auto s = group_.DecodeScalar(bytes_.subspan(pos_, n));
  if (!s.ok()) return WithContext(s.status(), Cat(field, ": "));
  pos_ += n;
  return s;
}

}  // namespace urne

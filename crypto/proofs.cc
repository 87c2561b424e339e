#include "crypto/proofs.h"

#include <map>
#include <mutex>

#include "crypto/status.h"

namespace urne {

Transcript OpenProofTranscript(std::string_view domain, const Group& group, ByteView context) {
  Transcript t(domain);
  t.Append("group", group.name());
  t.Append("context", context);
  return t;
}

const Bytes& EncodedGenerator(const Group& group) {
  static std::mutex mu;
  static std::map<const Group*, Bytes>* cache = new std::map<const Group*, Bytes>();
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache->find(&group);
  if (it == cache->end()) it = cache->emplace(&group, group.Encode(group.generator())).first;
  return it->second;  // std::map nodes are stable
}

absl::StatusOr<Element> ProofReader::ReadElement(std::string_view field) {
  const size_t n = group_.element_bytes();
  auto e = group_.DecodeElement(bytes_.subspan(pos_, n), Identity::kAllowed);
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

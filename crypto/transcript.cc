#include "crypto/transcript.h"

#include <sodium.h>

namespace urne {

Transcript::Transcript(std::string_view domain) { AppendFramed(bytes_, AsBytes(domain)); }

Transcript& Transcript::Append(std::string_view label, ByteView value) {
  AppendFramed(bytes_, AsBytes(label));
  AppendFramed(bytes_, value);
  return *this;
}

Transcript& Transcript::AppendU64(std::string_view label, uint64_t value) {
  Bytes be;
  ::urne::AppendU64(be, value);
  return Append(label, be);
}

Transcript& Transcript::Append(std::string_view label, const Element& e) {
  return Append(label, e.group().Encode(e));
}

Transcript& Transcript::Append(std::string_view label, const Scalar& s) {
  return Append(label, s.group().Encode(s));
}

Scalar Transcript::Challenge(const Group& group) const { return group.ReduceWide(Sha512(bytes_)); }

Digest32 Transcript::Digest() const { return Sha256(bytes_); }

Digest32 Sha256(ByteView data) {
  Digest32 out;
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

std::array<uint8_t, 64> Sha512(ByteView data) {
  std::array<uint8_t, 64> out;
  crypto_hash_sha512(out.data(), data.data(), data.size());
  return out;
}

}  // namespace urne

#include "crypto/transcript.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <cstdlib>

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

Digest32 Sha256(ByteView data) { return Sha256(ByteView(), data); }

Digest32 Sha256(ByteView prefix, ByteView data) {
  // OpenSSL's SHA-256 (SHA-NI where the CPU has it: about 5x libsodium's portable C on the
  // 5.7 KB entries the log and the tracking codes hash). The same function, FIPS 180-4.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned int size = 0;
  Digest32 out;
  if (kSha256 == nullptr || ctx == nullptr || EVP_DigestInit_ex(ctx, kSha256, nullptr) != 1 ||
      EVP_DigestUpdate(ctx, prefix.data(), prefix.size()) != 1 ||
      EVP_DigestUpdate(ctx, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx, out.data(), &size) != 1 || size != out.size()) {
    std::abort();  // only a broken OpenSSL installation gets here
  }
  EVP_MD_CTX_free(ctx);
  return out;
}

std::array<uint8_t, 64> Sha512(ByteView data) {
  std::array<uint8_t, 64> out;
  crypto_hash_sha512(out.data(), data.data(), data.size());
  return out;
}

}  // namespace urne

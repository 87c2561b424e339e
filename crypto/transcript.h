// Transcript: the only way urne hashes structured data (specs/crypto.md §3).
//
// A transcript starts with a domain label such as "urne/v1/proof/range" and then takes
// labelled fields. Its byte string is
//     frame(domain) ‖ frame(label_1) ‖ frame(value_1) ‖ … ‖ frame(label_n) ‖ frame(value_n)
// where frame(x) = u32_be(len(x)) ‖ x. Challenges are SHA-512 of that string reduced wide to
// a scalar; identifiers are its SHA-256. Never hash joined strings or re-serialised protobuf.
// A Transcript is a value; not thread-safe while being appended to.
#ifndef URNE_CRYPTO_TRANSCRIPT_H_
#define URNE_CRYPTO_TRANSCRIPT_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "crypto/bytes.h"
#include "crypto/group.h"

namespace urne {

using Digest32 = std::array<uint8_t, 32>;

class Transcript {
 public:
  explicit Transcript(std::string_view domain);

  Transcript& Append(std::string_view label, ByteView value);
  Transcript& Append(std::string_view label, std::string_view value) {
    return Append(label, AsBytes(value));
  }
  // A number as 8 bytes big-endian.
  Transcript& AppendU64(std::string_view label, uint64_t value);
  // An element or scalar as its canonical encoding in its group.
  Transcript& Append(std::string_view label, const Element& e);
  Transcript& Append(std::string_view label, const Scalar& s);

  // SHA-512 of the transcript bytes, read by `group` as a wide integer and reduced mod q.
  Scalar Challenge(const Group& group) const;
  // SHA-256 of the transcript bytes.
  Digest32 Digest() const;
  const Bytes& bytes() const { return bytes_; }

 private:
  Bytes bytes_;
};

// SHA-256 (OpenSSL) and SHA-512 (libsodium) of raw bytes; Sha256(prefix, data) hashes their
// concatenation without joining them.
Digest32 Sha256(ByteView data);
Digest32 Sha256(ByteView prefix, ByteView data);
std::array<uint8_t, 64> Sha512(ByteView data);

}  // namespace urne

#endif  // URNE_CRYPTO_TRANSCRIPT_H_

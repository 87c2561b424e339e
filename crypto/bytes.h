// Byte strings and their hex form. Plain value types, no ownership subtleties; thread-compatible.
// Hex is lower-case, two digits per byte (specs/crypto.md §1).
#ifndef URNE_CRYPTO_BYTES_H_
#define URNE_CRYPTO_BYTES_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace urne {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

// Lower-case hex of `bytes`.
std::string ToHex(ByteView bytes);

// Strict hex decoding: even length, [0-9a-f] only (upper case is refused so that every
// value has one textual form). Returns INVALID_ARGUMENT naming the first bad position, with
// reason hex.odd_length, hex.upper_case or hex.invalid_digit.
absl::StatusOr<Bytes> FromHex(std::string_view hex);

// The bytes of a string, without terminator.
inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// Appends a 4-byte big-endian length then the bytes (the framing of specs/crypto.md §1).
void AppendFramed(Bytes& out, ByteView field);
void AppendU32(Bytes& out, uint32_t v);
void AppendU64(Bytes& out, uint64_t v);

// Constant-time equality of two byte strings of equal length (false if lengths differ).
bool ConstantTimeEqual(ByteView a, ByteView b);

}  // namespace urne

#endif  // URNE_CRYPTO_BYTES_H_

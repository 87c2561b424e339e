#include "crypto/bytes.h"

#include <sodium.h>

#include "status/status.h"

namespace urne {

std::string ToHex(ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

absl::StatusOr<Bytes> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return Invalid("hex.odd_length",
                   Cat("hex string has odd length ", hex.size(), "; every byte needs two digits"));
  }
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  Bytes out(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = digit(hex[i]);
    int lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) {
      size_t pos = hi < 0 ? i : i + 1;
      char c = hex[pos];
      if (c >= 'A' && c <= 'F') {
        return Invalid("hex.upper_case", Cat("upper-case hex digit at position ", pos,
                                             "; urne hex is lower-case only (0-9a-f)"));
      }
      return Invalid("hex.invalid_digit",
                     Cat("invalid hex digit at position ", pos, "; use lower-case 0-9a-f"));
    }
    out[i / 2] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

void AppendU32(Bytes& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

void AppendU64(Bytes& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

void AppendFramed(Bytes& out, ByteView field) {
  AppendU32(out, static_cast<uint32_t>(field.size()));
  out.insert(out.end(), field.begin(), field.end());
}

bool ConstantTimeEqual(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace urne

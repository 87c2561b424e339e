// Sealed text: the line format of the small local files a party writes for itself (the tally
// checkpoint, specs/entries.md §3.2; the followed head, §3.4): UTF-8 (ASCII) lines, each ended
// by "\n", the last one "sha256 <64 hex>", the SHA-256 of every byte before it. The digest
// line detects a truncated or damaged file, not a deliberate change. Field values are lower-
// case hex or canonical decimals. Thread-safe (pure).
#ifndef URNE_ELECTION_SEALED_TEXT_H_
#define URNE_ELECTION_SEALED_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "crypto/bytes.h"

namespace urne {

// `body` (whole lines) followed by its "sha256 …" line.
std::string SealText(std::string body);

// The lines of `text` before its digest line, without their "\n", once that line is checked.
// Errors, both named "<reason_prefix>.<…>" and naming `what` ("the tally checkpoint"): a text
// that is empty or does not end with "\n" is INVALID_ARGUMENT "malformed"; a last line that is
// not "sha256 " followed by the digest of the bytes before it is DATA_LOSS "corrupt".
absl::StatusOr<std::vector<std::string_view>> OpenSealedText(std::string_view text,
                                                             std::string_view reason_prefix,
                                                             std::string_view what);

// Canonical decimal: digits only, no leading zero unless "0", at most 2^64 - 1.
bool ParseCanonicalDecimal(std::string_view s, uint64_t& out);

// Lower-case hex of exactly `bytes` bytes (of any non-zero length when `bytes` is 0).
bool ParseLowerHex(std::string_view s, size_t bytes, Bytes& out);

}  // namespace urne

#endif  // URNE_ELECTION_SEALED_TEXT_H_

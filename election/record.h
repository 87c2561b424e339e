// The election record: every entry of one election's log and the board's signed tree heads,
// as one file — what a town publishes and what urne-verify reads (specs/record.md).
//
// EncodeRecord/DecodeRecord are pure and thread-safe. DecodeRecord only splits the file into
// entries and tree heads (strict framing); it authenticates nothing — VerifyRecord does.
#ifndef URNE_ELECTION_RECORD_H_
#define URNE_ELECTION_RECORD_H_

#include <vector>

#include "absl/status/statusor.h"
#include "crypto/bytes.h"
#include "urne/v1/board.pb.h"
#include "urne/v1/entries.pb.h"

namespace urne {

// The 8 magic bytes that start a record file.
inline constexpr char kRecordMagic[] = "URNEREC1";

struct Record {
  // The log, index 0 first (the MANIFEST entry).
  std::vector<v1::Entry> entries;
  // Signed tree heads, oldest first; the last is the final head and covers every entry.
  std::vector<v1::SignedTreeHead> tree_heads;
};

// "URNEREC1" ‖ u32 n ‖ n × frame(EntryLeafData(entry)) ‖ u32 h ‖ h × frame(SignedTreeHead,
// deterministic protobuf) where frame(x) = u32 length ‖ x, all integers big-endian.
Bytes EncodeRecord(const Record& record);

// Strict inverse of EncodeRecord. Reason "record.malformed" (bad magic, truncated or
// over-long frame, trailing bytes, an entry that is not leaf data, a tree head that does not
// parse canonically, no tree head). Never reads past the buffer.
absl::StatusOr<Record> DecodeRecord(ByteView data);

}  // namespace urne

#endif  // URNE_ELECTION_RECORD_H_

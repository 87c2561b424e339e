// The election record: every entry of one election's log and the board's signed tree heads,
// as one file — what a town publishes and what urne-verify reads (specs/record.md).
//
// EncodeRecord/DecodeRecord are pure and thread-safe. DecodeRecord only splits the file into
// entries and tree heads (strict framing); it authenticates nothing — VerifyRecord does.
#ifndef URNE_ELECTION_RECORD_H_
#define URNE_ELECTION_RECORD_H_

#include <span>
#include <string>
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

// The "record.malformed" error (INVALID_ARGUMENT) with `message` saying what is wrong and
// what to do, as DecodeRecord words it.
absl::Status RecordMalformed(const std::string& message);

// A record read piece by piece, so that a verifier holds a window of entries instead of the
// whole log (issue #18): RecordView over a Record in memory; verifier/record_file.h over a
// record file. Read may be called from several threads at once.
class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // Number of entries.
  virtual uint64_t size() const = 0;
  // Signed tree heads, oldest first (the last is the final head); may be empty.
  virtual const std::vector<v1::SignedTreeHead>& tree_heads() const = 0;
  // Entries [begin, begin + count) in log order; requires begin + count <= size(). The span
  // points into `buffer` or into the source, valid until the next Read with `buffer`.
  // Errors: "record.malformed" (an entry that does not parse strictly), or the source's
  // reading error. Two threads may read at once, each into its own buffer (urne-verify
  // reads the next window while it checks this one).
  virtual absl::StatusOr<std::span<const v1::Entry>> Read(uint64_t begin, uint64_t count,
                                                          std::vector<v1::Entry>& buffer) const = 0;
};

// A Record in memory as a RecordSource; `record` must outlive it.
class RecordView final : public RecordSource {
 public:
  explicit RecordView(const Record& record) : record_(record) {}
  uint64_t size() const override { return record_.entries.size(); }
  const std::vector<v1::SignedTreeHead>& tree_heads() const override { return record_.tree_heads; }
  absl::StatusOr<std::span<const v1::Entry>> Read(
      uint64_t begin, uint64_t count, std::vector<v1::Entry>& /*scratch*/) const override {
    return std::span<const v1::Entry>(record_.entries).subspan(begin, count);
  }

 private:
  const Record& record_;
};

}  // namespace urne

#endif  // URNE_ELECTION_RECORD_H_

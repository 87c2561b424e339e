// RecordFile: an election record file (specs/record.md) read piece by piece, so that
// urne-verify holds a window of entries at a time instead of the whole log (issue #18).
//
// Open reads the framing only: the magic, each entry frame's length (to know where every
// entry starts: 8 bytes per entry in memory), and the signed tree heads after the entries,
// with DecodeRecord's strict rules on all of it ("record.malformed": bad magic, a frame
// running past the end, no tree head, a tree head that does not parse canonically, trailing
// bytes). An entry's leaf data is parsed when Read reaches it, with the same rule. Nothing
// is authenticated here (verifier/verify.h does it). Read is thread-safe (pread); the file
// must not change while it is open.
#ifndef URNE_VERIFIER_RECORD_FILE_H_
#define URNE_VERIFIER_RECORD_FILE_H_

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "election/record.h"

namespace urne::verifier {

class RecordFile final : public RecordSource {
 public:
  // Errors: "file.unreadable" (cannot open or read `path`), "record.malformed".
  static absl::StatusOr<std::unique_ptr<RecordFile>> Open(const std::string& path);
  ~RecordFile() override;
  RecordFile(const RecordFile&) = delete;
  RecordFile& operator=(const RecordFile&) = delete;

  uint64_t size() const override { return offsets_.size() - 1; }
  const std::vector<v1::SignedTreeHead>& tree_heads() const override { return heads_; }
  // The heads, for adding voters' receipts' heads (verifier/receipts.h) before verifying.
  std::vector<v1::SignedTreeHead>& mutable_tree_heads() { return heads_; }
  absl::StatusOr<std::span<const v1::Entry>> Read(uint64_t begin, uint64_t count,
                                                  std::vector<v1::Entry>& buffer) const override;
  // Bytes of the file (for copying it with --save).
  uint64_t file_size() const { return file_size_; }
  // Copies `bytes` bytes from `offset` into `out`. Error "file.unreadable".
  absl::Status ReadAt(uint64_t offset, uint64_t bytes, uint8_t* out) const;

 private:
  RecordFile(int fd, std::string path, uint64_t file_size)
      : fd_(fd), path_(std::move(path)), file_size_(file_size) {}

  int fd_;
  std::string path_;
  uint64_t file_size_;
  // offsets_[i]: where entry i's frame starts (its u32 length); offsets_[n]: the tree head
  // count after the last entry.
  std::vector<uint64_t> offsets_;
  std::vector<v1::SignedTreeHead> heads_;
};

// Writes a record file (specs/record.md) one entry at a time, so that a record streamed
// from a board is never held whole: Append each entry, then Finish with the heads. The file
// appears at `path` only when Finish succeeds (a temporary file in the same folder, fsync,
// rename); destroying an unfinished writer removes the temporary file. Not thread-safe.
class RecordFileWriter {
 public:
  // Error "file.unwritable".
  static absl::StatusOr<std::unique_ptr<RecordFileWriter>> Create(const std::string& path);
  ~RecordFileWriter();
  RecordFileWriter(const RecordFileWriter&) = delete;
  RecordFileWriter& operator=(const RecordFileWriter&) = delete;

  uint64_t entries() const { return entries_; }
  absl::Status Append(const v1::Entry& entry);
  // The entry count, the heads (oldest first; at least one), then fsync and rename.
  absl::Status Finish(const std::vector<v1::SignedTreeHead>& tree_heads);

 private:
  RecordFileWriter(std::FILE* out, std::string path, std::string tmp)
      : out_(out), path_(std::move(path)), tmp_(std::move(tmp)) {}
  absl::Status Write(ByteView bytes);
  absl::Status Unwritable() const;

  std::FILE* out_;
  std::string path_;
  std::string tmp_;
  uint64_t entries_ = 0;
};

}  // namespace urne::verifier

#endif  // URNE_VERIFIER_RECORD_FILE_H_

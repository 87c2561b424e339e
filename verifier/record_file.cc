#include "verifier/record_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "election/entry.h"
#include "status/status.h"

namespace urne::verifier {
namespace {

uint32_t U32At(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

}  // namespace

RecordFile::~RecordFile() { ::close(fd_); }

absl::Status RecordFile::ReadAt(uint64_t offset, uint64_t bytes, uint8_t* out) const {
  uint64_t done = 0;
  while (done < bytes) {
    ssize_t n = ::pread(fd_, out + done, bytes - done, static_cast<off_t>(offset + done));
    if (n <= 0) return Invalid("file.unreadable", Cat("cannot read ", path_));
    done += static_cast<uint64_t>(n);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<RecordFile>> RecordFile::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0) ::close(fd);
    return Invalid("file.unreadable", Cat("cannot read ", path));
  }
  std::unique_ptr<RecordFile> file(new RecordFile(fd, path, static_cast<uint64_t>(st.st_size)));
  const uint64_t size = file->file_size_;
  uint8_t head[12];
  if (size < 8 || !file->ReadAt(0, 8, head).ok() || std::memcmp(head, kRecordMagic, 8) != 0) {
    return RecordMalformed("it does not start with \"URNEREC1\"");
  }
  uint64_t pos = 8;
  auto u32 = [&](const char* what) -> absl::StatusOr<uint32_t> {
    if (size - pos < 4) return RecordMalformed(Cat("truncated ", what));
    uint8_t b[4];
    URNE_RETURN_IF_ERROR(file->ReadAt(pos, 4, b));
    pos += 4;
    return U32At(b);
  };
  URNE_ASSIGN_OR_RETURN(uint32_t n, u32("entry count"));
  // Each frame takes at least 4 bytes: bound the reservation by the file size.
  file->offsets_.reserve(std::min<uint64_t>(n, size / 4) + 1);
  for (uint32_t i = 0; i < n; ++i) {
    file->offsets_.push_back(pos);
    URNE_ASSIGN_OR_RETURN(uint32_t len, u32("entry"));
    if (size - pos < len) return RecordMalformed("truncated entry");
    pos += len;
  }
  file->offsets_.push_back(pos);
  URNE_ASSIGN_OR_RETURN(uint32_t h, u32("tree head count"));
  if (h == 0) return RecordMalformed("it has no signed tree head");
  Bytes tail(size - pos);
  URNE_RETURN_IF_ERROR(file->ReadAt(pos, tail.size(), tail.data()));
  size_t at = 0;
  for (uint32_t i = 0; i < h; ++i) {
    if (tail.size() - at < 4) return RecordMalformed("truncated tree head");
    const uint32_t len = U32At(tail.data() + at);
    at += 4;
    if (tail.size() - at < len) return RecordMalformed("truncated tree head");
    v1::SignedTreeHead parsed;
    absl::Status s =
        ParseStrict(std::string(reinterpret_cast<const char*>(tail.data() + at), len), parsed);
    if (!s.ok()) return RecordMalformed(Cat("tree head ", i, ": ", std::string(s.message())));
    file->heads_.push_back(std::move(parsed));
    at += len;
  }
  if (at != tail.size()) return RecordMalformed("bytes after the last tree head");
  return file;
}

absl::StatusOr<std::span<const v1::Entry>> RecordFile::Read(uint64_t begin, uint64_t count,
                                                            std::vector<v1::Entry>& buffer) const {
  buffer.clear();
  if (count == 0) return std::span<const v1::Entry>(buffer);
  const uint64_t start = offsets_[begin];
  Bytes bytes(offsets_[begin + count] - start);
  URNE_RETURN_IF_ERROR(ReadAt(start, bytes.size(), bytes.data()));
  buffer.reserve(count);
  for (uint64_t i = begin; i < begin + count; ++i) {
    const uint64_t at = offsets_[i] - start + 4;
    const ByteView leaf(bytes.data() + at, offsets_[i + 1] - offsets_[i] - 4);
    auto entry = ParseEntryLeafData(leaf);
    if (!entry.ok()) {
      return RecordMalformed(Cat("entry ", i, ": ", std::string(entry.status().message())));
    }
    buffer.push_back(std::move(*entry));
  }
  return std::span<const v1::Entry>(buffer);
}

absl::StatusOr<std::unique_ptr<RecordFileWriter>> RecordFileWriter::Create(
    const std::string& path) {
  const std::string tmp = path + ".tmp";
  std::FILE* out = std::fopen(tmp.c_str(), "wb");
  if (out == nullptr) return Invalid("file.unwritable", Cat("cannot write ", path));
  std::unique_ptr<RecordFileWriter> writer(new RecordFileWriter(out, path, tmp));
  // The entry count is written by Finish, when it is known.
  Bytes header(kRecordMagic, kRecordMagic + 8);
  AppendU32(header, 0);
  URNE_RETURN_IF_ERROR(writer->Write(header));
  return writer;
}

RecordFileWriter::~RecordFileWriter() {
  if (out_ != nullptr) {
    // Best effort: the record was not finished, so its temporary file goes.
    static_cast<void>(std::fclose(out_));
    static_cast<void>(std::remove(tmp_.c_str()));
  }
}

absl::Status RecordFileWriter::Unwritable() const {
  return Invalid("file.unwritable", Cat("cannot write ", path_, " (disk full or no permission)"));
}

absl::Status RecordFileWriter::Write(ByteView bytes) {
  if (out_ == nullptr || std::fwrite(bytes.data(), 1, bytes.size(), out_) != bytes.size()) {
    return Unwritable();
  }
  return absl::OkStatus();
}

absl::Status RecordFileWriter::Append(const v1::Entry& entry) {
  if (entries_ == UINT32_MAX) return RecordMalformed("more than 2^32 - 1 entries");
  Bytes frame;
  AppendFramed(frame, EntryLeafData(entry));
  URNE_RETURN_IF_ERROR(Write(frame));
  ++entries_;
  return absl::OkStatus();
}

absl::Status RecordFileWriter::Finish(const std::vector<v1::SignedTreeHead>& tree_heads) {
  Bytes tail;
  AppendU32(tail, static_cast<uint32_t>(tree_heads.size()));
  for (const auto& h : tree_heads) AppendFramed(tail, AsBytes(Serialize(h)));
  URNE_RETURN_IF_ERROR(Write(tail));
  Bytes count;
  AppendU32(count, static_cast<uint32_t>(entries_));
  bool ok = std::fseek(out_, 8, SEEK_SET) == 0 && Write(count).ok() && std::fflush(out_) == 0 &&
            ::fsync(fileno(out_)) == 0;
  ok = std::fclose(out_) == 0 && ok;
  out_ = nullptr;
  if (!ok || std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    static_cast<void>(std::remove(tmp_.c_str()));
    return Unwritable();
  }
  return absl::OkStatus();
}

}  // namespace urne::verifier

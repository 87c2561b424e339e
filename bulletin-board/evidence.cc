#include "bulletin-board/evidence.h"

#include <fcntl.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>

#include "crypto/bytes.h"
#include "crypto/transcript.h"
#include "status/status.h"

namespace urne::bulletin_board {
namespace {

constexpr const char* kSuffix = ".head";
// specs/board.md §5.5: two slots of 512 bytes; in each, a 4-byte big-endian length L, the
// head's L bytes, the SHA-256 of the length and the head, zeros to the end of the slot.
constexpr size_t kSlotBytes = 512;
constexpr size_t kMaxHeadBytes = kSlotBytes - 4 - 32;

// The slot holding `head` (deterministically serialized); empty if the head does not fit.
std::string EncodeSlot(const v1::SignedTreeHead& head) {
  std::string data;
  {
    google::protobuf::io::StringOutputStream stream(&data);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    head.SerializeToCodedStream(&coded);
  }
  if (data.empty() || data.size() > kMaxHeadBytes) return {};
  Bytes slot;
  AppendU32(slot, static_cast<uint32_t>(data.size()));
  slot.insert(slot.end(), data.begin(), data.end());
  const Digest32 sum = Sha256(slot);
  slot.insert(slot.end(), sum.begin(), sum.end());
  slot.resize(kSlotBytes, 0);
  return std::string(slot.begin(), slot.end());
}

// The head a slot holds, if its length is in range, its checksum matches and it parses.
std::optional<v1::SignedTreeHead> DecodeSlot(std::string_view slot) {
  const auto* b = reinterpret_cast<const uint8_t*>(slot.data());
  const uint32_t length =
      (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
  if (length == 0 || length > kMaxHeadBytes) return std::nullopt;
  const Digest32 sum = Sha256(ByteView(b, 4 + length));
  if (!std::equal(sum.begin(), sum.end(), b + 4 + length)) return std::nullopt;
  v1::SignedTreeHead head;
  if (!head.ParseFromArray(b + 4, static_cast<int>(length))) return std::nullopt;
  return head;
}

// The latest head of a file's contents: of its two slots, the valid one with the larger tree
// size (then the later time; then the first slot). A file of another size is one serialized
// head, as the board wrote them before the slots.
std::optional<v1::SignedTreeHead> LatestHead(const std::string& data) {
  if (data.size() != 2 * kSlotBytes) {
    v1::SignedTreeHead head;
    if (!head.ParseFromString(data)) return std::nullopt;
    return head;
  }
  std::optional<v1::SignedTreeHead> best;
  for (size_t k = 0; k < 2; ++k) {
    auto head = DecodeSlot(std::string_view(data).substr(k * kSlotBytes, kSlotBytes));
    if (!head) continue;
    if (!best || head->tree_size() > best->tree_size() ||
        (head->tree_size() == best->tree_size() && head->timestamp_ms() > best->timestamp_ms())) {
      best = std::move(head);
    }
  }
  return best;
}

bool WriteAll(int fd, std::string_view data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// Slot `slot_index` of the file (which this process wrote whole), flushed before returning.
absl::Status Overwrite(const std::string& file, size_t slot_index, const std::string& slot) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Error(absl::StatusCode::kUnavailable, "board.io", Cat("cannot write ", file));
  const auto offset = static_cast<off_t>(slot_index * kSlotBytes);
  bool ok = ::pwrite(fd, slot.data(), slot.size(), offset) == static_cast<ssize_t>(slot.size()) &&
            ::fdatasync(fd) == 0;
  ::close(fd);
  if (!ok) return Error(absl::StatusCode::kUnavailable, "board.io", Cat("cannot write ", file));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<HeadEvidence> HeadEvidence::Open(const std::string& dir) {
  std::string path = dir + "/heads";
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec || !std::filesystem::is_directory(path)) {
    return Error(absl::StatusCode::kUnavailable, "board.io", Cat("cannot create ", path));
  }
  return HeadEvidence(path);
}

absl::StatusOr<std::map<std::string, v1::SignedTreeHead>> HeadEvidence::ReadAll() const {
  std::map<std::string, v1::SignedTreeHead> out;
  std::error_code ec;
  for (const auto& file : std::filesystem::directory_iterator(path_, ec)) {
    std::string name = file.path().filename().string();
    if (name.size() <= std::string(kSuffix).size() ||
        name.substr(name.size() - std::string(kSuffix).size()) != kSuffix) {
      continue;  // temporary files of an interrupted Record()
    }
    std::ifstream in(file.path(), std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::optional<v1::SignedTreeHead> head = LatestHead(data);
    if (!head || ToHex(AsBytes(head->election_id())) + kSuffix != name) {
      return Error(absl::StatusCode::kDataLoss, "evidence.corrupt",
                   Cat(file.path().string(),
                       " holds no intact signed tree head of the election it is named after; "
                       "restore it from a backup before starting the board"));
    }
    std::string id = head->election_id();
    out.emplace(std::move(id), *std::move(head));
  }
  if (ec) return Error(absl::StatusCode::kUnavailable, "board.io", Cat("cannot read ", path_));
  return out;
}

absl::Status HeadEvidence::Record(const v1::SignedTreeHead& head) {
  const std::string name = path_ + "/" + ToHex(AsBytes(head.election_id())) + kSuffix;
  const std::string slot = EncodeSlot(head);
  if (slot.empty()) {
    // Cannot happen (a head is about 190 bytes): not an I/O error, so no board.io reason.
    return absl::InternalError(Cat("a signed tree head of ", ToHex(AsBytes(head.election_id())),
                                   " does not fit in an evidence slot"));
  }
  absl::MutexLock lock(&slots_->mu);
  auto next = slots_->next.find(head.election_id());
  if (next == slots_->next.end()) {
    URNE_RETURN_IF_ERROR(WriteWhole(name, slot));
    slots_->next.emplace(head.election_id(), 1);
    return absl::OkStatus();
  }
  URNE_RETURN_IF_ERROR(Overwrite(name, next->second, slot));
  next->second ^= 1;
  return absl::OkStatus();
}

// The file with `slot` first and an empty second slot, replacing the old file atomically.
absl::Status HeadEvidence::WriteWhole(const std::string& file, const std::string& slot) {
  const std::string tmp = file + ".tmp";
  std::string data = slot;
  data.resize(2 * kSlotBytes, 0);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Error(absl::StatusCode::kUnavailable, "board.io", Cat("cannot write ", tmp));
  bool ok = WriteAll(fd, data) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0 || !SyncDirectory(path_)) {
    return Error(absl::StatusCode::kUnavailable, "board.io", Cat("cannot write ", file));
  }
  return absl::OkStatus();
}

}  // namespace urne::bulletin_board

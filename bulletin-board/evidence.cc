#include "bulletin-board/evidence.h"

#include <fcntl.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "crypto/bytes.h"
#include "status/status.h"

namespace urne::bulletin_board {
namespace {

constexpr const char* kSuffix = ".head";

bool WriteAllAndSync(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return ::fsync(fd) == 0;
}

bool SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
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
    v1::SignedTreeHead head;
    if (!head.ParseFromString(data) || ToHex(AsBytes(head.election_id())) + kSuffix != name) {
      return Error(absl::StatusCode::kDataLoss, "evidence.corrupt",
                   Cat(file.path().string(),
                       " is not a signed tree head of the election it is named after; restore "
                       "it from a backup before starting the board"));
    }
    out.emplace(head.election_id(), std::move(head));
  }
  if (ec) return Error(absl::StatusCode::kUnavailable, "board.io", Cat("cannot read ", path_));
  return out;
}

absl::Status HeadEvidence::Record(const v1::SignedTreeHead& head) const {
  std::string name = path_ + "/" + ToHex(AsBytes(head.election_id()));
  std::string tmp = name + ".tmp";
  std::string data;
  {
    google::protobuf::io::StringOutputStream stream(&data);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    head.SerializeToCodedStream(&coded);
  }
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Error(absl::StatusCode::kUnavailable, "board.io", Cat("cannot write ", tmp));
  bool ok = WriteAllAndSync(fd, data);
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), (name + kSuffix).c_str()) != 0 || !SyncDirectory(path_)) {
    return Error(absl::StatusCode::kUnavailable, "board.io", Cat("cannot write ", name, kSuffix));
  }
  return absl::OkStatus();
}

}  // namespace urne::bulletin_board

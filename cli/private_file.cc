#include "cli/private_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include "status/status.h"

namespace urne::cli {
namespace {

bool WriteAll(int fd, ByteView data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

absl::Status Unwritable(const std::string& path) {
  return Invalid("file.unwritable",
                 Text{Cat("cannot write ", path, " (missing folder, no permission or disk full)"),
                      Cat("impossible d'écrire ", path,
                          " (dossier manquant, droits insuffisants ou disque plein)")});
}

void Wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}

}  // namespace

void SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)::fsync(fd);
    ::close(fd);
  }
}

namespace {

// `data` in a fresh temporary file of `path`'s folder with `mode`, fsynced; its name, or "".
std::string WriteTemporary(const std::string& path, ByteView data, unsigned mode) {
  std::filesystem::path target(path);
  std::string dir = target.parent_path().empty() ? "." : target.parent_path().string();
  std::string tmp = dir + "/." + target.filename().string() + ".XXXXXX";
  int fd = ::mkostemp(tmp.data(), O_CLOEXEC);  // O_CREAT | O_EXCL, mode 0600
  if (fd < 0) return "";
  bool ok = ::fchmod(fd, static_cast<mode_t>(mode)) == 0 && WriteAll(fd, data) && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    ::unlink(tmp.c_str());
    return "";
  }
  return tmp;
}

std::string FolderOf(const std::string& path) {
  std::filesystem::path target(path);
  return target.parent_path().empty() ? "." : target.parent_path().string();
}

}  // namespace

absl::Status CreatePrivateFile(const std::string& path, ByteView data, unsigned mode) {
  const std::string tmp = WriteTemporary(path, data, mode);
  if (tmp.empty()) return Unwritable(path);
  int linked = ::link(tmp.c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) {
      return Error(absl::StatusCode::kAlreadyExists, "file.exists",
                   Text{Cat(path, " already exists and is never overwritten"),
                        Cat(path, " existe déjà et n'est jamais écrasé")});
    }
    return Unwritable(path);
  }
  SyncDirectory(FolderOf(path));
  return absl::OkStatus();
}

absl::Status ReplacePrivateFile(const std::string& path, ByteView data, unsigned mode) {
  const std::string tmp = WriteTemporary(path, data, mode);
  if (tmp.empty()) return Unwritable(path);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Unwritable(path);
  }
  SyncDirectory(FolderOf(path));
  return absl::OkStatus();
}

PrivateFileWriter::PrivateFileWriter(const std::string& path)
    : path_(path), fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) {}

PrivateFileWriter::~PrivateFileWriter() {
  if (fd_ >= 0) ::close(fd_);
}

absl::Status PrivateFileWriter::Append(std::string& piece) {
  const bool ok = fd_ >= 0 && WriteAll(fd_, AsBytes(piece));
  Wipe(piece);
  return ok ? absl::OkStatus() : Unwritable(path_);
}

absl::Status PrivateFileWriter::Finish() {
  if (fd_ < 0) return Unwritable(path_);
  bool ok = ::fsync(fd_) == 0;
  ok = ::close(fd_) == 0 && ok;
  fd_ = -1;
  return ok ? absl::OkStatus() : Unwritable(path_);
}

}  // namespace urne::cli

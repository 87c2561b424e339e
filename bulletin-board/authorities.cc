#include "bulletin-board/authorities.h"

#include <sys/stat.h>

#include <fstream>
#include <iostream>

#include "crypto/bytes.h"
#include "status/status.h"

namespace urne::bulletin_board {
namespace {

absl::StatusOr<std::string> ParseKey(const std::string& hex, const std::string& where) {
  auto bytes = FromHex(hex);
  if (!bytes.ok() || bytes->size() != 32) {
    return Invalid("authority.bad_key",
                   Cat(where,
                       ": an authority key is 64 hex digits (the public key printed by "
                       "urne-admin init)"));
  }
  return std::string(bytes->begin(), bytes->end());
}

absl::StatusOr<std::set<std::string>> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Error(absl::StatusCode::kUnavailable, "authority.file", Cat("cannot read ", path));
  }
  std::set<std::string> keys;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
      line.pop_back();
    }
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    URNE_ASSIGN_OR_RETURN(std::string key, ParseKey(line.substr(start), Cat(path, ":", number)));
    keys.insert(std::move(key));
  }
  return keys;
}

}  // namespace

AuthorityAllowlist::AuthorityAllowlist(AuthorityAllowlist&& other) noexcept {
  *this = std::move(other);
}

AuthorityAllowlist& AuthorityAllowlist::operator=(AuthorityAllowlist&& other) noexcept {
  if (this != &other) {
    // Lists are moved only while the board is being built, before another thread sees
    // either, so no move in the opposite order can run at the same time (no deadlock).
    absl::MutexLock lock(&mu_);
    absl::MutexLock other_lock(&other.mu_);
    allow_any_ = other.allow_any_;
    flags_ = std::move(other.flags_);
    from_file_ = std::move(other.from_file_);
    file_ = std::move(other.file_);
    file_mtime_ = other.file_mtime_;
    file_size_ = other.file_size_;
  }
  return *this;
}

absl::StatusOr<AuthorityAllowlist> AuthorityAllowlist::Make(
    const std::vector<std::string>& hex_keys, const std::string& file) {
  AuthorityAllowlist out;
  {
    absl::MutexLock lock(&out.mu_);
    for (const auto& hex : hex_keys) {
      URNE_ASSIGN_OR_RETURN(std::string key, ParseKey(hex, "--allow-authority"));
      out.flags_.insert(std::move(key));
    }
    out.file_ = file;
    if (!file.empty()) URNE_RETURN_IF_ERROR(out.ReloadIfChangedLocked());
  }
  return out;
}

AuthorityAllowlist AuthorityAllowlist::AllowAny() {
  AuthorityAllowlist out;
  {
    absl::MutexLock lock(&out.mu_);
    out.allow_any_ = true;
  }
  return out;
}

absl::Status AuthorityAllowlist::ReloadIfChangedLocked() {
  struct stat st;
  if (::stat(file_.c_str(), &st) != 0) {
    return Error(absl::StatusCode::kUnavailable, "authority.file", Cat("cannot read ", file_));
  }
  if (st.st_mtim.tv_sec == file_mtime_.tv_sec && st.st_mtim.tv_nsec == file_mtime_.tv_nsec &&
      st.st_size == file_size_) {
    return absl::OkStatus();
  }
  URNE_ASSIGN_OR_RETURN(from_file_, ReadFile(file_));
  file_mtime_ = st.st_mtim;
  file_size_ = st.st_size;
  return absl::OkStatus();
}

absl::Status AuthorityAllowlist::Check(const std::string& author) {
  absl::MutexLock lock(&mu_);
  if (allow_any_) return absl::OkStatus();
  if (!file_.empty()) {
    absl::Status reloaded = ReloadIfChangedLocked();
    if (!reloaded.ok()) {
      std::cerr << "urne-board: keeping the previous allowed authorities: " << reloaded.ToString()
                << "\n";
      // Do not print again until the file changes.
      struct stat st;
      if (::stat(file_.c_str(), &st) == 0) {
        file_mtime_ = st.st_mtim;
        file_size_ = st.st_size;
      }
    }
  }
  if (flags_.contains(author) || from_file_.contains(author)) return absl::OkStatus();
  return Error(absl::StatusCode::kPermissionDenied, "authority.not_allowed",
               "this board does not accept elections from this authority key; its operator "
               "allows a key with --allow-authority or --allowed-authorities");
}

bool AuthorityAllowlist::allow_any() {
  absl::MutexLock lock(&mu_);
  return allow_any_;
}

size_t AuthorityAllowlist::size() {
  absl::MutexLock lock(&mu_);
  return flags_.size() + from_file_.size();
}

}  // namespace urne::bulletin_board

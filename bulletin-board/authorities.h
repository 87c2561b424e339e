// AuthorityAllowlist: the authority keys the board's operator allows to create elections
// (specs/board.md §5.4). Only a MANIFEST whose author is listed is accepted; everything
// else about an election is authorised by signatures alone (DESIGN.md §4).
//
// Keys come from `--allow-authority HEX` flags and from a file (`--allowed-authorities
// FILE`: one 64-hex-digit Ed25519 public key per line; blank lines and lines starting with
// '#' are ignored). The file is read again whenever its modification time or size changes,
// so an operator can allow a new authority without restarting the board. With no key at all
// every MANIFEST is refused. `AllowAny()` (the `--allow-any-authority` flag, for tests and
// local trials) accepts every key.
//
// Thread-safe.
#ifndef URNE_BULLETIN_BOARD_AUTHORITIES_H_
#define URNE_BULLETIN_BOARD_AUTHORITIES_H_

#include <sys/types.h>

#include <ctime>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace urne::bulletin_board {

class AuthorityAllowlist {
 public:
  // Parses `hex_keys` and, if `file` is not empty, reads it. Errors: INVALID_ARGUMENT
  // "authority.bad_key" naming the flag value or the file and line; UNAVAILABLE
  // "authority.file" if the file cannot be read.
  static absl::StatusOr<AuthorityAllowlist> Make(const std::vector<std::string>& hex_keys,
                                                 const std::string& file);
  static AuthorityAllowlist AllowAny();

  AuthorityAllowlist(AuthorityAllowlist&& other) noexcept;
  AuthorityAllowlist& operator=(AuthorityAllowlist&& other) noexcept;

  // OK if `author` (32 raw bytes) may post a MANIFEST; otherwise PERMISSION_DENIED
  // "authority.not_allowed". A file that became unreadable or invalid keeps the last good
  // list (and the error is printed once on stderr).
  absl::Status Check(const std::string& author);

  bool allow_any();
  size_t size();

 private:
  AuthorityAllowlist() = default;
  absl::Status ReloadIfChangedLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  bool allow_any_ ABSL_GUARDED_BY(mu_) = false;
  std::set<std::string> flags_ ABSL_GUARDED_BY(mu_);      // raw 32-byte keys from the flags
  std::set<std::string> from_file_ ABSL_GUARDED_BY(mu_);  // raw 32-byte keys from the file
  std::string file_ ABSL_GUARDED_BY(mu_);
  struct timespec file_mtime_ ABSL_GUARDED_BY(mu_) = {};
  off_t file_size_ ABSL_GUARDED_BY(mu_) = -1;
};

}  // namespace urne::bulletin_board

#endif  // URNE_BULLETIN_BOARD_AUTHORITIES_H_

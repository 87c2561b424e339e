// CreatePrivateFile: the one way urne writes a file that must never be overwritten nor seen
// half-written — key files, the authority's signed OPEN and CLOSE, credential letters, the
// board's signing key. The bytes go to a temporary file in the same folder, created
// exclusively (mkostemp: O_CREAT | O_EXCL) with `mode`, written and fsynced; link(2) then
// gives it its name, which fails if the name exists (so an existing file is never replaced,
// not even by a concurrent run); the temporary name is removed and the folder fsynced.
// Thread-safe (no shared state).
#ifndef URNE_CLI_PRIVATE_FILE_H_
#define URNE_CLI_PRIVATE_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "crypto/bytes.h"

namespace urne::cli {

// Creates `path` holding `data` with permissions `mode` (not masked by the umask). Errors:
// ALREADY_EXISTS "file.exists" when `path` exists (nothing is written); INVALID_ARGUMENT
// "file.unwritable" when the folder is missing or not writable, or the disk is full (no
// file is left behind).
[[nodiscard]] absl::Status CreatePrivateFile(const std::string& path, ByteView data,
                                             unsigned mode = 0600);
[[nodiscard]] inline absl::Status CreatePrivateFile(const std::string& path,
                                                    const std::string& data, unsigned mode = 0600) {
  return CreatePrivateFile(path, AsBytes(data), mode);
}

}  // namespace urne::cli

#endif  // URNE_CLI_PRIVATE_FILE_H_

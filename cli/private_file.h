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

// Writes `path` as CreatePrivateFile does but replaces it if it exists: rename(2) instead of
// link(2), so a reader sees the old bytes or the new ones, never a mix. For a file a process
// rewrites as it goes (the followed head). Error "file.unwritable" (nothing changed).
[[nodiscard]] absl::Status ReplacePrivateFile(const std::string& path, ByteView data,
                                              unsigned mode = 0600);
[[nodiscard]] inline absl::Status ReplacePrivateFile(const std::string& path,
                                                     const std::string& data,
                                                     unsigned mode = 0600) {
  return ReplacePrivateFile(path, AsBytes(data), mode);
}

// fsyncs a folder after an entry in it was created or renamed. Errors are ignored (the
// caller reports the step that needed it).
void SyncDirectory(const std::string& dir);

// A private file written in pieces, for documents too large to build in memory (the letters of
// a 100,000-voter roll): created exclusively (O_EXCL) with mode 0600, each piece wiped once
// written (pieces may hold credential codes), fsynced by Finish(). Meant for a file inside a
// fresh temporary folder that the caller renames into place once every file is finished, so
// "never seen half-written" holds for the folder; the caller removes the folder on error.
// Not thread-safe (one writer per file).
class PrivateFileWriter {
 public:
  explicit PrivateFileWriter(const std::string& path);
  ~PrivateFileWriter();
  PrivateFileWriter(const PrivateFileWriter&) = delete;
  PrivateFileWriter& operator=(const PrivateFileWriter&) = delete;

  // Appends `piece` and wipes it (also on error). "file.unwritable" when the file could not
  // be created or written.
  [[nodiscard]] absl::Status Append(std::string& piece);
  // fsyncs and closes. "file.unwritable" on failure.
  [[nodiscard]] absl::Status Finish();

 private:
  std::string path_;
  int fd_;
};

}  // namespace urne::cli

#endif  // URNE_CLI_PRIVATE_FILE_H_

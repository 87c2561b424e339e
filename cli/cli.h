// Shared helpers of the urne command-line programs: passphrases, files written atomically,
// errors (the exit codes are cli/program.h's), progress on a terminal. The programs' mains stay
// thin by using these. Not thread-safe (CLI use).
#ifndef URNE_CLI_CLI_H_
#define URNE_CLI_CLI_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "cli/program.h"
#include "crypto/bytes.h"
#include "crypto/secret_bytes.h"

namespace urne::cli {

// The passphrase from `file` (first line, without the newline) when given, else prompted on
// the terminal without echo (twice when `confirm`). Never from the command line.
// Reasons: "passphrase.unreadable", "passphrase.no_terminal", "passphrase.mismatch".
absl::StatusOr<SecretBytes> ReadPassphrase(const std::string& file, const std::string& prompt,
                                           bool confirm);

// Asks for a secret on the terminal (/dev/tty) without echo; reason "passphrase.no_terminal"
// without a terminal.
absl::StatusOr<SecretBytes> PromptSecret(const std::string& prompt);

// Whole-file read. Reason "file.unreadable" naming the path.
absl::StatusOr<Bytes> ReadFile(const std::string& path);
absl::StatusOr<std::string> ReadTextFile(const std::string& path);
// The same for a file this program wrote itself and whose size it knows a bound of: refused
// without reading it if it is not a regular file (file.unreadable: a pipe or a device would
// block or never end) or is longer than max_bytes (file.too_large).
absl::StatusOr<std::string> ReadTextFile(const std::string& path, uintmax_t max_bytes);

// Writes `data` to `path` atomically (temporary file in the same folder, fsync, rename),
// with `mode` permissions. Reason "file.unwritable".
absl::Status WriteFileAtomic(const std::string& path, ByteView data, unsigned mode = 0644);
inline absl::Status WriteFileAtomic(const std::string& path, const std::string& data,
                                    unsigned mode = 0644) {
  return WriteFileAtomic(path, AsBytes(data), mode);
}

// Prints "program: message" to stderr, the message in `lang` ("fr" or "en"; MessageIn), and
// returns the exit code of the status (cli/program.h: ExitCodeOf).
int Fail(const std::string& program, const absl::Status& status, const std::string& lang = "en");

// A one-line progress indicator on stderr when it is a terminal; silent otherwise.
class Progress {
 public:
  explicit Progress(std::string label);
  void Update(uint64_t done, uint64_t total);
  void Done() const;

 private:
  std::string label_;
  bool tty_;
  int last_percent_ = -1;
};

}  // namespace urne::cli

#endif  // URNE_CLI_CLI_H_

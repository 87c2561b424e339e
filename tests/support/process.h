// Real programs as child processes for integration tests: a urne-board on a free loopback
// port with its own data directory, and one-shot runs of the CLI programs with captured
// output. Paths come from URNE_BIN_DIR (the build tree). Not thread-safe.
#ifndef URNE_TESTS_SUPPORT_PROCESS_H_
#define URNE_TESTS_SUPPORT_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace urne::testing {

// A fresh directory under $TMPDIR (or /tmp) named after `prefix`; removed by the caller.
std::string MakeTempDir(const std::string& prefix);

// Path of a program built in this tree, e.g. Program("urne-board").
std::string Program(const std::string& name);

class BoardProcess {
 public:
  // Starts `urne-board serve --data DIR --listen 127.0.0.1:0` and waits until it prints its
  // port. Fails with its stderr if it exits first.
  static absl::StatusOr<std::unique_ptr<BoardProcess>> Start(
      const std::string& data_dir, std::vector<std::string> extra_args = {});
  ~BoardProcess();
  const std::string& address() const { return address_; }
  // The board's public key (32 bytes), as it printed at start: what manifests name.
  const std::string& board_key() const { return board_key_; }
  const std::string& data_dir() const { return data_dir_; }
  // SIGTERM and wait (graceful); SIGKILL and wait (crash).
  void Stop();
  void Kill();
  // Starts again on the same data directory (new port).
  absl::Status Restart();

 private:
  BoardProcess() = default;
  absl::Status Launch();
  std::string data_dir_;
  std::vector<std::string> extra_args_;
  std::string address_;
  std::string board_key_;
  pid_t pid_ = -1;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs `program` (a path) with `args`, feeding `input` on stdin; waits for it.
RunResult Run(const std::string& program, const std::vector<std::string>& args,
              const std::string& input = "");

}  // namespace urne::testing

#endif  // URNE_TESTS_SUPPORT_PROCESS_H_

// Real programs as child processes for integration tests: a urne-board on a free loopback
// port with its own data directory, serving TLS with a certificate from a CA made for the
// test run (scripts/tls-test-ca.sh, the openssl command), and one-shot runs of the CLI
// programs with captured output. Clients reach a board through endpoint() (in process) or
// --board address() plus ClientTlsArgs() (programs). Paths come from URNE_BIN_DIR (the build
// tree). Not thread-safe.
#ifndef URNE_TESTS_SUPPORT_PROCESS_H_
#define URNE_TESTS_SUPPORT_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "board-client/endpoint.h"
#include "crypto/bytes.h"

namespace urne::testing {

// Aborts the test process, printing `err`, if `err` (a child's stderr) holds a report of
// AddressSanitizer, LeakSanitizer or UndefinedBehaviorSanitizer: in the sanitizer build
// (scripts/test-sanitizers.sh) a child's report fails the test even when the test expects
// the child to fail. Run() and BoardProcess call it on every child they wait for.
void AbortOnSanitizerReport(const std::string& program, const std::string& err);

// A fresh directory under $TMPDIR (or /tmp) named after `prefix`; removed by the caller.
std::string MakeTempDir(const std::string& prefix);

// The whole content of the file at `path` (binary); empty when it cannot be read (tests
// assert on what they expected to find).
std::string ReadFileText(const std::string& path);
// The same as bytes.
Bytes ReadFileBytes(const std::string& path);

// Path of a program built in this tree, e.g. Program("urne-board").
std::string Program(const std::string& name);

// A certificate authority and a board certificate it signed for 127.0.0.1, ::1 and localhost
// (PEM files).
struct TestCertificates {
  std::string ca_file;    // for --tls-ca
  std::string cert_file;  // for urne-board --tls-cert
  std::string key_file;   // for urne-board --tls-key
};
// Makes a fresh CA and board certificate in `dir` with scripts/tls-test-ca.sh.
absl::StatusOr<TestCertificates> MakeTestCertificates(const std::string& dir);
// The test run's CA and board certificate (in the build tree, shared by the test processes,
// made by the first one that needs them; aborts if openssl fails); every BoardProcess serves
// with them.
const TestCertificates& TestTls();
// {"--tls-ca", TestTls().ca_file}: what a client program needs next to --board address().
std::vector<std::string> ClientTlsArgs();

class BoardProcess {
 public:
  struct Options {
    std::string listen = "127.0.0.1:0";
    bool tls = true;  // --tls-cert/--tls-key from TestTls(); false: plain text
    std::vector<std::string> extra_args;
    // Also serve the HTTPS port on 127.0.0.1:0 with this booth release (--http, --booth);
    // empty: no HTTPS port.
    std::string booth = {};
  };
  // Starts `urne-board serve --data DIR --listen 127.0.0.1:0 --tls-cert … --tls-key …` and
  // waits until it prints its address. Fails with its stderr if it exits first. Adds
  // --allow-any-authority unless `extra_args` has --allow-authority or --allowed-authorities.
  static absl::StatusOr<std::unique_ptr<BoardProcess>> Start(
      const std::string& data_dir, std::vector<std::string> extra_args = {});
  static absl::StatusOr<std::unique_ptr<BoardProcess>> StartWith(const std::string& data_dir,
                                                                 Options options);
  ~BoardProcess();
  // "https://127.0.0.1:PORT" (TLS) or "127.0.0.1:PORT" (plain), as the board printed it.
  const std::string& address() const { return address_; }
  // "https://127.0.0.1:PORT" of the HTTPS port (Options::booth), as the board printed it
  // (without the trailing "/"); empty without it.
  const std::string& http_address() const { return http_address_; }
  // The booth digest the board printed (64 hex digits), with the HTTPS port.
  const std::string& booth_digest() const { return booth_digest_; }
  // The board's public key (32 bytes), as it printed at start: what manifests name.
  const std::string& board_key() const { return board_key_; }
  // The endpoint for address(), trusting TestTls()'s CA.
  BoardEndpoint endpoint() const;
  // What the board printed on stderr so far.
  std::string stderr_text() const;
  const std::string& data_dir() const { return data_dir_; }
  pid_t pid() const { return pid_; }
  // SIGTERM and wait (graceful); SIGKILL and wait (crash).
  void Stop();
  void Kill();
  // Starts again on the same data directory (new port).
  absl::Status Restart();

 private:
  BoardProcess() = default;
  absl::Status Launch();
  std::string data_dir_;
  Options options_;
  std::string address_;
  std::string http_address_;
  std::string booth_digest_;
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
// Runs the client program `name` built in this tree (Program(name)) with `args` followed by
// ClientTlsArgs(): a client of the test boards.
RunResult RunClient(const std::string& name, std::vector<std::string> args,
                    const std::string& input = "");

// While alive, the programs run see LANG=`lang` and no LC_ALL or LC_MESSAGES (as on a
// computer set up in that language: programs without --lang speak it); restores them after.
class ScopedLang {
 public:
  explicit ScopedLang(const std::string& lang);
  ~ScopedLang();
  ScopedLang(const ScopedLang&) = delete;
  ScopedLang& operator=(const ScopedLang&) = delete;

 private:
  struct Saved {
    const char* name;
    bool set;
    std::string value;
  };
  std::vector<Saved> saved_;
};

}  // namespace urne::testing

#endif  // URNE_TESTS_SUPPORT_PROCESS_H_

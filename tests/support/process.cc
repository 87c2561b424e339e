#include "tests/support/process.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "crypto/bytes.h"
#include "status/status.h"

namespace urne::testing {

void AbortOnSanitizerReport(const std::string& program, const std::string& err) {
  for (const char* marker :
       {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", " runtime error: "}) {
    if (err.find(marker) == std::string::npos) continue;
    (void)std::fprintf(stderr, "%s: a sanitizer reported an error; its stderr:\n%s\n",
                       program.c_str(), err.c_str());
    (void)std::fflush(stderr);
    std::abort();
  }
}

std::string MakeTempDir(const std::string& prefix) {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base ? base : "/tmp") + "/urne-" + prefix + "-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  char* dir = mkdtemp(buf.data());
  return dir ? std::string(dir) : std::string();
}

namespace {

// Tests never keep receipts in the user's own folder (voter-client/receipt_store.cc's default,
// ~/.local/share/urne/receipts): a test process that names none gets a fresh folder of its
// own, removed when it exits. Tests that check the kept receipts set URNE_RECEIPTS_DIR
// themselves.
struct OwnReceiptsDir {
  OwnReceiptsDir() {
    const char* set = std::getenv("URNE_RECEIPTS_DIR");
    if (set != nullptr && *set != '\0') return;
    dir = MakeTempDir("receipts");
    if (!dir.empty()) setenv("URNE_RECEIPTS_DIR", dir.c_str(), 1);
  }
  ~OwnReceiptsDir() {
    std::error_code ignored;
    if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
  }
  std::string dir;
};
const OwnReceiptsDir own_receipts_dir;

}  // namespace

std::string ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Bytes ReadFileBytes(const std::string& path) {
  const std::string text = ReadFileText(path);
  return {text.begin(), text.end()};
}

std::string Program(const std::string& name) {
  for (const char* sub :
       {"bulletin-board", "trustee-tools", "authority", "voter-client", "verifier", "tools"}) {
    std::string path = std::string(URNE_BIN_DIR) + "/" + sub + "/" + name;
    if (std::filesystem::exists(path)) return path;
  }
  return std::string(URNE_BIN_DIR) + "/" + name;
}

absl::StatusOr<TestCertificates> MakeTestCertificates(const std::string& dir) {
  RunResult r = Run("/bin/bash", {std::string(URNE_SOURCE_DIR) + "/scripts/tls-test-ca.sh", dir});
  if (r.exit_code != 0) {
    return absl::InternalError("scripts/tls-test-ca.sh failed (is openssl installed?): " + r.err);
  }
  return TestCertificates{dir + "/ca.pem", dir + "/board.pem", dir + "/board.key"};
}

namespace {

// As in cli/program.cc's RunProgram: no OpenSSL exit handler, which could run while this test
// process's gRPC worker threads are still ending and leave one's error queue unfreed (a false
// LeakSanitizer report). At static initialisation, before any test touches OpenSSL.
[[maybe_unused]] const bool kOpenSslKeptUntilExit =
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr) == 1;

// The test CA lives in the build tree and is shared by every test process of a run (making
// one costs about 0.3 s): the first process that needs it makes it under an exclusive lock;
// one older than a day (the certificates are valid 7) is made again.
absl::StatusOr<TestCertificates> SharedTestCertificates() {
  namespace fs = std::filesystem;
  const std::string dir = std::string(URNE_BIN_DIR) + "/test-tls";
  const std::string lock_path = dir + ".lock";
  int lock = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock < 0 || flock(lock, LOCK_EX) != 0) {
    if (lock >= 0) ::close(lock);
    return absl::InternalError("cannot lock " + lock_path);
  }
  TestCertificates out{dir + "/ca.pem", dir + "/board.pem", dir + "/board.key"};
  std::error_code ec;
  auto made_at = fs::last_write_time(out.key_file, ec);
  bool fresh = !ec && fs::file_time_type::clock::now() - made_at < std::chrono::hours(24);
  absl::Status status = absl::OkStatus();
  if (!fresh) {
    fs::remove_all(dir, ec);
    std::string staging = MakeTempDir("tls");
    auto made = MakeTestCertificates(staging);
    if (made.ok()) {
      fs::rename(staging, dir, ec);  // same file system: build trees and $TMPDIR may differ
      if (ec) {
        fs::copy(staging, dir, fs::copy_options::recursive, ec);
        fs::remove_all(staging);
      }
      if (ec) status = absl::InternalError("cannot store the test CA in " + dir);
    } else {
      status = made.status();
      fs::remove_all(staging);
    }
  }
  flock(lock, LOCK_UN);
  ::close(lock);
  URNE_RETURN_IF_ERROR(status);
  return out;
}

}  // namespace

const TestCertificates& TestTls() {
  static const TestCertificates* certificates = [] {
    auto made = SharedTestCertificates();
    if (!made.ok()) {
      (void)std::fprintf(stderr, "%s\n", std::string(made.status().message()).c_str());
      std::abort();
    }
    return new TestCertificates(*made);
  }();
  return *certificates;
}

std::vector<std::string> ClientTlsArgs() { return {"--tls-ca", TestTls().ca_file}; }

BoardProcess::~BoardProcess() { Stop(); }

absl::StatusOr<std::unique_ptr<BoardProcess>> BoardProcess::Start(
    const std::string& data_dir, std::vector<std::string> extra_args) {
  Options options;
  options.extra_args = std::move(extra_args);
  return StartWith(data_dir, std::move(options));
}

absl::StatusOr<std::unique_ptr<BoardProcess>> BoardProcess::StartWith(const std::string& data_dir,
                                                                      Options options) {
  if (options.tls) TestTls();  // made before forking
  std::unique_ptr<BoardProcess> p(new BoardProcess());
  p->data_dir_ = data_dir;
  p->options_ = std::move(options);
  URNE_RETURN_IF_ERROR(p->Launch());
  return p;
}

BoardEndpoint BoardProcess::endpoint() const {
  return ParseBoardEndpoint(address_, {options_.tls ? TestTls().ca_file : "", false}).value();
}

std::string BoardProcess::stderr_text() const { return ReadFileText(data_dir_ + "/board.stderr"); }

absl::Status BoardProcess::Launch() {
  std::string out_path = data_dir_ + "/board.stdout";
  std::string err_path = data_dir_ + "/board.stderr";
  std::filesystem::create_directories(data_dir_);
  std::filesystem::remove(out_path);  // never read the previous run's port
  pid_ = fork();
  if (pid_ == 0) {
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(err, 2);
    std::string bin = Program("urne-board");
    std::vector<std::string> args = {bin,       "serve",    "--data",
                                     data_dir_, "--listen", options_.listen};
    if (options_.tls) {
      args.insert(args.end(), {"--tls-cert", TestTls().cert_file, "--tls-key", TestTls().key_file});
    }
    if (!options_.booth.empty()) {
      args.insert(args.end(), {"--http", "127.0.0.1:0", "--booth", options_.booth});
    }
    // Tests create elections with fresh authority keys: allow any, unless the test names
    // the allowed authorities itself.
    bool names_authorities = false;
    for (const auto& a : options_.extra_args) {
      names_authorities |= a == "--allow-authority" || a == "--allowed-authorities";
    }
    if (!names_authorities) args.emplace_back("--allow-any-authority");
    args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
    std::vector<char*> argv;
    argv.reserve(args.size());
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  for (int i = 0; i < 600; ++i) {
    std::ifstream in(out_path);
    std::string line;
    std::string address;
    std::string key;
    std::string http;
    std::string digest;
    while (std::getline(in, line)) {
      const std::string listening = "listening on ";
      const std::string board_key = "board key ";
      const std::string booth = "urne-board booth on ";
      const std::string booth_digest = "booth digest ";
      if (line.rfind(booth, 0) == 0) {
        http = line.substr(booth.size());
        if (!http.empty() && http.back() == '/') http.pop_back();
      }
      if (line.rfind(booth_digest, 0) == 0) {
        digest = line.substr(booth_digest.size(), 64);
      }
      if (auto pos = line.find(listening); pos != std::string::npos) {
        address = line.substr(pos + listening.size());
      }
      if (line.rfind(board_key, 0) == 0) key = line.substr(board_key.size());
    }
    auto key_bytes = FromHex(key);
    if (!address.empty() && key_bytes.ok() && key_bytes->size() == 32) {
      address_ = address;
      http_address_ = http;
      booth_digest_ = digest;
      board_key_.assign(key_bytes->begin(), key_bytes->end());
      return absl::OkStatus();
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::FailedPreconditionError("urne-board exited: " + ReadFileText(err_path));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return absl::DeadlineExceededError("urne-board did not start within 30 s");
}

void BoardProcess::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  AbortOnSanitizerReport("urne-board", stderr_text());
}

void BoardProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  AbortOnSanitizerReport("urne-board", stderr_text());
}

absl::Status BoardProcess::Restart() {
  Stop();
  return Launch();
}

RunResult RunClient(const std::string& name, std::vector<std::string> args,
                    const std::string& input) {
  for (const auto& a : ClientTlsArgs()) args.push_back(a);
  return Run(Program(name), args, input);
}

RunResult Run(const std::string& program, const std::vector<std::string>& args,
              const std::string& input) {
  std::string dir = MakeTempDir("run");
  std::string in_path = dir + "/in";
  std::string out_path = dir + "/out";
  std::string err_path = dir + "/err";
  {
    std::ofstream in(in_path, std::ios::binary);
    in << input;
  }
  pid_t pid = fork();
  if (pid == 0) {
    int in = ::open(in_path.c_str(), O_RDONLY);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    setsid();  // no controlling terminal: passphrases must come from files
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFileText(out_path);
  r.err = ReadFileText(err_path);
  std::filesystem::remove_all(dir);
  AbortOnSanitizerReport(program, r.err);
  return r;
}

ScopedLang::ScopedLang(const std::string& lang) {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(name);
    saved_.push_back({name, v != nullptr, v != nullptr ? v : ""});
    ::unsetenv(name);
  }
  ::setenv("LANG", lang.c_str(), 1);
}

ScopedLang::~ScopedLang() {
  for (const Saved& s : saved_) {
    if (s.set) {
      ::setenv(s.name, s.value.c_str(), 1);
    } else {
      ::unsetenv(s.name);
    }
  }
}

}  // namespace urne::testing

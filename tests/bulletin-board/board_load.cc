// urne-board-load: board ingest under load (issue #18, target P3). Starts a real urne-board
// (TLS on loopback, SQLite in a fresh directory, no per-host rate limit: every client is the
// same host) through tests/support, posts the setup of a synthetic election of the R5
// questions (bench/r5-manifest.json) with one credential per ballot, encrypts one valid
// ballot per credential up front (all cores), then posts them all from C concurrent clients,
// each with its own TLS connection and waiting for its receipt (the board answers only after
// the fsync of its group commit) before its next post; one thread drives all the clients
// (async_poster.h), so that they take little of the cores they share with the board.
//
//   urne-board-load --manifest bench/r5-manifest.json [--ballots N] [--clients C] [--keep DIR]
//
// Prints, in the same run: the ingest rate and the latency histogram (post to receipt),
// then "pure verification": the same ballots checked in-process by the board's verification
// code (election/ballot_batch.h, all cores; no gRPC, no storage), and the per-ballot
// Precheck rate for comparison. The last line is machine-readable for bench/board_ingest.sh:
//   RESULT ingest=B/S p50=MS p95=MS p99=MS pure=B/S per_ballot=B/S ratio=PERCENT
// Not a test: prints timings; exits 1 if a post fails.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "board-client/client.h"
#include "cli/cli.h"
#include "election/ballot.h"
#include "election/ballot_batch.h"
#include "election/entry.h"
#include "election/manifest.h"
#include "google/protobuf/util/json_util.h"
#include "status/status.h"
#include "tests/bulletin-board/async_poster.h"
#include "tests/bulletin-board/premade_ballots.h"
#include "tests/support/process.h"
#include "tools/scripted_election.h"

namespace po = boost::program_options;

namespace urne {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// CPU seconds (user + system) used so far by this process, all threads.
double OwnCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds (user + system) of a /proc stat file (fields 14 and 15): a process's
// (/proc/PID/stat) or a thread's (/proc/PID/task/TID/stat).
double CpuSecondsIn(const std::filesystem::path& stat_file) {
  std::ifstream in(stat_file);
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t end_of_name = stat.rfind(')');
  if (end_of_name == std::string::npos) return 0;
  std::istringstream fields(stat.substr(end_of_name + 2));
  std::string field;
  double ticks = 0;
  for (int k = 3; k <= 15 && fields >> field; ++k) {
    if (k >= 14) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// CPU seconds used so far by process `pid`.
double CpuSecondsOf(pid_t pid) { return CpuSecondsIn("/proc/" + std::to_string(pid) + "/stat"); }

// CPU seconds used so far by each thread of process `pid`, summed by thread name
// (/proc/PID/task/TID/comm): the board names its verifiers and its writer.
std::map<std::string, double> CpuSecondsByThread(pid_t pid) {
  std::map<std::string, double> out;
  std::error_code ec;
  const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
    std::ifstream comm_file(task.path() / "comm");
    std::string comm;
    std::getline(comm_file, comm);
    out[comm] += CpuSecondsIn(task.path() / "stat");
  }
  return out;
}

int Die(const absl::Status& s, const char* what) {
  std::cerr << "urne-board-load: " << what << ": " << ReasonOf(s) << ": " << s.message() << "\n";
  return 1;
}

// Ballots per second through `check` (which returns how many passed), all cores.
template <typename F>
absl::StatusOr<double> Rate(size_t n, F check) {
  auto start = Clock::now();
  size_t ok = check();
  double s = SecondsSince(start);
  if (ok != n) return absl::InternalError(Cat(n - ok, " valid ballots failed verification"));
  return static_cast<double>(n) / s;
}

double Percentile(std::vector<double> sorted, double p) {
  if (sorted.empty()) return 0;
  auto k = static_cast<size_t>(std::lround(p * static_cast<double>(sorted.size() - 1)));
  return sorted[std::min(k, sorted.size() - 1)];
}

int Run(const std::string& manifest_file, size_t n, size_t clients, const std::string& keep) {
  auto text = cli::ReadFile(manifest_file);
  if (!text.ok()) return Die(text.status(), "manifest");
  v1::Manifest questions;
  auto parsed = google::protobuf::util::JsonStringToMessage(std::string(text->begin(), text->end()),
                                                            &questions);
  if (!parsed.ok()) return Die(absl::InvalidArgumentError(parsed.ToString()), "manifest");

  const std::string dir = testing::MakeTempDir("urne-board-load");
  struct Cleanup {
    std::string dir;
    ~Cleanup() { std::filesystem::remove_all(dir); }
  } cleanup{dir};
  auto board = testing::BoardProcess::Start(dir + "/board", {"--rate-per-host", "0"});
  if (!board.ok()) return Die(board.status(), "starting urne-board");
  BoardClient setup_client((*board)->endpoint());

  testing::ScriptOptions options;
  options.board_key = (*board)->board_key();
  options.voters = n;
  options.questions_from = questions;
  options.reference = questions.reference();
  testing::ScriptedElection e(options, [&](const v1::Entry& entry) -> absl::Status {
    return setup_client.Post(entry).status();
  });
  if (auto s = e.Create(); !s.ok()) return Die(s, "create");
  if (auto s = e.Ceremony(); !s.ok()) return Die(s, "ceremony");
  if (auto s = e.Open(); !s.ok()) return Die(s, "open");
  std::cerr << "urne-board-load: encrypting " << n << " ballots…\n";
  auto ballots = MakeBallots(e, n);
  if (!ballots.ok()) return Die(ballots.status(), "encrypt");

  // The same run's baselines, in-process: the board's batched check, and Precheck per ballot.
  const double pure_cpu0 = OwnCpuSeconds();
  auto pure = Rate(n, [&] {
    size_t ok = 0;
    for (const auto& r : PrecheckBallots(e.state(), *ballots)) ok += r.ok();
    return ok;
  });
  if (!pure.ok()) return Die(pure.status(), "pure verification");
  const double pure_cpu = OwnCpuSeconds() - pure_cpu0;
  auto per_ballot = Rate(n, [&] {
    std::atomic<size_t> ok{0};
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t k = next++; k < n; k = next++) ok += e.state().Precheck((*ballots)[k]).ok();
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::max(1u, std::thread::hardware_concurrency()); ++t) {
      pool.emplace_back(work);
    }
    work();
    for (auto& t : pool) t.join();
    return ok.load();
  });
  if (!per_ballot.ok()) return Die(per_ballot.status(), "per-ballot verification");

  // The load: C clients, each with its own channel (its own TLS connection) and one post in
  // flight, posting the next ballot as soon as its receipt arrives. One thread drives them
  // all through a completion queue, so that the clients take as little of the board's two
  // cores as a load generator can: one thread per blocking client cost about 0.22 ms of CPU
  // per ballot, mostly in waking threads.
  AsyncPoster poster((*board)->endpoint(), clients);
  const double board_cpu0 = CpuSecondsOf((*board)->pid());
  const auto board_threads0 = CpuSecondsByThread((*board)->pid());
  const double client_cpu0 = OwnCpuSeconds();
  const auto start = Clock::now();
  std::vector<double> latency_ms;
  if (auto s = poster.PostAll(*ballots, latency_ms); !s.ok()) return Die(s, "posting");
  const double wall = SecondsSince(start);
  const double board_cpu = CpuSecondsOf((*board)->pid()) - board_cpu0;
  auto board_threads = CpuSecondsByThread((*board)->pid());
  for (auto& [name, cpu] : board_threads)
    cpu -= board_threads0.contains(name) ? board_threads0.at(name) : 0;
  const double client_cpu = OwnCpuSeconds() - client_cpu0;
  std::sort(latency_ms.begin(), latency_ms.end());
  const auto count = static_cast<double>(n);
  const double ingest = count / wall;
  const double p50 = Percentile(latency_ms, 0.50);
  const double p95 = Percentile(latency_ms, 0.95);
  const double p99 = Percentile(latency_ms, 0.99);
  std::printf("ballots %zu, clients %zu, %u cores, wall %.2f s\n", n, clients,
              std::thread::hardware_concurrency(), wall);
  std::printf("ingest            %8.0f ballots/s (durable receipts)\n", ingest);
  std::printf("latency (ms)      p50 %.1f  p95 %.1f  p99 %.1f  max %.1f\n", p50, p95, p99,
              latency_ms.back());
  for (double edge : {5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0}) {
    size_t below =
        std::upper_bound(latency_ms.begin(), latency_ms.end(), edge) - latency_ms.begin();
    std::printf("  <= %6.0f ms   %6.2f %%\n", edge, 100.0 * static_cast<double>(below) / count);
  }
  std::printf("pure verification %8.0f ballots/s (batched, in-process)\n", *pure);
  std::printf("per-ballot check  %8.0f ballots/s (Precheck, in-process)\n", *per_ballot);
  // CPU time per ballot does not depend on what else runs on the machine: the board's and
  // the clients' own costs, beside pure verification's.
  std::printf("CPU per ballot    board %.2f ms, clients %.2f ms, pure verification %.2f ms\n",
              1e3 * board_cpu / count, 1e3 * client_cpu / count, 1e3 * pure_cpu / count);
  std::printf("board CPU by thread (ms per ballot):");
  for (const auto& [name, cpu] : board_threads) {
    if (cpu >= 0.005 * board_cpu) std::printf(" %s %.3f", name.c_str(), 1e3 * cpu / count);
  }
  std::printf("\n");
  std::printf(
      "RESULT ingest=%.0f p50=%.1f p95=%.1f p99=%.1f pure=%.0f per_ballot=%.0f ratio=%.0f "
      "board_cpu_ms=%.2f client_cpu_ms=%.2f pure_cpu_ms=%.2f\n",
      ingest, p50, p95, p99, *pure, *per_ballot, 100 * ingest / *pure, 1e3 * board_cpu / count,
      1e3 * client_cpu / count, 1e3 * pure_cpu / count);
  if (!keep.empty()) {
    board->reset();  // stopped (SIGTERM) before its directory moves
    std::error_code ec;
    std::filesystem::rename(dir + "/board", keep, ec);
    if (ec) {
      std::cerr << "urne-board-load: cannot move the board's directory to " << keep << ": "
                << ec.message() << "\n";
      return 1;
    }
    std::printf("board directory kept in %s\n", keep.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace urne

int main(int argc, char** argv) {
  // Debian's Abseil is built without NDEBUG, so every absl::Mutex (ours and gRPC's) keeps a
  // lock-order graph for deadlock detection: about 1 % of the board's CPU and 9 % of a
  // client's under load. Release builds of Abseil leave it off; so does this program.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  std::string manifest;
  size_t ballots = 10000;
  size_t clients = 64;
  std::string keep;
  po::options_description opts("urne-board-load options");
  opts.add_options()("help,h", "show this help")("manifest", po::value(&manifest)->required(),
                                                 "questions of the election (protobuf JSON)")(
      "ballots", po::value(&ballots)->default_value(ballots), "ballots to post (one per voter)")(
      "clients", po::value(&clients)->default_value(clients), "concurrent clients")(
      "keep", po::value(&keep),
      "move the board's directory here at the end (same file system as $TMPDIR), to time a "
      "restart on it");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
    if (vm.count("help")) {
      std::cout << opts << "\n";
      return 0;
    }
    po::notify(vm);
  } catch (const std::exception& e) {
    std::cerr << "urne-board-load: " << e.what() << "\n" << opts << "\n";
    return 2;
  }
  if (ballots == 0 || clients == 0) {
    std::cerr << "urne-board-load: --ballots and --clients must be at least 1\n";
    return 2;
  }
  return urne::Run(manifest, ballots, clients, keep);
}

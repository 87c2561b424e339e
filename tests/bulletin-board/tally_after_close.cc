// urne-tally-bench: the time from CLOSE to the tally and to the RESULT (issue #18, target P4),
// following versus the old full re-sync, in the same run. Starts a real urne-board (TLS on
// loopback, SQLite in a fresh directory) through tests/support, posts the setup of an R5
// election (bench/r5-manifest.json; 3 trustees, threshold 2), then N pre-made valid ballots
// from 16 clients while four Followers (board-client/follow.h: the three trustees and the
// authority, one thread each, each with its own connection) verify the log every second.
// Once every follower has caught up (they run during the voting period), the authority signs
// CLOSE over the log its own follower verified (as `urne-admin close --follow-dir`; timed:
// close) and posts it, and the clock starts:
//   checkpoint  every follower has applied CLOSE and holds its tally checkpoint
//   partials    the three trustees each resumed from their checkpoint (SyncAfterClose) and
//               posted their partial decryption
//   result      the authority resumed from its checkpoint (partials checked against its
//               tally), computed and posted the RESULT
// Then the old path on the same log: three full Syncs at once (each trustee's `decrypt`
// re-verified the whole log) and one more (the authority's `tally`), timed; skipped with
// --no-old (-1 printed), as it holds the whole log in memory.
// The last line is machine-readable for bench/tally_after_close.sh:
//   RESULT n=N close=S checkpoint=S partials=S result=S old_partials=S old_result=S
// Not a test: prints timings; exits 1 on any error.
#include <algorithm>
#include <atomic>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "board-client/follow.h"
#include "cli/cli.h"
#include "election/authority_steps.h"
#include "election/ballot.h"
#include "election/entry.h"
#include "election/manifest.h"
#include "election/tally_checkpoint.h"
#include "google/protobuf/util/json_util.h"
#include "status/status.h"
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

int Die(const absl::Status& s, const std::string& what) {
  std::cerr << "urne-tally-bench: " << what << ": " << ReasonOf(s) << ": " << s.message() << "\n";
  return 1;
}

// One party following the election in its own thread, each second, until CLOSE.
struct Party {
  std::unique_ptr<BoardClient> client;
  std::unique_ptr<Follower> follower;
  std::atomic<uint64_t> verified{0};
  std::mutex mu;
  std::string verified_root;  // the root of the `verified` entries (guarded by mu)
  std::atomic<bool> closed{false};
  absl::Status error;
  std::optional<TallyCheckpoint> checkpoint;
  Clock::time_point checkpoint_at;
};

void Follow(Party& p) {
  for (;;) {
    auto applied = p.follower->Update();
    if (!applied.ok() && IsRetryable(applied.status()) && p.follower->state() != nullptr) {
      // As `urne-admin follow` does (cli/follow_command.cc): try again at the next second.
      std::this_thread::sleep_for(std::chrono::seconds(1));
      continue;
    }
    if (!applied.ok()) {
      p.error = applied.status();
      p.closed = true;
      return;
    }
    const ElectionState& s = *p.follower->state();
    {
      const Digest32 root = s.tree().Root();
      const std::lock_guard<std::mutex> lock(p.mu);
      p.verified_root.assign(root.begin(), root.end());
    }
    p.verified = s.size();
    if (s.close() != nullptr) {
      auto c = CheckpointOf(s);
      if (!c.ok()) {
        p.error = c.status();
      } else {
        p.checkpoint = ParseTallyCheckpoint(EncodeTallyCheckpoint(*c)).value();
      }
      p.checkpoint_at = Clock::now();
      p.closed = true;
      return;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

int Run(const std::string& manifest_file, size_t n, bool old_path) {
  auto text = cli::ReadFile(manifest_file);
  if (!text.ok()) return Die(text.status(), "manifest");
  v1::Manifest questions;
  auto parsed = google::protobuf::util::JsonStringToMessage(std::string(text->begin(), text->end()),
                                                            &questions);
  if (!parsed.ok()) return Die(absl::InvalidArgumentError(parsed.ToString()), "manifest");
  const std::string dir = testing::MakeTempDir("urne-tally-bench");
  struct Cleanup {
    std::string dir;
    ~Cleanup() { std::filesystem::remove_all(dir); }
  } cleanup{dir};
  // The ROLL is one entry of 34 bytes per voter: above about 490,000 voters it needs more
  // than the board's default 16 MiB per entry (specs/board.md §5.3), as a town that size would.
  const size_t roll_bytes = 34 * n + (1 << 20);
  auto board = testing::BoardProcess::Start(
      dir + "/board", {"--rate-per-host", "0", "--max-entry-bytes",
                       std::to_string(std::max<size_t>(roll_bytes, 16 << 20))});
  if (!board.ok()) return Die(board.status(), "starting urne-board");
  BoardClient client((*board)->endpoint());
  testing::ScriptOptions options;
  options.board_key = (*board)->board_key();
  options.voters = n;
  options.questions_from = questions;
  options.reference = questions.reference();
  testing::ScriptedElection e(
      options, [&](const v1::Entry& entry) -> absl::Status { return client.Post(entry).status(); });
  if (auto s = e.Create(); !s.ok()) return Die(s, "create");
  if (auto s = e.Ceremony(); !s.ok()) return Die(s, "ceremony");
  if (auto s = e.Open(); !s.ok()) return Die(s, "open");
  std::cerr << "urne-tally-bench: encrypting " << n << " ballots…\n";
  auto ballots = MakeBallots(e, n);
  if (!ballots.ok()) return Die(ballots.status(), "encrypt");

  // The three trustees and the authority follow from now on.
  std::vector<std::unique_ptr<Party>> parties;
  std::vector<std::thread> following;
  for (int i = 0; i < 4; ++i) {
    auto p = std::make_unique<Party>();
    p->client = std::make_unique<BoardClient>((*board)->endpoint());
    auto f = Follower::Start(*p->client, e.id(), Cat(dir, "/follow-", i), 1);
    if (!f.ok()) return Die(f.status(), "follower");
    p->follower = std::move(*f);
    parties.push_back(std::move(p));
  }
  following.reserve(parties.size());
  for (auto& p : parties) following.emplace_back(Follow, std::ref(*p));

  // The vote: 16 clients post the ballots (through e, so that its state follows the log).
  const auto vote_start = Clock::now();
  std::vector<std::unique_ptr<BoardClient>> conns;
  conns.reserve(16);
  for (int c = 0; c < 16; ++c) conns.push_back(std::make_unique<BoardClient>((*board)->endpoint()));
  std::atomic<size_t> next{0};
  std::vector<absl::Status> errors(n);
  std::vector<std::thread> pool;
  pool.reserve(16);
  for (int c = 0; c < 16; ++c) {
    pool.emplace_back([&, c] {
      for (size_t k = next++; k < n; k = next++) errors[k] = conns[c]->Post((*ballots)[k]).status();
    });
  }
  for (auto& t : pool) t.join();
  for (size_t k = 0; k < n; ++k) {
    if (!errors[k].ok()) return Die(errors[k], Cat("ballot ", k));
  }
  (void)std::fprintf(stderr, "urne-tally-bench: %zu ballots posted in %.1f s\n", n,
                     SecondsSince(vote_start));
  auto head = client.TreeHead(e.id());
  if (!head.ok()) return Die(head.status(), "tree head");
  // Wait until every follower verified the whole log (they keep up during a real vote).
  for (;;) {
    bool all = true;
    for (auto& p : parties) {
      if (!p->error.ok()) return Die(p->error, "follower");
      all = all && p->verified.load() == head->tree_size();
    }
    if (all) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  (void)std::fprintf(stderr,
                     "urne-tally-bench: the followers caught up %.1f s after the vote began\n",
                     SecondsSince(vote_start));

  // CLOSE, signed by the authority over the log its own follower verified (as `urne-admin
  // close --follow-dir` does, specs/entries.md §3.3): nothing is replayed. Its follower is
  // verified the board's whole log (above).
  const auto close_start = Clock::now();
  v1::Close close_payload;
  close_payload.set_tree_size(parties[3]->verified.load());
  {
    const std::lock_guard<std::mutex> lock(parties[3]->mu);
    close_payload.set_root_hash(parties[3]->verified_root);
  }
  const v1::Entry close_entry = e.Sign(v1::CLOSE, close_payload, e.authority());
  auto closed = client.Post(close_entry);
  if (!closed.ok()) return Die(closed.status(), "close");
  const double close_s = SecondsSince(close_start);
  const auto t_close = Clock::now();
  for (auto& t : following) t.join();
  double checkpoint_s = 0;
  for (auto& p : parties) {
    if (!p->error.ok() || !p->checkpoint) return Die(p->error, "follower at close");
    checkpoint_s =
        std::max(checkpoint_s, std::chrono::duration<double>(p->checkpoint_at - t_close).count());
  }
  // The trustees: resume from the checkpoint, then decrypt and post (in parallel).
  std::vector<absl::Status> trustee_errors(3);
  std::vector<std::thread> trustees;
  for (uint32_t j = 1; j <= 3; ++j) {
    trustees.emplace_back([&, j] {
      auto resumed = SyncAfterClose(*parties[j - 1]->client, *parties[j - 1]->checkpoint);
      if (!resumed.ok()) {
        trustee_errors[j - 1] = resumed.status();
        return;
      }
      auto pd = e.PartialFor(*resumed->state, j);
      if (!pd.ok()) {
        trustee_errors[j - 1] = pd.status();
        return;
      }
      trustee_errors[j - 1] =
          parties[j - 1]
              ->client->Post(e.Sign(v1::PARTIAL_DECRYPTION, *pd, e.trustee_key(j)))
              .status();
    });
  }
  for (auto& t : trustees) t.join();
  for (const auto& s : trustee_errors) {
    if (!s.ok()) return Die(s, "trustee");
  }
  const double partials_s = SecondsSince(t_close);
  auto resumed = SyncAfterClose(*parties[3]->client, *parties[3]->checkpoint);
  if (!resumed.ok()) return Die(resumed.status(), "authority");
  auto result = ComputeResult(*resumed->state);
  if (!result.ok()) return Die(result.status(), "result");
  auto posted = client.Post(e.Sign(v1::RESULT, *result, e.authority()));
  if (!posted.ok()) return Die(posted.status(), "post result");
  const double result_s = SecondsSince(t_close);

  (void)std::fprintf(stderr,
                     "urne-tally-bench: after CLOSE: checkpoints %.2f s, partials %.2f s, "
                     "RESULT %.2f s\n",
                     checkpoint_s, partials_s, result_s);
  // The old path on the same log: three trustees each re-sync and replay it, at once; then the
  // authority's tally does it again. Each on a fresh connection, as each was a new process.
  // Skipped with --no-old (at a large N it holds the whole log in memory, several times).
  double old_partials_s = -1;
  double old_result_s = -1;
  if (old_path) {
    const auto old_start = Clock::now();
    std::vector<absl::Status> old_errors(3);
    std::vector<std::thread> old;
    old.reserve(3);
    for (int j = 0; j < 3; ++j) {
      old.emplace_back([&, j] {
        BoardClient fresh((*board)->endpoint());
        old_errors[j] = fresh.Sync(e.id()).status();
      });
    }
    for (auto& t : old) t.join();
    for (const auto& s : old_errors) {
      if (!s.ok()) return Die(s, "old sync");
    }
    old_partials_s = SecondsSince(old_start);
    BoardClient tally_client((*board)->endpoint());
    auto old_tally = tally_client.Sync(e.id());
    if (!old_tally.ok()) return Die(old_tally.status(), "old tally sync");
    if (old_tally->state->result() == nullptr ||
        Serialize(*old_tally->state->result()) != Serialize(*result)) {
      return Die(absl::InternalError("the RESULT differs"), "compare");
    }
    old_result_s = SecondsSince(old_start);
  }
  // Where the after-CLOSE time goes: the setup (log up to OPEN, streamed from entry 0).
  BoardClient setup_client((*board)->endpoint());
  const auto setup_start = Clock::now();
  auto setup = setup_client.SyncSetup(e.id());
  if (!setup.ok()) return Die(setup.status(), "setup");
  (void)std::fprintf(stderr, "urne-tally-bench: SyncSetup alone %.2f s\n",
                     SecondsSince(setup_start));
  std::printf("ballots %zu, %u cores\n", n, std::thread::hardware_concurrency());
  std::printf("CLOSE signed and posted          %8.2f s   (from the authority's follower)\n",
              close_s);
  std::printf("CLOSE -> 4 tally checkpoints     %8.2f s\n", checkpoint_s);
  std::printf("CLOSE -> 3 partial decryptions   %8.2f s   (old full re-sync: %.2f s)\n", partials_s,
              old_partials_s);
  std::printf("CLOSE -> RESULT                  %8.2f s   (old full re-sync: %.2f s)\n", result_s,
              old_result_s);
  std::printf(
      "RESULT n=%zu close=%.2f checkpoint=%.2f partials=%.2f result=%.2f old_partials=%.2f "
      "old_result=%.2f\n",
      n, close_s, checkpoint_s, partials_s, result_s, old_partials_s, old_result_s);
  return 0;
}

}  // namespace
}  // namespace urne

int main(int argc, char** argv) {
  std::string manifest;
  size_t ballots = 10000;
  po::options_description opts("urne-tally-bench options");
  opts.add_options()("help,h", "show this help")("manifest", po::value(&manifest)->required(),
                                                 "R5 manifest JSON (bench/r5-manifest.json)")(
      "ballots", po::value(&ballots)->default_value(10000), "ballots to post")(
      "no-old", "skip the old path (full re-syncs after CLOSE)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
    if (vm.count("help")) {
      std::cout << opts << "\n";
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "urne-tally-bench: " << e.what() << "\n";
    return 2;
  }
  return urne::Run(manifest, ballots, vm.count("no-old") == 0);
}

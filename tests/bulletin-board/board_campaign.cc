// urne-board-campaign: the kill -9 campaign against a real urne-board (bench/kill9_campaign.sh;
// never part of the test run). One election in VOTING; each round, `clients` threads post
// valid ballots (each its own connection) while the board is killed with SIGKILL at a random
// moment; then the board restarts on the same directory and every ballot acknowledged so far
// must be in the log at its receipt's index, every tree head ever received must be consistent
// with the current one, and the board must not refuse to start. Prints its figures; exits 1
// if anything acknowledged was lost or a head was inconsistent.
#include <atomic>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "absl/strings/str_format.h"
#include "board-client/client.h"
#include "cli/program.h"
#include "crypto/merkle.h"
#include "election/entry.h"
#include "election/tree_head.h"
#include "status/status.h"
#include "tests/support/process.h"
#include "tools/scripted_election.h"

namespace urne::bulletin_board {
namespace {

namespace po = boost::program_options;

struct Acked {
  v1::Entry entry;
  v1::Receipt receipt;
};

// A hash the board sent; a wrong length counts as a failed check (never padded).
bool SameDigest(const Digest32& a, const std::string& b) {
  auto d = DecodeDigest(AsBytes(b), "merkle.bad_hash");
  return d.ok() && *d == a;
}

struct CampaignOptions {
  int rounds = 20, clients = 64, ballots = 6000, min_ms = 300, max_ms = 1500;
};

// Runs the campaign; returns the exit code (1 if anything acknowledged was lost).
int Campaign(const CampaignOptions& o) {
  const int rounds = o.rounds;
  const int clients = o.clients;
  const int ballots = o.ballots;
  const int min_ms = o.min_ms;
  const int max_ms = o.max_ms;
  const auto begun = std::chrono::steady_clock::now();
  std::string dir = testing::MakeTempDir("campaign");
  auto board = testing::BoardProcess::Start(dir + "/board",
                                            {"--rate-per-host", "0", "--rate-per-credential", "0"});
  if (!board.ok()) {
    absl::FPrintF(stderr, "cannot start the board: %s\n", board.status().ToString().c_str());
    return cli::kExitUsage;
  }
  auto client = std::make_unique<BoardClient>((*board)->endpoint());
  testing::ScriptOptions options;
  options.board_key = (*board)->board_key();
  options.voters = static_cast<size_t>(clients) * 8;
  testing::ScriptedElection e(options,
                              [&](const v1::Entry& x) { return client->Post(x).status(); });
  if (!e.Create().ok() || !e.Ceremony().ok() || !e.Open().ok()) {
    absl::FPrintF(stderr, "cannot set the election up\n");
    return cli::kExitUsage;
  }
  // Ballots up front (revotes: voter i % voters), on every core.
  std::vector<v1::Entry> pool(ballots);
  {
    std::vector<std::thread> workers;
    unsigned n = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned w = 0; w < n; ++w) {
      workers.emplace_back([&, w] {
        for (size_t i = w; i < pool.size(); i += n) {
          size_t v = i % options.voters;
          BallotStatement st{e.state().manifest(), e.state().group(), e.id(),
                             *e.state().joint_key(), e.voter(v).public_key()};
          auto b = EncryptBallot(
              st, testing::TestChoices(i % 3, {1, (uint32_t)(i % 2), 0}, {0, 1, (uint32_t)(i % 2)}),
              e.state().size());
          if (b.ok()) pool[i] = MakeEntry(e.id(), v1::BALLOT, b->payload, e.voter(v));
        }
      });
    }
    for (auto& t : workers) t.join();
  }
  absl::PrintF("election %s: %d voters, %d ballots ready, %d clients, %d rounds\n",
               ToHex(e.id()).c_str(), options.voters, ballots, clients, rounds);
  (void)std::fflush(stdout);

  std::mutex mu;
  std::vector<Acked> acked;                      // guarded by mu
  std::vector<size_t> unknown;                   // posted, no answer: guarded by mu
  std::map<uint64_t, v1::SignedTreeHead> heads;  // by size: guarded by mu
  std::atomic<size_t> next{0};
  uint64_t lost = 0;
  uint64_t inconsistent = 0;
  uint64_t landed_unknown = 0;
  uint64_t refused_start = 0;
  uint64_t total_unknown = 0;
  std::mt19937 rng(std::random_device{}());
  for (int round = 1; round <= rounds; ++round) {
    const BoardEndpoint endpoint = (*board)->endpoint();
    std::atomic<bool> down{false};
    // Outcomes unknown from the last round are posted again first.
    std::vector<size_t> again;
    {
      std::lock_guard lock(mu);
      again.swap(unknown);
    }
    std::atomic<size_t> again_next{0};
    std::vector<std::thread> threads;
    threads.reserve(clients);
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&] {
        BoardClient mine(endpoint, 10);
        mine.set_retry_policy(RetryPolicy{1, 0, 0});
        while (!down.load()) {
          size_t i;
          bool retry = false;
          size_t a = again_next.fetch_add(1);
          if (a < again.size()) {
            i = again[a];
            retry = true;
          } else {
            i = next.fetch_add(1);
            if (i >= pool.size()) return;
          }
          auto receipt = mine.Post(pool[i]);
          std::lock_guard lock(mu);
          if (receipt.ok()) {
            acked.push_back({pool[i], *receipt});
            heads.emplace(receipt->tree_head().tree_size(), receipt->tree_head());
          } else if (receipt.status().code() == absl::StatusCode::kAlreadyExists && retry) {
            ++landed_unknown;  // the earlier, unanswered post had been committed
          } else if (receipt.status().code() == absl::StatusCode::kUnavailable ||
                     receipt.status().code() == absl::StatusCode::kDeadlineExceeded ||
                     receipt.status().code() == absl::StatusCode::kCancelled) {
            unknown.push_back(i);
            ++total_unknown;
            down.store(true);
          } else {
            absl::FPrintF(stderr, "unexpected refusal: %s\n", receipt.status().ToString().c_str());
          }
        }
      });
    }
    std::uniform_int_distribution<int> when(min_ms, max_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(when(rng)));
    (*board)->Kill();
    down.store(true);
    for (auto& t : threads) t.join();
    absl::Status restarted = (*board)->Restart();
    if (!restarted.ok()) {
      ++refused_start;
      absl::FPrintF(stderr, "round %d: the board refused to start: %s\n", round,
                    restarted.ToString().c_str());
      break;
    }
    // Check everything acknowledged so far against the restarted board.
    BoardClient checker((*board)->endpoint());
    auto head = checker.TreeHead(e.id());
    auto entries = checker.Entries(e.id());
    if (!head.ok() || !entries.ok() || !VerifyTreeHead(*head, options.board_key).ok()) {
      absl::FPrintF(stderr, "round %d: cannot read the log back\n", round);
      ++inconsistent;
      break;
    }
    MerkleTree tree;
    for (const auto& x : *entries) tree.Append(EntryLeafHash(x));
    std::lock_guard lock(mu);
    for (const auto& a : acked) {
      uint64_t index = a.receipt.index();
      if (index >= entries->size() || !SameDigest(tree.Leaf(index), a.receipt.leaf_hash())) ++lost;
    }
    for (const auto& [size, h] : heads) {
      if (size > head->tree_size()) {
        ++inconsistent;
        continue;
      }
      auto proof = checker.ConsistencyProof(e.id(), size, head->tree_size());
      absl::StatusOr<std::vector<Digest32>> path =
          proof.ok() ? DecodeMerklePath(proof->proof(), "merkle.consistency.invalid")
                     : absl::StatusOr<std::vector<Digest32>>(proof.status());
      auto old_root = DecodeDigest(AsBytes(h.root_hash()), "tree_head.malformed");
      auto new_root = DecodeDigest(AsBytes(head->root_hash()), "tree_head.malformed");
      if (!path.ok() || !old_root.ok() || !new_root.ok() || h.board_key() != head->board_key() ||
          !VerifyConsistency(size, head->tree_size(), *old_root, *new_root, *path).ok()) {
        ++inconsistent;
      }
    }
    absl::PrintF(
        "round %2d: log %d entries, %d ballots acknowledged so far, %d heads, "
        "lost %d, inconsistent %d\n",
        round, head->tree_size(), acked.size(), heads.size(), lost, inconsistent);
    (void)std::fflush(stdout);
    if (next.load() >= pool.size()) break;
  }
  // The record as urne-verify sees it.
  // The election is still VOTING: every step so far must hold (--allow-incomplete).
  std::vector<std::string> verify_args = {"--board", (*board)->address(), "--election",
                                          ToHex(e.id()), "--allow-incomplete"};
  for (const auto& a : testing::ClientTlsArgs()) verify_args.push_back(a);
  auto verify = testing::Run(testing::Program("urne-verify"), verify_args);
  std::string verdict = verify.out;
  while (!verdict.empty() && verdict.back() == '\n') verdict.pop_back();
  verdict = verdict.substr(verdict.rfind('\n') == std::string::npos ? 0 : verdict.rfind('\n') + 1);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begun).count();
  absl::PrintF(
      "kill -9 campaign: %d rounds, %d clients, %d ballots acknowledged, %d posts without "
      "an answer (%d found committed on re-post), %d distinct tree heads; lost %d, "
      "inconsistent heads %d, refused starts %d; urne-verify exit %d: %s; %.0f s\n",
      rounds, clients, acked.size(), total_unknown, landed_unknown, heads.size(), lost,
      inconsistent, refused_start, verify.exit_code, verdict.c_str(), seconds);
  board->reset();
  std::filesystem::remove_all(dir);
  return lost == 0 && inconsistent == 0 && refused_start == 0 && verify.exit_code == 0 ? 0 : 1;
}

int CampaignMain(int argc, char** argv) {
  CampaignOptions o;
  po::options_description opts("urne-board-campaign [options]");
  opts.add_options()("help,h", "show this help")("rounds", po::value(&o.rounds)->default_value(20))(
      "clients", po::value(&o.clients)->default_value(64))(
      "ballots", po::value(&o.ballots)->default_value(6000), "ballots encrypted up front")(
      "min-ms", po::value(&o.min_ms)->default_value(300), "earliest kill after a round starts")(
      "max-ms", po::value(&o.max_ms)->default_value(1500), "latest kill after a round starts");
  po::variables_map vm;
  cli::Program program("urne-board-campaign", opts);
  program.run = [&] { return Campaign(o); };
  program.empty_is_usage = false;  // every option has a default
  return cli::RunProgram(program, argc, argv, vm, std::cout, std::cerr);
}

}  // namespace
}  // namespace urne::bulletin_board

int main(int argc, char** argv) { return urne::bulletin_board::CampaignMain(argc, argv); }

// urne-gen-record: builds a synthetic but real election record in-process (specs/record.md)
// — ceremony with 3 trustees (t = 2), N ballots encrypted on all cores, close, 2 partial
// decryptions, result — signed tree head by a throw-away board key that the manifest names.
// For benchmarks (bench/verify_10k.sh) and manual testing of urne-verify.
#include <atomic>
#include <boost/program_options.hpp>
#include <iostream>
#include <random>
#include <thread>

#include "cli/cli.h"
#include "cli/program.h"
#include "crypto/merkle.h"
#include "election/entry.h"
#include "election/record.h"
#include "election/tree_head.h"
#include "status/status.h"
#include "tools/record_vectors.h"
#include "tools/scripted_election.h"

namespace po = boost::program_options;

namespace {

int Die(const absl::Status& s, const char* what) {
  std::cerr << "urne-gen-record: " << what << ": " << urne::ReasonOf(s) << ": " << s.message()
            << "\n";
  return urne::cli::kExitUsage;
}

urne::Choices RandomChoices(std::mt19937_64& rng) {
  std::vector<uint32_t> pool(3, 0);
  pool[rng() % 3] = 1;
  std::vector<uint32_t> council(3, 0);
  for (uint64_t k = rng() % 3, i = 0; i < k; ++i) council[(i + rng()) % 3] = 1;
  std::vector<uint32_t> budget{static_cast<uint32_t>(rng() & 1),
                               static_cast<uint32_t>((rng() >> 1) & 1),
                               static_cast<uint32_t>((rng() >> 2) & 1)};
  return {pool, council, budget};
}

// Builds the record and writes it to `out`; returns the exit code.
int GenerateRecord(size_t ballots, const std::string& out, unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());

  urne::Record record;
  urne::testing::ScriptOptions options;
  options.voters = ballots;
  options.reference = "synthetic-record";
  urne::testing::ScriptedElection e(options, [&](const urne::v1::Entry& entry) {
    record.entries.push_back(entry);
    return absl::OkStatus();
  });
  if (auto s = e.Create(); !s.ok()) return Die(s, "create");
  if (auto s = e.Ceremony(); !s.ok()) return Die(s, "ceremony");
  if (auto s = e.Open(); !s.ok()) return Die(s, "open");

  // Encrypt on all cores; post (which verifies each ballot again) in order.
  std::vector<urne::v1::Entry> cast(ballots);
  std::vector<absl::Status> errors(threads);
  std::atomic<size_t> next{0};
  urne::cli::Progress encrypting("encrypting ballots");
  auto work = [&](unsigned t) {
    std::mt19937_64 rng(t * 7919 + 1);
    for (size_t v = next++; v < ballots; v = next++) {
      const auto& st = e.state();
      urne::BallotStatement statement{st.manifest(), st.group(), st.id(), *st.joint_key(),
                                      e.voter(v).public_key()};
      auto ballot = urne::EncryptBallot(statement, RandomChoices(rng), st.size());
      if (!ballot.ok()) {
        errors[t] = ballot.status();
        return;
      }
      cast[v] = urne::MakeEntry(st.id(), urne::v1::BALLOT, ballot->payload, e.voter(v));
      if (t == 0) encrypting.Update(v, ballots);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& t : pool) t.join();
  encrypting.Done();
  for (const auto& s : errors) {
    if (!s.ok()) return Die(s, "encrypt");
  }
  urne::cli::Progress posting("posting ballots");
  for (size_t v = 0; v < ballots; ++v) {
    if (auto s = e.Post(cast[v]); !s.ok()) return Die(s, "post");
    if (v % 256 == 0) posting.Update(v, ballots);
  }
  posting.Done();
  if (auto s = e.Close(); !s.ok()) return Die(s, "close");
  if (auto s = e.Decrypt(1).status(); !s.ok()) return Die(s, "decrypt 1");
  if (auto s = e.Decrypt(2).status(); !s.ok()) return Die(s, "decrypt 2");
  if (auto s = e.PublishResult().status(); !s.ok()) return Die(s, "result");

  urne::v1::SignedTreeHead head;
  head.set_election_id(std::string(e.id().begin(), e.id().end()));
  head.set_tree_size(e.state().size());
  urne::Digest32 root = e.state().tree().Root();
  head.set_root_hash(std::string(root.begin(), root.end()));
  head.set_timestamp_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
  urne::SignTreeHead(head, e.board_signing_key());  // the manifest's board_key
  record.tree_heads.push_back(std::move(head));
  if (auto s = urne::cli::WriteFileAtomic(out, urne::EncodeRecord(record)); !s.ok()) {
    return Die(s, "write");
  }
  std::cerr << "urne-gen-record: wrote " << record.entries.size() << " entries (" << ballots
            << " ballots) to " << out << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  size_t ballots = 1000;
  std::string out;
  std::string vectors;
  unsigned threads = 0;
  po::options_description opts(
      "urne-gen-record --ballots N --out FILE\n\n"
      "Writes a complete, valid election record with N ballots (test manifest, ristretto255).\n"
      "Options");
  opts.add_options()("help,h", "show this help")(
      "ballots", po::value(&ballots)->default_value(ballots), "number of voters, one ballot each")(
      "out", po::value(&out), "record file to write (required without --vectors)")(
      "threads", po::value(&threads)->default_value(0), "encryption threads (0 = all cores)")(
      "vectors", po::value(&vectors),
      "instead: write the record vectors (tests/vectors/README.md) to this folder");
  po::variables_map vm;
  urne::cli::Program program("urne-gen-record", opts);
  program.run = [&] {
    if (!vectors.empty()) {
      absl::Status s = urne::tools::WriteRecordVectors(vectors);
      return s.ok() ? urne::cli::kExitOk : Die(s, "vectors");
    }
    if (out.empty()) {
      std::cerr << "urne-gen-record: --out FILE (or --vectors DIR) is required\n";
      return urne::cli::kExitUsage;
    }
    return GenerateRecord(ballots, out, threads);
  };
  return urne::cli::RunProgram(program, argc, argv, vm, std::cout, std::cerr);
}

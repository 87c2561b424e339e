// urne-gen-record: builds a synthetic but real election record in-process (specs/record.md)
// — ceremony with 3 trustees (t = 2), N ballots encrypted on all cores, close, 2 partial
// decryptions, result — signed tree head by a throw-away board key that the manifest names.
// The questions are the test manifest's, or a manifest file's (--manifest, e.g. the R5
// workload bench/r5-manifest.json). --tamper-ballot K then breaks one range proof of ballot
// K (re-signed, so only the proof is wrong) for the verifier's bisection benchmark.
// For benchmarks (bench/perf.sh, bench/verify_10k.sh) and manual testing of urne-verify.
#include <atomic>
#include <boost/program_options.hpp>
#include <iostream>
#include <random>
#include <thread>

#include "cli/cli.h"
#include "cli/program.h"
#include "crypto/merkle.h"
#include "election/entry.h"
#include "election/manifest.h"
#include "election/record.h"
#include "election/tree_head.h"
#include "google/protobuf/util/json_util.h"
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

// Random valid choices for any manifest: per question, one option when the question allows
// one selection, else its minimum number of selections, at random positions.
urne::Choices RandomChoicesFor(const urne::v1::Manifest& m, std::mt19937_64& rng) {
  urne::Choices out;
  for (const auto& q : m.questions()) {
    urne::QuestionShape shape = urne::ShapeOf(q);
    std::vector<uint32_t> c(shape.options, 0);
    const uint64_t k = shape.min_sum <= 1 && shape.max_sum >= 1 ? 1 : shape.min_sum;
    for (uint64_t i = 0; i < k && i < shape.options; ++i) {
      size_t at = rng() % shape.options;
      while (c[at]) at = (at + 1) % shape.options;
      c[at] = 1;
    }
    out.push_back(std::move(c));
  }
  return out;
}

// The record's signed tree head, over its entries as they are (after any tampering).
urne::v1::SignedTreeHead HeadOver(const urne::Record& record, const urne::ElectionId& id,
                                  const urne::SigningKey& board) {
  urne::MerkleTree tree;
  for (const auto& entry : record.entries) tree.Append(urne::EntryLeafHash(entry));
  urne::v1::SignedTreeHead head;
  head.set_election_id(std::string(id.begin(), id.end()));
  head.set_tree_size(record.entries.size());
  urne::Digest32 root = tree.Root();
  head.set_root_hash(std::string(root.begin(), root.end()));
  head.set_timestamp_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
  urne::SignTreeHead(head, board);  // the manifest's board_key
  return head;
}

// Ballot entry `entry` with one response of its first range proof changed (the challenge
// still matches: only the proof equations fail), signed again by `voter`.
urne::v1::Entry Tampered(const urne::v1::Entry& entry, const urne::SigningKey& voter) {
  urne::v1::Ballot ballot;
  if (!urne::ParseStrict(entry.payload(), ballot).ok()) return entry;
  std::string* proof = ballot.mutable_questions(0)->mutable_range_proofs(0);
  // Branch encoding: a ‖ b ‖ c ‖ v (specs/crypto-proofs.md §2.3); flip v's low bit.
  (*proof)[proof->size() - 32] ^= 1;
  urne::ElectionId id;
  std::copy(entry.election_id().begin(), entry.election_id().end(), id.begin());
  return urne::MakeEntry(id, urne::v1::BALLOT, urne::Serialize(ballot), voter);
}

// Builds the record and writes it to `out`; returns the exit code. `tamper` ≥ ballots: none.
int GenerateRecord(size_t ballots, const std::string& out, unsigned threads,
                   const std::string& manifest_file, size_t tamper) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());

  urne::Record record;
  urne::testing::ScriptOptions options;
  options.voters = ballots;
  options.reference = "synthetic-record";
  if (!manifest_file.empty()) {
    auto text = urne::cli::ReadFile(manifest_file);
    if (!text.ok()) return Die(text.status(), "manifest");
    urne::v1::Manifest m;
    auto parsed =
        google::protobuf::util::JsonStringToMessage(std::string(text->begin(), text->end()), &m);
    if (!parsed.ok()) {
      std::cerr << "urne-gen-record: " << manifest_file << ": " << parsed.ToString() << "\n";
      return urne::cli::kExitUsage;
    }
    options.questions_from = std::move(m);
    options.reference = options.questions_from->reference();
  }
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
      auto ballot = urne::EncryptBallot(
          statement,
          options.questions_from ? RandomChoicesFor(st.manifest(), rng) : RandomChoices(rng),
          st.size());
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
  // Applied locally (each ballot verified again, on all cores) before the record takes it.
  if (auto s = e.PostAll(cast, threads); !s.ok()) return Die(s, "post");
  if (auto s = e.Close(); !s.ok()) return Die(s, "close");
  if (auto s = e.Decrypt(1).status(); !s.ok()) return Die(s, "decrypt 1");
  if (auto s = e.Decrypt(2).status(); !s.ok()) return Die(s, "decrypt 2");
  if (auto s = e.PublishResult().status(); !s.ok()) return Die(s, "result");

  if (tamper < ballots) {
    const size_t first_ballot = record.entries.size() - ballots - 4;  // close, 2 partials, result
    record.entries[first_ballot + tamper] =
        Tampered(record.entries[first_ballot + tamper], e.voter(tamper));
    std::cerr << "urne-gen-record: ballot " << tamper << " (entry " << first_ballot + tamper
              << ") has a bad range proof\n";
  }
  record.tree_heads.push_back(HeadOver(record, e.id(), e.board_signing_key()));
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
  std::string manifest;
  size_t tamper = SIZE_MAX;
  po::options_description opts(
      "urne-gen-record --ballots N --out FILE\n\n"
      "Writes a complete, valid election record with N ballots (test manifest, ristretto255).\n"
      "Options");
  opts.add_options()("help,h", "show this help")(
      "ballots", po::value(&ballots)->default_value(ballots), "number of voters, one ballot each")(
      "out", po::value(&out), "record file to write (required without --vectors)")(
      "threads", po::value(&threads)->default_value(0), "encryption threads (0 = all cores)")(
      "manifest", po::value(&manifest),
      "questions and decisions from this manifest file (JSON, e.g. bench/r5-manifest.json)")(
      "tamper-ballot", po::value(&tamper),
      "break one range proof of ballot K (0-based; re-signed) to test the verifier")(
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
    return GenerateRecord(ballots, out, threads, manifest, tamper);
  };
  return urne::cli::RunProgram(program, argc, argv, vm, std::cout, std::cerr);
}

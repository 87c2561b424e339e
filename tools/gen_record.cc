// urne-gen-record: builds a synthetic but real election record in-process (specs/record.md)
// — ceremony with 3 trustees (t = 2), N ballots encrypted on all cores, close, 2 partial
// decryptions, result — signed tree head by a throw-away board key that the manifest names.
// The questions are the test manifest's, or a manifest file's (--manifest, e.g. the R5
// workload bench/r5-manifest.json). --tamper-ballot K then breaks one range proof of ballot
// K (re-signed, so only the proof is wrong) for the verifier's bisection benchmark.
// The ballots are encrypted a chunk at a time on all cores and streamed to the file, not
// verified again (tests/tools checks that the records verify): the time is the encryption's,
// and memory is the setup's (the roll and the voters' keys, a few hundred bytes per voter)
// plus one chunk of ballots, whatever N. For N up to 1,000,000 (issue #18).
// For benchmarks (bench/perf.sh, bench/verify_10k.sh) and manual testing of urne-verify.
#include <unistd.h>

#include <atomic>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <random>
#include <thread>

#include "cli/cli.h"
#include "cli/program.h"
#include "crypto/merkle.h"
#include "election/entry.h"
#include "election/manifest.h"
#include "election/record.h"
#include "election/tally_checkpoint.h"
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

// The record file written as the entries come (specs/record.md §1: the entry count first,
// then each entry's frame, then the tree heads), so that no more than a chunk of ballots is
// in memory; the Merkle root is computed as the entries go by. Written to a temporary file
// in the same folder, fsynced and renamed at Finish, like cli::WriteFileAtomic.
class RecordWriter {
 public:
  RecordWriter(const std::string& path, uint64_t entries) : path_(path), entries_(entries) {
    std::filesystem::path target(path);
    tmp_ = (target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path()) /
           ("." + target.filename().string() + ".tmp");
    file_ = std::fopen(tmp_.c_str(), "wb");
    urne::Bytes head(urne::kRecordMagic, urne::kRecordMagic + 8);
    urne::AppendU32(head, static_cast<uint32_t>(entries));
    Write(head);
  }
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;
  ~RecordWriter() {
    if (file_ != nullptr) {
      (void)std::fclose(file_);  // best effort: the file is removed anyway
      std::error_code ignored;
      std::filesystem::remove(tmp_, ignored);
    }
  }

  // Appends an entry given as its leaf data (EntryLeafData) and that data's leaf hash.
  void Append(const urne::Bytes& leaf_data, const urne::Digest32& leaf_hash) {
    urne::Bytes frame;
    urne::AppendU32(frame, static_cast<uint32_t>(leaf_data.size()));
    Write(frame);
    Write(leaf_data);
    tree_.Append(leaf_hash);
  }
  void Append(const urne::v1::Entry& entry) {
    urne::Bytes leaf = urne::EntryLeafData(entry);
    Append(leaf, urne::LeafHash(leaf));
  }
  uint64_t size() const { return tree_.Size(); }
  urne::Digest32 root() const { return tree_.Root(); }

  // False once a write failed (or the file could not be created): Finish will fail.
  bool ok() const { return ok_; }

  // Writes the one tree head, then fsync and rename. Fails if fewer or more entries than
  // announced were appended, or on any write error.
  absl::Status Finish(const urne::v1::SignedTreeHead& head) {
    urne::Bytes tail;
    urne::AppendU32(tail, 1);
    urne::AppendFramed(tail, urne::AsBytes(urne::Serialize(head)));
    Write(tail);
    bool written =
        ok_ && tree_.Size() == entries_ && std::fflush(file_) == 0 && ::fsync(fileno(file_)) == 0;
    if (file_ != nullptr) written = std::fclose(file_) == 0 && written;
    file_ = nullptr;
    if (!written || std::rename(tmp_.c_str(), path_.c_str()) != 0) {
      std::error_code ignored;
      std::filesystem::remove(tmp_, ignored);
      return Unwritable();
    }
    return absl::OkStatus();
  }

  absl::Status Unwritable() const {
    return urne::Invalid("file.unwritable",
                         urne::Cat("cannot write ", path_, " (disk full or no permission)"));
  }

 private:
  void Write(const urne::Bytes& bytes) {
    ok_ = ok_ && file_ != nullptr &&
          std::fwrite(bytes.data(), 1, bytes.size(), file_) == bytes.size();
  }

  std::string path_;
  std::filesystem::path tmp_;
  uint64_t entries_;
  std::FILE* file_ = nullptr;
  bool ok_ = true;  // every write so far succeeded
  urne::MerkleFrontier tree_;
};

// The record's signed tree head over `size` entries with Merkle root `root`.
urne::v1::SignedTreeHead HeadOver(uint64_t size, const urne::Digest32& root,
                                  const urne::ElectionId& id, const urne::SigningKey& board) {
  urne::v1::SignedTreeHead head;
  head.set_election_id(std::string(id.begin(), id.end()));
  head.set_tree_size(size);
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

// What one encryption thread adds up: per question, per option, the sum of the selections
// and of the nonces. ElGamal is additively homomorphic, so the encrypted tally of all the
// ballots, Σ Enc(m; r) = Enc(Σm; Σr), is one encryption per option at the end instead of a
// point addition (or a decoding) per ciphertext.
struct Sums {
  std::vector<std::vector<uint64_t>> selected;
  std::vector<std::vector<urne::Scalar>> nonces;
};

absl::Status AddOpening(const urne::Group& group, const urne::v1::Audit& opening, Sums& sums) {
  for (int q = 0; q < opening.questions_size(); ++q) {
    const auto& aq = opening.questions(q);
    for (int o = 0; o < aq.selections_size(); ++o) {
      URNE_ASSIGN_OR_RETURN(urne::Scalar r, group.DecodeScalar(urne::AsBytes(aq.nonces(o))));
      sums.selected[q][o] += aq.selections(o);
      sums.nonces[q][o] = group.Add(sums.nonces[q][o], r);
    }
  }
  return absl::OkStatus();
}

// Ballots encrypted at once, then written in order: what the generator holds in memory.
constexpr size_t kChunk = 4096;

// Builds the record and writes it to `out`; returns the exit code. `tamper` ≥ ballots: none.
//
// The setup (manifest, roll, ceremony, OPEN) goes through ScriptedElection, which checks it.
// The ballots are encrypted on all cores a chunk at a time and streamed to the file without
// being verified again (EncryptBallot's output is valid by construction; urne-verify is the
// check, and tests/tools cover the generator's records); the encrypted tally comes from the
// openings' sums, and the state resumes at CLOSE from it (ElectionState::ResumeAtClose, as a
// trustee does from its tally checkpoint) for the partial decryptions and the result.
int GenerateRecord(size_t ballots, const std::string& out, unsigned threads,
                   const std::string& manifest_file, size_t tamper) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());

  std::vector<urne::v1::Entry> pending;  // entries the script posted, not yet written
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
    pending.push_back(entry);
    return absl::OkStatus();
  });
  const auto setup_started = std::chrono::steady_clock::now();
  if (auto s = e.Create(); !s.ok()) return Die(s, "create");
  if (auto s = e.Ceremony(); !s.ok()) return Die(s, "ceremony");
  if (auto s = e.Open(); !s.ok()) return Die(s, "open");

  const auto& st = e.state();
  const uint64_t setup = st.size();
  // After the ballots: CLOSE, two partial decryptions, RESULT.
  RecordWriter writer(out, setup + ballots + 4);
  if (!writer.ok()) return Die(writer.Unwritable(), "write");
  for (const auto& entry : pending) writer.Append(entry);
  pending.clear();

  std::vector<Sums> sums(threads);
  for (auto& s : sums) {
    for (const auto& q : st.manifest().questions()) {
      s.selected.emplace_back(q.options_size(), 0);
      s.nonces.emplace_back(q.options_size(), st.group().ScalarFromU64(0));
    }
  }
  std::vector<urne::Bytes> leaves(std::min(ballots, kChunk));
  std::vector<urne::Digest32> hashes(leaves.size());
  std::vector<absl::Status> errors(threads);
  const auto started = std::chrono::steady_clock::now();
  std::cerr << "urne-gen-record: setup (roll of " << ballots << ", ceremony, OPEN) in "
            << std::fixed << std::setprecision(1)
            << std::chrono::duration<double>(started - setup_started).count() << " s\n";
  size_t reported = 0;
  for (size_t first = 0; first < ballots; first += kChunk) {
    const size_t count = std::min(kChunk, ballots - first);
    std::atomic<size_t> next{0};
    auto work = [&](unsigned t) {
      std::mt19937_64 rng((first + 1) * 1000003 + uint64_t{t} * 7919 + 1);
      for (size_t k = next++; k < count; k = next++) {
        const size_t v = first + k;
        urne::BallotStatement statement{st.manifest(), st.group(), st.id(), *st.joint_key(),
                                        e.voter(v).public_key()};
        auto ballot = urne::EncryptBallot(
            statement,
            options.questions_from ? RandomChoicesFor(st.manifest(), rng) : RandomChoices(rng),
            setup);
        if (ballot.ok()) errors[t] = AddOpening(st.group(), ballot->opening, sums[t]);
        if (!ballot.ok() || !errors[t].ok()) {
          if (errors[t].ok()) errors[t] = ballot.status();
          return;
        }
        urne::v1::Entry entry =
            urne::MakeEntry(st.id(), urne::v1::BALLOT, ballot->payload, e.voter(v));
        if (v == tamper) entry = Tampered(entry, e.voter(v));
        leaves[k] = urne::EntryLeafData(entry);
        hashes[k] = urne::LeafHash(leaves[k]);
      }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& t : pool) t.join();
    for (const auto& s : errors) {
      if (!s.ok()) return Die(s, "encrypt");
    }
    for (size_t k = 0; k < count; ++k) writer.Append(leaves[k], hashes[k]);
    const size_t done = first + count;
    if (done * 10 / ballots != reported || done == ballots) {
      reported = done * 10 / ballots;
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::cerr << "urne-gen-record: " << done << "/" << ballots << " ballots in " << std::fixed
                << std::setprecision(1) << seconds << " s ("
                << static_cast<int64_t>(static_cast<double>(done) / seconds) << " ballots/s)\n";
    }
  }
  if (tamper < ballots) {
    std::cerr << "urne-gen-record: ballot " << tamper << " (entry " << setup + tamper
              << ") has a bad range proof\n";
  }

  // The encrypted tally Enc(Σm; Σr) and the counts, as a follower's checkpoint at CLOSE.
  urne::TallyCheckpoint checkpoint;
  checkpoint.election = e.id();
  checkpoint.close_tree_size = writer.size();
  const urne::Digest32 root = writer.root();
  checkpoint.close_root_hash.assign(root.begin(), root.end());
  checkpoint.ballots = ballots;
  checkpoint.ballots_counted = ballots;
  for (size_t q = 0; q < sums[0].selected.size(); ++q) {
    auto& row = checkpoint.tally.emplace_back();
    for (size_t o = 0; o < sums[0].selected[q].size(); ++o) {
      uint64_t m = 0;
      urne::Scalar r = st.group().ScalarFromU64(0);
      for (const auto& s : sums) {
        m += s.selected[q][o];
        r = st.group().Add(r, s.nonces[q][o]);
      }
      row.push_back(urne::EncodeCiphertext(st.joint_key()->Encrypt(m, r)));
    }
  }
  if (auto s = e.ResumeAtClose(checkpoint); !s.ok()) return Die(s, "resume at close");
  if (auto s = e.Close(); !s.ok()) return Die(s, "close");
  if (auto s = e.Decrypt(1).status(); !s.ok()) return Die(s, "decrypt 1");
  if (auto s = e.Decrypt(2).status(); !s.ok()) return Die(s, "decrypt 2");
  if (auto s = e.PublishResult().status(); !s.ok()) return Die(s, "result");
  for (const auto& entry : pending) writer.Append(entry);

  if (auto s = writer.Finish(HeadOver(writer.size(), writer.root(), e.id(), e.board_signing_key()));
      !s.ok()) {
    return Die(s, "write");
  }
  std::cerr << "urne-gen-record: wrote " << writer.size() << " entries (" << ballots
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

// urne-bench-r5: the per-ballot measurements bench/perf.sh prints (issue #18), one per run,
// each printed as one number on stdout: milliseconds of CPU per ballot on one thread.
//
//   urne-bench-r5 encrypt MANIFEST GROUP COUNT
//       encrypt + prove + sign COUNT ballots of MANIFEST's questions in GROUP, with the
//       election key's fixed-base table built before the clock starts
//   urne-bench-r5 key-table MANIFEST GROUP
//       build the fixed-base table of an election key (once per key and process)
//   urne-bench-r5 verify-ballot MANIFEST GROUP COUNT individual|per-element|ballot
//       verify one ballot's proofs COUNT times: each element decoded strictly and each proof
//       alone; each element decoded strictly and the proofs as one batch; or VerifyBallot
//       (eg4096: the elements' subgroup test batched too)
//   urne-bench-r5 proofs RECORD individual|ballot|cross
//       verify the proofs of every ballot of RECORD: each proof alone, one batch per ballot,
//       or batches across 256 ballots (election/ballot_batch.h); exit 1 if one fails
//
// Not a test: prints timings. The manifest is read as protobuf JSON (bench/r5-manifest.json).
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "crypto/batch_verifier.h"
#include "crypto/range_proof.h"
#include "election/ballot.h"
#include "election/ballot_batch.h"
#include "election/manifest.h"
#include "election/record.h"
#include "election/replay.h"
#include "google/protobuf/util/json_util.h"
#include "status/status.h"

namespace urne {
namespace {

double CpuMs() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int Fail(const absl::Status& s) {
  std::cerr << "urne-bench-r5: " << ReasonOf(s) << ": " << s.message() << "\n";
  return 1;
}

Choices OneEach(const v1::Manifest& m, size_t i) {
  Choices out;
  for (const auto& q : m.questions()) {
    std::vector<uint32_t> c(ShapeOf(q).options, 0);
    c[i % c.size()] = 1;
    out.push_back(std::move(c));
  }
  return out;
}

// Each proof of a ballot checked alone (no batching): the baseline.
absl::Status VerifyEachProof(const BallotStatement& st, const std::string& payload) {
  v1::Ballot ballot;
  URNE_RETURN_IF_ERROR(ParseStrict(payload, ballot));
  for (int q = 0; q < ballot.questions_size(); ++q) {
    const auto& qb = ballot.questions(q);
    QuestionShape shape = ShapeOf(st.manifest.questions(q));
    Ciphertext sum = IdentityCiphertext(st.group);
    for (int o = 0; o < qb.ciphertexts_size(); ++o) {
      URNE_ASSIGN_OR_RETURN(Ciphertext ct, DecodeCiphertext(st.group, AsBytes(qb.ciphertexts(o))));
      URNE_ASSIGN_OR_RETURN(RangeProof p, DecodeRangeProof(st.group, AsBytes(qb.range_proofs(o))));
      URNE_RETURN_IF_ERROR(
          VerifyRange(st.key, ct, 0, 1, p, SelectionContext(st.election, st.credential, q, o)));
      sum = Add(sum, ct);
    }
    URNE_ASSIGN_OR_RETURN(RangeProof p, DecodeRangeProof(st.group, AsBytes(qb.sum_proof())));
    URNE_RETURN_IF_ERROR(VerifyRange(st.key, sum, shape.min_sum, shape.max_sum, p,
                                     SumContext(st.election, st.credential, q)));
  }
  return absl::OkStatus();
}

// The per-element baseline: every element decoded strictly (eg4096: x^q = 1 each), the
// ballot's proofs checked as one batch — VerifyBallot before the batched subgroup test.
absl::Status VerifyStrictDecoding(const BallotStatement& st, const std::string& payload) {
  v1::Ballot ballot;
  URNE_RETURN_IF_ERROR(ParseStrict(payload, ballot));
  BatchVerifier batch(st.group);
  for (int q = 0; q < ballot.questions_size(); ++q) {
    const auto& qb = ballot.questions(q);
    QuestionShape shape = ShapeOf(st.manifest.questions(q));
    Ciphertext sum = IdentityCiphertext(st.group);
    for (int o = 0; o < qb.ciphertexts_size(); ++o) {
      URNE_ASSIGN_OR_RETURN(Ciphertext ct, DecodeCiphertext(st.group, AsBytes(qb.ciphertexts(o))));
      URNE_ASSIGN_OR_RETURN(RangeProof p, DecodeRangeProof(st.group, AsBytes(qb.range_proofs(o))));
      URNE_RETURN_IF_ERROR(
          batch.AddRange(st.key, ct, 0, 1, p, SelectionContext(st.election, st.credential, q, o)));
      sum = Add(sum, ct);
    }
    URNE_ASSIGN_OR_RETURN(RangeProof p, DecodeRangeProof(st.group, AsBytes(qb.sum_proof())));
    URNE_RETURN_IF_ERROR(batch.AddRange(st.key, sum, shape.min_sum, shape.max_sum, p,
                                        SumContext(st.election, st.credential, q)));
  }
  return batch.Verify();
}

struct Synthetic {
  v1::Manifest manifest;
  const Group* group;
  ElGamalKeyPair key;
  SigningKey voter = SigningKey::Generate();
  ElectionId id{};
  BallotStatement statement() const {
    return BallotStatement{manifest, *group, id, key.public_key(), voter.public_key()};
  }
};

absl::StatusOr<Synthetic> MakeSynthetic(const std::string& manifest_file,
                                        const std::string& group_name) {
  v1::Manifest m;
  auto parsed = google::protobuf::util::JsonStringToMessage(ReadAll(manifest_file), &m);
  if (!parsed.ok()) return Invalid("bench.manifest", std::string(parsed.message()));
  URNE_ASSIGN_OR_RETURN(const Group* group, Group::ByName(group_name));
  Synthetic s{std::move(m), group, ElGamalKeyPair::Generate(*group)};
  s.id[0] = 1;
  return s;
}

int Encrypt(const std::string& manifest, const std::string& group, size_t count) {
  auto s = MakeSynthetic(manifest, group);
  if (!s.ok()) return Fail(s.status());
  // The election key's fixed-base table is built once per key (as the generator's is once
  // per process), not per ballot: `key-table` measures it.
  (void)s->key.public_key().table();
  const double start = CpuMs();
  for (size_t i = 0; i < count; ++i) {
    auto b = EncryptBallot(s->statement(), OneEach(s->manifest, i), 0);
    if (!b.ok()) return Fail(b.status());
    v1::Entry e = MakeEntry(s->id, v1::BALLOT, b->payload, s->voter);
    if (e.signature().empty()) return 1;
  }
  std::cout << (CpuMs() - start) / static_cast<double>(count) << "\n";
  return 0;
}

// CPU milliseconds to build the fixed-base table of a fresh election key (once per key).
int KeyTable(const std::string& manifest, const std::string& group) {
  auto s = MakeSynthetic(manifest, group);
  if (!s.ok()) return Fail(s.status());
  const double start = CpuMs();
  (void)s->key.public_key().table();
  std::cout << CpuMs() - start << "\n";
  return 0;
}

int VerifyOne(const std::string& manifest, const std::string& group, size_t count,
              const std::string& mode) {
  auto s = MakeSynthetic(manifest, group);
  if (!s.ok()) return Fail(s.status());
  auto b = EncryptBallot(s->statement(), OneEach(s->manifest, 0), 0);
  if (!b.ok()) return Fail(b.status());
  const double start = CpuMs();
  for (size_t i = 0; i < count; ++i) {
    absl::Status v = mode == "individual"    ? VerifyEachProof(s->statement(), b->payload)
                     : mode == "per-element" ? VerifyStrictDecoding(s->statement(), b->payload)
                                             : VerifyBallot(s->statement(), b->payload).status();
    if (!v.ok()) return Fail(v);
  }
  std::cout << (CpuMs() - start) / static_cast<double>(count) << "\n";
  return 0;
}

int Proofs(const std::string& path, const std::string& mode) {
  const std::string bytes = ReadAll(path);
  auto record = DecodeRecord(AsBytes(bytes));
  if (!record.ok()) return Fail(record.status());
  const auto& entries = record->entries;
  size_t first = 0;
  while (first < entries.size() && entries[first].kind() != v1::BALLOT) ++first;
  size_t last = first;
  while (last < entries.size() && entries[last].kind() == v1::BALLOT) ++last;
  auto state = Replay(std::span(entries).first(first), 1);
  if (!state.ok()) return Fail(state.status());
  const ElectionState& st = **state;
  if (st.joint_key() == nullptr) {
    return Fail(absl::FailedPreconditionError("the record has no OPEN before its ballots"));
  }
  auto statement = [&](const v1::Entry& e) {
    PublicKey pk;
    std::copy(e.author().begin(), e.author().end(), pk.bytes.begin());
    return BallotStatement{st.manifest(), st.group(), st.id(), *st.joint_key(), pk};
  };
  const double start = CpuMs();
  if (mode == "cross") {
    for (size_t i = first; i < last; i += kBallotsPerBatch) {
      BatchVerifier batch(st.group(), BatchVerifier::Fallback::kNone);
      for (size_t k = i; k < std::min(last, i + kBallotsPerBatch); ++k) {
        auto v = VerifyBallotInto(statement(entries[k]), entries[k].payload(), batch);
        if (!v.ok()) return Fail(v.status());
      }
      if (absl::Status v = batch.Verify(); !v.ok()) return Fail(v);
    }
  } else {
    for (size_t k = first; k < last; ++k) {
      absl::Status v = mode == "individual"
                           ? VerifyEachProof(statement(entries[k]), entries[k].payload())
                           : VerifyBallot(statement(entries[k]), entries[k].payload()).status();
      if (!v.ok()) return Fail(v);
    }
  }
  std::cout << (CpuMs() - start) / static_cast<double>(std::max<size_t>(1, last - first)) << "\n";
  return 0;
}

int Usage() {
  std::cerr
      << "usage: urne-bench-r5 encrypt MANIFEST GROUP COUNT\n"
         "       urne-bench-r5 key-table MANIFEST GROUP\n"
         "       urne-bench-r5 verify-ballot MANIFEST GROUP COUNT individual|per-element|ballot\n"
         "       urne-bench-r5 proofs RECORD individual|ballot|cross\n";
  return 2;
}

}  // namespace
}  // namespace urne

int main(int argc, char** argv) {
  const std::vector<std::string> a(argv + 1, argv + argc);
  if (a.size() == 4 && a[0] == "encrypt") return urne::Encrypt(a[1], a[2], std::stoul(a[3]));
  if (a.size() == 3 && a[0] == "key-table") return urne::KeyTable(a[1], a[2]);
  if (a.size() == 5 && a[0] == "verify-ballot") {
    return urne::VerifyOne(a[1], a[2], std::stoul(a[3]), a[4]);
  }
  if (a.size() == 3 && a[0] == "proofs") return urne::Proofs(a[1], a[2]);
  return urne::Usage();
}

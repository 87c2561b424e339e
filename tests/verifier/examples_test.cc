// Each example manifest (examples/*.json, and bench/r5-manifest.json) run as a whole election
// in-process — its questions and decisions, with fresh authority and trustee keys — and its record
// verified.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "authority/manifest_source.h"
#include "crypto/merkle.h"
#include "election/authority_steps.h"
#include "election/credential.h"
#include "election/entry.h"
#include "election/manifest.h"
#include "election/state.h"
#include "election/tree_head.h"
#include "election/trustee_steps.h"
#include "google/protobuf/util/json_util.h"
#include "status/status.h"
#include "verifier/verify.h"

namespace urne::verifier {
namespace {

// Some valid choices for voter v: per question, option v mod n (one-hot) when the shape
// allows one selection, else the first min_sum options.
Choices ChoicesFor(const v1::Manifest& m, size_t v) {
  Choices out;
  for (const auto& q : m.questions()) {
    QuestionShape shape = ShapeOf(q);
    std::vector<uint32_t> c(shape.options, 0);
    if (shape.min_sum <= 1 && shape.max_sum >= 1) {
      c[v % shape.options] = 1;
    } else {
      for (uint64_t k = 0; k < shape.min_sum && k < shape.options; ++k) c[k] = 1;
    }
    out.push_back(std::move(c));
  }
  return out;
}

absl::Status RunElection(v1::Manifest manifest, const SigningKey& board,
                         std::vector<v1::Entry>& log) {
  SigningKey authority = SigningKey::Generate();
  struct Trustee {
    SigningKey sign = SigningKey::Generate();
    BoxKeyPair box = BoxKeyPair::Generate();
    std::unique_ptr<Polynomial> poly;
    std::map<uint32_t, SecretScalar> received;
  };
  std::vector<Trustee> trustees(manifest.trustees_size());
  for (int i = 0; i < manifest.trustees_size(); ++i) {
    PublicKey pk = trustees[i].sign.public_key();
    manifest.mutable_trustees(i)->set_signing_key(pk.bytes.data(), pk.bytes.size());
    manifest.mutable_trustees(i)->set_box_key(trustees[i].box.public_key.data(),
                                              trustees[i].box.public_key.size());
  }
  PublicKey apk = authority.public_key();
  manifest.set_authority_key(apk.bytes.data(), apk.bytes.size());
  PublicKey bpk = board.public_key();
  manifest.set_board_key(bpk.bytes.data(), bpk.bytes.size());
  std::string payload = Serialize(manifest);
  ElectionId id = ComputeElectionId(AsBytes(payload));
  log.push_back(MakeEntry(id, v1::MANIFEST, payload, authority));
  URNE_ASSIGN_OR_RETURN(auto state, ElectionState::Begin(log.back()));
  auto post = [&](v1::EntryKind kind, const google::protobuf::Message& m, const SigningKey& key) {
    log.push_back(MakeEntry(id, kind, Serialize(m), key));
    return state->Apply(log.back());
  };
  // Enough voters for the example's secrecy floor (min_counted_ballots): the tally of fewer is
  // never decrypted.
  const size_t voters = std::max<size_t>(5, manifest.min_counted_ballots());
  std::vector<SigningKey> voter_keys;
  std::vector<PublicKey> credentials;
  for (size_t v = 0; v < voters; ++v) {
    voter_keys.push_back(DeriveCredentialKey(id, GenerateCredentialCode()));
    credentials.push_back(voter_keys.back().public_key());
  }
  URNE_ASSIGN_OR_RETURN(v1::Roll roll, MakeRoll(credentials));
  URNE_RETURN_IF_ERROR(post(v1::ROLL, roll, authority));
  const uint32_t n = trustees.size();
  for (uint32_t i = 1; i <= n; ++i) {
    trustees[i - 1].poly =
        std::make_unique<Polynomial>(Polynomial::Random(state->group(), manifest.threshold()));
    URNE_RETURN_IF_ERROR(post(v1::TRUSTEE_COMMITMENT, MakeCommitment(id, i, *trustees[i - 1].poly),
                              trustees[i - 1].sign));
  }
  for (uint32_t i = 1; i <= n; ++i) {
    URNE_ASSIGN_OR_RETURN(auto shares,
                          MakeSealedShares(state->manifest(), i, *trustees[i - 1].poly));
    URNE_RETURN_IF_ERROR(post(v1::SEALED_SHARES, shares, trustees[i - 1].sign));
  }
  for (uint32_t i = 1; i <= n; ++i) {
    URNE_ASSIGN_OR_RETURN(ReceivedShares received, OpenShares(*state, i, trustees[i - 1].box));
    trustees[i - 1].received = std::move(received.shares);
    URNE_RETURN_IF_ERROR(
        post(v1::SHARE_VERDICT, MakeVerdict(i, received.complaints), trustees[i - 1].sign));
  }
  URNE_RETURN_IF_ERROR(
      post(v1::OPEN, MakeOpen(*state, static_cast<int64_t>(std::time(nullptr))), authority));
  for (size_t v = 0; v < voters; ++v) {
    BallotStatement st{state->manifest(), state->group(), id, *state->joint_key(),
                       voter_keys[v].public_key()};
    URNE_ASSIGN_OR_RETURN(EncryptedBallot b,
                          EncryptBallot(st, ChoicesFor(manifest, v), state->size()));
    log.push_back(MakeEntry(id, v1::BALLOT, b.payload, voter_keys[v]));
    URNE_RETURN_IF_ERROR(state->Apply(log.back()));
  }
  URNE_RETURN_IF_ERROR(post(v1::CLOSE, MakeClose(*state), authority));
  for (uint32_t i = 1; i <= manifest.threshold(); ++i) {
    URNE_ASSIGN_OR_RETURN(
        SecretScalar s, AggregateShare(*state, i, *trustees[i - 1].poly, trustees[i - 1].received));
    URNE_ASSIGN_OR_RETURN(auto pd, MakePartialDecryption(*state, i, s));
    URNE_RETURN_IF_ERROR(post(v1::PARTIAL_DECRYPTION, pd, trustees[i - 1].sign));
  }
  URNE_ASSIGN_OR_RETURN(v1::Result result, ComputeResult(*state));
  return post(v1::RESULT, result, authority);
}

TEST(ExampleManifests, EachExampleRecordVerifies) {
  std::filesystem::path dir(URNE_EXAMPLES_DIR);
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no examples/ folder";
  int checked = 0;
  std::vector<std::filesystem::path> files;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    if (file.path().extension() == ".json") files.push_back(file.path());
  }
  // The benchmark workload R5 (bench/perf.sh) is a manifest of the same form.
  files.push_back(std::filesystem::path(URNE_SOURCE_DIR) / "bench" / "r5-manifest.json");
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    std::ifstream in(path);
    std::stringstream json;
    json << in.rdbuf();
    // The examples are written as staff write them (local times in their time zone) and carry
    // placeholder keys: read as `urne-admin manifest --template` reads them, keys replaced.
    authority::ManifestSource source =
        authority::ReadManifestSource(json.str(), "en", /*keys_required=*/false);
    ASSERT_TRUE(source.problems.empty())
        << authority::FormatManifestProblems(path.string(), source, "en");
    auto manifest = std::make_unique<v1::Manifest>(std::move(source.manifest));
    std::vector<v1::Entry> log;
    SigningKey board = SigningKey::Generate();
    absl::Status s = RunElection(*manifest, board, log);
    ASSERT_TRUE(s.ok()) << s;
    Record record;
    record.entries = log;
    MerkleTree tree;
    for (const auto& e : log) tree.Append(EntryLeafHash(e));
    v1::SignedTreeHead head;
    head.set_election_id(log[0].election_id());
    head.set_tree_size(log.size());
    Digest32 root = tree.Root();
    head.set_root_hash(std::string(root.begin(), root.end()));
    SignTreeHead(head, board);
    record.tree_heads.push_back(head);
    VerifyOptions options;
    options.threads = 2;
    VerifyReport report = VerifyRecord(record, options);
    const StepResult* f = report.FirstFailure();
    EXPECT_TRUE(report.valid) << (f ? Cat(f->id, " ", f->reason, ": ", f->message) : "");
    EXPECT_EQ(report.tallies.size(), static_cast<size_t>(manifest->questions_size()));
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

}  // namespace
}  // namespace urne::verifier

// urne-trustee end to end: five real trustee processes against a real board; the authority
// and the voters are driven in-test with the libraries (specs/ceremony.md).
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "board-client/client.h"
#include "crypto/ed25519.h"
#include "crypto/elgamal.h"
#include "crypto/threshold.h"
#include "election/authority_steps.h"
#include "election/ballot.h"
#include "election/credential.h"
#include "election/entry.h"
#include "election/manifest.h"
#include "status/status.h"
#include "tests/support/process.h"
#include "tools/scripted_election.h"

namespace urne::trustee_tools {
namespace {

using testing::BoardProcess;
using testing::Program;

using testing::RunResult;

constexpr uint32_t kTrustees = 5;
constexpr uint32_t kThreshold = 3;

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

Choices Vote(uint32_t pool, std::vector<uint32_t> council, std::vector<uint32_t> budget) {
  return testing::TestChoices(pool, std::move(council), std::move(budget));
}

// Five key files made by `urne-trustee init` and one board, shared by the suite.
class TrusteeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(testing::MakeTempDir("trustee"));
    passphrase_ = *dir_ + "/passphrase";
    std::ofstream(passphrase_) << "correct horse battery staple\n";
    auto board = BoardProcess::Start(*dir_ + "/board");
    ASSERT_TRUE(board.ok()) << board.status();
    board_ = board->release();
    std::vector<std::thread> threads;
    results_ = new std::vector<RunResult>(kTrustees);
    for (uint32_t i = 1; i <= kTrustees; ++i) {
      threads.emplace_back([i] {
        (*results_)[i - 1] =
            testing::Run(Program("urne-trustee"), {"init", "--name", Cat("Trustee ", i), "--out",
                                                   Key(i), "--passphrase-file", passphrase_});
      });
    }
    for (auto& t : threads) t.join();
    for (uint32_t i = 1; i <= kTrustees; ++i) {
      const RunResult& r = (*results_)[i - 1];
      ASSERT_EQ(r.exit_code, 0) << r.err;
      signing_.push_back(HexAfter(r.out, "signing key: "));
      boxes_.push_back(HexAfter(r.out, "box key: "));
    }
  }
  static void TearDownTestSuite() {
    delete board_;
    std::filesystem::remove_all(*dir_);
  }

  static Bytes HexAfter(const std::string& out, const std::string& label) {
    size_t at = out.find(label);
    EXPECT_NE(at, std::string::npos) << out;
    return *FromHex(out.substr(at + label.size(), 64));
  }
  static std::string Key(uint32_t i) { return Cat(*dir_, "/trustee", i, ".key"); }

  // A new election with the five trustees: MANIFEST and ROLL posted by the in-test authority.
  // The ceremony deadline is a day ahead unless given.
  void CreateElection(const std::string& reference, int64_t ceremony_deadline = Now() + 86400,
                      uint32_t min_counted_ballots = 0) {
    testing::ScriptOptions options;
    options.ceremony_deadline = ceremony_deadline;
    options.min_counted_ballots = min_counted_ballots;
    options.trustees = kTrustees;
    options.threshold = kThreshold;
    options.reference = reference;
    options.board_key = board_->board_key();
    std::vector<PublicKey> keys;
    keys.reserve(signing_.size());
    for (const Bytes& b : signing_) keys.push_back(*ParsePublicKey(b));
    manifest_ = testing::TestManifest(options, authority_.public_key(), keys, boxes_);
    std::string payload = Serialize(manifest_);
    id_ = ComputeElectionId(AsBytes(payload));
    auto posted = client_.Post(MakeEntry(id_, v1::MANIFEST, payload, authority_));
    ASSERT_TRUE(posted.ok()) << posted.status();
    std::vector<PublicKey> credentials;
    for (int v = 0; v < 4; ++v) {
      voters_.push_back(DeriveCredentialKey(id_, GenerateCredentialCode()));
      credentials.push_back(voters_.back().public_key());
    }
    ASSERT_TRUE(PostAuthority(v1::ROLL, *MakeRoll(credentials)).ok());
  }
  absl::Status PostAuthority(v1::EntryKind kind, const google::protobuf::Message& payload) {
    auto r = client_.Post(MakeEntry(id_, kind, Serialize(payload), authority_));
    EXPECT_TRUE(r.ok()) << r.status();
    return r.status();
  }
  std::unique_ptr<ElectionState> Sync() {
    auto synced = client_.Sync(id_);
    EXPECT_TRUE(synced.ok()) << synced.status();
    return std::move(synced->state);
  }

  RunResult Trustee(uint32_t i, const std::string& command, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {command,      "--board",           board_->address(),
                                     "--election", ToHex(id_),          "--key",
                                     Key(i),       "--passphrase-file", passphrase_};
    args.insert(args.end(), extra.begin(), extra.end());
    if (command == "decrypt" &&
        std::find(extra.begin(), extra.end(), "--close-root") == extra.end()) {
      // The root the authority announces: this test is the authority.
      auto synced = client_.Sync(id_);
      const bool closed = synced.ok() && synced->state->close() != nullptr;
      args.emplace_back("--close-root");
      args.push_back(closed ? ToHex(AsBytes(synced->state->close()->root_hash()))
                            : std::string(64, '0'));
    }
    return testing::RunClient("urne-trustee", std::move(args));
  }
  // `urne-trustee ceremony --wait` for every trustee at once, as separate processes.
  std::vector<RunResult> CeremonyAll(std::map<uint32_t, std::vector<std::string>> extra = {},
                                     const std::function<void()>& meanwhile = {}) {
    std::vector<RunResult> results(kTrustees);
    std::vector<std::thread> threads;
    for (uint32_t i = 1; i <= kTrustees; ++i) {
      std::vector<std::string> args = {"--wait", "90"};
      args.insert(args.end(), extra[i].begin(), extra[i].end());
      threads.emplace_back([&, i, args] { results[i - 1] = Trustee(i, "ceremony", args); });
    }
    if (meanwhile) meanwhile();
    for (auto& t : threads) t.join();
    return results;
  }
  void CastAndClose() {
    auto state = Sync();
    ASSERT_NE(state->joint_key(), nullptr);
    const std::vector<Choices> votes = {
        Vote(0, {1, 1, 0}, {1, 0, 0}), Vote(1, {1, 0, 0}, {0, 1, 1}), Vote(0, {0, 0, 1}, {1, 1, 0}),
        Vote(0, {1, 0, 1}, {0, 0, 0})};
    for (size_t v = 0; v < votes.size(); ++v) {
      BallotStatement st{state->manifest(), state->group(), state->id(), *state->joint_key(),
                         voters_[v].public_key()};
      auto ballot = EncryptBallot(st, votes[v], state->size());
      ASSERT_TRUE(ballot.ok()) << ballot.status();
      auto posted = client_.Post(MakeEntry(id_, v1::BALLOT, ballot->payload, voters_[v]));
      ASSERT_TRUE(posted.ok()) << posted.status();
    }
    state = Sync();
    ASSERT_TRUE(PostAuthority(v1::CLOSE, MakeClose(*state)).ok());
  }
  static void ExpectCounts(const v1::Result& result) {
    ASSERT_EQ(result.questions_size(), 3);
    EXPECT_EQ(std::vector<uint64_t>(result.questions(0).counts().begin(),
                                    result.questions(0).counts().end()),
              (std::vector<uint64_t>{3, 1, 0}));
    EXPECT_EQ(std::vector<uint64_t>(result.questions(1).counts().begin(),
                                    result.questions(1).counts().end()),
              (std::vector<uint64_t>{3, 1, 2}));
    EXPECT_EQ(std::vector<uint64_t>(result.questions(2).counts().begin(),
                                    result.questions(2).counts().end()),
              (std::vector<uint64_t>{2, 2, 1}));
  }
  // Decrypts the tally from exactly the partial decryptions of `subset` (Lagrange in the
  // exponent) and checks the counts.
  static void ExpectSubsetTally(const ElectionState& state, const std::vector<uint32_t>& subset) {
    const std::vector<std::vector<uint64_t>> expected = {{3, 1, 0}, {3, 1, 2}, {2, 2, 1}};
    const Group& group = state.group();
    for (size_t q = 0; q < expected.size(); ++q) {
      for (size_t o = 0; o < expected[q].size(); ++o) {
        std::vector<std::pair<uint32_t, Element>> factors;
        factors.reserve(subset.size());
        for (uint32_t j : subset) factors.emplace_back(j, state.partials().at(j)[q][o]);
        auto a_s = CombinePartials(factors);
        ASSERT_TRUE(a_s.ok());
        Element m = DecryptWithFactor(state.encrypted_tally()[q][o], *a_s);
        // Tallies decrypt to K^count (specs/crypto-proofs.md §1).
        EXPECT_TRUE(group.Equal(
            m, group.VartimeExp(state.joint_key()->element(), group.ScalarFromU64(expected[q][o]))))
            << "subset tally wrong at question " << q << " option " << o;
      }
    }
  }

  static std::string* dir_;
  static std::string passphrase_;
  static BoardProcess* board_;
  static std::vector<RunResult>* results_;
  static std::vector<Bytes> signing_, boxes_;

  SigningKey authority_ = SigningKey::Generate();
  BoardClient client_{board_->endpoint()};
  v1::Manifest manifest_;
  ElectionId id_{};
  std::vector<SigningKey> voters_;
};

std::string* TrusteeTest::dir_ = nullptr;
std::string TrusteeTest::passphrase_;
BoardProcess* TrusteeTest::board_ = nullptr;
std::vector<RunResult>* TrusteeTest::results_ = nullptr;
std::vector<Bytes> TrusteeTest::signing_, TrusteeTest::boxes_;

TEST_F(TrusteeTest, InitPrintsARosterEntryTheManifestAccepts) {
  CreateElection("roster");
  std::string json = ManifestToJson(manifest_);
  auto parsed = ParseManifestJson(json);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  // Printed roster entry: protobuf JSON with base64 bytes.
  RunResult again = testing::Run(
      Program("urne-trustee"),
      {"init", "--name", "Trustee 1", "--out", Key(1), "--passphrase-file", passphrase_});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("keyfile.exists"), std::string::npos) << again.err;
  std::string fresh = *dir_ + "/fresh.key";
  RunResult r = testing::Run(Program("urne-trustee"), {"init", "--name", "Zoé \"Z\"", "--out",
                                                       fresh, "--passphrase-file", passphrase_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::filesystem::status(fresh).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::string snippet = r.out.substr(r.out.find("{\"name\""));
  snippet = snippet.substr(0, snippet.find('\n'));
  size_t at = json.find("\"trustees\": [");
  ASSERT_NE(at, std::string::npos);
  json.insert(at + std::string("\"trustees\": [").size(), snippet + ",");
  auto with_new = ParseManifestJson(json);
  ASSERT_TRUE(with_new.ok()) << with_new.status() << json;
  EXPECT_EQ(with_new->trustees(0).name(), "Zoé \"Z\"");
  EXPECT_EQ(ToHex(AsBytes(with_new->trustees(0).signing_key())),
            ToHex(HexAfter(r.out, "signing key: ")));
}

TEST_F(TrusteeTest, CeremonyTallyFromAnyThreeAndWrongDecryptionRefused) {
  CreateElection("full");
  std::vector<RunResult> runs = CeremonyAll();
  for (uint32_t i = 1; i <= kTrustees; ++i) {
    EXPECT_EQ(runs[i - 1].exit_code, 0) << i << ": " << runs[i - 1].err;
    EXPECT_NE(runs[i - 1].out.find("aggregate share stored"), std::string::npos) << runs[i - 1].out;
  }
  auto state = Sync();
  EXPECT_EQ(state->phase(), v1::READY);
  EXPECT_EQ(state->ceremony().qualified().size(), kTrustees);
  RunResult again = Trustee(3, "ceremony");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("nothing to do"), std::string::npos) << again.out;
  RunResult early = Trustee(2, "decrypt");
  EXPECT_EQ(early.exit_code, 2);
  EXPECT_NE(early.err.find("phase.wrong"), std::string::npos) << early.err;

  ASSERT_TRUE(PostAuthority(v1::OPEN, MakeOpen(*Sync(), Now())).ok());
  ASSERT_NO_FATAL_FAILURE(CastAndClose());

  // Trustee 1 cheats: the board refuses its partial decryption, naming the failed proof.
  RunResult wrong = Trustee(1, "decrypt", {"--cheat-wrong-decryption"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("proof.chaum_pedersen"), std::string::npos) << wrong.err;
  EXPECT_NE(wrong.err.find("question 0, option 0"), std::string::npos) << wrong.err;
  // Trustees 1 and 3 absent: {2, 4, 5} suffice.
  for (uint32_t i : {2u, 4u, 5u}) {
    RunResult r = Trustee(i, "decrypt");
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  RunResult twice = Trustee(4, "decrypt");
  EXPECT_EQ(twice.exit_code, 0);
  EXPECT_NE(twice.out.find("nothing to do"), std::string::npos) << twice.out;
  state = Sync();
  EXPECT_EQ(state->partials().size(), 3u);
  ASSERT_EQ(state->ballots_counted(), 4u) << PhaseName(state->phase()) << " " << state->size();
  auto result = ComputeResult(*state);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(std::vector<uint32_t>(result->trustees().begin(), result->trustees().end()),
            (std::vector<uint32_t>{2, 4, 5}));
  ExpectCounts(*result);
  // The others come back: every 3-subset decrypts the same tally.
  for (uint32_t i : {1u, 3u}) {
    RunResult r = Trustee(i, "decrypt");
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  state = Sync();
  ASSERT_EQ(state->partials().size(), 5u);
  for (auto subset : std::vector<std::vector<uint32_t>>{{1, 2, 3}, {2, 4, 5}, {1, 3, 5}}) {
    SCOPED_TRACE(Cat("subset ", subset[0], subset[1], subset[2]));
    ExpectSubsetTally(*state, subset);
  }
  // Two partials are not enough: the combination is unrelated to the tally.
  const Group& group = state->group();
  std::vector<std::pair<uint32_t, Element>> two = {{1, state->partials().at(1)[0][0]},
                                                   {2, state->partials().at(2)[0][0]}};
  Element m = DecryptWithFactor(state->encrypted_tally()[0][0], *CombinePartials(two));
  EXPECT_FALSE(
      group.Equal(m, group.VartimeExp(state->joint_key()->element(), group.ScalarFromU64(3))));
  result = ComputeResult(*state);
  ASSERT_TRUE(result.ok());
  ExpectCounts(*result);
  ASSERT_TRUE(PostAuthority(v1::RESULT, *result).ok());
  RunResult after = Trustee(2, "status");
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_NE(after.out.find("phase: TALLIED"), std::string::npos) << after.out;
  EXPECT_NE(after.out.find("next: nothing"), std::string::npos) << after.out;
}

// Issue #12: a board may show the authority a closed fork of a few ballots; trustees decrypt
// only the CLOSE root the authority announced, and never a tally of fewer ballots than the
// manifest's secrecy floor (the state machine refuses such a partial decryption too:
// ElectionState.NoPartialDecryptionBelowTheSecrecyFloor).
TEST_F(TrusteeTest, DecryptNeedsTheAnnouncedRootAndRespectsTheSecrecyFloor) {
  CreateElection("secrecy-floor", Now() + 86400, /*min_counted_ballots=*/5);
  for (const RunResult& r : CeremonyAll()) ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(PostAuthority(v1::OPEN, MakeOpen(*Sync(), Now())).ok());
  ASSERT_NO_FATAL_FAILURE(CastAndClose());  // 4 ballots count, the floor is 5
  const std::vector<std::string> base = {"decrypt",    "--board",           board_->address(),
                                         "--election", ToHex(id_),          "--key",
                                         Key(1),       "--passphrase-file", passphrase_};
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::RunClient("urne-trustee", std::move(args));
  };
  RunResult missing = run({});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("usage.close_root"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("urne-admin close"), std::string::npos) << missing.err;
  RunResult short_root = run({"--close-root", "abc"});
  EXPECT_EQ(short_root.exit_code, 2);
  EXPECT_NE(short_root.err.find("64 hexadecimal digits"), std::string::npos) << short_root.err;
  RunResult other = run({"--close-root", std::string(64, '0')});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.err.find("verify.close_root"), std::string::npos) << other.err;

  auto state = Sync();
  ASSERT_EQ(state->ballots_counted(), 4u);
  RunResult floor = Trustee(1, "decrypt");  // the right root
  EXPECT_EQ(floor.exit_code, 2) << floor.err;
  EXPECT_NE(floor.err.find("decryption.too_few_ballots"), std::string::npos) << floor.err;
  EXPECT_TRUE(Sync()->partials().empty());
}

TEST_F(TrusteeTest, BadShareAnsweredByRevealEveryDealerQualifies) {
  CreateElection("bad-share-answered");
  std::vector<RunResult> runs = CeremonyAll({{2, {"--cheat-bad-share-to", "4"}}});
  for (uint32_t i = 1; i <= kTrustees; ++i) {
    EXPECT_EQ(runs[i - 1].exit_code, 0) << i << ": " << runs[i - 1].err;
  }
  EXPECT_NE(runs[3].out.find("posted complaints against trustees 2"), std::string::npos)
      << runs[3].out;
  EXPECT_NE(runs[1].out.find("answered trustee 4's complaint"), std::string::npos) << runs[1].out;
  auto state = Sync();
  EXPECT_EQ(state->phase(), v1::READY);
  EXPECT_EQ(state->ceremony().qualified(), (std::set<uint32_t>{1, 2, 3, 4, 5}));
  // The cost of the complaint: f_2(4) is public now.
  const Scalar* revealed = state->ceremony().revealed(2, 4);
  ASSERT_NE(revealed, nullptr);
  EXPECT_TRUE(VerifyShare(*state->ceremony().commitments(2), 4, *revealed).ok());
  // Trustee 4's aggregate share uses the revealed share: it can decrypt with 2 and 5.
  ASSERT_TRUE(PostAuthority(v1::OPEN, MakeOpen(*Sync(), Now())).ok());
  ASSERT_NO_FATAL_FAILURE(CastAndClose());
  for (uint32_t i : {2u, 4u, 5u}) {
    RunResult r = Trustee(i, "decrypt");
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  auto result = ComputeResult(*Sync());
  ASSERT_TRUE(result.ok()) << result.status();
  ExpectCounts(*result);
}

TEST_F(TrusteeTest, UnansweredComplaintExcludesTheDealerAtOpen) {
  CreateElection("bad-share-unanswered", /*ceremony_deadline=*/Now() - 60);
  std::vector<RunResult> runs =
      CeremonyAll({{2, {"--cheat-bad-share-to", "4", "--cheat-no-reveal"}}}, [&] {
        // The authority waits for every verdict, then OPEN is the deadline.
        for (int tries = 0; tries < 600; ++tries) {
          auto synced = client_.Sync(id_);
          if (synced.ok() && synced->state->ceremony().AllVerdictsIn()) break;
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        auto state = Sync();
        EXPECT_EQ(state->phase(), v1::KEY_CEREMONY);  // the complaint is unanswered
        EXPECT_TRUE(PostAuthority(v1::OPEN, MakeOpen(*Sync(), Now())).ok());
      });
  for (uint32_t i = 1; i <= kTrustees; ++i) {
    EXPECT_EQ(runs[i - 1].exit_code, 0) << i << ": " << runs[i - 1].err;
  }
  auto state = Sync();
  EXPECT_EQ(state->phase(), v1::VOTING);
  EXPECT_EQ(state->ceremony().qualified(), (std::set<uint32_t>{1, 3, 4, 5}));
  EXPECT_NE(runs[3].out.find("qualified dealers: 1, 3, 4, 5"), std::string::npos) << runs[3].out;
  // A reveal after the deadline is refused by the board (phase).
  ASSERT_NO_FATAL_FAILURE(CastAndClose());
  for (uint32_t i : {1u, 2u, 4u}) {
    RunResult r = Trustee(i, "decrypt");
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  auto result = ComputeResult(*Sync());
  ASSERT_TRUE(result.ok()) << result.status();
  ExpectCounts(*result);
}

TEST_F(TrusteeTest, TooFewQualifiedDealersAbortsAtOpen) {
  CreateElection("aborted", /*ceremony_deadline=*/Now() - 60);
  // Trustees 1, 2 and 3 send trustee 5 a wrong share and never answer: only 4 and 5 qualify.
  for (int round = 0; round < 3; ++round) {
    for (uint32_t i = 1; i <= kTrustees; ++i) {
      std::vector<std::string> cheat;
      if (i <= 3) cheat = {"--cheat-bad-share-to", "5", "--cheat-no-reveal"};
      RunResult r = Trustee(i, "ceremony", cheat);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  auto state = Sync();
  EXPECT_TRUE(state->ceremony().AllVerdictsIn());
  EXPECT_EQ(state->phase(), v1::KEY_CEREMONY);
  auto open =
      client_.Post(MakeEntry(id_, v1::OPEN, Serialize(MakeOpen(*Sync(), Now())), authority_));
  EXPECT_EQ(ReasonOf(open.status()), "ceremony.aborted") << open.status();
  RunResult status = Trustee(4, "status");
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("phase: KEY_CEREMONY"), std::string::npos) << status.out;
}

// specs/ceremony.md §3: trustee 5 never shows up. Before the deadline the others wait (no
// verdict can be posted without every dealer's shares); OPEN at the deadline excludes
// trustee 5, the others open their shares then, and any three of them decrypt. Before the
// deadline rule, this election could never open.
TEST_F(TrusteeTest, AbsentTrusteeIsExcludedAtTheDeadlineAndTheOthersDecrypt) {
  CreateElection("absent-trustee", /*ceremony_deadline=*/Now() - 60);
  for (const char* step : {"posted commitments", "posted sealed shares", "waiting for"}) {
    for (uint32_t i = 1; i <= 4; ++i) {
      RunResult r = Trustee(i, "ceremony");
      ASSERT_EQ(r.exit_code, 0) << r.err;
      EXPECT_NE(r.out.find(step), std::string::npos) << "trustee " << i << ": " << r.out;
    }
  }
  auto state = Sync();
  EXPECT_EQ(state->phase(), v1::KEY_CEREMONY);
  ASSERT_TRUE(PostAuthority(v1::OPEN, MakeOpen(*state, Now())).ok());
  state = Sync();
  EXPECT_EQ(state->phase(), v1::VOTING);
  EXPECT_EQ(state->ceremony().qualified(), (std::set<uint32_t>{1, 2, 3, 4}));
  for (uint32_t i = 1; i <= 4; ++i) {
    RunResult r = Trustee(i, "ceremony");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("qualified dealers: 1, 2, 3, 4"), std::string::npos) << r.out;
  }
  ASSERT_NO_FATAL_FAILURE(CastAndClose());
  for (uint32_t i : {1u, 3u, 4u}) {
    RunResult r = Trustee(i, "decrypt");
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  auto result = ComputeResult(*Sync());
  ASSERT_TRUE(result.ok()) << result.status();
  ExpectCounts(*result);
}

TEST_F(TrusteeTest, InterruptedAfterEachStepAndResumed) {
  CreateElection("resumed");
  // Without --wait, each run does one step and stops: the ceremony advances in rounds.
  const std::vector<std::string> expected = {"posted commitments", "posted sealed shares",
                                             "posted acceptance", "aggregate share stored",
                                             "nothing to do"};
  for (const std::string& step : expected) {
    for (uint32_t i = 1; i <= kTrustees; ++i) {
      RunResult r = Trustee(i, "ceremony");
      ASSERT_EQ(r.exit_code, 0) << r.err;
      EXPECT_NE(r.out.find(step), std::string::npos) << "trustee " << i << ": " << r.out;
      if (i == 1 && step == "posted commitments") {
        // Trustee 1 waits for the others: status says what comes next, and a rerun is safe.
        RunResult s = Trustee(1, "status");
        EXPECT_NE(s.out.find("next: post sealed shares"), std::string::npos) << s.out;
      }
    }
  }
  // A killed --wait run (mid-poll) leaves nothing inconsistent.
  auto state = Sync();
  EXPECT_EQ(state->phase(), v1::READY);
  // The polynomial stored before posting is the one committed on the board.
  RunResult s = Trustee(5, "status");
  EXPECT_NE(s.out.find("SHARE_AGGREGATED"), std::string::npos) << s.out;
}

TEST_F(TrusteeTest, KeyFileWrongPassphraseOrCorruptedIsAClearError) {
  CreateElection("keyfile");
  std::string wrong = *dir_ + "/wrong-passphrase";
  std::ofstream(wrong) << "not the passphrase\n";
  RunResult r = testing::Run(Program("urne-trustee"),
                             {"status", "--board", board_->address(), "--election", ToHex(id_),
                              "--key", Key(1), "--passphrase-file", wrong});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("keyfile.wrong_passphrase"), std::string::npos) << r.err;

  std::string corrupt = *dir_ + "/corrupt.key";
  std::filesystem::copy_file(Key(1), corrupt);
  {
    std::fstream f(corrupt, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(100);
    char c;
    f.get(c);
    f.seekp(100);
    f.put(static_cast<char>(c ^ 0x01));
  }
  r = testing::Run(Program("urne-trustee"),
                   {"ceremony", "--board", board_->address(), "--election", ToHex(id_), "--key",
                    corrupt, "--passphrase-file", passphrase_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("keyfile.wrong_passphrase"), std::string::npos) << r.err;

  std::filesystem::resize_file(corrupt, 20);
  r = testing::Run(Program("urne-trustee"), {"decrypt", "--board", board_->address(), "--election",
                                             ToHex(id_), "--key", corrupt, "--passphrase-file",
                                             passphrase_, "--close-root", std::string(64, 'a')});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("keyfile.malformed"), std::string::npos) << r.err;

  r = testing::Run(Program("urne-trustee"),
                   {"status", "--board", board_->address(), "--election", ToHex(id_), "--key",
                    *dir_ + "/none.key", "--passphrase-file", passphrase_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("file.unreadable"), std::string::npos) << r.err;
}

// Issue #16 §6: urne-trustee speaks French with --lang fr or LANG=fr_FR.UTF-8 (no flag):
// its own messages and a lower layer's (board-client/), by reason; the reason it prints
// before the message stays the same.
TEST(TrusteeLanguage, ErrorsInFrenchFromLangOrEnvironmentWithTheSameReason) {
  RunResult fr = testing::Run(Program("urne-trustee"), {"init", "--name", "Zoé", "--lang", "fr"});
  EXPECT_EQ(fr.exit_code, 2);
  EXPECT_EQ(fr.err, "urne-trustee: usage.missing: donnez avec --out le chemin du fichier de clé\n");
  RunResult en = testing::Run(Program("urne-trustee"), {"init", "--name", "Zoé"});
  EXPECT_EQ(en.err, "urne-trustee: usage.missing: give the key file path with --out\n");
  const std::vector<std::string> remote = {
      "status", "--board",         "192.0.2.1:50051", "--election", std::string(64, 'a'),
      "--key",  "/nonexistent.key"};
  const std::string refused =
      "urne-trustee: tls.plaintext_refused: connexion non chiffrée vers une autre machine "
      "refusée ; utilisez https:// (ou --insecure pour un essai)\n";
  {
    testing::ScopedLang french("fr_FR.UTF-8");
    RunResult env = testing::Run(Program("urne-trustee"), {"init", "--name", "Zoé"});
    EXPECT_EQ(env.err, fr.err);
    RunResult low = testing::Run(Program("urne-trustee"), remote);
    EXPECT_EQ(low.exit_code, 2);
    EXPECT_EQ(low.err, refused);
    RunResult missing = testing::Run(Program("urne-trustee"), {"decrypt", "--key", "k"});
    EXPECT_EQ(missing.err,
              "urne-trustee decrypt: --board est obligatoire. Essayez urne-trustee --help.\n");
  }
  // What it prints when it succeeds, too.
  const std::string dir = testing::MakeTempDir("trustee-lang");
  { std::ofstream(dir + "/pass") << "correct horse battery\n"; }
  RunResult made =
      testing::Run(Program("urne-trustee"), {"init", "--name", "Zoé", "--out", dir + "/zoe.key",
                                             "--passphrase-file", dir + "/pass", "--lang", "fr"});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("fichier de clé : " + dir +
                          "/zoe.key (mode 0600, scellé par votre "
                          "phrase secrète)\n"),
            std::string::npos)
      << made.out;
  EXPECT_NE(made.out.find("ligne du garant pour la liste « trustees » du manifeste :"),
            std::string::npos)
      << made.out;
  std::filesystem::remove_all(dir);
  RunResult low_en = testing::Run(Program("urne-trustee"), remote);
  EXPECT_EQ(low_en.err.rfind("urne-trustee: tls.plaintext_refused: refusing plain text", 0), 0u)
      << low_en.err;
}

}  // namespace
}  // namespace urne::trustee_tools

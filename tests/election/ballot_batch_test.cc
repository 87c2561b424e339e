// Ballot proofs verified across ballots (election/ballot_batch.h): every entry's result is
// what ElectionState::Precheck returns for it alone — the same reason and message, naming the
// same ballot, question, option and proof — whatever the batch size and wherever the bad
// ballots are. A one-bad-proof-among-10,000 run is in bench/perf.sh (too slow for ctest).
#include "election/ballot_batch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "crypto/ed25519.h"
#include "election/entry.h"
#include "election/replay.h"
#include "status/status.h"
#include "tools/scripted_election.h"

namespace urne {
namespace {

using testing::ScriptedElection;
using testing::ScriptOptions;

constexpr size_t kVoters = 160;

class BallotBatchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    log_ = new std::vector<v1::Entry>();
    ScriptOptions options;
    options.voters = kVoters;
    election_ = new ScriptedElection(options, [](const v1::Entry& e) {
      log_->push_back(e);
      return absl::OkStatus();
    });
    ASSERT_TRUE(election_->Create().ok());
    ASSERT_TRUE(election_->Ceremony().ok());
    ASSERT_TRUE(election_->Open().ok());
    ballots_ = new std::vector<v1::Entry>();
    for (uint32_t v = 0; v < kVoters; ++v) {
      auto b =
          election_->Encrypt(v, testing::TestChoices(v % 3, {v & 1, 0, 0}, {0, (v >> 1) & 1, 0}),
                             election_->state().size());
      ASSERT_TRUE(b.ok()) << b.status();
      ballots_->push_back(MakeEntry(election_->id(), v1::BALLOT, b->payload, election_->voter(v)));
    }
  }
  static void TearDownTestSuite() {
    delete election_;
    delete log_;
    delete ballots_;
  }

  // Voter v's ballot with `change` applied to its payload, signed again by v.
  static v1::Entry Changed(size_t v, const std::function<void(v1::Ballot&)>& change) {
    v1::Ballot ballot;
    EXPECT_TRUE(ParseStrict((*ballots_)[v].payload(), ballot).ok());
    change(ballot);
    return MakeEntry(election_->id(), v1::BALLOT, Serialize(ballot), election_->voter(v));
  }
  // Flips the low bit of the response v of branch 0 of a range proof (branches of 128
  // bytes, a ‖ b ‖ c ‖ v): the challenge still matches, only the equations fail.
  static void FlipResponse(std::string& proof) { proof[96] ^= 1; }

  // Every result equals Precheck of the entry alone, for several batch sizes, through
  // PrecheckBallots and through PrecheckBallotsOutsideState (which reads the state once).
  static void ExpectSameAsAlone(const std::vector<v1::Entry>& ballots,
                                const std::vector<size_t>& bad) {
    ExpectSameAsAloneIn(election_->state(), ballots, bad);
  }
  static void ExpectSameAsAloneIn(const ElectionState& state, const std::vector<v1::Entry>& ballots,
                                  const std::vector<size_t>& bad) {
    std::vector<absl::Status> alone(ballots.size());  // OK but for the bad ones
    for (size_t k : bad) {
      alone[k] = state.Precheck(ballots[k]).status();
      ASSERT_FALSE(alone[k].ok()) << k;
    }
    for (size_t per_batch : {5, 64, 256}) {
      auto results = PrecheckBallots(state, ballots, 2, per_batch);
      ASSERT_EQ(results.size(), ballots.size());
      for (size_t k = 0; k < ballots.size(); ++k) {
        const bool is_bad = std::find(bad.begin(), bad.end(), k) != bad.end();
        EXPECT_EQ(results[k].ok(), !is_bad) << "ballot " << k << ", batches of " << per_batch;
        EXPECT_EQ(results[k].status(), alone[k]) << "ballot " << k << ", batches of " << per_batch;
      }
      int reads = 0;
      auto outside = PrecheckBallotsOutsideState(
          state,
          [&reads](const std::function<void()>& read) {
            ++reads;
            read();
          },
          ballots, 2, per_batch);
      EXPECT_EQ(reads, 1) << "the state is read once, for all ballots";
      ASSERT_EQ(outside.size(), ballots.size());
      for (size_t k = 0; k < ballots.size(); ++k) {
        EXPECT_EQ(outside[k].status(), alone[k])
            << "outside the state: ballot " << k << ", batches of " << per_batch;
        if (outside[k].ok()) {
          EXPECT_EQ(outside[k]->tracking_code, TrackingCode(ballots[k].payload())) << k;
        }
      }
    }
  }

  static ScriptedElection* election_;
  static std::vector<v1::Entry>* log_;
  static std::vector<v1::Entry>* ballots_;
};

ScriptedElection* BallotBatchTest::election_ = nullptr;
std::vector<v1::Entry>* BallotBatchTest::log_ = nullptr;
std::vector<v1::Entry>* BallotBatchTest::ballots_ = nullptr;

TEST_F(BallotBatchTest, ValidBallotsAllPass) { ExpectSameAsAlone(*ballots_, {}); }

TEST_F(BallotBatchTest, OneBadProofAmongManyNamesExactlyThatBallot) {
  std::vector<v1::Entry> ballots = *ballots_;
  ballots[113] = Changed(
      113, [](v1::Ballot& b) { FlipResponse(*b.mutable_questions(1)->mutable_range_proofs(2)); });
  ExpectSameAsAlone(ballots, {113});
  auto results = PrecheckBallots(election_->state(), ballots, 2);
  EXPECT_EQ(ReasonOf(results[113].status()), "proof.range.invalid");
  EXPECT_EQ(
      std::string(results[113].status().message()).rfind("question \"council\", option 2: ", 0), 0u)
      << results[113].status();
}

TEST_F(BallotBatchTest, BadSumProofFirstAndLastBallots) {
  std::vector<v1::Entry> ballots = *ballots_;
  for (size_t v : {size_t{0}, kVoters - 1}) {
    ballots[v] = Changed(
        v, [](v1::Ballot& b) { FlipResponse(*b.mutable_questions(0)->mutable_sum_proof()); });
  }
  ExpectSameAsAlone(ballots, {0, kVoters - 1});
  auto results = PrecheckBallots(election_->state(), ballots, 2);
  EXPECT_EQ(ReasonOf(results[0].status()), "proof.range.invalid");
  EXPECT_NE(std::string(results[0].status().message()).find("question \"pool\", sum proof: "),
            std::string::npos)
      << results[0].status();
}

TEST_F(BallotBatchTest, MixedFaultsEachGetTheirOwnError) {
  std::vector<v1::Entry> ballots = *ballots_;
  // A ballot missing a question (structure), two neighbours with bad proofs, a broken
  // challenge, a ballot whose bad proof comes before its structural fault (the proof's
  // error is reported, as alone), a bad signature.
  ballots[3] = Changed(3, [](v1::Ballot& b) { b.mutable_questions()->RemoveLast(); });
  for (size_t v : {10, 11}) {
    ballots[v] = Changed(
        v, [](v1::Ballot& b) { FlipResponse(*b.mutable_questions(2)->mutable_range_proofs(0)); });
  }
  ballots[120] = Changed(120, [](v1::Ballot& b) {
    std::string& proof = *b.mutable_questions(0)->mutable_range_proofs(1);
    proof[64] ^= 1;  // branch 0's c: the challenge no longer matches
  });
  ballots[130] = Changed(130, [](v1::Ballot& b) {
    FlipResponse(*b.mutable_questions(0)->mutable_range_proofs(0));
    b.mutable_questions(2)->mutable_ciphertexts()->RemoveLast();
  });
  ballots[140].set_signature(std::string(64, '\0'));
  ExpectSameAsAlone(ballots, {3, 10, 11, 120, 130, 140});
  auto results = PrecheckBallots(election_->state(), ballots, 2);
  EXPECT_EQ(ReasonOf(results[3].status()), "ballot.structure");
  EXPECT_EQ(ReasonOf(results[10].status()), "proof.range.invalid");
  EXPECT_EQ(ReasonOf(results[120].status()), "proof.range.challenge_mismatch");
  EXPECT_EQ(ReasonOf(results[130].status()), "proof.range.invalid");
  EXPECT_EQ(ReasonOf(results[140].status()), "signature.invalid");
}

// The checks that read the state (phase, voter, the same ballot already counted) give the
// same first error as Precheck alone, in the same order after the signature, when the proofs
// are verified outside the state (the board's path).
TEST_F(BallotBatchTest, StateChecksOutsideTheProofsKeepTheirErrorsAndOrder) {
  // A state in which voter 0's ballot is counted.
  std::vector<v1::Entry> log = *log_;
  log.push_back((*ballots_)[0]);
  auto replayed = Replay(log, 2);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  const ElectionState& state = **replayed;
  std::vector<v1::Entry> ballots(ballots_->begin(), ballots_->begin() + 40);
  // 0: the counted ballot again. 5: voter 5's ballot signed by a key not on the roll.
  // 6: the same, with a broken signature (the signature is checked first). 7: another
  // election's entry.
  SigningKey stranger = SigningKey::Generate();
  ballots[5] = MakeEntry(election_->id(), v1::BALLOT, (*ballots_)[5].payload(), stranger);
  ballots[6] = ballots[5];
  ballots[6].set_signature(std::string(64, '\0'));
  ballots[7].set_election_id(std::string(32, 'x'));
  ExpectSameAsAloneIn(state, ballots, {0, 5, 6, 7});
  int reads = 0;
  auto results = PrecheckBallotsOutsideState(
      state,
      [&reads](const std::function<void()>& read) {
        ++reads;
        read();
      },
      ballots, 1);
  EXPECT_EQ(reads, 1);
  EXPECT_EQ(ReasonOf(results[0].status()), "ballot.duplicate");
  EXPECT_EQ(results[0].status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(results[5].status()), "credential.not_on_roll");
  EXPECT_EQ(ReasonOf(results[6].status()), "signature.invalid");
  EXPECT_EQ(ReasonOf(results[7].status()), "entry.wrong_election");
  for (size_t k : {1, 2, 3, 39}) EXPECT_TRUE(results[k].ok()) << k << ": " << results[k].status();
}

// Through the replay (what urne-verify and every client run): the log stops at exactly the
// bad ballot, with its entry index, question and option.
TEST_F(BallotBatchTest, ReplayStopsAtExactlyTheBadBallot) {
  std::vector<v1::Entry> log = *log_;
  const size_t first = log.size();
  log.insert(log.end(), ballots_->begin(), ballots_->end());
  log[first + 141] = Changed(
      141, [](v1::Ballot& b) { FlipResponse(*b.mutable_questions(1)->mutable_range_proofs(1)); });
  auto replayed = Replay(log, 2);
  ASSERT_FALSE(replayed.ok());
  EXPECT_EQ(ReasonOf(replayed.status()), "proof.range.invalid");
  EXPECT_EQ(
      std::string(replayed.status().message())
          .rfind(Cat("entry ", first + 141, " (BALLOT): question \"council\", option 1: "), 0),
      0u)
      << replayed.status();
  // The same log without the fault replays.
  log[first + 141] = (*ballots_)[141];
  auto good = Replay(log, 2);
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ((*good)->ballots(), kVoters);
}

}  // namespace
}  // namespace urne

// Ballot verification checks every proof of a ballot in one batch (specs/crypto-proofs.md
// §2.5); a bad proof must still be named exactly as individual verification names it.
#include "election/ballot.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/range_proof.h"
#include "status/status.h"
#include "tools/scripted_election.h"

namespace urne {
namespace {

using testing::ScriptedElection;
using testing::ScriptOptions;

class BallotTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ScriptOptions options;
    options.group = GetParam();
    options.voters = 2;
    election_ = std::make_unique<ScriptedElection>(
        options, [](const v1::Entry&) { return absl::OkStatus(); });
    ASSERT_TRUE(election_->Create().ok());
    ASSERT_TRUE(election_->Ceremony().ok());
    ASSERT_TRUE(election_->Open().ok());
  }
  BallotStatement Statement() const {
    const ElectionState& s = election_->state();
    return BallotStatement{s.manifest(), s.group(), election_->id(), *s.joint_key(),
                           election_->voter(0).public_key()};
  }
  v1::Ballot Valid() const {
    auto ballot = EncryptBallot(Statement(), testing::TestChoices(0, {1, 0, 0}, {0, 1, 0}),
                                election_->state().size());
    EXPECT_TRUE(ballot.ok()) << ballot.status();
    v1::Ballot parsed;
    EXPECT_TRUE(parsed.ParseFromString(ballot->payload));
    return parsed;
  }
  std::unique_ptr<ScriptedElection> election_;
};

TEST_P(BallotTest, ValidBallotVerifies) {
  const BallotStatement st = Statement();
  auto cts = VerifyBallot(st, Valid().SerializeAsString());
  ASSERT_TRUE(cts.ok()) << cts.status();
  EXPECT_EQ(cts->ciphertexts.size(), static_cast<size_t>(st.manifest.questions_size()));
}

// Option 1 of question 0 replaced by an encryption of 2 with a proof that lies about it:
// its challenge is right, its equations are not, so only the batch can catch it, and the
// error must name that option and the reason proof.range.invalid.
TEST_P(BallotTest, LyingRangeProofIsNamedByQuestionAndOption) {
  const BallotStatement st = Statement();
  v1::Ballot ballot = Valid();
  Encryption two = st.key.Encrypt(2);
  auto lie = ProveRange(st.key, two.ciphertext, 1, two.nonce, 0, 1,
                        SelectionContext(st.election, st.credential, 0, 1));
  ASSERT_TRUE(lie.ok());
  Bytes ct = EncodeCiphertext(two.ciphertext), proof = EncodeRangeProof(*lie);
  ballot.mutable_questions(0)->set_ciphertexts(1, std::string(ct.begin(), ct.end()));
  ballot.mutable_questions(0)->set_range_proofs(1, std::string(proof.begin(), proof.end()));
  auto result = VerifyBallot(st, ballot.SerializeAsString());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(ReasonOf(result.status()), "proof.range.invalid");
  const std::string message(result.status().message());
  EXPECT_NE(message.find(Cat("question \"", st.manifest.questions(0).id(), "\", option 1: ")),
            std::string::npos)
      << message;
}

// A proof made for another option (another context) fails its challenge at once.
TEST_P(BallotTest, ProofsSwappedBetweenOptionsFailTheirChallenge) {
  v1::Ballot ballot = Valid();
  auto* q = ballot.mutable_questions(1);
  std::string first = q->range_proofs(0);
  q->set_range_proofs(0, q->range_proofs(1));
  q->set_range_proofs(1, first);
  auto result = VerifyBallot(Statement(), ballot.SerializeAsString());
  EXPECT_EQ(ReasonOf(result.status()), "proof.range.challenge_mismatch");
}

INSTANTIATE_TEST_SUITE_P(Groups, BallotTest, ::testing::Values("ristretto255", "eg4096"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace urne

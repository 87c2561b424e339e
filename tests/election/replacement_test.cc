// CREDENTIAL_REPLACEMENT (specs/entries.md §2.10): the authority replaces a lost or stolen
// letter's credential during the vote. Every rule refused with its own reason; the revoked
// credential's counted ballot leaves the tally and it can post nothing more; the replay
// agrees.
#include <gtest/gtest.h>

#include "election/authority_steps.h"
#include "election/replay.h"
#include "election/state.h"
#include "status/status.h"
#include "tools/scripted_election.h"

namespace urne {
namespace {

using testing::ScriptedElection;
using testing::ScriptOptions;

Choices Vote(uint32_t pool) { return testing::TestChoices(pool, {0, 0, 0}, {0, 0, 0}); }

std::string Str(const PublicKey& pk) { return std::string(pk.bytes.begin(), pk.bytes.end()); }

class CredentialReplacementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ScriptOptions options;
    options.voters = 4;
    e_ = std::make_unique<ScriptedElection>(options, [this](const v1::Entry& x) {
      log_.push_back(x);
      return absl::OkStatus();
    });
    ASSERT_TRUE(e_->Create().ok());
    ASSERT_TRUE(e_->Ceremony().ok());
  }
  void Open() { ASSERT_TRUE(e_->Open(kOpenedAt).ok()); }
  // A replacement of `revoked` by `replacement`, signed by `key` (the authority by default).
  absl::Status Replace(const std::string& revoked, const std::string& replacement,
                       int64_t at = kOpenedAt + 10, const SigningKey* key = nullptr) {
    v1::CredentialReplacement r;
    r.set_revoked(revoked);
    r.set_replacement(replacement);
    r.set_replaced_at(at);
    return e_->Post(
        e_->Sign(v1::CREDENTIAL_REPLACEMENT, r, key != nullptr ? *key : e_->authority()));
  }
  std::string Voter(size_t v) const { return Str(e_->voter(v).public_key()); }
  static std::string Fresh() { return Str(SigningKey::Generate().public_key()); }

  static constexpr int64_t kOpenedAt = 1'800'000'100;
  std::vector<v1::Entry> log_;
  std::unique_ptr<ScriptedElection> e_;
};

TEST_F(CredentialReplacementTest, RevokedBallotStopsCountingAndTheNewCredentialVotes) {
  Open();
  ASSERT_TRUE(e_->Cast(0, Vote(0)).ok());
  ASSERT_TRUE(e_->Cast(1, Vote(1)).ok());
  EXPECT_EQ(e_->state().ballots_counted(), 2u);
  const std::string old = Voter(1);
  auto replaced = e_->ReplaceCredential(1, kOpenedAt + 60);
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  // Voter 1's ballot left the tally; the roll's length (registered voters) is unchanged.
  EXPECT_EQ(e_->state().ballots_counted(), 1u);
  EXPECT_FALSE(e_->state().CountedBallotIndex(old).has_value());
  EXPECT_EQ(e_->state().roll().size(), 4u);
  EXPECT_FALSE(e_->state().OnRoll(old));
  EXPECT_TRUE(e_->state().OnRoll(Voter(1)));
  ASSERT_EQ(e_->state().replacements().size(), 1u);
  EXPECT_EQ(e_->state().replacements()[0].replaced_at, kOpenedAt + 60);
  EXPECT_TRUE(e_->state().replacements()[0].revoked_had_counted);
  ASSERT_NE(e_->state().RevokedBy(old), nullptr);
  EXPECT_EQ(e_->state().RevokedBy(old)->index, e_->state().size() - 1);

  // The old credential can post nothing more: a ballot and an audit under it are refused.
  const SigningKey& retired = e_->retired_voters().at(0);
  auto ballot = e_->Encrypt(0, Vote(2), e_->state().size());
  ASSERT_TRUE(ballot.ok());
  absl::Status s = e_->Post(MakeEntry(e_->id(), v1::BALLOT, ballot->payload, retired));
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(s), "credential.revoked");
  s = e_->Post(e_->Sign(v1::AUDIT, ballot->opening, retired));
  EXPECT_EQ(ReasonOf(s), "credential.revoked");

  // The new credential votes; the count is back to two, and the tally decrypts to it.
  ASSERT_TRUE(e_->Cast(1, Vote(2)).ok());
  EXPECT_EQ(e_->state().ballots_counted(), 2u);
  ASSERT_TRUE(e_->Close().ok());
  ASSERT_TRUE(e_->Decrypt(1).ok());
  ASSERT_TRUE(e_->Decrypt(2).ok());
  auto result = e_->PublishResult();
  ASSERT_TRUE(result.ok()) << result.status();
  const v1::Result* r = e_->state().result();
  EXPECT_EQ(r->registered(), 4u);
  EXPECT_EQ(r->ballots_counted(), 2u);
  // Voter 0 yes; voter 1's first ballot (no) no longer counts; its new one is blank.
  EXPECT_EQ(std::vector<uint64_t>(r->questions(0).counts().begin(), r->questions(0).counts().end()),
            (std::vector<uint64_t>{1, 0, 1}));

  auto replayed = Replay(log_, 2);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  EXPECT_EQ((*replayed)->tree().Root(), e_->state().tree().Root());
  EXPECT_EQ((*replayed)->replacements().size(), 1u);
}

TEST_F(CredentialReplacementTest, OnlyDuringTheVote) {
  // Before OPEN.
  absl::Status s = Replace(Voter(0), Fresh());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(s), "phase.wrong");
  Open();
  ASSERT_TRUE(e_->Close().ok());
  // After CLOSE.
  s = Replace(Voter(0), Fresh());
  EXPECT_EQ(ReasonOf(s), "phase.wrong");
}

TEST_F(CredentialReplacementTest, EveryRuleHasItsReason) {
  Open();
  // Signed by a trustee, or by a voter.
  absl::Status s = Replace(Voter(0), Fresh(), kOpenedAt + 10, &e_->trustee_key(1));
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(s), "role.wrong_author");
  s = Replace(Voter(0), Fresh(), kOpenedAt + 10, &e_->voter(0));
  EXPECT_EQ(ReasonOf(s), "role.wrong_author");
  // Keys that are not 32 bytes, or not valid points.
  s = Replace(Voter(0).substr(1), Fresh());
  EXPECT_EQ(ReasonOf(s), "key.wrong_length");
  EXPECT_NE(std::string(s.message()).find("revoked: "), std::string::npos) << s;
  s = Replace(Voter(0), std::string(32, '\0'));
  EXPECT_EQ(ReasonOf(s), "key.invalid");
  EXPECT_NE(std::string(s.message()).find("replacement: "), std::string::npos) << s;
  // The revoked credential must be a current one.
  s = Replace(Fresh(), Fresh());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(s), "replacement.not_on_roll");
  // The replacement must be new: not on the roll, not itself.
  s = Replace(Voter(0), Voter(1));
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(s), "replacement.not_fresh");
  s = Replace(Voter(0), Voter(0));
  EXPECT_EQ(ReasonOf(s), "replacement.not_fresh");
  // Not before the OPEN's time.
  s = Replace(Voter(0), Fresh(), kOpenedAt - 1);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(s), "replacement.time_order");
  // A payload with an unknown field.
  v1::Entry odd =
      MakeEntry(e_->id(), v1::CREDENTIAL_REPLACEMENT, std::string("\x20\x01", 2), e_->authority());
  EXPECT_EQ(ReasonOf(e_->Post(odd)), "payload.malformed");

  // One valid replacement, then the rules that follow from it.
  const std::string added = Fresh();
  ASSERT_TRUE(Replace(Voter(0), added, kOpenedAt + 100).ok());
  s = Replace(Voter(0), Fresh(), kOpenedAt + 200);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(s), "replacement.already_revoked");
  // The revoked credential cannot come back, nor can a replacement be used twice.
  s = Replace(Voter(1), Voter(0), kOpenedAt + 200);
  EXPECT_EQ(ReasonOf(s), "replacement.not_fresh");
  s = Replace(Voter(1), added, kOpenedAt + 200);
  EXPECT_EQ(ReasonOf(s), "replacement.not_fresh");
  // Not before the previous replacement's time.
  s = Replace(Voter(1), Fresh(), kOpenedAt + 99);
  EXPECT_EQ(ReasonOf(s), "replacement.time_order");
  // A replacement may itself be replaced (a second lost letter), at the same second.
  EXPECT_TRUE(Replace(added, Fresh(), kOpenedAt + 100).ok());
  EXPECT_EQ(e_->state().replacements().size(), 2u);
  EXPECT_FALSE(e_->state().replacements()[0].revoked_had_counted);
  // Nothing refused changed the log.
  auto replayed = Replay(log_, 1);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  EXPECT_EQ((*replayed)->tree().Root(), e_->state().tree().Root());
}

// A ballot prechecked (on the board's verifier threads) before a replacement of its author
// was applied is still refused when it is applied.
TEST_F(CredentialReplacementTest, BallotPrecheckedBeforeTheRevocationIsRefused) {
  Open();
  auto ballot = e_->Encrypt(2, Vote(0), e_->state().size());
  ASSERT_TRUE(ballot.ok());
  v1::Entry entry = MakeEntry(e_->id(), v1::BALLOT, ballot->payload, e_->voter(2));
  auto pre = e_->state().Precheck(entry);
  ASSERT_TRUE(pre.ok()) << pre.status();
  ASSERT_TRUE(e_->ReplaceCredential(2, kOpenedAt + 5).ok());
  // Apply the prechecked ballot to a replayed copy of the state (the script's is const).
  auto state = Replay(log_, 1);
  ASSERT_TRUE(state.ok());
  absl::Status s = (*state)->ApplyPrechecked(entry, std::move(*pre));
  EXPECT_EQ(ReasonOf(s), "credential.revoked");
}

}  // namespace
}  // namespace urne

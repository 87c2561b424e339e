// The election state machine driven end to end in-process (no board): ceremony, votes,
// revotes, audits, close, partial decryptions and result; then the same log replayed.
#include "election/state.h"

#include <gtest/gtest.h>

#include "authority/steps.h"
#include "crypto/status.h"
#include "election/replay.h"
#include "tests/support/scripted_election.h"

namespace urne {
namespace {

using testing::ScriptedElection;
using testing::ScriptOptions;

struct Collected {
  std::vector<v1::Entry> entries;
  ScriptedElection::Sink sink() {
    return [this](const v1::Entry& e) {
      entries.push_back(e);
      return absl::OkStatus();
    };
  }
};

// pool: yes/no/blank; council: approval ≤ 2 of 3; budget: ≤ 3 of 3.
Choices Vote(uint32_t pool, std::vector<uint32_t> council, std::vector<uint32_t> budget) {
  return testing::TestChoices(pool, std::move(council), std::move(budget));
}

TEST(ElectionState, WholeElectionTalliesAndReplays) {
  Collected log;
  ScriptOptions options;
  options.voters = 5;
  ScriptedElection e(options, log.sink());
  ASSERT_TRUE(e.Create().ok());
  EXPECT_EQ(e.state().phase(), v1::SETUP);
  ASSERT_TRUE(e.Ceremony().ok());
  EXPECT_EQ(e.state().phase(), v1::READY);
  ASSERT_TRUE(e.Open().ok());
  ASSERT_TRUE(e.Cast(0, Vote(0, {1, 1, 0}, {1, 0, 0})).ok());
  ASSERT_TRUE(e.Cast(1, Vote(1, {1, 0, 0}, {0, 1, 1})).ok());
  ASSERT_TRUE(e.Cast(2, Vote(0, {0, 0, 1}, {1, 1, 0})).ok());
  ASSERT_TRUE(e.Audit(3, Vote(1, {0, 0, 0}, {0, 0, 0})).ok());
  // Voter 1 changes their mind: last ballot counts.
  ASSERT_TRUE(e.Cast(1, Vote(2, {0, 1, 0}, {0, 1, 0})).ok());
  EXPECT_EQ(e.state().ballots(), 4u);
  EXPECT_EQ(e.state().revotes(), 1u);
  EXPECT_EQ(e.state().ballots_counted(), 3u);
  ASSERT_TRUE(e.Close().ok());
  ASSERT_TRUE(e.Decrypt(3).ok());
  ASSERT_TRUE(e.Decrypt(1).ok());
  auto result = e.PublishResult();
  ASSERT_TRUE(result.ok()) << result.status();
  const v1::Result* r = e.state().result();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->registered(), 5u);
  EXPECT_EQ(r->ballots_counted(), 3u);
  EXPECT_EQ(std::vector<uint64_t>(r->questions(0).counts().begin(), r->questions(0).counts().end()),
            (std::vector<uint64_t>{2, 0, 1}));
  EXPECT_EQ(std::vector<uint64_t>(r->questions(1).counts().begin(), r->questions(1).counts().end()),
            (std::vector<uint64_t>{1, 2, 1}));
  EXPECT_EQ(std::vector<uint64_t>(r->questions(2).counts().begin(), r->questions(2).counts().end()),
            (std::vector<uint64_t>{2, 2, 0}));
  // 3 of 5 registered voted (quorum) and yes 2 > no 0.
  EXPECT_EQ(r->decisions(0).outcome(), "adopted");
  EXPECT_EQ(e.state().phase(), v1::TALLIED);

  auto replayed = Replay(log.entries, 2);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  EXPECT_EQ((*replayed)->tree().Root(), e.state().tree().Root());
  EXPECT_EQ((*replayed)->phase(), v1::TALLIED);
}

TEST(ElectionState, RejectsEntriesWithSpecificReasons) {
  Collected log;
  ScriptOptions options;
  options.voters = 3;
  options.revote_policy = v1::SINGLE_BALLOT;
  ScriptedElection e(options, log.sink());
  ASSERT_TRUE(e.Create().ok());
  // Open before the ceremony.
  absl::Status s = e.Open();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(s), "phase.wrong");
  ASSERT_TRUE(e.Ceremony().ok());
  // A ballot before the vote is open.
  auto early = e.Cast(0, Vote(0, {0, 0, 0}, {0, 0, 0}));
  EXPECT_EQ(ReasonOf(early.status()), "phase.wrong");
  ASSERT_TRUE(e.Open().ok());
  auto first = e.Cast(0, Vote(0, {0, 0, 0}, {0, 0, 0}));
  ASSERT_TRUE(first.ok());
  // The same ballot again.
  s = e.Post(*first);
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(s), "ballot.duplicate");
  // A second ballot under "single ballot".
  auto second = e.Cast(0, Vote(1, {0, 0, 0}, {0, 0, 0}));
  EXPECT_EQ(second.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(second.status()), "ballot.already_cast");
  // A ballot copied under another credential: proofs are bound to the credential.
  v1::Entry copied = MakeEntry(e.id(), v1::BALLOT, first->payload(), e.voter(1));
  s = e.Post(copied);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(s), "proof.range.challenge_mismatch");
  // A credential not on the roll.
  SigningKey stranger = SigningKey::Generate();
  v1::Entry foreign = MakeEntry(e.id(), v1::BALLOT, first->payload(), stranger);
  s = e.Post(foreign);
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(s), "credential.not_on_roll");
  // CLOSE signed by a trustee.
  s = e.Post(e.Sign(v1::CLOSE, v1::Close(), e.trustee_key(1)));
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(s), "role.wrong_author");
  // CLOSE with a wrong tree head.
  v1::Close wrong;
  wrong.set_tree_size(e.state().size() - 1);
  wrong.set_root_hash(std::string(32, '\0'));
  s = e.Post(e.Sign(v1::CLOSE, wrong, e.authority()));
  EXPECT_EQ(ReasonOf(s), "close.tree_head_mismatch");
  // A tampered signature.
  v1::Entry tampered = *first;
  tampered.mutable_signature()->at(0) ^= 1;
  s = e.Post(tampered);
  EXPECT_EQ(ReasonOf(s), "signature.invalid");
  ASSERT_TRUE(e.Close().ok());
  // Wrong result counts.
  ASSERT_TRUE(e.Decrypt(1).ok());
  ASSERT_TRUE(e.Decrypt(2).ok());
  auto result = ComputeResult(e.state());
  ASSERT_TRUE(result.ok()) << result.status();
  // One count changed: it no longer matches the decryption of the tally.
  v1::Result forged = *result;
  forged.mutable_questions(0)->set_counts(0, forged.questions(0).counts(0) + 1);
  s = e.Post(e.Sign(v1::RESULT, forged, e.authority()));
  EXPECT_EQ(ReasonOf(s), "result.counts");
  // A decision flipped.
  forged = *result;
  forged.mutable_decisions(0)->set_outcome(forged.decisions(0).outcome() == "adopted" ? "rejected"
                                                                                      : "adopted");
  s = e.Post(e.Sign(v1::RESULT, forged, e.authority()));
  EXPECT_EQ(ReasonOf(s), "result.decision");
  // Trustees that did not decrypt.
  forged = *result;
  forged.set_trustees(1, 3);
  s = e.Post(e.Sign(v1::RESULT, forged, e.authority()));
  EXPECT_EQ(ReasonOf(s), "result.trustees");
  EXPECT_EQ(e.state().phase(), v1::CLOSED);
  ASSERT_TRUE(e.Post(e.Sign(v1::RESULT, *result, e.authority())).ok());
  EXPECT_EQ(e.state().phase(), v1::TALLIED);
}

TEST(ElectionState, BadDealerIsExcludedOrVindicated) {
  for (bool answers : {true, false}) {
    Collected log;
    ScriptOptions options;
    options.voters = 2;
    ScriptedElection e(options, log.sink());
    ASSERT_TRUE(e.Create().ok());
    ASSERT_TRUE(e.Ceremony(/*bad_dealer=*/2, /*victim=*/3, answers).ok());
    if (answers) {
      EXPECT_EQ(e.state().phase(), v1::READY);
    } else {
      EXPECT_EQ(e.state().phase(), v1::KEY_CEREMONY);
    }
    ASSERT_TRUE(e.Open().ok());
    EXPECT_EQ(e.state().ceremony().qualified().count(2), answers ? 1u : 0u);
    ASSERT_TRUE(e.Cast(0, Vote(0, {1, 0, 0}, {0, 0, 1})).ok());
    ASSERT_TRUE(e.Close().ok());
    ASSERT_TRUE(e.Decrypt(3).ok());
    ASSERT_TRUE(e.Decrypt(2).ok());
    auto result = e.PublishResult();
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(e.state().result()->questions(0).counts(0), 1u);
  }
}

}  // namespace
}  // namespace urne

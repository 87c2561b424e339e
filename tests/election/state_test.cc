// The election state machine driven end to end in-process (no board): ceremony, votes,
// revotes, audits, close, partial decryptions and result; then the same log replayed.
#include "election/state.h"

#include <gtest/gtest.h>

#include <set>

#include "election/authority_steps.h"
#include "election/replay.h"
#include "status/status.h"
#include "tools/scripted_election.h"

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

// Issue #12: a tally of fewer ballots than the manifest's min_counted_ballots is never
// decrypted (a closed fork of one victim's ballot would otherwise be); a tally of no ballot
// reveals nothing and is.
TEST(ElectionState, NoPartialDecryptionBelowTheSecrecyFloor) {
  for (size_t cast : {0u, 1u, 2u, 3u}) {
    SCOPED_TRACE(Cat(cast, " ballots"));
    Collected log;
    ScriptOptions options;
    options.voters = 4;
    options.min_counted_ballots = 3;
    ScriptedElection e(options, log.sink());
    ASSERT_TRUE(e.Create().ok());
    ASSERT_TRUE(e.Ceremony().ok());
    ASSERT_TRUE(e.Open().ok());
    for (size_t v = 0; v < cast; ++v) ASSERT_TRUE(e.Cast(v, Vote(0, {1, 0, 0}, {1, 0, 0})).ok());
    if (cast > 0) {
      ASSERT_TRUE(e.Cast(0, Vote(1, {0, 0, 0}, {0, 0, 0})).ok());  // a revote counts once
    }
    ASSERT_TRUE(e.Close().ok());
    EXPECT_EQ(e.state().ballots_counted(), cast);
    auto decrypted = e.Decrypt(1);
    if (cast > 0 && cast < 3) {
      EXPECT_EQ(ReasonOf(decrypted.status()), "decryption.too_few_ballots") << decrypted.status();
      EXPECT_TRUE(absl::IsFailedPrecondition(decrypted.status()));
      EXPECT_TRUE(e.state().partials().empty());
    } else {
      EXPECT_TRUE(decrypted.ok()) << decrypted.status();
    }
  }
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
      ASSERT_TRUE(e.Open().ok());
    } else {
      EXPECT_EQ(e.state().phase(), v1::KEY_CEREMONY);
      // The complaint is unanswered: only an OPEN at or after the deadline excludes.
      ASSERT_TRUE(e.Open(options.ceremony_deadline).ok());
    }
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

// specs/ballot.md §4 rule 7, both directions. An audited ballot's ciphertexts proved again
// with fresh proofs (a new tracking code) and cast would count a vote whose plaintext is
// public; a counted ballot's ciphertexts opened by a later AUDIT would publish a receipt of a
// counted vote. Both are refused, naming the first reused ciphertext by question and option.
TEST(ElectionState, AuditedCiphertextsCannotBeCastAgain) {
  for (const char* group : {"ristretto255", "eg4096"}) {
    SCOPED_TRACE(group);
    Collected log;
    ScriptOptions options;
    options.group = group;
    options.voters = 2;
    ScriptedElection e(options, log.sink());
    ASSERT_TRUE(e.Create().ok());
    ASSERT_TRUE(e.Ceremony().ok());
    ASSERT_TRUE(e.Open().ok());
    auto audit = e.Audit(0, Vote(1, {0, 1, 0}, {1, 0, 0}));
    ASSERT_TRUE(audit.ok()) << audit.status();
    v1::Audit opened;
    ASSERT_TRUE(opened.ParseFromString(audit->payload()));
    auto again = e.Reprove(0, opened, e.state().size());
    ASSERT_TRUE(again.ok()) << again.status();
    ASSERT_NE(again->ballot(), opened.ballot());  // fresh proofs: another tracking code
    absl::Status s = e.Post(MakeEntry(e.id(), v1::BALLOT, again->ballot(), e.voter(0)));
    EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
    EXPECT_EQ(ReasonOf(s), "ballot.ciphertext_reused") << s;
    EXPECT_NE(std::string(s.message()).find("question \"pool\", option \"yes\""), std::string::npos)
        << s;
    // Nor audited twice, and nothing changed.
    s = e.Post(e.Sign(v1::AUDIT, *again, e.voter(0)));
    EXPECT_EQ(ReasonOf(s), "ballot.ciphertext_reused") << s;
    EXPECT_EQ(e.state().ballots(), 0u);
    EXPECT_EQ(e.state().audits(), 1u);
    // A fresh encryption of the same choices is a new ballot.
    EXPECT_TRUE(e.Cast(0, Vote(1, {0, 1, 0}, {1, 0, 0})).ok());
  }
}

TEST(ElectionState, CountedCiphertextsCannotBeOpenedByALaterAudit) {
  Collected log;
  ScriptOptions options;
  options.voters = 2;
  ScriptedElection e(options, log.sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  auto cast = e.Cast(0, Vote(0, {1, 0, 0}, {0, 0, 1}));
  ASSERT_TRUE(cast.ok());
  const v1::Audit* opening = e.OpeningOf(*cast);
  ASSERT_NE(opening, nullptr);
  // The very ballot opened: its tracking code is taken.
  absl::Status s = e.Post(e.Sign(v1::AUDIT, *opening, e.voter(0)));
  EXPECT_EQ(ReasonOf(s), "ballot.duplicate");
  // Its ciphertexts re-proved and opened: refused by the ciphertexts.
  auto reproved = e.Reprove(0, *opening, e.state().size());
  ASSERT_TRUE(reproved.ok()) << reproved.status();
  s = e.Post(e.Sign(v1::AUDIT, *reproved, e.voter(0)));
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(s), "ballot.ciphertext_reused") << s;
  EXPECT_EQ(e.state().audits(), 0u);
  EXPECT_EQ(e.state().CountedBallotIndex(cast->author()), e.state().size() - 1);
}

// A copier who knows the nonces (a vote buyer's receipt, or a public audit) proves the
// ciphertexts again under its own credential: the proofs are valid for it, the alphas are
// not new.
TEST(ElectionState, CiphertextsCopiedUnderAnotherCredentialAreRefused) {
  Collected log;
  ScriptOptions options;
  options.voters = 3;
  ScriptedElection e(options, log.sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  auto cast = e.Cast(0, Vote(0, {1, 1, 0}, {0, 1, 0}));
  ASSERT_TRUE(cast.ok());
  auto copy = e.Reprove(1, *e.OpeningOf(*cast), e.state().size());
  ASSERT_TRUE(copy.ok()) << copy.status();
  absl::Status s = e.Post(MakeEntry(e.id(), v1::BALLOT, copy->ballot(), e.voter(1)));
  EXPECT_EQ(ReasonOf(s), "ballot.ciphertext_reused") << s;
  s = e.Post(e.Sign(v1::AUDIT, *copy, e.voter(1)));
  EXPECT_EQ(ReasonOf(s), "ballot.ciphertext_reused") << s;
  // The same from an audit's public opening, by a third credential.
  auto audit = e.Audit(2, Vote(2, {0, 0, 0}, {0, 0, 0}));
  ASSERT_TRUE(audit.ok());
  v1::Audit opened;
  ASSERT_TRUE(opened.ParseFromString(audit->payload()));
  copy = e.Reprove(1, opened, e.state().size());
  ASSERT_TRUE(copy.ok());
  s = e.Post(MakeEntry(e.id(), v1::BALLOT, copy->ballot(), e.voter(1)));
  EXPECT_EQ(ReasonOf(s), "ballot.ciphertext_reused") << s;
  EXPECT_EQ(e.state().ballots(), 1u);
}

// Two options of one ballot encrypted with the same nonce have equal alphas, and
// β₁/β₂ = K^{m₁−m₂} tells anyone whether they hold the same choice.
TEST(ElectionState, EqualAlphasInsideOneBallotAreRefused) {
  Collected log;
  ScriptOptions options;
  options.voters = 1;
  ScriptedElection e(options, log.sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  auto ballot = e.Encrypt(0, Vote(0, {1, 0, 0}, {0, 0, 0}), e.state().size());
  ASSERT_TRUE(ballot.ok());
  v1::Audit opening = ballot->opening;
  // Budget option "park" takes the nonce of council option "chloe": another question.
  opening.mutable_questions(2)->set_nonces(0, opening.questions(1).nonces(2));
  auto same = e.Reprove(0, opening, e.state().size());
  ASSERT_TRUE(same.ok()) << same.status();
  absl::Status s = e.Post(MakeEntry(e.id(), v1::BALLOT, same->ballot(), e.voter(0)));
  EXPECT_EQ(ReasonOf(s), "ballot.ciphertext_reused") << s;
  EXPECT_NE(std::string(s.message())
                .find("question \"budget\", option \"park\": this ciphertext's randomness "
                      "(alpha) is the same as that of question \"council\", option \"chloe\""),
            std::string::npos)
      << s;
  // Inside one question too.
  opening = ballot->opening;
  opening.mutable_questions(0)->set_nonces(2, opening.questions(0).nonces(0));
  same = e.Reprove(0, opening, e.state().size());
  ASSERT_TRUE(same.ok());
  s = e.Post(MakeEntry(e.id(), v1::BALLOT, same->ballot(), e.voter(0)));
  EXPECT_EQ(ReasonOf(s), "ballot.ciphertext_reused") << s;
  EXPECT_EQ(e.state().ballots(), 0u);
}

// specs/ballot.md §4 rules 8 and 9. The attack: a voter's ballot made earlier and never
// delivered (held back by the network or an attacker) arrives after the voter's revote;
// before this rule it was accepted and counted instead of the revote.
TEST(ElectionState, OlderBallotDeliveredAfterARevoteIsRefused) {
  Collected log;
  ScriptOptions options;
  options.voters = 2;
  ScriptedElection e(options, log.sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  auto held = e.Encrypt(0, Vote(1, {0, 0, 0}, {0, 0, 0}), e.state().size());
  ASSERT_TRUE(held.ok());
  ASSERT_TRUE(e.Cast(1, Vote(0, {0, 0, 0}, {0, 0, 0})).ok());
  auto revote = e.Cast(0, Vote(0, {1, 0, 0}, {1, 0, 0}));
  ASSERT_TRUE(revote.ok());
  const uint64_t revote_index = e.state().size() - 1;
  absl::Status s = e.Post(MakeEntry(e.id(), v1::BALLOT, held->payload, e.voter(0)));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(s), "ballot.stale") << s;
  EXPECT_NE(std::string(s.message()).find(Cat("ballot at index ", revote_index)), std::string::npos)
      << s;
  EXPECT_EQ(e.state().CountedBallotIndex(revote->author()), revote_index);
  // Two ballots made from the same view: the second one posted is the stale one.
  auto a = e.Encrypt(1, Vote(1, {0, 0, 0}, {0, 0, 0}), e.state().size());
  auto b = e.Encrypt(1, Vote(2, {0, 0, 0}, {0, 0, 0}), e.state().size());
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(e.Post(MakeEntry(e.id(), v1::BALLOT, a->payload, e.voter(1))).ok());
  EXPECT_EQ(ReasonOf(e.Post(MakeEntry(e.id(), v1::BALLOT, b->payload, e.voter(1)))),
            "ballot.stale");
  // A revote that saw the previous ballot supersedes it.
  ASSERT_TRUE(e.Cast(1, Vote(2, {0, 0, 0}, {0, 0, 0})).ok());
  EXPECT_EQ(e.state().revotes(), 2u);
}

TEST(ElectionState, BallotsAndAuditsCannotClaimToHaveSeenThemselves) {
  Collected log;
  ScriptOptions options;
  options.voters = 1;
  ScriptedElection e(options, log.sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  const uint64_t index = e.state().size();
  auto ahead = e.Encrypt(0, Vote(0, {0, 0, 0}, {0, 0, 0}), index + 1);
  ASSERT_TRUE(ahead.ok());
  absl::Status s = e.Post(MakeEntry(e.id(), v1::BALLOT, ahead->payload, e.voter(0)));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(s), "ballot.seen_ahead") << s;
  s = e.Post(e.Sign(v1::AUDIT, ahead->opening, e.voter(0)));
  EXPECT_EQ(ReasonOf(s), "ballot.seen_ahead") << s;
  // Exactly its own index (the client saw every earlier entry), and 0 (it saw nothing).
  auto exact = e.Encrypt(0, Vote(0, {0, 0, 0}, {0, 0, 0}), index);
  ASSERT_TRUE(exact.ok());
  EXPECT_TRUE(e.Post(e.Sign(v1::AUDIT, exact->opening, e.voter(0))).ok());
  auto blind = e.Encrypt(0, Vote(0, {0, 0, 0}, {0, 0, 0}), 0);
  ASSERT_TRUE(blind.ok());
  EXPECT_TRUE(e.Post(MakeEntry(e.id(), v1::BALLOT, blind->payload, e.voter(0))).ok());
}

// specs/ceremony.md §3. Before the deadline the authority cannot exclude anyone, whatever
// the moment it picks; from the deadline on, OPEN excludes the dealers that left a
// complaint unanswered.
TEST(ElectionState, OpenBeforeTheDeadlineNeedsTheWholeCeremony) {
  Collected log;
  ScriptOptions options;
  options.voters = 1;
  ScriptedElection e(options, log.sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony(/*bad_dealer=*/2, /*victim=*/3, /*dealer_answers=*/false).ok());
  absl::Status s = e.Open(options.ceremony_deadline - 1);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(s), "ceremony.incomplete") << s;
  EXPECT_NE(std::string(s.message()).find("1 complaint unanswered"), std::string::npos) << s;
  EXPECT_EQ(e.state().phase(), v1::KEY_CEREMONY);
  ASSERT_TRUE(e.Open(options.ceremony_deadline).ok());
  EXPECT_EQ(e.state().ceremony().qualified(), (std::set<uint32_t>{1, 3}));
}

// A complete ceremony opens at any time, before or after the deadline, excluding nobody.
TEST(ElectionState, CompleteCeremonyOpensAnyTime) {
  for (int64_t at : {int64_t{0}, int64_t{1'799'000'000}, int64_t{1'900'000'000}}) {
    Collected log;
    ScriptOptions options;
    options.voters = 1;
    ScriptedElection e(options, log.sink());
    ASSERT_TRUE(e.Create().ok());
    ASSERT_TRUE(e.Ceremony(/*bad_dealer=*/2, /*victim=*/3, /*dealer_answers=*/true).ok());
    ASSERT_TRUE(e.Open(at).ok()) << at;
    EXPECT_EQ(e.state().ceremony().qualified(), (std::set<uint32_t>{1, 2, 3}));
  }
}

// One trustee never deals: before the deadline nobody can open (nor post a verdict); at the
// deadline OPEN excludes it and the others' keys make the joint key.
TEST(ElectionState, AbsentTrusteeIsExcludedAtTheDeadline) {
  Collected log;
  ScriptOptions options;
  options.voters = 1;
  ScriptedElection e(options, log.sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony(0, 0, true, /*absent=*/3).ok());
  absl::Status s = e.Open(options.ceremony_deadline - 60);
  EXPECT_EQ(ReasonOf(s), "ceremony.incomplete") << s;
  EXPECT_NE(std::string(s.message()).find("trustee 3 has not dealt; 3 verdicts missing"),
            std::string::npos)
      << s;
  ASSERT_TRUE(e.Open(options.ceremony_deadline + 60).ok());
  EXPECT_EQ(e.state().ceremony().qualified(), (std::set<uint32_t>{1, 2}));
  const Group& g = e.state().group();
  Element k =
      g.Mul((*e.state().ceremony().commitments(1))[0], (*e.state().ceremony().commitments(2))[0]);
  EXPECT_TRUE(g.Equal(k, e.state().joint_key()->element()));
  EXPECT_TRUE(e.Cast(0, Vote(0, {0, 0, 0}, {0, 0, 0})).ok());
}

// Fewer than threshold dealers at the deadline: the election can never open.
TEST(ElectionState, TooFewDealersAtTheDeadlineAbort) {
  Collected log;
  ScriptOptions options;
  options.voters = 1;
  options.threshold = 3;
  ScriptedElection e(options, log.sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony(0, 0, true, /*absent=*/1).ok());
  absl::Status s = e.Open(options.ceremony_deadline);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(s), "ceremony.aborted") << s;
  EXPECT_EQ(e.state().phase(), v1::KEY_CEREMONY);
}

}  // namespace
}  // namespace urne

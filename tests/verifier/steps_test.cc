// The step and reason tables (verifier/steps.def, verifier/reasons.def): typed ids in the
// spec's order, exact reason matching (no prefix), and the replay-error rules of
// specs/verification.md.
#include "verifier/steps.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "verifier/reasons.h"

namespace urne::verifier {
namespace {

TEST(VerificationSteps, IndexedByTypedIdInSpecOrder) {
  const auto& steps = VerificationSteps();
  ASSERT_EQ(steps.size(), static_cast<size_t>(StepId::k13_1) + 1);
  for (size_t i = 0; i < steps.size(); ++i) {
    EXPECT_EQ(static_cast<size_t>(steps[i].id), i) << steps[i].number;
    EXPECT_EQ(&InfoOf(steps[i].id), &steps[i]);
  }
  EXPECT_EQ(InfoOf(StepId::k6_3).number, "6.3");
  EXPECT_EQ(InfoOf(StepId::k10_2).number, "10.2");
  EXPECT_EQ(InfoOf(StepId::k4_5).check, StepCheck::kRecomputed);
  EXPECT_EQ(InfoOf(StepId::k10_1).check, StepCheck::kReplayed);
}

// Every step of the table is a row of specs/verification.md, and every row a step.
TEST(VerificationSteps, SameStepsAsTheSpec) {
  std::ifstream in(URNE_SPECS_DIR "/verification.md");
  ASSERT_TRUE(in) << "specs/verification.md not found";
  std::stringstream text;
  text << in.rdbuf();
  std::string spec = text.str();
  std::set<std::string> rows;
  std::regex row(R"(\n\| ([0-9]+\.[0-9]+) \|)");
  for (std::sregex_iterator it(spec.begin(), spec.end(), row), end; it != end; ++it) {
    rows.insert((*it)[1]);
  }
  std::set<std::string> table;
  for (const auto& s : VerificationSteps()) table.insert(std::string(s.number));
  EXPECT_EQ(rows, table);
}

TEST(Reasons, ExactMatchOnly) {
  ASSERT_TRUE(ParseReason("verify.tally_mismatch").has_value());
  EXPECT_EQ(*ParseReason("verify.tally_mismatch"), Reason::kVerifyTallyMismatch);
  EXPECT_EQ(ReasonName(Reason::kBallotCiphertextReused), "ballot.ciphertext_reused");
  EXPECT_FALSE(ParseReason("proof.").has_value());
  EXPECT_FALSE(ParseReason("proof.range").has_value());
  EXPECT_FALSE(ParseReason("proof.range.invalid.extra").has_value());
  EXPECT_FALSE(ParseReason("key").has_value());
  EXPECT_FALSE(ParseReason("").has_value());
  EXPECT_FALSE(ParseReason("Verify.tally_mismatch").has_value());
}

TEST(Reasons, NamesOfEarlierEntries) {
  EXPECT_EQ(NamesOf(Reason::kBallotDuplicate), Names::kSameTrackingCode);
  EXPECT_EQ(NamesOf(Reason::kBallotCiphertextReused), Names::kSameAlpha);
  EXPECT_EQ(NamesOf(Reason::kBallotStale), Names::kSameAuthor);
  EXPECT_EQ(NamesOf(Reason::kCloseAlreadyPosted), Names::kSameAuthor);
  EXPECT_EQ(NamesOf(Reason::kProofRangeInvalid), Names::kSelf);
}

TEST(StepForReplayError, RecordLevelRulesComeFirst) {
  EXPECT_EQ(StepForReplayError(0, v1::MANIFEST, "entry.wrong_election", false), StepId::k2_1);
  EXPECT_EQ(StepForReplayError(5, v1::BALLOT, "entry.wrong_election", false), StepId::k1_3);
  EXPECT_EQ(StepForReplayError(5, v1::BALLOT, "signature.invalid", false), StepId::k1_4);
  EXPECT_EQ(StepForReplayError(5, v1::BALLOT, "entry.malformed", true), StepId::k1_4);
  EXPECT_EQ(StepForReplayError(9, v1::BALLOT, "phase.wrong", true), StepId::k13_1);
}

TEST(StepForReplayError, FirstEntryIsTheManifest) {
  EXPECT_EQ(StepForReplayError(0, v1::ROLL, "phase.wrong", false), StepId::k2_1);
  EXPECT_EQ(StepForReplayError(0, v1::MANIFEST, "role.wrong_author", false), StepId::k2_1);
  EXPECT_EQ(StepForReplayError(0, v1::MANIFEST, "key.invalid", false), StepId::k1_4);
  EXPECT_EQ(StepForReplayError(0, v1::MANIFEST, "group.unknown", false), StepId::k2_2);
  EXPECT_EQ(StepForReplayError(3, v1::MANIFEST, "manifest.already_posted", false), StepId::k2_3);
}

TEST(StepForReplayError, SameReasonDifferentKinds) {
  EXPECT_EQ(StepForReplayError(4, v1::ROLL, "phase.wrong", false), StepId::k3_1);
  EXPECT_EQ(StepForReplayError(4, v1::SEALED_SHARES, "phase.wrong", false), StepId::k4_1);
  EXPECT_EQ(StepForReplayError(4, v1::OPEN, "phase.wrong", false), StepId::k5_1);
  EXPECT_EQ(StepForReplayError(4, v1::BALLOT, "phase.wrong", false), StepId::k6_1);
  EXPECT_EQ(StepForReplayError(4, v1::AUDIT, "phase.wrong", false), StepId::k7_1);
  EXPECT_EQ(StepForReplayError(4, v1::BALLOT, "ballot.duplicate", false), StepId::k6_5);
  EXPECT_EQ(StepForReplayError(4, v1::AUDIT, "ballot.duplicate", false), StepId::k7_1);
  EXPECT_EQ(StepForReplayError(4, v1::BALLOT, "ballot.ciphertext_reused", false), StepId::k6_6);
  EXPECT_EQ(StepForReplayError(4, v1::AUDIT, "ballot.ciphertext_reused", false), StepId::k7_4);
  EXPECT_EQ(StepForReplayError(4, v1::BALLOT, "proof.range.invalid", false), StepId::k6_3);
  EXPECT_EQ(StepForReplayError(4, v1::AUDIT, "proof.range.invalid", false), StepId::k7_2);
  EXPECT_EQ(StepForReplayError(4, v1::PARTIAL_DECRYPTION, "proof.chaum_pedersen.invalid", false),
            StepId::k10_2);
  EXPECT_EQ(StepForReplayError(4, v1::OPEN, "ceremony.incomplete", false), StepId::k4_6);
  EXPECT_EQ(StepForReplayError(4, v1::OPEN, "ceremony.aborted", false), StepId::k4_5);
  EXPECT_EQ(StepForReplayError(4, v1::SHARE_REVEAL, "ceremony.aborted", false), StepId::k4_5);
  EXPECT_EQ(StepForReplayError(4, v1::RESULT, "decision.inconsistent_counts", false),
            StepId::k11_3);
  EXPECT_EQ(StepForReplayError(4, v1::RESULT, "decision.unknown_rule", false), StepId::k12_1);
  EXPECT_EQ(StepForReplayError(4, v1::RESULT, "threshold.bad_index", false), StepId::k11_2);
}

// A reason outside the table (or one that merely starts like a family) takes its kind's
// last step; an unknown kind takes the envelope step.
TEST(StepForReplayError, UnknownReasonsAndKinds) {
  EXPECT_EQ(StepForReplayError(4, v1::BALLOT, "proof.", false), StepId::k6_2);
  EXPECT_EQ(StepForReplayError(4, v1::BALLOT, "no.such_reason", false), StepId::k6_2);
  EXPECT_EQ(StepForReplayError(4, v1::ROLL, "key.", false), StepId::k3_1);
  EXPECT_EQ(StepForReplayError(4, v1::RESULT, "decision.", false), StepId::k11_1);
  EXPECT_EQ(StepForReplayError(4, static_cast<v1::EntryKind>(99), "phase.wrong", false),
            StepId::k1_4);
}

std::string ReadSpec() {
  std::ifstream in(URNE_SPECS_DIR "/verification.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// specs/verification.md §16 is FormatReplayRules() verbatim (issue #17 point 8).
TEST(ReplayRules, SpecTableIsTheCode) {
  const std::string spec = ReadSpec();
  const std::string begin =
      "<!-- replay-rules: begin (generated by verifier/steps.cc FormatReplayRules) -->\n";
  const std::string end = "<!-- replay-rules: end -->";
  size_t b = spec.find(begin);
  size_t e = spec.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  std::string table = spec.substr(b + begin.size(), e - b - begin.size());
  EXPECT_EQ(table, FormatReplayRules()) << "paste into specs/verification.md §16:\n"
                                        << FormatReplayRules();
}

// Every reason of verifier/reasons.def is written in specs/verification.md.
TEST(ReplayRules, EveryReasonIsInTheSpec) {
  const std::string spec = ReadSpec();
  for (int r = 0; r <= static_cast<int>(Reason::kDecisionUnknownRule); ++r) {
    const std::string name(ReasonName(static_cast<Reason>(r)));
    EXPECT_NE(spec.find("`" + name + "`"), std::string::npos) << name;
  }
}

// An identity joint or verification key is refused at the entry that completes the ceremony
// (a verdict, a reveal, or an OPEN after the deadline): step 4.5. An identity coefficient
// commitment is 4.2.
TEST(StepForReplayError, IdentityKeysAreStep45) {
  EXPECT_EQ(StepForReplayError(7, v1::SHARE_VERDICT, "element.identity", false), StepId::k4_5);
  EXPECT_EQ(StepForReplayError(7, v1::SHARE_REVEAL, "element.identity", false), StepId::k4_5);
  EXPECT_EQ(StepForReplayError(7, v1::OPEN, "element.identity", false), StepId::k4_5);
  EXPECT_EQ(StepForReplayError(3, v1::TRUSTEE_COMMITMENT, "element.identity", false), StepId::k4_2);
}

}  // namespace
}  // namespace urne::verifier

#include "verifier/steps.h"

#include <algorithm>
#include <optional>

#include "verifier/reasons.h"

namespace urne::verifier {
namespace {

using K = v1::EntryKind;
using R = Reason;
using S = StepId;

// The entries a replay rule applies to.
enum class Where {
  kAnyEntry,     // every entry
  kFirstEntry,   // entry 0, the manifest
  kAfterResult,  // an entry after the RESULT (the log is TALLIED)
  kLaterEntry,   // an entry after entry 0 whose kind is one of the rule's kinds
};

struct ReplayRule {
  Where where;
  std::vector<v1::EntryKind> kinds;  // kLaterEntry only
  std::vector<Reason> reasons;       // empty: every other reason
  StepId step;
};

std::vector<Reason> Join(std::initializer_list<std::vector<Reason>> lists) {
  std::vector<Reason> out;
  for (const auto& l : lists) out.insert(out.end(), l.begin(), l.end());
  return out;
}

// Failure reasons that name a whole family in specs/verification.md's tables ("key.*").
const std::vector<Reason> kKey = {R::kKeyInvalid, R::kKeyWrongLength};
const std::vector<Reason> kPayload = {R::kPayloadMalformed, R::kPayloadNonCanonical};
const std::vector<Reason> kScalar = {R::kScalarOutOfRange, R::kScalarWrongLength, R::kScalarZero};
const std::vector<Reason> kElement = {R::kElementIdentity,     R::kElementInvalidEncoding,
                                      R::kElementNonCanonical, R::kElementNotInSubgroup,
                                      R::kElementOutOfRange,   R::kElementWrongLength};
const std::vector<Reason> kProof = {
    R::kProofSchnorrChallengeMismatch, R::kProofSchnorrInvalid,
    R::kProofSchnorrWrongLength,       R::kProofRangeBadBounds,
    R::kProofRangeChallengeMismatch,   R::kProofRangeInvalid,
    R::kProofRangeValueOutOfRange,     R::kProofRangeWrongBranchCount,
    R::kProofRangeWrongLength,         R::kProofChaumPedersenChallengeMismatch,
    R::kProofChaumPedersenInvalid,     R::kProofChaumPedersenWrongLength,
    R::kProofBatchInconsistent};
const std::vector<Reason> kThreshold = {R::kThresholdBadIndex, R::kThresholdDuplicateIndex,
                                        R::kThresholdNoCommitments, R::kThresholdNoPartials,
                                        R::kThresholdShareMismatch};
const std::vector<Reason> kDecision = {R::kDecisionBadCounts, R::kDecisionRuleMismatch,
                                       R::kDecisionUnknownQuestion, R::kDecisionUnknownRule};

const std::vector<v1::EntryKind> kCeremonyKinds = {K::TRUSTEE_COMMITMENT, K::SEALED_SHARES,
                                                   K::SHARE_VERDICT, K::SHARE_REVEAL};

// The step of a replay failure: the first rule that matches, in this order. Each kind's
// last rule takes every other reason; the table's last rule takes an unknown kind.
const std::vector<ReplayRule>& ReplayRules() {
  static const std::vector<ReplayRule> kRules = {
      // The envelope, whatever the entry (1.3, 1.4; entry 0's election id is 2.1).
      {Where::kFirstEntry, {}, {R::kEntryWrongElection}, S::k2_1},
      {Where::kAnyEntry, {}, {R::kEntryWrongElection}, S::k1_3},
      {Where::kAnyEntry,
       {},
       {R::kSignatureInvalid, R::kSignatureWrongLength, R::kEntryMalformed},
       S::k1_4},
      // Nothing follows the RESULT.
      {Where::kAfterResult, {}, {R::kPhaseWrong}, S::k13_1},
      // 2. Entry 0, the manifest.
      {Where::kFirstEntry, {}, {R::kPhaseWrong, R::kRoleWrongAuthor}, S::k2_1},
      {Where::kFirstEntry, {}, kKey, S::k1_4},
      {Where::kFirstEntry, {}, {}, S::k2_2},
      {Where::kLaterEntry, {K::MANIFEST}, {}, S::k2_3},
      // 3. Roll.
      {Where::kLaterEntry, {K::ROLL}, Join({{R::kRollNotSorted}, kKey, kPayload}), S::k3_2},
      {Where::kLaterEntry, {K::ROLL}, {}, S::k3_1},
      // 4. Key ceremony.
      {Where::kLaterEntry, kCeremonyKinds,
       Join({{R::kRoleWrongAuthor, R::kPhaseWrong},
             kPayload,
             {R::kCeremonyDuplicate, R::kCeremonyBadIndex}}),
       S::k4_1},
      {Where::kLaterEntry, kCeremonyKinds, {R::kCeremonyAborted}, S::k4_5},
      // The entry that completes the ceremony (a verdict or reveal; or an OPEN after the
      // deadline) derives the keys: an identity joint or verification key is 4.5.
      {Where::kLaterEntry,
       {K::SHARE_VERDICT, K::SHARE_REVEAL, K::OPEN},
       {R::kElementIdentity},
       S::k4_5},
      {Where::kLaterEntry, {K::TRUSTEE_COMMITMENT}, {}, S::k4_2},
      {Where::kLaterEntry, {K::SEALED_SHARES}, {}, S::k4_3},
      {Where::kLaterEntry, {K::SHARE_VERDICT, K::SHARE_REVEAL}, {}, S::k4_4},
      // 4.5, 4.6 and 5. Opening.
      {Where::kLaterEntry, {K::OPEN}, {R::kCeremonyIncomplete}, S::k4_6},
      {Where::kLaterEntry, {K::OPEN}, {R::kCeremonyAborted}, S::k4_5},
      {Where::kLaterEntry, {K::OPEN}, {}, S::k5_1},
      {Where::kLaterEntry, {K::CREDENTIAL_REPLACEMENT}, {}, S::k5_2},
      // 6. Ballots.
      {Where::kLaterEntry,
       {K::BALLOT},
       {R::kPhaseWrong, R::kCredentialNotOnRoll, R::kCredentialRevoked, R::kRoleWrongAuthor},
       S::k6_1},
      {Where::kLaterEntry, {K::BALLOT}, Join({kProof, kScalar}), S::k6_3},
      {Where::kLaterEntry, {K::BALLOT}, {R::kBallotAlreadyCast}, S::k6_4},
      {Where::kLaterEntry, {K::BALLOT}, {R::kBallotDuplicate}, S::k6_5},
      {Where::kLaterEntry, {K::BALLOT}, {R::kBallotCiphertextReused}, S::k6_6},
      {Where::kLaterEntry, {K::BALLOT}, {R::kBallotSeenAhead, R::kBallotStale}, S::k6_7},
      {Where::kLaterEntry, {K::BALLOT}, {}, S::k6_2},
      // 7. Audits.
      {Where::kLaterEntry,
       {K::AUDIT},
       {R::kPhaseWrong, R::kCredentialNotOnRoll, R::kCredentialRevoked, R::kBallotDuplicate,
        R::kRoleWrongAuthor},
       S::k7_1},
      {Where::kLaterEntry, {K::AUDIT}, {R::kAuditStructure, R::kAuditMismatch}, S::k7_3},
      {Where::kLaterEntry, {K::AUDIT}, {R::kBallotCiphertextReused, R::kBallotSeenAhead}, S::k7_4},
      {Where::kLaterEntry, {K::AUDIT}, {}, S::k7_2},
      // 8. Close.
      {Where::kLaterEntry, {K::CLOSE}, {}, S::k8_1},
      // 10. Partial decryptions (decryption.wrong_close, a partial of another closed log, is
      // 10.1).
      {Where::kLaterEntry, {K::PARTIAL_DECRYPTION}, Join({kProof, kElement}), S::k10_2},
      {Where::kLaterEntry, {K::PARTIAL_DECRYPTION}, {}, S::k10_1},
      // 11, 12. Result.
      {Where::kLaterEntry, {K::RESULT}, Join({{R::kResultTrustees}, kThreshold}), S::k11_2},
      {Where::kLaterEntry,
       {K::RESULT},
       {R::kResultCounts, R::kDecisionInconsistentCounts, R::kDlogOutOfRange},
       S::k11_3},
      {Where::kLaterEntry, {K::RESULT}, Join({kDecision, {R::kResultDecision}}), S::k12_1},
      {Where::kLaterEntry, {K::RESULT}, {}, S::k11_1},
      // An entry of no known kind: its envelope.
      {Where::kAnyEntry, {}, {}, S::k1_4},
  };
  return kRules;
}

bool Applies(const ReplayRule& rule, uint64_t index, v1::EntryKind kind,
             std::optional<Reason> reason, bool tallied) {
  switch (rule.where) {
    case Where::kAnyEntry:
      break;
    case Where::kFirstEntry:
      if (index != 0) return false;
      break;
    case Where::kAfterResult:
      if (!tallied) return false;
      break;
    case Where::kLaterEntry:
      if (index == 0 || std::find(rule.kinds.begin(), rule.kinds.end(), kind) == rule.kinds.end()) {
        return false;
      }
      break;
  }
  return rule.reasons.empty() || (reason && std::find(rule.reasons.begin(), rule.reasons.end(),
                                                      *reason) != rule.reasons.end());
}

}  // namespace

const std::vector<StepInfo>& VerificationSteps() {
  static const std::vector<StepInfo> kSteps = {
#define URNE_UNPAREN(...) __VA_ARGS__
#define URNE_STEP_ROW(id, number, check, title, title_fr, kinds) \
  StepInfo{StepId::id, number, StepCheck::check, title, title_fr, {URNE_UNPAREN kinds}},
      URNE_VERIFICATION_STEPS(URNE_STEP_ROW)
#undef URNE_STEP_ROW
#undef URNE_UNPAREN
  };
  return kSteps;
}

const StepInfo& InfoOf(StepId step) { return VerificationSteps()[static_cast<size_t>(step)]; }

std::string FormatReplayRules() {
  std::string out =
      "| rule | entry | reasons | step |\n"
      "|------|-------|---------|------|\n";
  int n = 0;
  for (const ReplayRule& rule : ReplayRules()) {
    std::string where;
    switch (rule.where) {
      case Where::kAnyEntry:
        where = "any entry";
        break;
      case Where::kFirstEntry:
        where = "entry 0";
        break;
      case Where::kAfterResult:
        where = "an entry after the RESULT";
        break;
      case Where::kLaterEntry:
        for (v1::EntryKind k : rule.kinds) {
          if (!where.empty()) where += ", ";
          where += v1::EntryKind_Name(k);
        }
        where += " (not entry 0)";
        break;
    }
    std::string reasons;
    for (Reason r : rule.reasons) {
      if (!reasons.empty()) reasons += ", ";
      reasons += "`";
      reasons += ReasonName(r);
      reasons += "`";
    }
    if (reasons.empty()) reasons = "every other reason";
    out += "| ";
    out += std::to_string(++n);
    out += " | ";
    out += where;
    out += " | ";
    out += reasons;
    out += " | ";
    out += InfoOf(rule.step).number;
    out += " |\n";
  }
  return out;
}

StepId StepForReplayError(uint64_t index, v1::EntryKind kind, std::string_view reason,
                          bool tallied) {
  const std::optional<Reason> typed = ParseReason(reason);
  for (const ReplayRule& rule : ReplayRules()) {
    if (Applies(rule, index, kind, typed, tallied)) return rule.step;
  }
  return StepId::k1_4;  // unreachable: the last rule takes everything
}

}  // namespace urne::verifier

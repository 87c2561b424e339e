#include "verifier/steps.h"

namespace urne {
namespace {

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

const std::vector<StepInfo>& VerificationSteps() {
  using K = v1::EntryKind;
  static const std::vector<StepInfo> kSteps = {
      {"1.1", "final signed tree head: well-formed, signed by its board key", {}},
      {"1.2", "the tree head covers exactly the record's entries: size and Merkle root", {}},
      {"1.3", "the tree head and every entry belong to this election (id = manifest hash)", {}},
      {"1.4", "every entry: envelope well-formed, signed by its author key", {}},
      {"1.5", "every other tree head: same board key, signed, a prefix of the log", {}},
      {"1.6", "the tree heads are signed by the board key the manifest names", {}},
      {"2.1",
       "first entry is the MANIFEST, signed by its authority key, hash = election id",
       {K::MANIFEST}},
      {"2.2",
       "the manifest is valid (group, questions, decisions, trustees, threshold)",
       {K::MANIFEST}},
      {"2.3", "exactly one MANIFEST", {K::MANIFEST}},
      {"3.1", "ROLL: signed by the authority, exactly once, before voting", {K::ROLL}},
      {"3.2", "ROLL: credentials are valid keys, strictly ascending (no duplicates)", {K::ROLL}},
      {"4.1",
       "ceremony entries: signed by the trustee they name, during the ceremony, once each",
       {K::TRUSTEE_COMMITMENT, K::SEALED_SHARES, K::SHARE_VERDICT, K::SHARE_REVEAL}},
      {"4.2",
       "TRUSTEE_COMMITMENT: t commitments in the group, every Schnorr proof valid",
       {K::TRUSTEE_COMMITMENT}},
      {"4.3", "SEALED_SHARES: one sealed share for every other trustee", {K::SEALED_SHARES}},
      {"4.4",
       "SHARE_VERDICT / SHARE_REVEAL: every complaint ruled by the revealed share",
       {K::SHARE_VERDICT, K::SHARE_REVEAL}},
      {"4.5",
       "qualified dealers, joint key and verification keys recomputed",
       {K::TRUSTEE_COMMITMENT, K::SHARE_VERDICT, K::SHARE_REVEAL, K::OPEN}},
      {"4.6",
       "OPEN before the ceremony deadline only on a complete ceremony; a dealer is excluded "
       "only by an OPEN at or after the deadline",
       {K::OPEN}},
      {"5.1",
       "OPEN: signed by the authority, once, after the roll and the ceremony; countersigns the "
       "log's size and Merkle root",
       {K::OPEN}},
      {"6.1", "BALLOT: cast while voting, by a credential on the roll", {K::BALLOT}},
      {"6.2", "BALLOT: structure and encodings (a ciphertext and proof per option)", {K::BALLOT}},
      {"6.3", "BALLOT: every range and sum proof valid, bound to its credential", {K::BALLOT}},
      {"6.4", "BALLOT: revote policy respected", {K::BALLOT}},
      {"6.5", "BALLOT: no ballot twice (tracking codes unique, audits included)", {K::BALLOT}},
      {"6.6",
       "BALLOT: no ciphertext reused: every alpha is new on the board (ballots and audits) and "
       "distinct within the ballot",
       {K::BALLOT}},
      {"6.7",
       "BALLOT: ordered: the tree size its client saw is at most its index and above its "
       "credential's previous ballot",
       {K::BALLOT}},
      {"7.1",
       "AUDIT: while voting, by a credential on the roll, ballot not already posted",
       {K::AUDIT}},
      {"7.2", "AUDIT: the audited ballot is well-formed and its proofs valid", {K::AUDIT}},
      {"7.3", "AUDIT: revealed choices and nonces re-encrypt to the audited ballot", {K::AUDIT}},
      {"7.4",
       "AUDIT: no ciphertext reused (every alpha new on the board); the tree size its client "
       "saw is at most its index",
       {K::AUDIT}},
      {"8.1",
       "CLOSE: signed by the authority, once; countersigns the log's size and Merkle root",
       {K::CLOSE}},
      {"9.1", "encrypted tally recomputed from the counted ballots", {K::BALLOT, K::CLOSE}},
      {"10.1",
       "PARTIAL_DECRYPTION: by a trustee, once each, of this log's CLOSE, a share per tally "
       "ciphertext",
       {K::PARTIAL_DECRYPTION}},
      {"10.2",
       "PARTIAL_DECRYPTION: every Chaum-Pedersen proof, against recomputed keys",
       {K::PARTIAL_DECRYPTION}},
      {"11.1",
       "RESULT: signed by the authority after close; registered, ballots counted",
       {K::RESULT}},
      {"11.2",
       "Lagrange combination: threshold trustees, ascending, each with a valid partial",
       {K::RESULT}},
      {"11.3", "counts: each is the decryption of the encrypted tally (discrete log)", {K::RESULT}},
      {"12.1", "decisions re-derived from the counts under the manifest's rules", {K::RESULT}},
      {"13.1", "the election is complete (TALLIED) and nothing follows the RESULT", {}},
  };
  return kSteps;
}

std::string StepForReplayError(uint64_t index, v1::EntryKind kind, const std::string& reason,
                               bool tallied) {
  if (reason == "entry.wrong_election") return index == 0 ? "2.1" : "1.3";
  if (StartsWith(reason, "signature.") || reason == "entry.malformed") return "1.4";
  if (tallied && reason == "phase.wrong") return "13.1";
  if (index == 0) {
    if (reason == "phase.wrong" || reason == "role.wrong_author") return "2.1";
    if (StartsWith(reason, "key.")) return "1.4";
    return "2.2";
  }
  switch (kind) {
    case v1::MANIFEST:
      return "2.3";
    case v1::ROLL:
      if (reason == "roll.not_sorted" || StartsWith(reason, "key.") ||
          StartsWith(reason, "payload.")) {
        return "3.2";
      }
      return "3.1";
    case v1::TRUSTEE_COMMITMENT:
    case v1::SEALED_SHARES:
    case v1::SHARE_VERDICT:
    case v1::SHARE_REVEAL:
      if (StartsWith(reason, "role.") || StartsWith(reason, "phase.") ||
          StartsWith(reason, "payload.") || reason == "ceremony.duplicate" ||
          reason == "ceremony.bad_index") {
        return "4.1";
      }
      if (reason == "ceremony.aborted") return "4.5";
      if (kind == v1::TRUSTEE_COMMITMENT) return "4.2";
      if (kind == v1::SEALED_SHARES) return "4.3";
      return "4.4";
    case v1::OPEN:
      if (reason == "ceremony.incomplete") return "4.6";
      if (reason == "ceremony.aborted") return "4.5";
      return "5.1";
    case v1::BALLOT:
      if (reason == "phase.wrong" || reason == "credential.not_on_roll" ||
          StartsWith(reason, "role.")) {
        return "6.1";
      }
      if (StartsWith(reason, "proof.") || StartsWith(reason, "scalar.")) return "6.3";
      if (reason == "ballot.already_cast") return "6.4";
      if (reason == "ballot.duplicate") return "6.5";
      if (reason == "ballot.ciphertext_reused") return "6.6";
      if (reason == "ballot.seen_ahead" || reason == "ballot.stale") return "6.7";
      return "6.2";
    case v1::AUDIT:
      if (reason == "phase.wrong" || reason == "credential.not_on_roll" ||
          reason == "ballot.duplicate" || StartsWith(reason, "role.")) {
        return "7.1";
      }
      if (StartsWith(reason, "audit.")) return "7.3";
      if (reason == "ballot.ciphertext_reused" || reason == "ballot.seen_ahead") return "7.4";
      return "7.2";
    case v1::CLOSE:
      return "8.1";
    case v1::PARTIAL_DECRYPTION:
      if (StartsWith(reason, "proof.") || StartsWith(reason, "element.")) return "10.2";
      return "10.1";  // also decryption.wrong_close: a partial of another closed log
    case v1::RESULT:
      if (reason == "result.trustees" || StartsWith(reason, "threshold.")) return "11.2";
      if (reason == "result.counts" || reason == "decision.inconsistent_counts" ||
          StartsWith(reason, "dlog.")) {
        return "11.3";
      }
      if (StartsWith(reason, "decision.") || reason == "result.decision") return "12.1";
      return "11.1";
    default:
      return "1.4";
  }
}

}  // namespace urne

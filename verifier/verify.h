// VerifyRecord: checks an election record step by step (specs/verification.md) and reports
// every numbered step as ok, FAILED (with the reason and the entries involved) or not
// checked (an earlier failure stopped the replay).
//
// Order (nothing is read before it is authenticated): the final signed tree head's signature;
// the entries' Merkle root against it; every entry's signature; the heads' key against the
// board key the manifest names (1.6, tree_head.wrong_key); then payloads, through the
// election state machine (election/replay.h, ballots prechecked on all cores); then every
// derived value recomputed independently of the state machine: qualified dealers, joint key,
// verification keys, encrypted tally, partial-decryption proofs, Lagrange combination, counts
// (bounded discrete log), decisions. Links crypto/ and election/ only.
//
// Memory (issue #18): the record is read twice, a window of entries at a time (a pass for
// group 1, a pass for the replay); between them the verifier keeps per entry its kind (1
// byte), per credential what the revote rule needs, and the few non-ballot entries the
// recomputed steps read; the encrypted tally is summed as the replay verifies the ballots.
// A failure reads the entries before it again to name the related ones.
//
// Thread-safe (no shared state); uses `threads` threads (0 = all cores).
#ifndef URNE_VERIFIER_VERIFY_H_
#define URNE_VERIFIER_VERIFY_H_

#include <optional>
#include <string>
#include <vector>

#include "election/record.h"
#include "election/replay.h"
#include "urne/v1/entries.pb.h"
#include "urne/v1/manifest.pb.h"
#include "verifier/steps.h"

namespace urne::verifier {

enum class StepStatus { kOk, kFailed, kNotChecked };

struct StepResult {
  StepId step = StepId::k1_1;
  std::string id;  // its number, "6.3"
  std::string title;
  StepStatus status = StepStatus::kNotChecked;
  std::string reason;             // stable dotted reason when failed ("proof.range.invalid")
  std::string message;            // what was wrong; or, for an ok step, a note (may be empty)
  std::vector<uint64_t> entries;  // log indexes involved in a failure
  // The note in French when the verifier wrote one; a failure's French text is its
  // reason's (cli/reasons.def). Not in --json.
  std::string message_fr;
};

// Counts of one question, recomputed by the verifier (not read from the RESULT entry).
struct QuestionTally {
  std::string id;
  std::string title;                       // English title, else French
  std::vector<std::string> option_labels;  // English label, else French, else the id
  std::vector<uint64_t> counts;
  std::string title_fr;                       // French title, else English
  std::vector<std::string> option_labels_fr;  // French label, else English, else the id
};

// One credential replaced during the vote (a CREDENTIAL_REPLACEMENT entry, specs/entries.md
// §2.10), read from the record.
struct ReplacementInfo {
  uint64_t entry = 0;
  int64_t replaced_at = 0;              // the authority's signed time, Unix seconds
  bool revoked_ballot_counted = false;  // the revoked credential had a counted ballot
};

struct VerifyReport {
  bool valid = false;        // every step ok (and the election complete, unless allowed)
  bool complete = false;     // the log ends with a valid RESULT (phase TALLIED)
  std::string phase;         // phase reached by the replay ("TALLIED")
  std::string election_id;   // hex
  std::string board_key;     // hex, of the final tree head
  std::string title;         // the manifest's title (English, else French)
  std::string title_fr;      // the manifest's title (French, else English)
  std::string booth_digest;  // hex, the manifest's booth_digest (specs/booth.md §7.4); "" if none
  uint64_t entries = 0;
  uint64_t registered = 0;
  uint64_t ballots_counted = 0;
  // Every replacement the replay accepted, in log order (observers compare their number with
  // the town's register of lost letters; specs/credentials.md §8).
  std::vector<ReplacementInfo> replacements;
  std::vector<StepResult> steps;               // VerificationSteps() order
  std::vector<QuestionTally> tallies;          // empty unless step 11.3 passed
  std::vector<v1::DecisionOutcome> decisions;  // re-derived; empty unless 12.1 passed

  // The first failed step, or nullptr.
  const StepResult* FirstFailure() const;
  const StepResult* Step(const std::string& id) const;
  const StepResult& Step(StepId step) const;
};

struct VerifyOptions {
  unsigned threads = 0;           // 0 = all cores
  bool allow_incomplete = false;  // an election not yet TALLIED may still be "valid so far"
  ReplayProgress progress;        // (entries done, total), called from the calling thread
  uint64_t window = 4096;         // entries read at a time (>= 1): bounds the memory
};

VerifyReport VerifyRecord(const Record& record, const VerifyOptions& options = {});

// As VerifyRecord, over a record read piece by piece (a record file: verifier/record_file.h).
// Errors: the source's reading errors ("record.malformed" for an entry that does not parse,
// "file.unreadable"): the record is unusable, there is no report.
absl::StatusOr<VerifyReport> VerifyRecordSource(const RecordSource& source,
                                                const VerifyOptions& options = {});

}  // namespace urne::verifier

#endif  // URNE_VERIFIER_VERIFY_H_

// Decision rules: turn a votation's counts into the outcome of each of the manifest's
// decisions (specs/results.md). The authority calls DeriveDecisions to fill the Result entry;
// a verifier calls it again on the published counts and rejects a Result whose decisions
// differ.
//
// Everything here is pure integer arithmetic on public data: no I/O, no floating point, no
// randomness; the same inputs give the same outputs on every machine. Thread-safe.
//
// Vocabulary (specs/results.md §1): a question's counts are, per option in manifest order,
// the number of counted ballots that selected it. Blank votes are the counts of options with
// `blank` set; expressed votes are the counts of every other option. Turnout is
// ballots_counted / registered, compared with integers only.
#ifndef URNE_ELECTION_DECISION_H_
#define URNE_ELECTION_DECISION_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "urne/v1/entries.pb.h"
#include "urne/v1/manifest.pb.h"

namespace urne {

// DecisionOutcome.outcome strings (specs/results.md §3). Stable: they are part of the
// signed Result entry.
inline constexpr char kOutcomeAdopted[] = "adopted";        // MAJORITY, FR_LOCAL_REFERENDUM
inline constexpr char kOutcomeRejected[] = "rejected";      // MAJORITY, FR_LOCAL_REFERENDUM
inline constexpr char kOutcomeNoQuorum[] = "no_quorum";     // FR_LOCAL_REFERENDUM
inline constexpr char kOutcomeInitiative[] = "initiative";  // SWISS_…
inline constexpr char kOutcomeCounterProposal[] = "counter_proposal";  // SWISS_…
inline constexpr char kOutcomeNeither[] = "neither";                   // SWISS_…
inline constexpr char kOutcomeTie[] = "tie";                           // SWISS_…
inline constexpr char kOutcomeElected[] = "elected";                   // PLURALITY, APPROVAL_TOP_K
inline constexpr char kOutcomeFunded[] = "funded";                     // BUDGET_GREEDY
inline constexpr char kOutcomeNoVotes[] = "no_votes";  // PLURALITY, APPROVAL_TOP_K, BUDGET_…

// The option ids a YES_NO question must have (specs/results.md §1).
inline constexpr char kYesOptionId[] = "yes";
inline constexpr char kNoOptionId[] = "no";

// Sum of the counts of the question's non-blank options (saturating at UINT64_MAX, which
// consistent counts never reach). Reads min(counts.size(), options_size()) entries.
uint64_t ExpressedVotes(const v1::Question& question, std::span<const uint64_t> counts);

// Sum of the counts of the question's blank options (0 when it has none). Same reading rule.
uint64_t BlankVotes(const v1::Question& question, std::span<const uint64_t> counts);

// The non-blank options' indices in rank order (specs/results.md §2): more votes first; equal
// votes ordered by `tie_break` — OPTION_ORDER (and UNSPECIFIED): lower manifest index first;
// LOWER_COST: lower cost first, then lower index. Requires counts.size() ==
// question.options_size() and a known tie_break value (DeriveDecisions checks both).
std::vector<int> RankOptions(const v1::Question& question, std::span<const uint64_t> counts,
                             v1::TieBreak tie_break);

// 10000 · part / whole rounded toward zero: a percentage in hundredths (5000 = "50.00 %"),
// for display only (specs/results.md §1.4). nullopt when whole = 0 (displayed as "—").
std::optional<uint64_t> PercentHundredths(uint64_t part, uint64_t whole);

// Applies every decision of `manifest`, in manifest order, to the counts.
//   registered:      the roll's length;
//   ballots_counted: ballots counted after the revote policy;
//   counts:          per question (manifest order), per option (manifest order).
// Returns one DecisionOutcome per manifest decision, in order. Errors (INVALID_ARGUMENT;
// the message names the decision or question):
//   decision.bad_counts          counts.size() ≠ number of questions, or a question's
//                                vector length ≠ its number of options;
//   decision.inconsistent_counts ballots_counted > registered, an option count >
//                                ballots_counted, a YES_NO/ONE_OF question whose counts do
//                                not sum to ballots_counted, or an APPROVAL/BUDGET question
//                                whose counts sum outside [min, max] · ballots_counted;
//   decision.unknown_question    a decision names a question id absent from the manifest;
//   decision.unknown_rule        DECISION_RULE_UNSPECIFIED or an unknown rule value;
//   decision.rule_mismatch       the rule reads the wrong number or kind of questions, a
//                                YES_NO question lacks a "yes" or "no" option, the Swiss
//                                tie-break question does not have exactly two non-blank
//                                options, seats is 0 or exceeds the options, or tie_break
//                                is an unknown value.
absl::StatusOr<std::vector<v1::DecisionOutcome>> DeriveDecisions(
    const v1::Manifest& manifest, uint64_t registered, uint64_t ballots_counted,
    const std::vector<std::vector<uint64_t>>& counts);

}  // namespace urne

#endif  // URNE_ELECTION_DECISION_H_

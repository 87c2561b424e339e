// The numbered verification steps of specs/verification.md as typed ids (verifier/steps.def
// is the one table), and the map from an error that election/ returns while replaying an
// entry to the step it breaks: an ordered rule table over typed reasons (verifier/reasons.h),
// matched exactly, never by string prefix. Pure; thread-safe.
#ifndef URNE_VERIFIER_STEPS_H_
#define URNE_VERIFIER_STEPS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "urne/v1/entries.pb.h"
#include "verifier/steps.def"

namespace urne::verifier {

// One id per step, in the order the verifier runs them: StepId::k6_3 is step 6.3.
enum class StepId : uint8_t {
#define URNE_STEP_ENUM(id, number, check, title, title_fr, kinds) id,
  URNE_VERIFICATION_STEPS(URNE_STEP_ENUM)
#undef URNE_STEP_ENUM
};

// How a step is checked (steps.def).
enum class StepCheck : uint8_t { kAuthenticated, kReplayed, kRecomputed, kCompletion };

struct StepInfo {
  StepId id;
  std::string_view number;  // "6.3": group.number, as in specs/verification.md
  StepCheck check;
  std::string_view title;     // one line
  std::string_view title_fr;  // the same in French (urne-verify --lang fr)
  // Entry kinds whose entries this step checks (empty: a record-level or completion check).
  std::vector<v1::EntryKind> kinds;
};

// Every step, in the order the verifier runs them (indexed by StepId).
const std::vector<StepInfo>& VerificationSteps();

const StepInfo& InfoOf(StepId step);

// The step an error with `reason` breaks when election/ rejects an entry of `kind` at
// `index` while replaying; `tallied` is whether the log already holds a RESULT.
StepId StepForReplayError(uint64_t index, v1::EntryKind kind, std::string_view reason,
                          bool tallied);

// The replay rules as the Markdown table of specs/verification.md §16 (one row per rule, in
// the order they are tried); tests/verifier/steps_test.cc keeps the two identical.
std::string FormatReplayRules();

}  // namespace urne::verifier

#endif  // URNE_VERIFIER_STEPS_H_

// The numbered verification steps of specs/verification.md, and the map from an error that
// election/ returns while replaying an entry to the step it breaks. Pure; thread-safe.
#ifndef URNE_VERIFIER_STEPS_H_
#define URNE_VERIFIER_STEPS_H_

#include <string>
#include <vector>

#include "urne/v1/entries.pb.h"

namespace urne {

struct StepInfo {
  const char* id;     // "6.3": group.number, as in specs/verification.md
  const char* title;  // one line
  // Entry kinds whose entries this step checks (empty: a record-level or derived check).
  std::vector<v1::EntryKind> kinds;
};

// Every step, in the order the verifier runs them.
const std::vector<StepInfo>& VerificationSteps();

// The step an error with `reason` breaks when election/ rejects an entry of `kind` at
// `index` while replaying; `tallied` is whether the log already holds a RESULT.
// Always one of VerificationSteps()' ids.
std::string StepForReplayError(uint64_t index, v1::EntryKind kind, const std::string& reason,
                               bool tallied);

}  // namespace urne

#endif  // URNE_VERIFIER_STEPS_H_

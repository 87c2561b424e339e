// Typed failure reasons of the verifier (verifier/reasons.def is the one table): the
// verifier's own "verify.*" reasons and those of election/ and crypto/ that
// specs/verification.md maps to a step. A reason travels as a string inside absl::Status
// (status/status.h); ParseReason turns it into a Reason by exact match, never by prefix.
// Pure; thread-safe.
#ifndef URNE_VERIFIER_REASONS_H_
#define URNE_VERIFIER_REASONS_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "verifier/reasons.def"

namespace urne::verifier {

enum class Reason : uint8_t {
#define URNE_REASON_ENUM(id, name, names) id,
  URNE_VERIFIER_REASONS(URNE_REASON_ENUM)
#undef URNE_REASON_ENUM
};

// Which earlier entries a replay failure with a reason names besides the failing entry
// (reasons.def).
enum class Names : uint8_t { kSelf, kSameAuthor, kSameTrackingCode, kSameAlpha, kRevokedBy };

// The stable string of `reason` ("verify.tally_mismatch").
std::string_view ReasonName(Reason reason);

// The Reason whose string is exactly `name`, or nullopt for a reason not in the table.
std::optional<Reason> ParseReason(std::string_view name);

// Which earlier entries a failure with `reason` names.
Names NamesOf(Reason reason);

}  // namespace urne::verifier

#endif  // URNE_VERIFIER_REASONS_H_

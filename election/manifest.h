// Manifest rules: validation with messages that point at the field, JSON authoring, and the
// ballot shape each question implies (specs/manifest.md). Pure; thread-safe.
#ifndef URNE_ELECTION_MANIFEST_H_
#define URNE_ELECTION_MANIFEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "urne/v1/manifest.pb.h"

namespace urne {

// Checks every rule of specs/manifest.md. Errors are INVALID_ARGUMENT with reason
// "manifest.invalid" and a message that starts with the field path, e.g.
// "questions[2].options[1]: a budget question needs a cost for every option".
absl::Status ValidateManifest(const v1::Manifest& manifest);
// Every failure ValidateManifest would find, in its order, instead of the first only (one
// per question, decision or trustee: the first of each): what `urne-admin manifest check`
// lists. Empty when the manifest is valid.
std::vector<absl::Status> ManifestProblems(const v1::Manifest& manifest);

// Parses a manifest authored in JSON (protobuf's JSON mapping; unknown fields refused),
// then validates it. Reasons: manifest.json (syntax, unknown field) or manifest.invalid.
absl::StatusOr<v1::Manifest> ParseManifestJson(const std::string& json);
std::string ManifestToJson(const v1::Manifest& manifest);

// How one question's ballot part is built and proved (specs/ballot.md): one 0/1 ciphertext
// per option, and the number of selections in [min_sum, max_sum].
struct QuestionShape {
  size_t options;
  uint64_t min_sum;
  uint64_t max_sum;
};
QuestionShape ShapeOf(const v1::Question& question);

// The effective revote policy (unspecified means LAST_BALLOT_COUNTS).
v1::RevotePolicy RevotePolicyOf(const v1::Manifest& manifest);

// Index of the question with `id`, or -1.
int QuestionIndex(const v1::Manifest& manifest, const std::string& id);

}  // namespace urne

#endif  // URNE_ELECTION_MANIFEST_H_

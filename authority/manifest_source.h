// The manifest as a town's staff write it (specs/manifest.md §1): JSON with the proto's field
// names, // comments, dates and times in the town's time zone ("2027-03-14 08:00" with
// "time_zone": "Europe/Paris"), keys in hex or base64. Every problem is reported at once, each
// with its line and column and a sentence in plain words, in French or English.
#ifndef URNE_AUTHORITY_MANIFEST_SOURCE_H_
#define URNE_AUTHORITY_MANIFEST_SOURCE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "authority/json_tree.h"
#include "urne/v1/manifest.pb.h"

namespace urne::authority {

struct ManifestProblem {
  TextPosition at;
  std::string path;     // the field, e.g. "questions[0].options[2].cost" (may be empty)
  std::string message;  // one sentence, in the requested language
};

struct ManifestSource {
  v1::Manifest manifest;
  std::vector<ManifestProblem> problems;  // in the order of the file, then of the rules
  // The keys are placeholders (empty or all zeros), as in a starting file: not a problem for
  // `manifest check`, but the manifest cannot be posted until they are filled.
  bool keys_missing = false;
};

// Reads `text` (a whole file) in language `lang` ("fr" or "en"). With `keys_required`
// false, placeholder keys are not problems (keys_missing tells).
ManifestSource ReadManifestSource(const std::string& text, const std::string& lang,
                                  bool keys_required);

// "FILE:LINE:COLUMN: message" lines, one per problem, then a count.
std::string FormatManifestProblems(const std::string& file, const ManifestSource& source,
                                   const std::string& lang);

// Reads and validates FILE for posting (keys required): the manifest, or INVALID_ARGUMENT
// "manifest.invalid" whose message lists every problem as FormatManifestProblems does.
absl::StatusOr<v1::Manifest> LoadManifestFile(const std::string& file, const std::string& lang);

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_MANIFEST_SOURCE_H_

// `urne-admin manifest new` and `urne-admin manifest check` (specs/manifest.md §1): the
// starting file for a kind of votation, and every problem of an edited file at once.
#ifndef URNE_AUTHORITY_MANIFEST_COMMANDS_H_
#define URNE_AUTHORITY_MANIFEST_COMMANDS_H_

#include <string>

#include "absl/status/status.h"
#include "authority/admin.h"

namespace urne::authority {

// Writes the starting file of `kind` (authority/manifest_template.h) to `out_path`, comments
// in `lang`, times in `time_zone`. An existing file is kept unless `force` (INVALID_ARGUMENT
// "file.exists").
absl::Status AdminManifestNew(const std::string& kind, const std::string& lang,
                              const std::string& time_zone, const std::string& out_path, bool force,
                              AdminIo io);

// Reads `path` as staff write it and prints every problem ("FILE:LINE:COLUMN: field: what")
// to io.err, in `lang`; OK when there is none (it says whether the keys are still to fill).
// Else INVALID_ARGUMENT "manifest.invalid" ("N problems").
absl::Status AdminManifestCheck(const std::string& path, const std::string& lang, AdminIo io);

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_MANIFEST_COMMANDS_H_

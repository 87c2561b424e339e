// `urne-admin manifest new`: a commented starting manifest for one kind of votation, in the
// form staff edit (specs/manifest.md §1): proto field names, local times in the town's time
// zone, keys left empty for `urne-admin manifest --template` to fill.
#ifndef URNE_AUTHORITY_MANIFEST_TEMPLATE_H_
#define URNE_AUTHORITY_MANIFEST_TEMPLATE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace urne::authority {

// The kinds `manifest new --kind` offers, with a one-line description (English).
const std::vector<std::pair<std::string, std::string>>& ManifestKinds();

// The starting file for `kind` in `lang` ("fr" or "en": the comments' language), with times
// shown in `time_zone`. INVALID_ARGUMENT "manifest.kind" for an unknown kind (the message
// lists the kinds).
absl::StatusOr<std::string> ManifestTemplate(const std::string& kind, const std::string& lang,
                                             const std::string& time_zone);

// examples/*.json by name (generated at build time).
const std::vector<std::pair<std::string, std::string>>& ExampleManifests();

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_MANIFEST_TEMPLATE_H_

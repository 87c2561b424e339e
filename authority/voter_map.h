// The staff's private voter map (specs/credentials.md §10.4): which public credential each
// voter of the roll CSV holds, and the credentials a replacement revoked. Written by
// `urne-admin roll` and `credentials` next to the letters, rewritten by `replace-credential`,
// read by `voters` (who voted) — never published, never sent to the board, and holding no code.
// Pure; thread-safe.
#ifndef URNE_AUTHORITY_VOTER_MAP_H_
#define URNE_AUTHORITY_VOTER_MAP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crypto/ed25519.h"
#include "election/entry.h"

namespace urne::authority {

struct VoterMapRow {
  std::string id;                      // the town's voter id (roll CSV), non-empty
  PublicKey credential;                // valid public key
  std::optional<uint64_t> revoked_by;  // the CREDENTIAL_REPLACEMENT entry that revoked it
};

// Valid by construction when it comes from ParseVoterMap: every id has exactly one current
// (not revoked) row, and no credential appears twice.
struct VoterMap {
  ElectionId election{};
  std::vector<VoterMapRow> rows;  // current rows in roll order; a replacement's after

  // The current row of `id`, or nullptr.
  const VoterMapRow* Current(const std::string& id) const;
  // Every id with its current credential, in the order of their first row.
  std::vector<const VoterMapRow*> CurrentRows() const;
};

// The file's text (§10.4): "urne-voter-map/1,<E hex>", the header "id,credential,revoked_by",
// one CSV row per credential. Canonical: one map has one text.
std::string VoterMapToText(const VoterMap& map);

// Reads the text of VoterMapToText. Any problem is INVALID_ARGUMENT "voter_map.file" with
// "line N: what" (first line, header, a credential that is not 64 lower-case hex digits of a
// valid key, a revoked_by that is not a decimal entry index, an empty id, a credential twice,
// an id without exactly one current credential).
absl::StatusOr<VoterMap> ParseVoterMap(const std::string& text);

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_VOTER_MAP_H_

// The public credentials file (specs/credentials.md §10.2): what the party that generates
// the codes offline (`urne-admin credentials`) hands to the authority, which signs and posts
// it as the ROLL entry (`urne-admin post-roll`). It holds the election id and the sorted
// public credentials, nothing else — never a code, never a name — so the online step never
// sees a code. The text is canonical: one list has exactly one file, whose SHA-256 (the
// fingerprint, what `sha256sum` prints) both parties compare out of band. Pure; thread-safe.
#ifndef URNE_AUTHORITY_PUBLIC_CREDENTIALS_H_
#define URNE_AUTHORITY_PUBLIC_CREDENTIALS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "crypto/ed25519.h"
#include "election/entry.h"

namespace urne::authority {

inline constexpr char kPublicCredentialsFormat[] = "urne-public-credentials/1";

struct PublicCredentials {
  ElectionId election{};
  std::vector<PublicKey> credentials;  // strictly ascending (unsigned bytewise)
};

// The file's text: the format line, "election <hex>", then every credential in lower-case
// hex, sorted strictly ascending, each line ending in LF. Requires distinct credentials
// (a duplicate is a programming error: codes are random).
std::string PublicCredentialsToText(const ElectionId& election, std::vector<PublicKey> credentials);

// Parses untrusted text (INVALID_ARGUMENT). First, any line holding something that parses as
// a credential code — alone, or as a word between separators, as in the letters' mail-merge
// CSV — refuses the whole file: reason "credentials.contains_code", naming the lines, never
// the code. Then the format (reason "credentials.file"; every problem listed, each
// "line N: …", at most 20 then a count): line 1 is exactly kPublicCredentialsFormat; line 2
// is "election " and 64 lower-case hex digits; every further line is 64 lower-case hex
// digits, a valid public key (credentials.md §5), greater than the line before (no
// duplicate); no empty line; at least one credential. Lines end in LF (a CR before it is
// tolerated); the last line's LF may be missing.
absl::StatusOr<PublicCredentials> ParsePublicCredentials(std::string_view text);

// SHA-256 of the file's bytes, in lower-case hex.
std::string PublicCredentialsFingerprint(std::string_view text);

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_PUBLIC_CREDENTIALS_H_

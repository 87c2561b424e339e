// The election authority's signing key on disk: an Ed25519 seed in a v1.AdminKeyFile message,
// sealed under a passphrase with crypto/passphrase_seal.h (specs/crypto.md §6), plus a public
// companion file "KEYFILE.pub" holding the public key in hex (one line) that the manifest
// author copies into `authority_key`. Functions do file I/O; not thread-safe on one path.
#ifndef URNE_AUTHORITY_AUTHORITY_KEY_FILE_H_
#define URNE_AUTHORITY_AUTHORITY_KEY_FILE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "crypto/ed25519.h"
#include "crypto/passphrase_seal.h"

namespace urne::authority {

// Creates a fresh key, seals it under `passphrase` into `path` (mode 0600, refused if the
// file exists: reason "keyfile.exists") and writes `path`.pub. Returns the key.
absl::StatusOr<SigningKey> CreateAuthorityKey(const std::string& path, std::string_view passphrase,
                                              PwhashLimits limits = {});

// Opens the key file. Reasons: file.unreadable, keyfile.malformed, keyfile.wrong_passphrase,
// keyfile.not_authority (a sealed file that is not an authority key).
absl::StatusOr<SigningKey> LoadAuthorityKey(const std::string& path, std::string_view passphrase);

// A public key given as 64 hex digits, 44 base64 characters, or the path of a file whose
// first line is one of those (e.g. KEYFILE.pub). Reason "key.unreadable" / key.* .
absl::StatusOr<PublicKey> ReadPublicKeyArgument(const std::string& argument);

// Standard base64 with padding (the protobuf JSON mapping of bytes).
std::string Base64(ByteView bytes);

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_AUTHORITY_KEY_FILE_H_

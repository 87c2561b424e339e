// Passphrase-sealed secrets: the byte format of urne key files (specs/crypto.md §6).
//
//   "URNEKEY1" (8 bytes) ‖ salt (16) ‖ opslimit (u64 BE) ‖ memlimit (u64 BE) ‖ nonce (24) ‖
//   crypto_secretbox_easy(plaintext, nonce, key)
//   key = crypto_pwhash(32 bytes, passphrase, salt, opslimit, memlimit, Argon2id13)
//
// The header is authenticated indirectly: any change to salt or limits gives another key,
// so the secretbox fails. Pure functions; no I/O; thread-safe.
#ifndef URNE_CRYPTO_PASSPHRASE_SEAL_H_
#define URNE_CRYPTO_PASSPHRASE_SEAL_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "crypto/bytes.h"
#include "crypto/secret_bytes.h"

namespace urne {

struct PwhashLimits {
  uint64_t opslimit = 3;            // crypto_pwhash_OPSLIMIT_MODERATE
  uint64_t memlimit = 64ull << 20;  // 64 MiB
};

// Seals `plaintext` under `passphrase` (at least 8 characters: reason "keyfile.weak_passphrase").
absl::StatusOr<Bytes> SealWithPassphrase(std::string_view passphrase, ByteView plaintext,
                                         PwhashLimits limits = {});

// Opens a sealed file. Reasons: "keyfile.malformed" (bad magic, truncated, absurd limits),
// "keyfile.wrong_passphrase" (authentication failed: wrong passphrase or corrupted bytes).
absl::StatusOr<SecretBytes> OpenWithPassphrase(std::string_view passphrase, ByteView sealed);

}  // namespace urne

#endif  // URNE_CRYPTO_PASSPHRASE_SEAL_H_

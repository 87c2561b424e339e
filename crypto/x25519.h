// X25519 sealed boxes (libsodium crypto_box_seal: an ephemeral X25519 key, XSalsa20-Poly1305)
// for the key ceremony's encrypted shares (specs/ceremony.md §2, specs/crypto-proofs.md
// "Threshold"). BoxKeyPair owns the secret key in a wiped buffer and is move-only. All
// functions are thread-safe.
#ifndef URNE_CRYPTO_X25519_H_
#define URNE_CRYPTO_X25519_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "crypto/bytes.h"
#include "crypto/secret_bytes.h"

namespace urne {

inline constexpr size_t kBoxPublicKeyBytes = 32;  // crypto_box_PUBLICKEYBYTES
inline constexpr size_t kBoxSecretKeyBytes = 32;  // crypto_box_SECRETKEYBYTES
// A sealed box is the plaintext plus this much (ephemeral public key and MAC).
inline constexpr size_t kSealOverheadBytes = 48;  // crypto_box_SEALBYTES

// An X25519 key pair for sealed boxes; the secret is wiped.
struct BoxKeyPair {
  Bytes public_key;        // kBoxPublicKeyBytes
  SecretBytes secret_key;  // kBoxSecretKeyBytes
  // A fresh key pair from the operating system's random generator (crypto_box_keypair).
  static BoxKeyPair Generate();
};

// Seals `plain` to `public_key` (crypto_box_seal); the result is plain.size() +
// kSealOverheadBytes long. Error "box.wrong_key_length" if the key is not
// kBoxPublicKeyBytes, "box.seal_failed" if libsodium refuses the key.
absl::StatusOr<Bytes> SealToBoxKey(ByteView plain, ByteView public_key);

// Opens a sealed box addressed to `box`. The plaintext is `sealed.size() −
// kSealOverheadBytes` bytes. Error "box.wrong_length" for a box shorter than the overhead,
// "box.open_failed" when the box was not sealed to this key or was altered.
absl::StatusOr<SecretBytes> OpenSealedBox(ByteView sealed, const BoxKeyPair& box);

}  // namespace urne

#endif  // URNE_CRYPTO_X25519_H_

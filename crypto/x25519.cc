#include "crypto/x25519.h"

#include <sodium.h>

#include "crypto/ed25519.h"
#include "status/status.h"

namespace urne {

static_assert(crypto_box_PUBLICKEYBYTES == kBoxPublicKeyBytes);
static_assert(crypto_box_SECRETKEYBYTES == kBoxSecretKeyBytes);
static_assert(crypto_box_SEALBYTES == kSealOverheadBytes);

BoxKeyPair BoxKeyPair::Generate() {
  EnsureSodiumInitialized();
  BoxKeyPair kp{Bytes(kBoxPublicKeyBytes), SecretBytes(kBoxSecretKeyBytes)};
  crypto_box_keypair(kp.public_key.data(), kp.secret_key.mutable_view().data());
  return kp;
}

absl::StatusOr<Bytes> SealToBoxKey(ByteView plain, ByteView public_key) {
  EnsureSodiumInitialized();
  if (public_key.size() != kBoxPublicKeyBytes) {
    return Invalid("box.wrong_key_length", Cat("an X25519 public key is ", kBoxPublicKeyBytes,
                                               " bytes, got ", public_key.size()));
  }
  Bytes sealed(plain.size() + kSealOverheadBytes);
  if (crypto_box_seal(sealed.data(), plain.data(), plain.size(), public_key.data()) != 0) {
    return Invalid("box.seal_failed", "cannot seal to this X25519 public key");
  }
  return sealed;
}

absl::StatusOr<SecretBytes> OpenSealedBox(ByteView sealed, const BoxKeyPair& box) {
  EnsureSodiumInitialized();
  if (sealed.size() < kSealOverheadBytes) {
    return Invalid("box.wrong_length", Cat("a sealed box is at least ", kSealOverheadBytes,
                                           " bytes, got ", sealed.size()));
  }
  SecretBytes plain(sealed.size() - kSealOverheadBytes);
  if (box.public_key.size() != kBoxPublicKeyBytes || box.secret_key.size() != kBoxSecretKeyBytes ||
      crypto_box_seal_open(plain.mutable_view().data(), sealed.data(), sealed.size(),
                           box.public_key.data(), box.secret_key.data()) != 0) {
    return Invalid("box.open_failed",
                   "the sealed box was not sealed to this key or has been altered");
  }
  return plain;
}

}  // namespace urne

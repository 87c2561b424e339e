#include "crypto/ed25519.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>

#include "status/status.h"

namespace urne {

static_assert(crypto_sign_PUBLICKEYBYTES == kPublicKeyBytes);
static_assert(crypto_sign_BYTES == kSignatureBytes);
static_assert(crypto_sign_SEEDBYTES == kSeedBytes);
static_assert(crypto_core_ed25519_BYTES == kPublicKeyBytes);

void EnsureSodiumInitialized() {
  // A function-local static is initialised once, thread-safely; sodium_init() returns 1 when
  // already initialised and -1 on failure.
  static const int status = sodium_init();
  if (status < 0) std::abort();
}

absl::Status CheckPublicKeyLength(ByteView bytes) {
  if (bytes.size() != kPublicKeyBytes) {
    return Invalid("key.wrong_length",
                   Cat("an Ed25519 public key is ", kPublicKeyBytes, " bytes, got ", bytes.size()));
  }
  return absl::OkStatus();
}

absl::StatusOr<PublicKey> ParsePublicKey(ByteView bytes) {
  URNE_RETURN_IF_ERROR(CheckPublicKeyLength(bytes));
  // libsodium 1.0.18: canonical y (< 2^255 − 19), not a small-order encoding (its blocklist
  // includes non-canonical forms), decodes to a curve point, and lies in the prime-order
  // subgroup. See specs/credentials.md §5.
  if (crypto_core_ed25519_is_valid_point(bytes.data()) != 1) {
    return Invalid("key.invalid",
                   "not a canonical Ed25519 point of the prime-order subgroup (or of small "
                   "order); the key is corrupt or forged");
  }
  PublicKey key;
  std::copy(bytes.begin(), bytes.end(), key.bytes.begin());
  return key;
}

KnownKeys::KnownKeys(std::vector<PublicKey> keys) : keys_(std::move(keys)) {
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
}

std::optional<PublicKey> KnownKeys::Find(ByteView bytes) const {
  if (bytes.size() != kPublicKeyBytes) return std::nullopt;
  PublicKey key;
  std::copy(bytes.begin(), bytes.end(), key.bytes.begin());
  if (!std::binary_search(keys_.begin(), keys_.end(), key)) return std::nullopt;
  return key;
}

absl::StatusOr<PublicKey> ParsePublicKey(ByteView bytes, const KnownKeys* known) {
  if (known != nullptr) {
    if (std::optional<PublicKey> key = known->Find(bytes)) return *key;
  }
  return ParsePublicKey(bytes);
}

SigningKey SigningKey::Generate() {
  EnsureSodiumInitialized();
  SecretBytes seed(kSeedBytes);
  randombytes_buf(seed.data(), seed.size());
  return FromSeed(std::span<const uint8_t, kSeedBytes>(seed.data(), kSeedBytes));
}

SigningKey SigningKey::FromSeed(std::span<const uint8_t, kSeedBytes> seed) {
  EnsureSodiumInitialized();
  SecretBytes secret_key(crypto_sign_SECRETKEYBYTES);
  std::array<uint8_t, crypto_sign_PUBLICKEYBYTES> pk;
  crypto_sign_seed_keypair(pk.data(), secret_key.data(), seed.data());
  return SigningKey(std::move(secret_key));
}

PublicKey SigningKey::public_key() const {
  PublicKey key;
  crypto_sign_ed25519_sk_to_pk(key.bytes.data(), secret_key_.data());
  return key;
}

Bytes SigningKey::Sign(ByteView message) const {
  Bytes signature(crypto_sign_BYTES);
  crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(),
                       secret_key_.data());
  return signature;
}

SecretBytes SigningKey::seed() const {
  SecretBytes out(kSeedBytes);
  crypto_sign_ed25519_sk_to_seed(out.data(), secret_key_.data());
  return out;
}

absl::Status Verify(const PublicKey& key, ByteView message, ByteView signature) {
  if (signature.size() != kSignatureBytes) {
    return Invalid("signature.wrong_length", Cat("an Ed25519 signature is ", kSignatureBytes,
                                                 " bytes, got ", signature.size()));
  }
  if (crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                  key.bytes.data()) != 0) {
    return Invalid("signature.invalid",
                   "the Ed25519 signature does not verify under this key for this message");
  }
  return absl::OkStatus();
}

}  // namespace urne

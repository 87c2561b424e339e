// Ed25519 verification compares encodings, not points (specs/credentials.md §5, issue #17
// point 14): a signature whose R is a non-canonical encoding is refused even when the point
// equation S·B − k·A = R holds. Built by hand from the key's secret scalar with libsodium's
// scalar arithmetic.
#include <gtest/gtest.h>
#include <sodium.h>

#include <cstring>

#include "crypto/ed25519.h"
#include "status/status.h"

namespace urne {
namespace {

// a: the clamped first half of SHA-512(seed), reduced mod ℓ (RFC 8032 §5.1.5).
Bytes SecretScalarOf(const SigningKey& key) {
  SecretBytes seed = key.seed();
  uint8_t h[64];
  crypto_hash_sha512(h, seed.data(), seed.size());
  h[0] &= 248;
  h[31] &= 127;
  h[31] |= 64;
  uint8_t wide[64] = {0};
  std::memcpy(wide, h, 32);
  Bytes a(32);
  crypto_core_ed25519_scalar_reduce(a.data(), wide);
  sodium_memzero(h, sizeof h);
  return a;
}

// R ‖ S with S = k·a, k = H(R ‖ A ‖ M): then S·B − k·A is the identity, whatever R holds.
Bytes SignatureWithR(const SigningKey& key, const Bytes& r, const Bytes& message) {
  PublicKey pk = key.public_key();
  Bytes hashed(r);
  hashed.insert(hashed.end(), pk.bytes.begin(), pk.bytes.end());
  hashed.insert(hashed.end(), message.begin(), message.end());
  uint8_t k_wide[64];
  crypto_hash_sha512(k_wide, hashed.data(), hashed.size());
  uint8_t k[32];
  crypto_core_ed25519_scalar_reduce(k, k_wide);
  Bytes a = SecretScalarOf(key);
  Bytes sig(r);
  sig.resize(64);
  crypto_core_ed25519_scalar_mul(sig.data() + 32, k, a.data());
  return sig;
}

TEST(SignatureEncoding, NonCanonicalRIsRefused) {
  EnsureSodiumInitialized();
  SigningKey key = SigningKey::Generate();
  Bytes message = {'u', 'r', 'n', 'e'};
  // The identity (y = 1) encoded as y = p + 1 = 2^255 − 18: its point equation holds.
  Bytes r_non_canonical(32, 0xff);
  r_non_canonical[0] = 0xee;
  r_non_canonical[31] = 0x7f;
  absl::Status s = Verify(key.public_key(), message, SignatureWithR(key, r_non_canonical, message));
  EXPECT_EQ(ReasonOf(s), "signature.invalid") << s;
  // The canonical encoding of that point (small order) is refused too.
  Bytes r_identity(32, 0);
  r_identity[0] = 1;
  s = Verify(key.public_key(), message, SignatureWithR(key, r_identity, message));
  EXPECT_EQ(ReasonOf(s), "signature.invalid") << s;
  // The construction is right: a genuine signature verifies.
  EXPECT_TRUE(Verify(key.public_key(), message, key.Sign(message)).ok());
}

}  // namespace
}  // namespace urne

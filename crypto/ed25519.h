// Ed25519 signatures (RFC 8032, libsodium crypto_sign) for entry authors: the authority, the
// trustees and voters' credentials (specs/credentials.md §5 "Keys and signatures").
//
// PublicKey is a plain value that is valid by construction when it comes from ParsePublicKey
// or SigningKey::public_key(): a canonical encoding of a point of the prime-order subgroup
// that is not of small order. SigningKey owns the 64-byte libsodium secret key (seed ‖ public
// key) in a wiped heap buffer; it is move-only, never printed, and a moved-from key must not
// be used. All functions are thread-safe; SigningKey is immutable after construction.
#ifndef URNE_CRYPTO_ED25519_H_
#define URNE_CRYPTO_ED25519_H_

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crypto/bytes.h"
#include "crypto/secret_bytes.h"

namespace urne {

inline constexpr size_t kPublicKeyBytes = 32;
inline constexpr size_t kSignatureBytes = 64;
inline constexpr size_t kSeedBytes = 32;

// An Ed25519 public key: the 32-byte RFC 8032 point encoding. Ordered by bytes (lexicographic),
// which is the order of the Roll.
struct PublicKey {
  std::array<uint8_t, kPublicKeyBytes> bytes;

  friend bool operator==(const PublicKey&, const PublicKey&) = default;
  // Written out, not defaulted: clang-tidy 14 reports the defaulted operator's synthesized
  // comparison with the literal 0 as modernize-use-nullptr.
  friend std::strong_ordering operator<=>(const PublicKey& a, const PublicKey& b) {
    return a.bytes <=> b.bytes;
  }
};

// Parses an untrusted public key. Requires exactly 32 bytes (else "key.wrong_length") that
// crypto_core_ed25519_is_valid_point accepts (else "key.invalid"): y < p (canonical), not one
// of the small-order encodings, a point on the curve, and in the prime-order subgroup
// (ℓ·A = identity). Every key produced by SigningKey passes.
absl::StatusOr<PublicKey> ParsePublicKey(ByteView bytes);
// ParsePublicKey's first check alone: "key.wrong_length" unless `bytes` is 32 bytes long.
absl::Status CheckPublicKeyLength(ByteView bytes);

// Keys ParsePublicKey already accepted (an electoral roll's credentials), so that the same
// bytes met again (each credential's signed entries) skip its point checks: a decoding and a
// subgroup test, about 50 µs, most of a signature check's cost beside the verification
// itself. Only PublicKey values go in, so a key found here is one ParsePublicKey accepts.
// 32 bytes per key, sorted; immutable after construction, thread-safe.
class KnownKeys {
 public:
  explicit KnownKeys(std::vector<PublicKey> keys);
  // The key whose encoding is `bytes`, if it is one of them.
  std::optional<PublicKey> Find(ByteView bytes) const;
  size_t size() const { return keys_.size(); }

 private:
  std::vector<PublicKey> keys_;  // ascending, no duplicates
};

// ParsePublicKey(bytes), answered from `known` when the key is there (same result: `known`
// holds only keys it accepted). known may be null.
absl::StatusOr<PublicKey> ParsePublicKey(ByteView bytes, const KnownKeys* known);

class SigningKey {
 public:
  // A fresh key pair from the operating system's random generator.
  static SigningKey Generate();
  // The key pair of a 32-byte RFC 8032 seed (crypto_sign_seed_keypair); deterministic.
  static SigningKey FromSeed(std::span<const uint8_t, kSeedBytes> seed);

  SigningKey(SigningKey&&) noexcept = default;
  SigningKey& operator=(SigningKey&&) noexcept = default;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;

  PublicKey public_key() const;
  // The 64-byte detached Ed25519 signature of `message` (deterministic, RFC 8032).
  Bytes Sign(ByteView message) const;
  // The 32-byte seed, from which FromSeed rebuilds this key (for encrypted key files).
  SecretBytes seed() const;

 private:
  explicit SigningKey(SecretBytes secret_key) : secret_key_(std::move(secret_key)) {}
  SecretBytes secret_key_;  // crypto_sign_SECRETKEYBYTES = seed ‖ public key
};

// Verifies the detached signature of `message` under `key` (crypto_sign_verify_detached).
// Returns OK, or INVALID_ARGUMENT with reason "signature.wrong_length" (not 64 bytes) or
// "signature.invalid" (any other failure, including a non-canonical S or a small-order R).
[[nodiscard]] absl::Status Verify(const PublicKey& key, ByteView message, ByteView signature);

// Calls sodium_init() once per process (thread-safe). Aborts if libsodium cannot start, as
// nothing secure can be done without its random generator.
void EnsureSodiumInitialized();

}  // namespace urne

#endif  // URNE_CRYPTO_ED25519_H_

// Exponential ElGamal over a Group (specs/crypto-proofs.md §1 "ElGamal").
//
//   Enc(m; r) = (alpha, beta) = (g^r, K^{m+r})      for a public key K = g^s.
//
// The message is encoded as K^m, as in ElectionGuard 2.0: beta is a single fixed-base
// exponentiation, and a range proof's simulated branch costs two exponentiations instead of
// three (a 0/1 selection: 6 in all instead of 7). Decryption gives K^m = beta / alpha^s.
//
// Ciphertexts are plain public values and additively homomorphic (Add, Sub, ScalarMul).
// ElGamalPublicKey is a cheap-to-copy handle: copies share one immutable state holding K and
// a FixedBase table for K, built on first use (thread-safe, std::call_once). ElGamalKeyPair
// owns the secret s (SecretScalar, move-only, wiped). Encryption and partial decryption use
// constant-time exponentiation: m, r and s are secrets; only ScalarMul (public scalar) is
// variable-time.
#ifndef URNE_CRYPTO_ELGAMAL_H_
#define URNE_CRYPTO_ELGAMAL_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/statusor.h"
#include "crypto/bytes.h"
#include "crypto/group.h"
#include "crypto/subgroup_batch.h"

namespace urne {

// An ElGamal ciphertext. (1, 1) — the encryption of 0 with nonce 0 — is the neutral element
// of Add and is a legitimate value (the encrypted tally of zero ballots), so neither
// component is required to differ from the identity.
struct Ciphertext {
  Element alpha;
  Element beta;
};

// (1, 1) in `group`.
Ciphertext IdentityCiphertext(const Group& group);

// alpha ‖ beta, 2 × element_bytes bytes.
Bytes EncodeCiphertext(const Ciphertext& c);
// Strict inverse of EncodeCiphertext. Errors (INVALID_ARGUMENT): "ciphertext.wrong_length";
// element decoding errors of either component keep their reason ("element.…") and the
// message names the component. The identity is allowed in both components (see above).
// With `members`, the components' subgroup test is deferred to it (crypto/subgroup_batch.h:
// the ciphertext is not to be trusted until members->VartimeVerify() returns true).
absl::StatusOr<Ciphertext> DecodeCiphertext(const Group& group, ByteView bytes,
                                            SubgroupBatch* members = nullptr);
// The element encodings DecodeCiphertext(bytes) decodes, in its order (alpha, beta), appended
// to `out` if bytes has the right length (else nothing): for SubgroupBatch::DecodeAhead.
// The views point into `bytes`.
void AppendCiphertextEncodings(const Group& group, ByteView bytes, std::vector<ByteView>& out);

// Homomorphic operations: Enc(m1)+Enc(m2) = Enc(m1+m2), Enc(m1)−Enc(m2) = Enc(m1−m2),
// k·Enc(m) = Enc(k·m). ScalarMul is variable-time: k must be public.
Ciphertext Add(const Ciphertext& a, const Ciphertext& b);
Ciphertext Sub(const Ciphertext& a, const Ciphertext& b);
Ciphertext ScalarMul(const Ciphertext& c, const Scalar& k);
bool Equal(const Ciphertext& a, const Ciphertext& b);

// A ciphertext together with the nonce r that made it (needed for proofs and Benaloh audits).
struct Encryption {
  Ciphertext ciphertext;
  SecretScalar nonce;
};

class ElGamalPublicKey {
 public:
  // K must not be the identity. Errors: "element.identity" (INVALID_ARGUMENT).
  static absl::StatusOr<ElGamalPublicKey> FromElement(const Element& k);
  // Strict decoding of K's canonical encoding with Identity::kForbidden; element decoding
  // errors keep their reason.
  static absl::StatusOr<ElGamalPublicKey> Decode(const Group& group, ByteView bytes);

  const Group& group() const { return state_->k.group(); }
  const Element& element() const { return state_->k; }
  // K's canonical encoding (computed once; transcripts hash it for every proof).
  const Bytes& encoded() const { return state_->encoded; }
  Bytes Encode() const { return state_->encoded; }
  // The FixedBase table of K (built on first call; shared by all copies).
  const FixedBase& table() const;

  // Enc(m; r), constant time in m and r.
  Ciphertext Encrypt(uint64_t m, const Scalar& r) const;
  // Enc(m; r) with a fresh uniformly random r, returned with the ciphertext.
  Encryption Encrypt(uint64_t m) const;

 private:
  struct State {
    explicit State(const Element& e) : k(e), encoded(e.group().Encode(e)) {}
    Element k;
    Bytes encoded;
    mutable std::once_flag once;
    mutable std::unique_ptr<FixedBase> table;
  };
  explicit ElGamalPublicKey(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

class ElGamalKeyPair {
 public:
  // A fresh key pair with uniformly random non-zero s.
  static ElGamalKeyPair Generate(const Group& group);
  // The key pair of a given secret; errors "scalar.zero" if s = 0.
  static absl::StatusOr<ElGamalKeyPair> FromSecret(SecretScalar s);

  const ElGamalPublicKey& public_key() const { return public_key_; }
  const SecretScalar& secret() const { return secret_; }

 private:
  ElGamalKeyPair(ElGamalPublicKey pk, SecretScalar s)
      : public_key_(std::move(pk)), secret_(std::move(s)) {}
  ElGamalPublicKey public_key_;
  SecretScalar secret_;
};

// The partial decryption M = alpha^s (constant time in s). With s a threshold share s_j this
// is trustee j's contribution; with the full key it is the decryption factor.
Element PartialDecrypt(const Ciphertext& c, const SecretScalar& s);
// K^m = beta / M for a (combined) decryption factor M = alpha^s.
Element DecryptWithFactor(const Ciphertext& c, const Element& m_factor);
// K^m = beta / alpha^s. Recover m with DiscreteLog(K, max) (crypto/dlog.h).
Element Decrypt(const Ciphertext& c, const SecretScalar& s);

}  // namespace urne

#endif  // URNE_CRYPTO_ELGAMAL_H_

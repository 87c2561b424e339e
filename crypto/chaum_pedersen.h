// Chaum–Pedersen proof of equality of discrete logs (specs/crypto-proofs.md §2.3): the same
// secret s satisfies K = g^s and M = A^s. Used for partial decryptions (K = trustee j's
// verification key, A = a ciphertext's alpha, M = the partial decryption alpha^{s_j}).
//
//   commitments a = g^u, b = A^u,
//   challenge   c = H("urne/v1/proof/chaum-pedersen", group, context, g, K, A, M, a, b),
//   response    v = u − c·s;   verify g^v·K^c = a, A^v·M^c = b and c = H(…).
//
// Proving is constant time in s and u. Free functions, thread-safe.
#ifndef URNE_CRYPTO_CHAUM_PEDERSEN_H_
#define URNE_CRYPTO_CHAUM_PEDERSEN_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crypto/bytes.h"
#include "crypto/group.h"
#include "crypto/transcript.h"

namespace urne {

inline constexpr char kChaumPedersenDomain[] = "urne/v1/proof/chaum-pedersen";

// The statement log_g K = log_A M.
struct ChaumPedersenStatement {
  Element k;       // K = g^s
  Element base;    // A
  Element result;  // M = A^s
};

struct ChaumPedersenProof {
  Element a;  // g^u
  Element b;  // A^u
  Scalar c;   // challenge
  Scalar v;   // response u − c·s
};

// Requires K = g^s and M = A^s (not checked).
ChaumPedersenProof ProveChaumPedersen(const ChaumPedersenStatement& statement,
                                      const SecretScalar& s, ByteView context);

// OK, or INVALID_ARGUMENT with reason "proof.chaum_pedersen.challenge_mismatch" or
// "proof.chaum_pedersen.invalid" (an equation fails).
absl::Status VerifyChaumPedersen(const ChaumPedersenStatement& statement,
                                 const ChaumPedersenProof& proof, ByteView context);

// a ‖ b ‖ c ‖ v: 2·element_bytes + 64 bytes.
Bytes EncodeChaumPedersenProof(const ChaumPedersenProof& proof);
// Errors: "proof.chaum_pedersen.wrong_length"; element/scalar reasons of the fields kept.
absl::StatusOr<ChaumPedersenProof> DecodeChaumPedersenProof(const Group& group, ByteView bytes);

Transcript ChaumPedersenTranscript(const ChaumPedersenStatement& statement, const Element& a,
                                   const Element& b, ByteView context);

}  // namespace urne

#endif  // URNE_CRYPTO_CHAUM_PEDERSEN_H_

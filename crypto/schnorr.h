// Schnorr proof of knowledge of x with X = g^x (specs/crypto-proofs.md §2.2). Used for the
// trustees' polynomial coefficient commitments.
//
//   commitment h = g^u,  challenge c = H("urne/v1/proof/schnorr", group, context, g, X, h),
//   response v = u − c·x;  verify g^v · X^c = h and c = H(…).
//
// Proofs are public values; proving takes the secret as a SecretScalar and runs in constant
// time in x and u. Free functions, thread-safe.
#ifndef URNE_CRYPTO_SCHNORR_H_
#define URNE_CRYPTO_SCHNORR_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crypto/bytes.h"
#include "crypto/group.h"
#include "crypto/transcript.h"

namespace urne {

inline constexpr char kSchnorrDomain[] = "urne/v1/proof/schnorr";

struct SchnorrProof {
  Element h;  // commitment g^u
  Scalar c;   // challenge
  Scalar v;   // response u − c·x
};

// Proves knowledge of x for X = g^x (requires X = g^x; not checked).
SchnorrProof ProveSchnorr(const Element& x_public, const SecretScalar& x, ByteView context);

// OK, or INVALID_ARGUMENT with reason "proof.schnorr.challenge_mismatch" (c is not the
// hash of this statement, context and commitment) or "proof.schnorr.invalid" (g^v·X^c ≠ h).
absl::Status VerifySchnorr(const Element& x_public, const SchnorrProof& proof, ByteView context);

// h ‖ c ‖ v: element_bytes + 32 + 32 bytes.
Bytes EncodeSchnorrProof(const SchnorrProof& proof);
// Errors: "proof.schnorr.wrong_length"; element/scalar reasons of the fields kept.
absl::StatusOr<SchnorrProof> DecodeSchnorrProof(const Group& group, ByteView bytes);

// The challenge transcript (exposed for batch verification and test vectors).
Transcript SchnorrTranscript(const Element& x_public, const Element& h, ByteView context);

}  // namespace urne

#endif  // URNE_CRYPTO_SCHNORR_H_

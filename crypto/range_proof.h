// Disjunctive Chaum–Pedersen (CDS) range proof (specs/crypto-proofs.md §2.4): an ElGamal
// ciphertext (alpha, beta) under key K encrypts some m ∈ {lo, …, hi}. The election layer
// uses {0, …, L} for each option and [min, max] for the product of a question's options.
//
// One branch per value j = lo … hi (branch index i = j − lo):
//   commitments a_j, b_j, challenge c_j, response v_j, with
//   g^{v_j}·alpha^{c_j} = a_j,  K^{v_j}·(beta/K^j)^{c_j} = b_j  for every j, and
//   Σ_j c_j = c = H("urne/v1/proof/range", group, context, g, K, alpha, beta, lo, hi,
//                   a_lo, b_lo, …, a_hi, b_hi)  (mod q).
// hi − lo ≤ kMaxRangeWidth. Proving is constant time in m, r and the nonces (every branch
// runs the same two fixed-base exponentiations, see range_proof.cc). Free functions, thread-safe.
#ifndef URNE_CRYPTO_RANGE_PROOF_H_
#define URNE_CRYPTO_RANGE_PROOF_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crypto/bytes.h"
#include "crypto/elgamal.h"
#include "crypto/group.h"
#include "crypto/subgroup_batch.h"
#include "crypto/transcript.h"

namespace urne {

inline constexpr char kRangeDomain[] = "urne/v1/proof/range";
// The largest hi − lo a range proof may cover (so at most 1001 branches).
inline constexpr uint64_t kMaxRangeWidth = 1000;

struct RangeProofBranch {
  Element a;
  Element b;
  Scalar c;
  Scalar v;
};

struct RangeProof {
  std::vector<RangeProofBranch> branches;  // branches[i] is for the value lo + i
};

// Proves that `ciphertext` = Enc(m; r) under `key` with lo ≤ m ≤ hi. Requires the
// ciphertext to be exactly key.Encrypt(m, r) (not checked: a wrong r yields a proof that
// does not verify). Errors (INVALID_ARGUMENT): "proof.range.bad_bounds" (lo > hi or
// hi − lo > kMaxRangeWidth), "proof.range.value_out_of_range" (m ∉ [lo, hi]).
absl::StatusOr<RangeProof> ProveRange(const ElGamalPublicKey& key, const Ciphertext& ciphertext,
                                      uint64_t m, const SecretScalar& r, uint64_t lo, uint64_t hi,
                                      ByteView context);

// OK, or INVALID_ARGUMENT with reason "proof.range.bad_bounds",
// "proof.range.wrong_branch_count" (not hi − lo + 1 branches),
// "proof.range.challenge_mismatch" (Σ c_j ≠ H(…)) or "proof.range.invalid" (an equation
// fails; the message names the value j).
absl::Status VerifyRange(const ElGamalPublicKey& key, const Ciphertext& ciphertext, uint64_t lo,
                         uint64_t hi, const RangeProof& proof, ByteView context);

// branches in order, each a ‖ b ‖ c ‖ v: n·(2·element_bytes + 64) bytes.
Bytes EncodeRangeProof(const RangeProof& proof);
// Errors: "proof.range.wrong_length" (empty, not a whole number of branches, or more than
// kMaxRangeWidth + 1 branches); element/scalar reasons of the fields kept. The branch count
// is checked against the statement by VerifyRange. With `members`, the commitments a_j, b_j
// are decoded by members->DecodeCommitment: their subgroup test is left to the proof's
// equations (VerifyRange, or a BatchVerifier that passes; crypto/subgroup_batch.h), so the
// proof is not to be trusted before one of them accepts it.
absl::StatusOr<RangeProof> DecodeRangeProof(const Group& group, ByteView bytes,
                                            SubgroupBatch* members = nullptr);
// The element encodings DecodeRangeProof(bytes) decodes, in its order (each branch's a, b),
// appended to `out` if bytes has a valid length (else nothing): for SubgroupBatch::DecodeAhead.
// The views point into `bytes`.
void AppendRangeProofEncodings(const Group& group, ByteView bytes, std::vector<ByteView>& out);

// The challenge transcript; requires branches.size() == hi − lo + 1.
Transcript RangeTranscript(const ElGamalPublicKey& key, const Ciphertext& ciphertext, uint64_t lo,
                           uint64_t hi, const std::vector<RangeProofBranch>& branches,
                           ByteView context);

}  // namespace urne

#endif  // URNE_CRYPTO_RANGE_PROOF_H_

// Threshold key sharing: Pedersen-style joint key with Feldman commitments
// (specs/crypto-proofs.md §3 "Threshold").
//
// Dealer (trustee) i picks P_i(x) = a_i0 + a_i1·x + … + a_i,t−1·x^{t−1} with random secret
// coefficients, publishes C_ik = g^{a_ik}, and gives participant j ≥ 1 the share P_i(j).
//   VerifyShare:      g^{P_i(j)} = ∏_k C_ik^{j^k}
//   JointKey:         K = ∏_i C_i0
//   VerificationKey:  g^{s_j} = ∏_i ∏_k C_ik^{j^k}, where s_j = Σ_i P_i(j)
//   Combination:      A^s = ∏_{j∈S} M_j^{λ_j} with M_j = A^{s_j}, λ_j = ∏_{m∈S, m≠j} m/(m−j)
// No secret is ever reconstructed. Polynomial owns its coefficients (move-only, wiped); the
// free functions are pure and thread-safe. Indices are participant numbers 1…n.
#ifndef URNE_CRYPTO_THRESHOLD_H_
#define URNE_CRYPTO_THRESHOLD_H_

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crypto/group.h"

namespace urne {

class Polynomial {
 public:
  // A polynomial of degree threshold − 1 with uniformly random coefficients; requires
  // threshold ≥ 1.
  static Polynomial Random(const Group& group, size_t threshold);
  // A polynomial with the given coefficients a_0 … a_{t−1} (t ≥ 1); for tests and for
  // restoring a stored trustee state.
  explicit Polynomial(std::vector<SecretScalar> coefficients);

  size_t threshold() const { return coefficients_.size(); }
  const Group& group() const { return coefficients_[0].value().group(); }
  const SecretScalar& coefficient(size_t k) const { return coefficients_[k]; }
  // C_k = g^{a_k}, k = 0 … t−1.
  std::vector<Element> Commitments() const;
  // P(j), constant time in the coefficients. Requires j ≥ 1 (P(0) is the dealer's secret).
  SecretScalar Share(uint32_t j) const;

 private:
  std::vector<SecretScalar> coefficients_;
};

// OK if g^{share} = ∏_k C_k^{j^k}. Errors (INVALID_ARGUMENT): "threshold.bad_index"
// (j = 0), "threshold.no_commitments", "threshold.share_mismatch".
absl::Status VerifyShare(std::span<const Element> commitments, uint32_t j, const Scalar& share);

// ∏_k C_k^{j^k} for one dealer (= g^{P(j)}); requires a non-empty span.
Element EvaluateCommitments(std::span<const Element> commitments, uint32_t j);

// g^{s_j} = ∏_i ∏_k C_ik^{j^k} over all dealers' commitments. Errors: "threshold.bad_index",
// "threshold.no_commitments" (no dealer, or a dealer with no commitment).
absl::StatusOr<Element> VerificationKey(std::span<const std::vector<Element>> all_commitments,
                                        uint32_t j);

// K = ∏_i C_i0. Errors: "threshold.no_commitments".
absl::StatusOr<Element> JointKey(std::span<const std::vector<Element>> all_commitments);

// λ_j = ∏_{m∈subset, m≠j} m/(m−j) mod q. Errors: "threshold.bad_index" (an index is 0 or j
// is not in the subset), "threshold.duplicate_index".
absl::StatusOr<Scalar> LagrangeAtZero(const Group& group, std::span<const uint32_t> subset,
                                      uint32_t j);

// ∏ M_j^{λ_j} over the given (index, M_j) pairs = A^s when they are t or more correct
// partial decryptions of the same A (fewer than t give an unrelated value). Errors: those
// of LagrangeAtZero, and "threshold.no_partials" for an empty list.
absl::StatusOr<Element> CombinePartials(std::span<const std::pair<uint32_t, Element>> partials);

}  // namespace urne

#endif  // URNE_CRYPTO_THRESHOLD_H_

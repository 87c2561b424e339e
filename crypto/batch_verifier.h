// Batch verification of range-proof equations (specs/crypto-proofs.md §2.5).
//
// Add… checks a proof's challenge at once (hashing cannot be batched) and queues its
// equations, each of the form ∏_k B_k^{e_k} = 1. Verify() raises every equation to an
// independent random 128-bit weight and checks their product with one
// Group::VartimeMultiExp, in which equal bases (a ciphertext's α and β in every branch, the
// election key) are merged into one term; if that fails it re-verifies the proofs one by one
// and returns the first failure, prefixed with the proof's label (default "proof[i]: ",
// i = order of addition). The result equals
// individual verification except with probability ≤ 2^-128. Not thread-safe; the statements
// and proofs are copied.
#ifndef URNE_CRYPTO_BATCH_VERIFIER_H_
#define URNE_CRYPTO_BATCH_VERIFIER_H_

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "crypto/elgamal.h"
#include "crypto/range_proof.h"

namespace urne {

class BatchVerifier {
 public:
  explicit BatchVerifier(const Group& group);

  // Each returns the proof's challenge / shape error at once (same reasons as Verify…),
  // or OK after queueing its equations.
  absl::Status AddRange(const ElGamalPublicKey& key, const Ciphertext& ciphertext, uint64_t lo,
                        uint64_t hi, const RangeProof& proof, ByteView context,
                        std::string label = "");

  size_t size() const { return individual_.size(); }
  // OK iff every queued proof verifies; otherwise the first bad proof's status.
  absl::Status Verify() const;

 private:
  // Adds z·(Σ terms) for one equation with a fresh weight z; g's exponent is accumulated.
  void AddEquation(const Scalar& g_exp, std::vector<std::pair<Element, Scalar>> terms);
  void AddIndividual(std::function<absl::Status()> check, std::string label);

  const Group& group_;
  Scalar g_exp_;
  std::vector<Element> bases_;
  std::vector<Scalar> exps_;
  std::unordered_map<std::string, size_t> term_of_base_;  // encoding → index in bases_
  std::vector<std::function<absl::Status()>> individual_;
  std::vector<std::string> labels_;
};

}  // namespace urne

#endif  // URNE_CRYPTO_BATCH_VERIFIER_H_

// Batch verification of range-proof equations (specs/crypto-proofs.md §2.5).
//
// Add… checks a proof's challenge at once (hashing cannot be batched) and queues its
// equations, each of the form ∏_k B_k^{e_k} = 1, raised to an independent random 128-bit
// weight drawn when the proof is added (after it is fixed): the weights come from a ChaCha20
// stream (libsodium's randombytes_buf_deterministic) keyed from the system CSPRNG once per
// 256 weights. Bases are merged by what they are, not by comparing encodings: a
// ciphertext's α and β across a range proof's branches, and the generator and the
// election keys across all proofs. Verify() checks the product with one
// Group::VartimeMultiExp (ristretto255: the bucket method of crypto/msm.h for large
// batches). With Fallback::kIndividual, a failing batch re-verifies the proofs one by one
// and returns the first failure, prefixed with the proof's label (default "proof[i]: ",
// i = order of addition); with Fallback::kNone (callers that bisect over their own items,
// election/ballot_batch.h) nothing is kept for that and the failure is "proof.batch.failed".
// The result equals individual verification except with probability ≤ 2^-128
// (specs/crypto-proofs.md §2.5). Not thread-safe; the statements and proofs are copied.
#ifndef URNE_CRYPTO_BATCH_VERIFIER_H_
#define URNE_CRYPTO_BATCH_VERIFIER_H_

#include <array>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "crypto/elgamal.h"
#include "crypto/range_proof.h"

namespace urne {

class BatchVerifier {
 public:
  enum class Fallback { kIndividual, kNone };
  explicit BatchVerifier(const Group& group, Fallback fallback = Fallback::kIndividual);

  // Each returns the proof's challenge / shape error at once (same reasons as Verify…),
  // or OK after queueing its equations.
  // `terms`, when given, receives where the ciphertext's α and β terms are (for
  // AddRangeOfProduct; unchanged when the proof is not queued).
  struct CiphertextTerms {
    size_t alpha = 0, beta = 0;
  };
  absl::Status AddRange(const ElGamalPublicKey& key, const Ciphertext& ciphertext, uint64_t lo,
                        uint64_t hi, const RangeProof& proof, ByteView context,
                        std::string label = "", CiphertextTerms* terms = nullptr);
  // AddRange for `product`, the product of ciphertexts already queued whose terms are
  // `parts`: since α = ∏ α_o, the exponent of α goes to every α_o's term (and β's to every
  // β_o's), one term fewer each instead of two more — the same combination, fewer bases.
  // The parts must have been added after any Checkpoint that will be rolled back to.
  absl::Status AddRangeOfProduct(const ElGamalPublicKey& key, const Ciphertext& product,
                                 std::span<const CiphertextTerms> parts, uint64_t lo, uint64_t hi,
                                 const RangeProof& proof, ByteView context, std::string label = "");

  // Proofs added so far.
  size_t size() const { return proofs_; }
  // Forgets every queued proof (the weight stream goes on), keeping the storage for the next
  // batch: a verifier reused batch after batch allocates once.
  void Clear();
  // OK iff every queued proof verifies; otherwise the first bad proof's status
  // (Fallback::kIndividual) or INVALID_ARGUMENT "proof.batch.failed" (Fallback::kNone).
  absl::Status Verify() const;

  // The queue as it is now, to drop what a caller added after it (a ballot that turned out
  // malformed half-way): Rollback(Mark()) leaves the verifier as it was at Mark().
  struct Checkpoint {
    size_t proofs, terms, shared;
    std::vector<Scalar> shared_exps;  // g first
  };
  Checkpoint Mark() const;
  void Rollback(const Checkpoint& checkpoint);

 private:
  // A fresh uniform 128-bit weight.
  Scalar Weight();
  // exp += z·e for a base that many proofs share (the generator, an election key), found by
  // group equality among the few seen so far.
  void AddShared(const Element& base, const Scalar& weighted_exp);
  void AddTerm(const Element& base, const Scalar& weighted_exp);
  absl::Status Add(const ElGamalPublicKey& key, const Ciphertext& ciphertext,
                   std::span<const CiphertextTerms> parts, uint64_t lo, uint64_t hi,
                   const RangeProof& proof, ByteView context, std::string label,
                   CiphertextTerms* terms);

  const Group& group_;
  const Fallback fallback_;
  size_t proofs_ = 0;
  std::vector<Element> shared_bases_;  // [0] = the generator
  std::vector<Scalar> shared_exps_;
  // The per-proof terms; Verify appends the shared ones for its one multi-exponentiation
  // and removes them again (mutable for that: no copy of a batch's bases).
  mutable std::vector<Element> bases_;
  mutable std::vector<Scalar> exps_;
  std::array<uint8_t, 32> seed_{};
  std::vector<uint64_t> weights_;  // unused 64-bit words of the weight stream
  std::vector<std::function<absl::Status()>> individual_;
  std::vector<std::string> labels_;
};

}  // namespace urne

#endif  // URNE_CRYPTO_BATCH_VERIFIER_H_

#include "crypto/batch_verifier.h"

#include <sodium.h>

#include <cstring>

#include "status/status.h"

namespace urne {
namespace {

Bytes Copy(ByteView b) { return {b.begin(), b.end()}; }

// Weights drawn per refill of the stream: 256 weights of 128 bits, then 32 bytes of new key.
constexpr size_t kWeightsPerRefill = 256;

}  // namespace

BatchVerifier::BatchVerifier(const Group& group, Fallback fallback)
    : group_(group), fallback_(fallback) {
  shared_bases_.push_back(group.generator());
  shared_exps_.push_back(group.ScalarFromU64(0));
  randombytes_buf(seed_.data(), seed_.size());
}

Scalar BatchVerifier::Weight() {
  if (weights_.size() < 2) {
    // ChaCha20 keyed by the current seed: 256 weights, then the next seed (never a weight).
    std::vector<uint64_t> stream(2 * kWeightsPerRefill + 4);
    randombytes_buf_deterministic(stream.data(), stream.size() * sizeof(uint64_t), seed_.data());
    std::memcpy(seed_.data(), &stream[2 * kWeightsPerRefill], seed_.size());
    sodium_memzero(&stream[2 * kWeightsPerRefill], seed_.size());
    stream.resize(2 * kWeightsPerRefill);
    weights_ = std::move(stream);
  }
  const uint64_t hi = weights_.back();
  weights_.pop_back();
  const uint64_t lo = weights_.back();
  weights_.pop_back();
  return group_.ScalarFromU128(lo, hi);
}

void BatchVerifier::AddShared(const Element& base, const Scalar& weighted_exp) {
  for (size_t i = 0; i < shared_bases_.size(); ++i) {
    if (group_.Equal(shared_bases_[i], base)) {
      shared_exps_[i] = group_.Add(shared_exps_[i], weighted_exp);
      return;
    }
  }
  shared_bases_.push_back(base);
  shared_exps_.push_back(weighted_exp);
}

void BatchVerifier::AddTerm(const Element& base, const Scalar& weighted_exp) {
  bases_.push_back(base);
  exps_.push_back(weighted_exp);
}

void BatchVerifier::Clear() {
  proofs_ = 0;
  bases_.clear();
  exps_.clear();
  shared_bases_.resize(1, group_.identity());
  shared_exps_.assign(1, group_.ScalarFromU64(0));
  individual_.clear();
  labels_.clear();
}

BatchVerifier::Checkpoint BatchVerifier::Mark() const {
  return Checkpoint{proofs_, bases_.size(), shared_bases_.size(), shared_exps_};
}

void BatchVerifier::Rollback(const Checkpoint& checkpoint) {
  proofs_ = checkpoint.proofs;
  bases_.resize(checkpoint.terms, group_.identity());
  exps_.resize(checkpoint.terms, group_.ScalarFromU64(0));
  shared_bases_.resize(checkpoint.shared, group_.identity());
  shared_exps_ = checkpoint.shared_exps;
  if (fallback_ == Fallback::kIndividual) {
    individual_.resize(proofs_);
    labels_.resize(proofs_);
  }
}

absl::Status BatchVerifier::AddRange(const ElGamalPublicKey& key, const Ciphertext& ciphertext,
                                     uint64_t lo, uint64_t hi, const RangeProof& proof,
                                     ByteView context, std::string label, CiphertextTerms* terms) {
  return Add(key, ciphertext, {}, lo, hi, proof, context, std::move(label), terms);
}

absl::Status BatchVerifier::AddRangeOfProduct(const ElGamalPublicKey& key,
                                              const Ciphertext& product,
                                              std::span<const CiphertextTerms> parts, uint64_t lo,
                                              uint64_t hi, const RangeProof& proof,
                                              ByteView context, std::string label) {
  return Add(key, product, parts, lo, hi, proof, context, std::move(label), nullptr);
}

absl::Status BatchVerifier::Add(const ElGamalPublicKey& key, const Ciphertext& ciphertext,
                                std::span<const CiphertextTerms> parts, uint64_t lo, uint64_t hi,
                                const RangeProof& proof, ByteView context, std::string label,
                                CiphertextTerms* terms) {
  if (lo > hi || hi - lo > kMaxRangeWidth || proof.branches.size() != hi - lo + 1) {
    return VerifyRange(key, ciphertext, lo, hi, proof, context);
  }
  Scalar c_sum = group_.ScalarFromU64(0);
  for (const RangeProofBranch& branch : proof.branches) c_sum = group_.Add(c_sum, branch.c);
  if (!(RangeTranscript(key, ciphertext, lo, hi, proof.branches, context).Challenge(group_) ==
        c_sum)) {
    return VerifyRange(key, ciphertext, lo, hi, proof, context);
  }
  // Branch j, weights z1_j and z2_j:
  //   g^{v_j} · α^{c_j} · a_j^{-1} = 1 and β^{c_j} · K^{v_j − j c_j} · b_j^{-1} = 1;
  // α, β, g and K are one term each across the branches.
  Scalar alpha_exp = group_.ScalarFromU64(0);
  Scalar beta_exp = group_.ScalarFromU64(0);
  Scalar g_exp = group_.ScalarFromU64(0);
  Scalar k_exp = group_.ScalarFromU64(0);
  for (uint64_t i = 0; i < proof.branches.size(); ++i) {
    const RangeProofBranch& br = proof.branches[i];
    const Scalar z1 = Weight();
    const Scalar z2 = Weight();
    alpha_exp = group_.Add(alpha_exp, group_.Mul(z1, br.c));
    g_exp = group_.Add(g_exp, group_.Mul(z1, br.v));
    beta_exp = group_.Add(beta_exp, group_.Mul(z2, br.c));
    k_exp = group_.Add(
        k_exp, group_.Mul(z2, group_.Sub(br.v, group_.Mul(group_.ScalarFromU64(lo + i), br.c))));
    AddTerm(br.a, group_.Neg(z1));
    AddTerm(br.b, group_.Neg(z2));
  }
  if (parts.empty()) {
    if (terms != nullptr) *terms = CiphertextTerms{bases_.size(), bases_.size() + 1};
    AddTerm(ciphertext.alpha, alpha_exp);
    AddTerm(ciphertext.beta, beta_exp);
  } else {
    for (const CiphertextTerms& part : parts) {
      exps_[part.alpha] = group_.Add(exps_[part.alpha], alpha_exp);
      exps_[part.beta] = group_.Add(exps_[part.beta], beta_exp);
    }
  }
  AddShared(group_.generator(), g_exp);
  AddShared(key.element(), k_exp);
  ++proofs_;
  if (fallback_ == Fallback::kIndividual) {  // kNone keeps nothing (no copies)
    if (label.empty()) label = Cat("proof[", individual_.size(), "]: ");
    individual_.emplace_back([key, ciphertext, lo, hi, proof, ctx = Copy(context)] {
      return VerifyRange(key, ciphertext, lo, hi, proof, ctx);
    });
    labels_.push_back(std::move(label));
  }
  return absl::OkStatus();
}

absl::Status BatchVerifier::Verify() const {
  if (proofs_ == 0) return absl::OkStatus();
  const size_t terms = bases_.size();
  bases_.insert(bases_.end(), shared_bases_.begin(), shared_bases_.end());
  exps_.insert(exps_.end(), shared_exps_.begin(), shared_exps_.end());
  const bool holds = group_.Equal(group_.VartimeMultiExp(bases_, exps_), group_.identity());
  bases_.resize(terms, group_.identity());
  exps_.resize(terms, group_.ScalarFromU64(0));
  if (holds) return absl::OkStatus();
  if (fallback_ == Fallback::kNone) {
    return Invalid("proof.batch.failed",
                   Cat("at least one of ", proofs_, " proofs checked together is invalid"));
  }
  for (size_t i = 0; i < individual_.size(); ++i) {
    absl::Status status = individual_[i]();
    if (!status.ok()) return WithContext(status, labels_[i]);
  }
  // Unreachable except with probability 2^-128 (or a bug): report it rather than accept.
  return Error(absl::StatusCode::kInternal, "proof.batch.inconsistent",
               "batch check failed but every proof verifies individually; report this bug");
}

}  // namespace urne

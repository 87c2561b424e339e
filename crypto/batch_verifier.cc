#include "crypto/batch_verifier.h"

#include <sodium.h>

#include "status/status.h"

namespace urne {
namespace {

Bytes Copy(ByteView b) { return Bytes(b.begin(), b.end()); }

// A uniform 128-bit weight.
Scalar RandomWeight(const Group& group) {
  uint64_t w[2];
  randombytes_buf(w, sizeof(w));
  const Scalar two32 = group.ScalarFromU64(1ULL << 32);
  return group.Add(group.Mul(group.ScalarFromU64(w[1]), group.Mul(two32, two32)),
                   group.ScalarFromU64(w[0]));
}

}  // namespace

BatchVerifier::BatchVerifier(const Group& group) : group_(group), g_exp_(group.ScalarFromU64(0)) {}

void BatchVerifier::AddEquation(const Scalar& g_exp,
                                std::vector<std::pair<Element, Scalar>> terms) {
  const Scalar z = RandomWeight(group_);
  g_exp_ = group_.Add(g_exp_, group_.Mul(z, g_exp));
  for (auto& [base, exp] : terms) {
    Bytes encoded = group_.Encode(base);
    auto [it, added] =
        term_of_base_.emplace(std::string(encoded.begin(), encoded.end()), bases_.size());
    if (added) {
      bases_.push_back(std::move(base));
      exps_.push_back(group_.Mul(z, exp));
    } else {
      exps_[it->second] = group_.Add(exps_[it->second], group_.Mul(z, exp));
    }
  }
}

void BatchVerifier::AddIndividual(std::function<absl::Status()> check, std::string label) {
  if (label.empty()) label = Cat("proof[", individual_.size(), "]: ");
  individual_.push_back(std::move(check));
  labels_.push_back(std::move(label));
}

absl::Status BatchVerifier::AddRange(const ElGamalPublicKey& key, const Ciphertext& ciphertext,
                                     uint64_t lo, uint64_t hi, const RangeProof& proof,
                                     ByteView context, std::string label) {
  if (lo > hi || hi - lo > kMaxRangeWidth || proof.branches.size() != hi - lo + 1) {
    return VerifyRange(key, ciphertext, lo, hi, proof, context);
  }
  Scalar c_sum = group_.ScalarFromU64(0);
  for (const RangeProofBranch& branch : proof.branches) c_sum = group_.Add(c_sum, branch.c);
  if (!(RangeTranscript(key, ciphertext, lo, hi, proof.branches, context).Challenge(group_) ==
        c_sum)) {
    return VerifyRange(key, ciphertext, lo, hi, proof, context);
  }
  const Scalar minus_one = group_.Neg(group_.ScalarFromU64(1));
  for (uint64_t i = 0; i < proof.branches.size(); ++i) {
    const RangeProofBranch& br = proof.branches[i];
    // g^{v_j} · α^{c_j} · a_j^{-1} = 1 and β^{c_j} · K^{v_j − j c_j} · b_j^{-1} = 1
    AddEquation(br.v, {{ciphertext.alpha, br.c}, {br.a, minus_one}});
    AddEquation(group_.ScalarFromU64(0),
                {{ciphertext.beta, br.c},
                 {key.element(), group_.Sub(br.v, group_.Mul(group_.ScalarFromU64(lo + i), br.c))},
                 {br.b, minus_one}});
  }
  AddIndividual([key, ciphertext, lo, hi, proof,
                 ctx = Copy(context)] { return VerifyRange(key, ciphertext, lo, hi, proof, ctx); },
                std::move(label));
  return absl::OkStatus();
}

absl::Status BatchVerifier::Verify() const {
  if (individual_.empty()) return absl::OkStatus();
  std::vector<Element> bases = bases_;
  std::vector<Scalar> exps = exps_;
  bases.push_back(group_.generator());
  exps.push_back(g_exp_);
  if (group_.Equal(group_.VartimeMultiExp(bases, exps), group_.identity())) {
    return absl::OkStatus();
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

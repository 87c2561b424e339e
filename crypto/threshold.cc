#include "crypto/threshold.h"

#include <cassert>

#include "status/status.h"

namespace urne {
namespace {

absl::Status CheckIndex(uint32_t j) {
  if (j == 0) {
    return Invalid("threshold.bad_index",
                   "participant index 0 is not allowed (P(0) is the secret); indices start at 1");
  }
  return absl::OkStatus();
}

absl::Status NoCommitments() {
  return Invalid("threshold.no_commitments",
                 "no commitments given; each dealer must publish t >= 1 commitments");
}

// j^k mod q for k = 0 … count−1 (public).
std::vector<Scalar> PowersOf(const Group& group, uint32_t j, size_t count) {
  std::vector<Scalar> powers;
  powers.reserve(count);
  Scalar x = group.ScalarFromU64(1);
  const Scalar js = group.ScalarFromU64(j);
  for (size_t k = 0; k < count; ++k) {
    powers.push_back(x);
    x = group.Mul(x, js);
  }
  return powers;
}

}  // namespace

Polynomial Polynomial::Random(const Group& group, size_t threshold) {
  assert(threshold >= 1);
  std::vector<SecretScalar> coefficients;
  coefficients.reserve(threshold);
  for (size_t k = 0; k < threshold; ++k) coefficients.emplace_back(group.RandomScalar());
  return Polynomial(std::move(coefficients));
}

Polynomial::Polynomial(std::vector<SecretScalar> coefficients)
    : coefficients_(std::move(coefficients)) {
  assert(!coefficients_.empty());
}

std::vector<Element> Polynomial::Commitments() const {
  std::vector<Element> out;
  out.reserve(coefficients_.size());
  for (const SecretScalar& a : coefficients_) out.push_back(group().ExpG(a.value()));
  return out;
}

SecretScalar Polynomial::Share(uint32_t j) const {
  assert(j >= 1);
  const Group& group = this->group();
  // Horner: P(j) = a_0 + j·(a_1 + j·(a_2 + …)).
  const Scalar js = group.ScalarFromU64(j);
  Scalar acc = coefficients_.back().value();
  for (size_t k = coefficients_.size() - 1; k-- > 0;) {
    acc = group.Add(group.Mul(acc, js), coefficients_[k].value());
  }
  return SecretScalar(acc);
}

Element EvaluateCommitments(std::span<const Element> commitments, uint32_t j) {
  assert(!commitments.empty());
  const Group& group = commitments[0].group();
  std::vector<Scalar> powers = PowersOf(group, j, commitments.size());
  return group.VartimeMultiExp(commitments, powers);
}

absl::Status VerifyShare(std::span<const Element> commitments, uint32_t j, const Scalar& share) {
  URNE_RETURN_IF_ERROR(CheckIndex(j));
  if (commitments.empty()) return NoCommitments();
  const Group& group = commitments[0].group();
  // §3: g^{P(j)} = ∏_k C_k^{j^k}; the share is secret, so g^{share} is constant time.
  if (!group.Equal(group.ExpG(share), EvaluateCommitments(commitments, j))) {
    return Invalid("threshold.share_mismatch",
                   Cat("the share for participant ", j,
                       " does not match the dealer's commitments; file a complaint"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Element> VerificationKey(std::span<const std::vector<Element>> all_commitments,
                                        uint32_t j) {
  URNE_RETURN_IF_ERROR(CheckIndex(j));
  if (all_commitments.empty()) return NoCommitments();
  for (const auto& c : all_commitments) {
    if (c.empty()) return NoCommitments();
  }
  const Group& group = all_commitments[0][0].group();
  std::vector<Element> bases;
  std::vector<Scalar> exps;
  for (const auto& c : all_commitments) {
    std::vector<Scalar> powers = PowersOf(group, j, c.size());
    bases.insert(bases.end(), c.begin(), c.end());
    exps.insert(exps.end(), powers.begin(), powers.end());
  }
  return group.VartimeMultiExp(bases, exps);
}

absl::StatusOr<Element> JointKey(std::span<const std::vector<Element>> all_commitments) {
  if (all_commitments.empty()) return NoCommitments();
  for (const auto& c : all_commitments) {
    if (c.empty()) return NoCommitments();
  }
  const Group& group = all_commitments[0][0].group();
  Element k = group.identity();
  for (const auto& c : all_commitments) k = group.Mul(k, c[0]);
  return k;
}

absl::StatusOr<Scalar> LagrangeAtZero(const Group& group, std::span<const uint32_t> subset,
                                      uint32_t j) {
  URNE_RETURN_IF_ERROR(CheckIndex(j));
  bool found = false;
  for (size_t x = 0; x < subset.size(); ++x) {
    URNE_RETURN_IF_ERROR(CheckIndex(subset[x]));
    for (size_t y = x + 1; y < subset.size(); ++y) {
      if (subset[x] == subset[y]) {
        return Invalid("threshold.duplicate_index",
                       Cat("participant ", subset[x], " appears twice in the subset"));
      }
    }
    found = found || subset[x] == j;
  }
  if (!found) {
    return Invalid("threshold.bad_index", Cat("participant ", j, " is not in the subset"));
  }
  // λ_j = ∏_{m≠j} m / (m − j): one inversion of the product of denominators.
  Scalar num = group.ScalarFromU64(1);
  Scalar den = group.ScalarFromU64(1);
  const Scalar js = group.ScalarFromU64(j);
  for (uint32_t m : subset) {
    if (m == j) continue;
    const Scalar ms = group.ScalarFromU64(m);
    num = group.Mul(num, ms);
    den = group.Mul(den, group.Sub(ms, js));
  }
  return group.Mul(num, group.Invert(den));
}

absl::StatusOr<Element> CombinePartials(std::span<const std::pair<uint32_t, Element>> partials) {
  if (partials.empty()) {
    return Invalid("threshold.no_partials", "no partial decryptions to combine");
  }
  const Group& group = partials[0].second.group();
  std::vector<uint32_t> subset;
  std::vector<Element> bases;
  subset.reserve(partials.size());
  bases.reserve(partials.size());
  for (const auto& [j, m] : partials) {
    subset.push_back(j);
    bases.push_back(m);
  }
  std::vector<Scalar> lambdas;
  lambdas.reserve(partials.size());
  for (uint32_t j : subset) {
    URNE_ASSIGN_OR_RETURN(Scalar lambda, LagrangeAtZero(group, subset, j));
    lambdas.push_back(std::move(lambda));
  }
  // §3: A^s = ∏ M_j^{λ_j} (public values).
  return group.VartimeMultiExp(bases, lambdas);
}

}  // namespace urne

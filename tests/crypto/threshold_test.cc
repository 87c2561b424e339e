#include "crypto/threshold.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/dlog.h"
#include "crypto/elgamal.h"
#include "status/status.h"

namespace urne {
namespace {

constexpr uint32_t kN = 5;
constexpr size_t kT = 3;

// A full n = 5, t = 3 ceremony: each dealer's shares, the participants' combined shares,
// the joint key.
class ThresholdTest : public ::testing::TestWithParam<std::string> {
 protected:
  static const Group& group() { return **Group::ByName(GetParam()); }
  void SetUp() override {
    for (uint32_t i = 0; i < kN; ++i) {
      dealers_.push_back(Polynomial::Random(group(), kT));
      commitments_.push_back(dealers_.back().Commitments());
    }
    for (uint32_t j = 1; j <= kN; ++j) {
      Scalar s = group().ScalarFromU64(0);
      for (const Polynomial& p : dealers_) {
        SecretScalar share = p.Share(j);
        EXPECT_TRUE(VerifyShare(commitments_[&p - dealers_.data()], j, share.value()).ok());
        s = group().Add(s, share.value());
      }
      shares_.emplace_back(std::move(s));
    }
    auto k = JointKey(commitments_);
    ASSERT_TRUE(k.ok()) << k.status();
    auto pk = ElGamalPublicKey::FromElement(*k);
    ASSERT_TRUE(pk.ok()) << pk.status();
    pk_ = std::make_unique<ElGamalPublicKey>(*pk);
  }
  // Decrypts Enc(m) with the participants in `subset`.
  Element DecryptWith(const Ciphertext& c, const std::vector<uint32_t>& subset) const {
    std::vector<std::pair<uint32_t, Element>> partials;
    partials.reserve(subset.size());
    for (uint32_t j : subset) partials.emplace_back(j, PartialDecrypt(c, shares_[j - 1]));
    auto factor = CombinePartials(partials);
    EXPECT_TRUE(factor.ok()) << factor.status();
    return DecryptWithFactor(c, *factor);
  }

  std::vector<Polynomial> dealers_;
  std::vector<std::vector<Element>> commitments_;
  std::vector<SecretScalar> shares_;  // s_j at index j − 1
  std::unique_ptr<ElGamalPublicKey> pk_;
};

TEST_P(ThresholdTest, JointKeyIsGToTheSumOfSecrets) {
  Scalar s = group().ScalarFromU64(0);
  for (const Polynomial& p : dealers_) s = group().Add(s, p.coefficient(0).value());
  EXPECT_TRUE(pk_->element() == group().ExpG(s));
}

TEST_P(ThresholdTest, VerificationKeysMatchShares) {
  for (uint32_t j = 1; j <= kN; ++j) {
    auto vk = VerificationKey(commitments_, j);
    ASSERT_TRUE(vk.ok()) << vk.status();
    EXPECT_TRUE(*vk == group().ExpG(shares_[j - 1].value())) << j;
  }
}

TEST_P(ThresholdTest, EveryThreeSubsetDecryptsAndNoTwoSubsetDoes) {
  Ciphertext c = pk_->Encrypt(6).ciphertext;
  const Element expected = group().VartimeExp(pk_->element(), group().ScalarFromU64(6));  // K^6
  int three_subsets = 0;
  for (uint32_t a = 1; a <= kN; ++a) {
    for (uint32_t b = a + 1; b <= kN; ++b) {
      EXPECT_FALSE(DecryptWith(c, {a, b}) == expected) << a << "," << b;
      for (uint32_t d = b + 1; d <= kN; ++d) {
        EXPECT_TRUE(DecryptWith(c, {a, b, d}) == expected) << a << "," << b << "," << d;
        ++three_subsets;
      }
    }
  }
  EXPECT_EQ(three_subsets, 10);
  // Order does not matter, more than t participants also work.
  EXPECT_TRUE(DecryptWith(c, {5, 1, 3}) == expected);
  EXPECT_TRUE(DecryptWith(c, {2, 4, 5}) == expected);
  EXPECT_TRUE(DecryptWith(c, {1, 2, 3, 4, 5}) == expected);
}

TEST_P(ThresholdTest, WrongShareIsRejected) {
  SecretScalar share = dealers_[0].Share(2);
  Scalar wrong = group().Add(share.value(), group().ScalarFromU64(1));
  EXPECT_EQ(ReasonOf(VerifyShare(commitments_[0], 2, wrong)), "threshold.share_mismatch");
  // Right share, wrong participant or wrong dealer.
  EXPECT_EQ(ReasonOf(VerifyShare(commitments_[0], 3, share.value())), "threshold.share_mismatch");
  EXPECT_EQ(ReasonOf(VerifyShare(commitments_[1], 2, share.value())), "threshold.share_mismatch");
  EXPECT_EQ(ReasonOf(VerifyShare(commitments_[0], 0, share.value())), "threshold.bad_index");
  EXPECT_EQ(ReasonOf(VerifyShare({}, 2, share.value())), "threshold.no_commitments");
}

TEST_P(ThresholdTest, LagrangeErrors) {
  const std::vector<uint32_t> ok = {1, 3, 5};
  EXPECT_EQ(ReasonOf(LagrangeAtZero(group(), ok, 2).status()), "threshold.bad_index");
  EXPECT_EQ(ReasonOf(LagrangeAtZero(group(), ok, 0).status()), "threshold.bad_index");
  const std::vector<uint32_t> dup = {1, 3, 3};
  EXPECT_EQ(ReasonOf(LagrangeAtZero(group(), dup, 1).status()), "threshold.duplicate_index");
  const std::vector<uint32_t> zero = {0, 1, 2};
  EXPECT_EQ(ReasonOf(LagrangeAtZero(group(), zero, 1).status()), "threshold.bad_index");
  // Σ λ_j = 1 (interpolating the constant polynomial 1).
  Scalar sum = group().ScalarFromU64(0);
  for (uint32_t j : ok) sum = group().Add(sum, *LagrangeAtZero(group(), ok, j));
  EXPECT_TRUE(sum == group().ScalarFromU64(1));
  EXPECT_EQ(ReasonOf(CombinePartials({}).status()), "threshold.no_partials");
  std::vector<std::pair<uint32_t, Element>> dup_partials = {{1, group().generator()},
                                                            {1, group().generator()}};
  EXPECT_EQ(ReasonOf(CombinePartials(dup_partials).status()), "threshold.duplicate_index");
}

TEST_P(ThresholdTest, CommitmentErrors) {
  EXPECT_EQ(ReasonOf(JointKey({}).status()), "threshold.no_commitments");
  EXPECT_EQ(ReasonOf(VerificationKey({}, 1).status()), "threshold.no_commitments");
  EXPECT_EQ(ReasonOf(VerificationKey(commitments_, 0).status()), "threshold.bad_index");
  std::vector<std::vector<Element>> with_empty = commitments_;
  with_empty.emplace_back();
  EXPECT_EQ(ReasonOf(JointKey(with_empty).status()), "threshold.no_commitments");
}

TEST_P(ThresholdTest, PolynomialShareIsHornerEvaluation) {
  std::vector<SecretScalar> coefficients;
  for (uint64_t a : {5, 0, 2}) coefficients.emplace_back(group().ScalarFromU64(a));
  Polynomial p(std::move(coefficients));  // 5 + 2x²
  EXPECT_TRUE(p.Share(1).value() == group().ScalarFromU64(7));
  EXPECT_TRUE(p.Share(3).value() == group().ScalarFromU64(23));
  EXPECT_TRUE(VerifyShare(p.Commitments(), 3, group().ScalarFromU64(23)).ok());
}

INSTANTIATE_TEST_SUITE_P(Groups, ThresholdTest, ::testing::Values("ristretto255", "eg4096"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace urne

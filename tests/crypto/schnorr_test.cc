#include "crypto/schnorr.h"

#include <gtest/gtest.h>

#include <string>

#include "status/status.h"

namespace urne {
namespace {

class SchnorrTest : public ::testing::TestWithParam<std::string> {
 protected:
  static const Group& group() { return **Group::ByName(GetParam()); }
  void SetUp() override {
    x_ = std::make_unique<SecretScalar>(group().RandomNonZeroScalar());
    big_x_ = std::make_unique<Element>(group().ExpG(x_->value()));
    proof_ = std::make_unique<SchnorrProof>(ProveSchnorr(*big_x_, *x_, context_));
  }
  const Bytes context_ = Bytes{'e', 'l', '1', 0, 0, 0, 2};
  std::unique_ptr<SecretScalar> x_;
  std::unique_ptr<Element> big_x_;
  std::unique_ptr<SchnorrProof> proof_;
};

TEST_P(SchnorrTest, ValidProofVerifies) {
  EXPECT_TRUE(VerifySchnorr(*big_x_, *proof_, context_).ok());
}

TEST_P(SchnorrTest, OtherStatementFails) {
  Element other = group().Mul(*big_x_, group().generator());
  EXPECT_EQ(ReasonOf(VerifySchnorr(other, *proof_, context_)), "proof.schnorr.challenge_mismatch");
}

TEST_P(SchnorrTest, OtherContextFails) {
  Bytes other_election = context_;
  other_election[2] = '2';
  Bytes other_index = context_;
  other_index[6] = 3;
  Bytes longer = context_;
  longer.push_back(0);
  for (const Bytes& ctx : {other_election, other_index, longer, Bytes{}}) {
    EXPECT_EQ(ReasonOf(VerifySchnorr(*big_x_, *proof_, ctx)), "proof.schnorr.challenge_mismatch");
  }
}

TEST_P(SchnorrTest, TamperedProofFails) {
  const Scalar one = group().ScalarFromU64(1);
  SchnorrProof bad_h = *proof_;
  bad_h.h = group().Mul(bad_h.h, group().generator());
  EXPECT_EQ(ReasonOf(VerifySchnorr(*big_x_, bad_h, context_)), "proof.schnorr.challenge_mismatch");
  SchnorrProof bad_c = *proof_;
  bad_c.c = group().Add(bad_c.c, one);
  EXPECT_EQ(ReasonOf(VerifySchnorr(*big_x_, bad_c, context_)), "proof.schnorr.challenge_mismatch");
  SchnorrProof bad_v = *proof_;
  bad_v.v = group().Add(bad_v.v, one);
  EXPECT_EQ(ReasonOf(VerifySchnorr(*big_x_, bad_v, context_)), "proof.schnorr.invalid");
}

TEST_P(SchnorrTest, ProofWithWrongSecretFails) {
  SecretScalar wrong(group().RandomScalar());
  SchnorrProof proof = ProveSchnorr(*big_x_, wrong, context_);
  EXPECT_EQ(ReasonOf(VerifySchnorr(*big_x_, proof, context_)), "proof.schnorr.invalid");
}

TEST_P(SchnorrTest, EncodingRoundTrips) {
  Bytes bytes = EncodeSchnorrProof(*proof_);
  ASSERT_EQ(bytes.size(), group().element_bytes() + 64);
  auto back = DecodeSchnorrProof(group(), bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(VerifySchnorr(*big_x_, *back, context_).ok());
  EXPECT_EQ(EncodeSchnorrProof(*back), bytes);
}

TEST_P(SchnorrTest, DecodeRejects) {
  Bytes bytes = EncodeSchnorrProof(*proof_);
  const size_t n = group().element_bytes();
  const auto d = static_cast<std::ptrdiff_t>(n);  // an iterator offset
  Bytes truncated(bytes.begin(), bytes.end() - 1);
  EXPECT_EQ(ReasonOf(DecodeSchnorrProof(group(), truncated).status()),
            "proof.schnorr.wrong_length");
  Bytes longer = bytes;
  longer.push_back(0);
  EXPECT_EQ(ReasonOf(DecodeSchnorrProof(group(), longer).status()), "proof.schnorr.wrong_length");
  Bytes bad_h = bytes;
  std::fill(bad_h.begin(), bad_h.begin() + d, 0xff);
  EXPECT_EQ(ReasonOf(DecodeSchnorrProof(group(), bad_h).status()), "element.out_of_range");
  Bytes bad_c = bytes;
  std::fill(bad_c.begin() + d, bad_c.begin() + d + 32, 0xff);  // ≥ q
  EXPECT_EQ(ReasonOf(DecodeSchnorrProof(group(), bad_c).status()), "scalar.out_of_range");
  Bytes bad_v = bytes;
  std::fill(bad_v.begin() + d + 32, bad_v.end(), 0xff);
  EXPECT_EQ(ReasonOf(DecodeSchnorrProof(group(), bad_v).status()), "scalar.out_of_range");
}

INSTANTIATE_TEST_SUITE_P(Groups, SchnorrTest, ::testing::Values("ristretto255", "eg4096"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace urne

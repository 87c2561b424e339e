#include "crypto/chaum_pedersen.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/elgamal.h"
#include "status/status.h"

namespace urne {
namespace {

// Statement of a partial decryption: K = g^s, M = alpha^s.
class ChaumPedersenTest : public ::testing::TestWithParam<std::string> {
 protected:
  static const Group& group() { return **Group::ByName(GetParam()); }
  void SetUp() override {
    s_ = std::make_unique<SecretScalar>(group().RandomNonZeroScalar());
    Element alpha = group().ExpG(group().RandomScalar());
    statement_ = std::make_unique<ChaumPedersenStatement>(
        ChaumPedersenStatement{group().ExpG(s_->value()), alpha, group().Exp(alpha, s_->value())});
    proof_ = std::make_unique<ChaumPedersenProof>(ProveChaumPedersen(*statement_, *s_, context_));
  }
  const Bytes context_ = Bytes{'e', 'l', '1', 0, 0, 0, 1, 0, 0, 0, 4};
  std::unique_ptr<SecretScalar> s_;
  std::unique_ptr<ChaumPedersenStatement> statement_;
  std::unique_ptr<ChaumPedersenProof> proof_;
};

TEST_P(ChaumPedersenTest, ValidProofVerifies) {
  EXPECT_TRUE(VerifyChaumPedersen(*statement_, *proof_, context_).ok());
}

TEST_P(ChaumPedersenTest, OtherStatementFails) {
  const Element& g = group().generator();
  ChaumPedersenStatement other_key = *statement_;
  other_key.k = group().Mul(other_key.k, g);
  ChaumPedersenStatement other_base = *statement_;
  other_base.base = group().Mul(other_base.base, g);
  ChaumPedersenStatement other_result = *statement_;
  other_result.result = group().Mul(other_result.result, g);
  for (const auto& st : {other_key, other_base, other_result}) {
    EXPECT_EQ(ReasonOf(VerifyChaumPedersen(st, *proof_, context_)),
              "proof.chaum_pedersen.challenge_mismatch");
  }
}

TEST_P(ChaumPedersenTest, OtherContextFails) {
  Bytes other_election = context_;
  other_election[0] = 'f';
  Bytes other_question = context_;
  other_question[6] = 2;
  Bytes other_option = context_;
  other_option[10] = 5;
  for (const Bytes& ctx : {other_election, other_question, other_option}) {
    EXPECT_EQ(ReasonOf(VerifyChaumPedersen(*statement_, *proof_, ctx)),
              "proof.chaum_pedersen.challenge_mismatch");
  }
}

TEST_P(ChaumPedersenTest, TamperedProofFails) {
  const Scalar one = group().ScalarFromU64(1);
  const Element& g = group().generator();
  ChaumPedersenProof bad_a = *proof_;
  bad_a.a = group().Mul(bad_a.a, g);
  ChaumPedersenProof bad_b = *proof_;
  bad_b.b = group().Mul(bad_b.b, g);
  ChaumPedersenProof bad_c = *proof_;
  bad_c.c = group().Add(bad_c.c, one);
  for (const auto& p : {bad_a, bad_b, bad_c}) {
    EXPECT_EQ(ReasonOf(VerifyChaumPedersen(*statement_, p, context_)),
              "proof.chaum_pedersen.challenge_mismatch");
  }
  ChaumPedersenProof bad_v = *proof_;
  bad_v.v = group().Add(bad_v.v, one);
  EXPECT_EQ(ReasonOf(VerifyChaumPedersen(*statement_, bad_v, context_)),
            "proof.chaum_pedersen.invalid");
}

TEST_P(ChaumPedersenTest, WrongPartialDecryptionCannotBeProved) {
  // M = alpha^{s'} with s' ≠ s: the honest prover's proof for it fails.
  ChaumPedersenStatement wrong = *statement_;
  wrong.result = group().Mul(wrong.result, group().generator());
  ChaumPedersenProof proof = ProveChaumPedersen(wrong, *s_, context_);
  EXPECT_EQ(ReasonOf(VerifyChaumPedersen(wrong, proof, context_)), "proof.chaum_pedersen.invalid");
}

TEST_P(ChaumPedersenTest, EncodingRoundTripsAndDecodeRejects) {
  Bytes bytes = EncodeChaumPedersenProof(*proof_);
  const size_t n = group().element_bytes();
  const auto d = static_cast<std::ptrdiff_t>(n);  // an iterator offset
  ASSERT_EQ(bytes.size(), 2 * n + 64);
  auto back = DecodeChaumPedersenProof(group(), bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(VerifyChaumPedersen(*statement_, *back, context_).ok());

  Bytes truncated(bytes.begin(), bytes.end() - 1);
  EXPECT_EQ(ReasonOf(DecodeChaumPedersenProof(group(), truncated).status()),
            "proof.chaum_pedersen.wrong_length");
  Bytes longer = bytes;
  longer.push_back(1);
  EXPECT_EQ(ReasonOf(DecodeChaumPedersenProof(group(), longer).status()),
            "proof.chaum_pedersen.wrong_length");
  Bytes bad_b = bytes;
  std::fill(bad_b.begin() + d, bad_b.begin() + 2 * d, 0xff);
  EXPECT_EQ(ReasonOf(DecodeChaumPedersenProof(group(), bad_b).status()), "element.out_of_range");
  Bytes bad_v = bytes;
  std::fill(bad_v.end() - 32, bad_v.end(), 0xff);
  EXPECT_EQ(ReasonOf(DecodeChaumPedersenProof(group(), bad_v).status()), "scalar.out_of_range");
}

TEST_P(ChaumPedersenTest, PartialDecryptionProofWithElGamal) {
  ElGamalKeyPair kp = ElGamalKeyPair::Generate(group());
  Ciphertext c = kp.public_key().Encrypt(1).ciphertext;
  ChaumPedersenStatement st{kp.public_key().element(), c.alpha, PartialDecrypt(c, kp.secret())};
  ChaumPedersenProof proof = ProveChaumPedersen(st, kp.secret(), context_);
  EXPECT_TRUE(VerifyChaumPedersen(st, proof, context_).ok());
  // The same proof does not vouch for another ciphertext's alpha.
  st.base = kp.public_key().Encrypt(1).ciphertext.alpha;
  EXPECT_EQ(ReasonOf(VerifyChaumPedersen(st, proof, context_)),
            "proof.chaum_pedersen.challenge_mismatch");
}

INSTANTIATE_TEST_SUITE_P(Groups, ChaumPedersenTest, ::testing::Values("ristretto255", "eg4096"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace urne

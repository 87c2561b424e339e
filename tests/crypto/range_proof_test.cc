#include "crypto/range_proof.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/batch_verifier.h"
#include "status/status.h"

namespace urne {
namespace {

// A context as the election layer frames it: election id, question, option, credential.
Bytes Context(char election, uint8_t question, uint8_t option, uint8_t credential) {
  return Bytes{'e', static_cast<uint8_t>(election), question, option, 0xc0, credential};
}

class RangeProofTest : public ::testing::TestWithParam<std::string> {
 protected:
  static const Group& group() { return **Group::ByName(GetParam()); }
  void SetUp() override {
    kp_ = std::make_unique<ElGamalKeyPair>(ElGamalKeyPair::Generate(group()));
  }
  const ElGamalPublicKey& pk() const { return kp_->public_key(); }

  struct Fixture {
    Ciphertext ciphertext;
    RangeProof proof;
  };
  Fixture Make(uint64_t m, uint64_t lo, uint64_t hi) const {
    Encryption e = pk().Encrypt(m);
    auto proof = ProveRange(pk(), e.ciphertext, m, e.nonce, lo, hi, context_);
    EXPECT_TRUE(proof.ok()) << proof.status();
    return Fixture{e.ciphertext, *std::move(proof)};
  }

  const Bytes context_ = Context('1', 0, 1, 7);
  std::unique_ptr<ElGamalKeyPair> kp_;
};

TEST_P(RangeProofTest, ZeroOneProofsVerify) {
  for (uint64_t m : {0, 1}) {
    Fixture f = Make(m, 0, 1);
    EXPECT_EQ(f.proof.branches.size(), 2u);
    EXPECT_TRUE(VerifyRange(pk(), f.ciphertext, 0, 1, f.proof, context_).ok()) << m;
  }
}

// Every position of the real branch (first, middle, last): the prover's constant-time slot
// mapping must put g^{e_j} on every simulated branch and none on the real one.
TEST_P(RangeProofTest, EveryValueOfAWiderRangeVerifies) {
  for (uint64_t m : {2, 3, 4, 5}) {
    Fixture f = Make(m, 2, 5);
    EXPECT_TRUE(VerifyRange(pk(), f.ciphertext, 2, 5, f.proof, context_).ok()) << m;
  }
  Fixture single = Make(4, 4, 4);
  EXPECT_TRUE(VerifyRange(pk(), single.ciphertext, 4, 4, single.proof, context_).ok());
}

TEST_P(RangeProofTest, OutOfRangeValueCannotBeProved) {
  for (uint64_t m : {0, 1, 6, 100}) {
    Encryption e = pk().Encrypt(m);
    EXPECT_EQ(ReasonOf(ProveRange(pk(), e.ciphertext, m, e.nonce, 2, 5, context_).status()),
              "proof.range.value_out_of_range")
        << m;
  }
  // A prover lying about m (ciphertext of 2, claimed 1) yields a proof that fails.
  Encryption e = pk().Encrypt(2);
  auto lie = ProveRange(pk(), e.ciphertext, 1, e.nonce, 0, 1, context_);
  ASSERT_TRUE(lie.ok());
  EXPECT_EQ(ReasonOf(VerifyRange(pk(), e.ciphertext, 0, 1, *lie, context_)), "proof.range.invalid");
}

TEST_P(RangeProofTest, BadBounds) {
  Encryption e = pk().Encrypt(1);
  EXPECT_EQ(ReasonOf(ProveRange(pk(), e.ciphertext, 1, e.nonce, 2, 1, context_).status()),
            "proof.range.bad_bounds");
  EXPECT_EQ(
      ReasonOf(
          ProveRange(pk(), e.ciphertext, 1, e.nonce, 0, kMaxRangeWidth + 1, context_).status()),
      "proof.range.bad_bounds");
  Fixture f = Make(1, 0, 1);
  EXPECT_EQ(ReasonOf(VerifyRange(pk(), f.ciphertext, 1, 0, f.proof, context_)),
            "proof.range.bad_bounds");
}

TEST_P(RangeProofTest, OtherStatementFails) {
  Fixture f = Make(1, 0, 1);
  // Other ciphertext (same value).
  Ciphertext other = pk().Encrypt(1).ciphertext;
  EXPECT_EQ(ReasonOf(VerifyRange(pk(), other, 0, 1, f.proof, context_)),
            "proof.range.challenge_mismatch");
  // Other key.
  ElGamalKeyPair kp2 = ElGamalKeyPair::Generate(group());
  EXPECT_EQ(ReasonOf(VerifyRange(kp2.public_key(), f.ciphertext, 0, 1, f.proof, context_)),
            "proof.range.challenge_mismatch");
  // Other bounds with the same number of branches, and with another number.
  EXPECT_EQ(ReasonOf(VerifyRange(pk(), f.ciphertext, 1, 2, f.proof, context_)),
            "proof.range.challenge_mismatch");
  EXPECT_EQ(ReasonOf(VerifyRange(pk(), f.ciphertext, 0, 2, f.proof, context_)),
            "proof.range.wrong_branch_count");
  EXPECT_EQ(ReasonOf(VerifyRange(pk(), f.ciphertext, 0, 0, f.proof, context_)),
            "proof.range.wrong_branch_count");
}

TEST_P(RangeProofTest, OtherContextFails) {
  Fixture f = Make(0, 0, 1);
  for (const Bytes& ctx : {Context('2', 0, 1, 7), Context('1', 1, 1, 7), Context('1', 0, 2, 7),
                           Context('1', 0, 1, 8), Bytes{}}) {
    EXPECT_EQ(ReasonOf(VerifyRange(pk(), f.ciphertext, 0, 1, f.proof, ctx)),
              "proof.range.challenge_mismatch");
  }
}

TEST_P(RangeProofTest, TamperedProofFails) {
  Fixture f = Make(1, 0, 2);
  const Scalar one = group().ScalarFromU64(1);
  const Element& g = group().generator();
  for (size_t i = 0; i < 3; ++i) {
    RangeProof bad_a = f.proof;
    bad_a.branches[i].a = group().Mul(bad_a.branches[i].a, g);
    EXPECT_EQ(ReasonOf(VerifyRange(pk(), f.ciphertext, 0, 2, bad_a, context_)),
              "proof.range.challenge_mismatch");
    RangeProof bad_b = f.proof;
    bad_b.branches[i].b = group().Mul(bad_b.branches[i].b, g);
    EXPECT_EQ(ReasonOf(VerifyRange(pk(), f.ciphertext, 0, 2, bad_b, context_)),
              "proof.range.challenge_mismatch");
    RangeProof bad_c = f.proof;
    bad_c.branches[i].c = group().Add(bad_c.branches[i].c, one);
    EXPECT_EQ(ReasonOf(VerifyRange(pk(), f.ciphertext, 0, 2, bad_c, context_)),
              "proof.range.challenge_mismatch");
    RangeProof bad_v = f.proof;
    bad_v.branches[i].v = group().Add(bad_v.branches[i].v, one);
    EXPECT_EQ(ReasonOf(VerifyRange(pk(), f.ciphertext, 0, 2, bad_v, context_)),
              "proof.range.invalid");
  }
  // Shifting challenge between branches keeps the sum but breaks the equations.
  RangeProof shifted = f.proof;
  shifted.branches[0].c = group().Add(shifted.branches[0].c, one);
  shifted.branches[2].c = group().Sub(shifted.branches[2].c, one);
  auto status = VerifyRange(pk(), f.ciphertext, 0, 2, shifted, context_);
  EXPECT_EQ(ReasonOf(status), "proof.range.invalid");
  EXPECT_NE(std::string(status.message()).find("value 0"), std::string::npos) << status;
}

TEST_P(RangeProofTest, EncodingRoundTrips) {
  Fixture f = Make(1, 0, 1);
  Bytes bytes = EncodeRangeProof(f.proof);
  ASSERT_EQ(bytes.size(), 2 * (2 * group().element_bytes() + 64));
  auto back = DecodeRangeProof(group(), bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(VerifyRange(pk(), f.ciphertext, 0, 1, *back, context_).ok());
  EXPECT_EQ(EncodeRangeProof(*back), bytes);
}

TEST_P(RangeProofTest, DecodeRejects) {
  Fixture f = Make(0, 0, 1);
  Bytes bytes = EncodeRangeProof(f.proof);
  const size_t n = group().element_bytes();
  const size_t branch = 2 * n + 64;
  const auto d = static_cast<std::ptrdiff_t>(n);  // iterator offsets
  const auto br = static_cast<std::ptrdiff_t>(branch);
  EXPECT_EQ(ReasonOf(DecodeRangeProof(group(), Bytes{}).status()), "proof.range.wrong_length");
  Bytes truncated(bytes.begin(), bytes.end() - 1);
  EXPECT_EQ(ReasonOf(DecodeRangeProof(group(), truncated).status()), "proof.range.wrong_length");
  Bytes longer = bytes;
  longer.push_back(0);
  EXPECT_EQ(ReasonOf(DecodeRangeProof(group(), longer).status()), "proof.range.wrong_length");
  Bytes too_many((kMaxRangeWidth + 2) * branch, 0);
  EXPECT_EQ(ReasonOf(DecodeRangeProof(group(), too_many).status()), "proof.range.wrong_length");
  // Second branch's b is not an element; second branch's c is ≥ q.
  Bytes bad_b = bytes;
  std::fill(bad_b.begin() + br + d, bad_b.begin() + br + 2 * d, 0xff);
  auto s = DecodeRangeProof(group(), bad_b).status();
  EXPECT_EQ(ReasonOf(s), "element.out_of_range");
  EXPECT_NE(std::string(s.message()).find("branch 1 b"), std::string::npos) << s;
  Bytes bad_c = bytes;
  std::fill(bad_c.begin() + br + 2 * d, bad_c.begin() + br + 2 * d + 32, 0xff);
  EXPECT_EQ(ReasonOf(DecodeRangeProof(group(), bad_c).status()), "scalar.out_of_range");
  // A decoded proof with a branch count that does not match the statement.
  Bytes one_branch(bytes.begin(), bytes.begin() + br);
  auto short_proof = DecodeRangeProof(group(), one_branch);
  ASSERT_TRUE(short_proof.ok()) << short_proof.status();
  EXPECT_EQ(ReasonOf(VerifyRange(pk(), f.ciphertext, 0, 1, *short_proof, context_)),
            "proof.range.wrong_branch_count");
}

TEST_P(RangeProofTest, SumProofOverAQuestion) {
  // Three options encrypting 1, 0, 1; their product encrypts 2 ∈ [1, 2] with nonce Σ r.
  Encryption e1 = pk().Encrypt(1);
  Encryption e2 = pk().Encrypt(0);
  Encryption e3 = pk().Encrypt(1);
  Ciphertext sum = Add(Add(e1.ciphertext, e2.ciphertext), e3.ciphertext);
  SecretScalar r(group().Add(group().Add(e1.nonce.value(), e2.nonce.value()), e3.nonce.value()));
  auto proof = ProveRange(pk(), sum, 2, r, 1, 2, context_);
  ASSERT_TRUE(proof.ok()) << proof.status();
  EXPECT_TRUE(VerifyRange(pk(), sum, 1, 2, *proof, context_).ok());
  EXPECT_EQ(ReasonOf(ProveRange(pk(), sum, 2, r, 0, 1, context_).status()),
            "proof.range.value_out_of_range");
}

// A valid proof of m = 1 over [0, 1] whose simulated branch 0 has the challenge c_0 = 0 (any
// prover may choose it): branch 0 is a_0 = g^{v_0}, b_0 = K^{v_0}; the real branch takes the
// whole challenge. Its equation g^{v_0}·alpha^0 = a_0 is the case libdecaf's double scalar
// multiplication got wrong (it returned the identity for a zero variable-base scalar): the
// individual verifier refused this proof while the batch verifier accepted it.
TEST_P(RangeProofTest, BranchChallengeZeroVerifiesIndividuallyAndInBatch) {
  const Group& g = group();
  Encryption e = pk().Encrypt(1);
  const Scalar v0 = g.RandomScalar();
  const Scalar u = g.RandomScalar();
  std::vector<RangeProofBranch> branches;
  branches.push_back(
      RangeProofBranch{g.ExpG(v0), g.Exp(pk().element(), v0), g.ScalarFromU64(0), v0});
  branches.push_back(RangeProofBranch{g.ExpG(u), g.Exp(pk().element(), u), g.ScalarFromU64(0), u});
  const Scalar c = RangeTranscript(pk(), e.ciphertext, 0, 1, branches, context_).Challenge(g);
  branches[1].c = c;
  branches[1].v = g.Sub(u, g.Mul(c, e.nonce.value()));
  RangeProof proof{branches};
  EXPECT_TRUE(VerifyRange(pk(), e.ciphertext, 0, 1, proof, context_).ok());
  BatchVerifier batch(g);
  ASSERT_TRUE(batch.AddRange(pk(), e.ciphertext, 0, 1, proof, context_).ok());
  EXPECT_TRUE(batch.Verify().ok());
  // And the same proof with a wrong a_0 fails both ways, naming value 0.
  proof.branches[0].a = g.Mul(proof.branches[0].a, g.generator());
  EXPECT_EQ(ReasonOf(VerifyRange(pk(), e.ciphertext, 0, 1, proof, context_)),
            "proof.range.challenge_mismatch");
  RangeProof lying{branches};
  lying.branches[0].v = g.Add(lying.branches[0].v, g.ScalarFromU64(1));
  absl::Status individual = VerifyRange(pk(), e.ciphertext, 0, 1, lying, context_);
  EXPECT_EQ(ReasonOf(individual), "proof.range.invalid");
  EXPECT_NE(std::string(individual.message()).find("value 0"), std::string::npos) << individual;
  BatchVerifier bad(g);
  ASSERT_TRUE(bad.AddRange(pk(), e.ciphertext, 0, 1, lying, context_).ok());
  EXPECT_EQ(ReasonOf(bad.Verify()), "proof.range.invalid");
}

INSTANTIATE_TEST_SUITE_P(Groups, RangeProofTest, ::testing::Values("ristretto255", "eg4096"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace urne

#include "crypto/batch_verifier.h"

#include <gtest/gtest.h>

#include <string>

#include "status/status.h"

namespace urne {
namespace {

class BatchVerifierTest : public ::testing::TestWithParam<std::string> {
 protected:
  static const Group& group() { return **Group::ByName(GetParam()); }
};

TEST_P(BatchVerifierTest, ValidBatchPassesAndBadProofIsNamed) {
  const Group& g = group();
  const Bytes ctx = {'c', 't', 'x'};
  ElGamalKeyPair kp = ElGamalKeyPair::Generate(g);
  const ElGamalPublicKey& pk = kp.public_key();
  BatchVerifier batch(g);
  std::vector<Ciphertext> cts;
  std::vector<RangeProof> proofs;
  for (uint64_t m : {0, 1, 1}) {
    Encryption e = pk.Encrypt(m);
    RangeProof p = *ProveRange(pk, e.ciphertext, m, e.nonce, 0, 1, ctx);
    ASSERT_TRUE(batch.AddRange(pk, e.ciphertext, 0, 1, p, ctx).ok());
    cts.push_back(e.ciphertext);
    proofs.push_back(p);
  }
  EXPECT_EQ(batch.size(), 3u);
  EXPECT_TRUE(batch.Verify().ok());

  // A proof whose challenge is fine but whose equations fail is caught by the batch and
  // named by the fallback.
  RangeProof bad = proofs[1];
  bad.branches[0].c = g.Add(bad.branches[0].c, g.ScalarFromU64(1));
  bad.branches[1].c = g.Sub(bad.branches[1].c, g.ScalarFromU64(1));
  ASSERT_TRUE(batch.AddRange(pk, cts[1], 0, 1, bad, ctx).ok());
  absl::Status status = batch.Verify();
  EXPECT_EQ(ReasonOf(status), "proof.range.invalid");
  EXPECT_NE(std::string(status.message()).find("proof[3]"), std::string::npos) << status;

  // Challenge errors are reported at once.
  EXPECT_EQ(ReasonOf(batch.AddRange(pk, cts[2], 0, 1, proofs[1], ctx)),
            "proof.range.challenge_mismatch");
  EXPECT_EQ(ReasonOf(batch.AddRange(pk, cts[2], 0, 2, proofs[1], ctx)),
            "proof.range.wrong_branch_count");
  EXPECT_TRUE(BatchVerifier(g).Verify().ok());
}

// A sum's proof folded into its parts' terms (AddRangeOfProduct) verifies like AddRange of
// the sum, catches a bad sum proof, and Clear() leaves a verifier that works again.
TEST_P(BatchVerifierTest, ProductProofFoldsIntoItsPartsAndClearReuses) {
  const Group& g = group();
  const Bytes ctx = {'c', 't', 'x'};
  ElGamalKeyPair kp = ElGamalKeyPair::Generate(g);
  const ElGamalPublicKey& pk = kp.public_key();
  for (bool bad_sum : {false, true, false}) {
    for (auto fallback : {BatchVerifier::Fallback::kIndividual, BatchVerifier::Fallback::kNone}) {
      BatchVerifier batch(g, fallback);
      // Twice through the same verifier: Clear() forgets the first round.
      for (int round = 0; round < 2; ++round) {
        batch.Clear();
        std::vector<BatchVerifier::CiphertextTerms> terms(3);
        Ciphertext sum = IdentityCiphertext(g);
        Scalar r_sum = g.ScalarFromU64(0);
        uint64_t m_sum = 0;
        const uint64_t ms[3] = {0, 1, 1};
        for (size_t o = 0; o < 3; ++o) {
          Encryption e = pk.Encrypt(ms[o]);
          RangeProof p = *ProveRange(pk, e.ciphertext, ms[o], e.nonce, 0, 1, ctx);
          ASSERT_TRUE(batch.AddRange(pk, e.ciphertext, 0, 1, p, ctx, "", &terms[o]).ok());
          sum = Add(sum, e.ciphertext);
          r_sum = g.Add(r_sum, e.nonce.value());
          m_sum += ms[o];
        }
        RangeProof sum_proof = *ProveRange(pk, sum, m_sum, SecretScalar(r_sum), 0, 3, ctx);
        if (bad_sum && round == 1) {
          // The challenge still matches; only the equations fail.
          sum_proof.branches[0].c = g.Add(sum_proof.branches[0].c, g.ScalarFromU64(1));
          sum_proof.branches[1].c = g.Sub(sum_proof.branches[1].c, g.ScalarFromU64(1));
        }
        ASSERT_TRUE(batch.AddRangeOfProduct(pk, sum, terms, 0, 3, sum_proof, ctx).ok());
        EXPECT_EQ(batch.size(), 4u);
        absl::Status status = batch.Verify();
        if (bad_sum && round == 1) {
          EXPECT_EQ(ReasonOf(status), fallback == BatchVerifier::Fallback::kNone
                                          ? "proof.batch.failed"
                                          : "proof.range.invalid");
        } else {
          EXPECT_TRUE(status.ok()) << status;
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Groups, BatchVerifierTest, ::testing::Values("ristretto255", "eg4096"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace urne

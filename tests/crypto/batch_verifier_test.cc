#include "crypto/batch_verifier.h"

#include <gtest/gtest.h>

#include <string>

#include "status/status.h"

namespace urne {
namespace {

class BatchVerifierTest : public ::testing::TestWithParam<std::string> {
 protected:
  const Group& group() const { return **Group::ByName(GetParam()); }
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

INSTANTIATE_TEST_SUITE_P(Groups, BatchVerifierTest, ::testing::Values("ristretto255", "eg4096"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace urne

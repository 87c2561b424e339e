// Proof commitments decoded without the order test (SubgroupBatch::DecodeCommitment,
// specs/crypto-proofs.md §2.6 "Proof commitments"): the decoder still refuses everything
// but an element outside the order-q subgroup, queues nothing, and a range proof whose
// commitment lies outside the subgroup — right in every other way — is refused by
// VerifyRange and by a BatchVerifier, whichever commitment it is. eg4096 only.
#include <gmp.h>
#include <gtest/gtest.h>

#include <string>

#include "crypto/batch_verifier.h"
#include "crypto/eg4096_constants.h"
#include "crypto/subgroup_batch.h"
#include "status/status.h"
#include "tests/crypto/forged_range_proof.h"

namespace urne {
namespace {

const Group& G() { return Group::Eg4096(); }

Bytes Small(unsigned v) {
  Bytes out(512, 0);
  out[511] = static_cast<uint8_t>(v);
  return out;
}

Bytes PMinusOne() {
  Bytes out(512, 0);
  mpz_t z;
  mpz_init_set_str(z, eg4096::kPHex, 16);
  mpz_sub_ui(z, z, 1);
  size_t count = 0;
  mpz_export(out.data(), &count, 1, 1, 1, 0, z);  // 4096 bits: all 512 bytes
  mpz_clear(z);
  return out;
}

TEST(ProofCommitment, DecodeCommitmentChecksAllButTheOrderAndQueuesNothing) {
  SubgroupBatch batch(G());
  // 4 is a square outside the order-q subgroup: accepted here (only the proof's equation
  // can refuse it), refused by the strict decoder.
  auto four = batch.DecodeCommitment(Small(4), Identity::kAllowed);
  ASSERT_TRUE(four.ok()) << four.status();
  EXPECT_EQ(ReasonOf(G().DecodeElement(Small(4), Identity::kAllowed).status()),
            "element.not_in_subgroup");
  ASSERT_TRUE(batch.DecodeCommitment(G().Encode(G().generator()), Identity::kAllowed).ok());
  EXPECT_EQ(batch.pending(), 0u);
  // Everything else is refused with Decode's reasons: p − 1 has Jacobi symbol −1.
  const Bytes p_minus_1 = PMinusOne();
  struct Case {
    Bytes bytes;
    Identity identity;
    const char* reason;
  };
  for (const Case& c : {Case{p_minus_1, Identity::kAllowed, "element.not_in_subgroup"},
                        Case{Small(0), Identity::kAllowed, "element.out_of_range"},
                        Case{Bytes(512, 0xff), Identity::kAllowed, "element.out_of_range"},
                        Case{Small(1), Identity::kForbidden, "element.identity"},
                        Case{Bytes(511, 1), Identity::kAllowed, "element.wrong_length"}}) {
    auto e = batch.DecodeCommitment(c.bytes, c.identity);
    ASSERT_FALSE(e.ok()) << c.reason;
    EXPECT_EQ(ReasonOf(e.status()), c.reason);
  }
  EXPECT_EQ(batch.pending(), 0u);
}

// Every commitment position of a [0, 1] proof of 0 and of 1, and of a one-branch [1, 1]
// proof: multiplied by 2^(2q), an element of order r' that leaves the order-q component as
// it was, the proof fails individually and in a batch (among valid proofs); multiplied by
// 1^(2q) it passes both (the control).
TEST(ProofCommitment, OutsideTheSubgroupFailsVerifyRangeAndTheBatch) {
  const Bytes ctx = {'c', 't', 'x'};
  ElGamalKeyPair kp = ElGamalKeyPair::Generate(G());
  const ElGamalPublicKey& pk = kp.public_key();
  struct Shape {
    uint64_t m, lo, hi;
  };
  for (const Shape& s : {Shape{0, 0, 1}, Shape{1, 0, 1}, Shape{1, 1, 1}}) {
    Encryption e = pk.Encrypt(s.m);
    for (uint64_t branch = 0; branch <= s.hi - s.lo; ++branch) {
      for (bool b_side : {false, true}) {
        const std::string where =
            Cat("m=", s.m, " [", s.lo, ",", s.hi, "] branch ", branch, b_side ? " b" : " a");
        for (unsigned base : {1u, 2u}) {
          const RangeProof proof = testing::ForgeRangeProof(pk, e.ciphertext, s.m, e.nonce.value(),
                                                            s.lo, s.hi, ctx, branch, b_side, base);
          absl::Status alone = VerifyRange(pk, e.ciphertext, s.lo, s.hi, proof, ctx);
          BatchVerifier named(G());
          BatchVerifier bare(G(), BatchVerifier::Fallback::kNone);
          for (BatchVerifier* batch : {&named, &bare}) {
            Encryption other = pk.Encrypt(1);
            RangeProof valid = *ProveRange(pk, other.ciphertext, 1, other.nonce, 0, 1, ctx);
            ASSERT_TRUE(batch->AddRange(pk, other.ciphertext, 0, 1, valid, ctx).ok());
            ASSERT_TRUE(batch->AddRange(pk, e.ciphertext, s.lo, s.hi, proof, ctx).ok()) << where;
            ASSERT_TRUE(batch->AddRange(pk, other.ciphertext, 0, 1, valid, ctx).ok());
          }
          if (base == 1) {
            EXPECT_TRUE(alone.ok()) << where << ": " << alone;
            EXPECT_TRUE(named.Verify().ok()) << where;
            EXPECT_TRUE(bare.Verify().ok()) << where;
          } else {
            EXPECT_EQ(ReasonOf(alone), "proof.range.invalid") << where << ": " << alone;
            EXPECT_EQ(ReasonOf(named.Verify()), "proof.range.invalid") << where;
            EXPECT_EQ(ReasonOf(bare.Verify()), "proof.batch.failed") << where;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace urne

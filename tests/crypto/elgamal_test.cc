#include "crypto/elgamal.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/dlog.h"
#include "status/status.h"

namespace urne {
namespace {

class ElGamalTest : public ::testing::TestWithParam<std::string> {
 protected:
  static const Group& group() { return **Group::ByName(GetParam()); }
  static uint64_t DecryptSmall(const Ciphertext& c, const ElGamalKeyPair& kp) {
    DiscreteLog dlog(kp.public_key().element(), 100);
    auto m = dlog.Solve(Decrypt(c, kp.secret()));
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? *m : ~0ULL;
  }
};

TEST_P(ElGamalTest, EncryptDecrypt) {
  ElGamalKeyPair kp = ElGamalKeyPair::Generate(group());
  for (uint64_t m : {0, 1, 2, 7, 42}) {
    Encryption e = kp.public_key().Encrypt(m);
    EXPECT_EQ(DecryptSmall(e.ciphertext, kp), m);
    // The nonce is the one used: alpha = g^r, beta = K^{m+r}.
    EXPECT_TRUE(e.ciphertext.alpha == group().ExpG(e.nonce.value()));
    EXPECT_TRUE(e.ciphertext.beta ==
                group().VartimeExp(kp.public_key().element(),
                                   group().Add(group().ScalarFromU64(m), e.nonce.value())));
    EXPECT_TRUE(Equal(e.ciphertext, kp.public_key().Encrypt(m, e.nonce.value())));
  }
}

TEST_P(ElGamalTest, Homomorphism) {
  ElGamalKeyPair kp = ElGamalKeyPair::Generate(group());
  const ElGamalPublicKey& pk = kp.public_key();
  Ciphertext c3 = pk.Encrypt(3).ciphertext;
  Ciphertext c5 = pk.Encrypt(5).ciphertext;
  EXPECT_EQ(DecryptSmall(Add(c3, c5), kp), 8u);
  EXPECT_EQ(DecryptSmall(Sub(c5, c3), kp), 2u);
  EXPECT_EQ(DecryptSmall(ScalarMul(c3, group().ScalarFromU64(4)), kp), 12u);
  EXPECT_EQ(DecryptSmall(Add(IdentityCiphertext(group()), c5), kp), 5u);
  // Enc(m1; r1)·Enc(m2; r2) = Enc(m1+m2; r1+r2) exactly.
  Scalar r1 = group().RandomScalar();
  Scalar r2 = group().RandomScalar();
  EXPECT_TRUE(Equal(Add(pk.Encrypt(1, r1), pk.Encrypt(2, r2)), pk.Encrypt(3, group().Add(r1, r2))));
}

TEST_P(ElGamalTest, PartialDecryptionAndFactor) {
  ElGamalKeyPair kp = ElGamalKeyPair::Generate(group());
  Ciphertext c = kp.public_key().Encrypt(9).ciphertext;
  Element factor = PartialDecrypt(c, kp.secret());
  // The message is encoded as K^m.
  EXPECT_TRUE(DecryptWithFactor(c, factor) ==
              group().VartimeExp(kp.public_key().element(), group().ScalarFromU64(9)));
}

TEST_P(ElGamalTest, CiphertextRoundTripsIncludingIdentity) {
  ElGamalKeyPair kp = ElGamalKeyPair::Generate(group());
  Ciphertext c = kp.public_key().Encrypt(1).ciphertext;
  Bytes bytes = EncodeCiphertext(c);
  ASSERT_EQ(bytes.size(), 2 * group().element_bytes());
  auto back = DecodeCiphertext(group(), bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(Equal(*back, c));
  // The empty tally (1, 1) is a valid ciphertext.
  auto zero = DecodeCiphertext(group(), EncodeCiphertext(IdentityCiphertext(group())));
  ASSERT_TRUE(zero.ok()) << zero.status();
  EXPECT_TRUE(Equal(*zero, IdentityCiphertext(group())));
}

TEST_P(ElGamalTest, DecodeCiphertextRejects) {
  ElGamalKeyPair kp = ElGamalKeyPair::Generate(group());
  Bytes bytes = EncodeCiphertext(kp.public_key().Encrypt(1).ciphertext);
  const size_t n = group().element_bytes();
  const auto d = static_cast<std::ptrdiff_t>(n);  // an iterator offset

  Bytes truncated(bytes.begin(), bytes.end() - 1);
  EXPECT_EQ(ReasonOf(DecodeCiphertext(group(), truncated).status()), "ciphertext.wrong_length");
  Bytes longer = bytes;
  longer.push_back(0);
  EXPECT_EQ(ReasonOf(DecodeCiphertext(group(), longer).status()), "ciphertext.wrong_length");
  EXPECT_EQ(DecodeCiphertext(group(), Bytes{}).status().code(), absl::StatusCode::kInvalidArgument);

  // An all-0xff component is never a canonical element (≥ p in both groups).
  Bytes bad_alpha = bytes;
  std::fill(bad_alpha.begin(), bad_alpha.begin() + d, 0xff);
  auto s1 = DecodeCiphertext(group(), bad_alpha).status();
  EXPECT_EQ(ReasonOf(s1), "element.out_of_range");
  EXPECT_NE(std::string(s1.message()).find("alpha"), std::string::npos) << s1;
  Bytes bad_beta = bytes;
  std::fill(bad_beta.begin() + d, bad_beta.end(), 0xff);
  auto s2 = DecodeCiphertext(group(), bad_beta).status();
  EXPECT_EQ(ReasonOf(s2), "element.out_of_range");
  EXPECT_NE(std::string(s2.message()).find("beta"), std::string::npos) << s2;
}

TEST_P(ElGamalTest, PublicKeyDecoding) {
  ElGamalKeyPair kp = ElGamalKeyPair::Generate(group());
  auto pk = ElGamalPublicKey::Decode(group(), kp.public_key().Encode());
  ASSERT_TRUE(pk.ok()) << pk.status();
  EXPECT_TRUE(pk->element() == kp.public_key().element());
  EXPECT_EQ(
      ReasonOf(ElGamalPublicKey::Decode(group(), group().Encode(group().identity())).status()),
      "element.identity");
  EXPECT_EQ(ReasonOf(ElGamalPublicKey::FromElement(group().identity()).status()),
            "element.identity");
  Bytes short_key = kp.public_key().Encode();
  short_key.pop_back();
  EXPECT_EQ(ReasonOf(ElGamalPublicKey::Decode(group(), short_key).status()),
            "element.wrong_length");
  EXPECT_EQ(ReasonOf(ElGamalKeyPair::FromSecret(SecretScalar(group().ScalarFromU64(0))).status()),
            "scalar.zero");
}

TEST_P(ElGamalTest, CopiesShareTheKeyTable) {
  ElGamalKeyPair kp = ElGamalKeyPair::Generate(group());
  // NOLINTNEXTLINE(performance-unnecessary-copy-initialization): the copy is the subject.
  ElGamalPublicKey copy = kp.public_key();
  EXPECT_EQ(&copy.table(), &kp.public_key().table());
  EXPECT_TRUE(copy.table().Exp(group().ScalarFromU64(3)) ==
              group().VartimeExp(copy.element(), group().ScalarFromU64(3)));
}

INSTANTIATE_TEST_SUITE_P(Groups, ElGamalTest, ::testing::Values("ristretto255", "eg4096"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace urne

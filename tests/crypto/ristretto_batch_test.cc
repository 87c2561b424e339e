// crypto/ristretto_batch.h against libdecaf's decaf_255_point_decode, input by input: the
// same decision on valid points, random bytes and edge values, and for valid ones the same
// group element, a point libdecaf itself accepts as valid, and arithmetic that agrees.
#include "crypto/ristretto_batch.h"

#include <decaf/point_255.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstring>
#include <vector>

#include "tests/crypto/batch_decode_all.h"

namespace urne {
namespace {

using Encoding = std::array<uint8_t, 32>;

class RistrettoBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!ristretto_batch::Available()) GTEST_SKIP() << "no AVX-512 IFMA on this CPU";
  }

  // Decodes `encodings` in one call and checks each against libdecaf; returns how many were
  // valid.
  static size_t CheckAgainstLibdecaf(const std::vector<Encoding>& encodings) {
    testing::BatchDecoded decoded = testing::BatchDecodeAll(encodings);
    const std::vector<const uint8_t*>& in = decoded.in;
    std::vector<decaf_255_point_s>& out = decoded.points;
    const std::vector<uint8_t>& ok = decoded.ok;
    size_t valid = 0;
    for (size_t i = 0; i < in.size(); ++i) {
      decaf_255_point_t expected;
      const bool libdecaf_ok = decaf_255_point_decode(expected, in[i], DECAF_TRUE) == DECAF_SUCCESS;
      EXPECT_EQ(ok[i], libdecaf_ok ? 1 : 0) << "input " << i;
      if (!libdecaf_ok || ok[i] != 1) continue;
      ++valid;
      EXPECT_NE(decaf_255_point_eq(&out[i], expected), 0) << "input " << i;
      EXPECT_NE(decaf_255_point_valid(&out[i]), 0) << "input " << i;
      Encoding again{};
      decaf_255_point_encode(again.data(), &out[i]);
      EXPECT_EQ(again, encodings[i]) << "input " << i;
      // Arithmetic on the decoded point: P + 2P = 3P computed both ways.
      decaf_255_point_t twice;
      decaf_255_point_t sum;
      decaf_255_point_t thrice;
      decaf_255_point_double(twice, &out[i]);
      decaf_255_point_add(sum, &out[i], twice);
      decaf_255_point_add(thrice, expected, expected);
      decaf_255_point_add(thrice, thrice, expected);
      EXPECT_NE(decaf_255_point_eq(sum, thrice), 0) << "input " << i;
    }
    return valid;
  }
};

Encoding RandomPointEncoding() {
  uint8_t hash[32];
  randombytes_buf(hash, sizeof hash);
  decaf_255_point_t p;
  decaf_255_point_from_hash_nonuniform(p, hash);
  Encoding e{};
  decaf_255_point_encode(e.data(), p);
  return e;
}

TEST_F(RistrettoBatchTest, ValidPointsInEveryBatchSize) {
  for (size_t n = 1; n <= 25; ++n) {
    SCOPED_TRACE(n);
    std::vector<Encoding> encodings;
    for (size_t i = 0; i < n; ++i) encodings.push_back(RandomPointEncoding());
    EXPECT_EQ(CheckAgainstLibdecaf(encodings), n);
  }
}

TEST_F(RistrettoBatchTest, RandomBytesGetLibdecafsDecision) {
  // Every bit random: odd, bit 255 set, values ≥ p, non-squares, negative xy all occur.
  std::vector<Encoding> encodings(20000);
  for (Encoding& e : encodings) randombytes_buf(e.data(), e.size());
  // Even and below 2^255, so that most get to the square root and the sign checks.
  for (size_t i = 0; i < encodings.size(); i += 2) {
    encodings[i][0] &= 0xfe;
    encodings[i][31] &= 0x7f;
  }
  const size_t valid = CheckAgainstLibdecaf(encodings);
  EXPECT_GT(valid, 500u);  // about an eighth of the even half
  EXPECT_LT(valid, encodings.size() / 2);
}

TEST_F(RistrettoBatchTest, EdgeValues) {
  auto from = [](uint64_t low_limb_bytes, uint8_t fill, uint8_t top) {
    Encoding e;
    e.fill(fill);
    std::memcpy(e.data(), &low_limb_bytes, sizeof low_limb_bytes);
    e[31] = top;
    return e;
  };
  std::vector<Encoding> encodings = {
      Encoding{},                            // 0: the identity
      from(2, 0, 0),                         // 2
      from(0xffffffffffffffec, 0xff, 0x7f),  // p − 1 (even): s = −1, y = 0
      from(0xffffffffffffffea, 0xff, 0x7f),  // p − 3
      from(0xffffffffffffffed, 0xff, 0x7f),  // p (odd, not canonical)
      from(0xffffffffffffffee, 0xff, 0x7f),  // p + 1
      from(0xfffffffffffffffe, 0xff, 0x7f),  // 2^255 − 2
      from(0, 0, 0x80),                      // bit 255 alone
      from(0xfffffffffffffffe, 0xff, 0xff),  // 2^256 − 2
  };
  // s² = −1 (1 + s² = 0): both square roots of −1, the even one only is canonical.
  const Encoding sqrt_m1 = {0xb0, 0xa0, 0x0e, 0x4a, 0x27, 0x1b, 0xee, 0xc4, 0x78, 0xe4, 0x2f,
                            0xad, 0x06, 0x18, 0x43, 0x2f, 0xa7, 0xd7, 0xfb, 0x3d, 0x99, 0x00,
                            0x4d, 0x2b, 0x0b, 0xdf, 0xc1, 0x4f, 0x80, 0x24, 0x83, 0x2b};
  encodings.push_back(sqrt_m1);
  for (int i = 0; i < 7; ++i) encodings.push_back(RandomPointEncoding());
  // The identity and the random points at least; each decision is libdecaf's.
  EXPECT_GE(CheckAgainstLibdecaf(encodings), 1u + 7u);
}

}  // namespace
}  // namespace urne

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "crypto/group.h"

namespace urne {
namespace {

class FixedBaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  static const Group& group() { return **Group::ByName(GetParam()); }
};

TEST_P(FixedBaseTest, ExpAgreesWithVariableBaseExponentiation) {
  const Group& g = group();
  const Element base = g.ExpG(g.RandomNonZeroScalar());
  auto table = g.Precompute(base);
  const std::vector<Scalar> exponents = {g.ScalarFromU64(0), g.ScalarFromU64(1),
                                         g.Neg(g.ScalarFromU64(1)), g.RandomScalar()};
  for (const Scalar& e : exponents) {
    EXPECT_TRUE(g.Equal(table->Exp(e), g.VartimeExp(base, e)));
    EXPECT_TRUE(g.Equal(table->Exp(e), g.Exp(base, e)));
  }
}

// Scalars whose window digits hit every edge of the signed recoding of ristretto255's
// SignedComb (6-bit windows, digits in (−32, 32], carries) and of eg4096's 7-bit windows:
// every window 0b100000 (digit 32, no carry), 0b100001 (−31 and a carry), all ones (a carry
// through every window), alternating patterns, 2^k around window borders and the top bits
// of q; ExpG and a Precompute table of another base against the variable-time
// exponentiation (libdecaf's double scalar multiplication; mpz_powm), whose code shares
// nothing with the tables.
TEST_P(FixedBaseTest, EdgeDigitPatternsAgree) {
  const Group& g = group();
  const Element base = g.ExpG(g.RandomNonZeroScalar());
  auto table = g.Precompute(base);
  std::vector<Scalar> exponents;
  auto from_words = [&g](uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3) {
    // w0 + 2^64·w1 + 2^128·(w2 + 2^64·w3) mod q
    const Scalar two64 = g.ScalarFromU128(0, 1);
    const Scalar high = g.Add(g.ScalarFromU64(w2), g.Mul(g.ScalarFromU64(w3), two64));
    return g.Add(g.ScalarFromU128(w0, w1), g.Mul(high, g.Mul(two64, two64)));
  };
  for (uint64_t w :
       {0x0820820820820820ULL, 0x8420842084208420ULL, 0x0861861861861861ULL, 0xFFFFFFFFFFFFFFFFULL,
        0xAAAAAAAAAAAAAAAAULL, 0x5555555555555555ULL, 0x8102040810204081ULL}) {
    exponents.push_back(from_words(w, w, w, w >> 4));
    exponents.push_back(from_words(w, ~w, w, ~w >> 4));
  }
  for (int k : {5, 6, 7, 63, 64, 125, 126, 251, 252}) {
    std::array<uint64_t, 4> words{};
    words[k / 64] = uint64_t{1} << (k % 64);
    const Scalar pow = from_words(words[0], words[1], words[2], words[3]);  // 2^k
    exponents.push_back(pow);
    exponents.push_back(g.Sub(pow, g.ScalarFromU64(1)));
    exponents.push_back(g.Neg(pow));
  }
  exponents.push_back(g.Neg(g.ScalarFromU64(2)));
  // Encodings, not Equal: libdecaf's equality test is fooled by a degenerate all-zero point
  // (what a lookup past a table's end would produce), its encoding is not.
  for (size_t i = 0; i < exponents.size(); ++i) {
    EXPECT_EQ(g.Encode(g.ExpG(exponents[i])), g.Encode(g.VartimeExp(g.generator(), exponents[i])))
        << i;
    EXPECT_EQ(g.Encode(table->Exp(exponents[i])), g.Encode(g.VartimeExp(base, exponents[i]))) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Groups, FixedBaseTest, ::testing::Values("ristretto255", "eg4096"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace urne

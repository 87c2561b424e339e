#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/group.h"

namespace urne {
namespace {

class MultiExpTest : public ::testing::TestWithParam<std::string> {
 protected:
  static const Group& group() { return **Group::ByName(GetParam()); }
  static Element Naive(const std::vector<Element>& bases, const std::vector<Scalar>& exps) {
    Element acc = group().identity();
    for (size_t i = 0; i < bases.size(); ++i) {
      acc = group().Mul(acc, group().VartimeExp(bases[i], exps[i]));
    }
    return acc;
  }
};

// Edge exponents (0, 1, q − 1, the largest digit patterns) and edge bases (identity,
// generator, a base repeated) for every batch size the verifiers use.
TEST_P(MultiExpTest, AgreesWithOneExponentiationPerBase) {
  const Group& g = group();
  const Scalar minus_one = g.Neg(g.ScalarFromU64(1));
  for (size_t n : {0, 1, 2, 3, 8, 33}) {
    std::vector<Element> bases;
    std::vector<Scalar> exps;
    for (size_t i = 0; i < n; ++i) {
      switch (i % 6) {
        case 0:
          bases.push_back(g.identity());
          break;
        case 1:
          bases.push_back(g.generator());
          break;
        case 2:
          bases.push_back(bases.front());
          break;  // repeated base
        default:
          bases.push_back(g.ExpG(g.RandomNonZeroScalar()));
      }
      switch (i % 5) {
        case 0:
          exps.push_back(g.ScalarFromU64(0));
          break;
        case 1:
          exps.push_back(g.ScalarFromU64(1));
          break;
        case 2:
          exps.push_back(minus_one);
          break;
        case 3:
          exps.push_back(g.ScalarFromU64(0x8421084210842108ULL));
          break;  // 16s and 1s
        default:
          exps.push_back(g.RandomScalar());
      }
    }
    EXPECT_TRUE(g.Equal(g.VartimeMultiExp(bases, exps), Naive(bases, exps))) << n;
  }
}

TEST_P(MultiExpTest, RandomBatchesAgree) {
  const Group& g = group();
  const size_t n = g.name() == "eg4096" ? 6 : 40;
  for (int round = 0; round < 3; ++round) {
    std::vector<Element> bases;
    std::vector<Scalar> exps;
    for (size_t i = 0; i < n; ++i) {
      bases.push_back(g.ExpG(g.RandomNonZeroScalar()));
      exps.push_back(g.RandomScalar());
    }
    const Element before = g.VartimeMultiExp(bases, exps);
    EXPECT_TRUE(g.Equal(before, Naive(bases, exps)));
    // One changed exponent changes the result, by exactly that base.
    exps[n / 2] = g.Add(exps[n / 2], g.ScalarFromU64(1));
    const Element after = g.VartimeMultiExp(bases, exps);
    EXPECT_FALSE(g.Equal(after, before));
    EXPECT_TRUE(g.Equal(after, g.Mul(before, bases[n / 2])));
  }
}

// Batch verification's exponents −z for 128-bit weights z (eg4096 evaluates them as a second
// product with exponent z and one inversion), alone and mixed with long positive exponents
// and the generator (eg4096: through its fixed-base table).
TEST_P(MultiExpTest, NegatedShortExponentsAgree) {
  const Group& g = group();
  for (bool mixed : {false, true}) {
    std::vector<Element> bases;
    std::vector<Scalar> exps;
    for (size_t i = 0; i < 5; ++i) {
      bases.push_back(g.ExpG(g.RandomNonZeroScalar()));
      exps.push_back(g.Neg(g.ScalarFromU128(0x0123456789abcdefULL * (i + 1), 0xfedcba98u + i)));
      if (mixed) {
        bases.push_back(i == 2 ? g.generator() : g.ExpG(g.RandomNonZeroScalar()));
        exps.push_back(g.RandomScalar());
      }
    }
    EXPECT_TRUE(g.Equal(g.VartimeMultiExp(bases, exps), Naive(bases, exps))) << mixed;
  }
}

// Zero exponents in every multi-exponentiation: g^a·B^0 = g^a (libdecaf 1.0.2's double
// scalar multiplication returned the identity for it), g^0·B^e = B^e, g^0·B^0 = 1, B^0 = 1,
// and products whose exponents are all or partly 0.
TEST_P(MultiExpTest, ZeroExponentsInEveryMultiExponentiation) {
  const Group& g = group();
  const Scalar zero = g.ScalarFromU64(0);
  for (int round = 0; round < 3; ++round) {
    const Scalar a = g.RandomNonZeroScalar();
    const Scalar e = g.RandomNonZeroScalar();
    const Element b = g.ExpG(g.RandomNonZeroScalar());
    EXPECT_TRUE(g.Equal(g.VartimeExpGMul(a, b, zero), g.ExpG(a)));
    EXPECT_FALSE(g.Equal(g.VartimeExpGMul(a, b, zero), g.identity()));
    EXPECT_TRUE(g.Equal(g.VartimeExpGMul(zero, b, e), g.Exp(b, e)));
    EXPECT_TRUE(g.Equal(g.VartimeExpGMul(zero, b, zero), g.identity()));
    EXPECT_TRUE(g.Equal(g.VartimeExpGMul(a, g.identity(), e), g.ExpG(a)));
    EXPECT_TRUE(g.Equal(g.VartimeExpGMul(a, b, e), g.Mul(g.ExpG(a), g.Exp(b, e))));
    EXPECT_TRUE(g.Equal(g.VartimeExp(b, zero), g.identity()));
    EXPECT_TRUE(g.Equal(g.Exp(b, zero), g.identity()));
    EXPECT_TRUE(g.Equal(g.ExpG(zero), g.identity()));
    EXPECT_TRUE(g.Equal(g.Precompute(b)->Exp(zero), g.identity()));
    // Straus (and the generic pairwise path): all zero, the first or the last zero.
    const std::vector<Element> bases = {b, g.generator(), g.ExpG(e)};
    std::vector<Scalar> exps(3, zero);
    EXPECT_TRUE(g.Equal(g.VartimeMultiExp(bases, exps), g.identity()));
    EXPECT_TRUE(g.Equal(g.Group::VartimeMultiExp(bases, exps), g.identity()));
    exps = {zero, a, e};
    EXPECT_TRUE(g.Equal(g.VartimeMultiExp(bases, exps), Naive(bases, exps)));
    EXPECT_TRUE(g.Equal(g.Group::VartimeMultiExp(bases, exps), Naive(bases, exps)));
    exps = {a, e, zero};
    EXPECT_TRUE(g.Equal(g.VartimeMultiExp(bases, exps), Naive(bases, exps)));
    EXPECT_TRUE(g.Equal(g.Group::VartimeMultiExp(bases, exps), Naive(bases, exps)));
    const std::vector<Element> one = {b};
    EXPECT_TRUE(g.Equal(g.VartimeMultiExp(one, std::vector<Scalar>{zero}), g.identity()));
  }
}

INSTANTIATE_TEST_SUITE_P(Groups, MultiExpTest, ::testing::Values("ristretto255", "eg4096"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace urne

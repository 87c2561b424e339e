#include "crypto/amm52.h"

#include <gmp.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <vector>

#include "crypto/eg4096_constants.h"

namespace urne {
namespace {

using amm52::Digits;
using Limbs = std::array<uint64_t, amm52::kLimbs + 1>;

// A GMP integer as 65 limbs (it must be below 2^4160).
Limbs LimbsOf(const mpz_t x) {
  Limbs out{};
  EXPECT_LE(mpz_size(x), out.size());
  for (mp_size_t i = 0; i < static_cast<mp_size_t>(mpz_size(x)) && i < mp_size_t{65}; ++i) {
    out[static_cast<size_t>(i)] = mpz_getlimbn(x, i);
  }
  return out;
}

Digits DigitsOf(const mpz_t x) {
  Limbs limbs = LimbsOf(x);
  EXPECT_EQ(limbs[amm52::kLimbs], 0u) << "FromLimbs takes 4096-bit numbers";
  Digits d;
  amm52::FromLimbs(d, limbs.data());
  return d;
}

// The digits as an integer, checking each is a 52-bit digit.
void ValueOf(mpz_t out, const Digits& d) {
  mpz_set_ui(out, 0);
  for (size_t k = amm52::kDigits; k-- > 0;) {
    EXPECT_LT(d[k], uint64_t{1} << amm52::kDigitBits) << "digit " << k;
    mpz_mul_2exp(out, out, amm52::kDigitBits);
    mpz_add_ui(out, out, d[k]);
  }
}

class Amm52Test : public ::testing::Test {
 protected:
  void SetUp() override {
    mpz_inits(p_, two_p_, r_inverse_, a_, b_, got_, want_, nullptr);
    ASSERT_EQ(mpz_set_str(p_, eg4096::kPHex, 16), 0);
    mpz_mul_2exp(two_p_, p_, 1);
    mpz_setbit(r_inverse_, amm52::kDigits * amm52::kDigitBits);
    ASSERT_NE(mpz_invert(r_inverse_, r_inverse_, p_), 0);
    m_ = DigitsOf(p_);
    gmp_randinit_default(rng_);
    uint64_t seed;
    randombytes_buf(&seed, sizeof(seed));
    gmp_randseed_ui(rng_, seed);
  }
  void TearDown() override {
    mpz_clears(p_, two_p_, r_inverse_, a_, b_, got_, want_, nullptr);
    gmp_randclear(rng_);
  }

  // Multiplies a_ and b_ (below 2p, so set through digits for values ≥ 2^4096) and checks
  // the result against GMP: congruent to a·b·2^−4160 and below 2p.
  void Check(const Digits& a, const Digits& b) {
    ValueOf(a_, a);
    ValueOf(b_, b);
    Digits r;
    amm52::Mul(r, a, b, m_, 1);
    ValueOf(got_, r);
    mpz_mul(want_, a_, b_);
    mpz_mul(want_, want_, r_inverse_);
    mpz_mod(want_, want_, p_);
    EXPECT_LT(mpz_cmp(got_, two_p_), 0) << "the product is not below 2p";
    mpz_mod(got_, got_, p_);
    EXPECT_EQ(mpz_cmp(got_, want_), 0);
  }

  Digits Random() {
    mpz_urandomm(a_, rng_, p_);
    return DigitsOf(a_);
  }

  // 2p − 1 in digits: the largest input allowed, which does not fit 4096 bits.
  Digits TwoPMinusOne() {
    Digits d{};
    mpz_sub_ui(a_, two_p_, 1);
    for (size_t k = 0; k < amm52::kDigits; ++k) {
      d[k] = mpz_getlimbn(a_, 0) & ((uint64_t{1} << amm52::kDigitBits) - 1);
      mpz_tdiv_q_2exp(a_, a_, amm52::kDigitBits);
    }
    return d;
  }

  Digits Small(uint32_t v) {
    mpz_set_ui(a_, v);
    return DigitsOf(a_);
  }

  mpz_t p_, two_p_, r_inverse_, a_, b_, got_, want_;
  Digits m_;
  gmp_randstate_t rng_;
};

TEST_F(Amm52Test, LimbsAndDigitsRoundTrip) {
  for (int round = 0; round < 50; ++round) {
    std::array<uint64_t, amm52::kLimbs> x;
    randombytes_buf(x.data(), sizeof(x));
    if (round == 0) x.fill(~uint64_t{0});
    if (round == 1) x.fill(0);
    Digits d;
    amm52::FromLimbs(d, x.data());
    for (size_t k = 0; k < amm52::kDigits; ++k) {
      ASSERT_LT(d[k], uint64_t{1} << amm52::kDigitBits);
    }
    Limbs back;
    amm52::ToLimbs(back.data(), d);
    for (size_t i = 0; i < amm52::kLimbs; ++i) EXPECT_EQ(back[i], x[i]) << "limb " << i;
    EXPECT_EQ(back[amm52::kLimbs], 0u);
  }
}

TEST_F(Amm52Test, ToLimbsKeepsTheBitsAbove4096) {
  Digits d{};
  d[amm52::kDigits - 1] = (uint64_t{1} << amm52::kDigitBits) - 1;  // bits 4108 to 4159
  d[0] = 5;
  Limbs x;
  amm52::ToLimbs(x.data(), d);
  EXPECT_EQ(x[0], 5u);
  EXPECT_EQ(x[amm52::kLimbs], ~uint64_t{0} << 12);
}

TEST_F(Amm52Test, MultipliesLikeGmpOnRandomAndExtremeOperands) {
  if (!amm52::Available()) GTEST_SKIP() << "this CPU has no AVX-512 IFMA";
  mpz_sub_ui(b_, p_, 1);
  const Digits p_minus_1 = DigitsOf(b_);
  const std::vector<Digits> extremes = {Small(0),  Small(1), Small(2),
                                        p_minus_1, m_,       TwoPMinusOne()};
  for (const Digits& a : extremes) {
    for (const Digits& b : extremes) Check(a, b);
    Check(a, Random());
  }
  for (int round = 0; round < 300; ++round) Check(Random(), Random());
}

TEST_F(Amm52Test, ResultMayAliasAnOperand) {
  if (!amm52::Available()) GTEST_SKIP() << "this CPU has no AVX-512 IFMA";
  const Digits a = Random();
  const Digits b = Random();
  Digits want;
  amm52::Mul(want, a, b, m_, 1);
  Digits r = a;
  amm52::Mul(r, r, b, m_, 1);
  EXPECT_EQ(r, want);
  r = b;
  amm52::Mul(r, a, r, m_, 1);
  EXPECT_EQ(r, want);
}

// A chain of products fed back as inputs (below 2p, not reduced), as the fixed-base
// exponentiation does, stays congruent to GMP's.
TEST_F(Amm52Test, ChainedProductsStayBelowTwoP) {
  if (!amm52::Available()) GTEST_SKIP() << "this CPU has no AVX-512 IFMA";
  Digits acc = TwoPMinusOne();
  for (int round = 0; round < 100; ++round) {
    Digits next = Random();
    Check(acc, next);
    amm52::Mul(acc, acc, next, m_, 1);
  }
}

// Another modulus, whose k0 = −m^{-1} mod 2^52 is not 1: the digit q of each step uses it.
TEST_F(Amm52Test, AnyOddModulusWithItsOwnK0) {
  if (!amm52::Available()) GTEST_SKIP() << "this CPU has no AVX-512 IFMA";
  mpz_t m;
  mpz_t k0;
  mpz_t base;
  mpz_inits(m, k0, base, nullptr);
  mpz_urandomb(m, rng_, 4094);
  mpz_setbit(m, 4093);
  mpz_setbit(m, 0);
  mpz_setbit(base, amm52::kDigitBits);
  ASSERT_NE(mpz_invert(k0, m, base), 0);
  mpz_sub(k0, base, k0);
  ASSERT_NE(mpz_get_ui(k0), 1u);
  const Digits md = DigitsOf(m);
  mpz_set_ui(r_inverse_, 0);
  mpz_setbit(r_inverse_, amm52::kDigits * amm52::kDigitBits);
  ASSERT_NE(mpz_invert(r_inverse_, r_inverse_, m), 0);
  for (int round = 0; round < 100; ++round) {
    mpz_urandomm(a_, rng_, m);
    mpz_urandomm(b_, rng_, m);
    Digits r;
    amm52::Mul(r, DigitsOf(a_), DigitsOf(b_), md, mpz_get_ui(k0));
    ValueOf(got_, r);
    mpz_mul(want_, a_, b_);
    mpz_mul(want_, want_, r_inverse_);
    mpz_mod(want_, want_, m);
    mpz_mul_2exp(base, m, 1);
    EXPECT_LT(mpz_cmp(got_, base), 0);
    mpz_mod(got_, got_, m);
    EXPECT_EQ(mpz_cmp(got_, want_), 0);
  }
  mpz_clears(m, k0, base, nullptr);
}

}  // namespace
}  // namespace urne

// The bucket-method multi-scalar multiplication (crypto/msm.h) against the naive sum
// Σ e_k·P_k computed by double-and-add over all 256 bits, at every window width and on the
// edge cases: no point, one point, zero scalars, repeated points, the identity, scalars
// with every bit set (not reduced), digits at the signed-digit boundary.
#include "crypto/msm.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstring>
#include <vector>

#include "crypto/group.h"

namespace urne::msm {
namespace {

using Limbs = std::array<uint64_t, 4>;

struct Point {
  decaf_255_point_t p;
};

Point Identity() {
  Point r;
  decaf_255_point_copy(r.p, decaf_255_point_identity);
  return r;
}

Point RandomPoint() {
  uint8_t uniform[2 * DECAF_255_HASH_BYTES];
  randombytes_buf(uniform, sizeof(uniform));
  Point r;
  decaf_255_point_from_hash_uniform(r.p, uniform);
  return r;
}

Limbs RandomLimbs() {
  Limbs s;
  randombytes_buf(s.data(), sizeof(s));
  return s;
}

// Σ scalars[k]·points[k] by double-and-add, most significant bit first.
Point Naive(const std::vector<Point>& points, const std::vector<Limbs>& scalars) {
  Point acc = Identity();
  for (int bit = 255; bit >= 0; --bit) {
    decaf_255_point_double(acc.p, acc.p);
    for (size_t k = 0; k < points.size(); ++k) {
      if ((scalars[k][bit / 64] >> (bit % 64)) & 1) decaf_255_point_add(acc.p, acc.p, points[k].p);
    }
  }
  return acc;
}

Point Msm(const std::vector<Point>& points, const std::vector<Limbs>& scalars, int window) {
  std::vector<const decaf_255_point_s*> ptrs;
  ptrs.reserve(points.size());
  for (const Point& p : points) ptrs.push_back(p.p);
  Point r;
  VartimeBucketMsm(r.p, ptrs, scalars, {}, window);
  return r;
}

bool Eq(const Point& a, const Point& b) { return decaf_255_point_eq(a.p, b.p) != 0; }

TEST(BucketMsm, NoPointIsTheIdentity) {
  for (int c : {0, 2, 4, 16}) {
    EXPECT_TRUE(Eq(Msm({}, {}, c), Identity())) << c;
  }
}

TEST(BucketMsm, OnePointAtEveryWindow) {
  const std::vector<Point> points{RandomPoint()};
  const std::vector<Limbs> scalar_sets[] = {
      {Limbs{0, 0, 0, 0}},
      {Limbs{1, 0, 0, 0}},
      {Limbs{~0ULL, ~0ULL, ~0ULL, ~0ULL}},  // every bit set: carries out of every window
      {Limbs{0x8000000000000000ULL, 0, 0, 0x8000000000000000ULL}},
      {RandomLimbs()},
  };
  for (const auto& scalars : scalar_sets) {
    const Point want = Naive(points, scalars);
    for (int c = 2; c <= 16; ++c) {
      EXPECT_TRUE(Eq(Msm(points, scalars, c), want)) << "window " << c;
    }
  }
}

TEST(BucketMsm, ZeroScalarsRepeatedPointsAndTheIdentity) {
  const Point p = RandomPoint();
  std::vector<Point> points;
  std::vector<Limbs> scalars;
  for (size_t k = 0; k < 50; ++k) {
    switch (k % 5) {
      case 0:
        points.push_back(Identity());
        break;
      case 1:
      case 2:
        points.push_back(p);  // the same point several times
        break;
      default:
        points.push_back(RandomPoint());
    }
    switch (k % 7) {
      case 0:
        scalars.push_back(Limbs{0, 0, 0, 0});
        break;
      case 1:
        scalars.push_back(Limbs{1, 0, 0, 0});
        break;
      case 2:  // digits exactly at the boundary 2^(c−1) for c = 4 and 8
        scalars.push_back(Limbs{0x8888888888888888ULL, 0x8080808080808080ULL, 0, 0});
        break;
      default:
        scalars.push_back(RandomLimbs());
    }
  }
  const Point want = Naive(points, scalars);
  for (int c : {0, 2, 3, 4, 5, 7, 8, 11, 16}) {
    EXPECT_TRUE(Eq(Msm(points, scalars, c), want)) << "window " << c;
  }
}

TEST(BucketMsm, AllScalarsZeroIsTheIdentity) {
  std::vector<Point> points(20, RandomPoint());
  std::vector<Limbs> scalars(20, Limbs{0, 0, 0, 0});
  EXPECT_TRUE(Eq(Msm(points, scalars, 0), Identity()));
}

TEST(BucketMsm, OppositeTermsCancel) {
  // P·s + (−P)·s = identity: the bucket sums cancel exactly.
  const Point p = RandomPoint();
  Point minus_p;
  decaf_255_point_negate(minus_p.p, p.p);
  const Limbs s = RandomLimbs();
  EXPECT_TRUE(Eq(Msm({p, minus_p}, {s, s}, 0), Identity()));
  EXPECT_TRUE(Eq(Msm({p, minus_p}, {s, s}, 9), Identity()));
}

TEST(BucketMsm, NegateFlagsSubtractTheirTerms) {
  std::vector<Point> points;
  std::vector<Point> negated;
  std::vector<Limbs> scalars;
  std::vector<uint8_t> negate;
  for (size_t k = 0; k < 30; ++k) {
    points.push_back(RandomPoint());
    scalars.push_back(k % 6 == 0 ? Limbs{0, 0, 0, 0} : RandomLimbs());
    negate.push_back(k % 3 == 0);
    Point n = points.back();
    if (negate.back()) decaf_255_point_negate(n.p, points.back().p);
    negated.push_back(n);
  }
  std::vector<const decaf_255_point_s*> ptrs;
  ptrs.reserve(points.size());
  for (const Point& p : points) ptrs.push_back(p.p);
  for (int c : {0, 3, 8}) {
    Point r;
    VartimeBucketMsm(r.p, ptrs, scalars, negate, c);
    EXPECT_TRUE(Eq(r, Naive(negated, scalars))) << c;
  }
}

TEST(BucketMsm, ShortestSignedTakesTheSmallerOfSAndMinusS) {
  const Group& g = Group::Ristretto255();
  auto limbs_of = [&](const Scalar& s) {
    Bytes b = g.Encode(s);  // little-endian
    Limbs l{};
    std::memcpy(l.data(), b.data(), 32);
    return l;
  };
  // A 128-bit weight z and its negation ℓ − z: both shorten to z.
  const Scalar z = g.ScalarFromU128(0x0123456789abcdefULL, 0xfedcba9876543210ULL);
  Limbs plus = limbs_of(z);
  Limbs minus = limbs_of(g.Neg(z));
  EXPECT_FALSE(ShortestSigned(plus));
  EXPECT_TRUE(ShortestSigned(minus));
  EXPECT_EQ(plus, limbs_of(z));
  EXPECT_EQ(minus, limbs_of(z));
  // Edges: 0, 1, ⌊ℓ/2⌋ stay; ⌊ℓ/2⌋ + 1 and ℓ − 1 flip.
  Limbs zero{0, 0, 0, 0};
  Limbs one{1, 0, 0, 0};
  EXPECT_FALSE(ShortestSigned(zero));
  EXPECT_FALSE(ShortestSigned(one));
  const Scalar half = g.Mul(g.Neg(g.ScalarFromU64(1)), g.Invert(g.ScalarFromU64(2)));  // (ℓ−1)/2
  Limbs h = limbs_of(half);
  Limbs h1 = limbs_of(g.Add(half, g.ScalarFromU64(1)));
  EXPECT_FALSE(ShortestSigned(h));
  EXPECT_TRUE(ShortestSigned(h1));
  EXPECT_EQ(h1, limbs_of(half));  // ℓ − (ℓ+1)/2 = (ℓ−1)/2
  Limbs m1 = limbs_of(g.Neg(g.ScalarFromU64(1)));
  EXPECT_TRUE(ShortestSigned(m1));
  EXPECT_EQ(m1, one);
}

TEST(BucketMsm, WindowGrowsWithTheNumberOfPoints) {
  EXPECT_EQ(BucketWindow(1), 4);
  int last = 4;
  for (size_t n : {10, 100, 1000, 10000, 100000, 1000000}) {
    const int c = BucketWindow(n);
    EXPECT_GE(c, last) << n;
    EXPECT_LE(c, 16) << n;
    last = c;
  }
  EXPECT_GE(BucketWindow(100000), 11);
}

// Through the group: from 64 bases on, VartimeMultiExp takes the bucket method; it agrees
// with one exponentiation per base on group scalars (reduced mod ℓ).
TEST(BucketMsm, GroupMultiExpAgreesAtBucketSizes) {
  const Group& g = Group::Ristretto255();
  for (size_t n : {63, 64, 65, 300}) {
    std::vector<Element> bases;
    std::vector<Scalar> exps;
    Element naive = g.identity();
    for (size_t k = 0; k < n; ++k) {
      bases.push_back(k % 9 == 0   ? g.identity()
                      : k % 9 == 1 ? g.generator()
                                   : g.ExpG(g.RandomNonZeroScalar()));
      exps.push_back(k % 4 == 0   ? g.ScalarFromU64(0)
                     : k % 4 == 1 ? g.Neg(g.ScalarFromU64(1))
                                  : g.RandomScalar());
      naive = g.Mul(naive, g.VartimeExp(bases[k], exps[k]));
    }
    EXPECT_TRUE(g.Equal(g.VartimeMultiExp(bases, exps), naive)) << n;
    exps[n / 2] = g.Add(exps[n / 2], g.ScalarFromU64(1));
    EXPECT_FALSE(g.Equal(g.VartimeMultiExp(bases, exps), naive)) << n;  // base n/2 ≠ identity
  }
}

}  // namespace
}  // namespace urne::msm

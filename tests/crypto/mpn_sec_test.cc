#include "crypto/mpn_sec.h"

#include <gmp.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <utility>
#include <vector>

namespace urne {
namespace {

using Num = std::array<mp_limb_t, mpn_sec::kN>;
using Wide = std::array<mp_limb_t, 2 * mpn_sec::kN>;

Num Random() {
  Num x;
  randombytes_buf(x.data(), sizeof(x));
  return x;
}

Num Filled(mp_limb_t limb) {
  Num x;
  x.fill(limb);
  return x;
}

Wide Reference(const Num& a, const Num& b) {
  Wide r;
  mpn_mul_n(r.data(), a.data(), b.data(), mpn_sec::kN);
  return r;
}

Wide Karatsuba(const Num& a, const Num& b) {
  Wide r;
  mpn_sec::Mul64(r.data(), a.data(), b.data());
  return r;
}

TEST(MpnSec, ScratchFitsThisGmp) { EXPECT_TRUE(mpn_sec::ScratchIsEnough()); }

// The carries of the half sums (ca, cb) and the middle term's top limb are exercised by
// all-ones operands and by halves that overflow only on one side.
TEST(MpnSec, Mul64AgreesWithGmpOnExtremeOperands) {
  const Num ones = Filled(~mp_limb_t{0});
  const Num zero = Filled(0);
  Num top_half = zero;
  Num bottom_half = zero;
  Num one = zero;
  for (size_t i = 0; i < mpn_sec::kN / 2; ++i) {
    bottom_half[i] = ~mp_limb_t{0};
    top_half[i + mpn_sec::kN / 2] = ~mp_limb_t{0};
  }
  one[0] = 1;
  const std::vector<Num> cases = {ones, zero, top_half, bottom_half, one, Random()};
  for (const Num& a : cases) {
    for (const Num& b : cases) EXPECT_EQ(Karatsuba(a, b), Reference(a, b));
  }
}

TEST(MpnSec, Mul64AgreesWithGmpOnRandomOperands) {
  for (int i = 0; i < 2000; ++i) {
    Num a = Random();
    Num b = Random();
    // Saturate some quarters so that the inner levels' carries fire too.
    if (i % 3 == 0) std::fill(a.begin() + 16, a.begin() + 32, ~mp_limb_t{0});
    if (i % 5 == 0) std::fill(b.begin() + 48, b.end(), ~mp_limb_t{0});
    ASSERT_EQ(Karatsuba(a, b), Reference(a, b)) << "case " << i;
  }
}

using Select = void (*)(mp_limb_t*, const mp_limb_t*, size_t, size_t, size_t);

// Every kernel this machine can run (the AVX2 one only where the CPU has AVX2), and the
// dispatcher, against GMP's mpn_sec_tabselect.
std::vector<std::pair<const char*, Select>> Kernels() {
  std::vector<std::pair<const char*, Select>> kernels = {{"dispatch", mpn_sec::TabSelect},
                                                         {"baseline", mpn_sec::TabSelectBaseline}};
  if (mpn_sec::HasAvx2()) kernels.emplace_back("avx2", mpn_sec::TabSelectAvx2);
  return kernels;
}

TEST(MpnSec, TabSelectPicksEveryEntryLikeGmp) {
  constexpr size_t kEntries = 128;  // a 7-bit window, as eg4096 uses
  std::vector<mp_limb_t> table(kEntries * mpn_sec::kN);
  randombytes_buf(table.data(), table.size() * sizeof(mp_limb_t));
  for (const auto& [name, select] : Kernels()) {
    for (size_t which = 0; which < kEntries; ++which) {
      Num ours;
      Num theirs;
      select(ours.data(), table.data(), mpn_sec::kN, kEntries, which);
      mpn_sec_tabselect(theirs.data(), table.data(), mpn_sec::kN, kEntries,
                        static_cast<mp_size_t>(which));
      ASSERT_EQ(ours, theirs) << name << " " << which;
    }
    // Other widths go through the narrower strips (32 limbs: a ristretto255 point of the
    // SignedComb tables, 33 entries) and the scalar tail.
    for (size_t width : {size_t{32}, size_t{8}, size_t{43}, size_t{104}}) {
      constexpr size_t kCount = 33;
      std::vector<mp_limb_t> points(kCount * width);
      randombytes_buf(points.data(), points.size() * sizeof(mp_limb_t));
      for (size_t which = 0; which < kCount; ++which) {
        std::vector<mp_limb_t> ours(width);
        std::vector<mp_limb_t> theirs(width);
        select(ours.data(), points.data(), width, kCount, which);
        mpn_sec_tabselect(theirs.data(), points.data(), static_cast<mp_size_t>(width), kCount,
                          static_cast<mp_size_t>(which));
        ASSERT_EQ(ours, theirs) << name << " width " << width << " entry " << which;
      }
    }
    // A width that is not a multiple of the strip exercises the scalar tail.
    mp_limb_t narrow[3];
    const mp_limb_t small[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    select(narrow, small, 3, 3, 2);
    EXPECT_EQ(narrow[0], 7u) << name;
    EXPECT_EQ(narrow[2], 9u) << name;
  }
}

}  // namespace
}  // namespace urne

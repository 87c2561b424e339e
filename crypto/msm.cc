#include "crypto/msm.h"

#include <cassert>
#include <cstdlib>
#include <vector>

namespace urne::msm {
namespace {

constexpr int kScalarBits = 256;

// Bits [pos, pos + c) of a 256-bit little-endian value (zero beyond bit 255); c ≤ 16.
uint32_t BitsAt(const std::array<uint64_t, 4>& s, int pos, int c) {
  if (pos >= kScalarBits) return 0;
  const int limb = pos / 64;
  const int shift = pos % 64;
  uint64_t v = s[limb] >> shift;
  if (shift + c > 64 && limb + 1 < 4) v |= s[limb + 1] << (64 - shift);
  return static_cast<uint32_t>(v & ((uint64_t{1} << c) - 1));
}

// A point that starts as "nothing yet", so that no addition of the identity is ever done.
class Sum {
 public:
  bool empty() const { return empty_; }
  decaf_255_point_s* get() { return p_; }
  void Add(const decaf_255_point_s* q) {
    if (empty_) {
      decaf_255_point_copy(p_, q);
      empty_ = false;
    } else {
      decaf_255_point_add(p_, p_, q);
    }
  }
  void Sub(const decaf_255_point_s* q) {
    if (empty_) {
      decaf_255_point_negate(p_, q);
      empty_ = false;
    } else {
      decaf_255_point_sub(p_, p_, q);
    }
  }
  void Clear() { empty_ = true; }

 private:
  decaf_255_point_t p_;
  bool empty_ = true;
};

}  // namespace

bool ShortestSigned(std::array<uint64_t, 4>& s) {
  // ℓ = 2^252 + 27742317777372353535851937790883648493 and ⌊ℓ/2⌋, little-endian limbs.
  static constexpr std::array<uint64_t, 4> kL = {0x5812631a5cf5d3edULL, 0x14def9dea2f79cd6ULL, 0,
                                                 0x1000000000000000ULL};
  static constexpr std::array<uint64_t, 4> kHalf = {0x2c09318d2e7ae9f6ULL, 0x0a6f7cef517bce6bULL, 0,
                                                    0x0800000000000000ULL};
  for (int i = 3; i >= 0; --i) {
    if (s[i] != kHalf[i]) {
      if (s[i] < kHalf[i]) return false;
      break;
    }
    if (i == 0) return false;  // s = ⌊ℓ/2⌋
  }
  unsigned __int128 borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const unsigned __int128 d = static_cast<unsigned __int128>(kL[i]) - s[i] - borrow;
    s[i] = static_cast<uint64_t>(d);
    borrow = (d >> 64) & 1;
  }
  return true;
}

int BucketWindow(size_t n) {
  // Additions per window: n (bucketing) + 2^c (two running sums over 2^(c−1) buckets).
  int best = 4;
  double best_cost = 0;
  for (int c = 4; c <= 16; ++c) {
    const int windows = (kScalarBits + c - 1) / c + 1;  // ⌈256/c⌉ + 1 for the carry
    const double cost =
        static_cast<double>(windows) * (static_cast<double>(n) + static_cast<double>(1 << c));
    if (c == 4 || cost < best_cost) {
      best = c;
      best_cost = cost;
    }
  }
  return best;
}

void VartimeBucketMsm(decaf_255_point_t out, std::span<const decaf_255_point_s* const> points,
                      std::span<const std::array<uint64_t, 4>> scalars,
                      std::span<const uint8_t> negate, int window) {
  assert(points.size() == scalars.size());
  assert(negate.empty() || negate.size() == points.size());
  const size_t n = points.size();
  const int c = window != 0 ? window : BucketWindow(n);
  assert(c >= 2 && c <= 16);
  decaf_255_point_copy(out, decaf_255_point_identity);
  if (n == 0) return;

  // Signed digits, window-major: digit[i·n + k] of scalar k, with Σ_i d_i·2^(c·i) = s_k and
  // −2^(c−1) < d_i ≤ 2^(c−1). The extra top window takes the last carry (bits ≥ 256 are 0).
  const int windows = (kScalarBits + c - 1) / c + 1;
  const int32_t half = int32_t{1} << (c - 1);
  // The digits and the buckets (megabytes for a batch of ballots) are kept per thread from
  // call to call: allocated anew each time, their pages were faulted in anew each time
  // (about 7 % of urne-verify's CPU time in the kernel).
  thread_local std::vector<int32_t> digits;
  thread_local std::vector<Sum> buckets;
  digits.resize(static_cast<size_t>(windows) * n);
  for (size_t k = 0; k < n; ++k) {
    int32_t carry = 0;
    for (int i = 0; i < windows; ++i) {
      int32_t d = static_cast<int32_t>(BitsAt(scalars[k], c * i, c)) + carry;
      carry = d > half ? 1 : 0;
      digits[static_cast<size_t>(i) * n + k] = d - (carry << c);
    }
    assert(carry == 0);
  }

  buckets.resize(static_cast<size_t>(half));  // bucket j holds digit magnitude j + 1
  Sum acc;
  for (int i = windows - 1; i >= 0; --i) {
    if (!acc.empty()) {
      for (int d = 0; d < c; ++d) decaf_255_point_double(acc.get(), acc.get());
    }
    for (Sum& b : buckets) b.Clear();
    const int32_t* row = &digits[static_cast<size_t>(i) * n];
    for (size_t k = 0; k < n; ++k) {
      const int32_t d = negate.empty() || !negate[k] ? row[k] : -row[k];
      if (d > 0) buckets[d - 1].Add(points[k]);
      if (d < 0) buckets[-d - 1].Sub(points[k]);
    }
    // Σ_j (j + 1)·B_j = Σ_j R_j with R_j = Σ_{j' ≥ j} B_j' (running sum from the top).
    Sum running;
    Sum total;
    for (int32_t j = half - 1; j >= 0; --j) {
      if (!buckets[j].empty()) running.Add(buckets[j].get());
      if (!running.empty()) total.Add(running.get());
    }
    if (!total.empty()) acc.Add(total.get());
  }
  if (!acc.empty()) decaf_255_point_copy(out, acc.get());
}

}  // namespace urne::msm

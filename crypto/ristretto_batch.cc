#include "crypto/ristretto_batch.h"

#include <array>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace urne::ristretto_batch {

#if defined(__x86_64__)

namespace {
bool AgreesWithLibdecaf();
}  // namespace

bool Available() {
  // The CPU's features are public. The points are written in libdecaf's internal
  // representation (its field's limbs, its curve): a libdecaf built otherwise would disagree,
  // so the decoder is checked against it once, on the generator's multiples, before any use.
  static const bool available =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512ifma") &&
      std::getenv("URNE_RISTRETTO_NO_IFMA") == nullptr && AgreesWithLibdecaf();
  return available;
}

namespace {

constexpr uint64_t kMask51 = (uint64_t{1} << 51) - 1;
constexpr int kLanes = 8;

// Field elements mod p = 2^255 − 19, one per lane: value = Σ l[k]·2^(51k). "Carried": every
// limb ≤ 2^51 (what Carry returns), so below 2^52 as the IFMA instructions need, and the
// value below 2^255 + 2^103.
struct Fe {
  __m512i l[5];
};

#define URNE_IFMA [[gnu::target("avx512f,avx512ifma")]]

URNE_IFMA inline __m512i Splat(uint64_t v) { return _mm512_set1_epi64(static_cast<int64_t>(v)); }

URNE_IFMA inline Fe Constant(const uint64_t (&limbs)[5]) {
  Fe r;
#pragma GCC unroll 10
  for (int k = 0; k < 5; ++k) r.l[k] = Splat(limbs[k]);
  return r;
}

// Shifts in their masked form with every lane selected: GCC 12 reads the unmasked forms'
// undefined pass-through operand as uninitialized (-Werror=uninitialized).
URNE_IFMA inline __m512i Shl(__m512i x, unsigned n) { return _mm512_maskz_slli_epi64(0xff, x, n); }
URNE_IFMA inline __m512i Shr(__m512i x, unsigned n) { return _mm512_maskz_srli_epi64(0xff, x, n); }

URNE_IFMA inline __m512i Times19(__m512i x) {
  return _mm512_add_epi64(_mm512_add_epi64(Shl(x, 4), Shl(x, 1)), x);
}

// Limbs each below 2^63 → carried (limb 1 ≤ 2^51, the others < 2^51): one pass up, the
// carry out of limb 4 (weight 2^255 ≡ 19) into limb 0, and limb 0's carry into limb 1. A carry
// out of limb 4 is below 2^12, so limb 0 is then below 2^51 + 2^17 and its carry at most 1.
URNE_IFMA inline Fe Carry(Fe a) {
  const __m512i mask = Splat(kMask51);
#pragma GCC unroll 10
  for (int k = 0; k < 4; ++k) {
    a.l[k + 1] = _mm512_add_epi64(a.l[k + 1], Shr(a.l[k], 51));
    a.l[k] = _mm512_and_si512(a.l[k], mask);
  }
  const __m512i top = Shr(a.l[4], 51);
  a.l[4] = _mm512_and_si512(a.l[4], mask);
  a.l[0] = _mm512_add_epi64(a.l[0], Times19(top));
  a.l[1] = _mm512_add_epi64(a.l[1], Shr(a.l[0], 51));
  a.l[0] = _mm512_and_si512(a.l[0], mask);
  return a;
}

URNE_IFMA inline Fe Add(const Fe& a, const Fe& b) {
  Fe r;
#pragma GCC unroll 10
  for (int k = 0; k < 5; ++k) r.l[k] = _mm512_add_epi64(a.l[k], b.l[k]);
  return Carry(r);
}

// a − b + 2p: 2p's limbs (2^52 − 38, then 2^52 − 2) exceed every carried limb of b.
URNE_IFMA inline Fe Sub(const Fe& a, const Fe& b) {
  Fe r;
#pragma GCC unroll 10
  for (int k = 0; k < 5; ++k) {
    const __m512i two_p = Splat(k == 0 ? (uint64_t{1} << 52) - 38 : (uint64_t{1} << 52) - 2);
    r.l[k] = _mm512_sub_epi64(_mm512_add_epi64(a.l[k], two_p), b.l[k]);
  }
  return Carry(r);
}

// a·b for carried a and b. Limb product a_i·b_j (weight 2^(51(i+j))) is lo + 2^52·hi; lo goes
// to column i + j (0 to 8), and hi, of weight 2·2^(51(i+j+1)), to column i + j + 1 (1 to 9)
// twice. Each column
// gets at most five lo (< 2^52) and five doubled hi (each < 2^50: a product is below 2^102):
// below 2^55. Columns 5 to 9 fold into 0 to 4 times 19 (2^255 ≡ 19): below 2^60, then Carry.
URNE_IFMA inline Fe Mul(const Fe& a, const Fe& b) {
  __m512i lo[10];
  __m512i hi[10];
#pragma GCC unroll 10
  for (int k = 0; k < 10; ++k) lo[k] = hi[k] = _mm512_setzero_si512();
#pragma GCC unroll 10
  for (int i = 0; i < 5; ++i) {
#pragma GCC unroll 10
    for (int j = 0; j < 5; ++j) {
      lo[i + j] = _mm512_madd52lo_epu64(lo[i + j], a.l[i], b.l[j]);
      hi[i + j + 1] = _mm512_madd52hi_epu64(hi[i + j + 1], a.l[i], b.l[j]);
    }
  }
  __m512i col[10];
#pragma GCC unroll 10
  for (int k = 0; k < 10; ++k) col[k] = _mm512_add_epi64(lo[k], Shl(hi[k], 1));
  Fe r;
#pragma GCC unroll 10
  for (int k = 0; k < 5; ++k) r.l[k] = _mm512_add_epi64(col[k], Times19(col[k + 5]));
  return Carry(r);
}

// a² for carried a, as Mul but with each product a_i·a_j (i < j) computed once and its
// column doubled (a doubled limb could reach 2^52, too wide for the instructions).
URNE_IFMA inline Fe Sqr(const Fe& a) {
  __m512i lo[10];
  __m512i hi[10];
  __m512i cross_lo[10];
  __m512i cross_hi[10];
#pragma GCC unroll 10
  for (int k = 0; k < 10; ++k) lo[k] = hi[k] = cross_lo[k] = cross_hi[k] = _mm512_setzero_si512();
#pragma GCC unroll 10
  for (int i = 0; i < 5; ++i) {
    const size_t square = size_t{2} * static_cast<size_t>(i);  // a_i² is in column 2i
    lo[square] = _mm512_madd52lo_epu64(lo[square], a.l[i], a.l[i]);
    hi[square + 1] = _mm512_madd52hi_epu64(hi[square + 1], a.l[i], a.l[i]);
#pragma GCC unroll 10
    for (int j = i + 1; j < 5; ++j) {
      cross_lo[i + j] = _mm512_madd52lo_epu64(cross_lo[i + j], a.l[i], a.l[j]);
      cross_hi[i + j + 1] = _mm512_madd52hi_epu64(cross_hi[i + j + 1], a.l[i], a.l[j]);
    }
  }
  __m512i col[10];
#pragma GCC unroll 10
  for (int k = 0; k < 10; ++k) {
    const __m512i cross = _mm512_add_epi64(cross_lo[k], Shl(cross_hi[k], 1));
    col[k] = _mm512_add_epi64(_mm512_add_epi64(lo[k], Shl(hi[k], 1)), Shl(cross, 1));
  }
  Fe r;
#pragma GCC unroll 10
  for (int k = 0; k < 5; ++k) r.l[k] = _mm512_add_epi64(col[k], Times19(col[k + 5]));
  return Carry(r);
}

URNE_IFMA inline Fe SqrTimes(Fe a, int n) {
#pragma GCC unroll 10
  for (int i = 0; i < n; ++i) a = Sqr(a);
  return a;
}

// The canonical representative (below p) of a carried value, which is below 2p: add 19 and
// see whether bit 255 is set (value ≥ p), then add 19 times that and drop bit 255.
URNE_IFMA inline Fe Freeze(Fe a) {
  const __m512i mask = Splat(kMask51);
  __m512i q = Shr(_mm512_add_epi64(a.l[0], Splat(19)), 51);
#pragma GCC unroll 10
  for (int k = 1; k < 5; ++k) q = Shr(_mm512_add_epi64(a.l[k], q), 51);
  a.l[0] = _mm512_add_epi64(a.l[0], Times19(q));
#pragma GCC unroll 10
  for (int k = 0; k < 4; ++k) {
    a.l[k + 1] = _mm512_add_epi64(a.l[k + 1], Shr(a.l[k], 51));
    a.l[k] = _mm512_and_si512(a.l[k], mask);
  }
  a.l[4] = _mm512_and_si512(a.l[4], mask);
  return a;
}

// Lanes whose value is 0 mod p, and lanes whose canonical value is odd.
URNE_IFMA inline __mmask8 IsZero(const Fe& a) {
  const Fe f = Freeze(a);
  __m512i any = f.l[0];
#pragma GCC unroll 10
  for (int k = 1; k < 5; ++k) any = _mm512_or_si512(any, f.l[k]);
  return _mm512_cmpeq_epi64_mask(any, _mm512_setzero_si512());
}
URNE_IFMA inline __mmask8 IsOdd(const Fe& a) {
  return _mm512_test_epi64_mask(Freeze(a).l[0], Splat(1));
}
URNE_IFMA inline __mmask8 Equal(const Fe& a, const Fe& b) { return IsZero(Sub(a, b)); }

URNE_IFMA inline Fe Select(__mmask8 take_b, const Fe& a, const Fe& b) {
  Fe r;
#pragma GCC unroll 10
  for (int k = 0; k < 5; ++k) r.l[k] = _mm512_mask_blend_epi64(take_b, a.l[k], b.l[k]);
  return r;
}

// z^(2^252 − 3) = z^((p − 5)/8), by the usual chain of 250 squarings and 11 products.
URNE_IFMA Fe Pow22523(const Fe& z) {
  const Fe z2 = Sqr(z);
  const Fe z9 = Mul(z, SqrTimes(z2, 2));
  const Fe z11 = Mul(z2, z9);
  const Fe z5_0 = Mul(z9, Sqr(z11));                 // z^(2^5 − 1)
  const Fe z10_0 = Mul(SqrTimes(z5_0, 5), z5_0);     // z^(2^10 − 1)
  const Fe z20_0 = Mul(SqrTimes(z10_0, 10), z10_0);  // z^(2^20 − 1)
  const Fe z40_0 = Mul(SqrTimes(z20_0, 20), z20_0);
  const Fe z50_0 = Mul(SqrTimes(z40_0, 10), z10_0);
  const Fe z100_0 = Mul(SqrTimes(z50_0, 50), z50_0);
  const Fe z200_0 = Mul(SqrTimes(z100_0, 100), z100_0);
  const Fe z250_0 = Mul(SqrTimes(z200_0, 50), z50_0);
  return Mul(SqrTimes(z250_0, 2), z);
}

// √−1 = 2^((p − 1)/4) and F (the odd square root of −121666), in limbs.
constexpr uint64_t kSqrtM1[5] = {0x61b274a0ea0b0, 0xd5a5fc8f189d, 0x7ef5e9cbd0c60, 0x78595a6804c9e,
                                 0x2b8324804fc1d};
constexpr uint64_t kFactor[5] = {0x702557fa2bf03, 0x514b7d1a82cc6, 0x7f89efd8b43a7, 0x1aef49ec23700,
                                 0x79376fa30500};
constexpr uint64_t kOne[5] = {1, 0, 0, 0, 0};
constexpr uint64_t k486660[5] = {486660, 0, 0, 0, 0};  // −4·121665·(−1)

// 1/√v where v is a nonzero square, in `ok`'s lanes: r = v³·(v⁷)^((p−5)/8) has v·r² = ±1;
// on −1, r·√−1 is the root. Lanes where v is 0 or not a square are cleared from ok.
URNE_IFMA Fe InverseSqrt(const Fe& v, __mmask8* ok) {
  const Fe v3 = Mul(Sqr(v), v);
  const Fe v7 = Mul(Sqr(v3), v);
  Fe r = Mul(v3, Pow22523(v7));
  const Fe check = Mul(v, Sqr(r));
  const Fe one = Constant(kOne);
  const __mmask8 plus = Equal(check, one);
  const __mmask8 minus = IsZero(Add(check, one));
  r = Select(minus, r, Mul(r, Constant(kSqrtM1)));
  *ok &= plus | minus;
  return r;
}

// Eight encodings (lanes), already known canonical, even and below 2^255: libdecaf's
// decoding (specs/crypto.md §2.1), with s² negated since libdecaf's curve is the twist by √−1.
URNE_IFMA __mmask8 DecodeLanes(const Fe& s, Fe& x, Fe& y, Fe& t) {
  __mmask8 ok = 0xff;
  const Fe one = Constant(kOne);
  const Fe ss = Sqr(s);
  const Fe den = Add(one, ss);                               // 1 + s²
  const Fe ynum = Sub(one, ss);                              // 1 − s²
  const Fe num = Add(Sqr(den), Mul(ss, Constant(k486660)));  // den² + 4·121665·s²
  const Fe isr = InverseSqrt(Mul(num, Sqr(den)), &ok);
  const Fe isr_den = Mul(isr, den);
  y = Mul(isr_den, ynum);
  const Fe two_s_isr_den = Add(Mul(isr_den, s), Mul(isr_den, s));
  x = Mul(Mul(two_s_isr_den, isr), num);
  const Fe factor = Constant(kFactor);
  const __mmask8 negate = IsOdd(Mul(two_s_isr_den, factor));
  x = Select(negate, x,
             Sub(Fe{{_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(),
                     _mm512_setzero_si512(), _mm512_setzero_si512()}},
                 x));
  ok &= static_cast<__mmask8>(~IsZero(y));
  ok &= static_cast<__mmask8>(~IsOdd(Mul(Mul(x, y), factor)));
  x = Mul(x, Constant(kSqrtM1));
  t = Mul(x, y);
  return ok;
}

// Little-endian bytes → value (bit 255 ignored) and whether it is canonical: below p, even,
// bit 255 clear (libdecaf's gf_deserialize and its low-bit rule).
bool Load(const uint8_t* b, uint64_t limbs[5]) {
  uint64_t w[4];
  std::memcpy(w, b, 32);
  limbs[0] = w[0] & kMask51;
  limbs[1] = ((w[0] >> 51) | (w[1] << 13)) & kMask51;
  limbs[2] = ((w[1] >> 38) | (w[2] << 26)) & kMask51;
  limbs[3] = ((w[2] >> 25) | (w[3] << 39)) & kMask51;
  limbs[4] = (w[3] >> 12) & kMask51;
  const bool high_bit = (w[3] >> 63) != 0;
  const bool at_least_p = limbs[1] == kMask51 && limbs[2] == kMask51 && limbs[3] == kMask51 &&
                          limbs[4] == kMask51 && limbs[0] >= kMask51 - 18;
  return !high_bit && !at_least_p && (w[0] & 1) == 0;
}

URNE_IFMA void Store(const Fe& a, uint64_t (&lanes)[5][kLanes]) {
  const Fe f = Freeze(a);
#pragma GCC unroll 10
  for (int k = 0; k < 5; ++k) _mm512_storeu_si512(lanes[k], f.l[k]);
}

URNE_IFMA void DecodeIfma(std::span<const uint8_t* const> in, decaf_255_point_s* out, uint8_t* ok) {
  for (size_t base = 0; base < in.size(); base += kLanes) {
    const size_t n = std::min<size_t>(kLanes, in.size() - base);
    alignas(64) uint64_t s_limbs[5][kLanes] = {};
    __mmask8 canonical = 0;
    for (size_t j = 0; j < n; ++j) {
      uint64_t limbs[5];
      if (Load(in[base + j], limbs)) canonical |= static_cast<__mmask8>(1u << j);
#pragma GCC unroll 10
      for (int k = 0; k < 5; ++k) s_limbs[k][j] = limbs[k];
    }
    Fe s;
#pragma GCC unroll 10
    for (int k = 0; k < 5; ++k) s.l[k] = _mm512_load_si512(s_limbs[k]);
    Fe x;
    Fe y;
    Fe t;
    const __mmask8 decoded = DecodeLanes(s, x, y, t) & canonical;
    alignas(64) uint64_t xs[5][kLanes];
    alignas(64) uint64_t ys[5][kLanes];
    alignas(64) uint64_t ts[5][kLanes];
    Store(x, xs);
    Store(y, ys);
    Store(t, ts);
    for (size_t j = 0; j < n; ++j) {
      decaf_255_point_s& p = out[base + j];
      std::memset(&p, 0, sizeof p);
#pragma GCC unroll 10
      for (int k = 0; k < 5; ++k) {
        p.x->limb[k] = xs[k][j];
        p.y->limb[k] = ys[k][j];
        p.t->limb[k] = ts[k][j];
      }
      p.z->limb[0] = 1;
      ok[base + j] = (decoded >> j) & 1;
    }
  }
}

// B, 2B, …, 9B (the generator's multiples) and a non-square encoding: decoded here and by
// libdecaf, the same decisions, the same elements, points libdecaf calls valid, and the
// sum of the decoded points equal to libdecaf's 45B.
bool AgreesWithLibdecaf() {
  constexpr int kPoints = 9;
  std::array<std::array<uint8_t, 32>, kPoints + 1> encodings{};
  decaf_255_point_t multiple;
  decaf_255_point_copy(multiple, decaf_255_point_base);
  for (int i = 0; i < kPoints; ++i) {
    decaf_255_point_encode(encodings[i].data(), multiple);
    decaf_255_point_add(multiple, multiple, decaf_255_point_base);
  }
  encodings[kPoints] = {0x26, 0x94, 0x8d, 0x35, 0xca, 0x62, 0xe6, 0x43, 0xe2, 0x6a, 0x83,
                        0x17, 0x73, 0x32, 0xe6, 0xb6, 0xaf, 0xeb, 0x9d, 0x08, 0xe4, 0x26,
                        0x8b, 0x65, 0x0f, 0x1f, 0x5b, 0xbd, 0x8d, 0x81, 0xd3, 0x71};
  std::array<const uint8_t*, kPoints + 1> in{};
  for (size_t i = 0; i < in.size(); ++i) in[i] = encodings[i].data();
  std::array<decaf_255_point_s, kPoints + 1> out{};
  std::array<uint8_t, kPoints + 1> ok{};
  DecodeIfma(in, out.data(), ok.data());
  decaf_255_point_t sum;
  decaf_255_point_t expected;
  decaf_255_point_t libdecafs;
  decaf_255_point_copy(sum, decaf_255_point_identity);
  decaf_255_point_copy(expected, decaf_255_point_identity);
  for (int i = 0; i < kPoints; ++i) {
    if (ok[i] != 1 || decaf_255_point_valid(&out[i]) == 0 ||
        decaf_255_point_decode(libdecafs, in[i], DECAF_TRUE) != DECAF_SUCCESS ||
        decaf_255_point_eq(&out[i], libdecafs) == 0) {
      return false;
    }
    decaf_255_point_add(sum, sum, &out[i]);
    decaf_255_point_add(expected, expected, libdecafs);
  }
  return ok[kPoints] == 0 && decaf_255_point_eq(sum, expected) != 0;
}

#undef URNE_IFMA

}  // namespace

void Decode(std::span<const uint8_t* const> encodings, decaf_255_point_s* out, uint8_t* ok) {
  if (!Available()) std::abort();  // a caller's bug: libdecaf's decoding is the one to use
  DecodeIfma(encodings, out, ok);
}

#else

bool Available() { return false; }

void Decode(std::span<const uint8_t* const>, decaf_255_point_s*, uint8_t*) { std::abort(); }

#endif

}  // namespace urne::ristretto_batch

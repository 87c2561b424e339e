#include "crypto/amm52.h"

#include <sodium.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <cstdlib>

namespace urne::amm52 {
namespace {

constexpr uint64_t kMask = (uint64_t{1} << kDigitBits) - 1;

}  // namespace

void FromLimbs(Digits& d, const uint64_t* x) {
  // Digit k is bits [52k, 52k + 52): from limb 52k / 64, and from the next one when the
  // digit straddles two limbs. The positions are constants; the values are only shifted.
  for (size_t k = 0; k < kDigits; ++k) {
    const size_t bit = k * kDigitBits;
    const size_t limb = bit / 64;
    const size_t shift = bit % 64;
    uint64_t v = limb < kLimbs ? x[limb] >> shift : 0;
    if (shift + kDigitBits > 64 && limb + 1 < kLimbs) v |= x[limb + 1] << (64 - shift);
    d[k] = v & kMask;
  }
}

void ToLimbs(uint64_t* x, const Digits& d) {
  unsigned __int128 buffer = 0;
  size_t bits = 0;
  size_t limb = 0;
  for (size_t k = 0; k < kDigits; ++k) {
    buffer |= static_cast<unsigned __int128>(d[k]) << bits;
    bits += kDigitBits;
    if (bits >= 64) {
      x[limb++] = static_cast<uint64_t>(buffer);
      buffer >>= 64;
      bits -= 64;
    }
  }
  // 80 × 52 = 4160 = 65 × 64: the last digit fills limb 64 exactly.
  static_assert(kDigits * kDigitBits == (kLimbs + 1) * 64);
  sodium_memzero(&buffer, sizeof(buffer));
}

#if defined(__x86_64__)

bool Available() {
  // The CPU's features are public. URNE_EG4096_NO_IFMA turns the path off, so that tests
  // and benchmarks can run the GMP path on the same machine.
  static const bool available = __builtin_cpu_supports("avx512f") &&
                                __builtin_cpu_supports("avx512ifma") &&
                                std::getenv("URNE_EG4096_NO_IFMA") == nullptr;
  return available;
}

namespace {

constexpr size_t kVectors = kDigits / 8;

// One step per digit b_i of b (word-serial Montgomery multiplication, with the digits of a
// and m in ten vectors of eight lanes): t += a·b_i; q = t_0·k0 mod 2^52; t += q·m, which
// clears the low 52 bits of lane 0; shift t down one lane, carrying lane 0's high bits into
// the new lane 0. The low halves of the products are added before the shift and the high
// halves after it, since the high half of digit j's product belongs to digit j + 1.
[[gnu::target("avx512f,avx512ifma")]] void MulIfma(Digits& r, const Digits& a, const Digits& b,
                                                   const Digits& m, uint64_t k0) {
  __m512i av[kVectors];
  __m512i mv[kVectors];
  __m512i t[kVectors];
#pragma GCC unroll 10
  for (size_t j = 0; j < kVectors; ++j) {
    av[j] = _mm512_loadu_si512(a.data() + 8 * j);
    mv[j] = _mm512_loadu_si512(m.data() + 8 * j);
    t[j] = _mm512_setzero_si512();
  }
  const uint64_t m0 = m[0];
  for (size_t i = 0; i < kDigits; ++i) {
    const __m512i bi = _mm512_set1_epi64(static_cast<int64_t>(b[i]));
#pragma GCC unroll 10
    for (size_t j = 0; j < kVectors; ++j) t[j] = _mm512_madd52lo_epu64(t[j], av[j], bi);
    // (GCC 12's _mm512_castsi512_si128 and _mm512_alignr_epi64 read an "undefined" vector
    // that -Werror=uninitialized rejects; the masked forms with every lane selected do not.)
    const auto t0 = static_cast<uint64_t>(
        _mm_cvtsi128_si64(_mm512_mask_extracti32x4_epi32(_mm_setzero_si128(), 0xFF, t[0], 0)));
    const uint64_t q = (t0 * k0) & kMask;
    const __m512i qv = _mm512_set1_epi64(static_cast<int64_t>(q));
#pragma GCC unroll 10
    for (size_t j = 0; j < kVectors; ++j) t[j] = _mm512_madd52lo_epu64(t[j], mv[j], qv);
    // Lane 0 is now t0 + (q·m0 mod 2^52), a multiple of 2^52 (t0 < 2^61: no overflow).
    const uint64_t carry = (t0 + ((q * m0) & kMask)) >> kDigitBits;
#pragma GCC unroll 10
    for (size_t j = 0; j + 1 < kVectors; ++j) {
      t[j] = _mm512_mask_alignr_epi64(t[j], 0xFF, t[j + 1], t[j], 1);
    }
    t[kVectors - 1] =
        _mm512_mask_alignr_epi64(t[kVectors - 1], 0xFF, _mm512_setzero_si512(), t[kVectors - 1], 1);
    t[0] = _mm512_add_epi64(t[0], _mm512_maskz_set1_epi64(1, static_cast<int64_t>(carry)));
#pragma GCC unroll 10
    for (size_t j = 0; j < kVectors; ++j) {
      t[j] = _mm512_madd52hi_epu64(t[j], av[j], bi);
      t[j] = _mm512_madd52hi_epu64(t[j], mv[j], qv);
    }
  }
  uint64_t lanes[kDigits];
#pragma GCC unroll 10
  for (size_t j = 0; j < kVectors; ++j) _mm512_storeu_si512(lanes + 8 * j, t[j]);
  // Normalize: every lane below 2^61, so the carries stay below 2^13; the result is below
  // 2m < 2^4160, so nothing carries out of the last digit.
  uint64_t carry = 0;
  for (size_t k = 0; k < kDigits; ++k) {
    const uint64_t v = lanes[k] + carry;
    r[k] = v & kMask;
    carry = v >> kDigitBits;
  }
  sodium_memzero(lanes, sizeof(lanes));
  sodium_memzero(t, sizeof(t));
}

}  // namespace

void Mul(Digits& r, const Digits& a, const Digits& b, const Digits& m, uint64_t k0) {
  if (!Available()) std::abort();  // a caller's bug: the GMP path is the one to use
  MulIfma(r, a, b, m, k0);
}

#else

bool Available() { return false; }

void Mul(Digits&, const Digits&, const Digits&, const Digits&, uint64_t) { std::abort(); }

#endif

}  // namespace urne::amm52

#include "crypto/mpn_sec.h"

#include <sodium.h>

#include <cstdint>
#include <cstring>

#include "crypto/ct.h"

namespace urne::mpn_sec {
namespace {

constexpr mp_size_t kLeaf = 16;  // below this, mpn_sec_mul's schoolbook is faster
constexpr mp_size_t kScratch = 16;

// r[0, 2n) = a[0, n) · b[0, n) for n = kLeaf·2^k: Karatsuba down to kLeaf limbs. With
// a = a1·B + a0, b = b1·B + b0 (B = 2^(64·n/2)) and sa = a0 + a1 = sa' + ca·B, likewise sb:
//   a·b = a1b1·B² + (sa·sb − a0b0 − a1b1)·B + a0b0,
//   sa·sb = sa'·sb' + (ca·sb' + cb·sa')·B + ca·cb·B²,
// where the carries ca, cb are applied with mpn_cnd_add_n, so the instruction sequence and
// the memory accesses depend on n only.
template <mp_size_t n>
void Karatsuba(mp_limb_t* r, const mp_limb_t* a, const mp_limb_t* b) {
  if constexpr (n <= kLeaf) {
    mp_limb_t scratch[kScratch];
    mpn_sec_mul(r, a, n, b, n, scratch);
    return;
  } else {
    constexpr mp_size_t h = n / 2;
    mp_limb_t sa[h];
    mp_limb_t sb[h];
    mp_limb_t middle[2 * n - h];  // n + 1 significant limbs, zero up to r's top
    std::memset(middle + n + 1, 0, (n - h - 1) * sizeof(mp_limb_t));
    const mp_limb_t ca = mpn_add_n(sa, a, a + h, h);
    const mp_limb_t cb = mpn_add_n(sb, b, b + h, h);
    Karatsuba<h>(r, a, b);              // a0b0 → r[0, n)
    Karatsuba<h>(r + n, a + h, b + h);  // a1b1 → r[n, 2n)
    Karatsuba<h>(middle, sa, sb);
    middle[n] = ca & cb;
    middle[n] += mpn_cnd_add_n(ca, middle + h, middle + h, sb, h);
    middle[n] += mpn_cnd_add_n(cb, middle + h, middle + h, sa, h);
    // middle − a0b0 − a1b1 = a0b1 + a1b0 < 2·B², so it fits in n + 1 limbs and stays ≥ 0.
    middle[n] -= mpn_sub_n(middle, middle, r, n);
    middle[n] -= mpn_sub_n(middle, middle, r + n, n);
    // The product is < B^4, so adding the middle term at B cannot carry out of r.
    mpn_add_n(r + h, r + h, middle, 2 * n - h);
    sodium_memzero(sa, sizeof(sa));
    sodium_memzero(sb, sizeof(sb));
    sodium_memzero(middle, sizeof(middle));
  }
}

}  // namespace

bool ScratchIsEnough() { return mpn_sec_mul_itch(kLeaf, kLeaf) <= kScratch; }

void Mul64(mp_limb_t* r, const mp_limb_t* a, const mp_limb_t* b) { Karatsuba<kN>(r, a, b); }

namespace {

// Entry `which` of the table into r, reading every entry: the output is built in strips of
// kChunk limbs held in vector registers across all entries, so the table is read in
// kChunk-limb strips, from limb `start` on while a whole strip fits; returns where it
// stopped, for a narrower strip or SelectTail to go on. V is 2 or 4 limbs wide (GCC/Clang
// vector extensions: SSE2 on the x86-64 baseline, AVX2 in a function compiled for it).
using V2 = uint64_t __attribute__((vector_size(16)));
using V4 = uint64_t __attribute__((vector_size(32)));

template <typename V, size_t kChunk>
[[gnu::always_inline]] inline size_t SelectStrips(mp_limb_t* r, const mp_limb_t* table, size_t n,
                                                  size_t count, size_t which, size_t start) {
  constexpr size_t kLanes = sizeof(V) / sizeof(uint64_t);
  constexpr size_t kVectors = kChunk / kLanes;
  for (; start + kChunk <= n; start += kChunk) {
    V acc[kVectors] = {};
    for (size_t e = 0; e < count; ++e) {
      const uint64_t mask = ct::Barrier(ct::Mask(ct::Eq(e, which)));
      V m;
      for (size_t lane = 0; lane < kLanes; ++lane) m[lane] = mask;
      const mp_limb_t* strip = table + e * n + start;
      for (size_t k = 0; k < kVectors; ++k) {
        V x;
        std::memcpy(&x, strip + kLanes * k, sizeof(V));
        acc[k] |= x & m;
      }
    }
    std::memcpy(r + start, acc, sizeof(acc));
  }
  return start;
}

// Limbs [start, n) one at a time.
void SelectTail(mp_limb_t* r, const mp_limb_t* table, size_t n, size_t count, size_t which,
                size_t start) {
  for (size_t k = start; k < n; ++k) {
    mp_limb_t limb = 0;
    for (size_t e = 0; e < count; ++e) {
      limb |= table[e * n + k] & ct::Barrier(ct::Mask(ct::Eq(e, which)));
    }
    r[k] = limb;
  }
}

}  // namespace

void TabSelectBaseline(mp_limb_t* r, const mp_limb_t* table, size_t n, size_t count, size_t which) {
  size_t done = SelectStrips<V2, 32>(r, table, n, count, which, 0);
  done = SelectStrips<V2, 8>(r, table, n, count, which, done);
  SelectTail(r, table, n, count, which, done);
}

#if defined(__x86_64__)
bool HasAvx2() { return __builtin_cpu_supports("avx2"); }

[[gnu::target("avx2")]] void TabSelectAvx2(mp_limb_t* r, const mp_limb_t* table, size_t n,
                                           size_t count, size_t which) {
  size_t done = SelectStrips<V4, 64>(r, table, n, count, which, 0);
  done = SelectStrips<V4, 32>(r, table, n, count, which, done);
  done = SelectStrips<V4, 8>(r, table, n, count, which, done);
  SelectTail(r, table, n, count, which, done);
}
#else
bool HasAvx2() { return false; }

void TabSelectAvx2(mp_limb_t* r, const mp_limb_t* table, size_t n, size_t count, size_t which) {
  TabSelectBaseline(r, table, n, count, which);
}
#endif

void TabSelect(mp_limb_t* r, const mp_limb_t* table, size_t n, size_t count, size_t which) {
  // The CPU's features are public; choosing the kernel by them leaks nothing.
  static const bool avx2 = HasAvx2();
  (avx2 ? TabSelectAvx2 : TabSelectBaseline)(r, table, n, count, which);
}

}  // namespace urne::mpn_sec

// Constant-time building blocks for the eg4096 group (crypto/eg4096.cc), made only of GMP's
// side-channel-silent functions (mpn_sec_mul, mpn_add_n, mpn_sub_n, mpn_cnd_add_n)
// and masked word copies. Nothing here multiplies limbs by hand.
#ifndef URNE_CRYPTO_MPN_SEC_H_
#define URNE_CRYPTO_MPN_SEC_H_

#include <gmp.h>

#include <cstddef>

namespace urne::mpn_sec {

// Limbs of an eg4096 element (4096 bits).
constexpr mp_size_t kN = 64;

// r[0, 128) = a[0, 64) · b[0, 64): two levels of Karatsuba over nine 16-limb mpn_sec_mul
// products. Its instruction sequence and memory accesses do not depend on a or b (the carries
// of the half sums are applied with mpn_cnd_add_n). 1.35 µs against 2.1 µs for
// mpn_sec_mul(64 × 64), which is schoolbook. r may not overlap a or b.
void Mul64(mp_limb_t* r, const mp_limb_t* a, const mp_limb_t* b);
// Whether Mul64's fixed scratch space covers what this GMP asks for (checked once by the
// eg4096 group at startup).
bool ScratchIsEnough();

// r[0, n) = table entry `which` of `count` entries of n limbs each, reading every entry in
// full (like mpn_sec_tabselect), with vector-width masked ORs in register-held strips: 0.7 µs
// against GMP's 1.9 µs for a 32 KB window of eg4096's fixed-base tables outside the cache.
void TabSelect(mp_limb_t* r, const mp_limb_t* table, size_t n, size_t count, size_t which);

// The two kernels TabSelect chooses between by the CPU's features, exposed so that tests run
// both: the x86-64 baseline (SSE2) and AVX2 (the baseline on CPUs or builds without it).
void TabSelectBaseline(mp_limb_t* r, const mp_limb_t* table, size_t n, size_t count, size_t which);
void TabSelectAvx2(mp_limb_t* r, const mp_limb_t* table, size_t n, size_t count, size_t which);
bool HasAvx2();

}  // namespace urne::mpn_sec

#endif  // URNE_CRYPTO_MPN_SEC_H_

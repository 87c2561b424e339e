// Constant-time comparisons of 64-bit integers that may be secret (a vote's index among the
// branches of a range proof). Each returns 0 or 1 computed with arithmetic only, so the
// compiler has no comparison result to branch on.
#ifndef URNE_CRYPTO_CT_H_
#define URNE_CRYPTO_CT_H_

#include <cstdint>

namespace urne::ct {

// 1 if x ≠ 0, else 0.
inline uint32_t NonZero(uint64_t x) { return static_cast<uint32_t>((x | (0 - x)) >> 63); }

// 1 if a == b, else 0.
inline uint32_t Eq(uint64_t a, uint64_t b) { return NonZero(a ^ b) ^ 1; }

// 1 if a < b, else 0: the borrow out of a − b (Hacker's Delight §2-12).
inline uint32_t Lt(uint64_t a, uint64_t b) {
  return static_cast<uint32_t>(((~a & b) | ((~(a ^ b)) & (a - b))) >> 63);
}

// All ones if bit = 1, zero if bit = 0.
inline uint64_t Mask(uint32_t bit) { return 0 - static_cast<uint64_t>(bit & 1); }

// x, hidden from the optimizer (an empty asm that may change it), so that a mask derived
// from a secret is not turned back into a comparison and a branch.
inline uint64_t Barrier(uint64_t x) {
  __asm__("" : "+r"(x));
  return x;
}

}  // namespace urne::ct

#endif  // URNE_CRYPTO_CT_H_

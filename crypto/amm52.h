// Montgomery multiplication of 4096-bit numbers in radix 2^52 with AVX-512 IFMA (the
// vpmadd52luq/vpmadd52huq instructions, which multiply 52-bit digits and add the low or high
// 52 bits of each 104-bit product to 64-bit lanes). The eg4096 group uses it on CPUs that
// have the instructions, instead of GMP: about 1.1 µs per product against 3.5 µs for GMP's
// Karatsuba and the digit-wise reduction (crypto/eg4096.cc).
//
// Constant time: the instruction sequence and the memory accesses depend on nothing but the
// sizes, which are fixed; there is no branch and no table index on the operands' values.
#ifndef URNE_CRYPTO_AMM52_H_
#define URNE_CRYPTO_AMM52_H_

#include <array>
#include <cstddef>
#include <cstdint>

namespace urne::amm52 {

constexpr int kDigitBits = 52;
// 80 digits: 4160 bits, room for a 4096-bit number and the 2m bound below; ten 8-lane vectors.
constexpr size_t kDigits = 80;
constexpr size_t kLimbs = 64;  // 64-bit limbs of a 4096-bit number
// A number in radix 2^52, least significant digit first, each digit < 2^52.
using Digits = std::array<uint64_t, kDigits>;

// Whether this CPU has AVX-512F and AVX-512 IFMA (public: the choice leaks nothing).
bool Available();

// The 4096-bit number x[0, 64) (64-bit limbs, least significant first) in digits.
void FromLimbs(Digits& d, const uint64_t* x);
// The number d (< 2^4160) in 65 limbs: x[0, 64) and its bits 4096 and up in x[64].
void ToLimbs(uint64_t* x, const Digits& d);

// r = a·b·2^(−4160) mod m, as a number below 2m (not necessarily below m), for an odd m with
// 4m < 2^4160, a and b below 2m, and k0 = −m^(−1) mod 2^52. Requires Available(). r may alias
// a or b.
//
// Why the result is below 2m: it is (a·b + Q·m) / 2^4160 for some Q < 2^4160, and
// a·b < 4m² ≤ m·2^4160. Why no lane overflows: each digit position receives at most four
// 52-bit halves of products per step and 80 steps in all, below 2^61.
void Mul(Digits& r, const Digits& a, const Digits& b, const Digits& m, uint64_t k0);

}  // namespace urne::amm52

#endif  // URNE_CRYPTO_AMM52_H_

// ristretto255 decoding eight encodings at a time with AVX-512 IFMA, for verification.
//
// A ballot holds 100 ristretto255 encodings (R5), and decoding them with libdecaf takes
// about 3.9 µs each, most of it the inverse square root (about 265 field multiplications in
// a chain). Here the field arithmetic runs in the eight 64-bit lanes of a 512-bit vector, one
// encoding per lane, in radix 2^51 (five limbs), with the vpmadd52luq/vpmadd52huq
// instructions that multiply 52-bit digits.
//
// The result is exactly libdecaf's decaf_255_point_decode(p, s, DECAF_TRUE): the same
// decision on every input and the same group element, written in libdecaf's own point
// representation (extended coordinates on its internal curve, five 51-bit limbs per
// coordinate), so that every libdecaf operation takes the points as they are. The formulas are
// specs/crypto.md §2.1's: libdecaf's decoding, whose internal curve is
// −x² + y² = 1 − 121665·x²·y² (with x stored times √−1), not RFC 9496's edwards25519; the
// sign choices use F, the odd square root of −121666. tests/crypto/ristretto_batch_test.cc
// compares both, input by input, on valid points, random bytes and RFC 9496's bad encodings.
//
// Variable time: for public data only (the verifier and the board), never for secrets.
#ifndef URNE_CRYPTO_RISTRETTO_BATCH_H_
#define URNE_CRYPTO_RISTRETTO_BATCH_H_

#include <decaf/point_255.h>

#include <cstddef>
#include <cstdint>
#include <span>

namespace urne::ristretto_batch {

// Whether this CPU has AVX-512F and AVX-512 IFMA, and URNE_RISTRETTO_NO_IFMA is not set (so
// that tests and benchmarks can compare with libdecaf on the same machine).
bool Available();

// For each i: ok[i] = 1 iff encodings[i] (32 bytes) is the canonical encoding of a ristretto255
// element (the identity included), and then out[i] is that element; otherwise ok[i] = 0 and
// out[i] is unspecified. Requires Available(); `out` and `ok` have encodings.size() entries.
void Decode(std::span<const uint8_t* const> encodings, decaf_255_point_s* out, uint8_t* ok);

}  // namespace urne::ristretto_batch

#endif  // URNE_CRYPTO_RISTRETTO_BATCH_H_

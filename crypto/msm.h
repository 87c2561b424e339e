// Multi-scalar multiplication on ristretto255 points with the bucket method (Pippenger),
// for batch verification (specs/crypto-proofs.md §2.5). Internal to crypto/: the
// ristretto255 group's VartimeMultiExp calls it for large inputs; tests call it directly.
//
// Σ_k e_k·P_k (written ∏ P_k^{e_k} in the rest of urne) is computed window by window: each
// scalar is cut into signed base-2^c digits d (|d| ≤ 2^(c−1)); in a window, every point is
// added to (or subtracted from) the bucket of its digit's magnitude, the buckets are summed
// as Σ_j j·B_j with two running sums, and the windows are combined with c doublings each.
// Cost: about ⌈256/c⌉·(n + 2^c) additions and 256 doublings, against about 60·n for
// Straus' method; c is chosen from n. Built only from libdecaf's public point operations
// (add, sub, double, copy), so the points stay in libdecaf's extended coordinates.
//
// Variable time: public points and scalars only (verification). Pure; thread-safe.
#ifndef URNE_CRYPTO_MSM_H_
#define URNE_CRYPTO_MSM_H_

#include <decaf/point_255.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace urne::msm {

// The window width the bucket method uses for n points (4 … 16).
int BucketWindow(size_t n);

// out = Σ_k ±scalars[k]·points[k], the sign − where negate[k] is non-zero (negate may be
// empty: all +). Each scalar is a value < 2^256 as four little-endian 64-bit limbs (reduced
// or not: the result is the same modulo the group order). Requires points.size() ==
// scalars.size() (== negate.size() unless empty); n = 0 gives the identity. `window` 0
// picks BucketWindow(n); tests pass others to cover every width.
void VartimeBucketMsm(decaf_255_point_t out, std::span<const decaf_255_point_s* const> points,
                      std::span<const std::array<uint64_t, 4>> scalars,
                      std::span<const uint8_t> negate = {}, int window = 0);

// For a scalar s < ℓ (ristretto255's order), writes min(s, ℓ − s) and returns whether it
// took ℓ − s: a weight's negation −z, which is what batch verification puts on proof
// commitments, becomes z again, half as many bits.
bool ShortestSigned(std::array<uint64_t, 4>& s);

}  // namespace urne::msm

#endif  // URNE_CRYPTO_MSM_H_

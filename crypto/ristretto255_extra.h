// ristretto255 operations outside the Group interface (specs/crypto.md §2.1.4).
//
// Ristretto255FromUniformBytes is RFC 9496 §4.3.4's element derivation function (the
// "one-way map"): 64 uniformly random bytes → one group element, with no known discrete
// log relative to the generator. It is what hash_to_ristretto255 (RFC 9380) applies to its
// expanded message, and what urne uses to derive independent bases from a transcript digest.
// It is computed with libdecaf's decaf_255_point_from_hash_uniform, which tests check against
// RFC 9496 Appendix A.3 and against libsodium's crypto_core_ristretto255_from_hash.
// Pure functions; thread-safe.
#ifndef URNE_CRYPTO_RISTRETTO255_EXTRA_H_
#define URNE_CRYPTO_RISTRETTO255_EXTRA_H_

#include <cstdint>
#include <span>

#include "crypto/group.h"

namespace urne {

// The element of Group::Ristretto255() derived from `uniform` (RFC 9496 §4.3.4). Total: every
// 64-byte string maps to an element (possibly the identity, with negligible probability).
Element Ristretto255FromUniformBytes(std::span<const uint8_t, 64> uniform);

}  // namespace urne

#endif  // URNE_CRYPTO_RISTRETTO255_EXTRA_H_

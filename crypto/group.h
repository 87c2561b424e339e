// A prime-order group for ElGamal and Σ-protocols, written multiplicatively (specs/crypto.md §2).
//
// Two implementations, chosen by name: "ristretto255" (libdecaf; RFC 9496 encodings) and
// "eg4096" (GMP; the ElectionGuard 2.0 integer group). Group objects are immutable
// singletons, thread-safe, and live for the whole program.
//
// Element and Scalar are plain values that are valid by construction: the only ways to get
// one are a group's strict decoders and the group's own operations. Every Element remembers
// its group; mixing groups is a programming error (checked by assert in debug builds).
//
// Secret exponents: Exp, ExpG and FixedBase::Exp run in constant time with respect to the
// scalar. Functions named Vartime… leak the scalar through timing and must only see public
// data (verification, tallies).
#ifndef URNE_CRYPTO_GROUP_H_
#define URNE_CRYPTO_GROUP_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "crypto/bytes.h"

namespace urne {

class Group;
class SubgroupBatch;  // crypto/subgroup_batch.h

// An integer modulo the group order q (< 2^256), stored as four little-endian 64-bit limbs
// of its canonical value. Wiped on destruction; never printed. Copyable because challenges
// and responses are public; secrets are held in SecretScalar.
class Scalar {
 public:
  Scalar(const Scalar&) = default;
  Scalar& operator=(const Scalar&) = default;
  ~Scalar();

  // Constant-time comparison.
  bool operator==(const Scalar& other) const;
  bool IsZero() const;
  const Group& group() const { return *group_; }

 private:
  friend class Group;
  explicit Scalar(const Group* group) : group_(group) {}
  const Group* group_;
  std::array<uint64_t, 4> limbs_{};
};

// A secret scalar (private key, nonce, polynomial coefficient, share): move-only, wiped on
// destruction, never printed. `value()` gives the scalar to constant-time operations.
class SecretScalar {
 public:
  explicit SecretScalar(const Scalar& value) : value_(value) {}
  SecretScalar(SecretScalar&&) = default;
  SecretScalar& operator=(SecretScalar&&) = default;
  SecretScalar(const SecretScalar&) = delete;
  SecretScalar& operator=(const SecretScalar&) = delete;
  const Scalar& value() const { return value_; }

 private:
  Scalar value_;
};

// An element of the order-q subgroup. The storage is sized for the largest group.
class Element {
 public:
  Element(const Element&) = default;
  Element& operator=(const Element&) = default;
  const Group& group() const { return *group_; }
  bool operator==(const Element& other) const;

 private:
  friend class Group;
  explicit Element(const Group* group) : group_(group) {}
  const Group* group_;
  alignas(32) std::array<uint64_t, 64> words_{};
  // The canonical encoding when it is known and short (ristretto255): set by the decoder,
  // which has the bytes, and by Group::CacheEncoding. Encoding a ristretto255 point costs an
  // inverse square root, and proofs hash and serialize the same elements several times.
  std::array<uint8_t, 32> encoding_{};
  bool has_encoding_ = false;
};

// Whether a decoder accepts the identity element.
enum class Identity { kAllowed, kForbidden };

// A table of powers of one fixed base, for fast constant-time exponentiation of that base
// (the generator, an election public key). Immutable and thread-safe once built.
class FixedBase {
 public:
  virtual ~FixedBase() = default;
  virtual const Element& base() const = 0;
  // base^e, constant time in e.
  virtual Element Exp(const Scalar& e) const = 0;
};

class Group {
 public:
  virtual ~Group() = default;

  // The group called `name` ("ristretto255" or "eg4096"); NOT_FOUND (reason
  // "group.unknown") otherwise. The eg4096 constants are checked at first use.
  static absl::StatusOr<const Group*> ByName(std::string_view name);
  static const Group& Ristretto255();
  static const Group& Eg4096();

  virtual std::string_view name() const = 0;
  // Encoded sizes: ristretto255 32/32, eg4096 512/32.
  virtual size_t element_bytes() const = 0;
  // A property of the group (32 bytes in both groups today), hence not static.
  // NOLINTNEXTLINE(readability-convert-member-functions-to-static)
  size_t scalar_bytes() const { return 32; }

  // ---- Encodings (specs/crypto.md §2). The decoders are the only way to build values
  // from bytes. Errors are INVALID_ARGUMENT with reasons:
  //   element.wrong_length, element.non_canonical, element.out_of_range (eg4096: ≥ p),
  //   element.not_in_subgroup, element.identity;
  //   scalar.wrong_length, scalar.out_of_range (≥ q), scalar.zero (when forbidden).
  virtual absl::StatusOr<Element> DecodeElement(ByteView bytes, Identity identity) const = 0;
  virtual Bytes Encode(const Element& e) const = 0;
  // Computes e's encoding once and keeps it in e, so later Encode calls are copies. For
  // elements that will be hashed and serialized (proof commitments, ciphertexts).
  virtual void CacheEncoding(Element& e) const { (void)e; }
  absl::StatusOr<Scalar> DecodeScalar(ByteView bytes) const;
  absl::StatusOr<Scalar> DecodeNonZeroScalar(ByteView bytes) const;
  Bytes Encode(const Scalar& s) const;

  // ---- Elements.
  const Element& generator() const { return *generator_; }
  const Element& identity() const { return *identity_; }
  virtual Element Mul(const Element& a, const Element& b) const = 0;
  virtual Element Div(const Element& a, const Element& b) const = 0;
  virtual Element Inverse(const Element& a) const = 0;
  virtual bool Equal(const Element& a, const Element& b) const = 0;

  // g^e and b^e in constant time (secret e).
  virtual Element ExpG(const Scalar& e) const = 0;
  virtual Element Exp(const Element& b, const Scalar& e) const = 0;
  virtual std::unique_ptr<FixedBase> Precompute(const Element& b) const = 0;

  // Public-data-only variants: b^e, g^a·b^e, and ∏ b_i^{e_i}.
  virtual Element VartimeExp(const Element& b, const Scalar& e) const = 0;
  virtual Element VartimeExpGMul(const Scalar& a, const Element& b, const Scalar& e) const = 0;
  virtual Element VartimeMultiExp(std::span<const Element> bases,
                                  std::span<const Scalar> exps) const;
  // g^m for a small public m (variable time).
  Element GPow(uint64_t m) const;

  // ---- Scalars modulo q.
  Scalar ScalarFromU64(uint64_t v) const;
  // lo + 2^64·hi (both groups' orders exceed 2^128, so no reduction is needed).
  Scalar ScalarFromU128(uint64_t lo, uint64_t hi) const;
  // A uniformly random scalar from crypto/random.h's generator.
  Scalar RandomScalar() const;
  // A uniformly random non-zero scalar.
  Scalar RandomNonZeroScalar() const;
  // The 64-byte string `wide` read as an integer (little-endian for ristretto255, big-endian
  // for eg4096) and reduced mod q. Used for Fiat–Shamir challenges.
  virtual Scalar ReduceWide(std::span<const uint8_t, 64> wide) const = 0;
  // Constant-time arithmetic mod q.
  virtual Scalar Add(const Scalar& a, const Scalar& b) const = 0;
  virtual Scalar Sub(const Scalar& a, const Scalar& b) const = 0;
  virtual Scalar Mul(const Scalar& a, const Scalar& b) const = 0;
  Scalar Neg(const Scalar& a) const { return Sub(ScalarFromU64(0), a); }
  // `bit ? b : a` for a secret bit ∈ {0, 1}, in constant time.
  Scalar Select(uint32_t bit, const Scalar& a, const Scalar& b) const;
  // a^{-1}; requires a ≠ 0 (returns 0 for 0).
  virtual Scalar Invert(const Scalar& a) const = 0;

 protected:
  friend class SubgroupBatch;
  Group() = default;
  // For SubgroupBatch (crypto/subgroup_batch.h): DecodeElement without the subgroup test
  // where that test is costly, setting `deferred` when membership is still to be tested by
  // VartimeAllInSubgroup. The default decodes strictly and defers nothing.
  virtual absl::StatusOr<Element> DecodeElementDeferringSubgroup(ByteView bytes, Identity identity,
                                                                 bool& deferred) const {
    deferred = false;
    return DecodeElement(bytes, identity);
  }
  // For SubgroupBatch::DecodeAhead, where decoding many encodings together is faster than one
  // by one (ristretto255 on a CPU with AVX-512 IFMA, crypto/ristretto_batch.h): out[i] is
  // DecodeElement(encodings[i], Identity::kAllowed) when that succeeds and empty when it fails.
  // Returns false, leaving `out` untouched, where the group has no such decoder. Variable time
  // (verification of public data).
  virtual bool VartimeDecodeMany(std::span<const ByteView> encodings,
                                 std::vector<std::optional<Element>>& out) const {
    (void)encodings;
    (void)out;
    return false;
  }
  // True iff all of `elements` (deferred by DecodeElementDeferringSubgroup) are in the
  // order-q subgroup, except with probability ≤ 2^-128 (specs/crypto-proofs.md §2.6).
  virtual bool VartimeAllInSubgroup(std::span<const Element> elements) const {
    (void)elements;
    return true;
  }
  // Called by implementations once their constants are ready.
  void SetConstants(const Element& generator, const Element& identity);
  Element NewElement() const { return Element(this); }
  Scalar NewScalar() const { return Scalar(this); }
  // Mutable access to an element's value drops any cached encoding.
  static std::array<uint64_t, 64>& Words(Element& e) {
    e.has_encoding_ = false;
    return e.words_;
  }
  static const uint8_t* CachedEncoding(const Element& e) {
    return e.has_encoding_ ? e.encoding_.data() : nullptr;
  }
  static void SetCachedEncoding(Element& e, const uint8_t* bytes32) {
    std::copy(bytes32, bytes32 + 32, e.encoding_.begin());
    e.has_encoding_ = true;
  }
  static const std::array<uint64_t, 64>& Words(const Element& e) { return e.words_; }
  static std::array<uint64_t, 4>& Limbs(Scalar& s) { return s.limbs_; }
  static const std::array<uint64_t, 4>& Limbs(const Scalar& s) { return s.limbs_; }
  // The 32-byte encoding of q (little-endian limbs), for range checks.
  virtual const std::array<uint64_t, 4>& order_limbs() const = 0;
  virtual bool scalar_big_endian() const = 0;

 private:
  std::unique_ptr<Element> generator_;
  std::unique_ptr<Element> identity_;
};

}  // namespace urne

#endif  // URNE_CRYPTO_GROUP_H_

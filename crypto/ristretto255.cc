// The ristretto255 group (RFC 9496) on libdecaf. specs/crypto.md §2.1.
//
// Points stay unencoded (decaf_255_point_t, extended coordinates) inside Element; scalars
// convert to libdecaf's form per operation. All decoding of untrusted bytes goes through
// decaf_255_point_decode, which rejects every non-canonical encoding (including those with
// bit 255 set, which Debian 12's libsodium 1.0.18 wrongly accepts).
#include <decaf/point_255.h>
#include <sodium.h>

#include <array>
#include <cassert>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <vector>

#include "crypto/ct.h"
#include "crypto/group.h"
#include "crypto/mpn_sec.h"
#include "crypto/msm.h"
#include "crypto/ristretto_batch.h"
#include "status/status.h"

namespace urne {
namespace {

static_assert(sizeof(decaf_255_point_t) <= 64 * sizeof(uint64_t));
static_assert(sizeof(decaf_255_scalar_t) == 32);

// ℓ = 2^252 + 27742317777372353535851937790883648493, little-endian 64-bit limbs.
constexpr std::array<uint64_t, 4> kOrder = {0x5812631a5cf5d3edULL, 0x14def9dea2f79cd6ULL, 0,
                                            0x1000000000000000ULL};

// p = 2^255 − 19 as 32 little-endian bytes, for the range check of encodings.
bool EncodingAtLeastP(ByteView b) {
  if (b[31] & 0x80) return true;
  if (b[31] != 0x7f) return false;
  for (int i = 30; i >= 1; --i) {
    if (b[i] != 0xff) return false;
  }
  return b[0] >= 0xed;
}

class DecafScalar {
 public:
  // libdecaf keeps a scalar as its canonical value in little-endian 64-bit limbs (what
  // decaf_255_scalar_decode produces from canonical bytes, checked by the tests), and
  // Scalar's limbs are canonical: a copy, without decode's reduction.
  explicit DecafScalar(const std::array<uint64_t, 4>& limbs) {
    static_assert(sizeof(s->limb) == sizeof(limbs));
    std::memcpy(s->limb, limbs.data(), sizeof(limbs));
  }
  DecafScalar() = default;
  ~DecafScalar() { decaf_255_scalar_destroy(s); }
  DecafScalar(const DecafScalar&) = delete;
  DecafScalar& operator=(const DecafScalar&) = delete;
  decaf_255_scalar_t s;
};

class RistrettoFixedBase;

// A scalar (little-endian limbs, < 2^256) as kDigits signed base-2^kW digits d_i with
// Σ d_i·2^(kW·i) = the scalar and −2^(kW−1) < d_i ≤ 2^(kW−1). Public scalars only.
template <int kW, int kDigits>
std::array<int8_t, kDigits> SignedDigits(const std::array<uint64_t, 4>& limbs) {
  static_assert(kW * kDigits > 256 && kW < 8);
  std::array<int8_t, kDigits> out{};
  int carry = 0;
  for (int i = 0; i < kDigits; ++i) {
    const int pos = kW * i;
    uint64_t bits = 0;
    if (pos < 256) {
      bits = limbs[pos / 64] >> (pos % 64);
      if (pos % 64 + kW > 64 && pos / 64 + 1 < 4) bits |= limbs[pos / 64 + 1] << (64 - pos % 64);
    }
    int d = static_cast<int>(bits & ((1u << kW) - 1)) + carry;
    carry = d > (1 << (kW - 1)) ? 1 : 0;
    out[i] = static_cast<int8_t>(d - (carry << kW));
  }
  return out;
}

// A Brickell–Gordon–McCurley–Wilson table of one base P with signed 6-bit digits, composed
// of libdecaf's public point operations: for each window i (43 of them cover a scalar
// < 2^253 plus a carry), the points 0·B_i, 1·B_i, …, 32·B_i with B_i = 2^(6i)·P. A scalar
// k = Σ d_i·2^(6i) with −32 < d_i ≤ 32 is then 43 constant-time lookups (every entry read,
// mpn_sec::TabSelect), a constant-time conditional negation each and 42 additions, no
// doubling: about 125 000 instructions against 211 000 for libdecaf's own precomputed
// comb (decaf_255_precomputed_scalarmul), which a ballot's encryption and proofs call 100
// times (bench/perf.sh P1). A table is 43 × 33 × 256 bytes ≈ 363 KB and takes 1 376
// additions (about 0.6 ms) to build. Immutable and thread-safe once built.
class SignedComb {
 public:
  static constexpr int kW = 6;
  static constexpr int kWindows = 43;                      // 6 × 43 = 258 > 253 bits + a carry
  static constexpr size_t kEntries = (1 << (kW - 1)) + 1;  // |d| ≤ 32, and 0
  static constexpr size_t kWords = sizeof(decaf_255_point_s) / sizeof(uint64_t);
  static constexpr size_t kBytes = kWindows * kEntries * sizeof(decaf_255_point_s);

  explicit SignedComb(const decaf_255_point_s* base)
      : table_(static_cast<uint64_t*>(std::aligned_alloc(alignof(decaf_255_point_s), kBytes))) {
    if (table_ == nullptr) throw std::bad_alloc();
    decaf_255_point_t b;  // B_i
    decaf_255_point_copy(b, base);
    for (int i = 0; i < kWindows; ++i) {
      decaf_255_point_copy(Entry(i, 0), decaf_255_point_identity);
      decaf_255_point_copy(Entry(i, 1), b);
      for (size_t j = 2; j < kEntries; ++j) decaf_255_point_add(Entry(i, j), Entry(i, j - 1), b);
      decaf_255_point_add(b, Entry(i, kEntries - 1), Entry(i, kEntries - 1));  // 64·B_i
    }
    decaf_255_point_destroy(b);
  }
  ~SignedComb() { std::free(table_); }
  SignedComb(const SignedComb&) = delete;
  SignedComb& operator=(const SignedComb&) = delete;

  // out = k·P for canonical little-endian limbs k < 2^253, constant time in k: the digits
  // come from arithmetic only, every lookup reads every entry, and the sign is applied by
  // libdecaf's constant-time select.
  void Mul(decaf_255_point_s* out, const std::array<uint64_t, 4>& k) const {
    decaf_255_point_t entry;
    decaf_255_point_t negated;
    uint64_t carry = 0;
    for (int i = 0; i < kWindows; ++i) {
      const int pos = kW * i;
      uint64_t bits = 0;
      if (pos < 256) {  // public: the window position
        bits = k[pos / 64] >> (pos % 64);
        if (pos % 64 + kW > 64 && pos / 64 + 1 < 4) bits |= k[pos / 64 + 1] << (64 - pos % 64);
      }
      // d ∈ [0, 64]; above 32 it becomes d − 64 ∈ (−32, 0] with a carry into the next window.
      const uint64_t d = (bits & ((uint64_t{1} << kW) - 1)) + carry;
      carry = ct::Lt(uint64_t{1} << (kW - 1), d);
      const uint64_t negative = ct::Barrier(ct::Mask(static_cast<uint32_t>(carry)));
      const uint64_t magnitude = (((uint64_t{1} << kW) - d) & negative) | (d & ~negative);
      mpn_sec::TabSelect(Words(entry), Entry(i), kWords, kEntries, magnitude);
      decaf_255_point_negate(negated, entry);
      decaf_255_point_cond_sel(entry, entry, negated, static_cast<decaf_bool_t>(carry));
      if (i == 0) {
        decaf_255_point_copy(out, entry);
      } else {
        decaf_255_point_add(out, out, entry);
      }
    }
    decaf_255_point_destroy(entry);
    decaf_255_point_destroy(negated);
  }

 private:
  static uint64_t* Words(decaf_255_point_s* p) { return reinterpret_cast<uint64_t*>(p); }
  const uint64_t* Entry(int window) const { return table_ + window * kEntries * kWords; }
  decaf_255_point_s* Entry(int window, size_t j) {
    return reinterpret_cast<decaf_255_point_s*>(table_ + (window * kEntries + j) * kWords);
  }
  uint64_t* table_;  // kWindows × kEntries points, aligned for libdecaf (owned)
};

class Ristretto255 final : public Group {
 public:
  Ristretto255() {
    Element g = NewElement();
    decaf_255_point_copy(P(g), decaf_255_point_base);
    Element id = NewElement();
    decaf_255_point_copy(P(id), decaf_255_point_identity);
    SetConstants(g, id);
  }

  std::string_view name() const override { return "ristretto255"; }
  size_t element_bytes() const override { return 32; }

  absl::StatusOr<Element> DecodeElement(ByteView bytes, Identity identity) const override {
    if (bytes.size() != 32) {
      return Invalid("element.wrong_length",
                     Cat("a ristretto255 element is 32 bytes, got ", bytes.size()));
    }
    if (EncodingAtLeastP(bytes)) {
      return Invalid("element.out_of_range",
                     "ristretto255 encoding is not below p = 2^255-19 (or has bit 255 set)");
    }
    if (bytes[0] & 1) {
      return Invalid("element.non_canonical",
                     "ristretto255 encoding is negative (odd); canonical encodings are even");
    }
    Element e = NewElement();
    if (decaf_255_point_decode(P(e), bytes.data(), DECAF_TRUE) != DECAF_SUCCESS) {
      return Invalid("element.invalid_encoding",
                     "bytes are not the ristretto255 encoding of any group element");
    }
    if (identity == Identity::kForbidden &&
        decaf_255_point_eq(P(e), decaf_255_point_identity) != 0) {
      return Invalid("element.identity", "the identity element is not allowed here");
    }
    SetCachedEncoding(e, bytes.data());  // canonical: Encode(Decode(b)) = b
    return e;
  }

  // Eight at a time with AVX-512 IFMA (crypto/ristretto_batch.h), which decides exactly as
  // decaf_255_point_decode does; the length, range and sign checks are DecodeElement's.
  bool VartimeDecodeMany(std::span<const ByteView> encodings,
                         std::vector<std::optional<Element>>& out) const override {
    if (!ristretto_batch::Available()) return false;
    out.assign(encodings.size(), std::nullopt);
    std::vector<const uint8_t*> in;
    std::vector<size_t> where;
    in.reserve(encodings.size());
    where.reserve(encodings.size());
    for (size_t i = 0; i < encodings.size(); ++i) {
      const ByteView b = encodings[i];
      if (b.size() != 32 || EncodingAtLeastP(b) || (b[0] & 1) != 0) continue;
      in.push_back(b.data());
      where.push_back(i);
    }
    std::vector<decaf_255_point_s> points(in.size());
    std::vector<uint8_t> ok(in.size());
    ristretto_batch::Decode(in, points.data(), ok.data());
    for (size_t k = 0; k < in.size(); ++k) {
      if (ok[k] == 0) continue;
      Element e = NewElement();
      decaf_255_point_copy(P(e), &points[k]);
      SetCachedEncoding(e, in[k]);
      out[where[k]] = e;
    }
    return true;
  }

  Bytes Encode(const Element& e) const override {
    if (const uint8_t* cached = CachedEncoding(e)) return {cached, cached + 32};
    Bytes out(32);
    decaf_255_point_encode(out.data(), P(e));
    return out;
  }
  void CacheEncoding(Element& e) const override {
    if (CachedEncoding(e) != nullptr) return;
    uint8_t bytes[32];
    decaf_255_point_encode(bytes, P(e));
    SetCachedEncoding(e, bytes);
  }

  Element Mul(const Element& a, const Element& b) const override {
    Element r = NewElement();
    decaf_255_point_add(P(r), P(a), P(b));
    return r;
  }
  Element Div(const Element& a, const Element& b) const override {
    Element r = NewElement();
    decaf_255_point_sub(P(r), P(a), P(b));
    return r;
  }
  Element Inverse(const Element& a) const override {
    Element r = NewElement();
    decaf_255_point_negate(P(r), P(a));
    return r;
  }
  bool Equal(const Element& a, const Element& b) const override {
    return decaf_255_point_eq(P(a), P(b)) != 0;
  }

  // g^e by the generator's SignedComb, built at first use.
  Element ExpG(const Scalar& e) const override {
    std::call_once(g_comb_once_,
                   [this] { g_comb_ = std::make_unique<SignedComb>(P(generator())); });
    Element r = NewElement();
    g_comb_->Mul(P(r), Limbs(e));
    return r;
  }
  Element Exp(const Element& b, const Scalar& e) const override {
    DecafScalar s(Limbs(e));
    Element r = NewElement();
    decaf_255_point_scalarmul(P(r), P(b), s.s);
    return r;
  }
  std::unique_ptr<FixedBase> Precompute(const Element& b) const override;
  Element VartimeExp(const Element& b, const Scalar& e) const override {
    DecafScalar s(Limbs(e));
    Element r = NewElement();
    decaf_255_base_double_scalarmul_non_secret(P(r), decaf_255_scalar_zero, P(b), s.s);
    return r;
  }
  Element VartimeExpGMul(const Scalar& a, const Element& b, const Scalar& e) const override {
    DecafScalar sa(Limbs(a));
    Element r = NewElement();
    if (e.IsZero()) {
      // libdecaf 1.0.2's double scalar multiplication returns the identity as soon as the
      // variable-base scalar is 0, dropping g^a: g^a·b^0 = g^a from the base table instead.
      decaf_255_precomputed_scalarmul(P(r), decaf_255_precomputed_base, sa.s);
      return r;
    }
    DecafScalar se(Limbs(e));
    decaf_255_base_double_scalarmul_non_secret(P(r), sa.s, P(b), se.s);
    return r;
  }

  // From kBucketFrom bases on, the bucket method (crypto/msm.h); below, Straus'
  // simultaneous multi-exponentiation with signed 5-bit digits: per base a table P, 2P, …,
  // 16P (15 additions and a doubling), then one shared chain of 5 doublings per digit and
  // one addition or subtraction per non-zero digit. Public data only.
  static constexpr size_t kBucketFrom = 64;
  Element VartimeMultiExp(std::span<const Element> bases,
                          std::span<const Scalar> exps) const override {
    assert(bases.size() == exps.size());
    constexpr int kW = 5;
    constexpr int kDigits = 256 / kW + 1;  // 52 digits cover 253 bits plus a carry
    constexpr int kTable = 1 << (kW - 1);  // |digit| ≤ 16
    const size_t n = bases.size();
    if (n == 0) return identity();
    if (n >= kBucketFrom) {
      std::vector<const decaf_255_point_s*> points(n);
      std::vector<std::array<uint64_t, 4>> scalars(n);
      std::vector<uint8_t> negate(n);
      for (size_t k = 0; k < n; ++k) {
        points[k] = P(bases[k]);
        scalars[k] = Limbs(exps[k]);
        negate[k] = msm::ShortestSigned(scalars[k]);
      }
      Element r = NewElement();
      msm::VartimeBucketMsm(P(r), points, scalars, negate);
      return r;
    }
    std::vector<std::array<int8_t, kDigits>> digits(n);
    for (size_t k = 0; k < n; ++k) digits[k] = SignedDigits<kW, kDigits>(Limbs(exps[k]));
    std::vector<decaf_255_point_s> table(n * kTable);
    for (size_t k = 0; k < n; ++k) {
      decaf_255_point_s* t = &table[k * kTable];
      decaf_255_point_copy(&t[0], P(bases[k]));
      decaf_255_point_double(&t[1], &t[0]);
      for (int j = 2; j < kTable; ++j) decaf_255_point_add(&t[j], &t[j - 1], &t[0]);
    }
    Element acc = identity();
    decaf_255_point_s* a = P(acc);
    bool started = false;
    for (int i = kDigits - 1; i >= 0; --i) {
      if (started) {
        for (int d = 0; d < kW; ++d) decaf_255_point_double(a, a);
      }
      for (size_t k = 0; k < n; ++k) {
        const int8_t digit = digits[k][i];
        const int d = digit;
        if (d > 0) decaf_255_point_add(a, a, &table[k * kTable + d - 1]);
        if (d < 0) decaf_255_point_sub(a, a, &table[k * kTable - d - 1]);
        started |= d != 0;
      }
    }
    return acc;
  }

  Scalar ReduceWide(std::span<const uint8_t, 64> wide) const override {
    DecafScalar s;
    decaf_255_scalar_decode_long(s.s, wide.data(), wide.size());
    return FromDecaf(s);
  }
  Scalar Add(const Scalar& a, const Scalar& b) const override {
    return Op(a, b, decaf_255_scalar_add);
  }
  Scalar Sub(const Scalar& a, const Scalar& b) const override {
    return Op(a, b, decaf_255_scalar_sub);
  }
  Scalar Mul(const Scalar& a, const Scalar& b) const override {
    return Op(a, b, decaf_255_scalar_mul);
  }
  Scalar Invert(const Scalar& a) const override {
    DecafScalar sa(Limbs(a));
    DecafScalar r;
    if (decaf_255_scalar_invert(r.s, sa.s) != DECAF_SUCCESS) return ScalarFromU64(0);
    return FromDecaf(r);
  }

  static decaf_255_point_s* P(Element& e) {
    return reinterpret_cast<decaf_255_point_s*>(Words(e).data());
  }
  static const decaf_255_point_s* P(const Element& e) {
    return reinterpret_cast<const decaf_255_point_s*>(Words(e).data());
  }
  Element Wrap(const decaf_255_point_t p) const {
    Element e = NewElement();
    decaf_255_point_copy(P(e), p);
    return e;
  }

 protected:
  const std::array<uint64_t, 4>& order_limbs() const override { return kOrder; }
  bool scalar_big_endian() const override { return false; }

 private:
  using ScalarOp = void (*)(decaf_255_scalar_t, const decaf_255_scalar_t, const decaf_255_scalar_t);
  Scalar Op(const Scalar& a, const Scalar& b, ScalarOp op) const {
    DecafScalar sa(Limbs(a));
    DecafScalar sb(Limbs(b));
    DecafScalar r;
    op(r.s, sa.s, sb.s);
    return FromDecaf(r);
  }
  Scalar FromDecaf(const DecafScalar& d) const {
    Scalar s = NewScalar();
    std::memcpy(Limbs(s).data(), d.s->limb, 32);  // canonical limbs, as DecafScalar reads them
    return s;
  }
  friend class RistrettoFixedBase;
  static const std::array<uint64_t, 4>& ScalarLimbs(const Scalar& s) { return Limbs(s); }
  mutable std::once_flag g_comb_once_;
  mutable std::unique_ptr<SignedComb> g_comb_;
};

class RistrettoFixedBase final : public FixedBase {
 public:
  RistrettoFixedBase(const Ristretto255& group, const Element& base)
      : group_(group), base_(base), comb_(Ristretto255::P(base_)) {}

  const Element& base() const override { return base_; }
  Element Exp(const Scalar& e) const override {
    decaf_255_point_t r;
    comb_.Mul(r, Ristretto255::ScalarLimbs(e));
    Element out = group_.Wrap(r);
    decaf_255_point_destroy(r);
    return out;
  }

 private:
  const Ristretto255& group_;
  Element base_;
  SignedComb comb_;
};

std::unique_ptr<FixedBase> Ristretto255::Precompute(const Element& b) const {
  assert(&b.group() == this);
  return std::make_unique<RistrettoFixedBase>(*this, b);
}

}  // namespace

const Group& Group::Ristretto255() {
  static const class Ristretto255 group;
  return group;
}

}  // namespace urne

// The eg4096 group: the ElectionGuard 2.0 integer group (p 4096-bit, q = 2^256 − 189,
// g = 2^((p−1)/q) mod p) on GMP. specs/crypto.md §2.2.
//
// Representation. An Element holds x with 1 ≤ x < p in 64 little-endian limbs; a Scalar holds
// its canonical value < q in 4 limbs. Encodings are big-endian: 512 bytes for elements,
// 32 bytes for scalars.
//
// Arithmetic mod p is Montgomery multiplication, on one of two paths chosen once, by the CPU:
//  - with AVX-512 IFMA, crypto/amm52 (radix 2^52, R = 2^4160, about 1.1 µs per product, in
//    vector instructions with no branch or index on the operands); URNE_EG4096_NO_IFMA in
//    the environment turns it off;
//  - otherwise GMP, with R = 2^4096. The reduction works in 256-bit digits, which is valid
//    because p ≡ −1 (mod 2^256), so −p^{-1} ≡ 1 (mod 2^256) and a digit of the quotient is
//    just the current low digit (checked at startup); writing p = P1·2^256 − 1, each step
//    adds digit·P1 one digit up. The products are GMP's (mpn_sec_mul, mpn_mul_n, mpn_sqr, and
//    crypto/mpn_sec's Karatsuba over mpn_sec_mul).
// Everything above the product (tables, the forms of stored values, the results) is the same
// on both paths but for R, and every result is fully reduced below p.
//
// Constant time. Code that touches secrets uses only crypto/amm52 (above) and GMP's
// side-channel-silent functions:
// mpn_sec_mul (schoolbook, no operand-dependent branches) and the Karatsuba built on it,
// mpn_add_n/mpn_sub_n, mpn_cnd_add_n/mpn_cnd_swap, table selects that read every entry
// (mpn_sec::TabSelect), mpn_sec_div_r and mpn_sec_powm. GMP's Toom multiplication (mpn_mul_n,
// mpn_sqr), mpz_powm and mpz_invert branch on operand values; they only see public data
// (Vartime*, decoding, table building) or blinded data (Inverse).
//
// Fixed-base exponentiation (ExpG, FixedBase::Exp) uses a Brickell–Gordon–McCurley–Wilson
// table: for each w-bit window i of the 256-bit exponent, the 2^w powers base^(j·2^(w·i)).
// An exponentiation is then ⌈256/w⌉ table lookups and ⌈256/w⌉ − 1 multiplications, with no
// squarings. Window 0 is stored in normal form and the others in Montgomery form, so the
// running product stays in normal form and needs no conversion at the end. w = 7 is the
// fastest in bench/crypto_bench.cc's encrypt+prove (w = 6: +3 %, w = 8: +6 %, w = 5: +15 %):
// larger windows lose to scanning the whole window in every constant-time lookup. A table
// is 37 × 128 × 512 bytes ≈ 2.4 MB and takes about 4 700 multiplications (≈ 20 ms) to build.
//
// Costs on the GMP path (bench/eg4096_bench.cc, one core of a 2.1 GHz AMD EPYC VM, CPU
// time): ExpG and FixedBase::Exp ≈ 170 µs (36 × (Karatsuba 1.35 µs + reduction 2.2 µs) + 37
// lookups × 1.1 µs); on the IFMA path ≈ 80 µs (36 × 1.1 µs + the same lookups), which halves
// an R5 ballot's encryption (bench/perf.sh, P5). Exp: mpn_sec_powm ≈ 1.5 ms on the GMP
// path, fixed 4-bit windows ≈ 0.45 ms on the IFMA path; VartimeExp: mpz_powm ≈ 1–1.3 ms,
// sliding windows ≈ 0.4 ms on the IFMA path; Mul ≈ 7 µs (2.6 µs),
// Inverse ≈ 80 µs. DecodeElement's subgroup check is 256 squarings and 7 multiplications
// (x^(2^256) = x^189); VartimeMultiExp costs about 34 multiplications per 128-bit exponent
// and 59 per 256-bit one (interleaved sliding windows), a variable-time multiplication
// (Toom product + the reduction) about 6 µs.
//
// Thread-safety: the group and its tables are immutable after construction; every operation
// uses only stack temporaries.
#include <gmp.h>
#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <type_traits>
#include <vector>

#include "crypto/amm52.h"
#include "crypto/eg4096_constants.h"
#include "crypto/group.h"
#include "crypto/mpn_sec.h"
#include "crypto/random.h"
#include "status/status.h"

namespace urne {
namespace {

static_assert(GMP_NUMB_BITS == 64, "eg4096 needs 64-bit GMP limbs without nails");
static_assert(std::is_same_v<mp_limb_t, uint64_t>, "Element words are used as GMP limbs");

constexpr mp_size_t kN = 64;            // limbs of p and of an element
constexpr mp_size_t kQN = 4;            // limbs of q and of a scalar
constexpr mp_size_t kDigit = 4;         // limbs per Montgomery-reduction digit (256 bits)
constexpr mp_size_t kP1 = kN - kDigit;  // limbs of (p + 1) / 2^256
constexpr int kExponentBits = 256;
constexpr uint64_t kQTail = 189;  // q = 2^256 − kQTail (checked with the constants)
constexpr int kWindowBits = 7;    // fixed-base window; see the file comment
constexpr size_t kElementBytes = 512;

// Scratch sizes for the mpn_sec_* calls below, checked against GMP's *_itch at startup.
constexpr mp_size_t kSecMulScratch = 16;
constexpr mp_size_t kSecDivScratch = 64;
constexpr mp_size_t kScalarPowmScratch = 256;
constexpr mp_size_t kElementPowmScratch = 2048;
// Exponent bits passed to mpn_sec_powm for Exp: e + 2q < 2^258 always fills 5 limbs.
constexpr mp_bitcnt_t kExpPowmBits = mp_bitcnt_t{5} * 64;

using Num = std::array<mp_limb_t, kN>;
using Wide = std::array<mp_limb_t, 2 * kN>;

[[noreturn]] void Fatal(const char* what) {
  // The only output of crypto/: the built-in constants are wrong, so nothing can be trusted.
  (void)std::fprintf(stderr, "urne: fatal: eg4096 group constants failed their check: %s\n", what);
  std::abort();
}

template <typename T>
void Wipe(T& x) {
  sodium_memzero(&x, sizeof(x));
}

// Copies the absolute value of `z` (< 2^(64·n)) into n limbs, zero-padded.
void ToLimbs(mp_limb_t* out, mp_size_t n, const mpz_t z) {
  mp_size_t size = mpz_size(z);
  if (size > n) Fatal("constant wider than expected");
  std::memset(out, 0, n * sizeof(mp_limb_t));
  if (size > 0) std::memcpy(out, mpz_limbs_read(z), size * sizeof(mp_limb_t));
}

// Bits [pos, pos + bits) of the 256-bit exponent `e`; `pos` and `bits` are public, the value
// is read without branching on it.
mp_limb_t Digit(const uint64_t* e, int pos, int bits) {
  int limb = pos / 64;
  int shift = pos % 64;
  uint64_t v = e[limb] >> shift;
  if (shift + bits > 64 && limb + 1 < kQN) v |= e[limb + 1] << (64 - shift);
  return v & ((uint64_t{1} << bits) - 1);
}

// Montgomery arithmetic modulo p, with R = 2^4160 on the IFMA path and 2^4096 on GMP's.
class Montgomery {
 public:
  // ifma: products through crypto/amm52 with R = 2^4160; otherwise through GMP with
  // R = 2^4096.
  Montgomery(const mpz_t p, bool ifma) : ifma_(ifma) {
    ToLimbs(p_.data(), kN, p);
    amm52::FromLimbs(p52_, p_.data());
    // −p^{-1} ≡ 1 (mod 2^256) ⇔ p ≡ −1 (mod 2^256): the low four limbs are all ones.
    for (mp_size_t i = 0; i < kDigit; ++i) {
      if (p_[i] != ~mp_limb_t{0}) Fatal("p is not −1 mod 2^256 (Montgomery digit)");
    }
    // P1 = (p + 1) / 2^256, which has 3840 bits.
    mpz_t p1;
    mpz_init(p1);
    mpz_add_ui(p1, p, 1);
    mpz_tdiv_q_2exp(p1, p1, 64 * kDigit);
    ToLimbs(p1_.data(), kP1, p1);
    mpz_clear(p1);
    mpz_t r;
    mpz_init_set_ui(r, 1);
    mpz_mul_2exp(r, r, ifma_ ? amm52::kDigitBits * amm52::kDigits : 64 * kN);
    mpz_mod(r, r, p);
    ToLimbs(one_.data(), kN, r);
    mpz_mul(r, r, r);
    mpz_mod(r, r, p);
    ToLimbs(r2_.data(), kN, r);
    mpz_clear(r);
  }

  const mp_limb_t* p() const { return p_.data(); }
  bool ifma() const { return ifma_; }
  // R mod p: 1 in Montgomery form.
  const Num& one() const { return one_; }
  // R^2 mod p: multiplying by it converts to Montgomery form.
  const Num& r2() const { return r2_; }

  // r = t·R^{-1} mod p for t < p·R in t[0, 2kN) (destroyed). Constant time. r may not
  // overlap t.
  void Redc(mp_limb_t* r, mp_limb_t* t) const {
    // Digit by digit (256 bits): with m the current low digit, t + m·p clears it, and since
    // p = P1·2^256 − 1 and m is that digit, (t + m·p)/2^256 = (t div 2^256) + m·P1. So each
    // step adds m·P1 one digit up and drops the digit. Two digits go per step: the next
    // digit m' is the one above m plus the low digit of m·P1, and (m + m'·2^256)·P1 (8 × 60
    // limbs) is added one digit up, after which both digits are dropped. The carry out of
    // each addition lands at limb 4i + 72 ≥ 72, above every digit still to be cleared, so
    // the carries are collected and added once at the end.
    mp_limb_t carries[kN + 1] = {};
    mp_limb_t mp[kN + 2 * kDigit];
    mp_limb_t pair[2 * kDigit];
    mp_limb_t low[2 * kDigit];
    mp_limb_t scratch[kSecMulScratch];
    for (mp_size_t i = 0; i < kN / kDigit; i += 2) {
      mp_limb_t* digit = t + kDigit * i;
      std::memcpy(pair, digit, kDigit * sizeof(mp_limb_t));
      mpn_sec_mul(low, digit, kDigit, p1_.data(), kDigit, scratch);
      mpn_add_n(pair + kDigit, digit + kDigit, low, kDigit);  // mod 2^256: carry dropped
      mpn_sec_mul(mp, p1_.data(), kP1, pair, 2 * kDigit, scratch);
      carries[kDigit * (i + 2)] = mpn_add_n(digit + kDigit, digit + kDigit, mp, kP1 + 2 * kDigit);
    }
    // Result (t[kN, 2kN) + carries) < 2p, possibly with a top bit in `top`.
    mp_limb_t top = carries[kN] + mpn_add_n(r, t + kN, carries, kN);
    mp_limb_t reduced[kN];
    mp_limb_t borrow = mpn_sub_n(reduced, r, p_.data(), kN);
    mpn_cnd_swap(top | (borrow ^ 1), r, reduced, kN);
    Wipe(mp);
    Wipe(pair);
    Wipe(low);
    Wipe(reduced);
    Wipe(carries);
  }

  // r = a·b·R^{-1} mod p, constant time. r may alias a or b.
  void MulSec(mp_limb_t* r, const mp_limb_t* a, const mp_limb_t* b) const {
    if (ifma_) return MulIfma(r, a, b);
    Wide t;
    mpn_sec::Mul64(t.data(), a, b);
    Redc(r, t.data());
    Wipe(t);
  }

  // The same, through GMP's faster Toom multiplication, which branches on operand values:
  // public data only.
  void MulVartime(mp_limb_t* r, const mp_limb_t* a, const mp_limb_t* b) const {
    if (ifma_) return MulIfma(r, a, b);
    Wide t;
    mpn_mul_n(t.data(), a, b, kN);
    Redc(r, t.data());
  }
  void SqrVartime(mp_limb_t* r, const mp_limb_t* a) const {
    if (ifma_) return MulIfma(r, a, a);
    Wide t;
    mpn_sqr(t.data(), a, kN);
    Redc(r, t.data());
  }

  // x·R mod p (constant time).
  void ToMont(mp_limb_t* r, const mp_limb_t* x) const { MulSec(r, x, r2_.data()); }
  // x·R^{-1} mod p (constant time).
  void FromMont(mp_limb_t* r, const mp_limb_t* x) const {
    if (ifma_) {
      Num one{};
      one[0] = 1;
      return MulIfma(r, x, one.data());
    }
    Wide t{};
    std::memcpy(t.data(), x, kN * sizeof(mp_limb_t));
    Redc(r, t.data());
    Wipe(t);
  }

 private:
  // r = a·b·2^(−4160) mod p for a, b < p, constant time: crypto/amm52's product (below 2p)
  // and one conditional subtraction, as in Redc. r may alias a or b.
  void MulIfma(mp_limb_t* r, const mp_limb_t* a, const mp_limb_t* b) const {
    amm52::Digits da;
    amm52::Digits db;
    amm52::FromLimbs(da, a);
    amm52::FromLimbs(db, b);
    amm52::Mul(da, da, db, p52_, kAmmK0);
    mp_limb_t wide[kN + 1];
    amm52::ToLimbs(wide, da);
    mp_limb_t reduced[kN];
    const mp_limb_t borrow = mpn_sub_n(reduced, wide, p_.data(), kN);
    mpn_cnd_swap(wide[kN] | (borrow ^ 1), wide, reduced, kN);
    std::memcpy(r, wide, kN * sizeof(mp_limb_t));
    Wipe(da);
    Wipe(db);
    Wipe(wide);
    Wipe(reduced);
  }

  // −p^{-1} mod 2^52 = 1, because p ≡ −1 (mod 2^256) (checked in the constructor).
  static constexpr uint64_t kAmmK0 = 1;

  bool ifma_;
  Num p_;
  amm52::Digits p52_;
  std::array<mp_limb_t, kP1> p1_;  // (p + 1) / 2^256
  Num one_;                        // R mod p
  Num r2_;                         // R^2 mod p
};

class Eg4096Group;

// A BGMW fixed-base table (see the file comment).
class EgFixedBase final : public FixedBase {
 public:
  EgFixedBase(const Eg4096Group& group, const Element& base);

  const Element& base() const override { return base_; }
  // base^e, constant time in e.
  Element Exp(const Scalar& e) const override;
  // base^e through direct table indexing and Toom multiplication: public e only.
  Element VartimeExp(const Scalar& e) const;

 private:
  static constexpr int kWindows = (kExponentBits + kWindowBits - 1) / kWindowBits;
  static int WindowBits(int i) { return std::min(kWindowBits, kExponentBits - kWindowBits * i); }
  const mp_limb_t* Entry(int window, mp_limb_t j) const {
    return table_.data() + (offsets_[window] + j) * kN;
  }

  const Eg4096Group& group_;
  Element base_;
  std::array<size_t, kWindows> offsets_;  // first entry of each window
  std::vector<mp_limb_t> table_;
};

class Eg4096Group final : public Group {
 public:
  Eg4096Group() : mont_(Constants().p, amm52::Available()) {
    mpz_t q5;
    mpz_init(q5);
    const auto& c = Constants();
    ToLimbs(order_.data(), kQN, c.q);
    mpz_sub_ui(q5, c.q, 2);
    ToLimbs(q_minus_2_.data(), kQN, q5);
    mpz_mul_2exp(q5, c.q, 1);
    ToLimbs(two_q_.data(), kQN + 1, q5);
    mpz_clear(q5);

    if (mpn_sec_mul_itch(kN, kN) > kSecMulScratch ||
        mpn_sec_mul_itch(kP1, 2 * kDigit) > kSecMulScratch ||
        mpn_sec_mul_itch(kDigit, kDigit) > kSecMulScratch || !mpn_sec::ScratchIsEnough() ||
        mpn_sec_mul_itch(kQN, kQN) > kSecMulScratch ||
        mpn_sec_div_r_itch(2 * kQN, kQN) > kSecDivScratch ||
        mpn_sec_powm_itch(kQN, kExponentBits, kQN) > kScalarPowmScratch ||
        mpn_sec_powm_itch(kN, kExpPowmBits, kN) > kElementPowmScratch) {
      Fatal("GMP needs more scratch space than this build reserves");
    }

    Element g = NewElement();
    ToLimbs(Words(g).data(), kN, c.g);
    Element id = NewElement();
    Words(id)[0] = 1;
    SetConstants(g, id);
    g_table_ = std::make_unique<EgFixedBase>(*this, generator());
  }

  std::string_view name() const override { return "eg4096"; }
  size_t element_bytes() const override { return kElementBytes; }

  absl::StatusOr<Element> DecodeElement(ByteView bytes, Identity identity) const override {
    bool deferred = false;
    return Decode(bytes, identity, /*defer_subgroup=*/false, deferred);
  }

  Bytes Encode(const Element& e) const override {
    assert(&e.group() == this);
    Bytes out(kElementBytes);
    const auto& x = Words(e);
    for (size_t i = 0; i < kN; ++i) {
      for (size_t k = 0; k < 8; ++k) {
        out[kElementBytes - 1 - (8 * i + k)] = static_cast<uint8_t>(x[i] >> (8 * k));
      }
    }
    return out;
  }

 protected:
  absl::StatusOr<Element> DecodeElementDeferringSubgroup(ByteView bytes, Identity identity,
                                                         bool& deferred) const override {
    return Decode(bytes, identity, /*defer_subgroup=*/true, deferred);
  }

  // specs/crypto-proofs.md §2.6. With r_i uniform below 2^128 and drawn now: T = ∏ x_i^{r_i}
  // (sliding windows, about 34 multiplications per element), then T^q = 1. Every x_i has Jacobi
  // symbol 1 (checked when it was decoded), so it lies in the subgroup of squares, of order
  // q·r' with r' = (p − 1)/(2q) prime; T^q = 1 iff Σ r_i·log(x_i's order-r' part) ≡ 0 mod r',
  // which for any x_j outside the order-q subgroup holds for at most one r_j mod r' > 2^128.
  bool VartimeAllInSubgroup(std::span<const Element> elements) const override {
    const size_t n = elements.size();
    std::vector<uint64_t> random(2 * n);
    RandomBytes(
        std::span(reinterpret_cast<uint8_t*>(random.data()), random.size() * sizeof(uint64_t)));
    std::vector<Scalar> exps;
    exps.reserve(n);
    for (size_t i = 0; i < n; ++i) exps.push_back(ScalarFromU128(random[2 * i], random[2 * i + 1]));
    Element t = VartimeMultiExp(elements, exps);
    return VartimeHasOrderDividingQ(Words(t).data());
  }

 private:
  // The strict decoder (specs/crypto.md §2.2); with defer_subgroup, the test x^q = 1 is
  // replaced by the Jacobi symbol (x|p) = 1 and `deferred` is set for SubgroupBatch.
  absl::StatusOr<Element> Decode(ByteView bytes, Identity identity, bool defer_subgroup,
                                 bool& deferred) const {
    deferred = false;
    if (bytes.size() != kElementBytes) {
      return Invalid("element.wrong_length",
                     Cat("an eg4096 element is 512 bytes (big-endian), got ", bytes.size()));
    }
    Element e = NewElement();
    mp_limb_t* x = Words(e).data();
    for (size_t i = 0; i < kN; ++i) {
      uint64_t w = 0;
      for (size_t k = 0; k < 8; ++k) w = (w << 8) | bytes[kElementBytes - 8 * (i + 1) + k];
      x[i] = w;
    }
    if (mpn_cmp(x, mont_.p(), kN) >= 0 || mpn_zero_p(x, kN)) {
      return Invalid("element.out_of_range",
                     "eg4096 element is not in [1, p-1]; send the canonical residue mod p");
    }
    if (mpn_zero_p(x + 1, kN - 1) && x[0] == 1) {
      if (identity == Identity::kForbidden) {
        return Invalid("element.identity", "the identity element (1) is not allowed here");
      }
      return e;
    }
    mpz_t xz;
    if (defer_subgroup) {
      // The order-q subgroup lies inside the squares (q is odd), whose symbol is 1.
      if (mpz_jacobi(mpz_roinit_n(xz, x, kN), p_) != 1) {
        return Invalid("element.not_in_subgroup",
                       "eg4096 element is not in the order-q subgroup (it is not a square mod p)");
      }
      deferred = true;
      return e;
    }
    // Subgroup membership x^q = 1 (mod p), variable time on public data.
    if (!VartimeHasOrderDividingQ(x)) {
      return Invalid("element.not_in_subgroup",
                     "eg4096 element is not in the order-q subgroup (x^q != 1 mod p)");
    }
    return e;
  }

 public:
  // Constant time: a·b·R^{-1} then ·R^2·R^{-1}.
  Element Mul(const Element& a, const Element& b) const override {
    Element r = NewElement();
    mp_limb_t* out = Words(r).data();
    mont_.MulSec(out, Words(a).data(), Words(b).data());
    mont_.ToMont(out, out);
    return r;
  }
  Element Div(const Element& a, const Element& b) const override { return Mul(a, Inverse(b)); }
  // mpz_invert runs in variable time, so it sees a·ρ for a fresh random ρ (multiplicative
  // blinding), which is independent of a: a^{-1} = (a·ρ)^{-1}·ρ.
  Element Inverse(const Element& a) const override {
    Element rho = RandomUnit();
    Element blinded = Mul(a, rho);
    mpz_t bz;
    mpz_t inv;
    mpz_init(inv);
    if (mpz_invert(inv, mpz_roinit_n(bz, Words(blinded).data(), kN), p_) == 0) {
      Fatal("an element has no inverse mod p");  // impossible: 0 < a·ρ < p and p is prime
    }
    Element r = NewElement();
    ToLimbs(Words(r).data(), kN, inv);
    mpz_clear(inv);
    return Mul(r, rho);
  }
  bool Equal(const Element& a, const Element& b) const override {
    return sodium_memcmp(Words(a).data(), Words(b).data(), kElementBytes) == 0;
  }

  Element ExpG(const Scalar& e) const override { return g_table_->Exp(e); }
  // b^(e + 2q) = b^e because b^q = 1; the exponent e + 2q ∈ [2q, 3q) always fills five limbs,
  // so mpn_sec_powm's running time does not depend on e, not even on e = 0.
  Element Exp(const Element& b, const Scalar& e) const override {
    assert(&b.group() == this);
    mp_limb_t exponent[kQN + 1];
    std::memcpy(exponent, Limbs(e).data(), kQN * sizeof(mp_limb_t));
    exponent[kQN] = 0;
    mpn_add_n(exponent, exponent, two_q_.data(), kQN + 1);
    if (mont_.ifma()) {
      Element r = WindowedExp(Words(b).data(), exponent);
      Wipe(exponent);
      return r;
    }
    std::array<mp_limb_t, kElementPowmScratch> scratch;
    Element r = NewElement();
    mpn_sec_powm(Words(r).data(), Words(b).data(), kN, exponent, kExpPowmBits, mont_.p(), kN,
                 scratch.data());
    Wipe(scratch);
    Wipe(exponent);
    return r;
  }

  std::unique_ptr<FixedBase> Precompute(const Element& b) const override {
    assert(&b.group() == this);
    return std::make_unique<EgFixedBase>(*this, b);
  }

  Element VartimeExp(const Element& b, const Scalar& e) const override {
    if (mont_.ifma()) {  // sliding windows on the fast products: ≈ 0.35 ms against mpz_powm's 1 ms
      const mp_limb_t* base = Words(b).data();
      Num acc;
      SlidingMont(acc, std::span(&base, 1), std::span(&e, 1));
      Element out = NewElement();
      mont_.FromMont(Words(out).data(), acc.data());
      return out;
    }
    mpz_t bz;
    mpz_t ez;
    mpz_t r;
    mpz_init(r);
    mpz_powm(r, mpz_roinit_n(bz, Words(b).data(), kN), mpz_roinit_n(ez, Limbs(e).data(), kQN), p_);
    Element out = NewElement();
    ToLimbs(Words(out).data(), kN, r);
    mpz_clear(r);
    return out;
  }

  Element VartimeExpGMul(const Scalar& a, const Element& b, const Scalar& e) const override {
    Element ga = g_table_->VartimeExp(a);
    Element be = VartimeExp(b, e);
    Element r = NewElement();
    mont_.MulVartime(Words(r).data(), Words(ga).data(), Words(be).data());
    mont_.MulVartime(Words(r).data(), Words(r).data(), r2());
    return r;
  }

  // ∏ b_i^{E_i}, public data, for integers E_i ≡ e_i (mod q) with |E_i| < q (the proof
  // commitments' subgroup test relies on it, specs/crypto-proofs.md §2.6: a commitment's
  // E = −z is injective in its weight z). Batch verification gives proof commitments the exponent
  // −z for a 128-bit weight z, which mod q is a 256-bit number; so each exponent e is written as e
  // or −(q − e), whichever is shorter, and the bases with a negative exponent form a second product
  // N with exponents q − e: the result is P·N^{-1}, one inversion for half-length exponents. The
  // generator goes through its fixed-base table.
  Element VartimeMultiExp(std::span<const Element> bases,
                          std::span<const Scalar> exps) const override {
    assert(bases.size() == exps.size());
    if (bases.empty()) return identity();
    if (bases.size() == 1) return VartimeExp(bases[0], exps[0]);
    std::vector<const mp_limb_t*> pos_bases;
    std::vector<const mp_limb_t*> neg_bases;
    std::vector<Scalar> pos_exps;
    std::vector<Scalar> neg_exps;
    Num result = mont_.one();  // Montgomery form
    for (size_t k = 0; k < bases.size(); ++k) {
      if (Equal(bases[k], generator())) {
        Element gk = g_table_->VartimeExp(exps[k]);
        mont_.MulVartime(result.data(), result.data(), Words(gk).data());  // ·g^e·R^{-1}
        mont_.MulVartime(result.data(), result.data(), r2());
        continue;
      }
      Scalar neg = Neg(exps[k]);
      if (BitLength(neg) < BitLength(exps[k])) {
        neg_bases.push_back(Words(bases[k]).data());
        neg_exps.push_back(std::move(neg));
      } else {
        pos_bases.push_back(Words(bases[k]).data());
        pos_exps.push_back(exps[k]);
      }
    }
    Num acc;
    if (!pos_bases.empty()) {
      SlidingMont(acc, pos_bases, pos_exps);
      mont_.MulVartime(result.data(), result.data(), acc.data());
    }
    Element out = NewElement();
    mont_.FromMont(Words(out).data(), result.data());
    if (neg_bases.empty()) return out;
    SlidingMont(acc, neg_bases, neg_exps);
    Num n;
    mont_.FromMont(n.data(), acc.data());
    mpz_t nz;
    mpz_t inv;
    mpz_init(inv);
    if (mpz_invert(inv, mpz_roinit_n(nz, n.data(), kN), p_) == 0) {
      Fatal("an element has no inverse mod p");  // impossible: 0 < n < p and p is prime
    }
    ToLimbs(n.data(), kN, inv);
    mpz_clear(inv);
    mont_.MulVartime(Words(out).data(), Words(out).data(), n.data());  // (P·N^{-1})·R^{-1}
    mont_.MulVartime(Words(out).data(), Words(out).data(), r2());
    return out;
  }

  // The 64 bytes as a big-endian integer, reduced mod q.
  Scalar ReduceWide(std::span<const uint8_t, 64> wide) const override {
    mp_limb_t w[2 * kQN];
    for (size_t i = 0; i < 2 * kQN; ++i) {
      uint64_t v = 0;
      for (size_t k = 0; k < 8; ++k) v = (v << 8) | wide[64 - 8 * (i + 1) + k];
      w[i] = v;
    }
    mp_limb_t scratch[kSecDivScratch];
    mpn_sec_div_r(w, 2 * kQN, order_.data(), kQN, scratch);
    Scalar s = NewScalar();
    std::memcpy(Limbs(s).data(), w, kQN * sizeof(mp_limb_t));
    Wipe(w);
    Wipe(scratch);
    return s;
  }

  Scalar Add(const Scalar& a, const Scalar& b) const override {
    mp_limb_t sum[kQN];
    mp_limb_t reduced[kQN];
    mp_limb_t carry = mpn_add_n(sum, Limbs(a).data(), Limbs(b).data(), kQN);
    mp_limb_t borrow = mpn_sub_n(reduced, sum, order_.data(), kQN);
    // a + b < 2q: take a + b − q when a + b ≥ q, i.e. when it overflowed or did not borrow.
    mpn_cnd_swap(carry | (borrow ^ 1), sum, reduced, kQN);
    return Finish(sum, reduced);
  }
  Scalar Sub(const Scalar& a, const Scalar& b) const override {
    mp_limb_t diff[kQN];
    mp_limb_t unused[kQN] = {};
    mp_limb_t borrow = mpn_sub_n(diff, Limbs(a).data(), Limbs(b).data(), kQN);
    mpn_cnd_add_n(borrow, diff, diff, order_.data(), kQN);
    return Finish(diff, unused);
  }
  Scalar Mul(const Scalar& a, const Scalar& b) const override {
    mp_limb_t product[2 * kQN];
    mp_limb_t scratch[kSecDivScratch];
    mpn_sec_mul(product, Limbs(a).data(), kQN, Limbs(b).data(), kQN, scratch);
    mpn_sec_div_r(product, 2 * kQN, order_.data(), kQN, scratch);
    return Finish(product, scratch);
  }
  // Fermat: a^(q−2) mod q with mpn_sec_powm. mpn_sec_powm wants a non-zero base, so 0 is
  // replaced by 1 and the result masked back to 0, without branching on a.
  Scalar Invert(const Scalar& a) const override {
    mp_limb_t base[kQN];
    mp_limb_t inv[kQN];
    std::memcpy(base, Limbs(a).data(), sizeof(base));
    mp_limb_t any = base[0] | base[1] | base[2] | base[3];
    mp_limb_t is_zero = ((any | (0 - any)) >> 63) ^ 1;
    base[0] |= is_zero;
    std::array<mp_limb_t, kScalarPowmScratch> scratch;
    mpn_sec_powm(inv, base, kQN, q_minus_2_.data(), kExponentBits, order_.data(), kQN,
                 scratch.data());
    for (mp_limb_t& limb : inv) limb &= is_zero - 1;
    Wipe(scratch);
    return Finish(inv, base);
  }

  const Montgomery& mont() const { return mont_; }
  Element WrapLimbs(const mp_limb_t* x) const {
    Element e = NewElement();
    std::memcpy(Words(e).data(), x, kElementBytes);
    return e;
  }
  static const mp_limb_t* ElementLimbs(const Element& e) { return Words(e).data(); }
  static const uint64_t* ScalarLimbs(const Scalar& s) { return Limbs(s).data(); }

 protected:
  const std::array<uint64_t, 4>& order_limbs() const override { return order_; }
  bool scalar_big_endian() const override { return true; }

 private:
  struct ParsedConstants {
    mpz_t p, q, g;
  };
  // Parses the embedded constants once and checks them (aborts on failure): g^q = 1 (mod p),
  // q | p − 1, 1 < g < p, q = 2^256 − 189, p odd and 4096 bits.
  static const ParsedConstants& Constants() {
    static const ParsedConstants* constants = [] {
      auto* c = new ParsedConstants;
      if (mpz_init_set_str(c->p, eg4096::kPHex, 16) != 0 ||
          mpz_init_set_str(c->q, eg4096::kQHex, 16) != 0 ||
          mpz_init_set_str(c->g, eg4096::kGHex, 16) != 0) {
        Fatal("a constant is not valid hex");
      }
      mpz_t t;
      mpz_init_set_ui(t, 1);
      mpz_mul_2exp(t, t, kExponentBits);
      mpz_sub_ui(t, t, kQTail);
      if (mpz_cmp(t, c->q) != 0) Fatal("q != 2^256 - 189");
      if (mpz_sizeinbase(c->p, 2) != 64 * kN || mpz_even_p(c->p)) Fatal("p is not 4096-bit odd");
      mpz_sub_ui(t, c->p, 1);
      if (!mpz_divisible_p(t, c->q)) Fatal("q does not divide p - 1");
      if (mpz_cmp_ui(c->g, 1) <= 0 || mpz_cmp(c->g, c->p) >= 0) Fatal("g is not in [2, p-1]");
      mpz_powm(t, c->g, c->q, c->p);
      if (mpz_cmp_ui(t, 1) != 0) Fatal("g^q != 1 mod p");
      mpz_clear(t);
      return c;
    }();
    return *constants;
  }

  // A uniformly random element of [1, p−1] (not necessarily in the subgroup), for blinding.
  Element RandomUnit() const {
    Element r = NewElement();
    mp_limb_t wide[2 * kN];
    do {
      RandomBytes(std::span(reinterpret_cast<uint8_t*>(wide), sizeof(wide)));
      mpz_t wz;
      mpz_t rz;
      mpz_init(rz);
      mpz_mod(rz, mpz_roinit_n(wz, wide, 2 * kN), p_);
      ToLimbs(Words(r).data(), kN, rz);
      mpz_clear(rz);
    } while (mpn_zero_p(Words(r).data(), kN));
    Wipe(wide);
    return r;
  }

  const mp_limb_t* r2() const { return mont_.r2().data(); }

  // x^q = 1 for 1 ≤ x < p (public x). As q = 2^256 − 189 (checked at startup) and x is
  // invertible, x^q = 1 iff x^(2^256) = x^189: 256 squarings and 7 multiplications mod p,
  // against about 256 squarings and 50 multiplications for a general 256-bit exponent.
  bool VartimeHasOrderDividingQ(const mp_limb_t* x) const {
    Num xm;
    mont_.MulVartime(xm.data(), x, r2());  // x·R
    Num high = xm;
    for (int i = 0; i < kExponentBits; ++i) mont_.SqrVartime(high.data(), high.data());
    Num low = xm;  // x^189 by square-and-multiply from the top bit of 189 = 0b10111101
    for (int bit = 6; bit >= 0; --bit) {
      mont_.SqrVartime(low.data(), low.data());
      if (((kQTail >> bit) & 1) != 0) mont_.MulVartime(low.data(), low.data(), xm.data());
    }
    // Both are fully reduced Montgomery forms of x^(2^256) and x^189.
    return mpn_cmp(high.data(), low.data(), kN) == 0;
  }

  // b^E for the padded exponent E = e + 2q < 2^258 (five limbs), constant time: fixed
  // 4-bit windows from the top (65 of them, the same count for every E), each four squarings
  // and one product by an entry of b^0 … b^15 (Montgomery form) read by a full-table select.
  // On the IFMA path, where products are fast, this is about 340 products (≈ 0.4 ms) against
  // mpn_sec_powm's 1.7 ms.
  Element WindowedExp(const mp_limb_t* b, const mp_limb_t* exponent) const {
    constexpr int kW = 4;
    constexpr size_t kEntries = size_t{1} << kW;
    constexpr int kPaddedBits = 260;  // 65 windows cover E < 2^258
    std::array<mp_limb_t, kEntries * kN> table;
    std::memcpy(table.data(), mont_.one().data(), kN * sizeof(mp_limb_t));
    mont_.ToMont(table.data() + kN, b);
    for (size_t j = 2; j < kEntries; ++j) {
      mont_.MulSec(table.data() + j * kN, table.data() + (j - 1) * kN, table.data() + kN);
    }
    auto digit = [exponent](int pos) {
      const int limb = pos / 64;
      const int shift = pos % 64;  // windows never straddle limbs: 64 is a multiple of kW
      return (exponent[limb] >> shift) & (kEntries - 1);
    };
    Num acc;
    Num selected;
    mpn_sec::TabSelect(acc.data(), table.data(), kN, kEntries, digit(kPaddedBits - kW));
    for (int pos = kPaddedBits - 2 * kW; pos >= 0; pos -= kW) {
      for (int k = 0; k < kW; ++k) mont_.MulSec(acc.data(), acc.data(), acc.data());
      mpn_sec::TabSelect(selected.data(), table.data(), kN, kEntries, digit(pos));
      mont_.MulSec(acc.data(), acc.data(), selected.data());
    }
    Element r = NewElement();
    mont_.FromMont(Words(r).data(), acc.data());
    Wipe(table);
    Wipe(acc);
    Wipe(selected);
    return r;
  }

  static int BitLength(const Scalar& s) {
    const auto& l = Limbs(s);
    for (int i = kQN - 1; i >= 0; --i) {
      if (l[i] != 0) return 64 * i + 64 - __builtin_clzll(l[i]);
    }
    return 0;
  }

  static bool Bit(const uint64_t* e, int i) { return ((e[i / 64] >> (i % 64)) & 1) != 0; }

  // acc = ∏ bases[k]^{exps[k]} in Montgomery form, by interleaved sliding windows (Möller,
  // "Algorithms for multi-exponentiation", SAC 2001): one shared chain of squarings as long
  // as the longest exponent; per base a table of its odd powers x, x^3, …, x^15 (one
  // squaring and seven multiplications) and one multiplication per window, a window being
  // at most 4 bits long and starting and ending on a set bit (about one per 5 exponent
  // bits): about 34 multiplications per 128-bit exponent and 59 per 256-bit one, against
  // 46 and 78 for fixed 4-bit windows. Public data only.
  void SlidingMont(Num& acc, std::span<const mp_limb_t* const> bases,
                   std::span<const Scalar> exps) const {
    constexpr int kW = 4;
    constexpr size_t kOdd = size_t{1} << (kW - 1);  // x^1, x^3, …, x^(2^kW − 1)
    struct Window {
      int low;       // the exponent bit where the window ends (its lowest, a set bit)
      size_t entry;  // table entry: base k's power (2·j + 1) is entry k·kOdd + j
    };
    std::vector<Window> windows;
    for (size_t k = 0; k < bases.size(); ++k) {
      const uint64_t* e = Limbs(exps[k]).data();
      for (int bit = BitLength(exps[k]) - 1; bit >= 0;) {
        if (!Bit(e, bit)) {
          --bit;
          continue;
        }
        int low = std::max(bit - kW + 1, 0);
        while (!Bit(e, low)) ++low;
        const mp_limb_t digit = Digit(e, low, bit - low + 1);  // odd, < 2^kW
        windows.push_back(Window{low, k * kOdd + (digit - 1) / 2});
        bit = low - 1;
      }
    }
    acc = mont_.one();
    if (windows.empty()) return;
    std::stable_sort(windows.begin(), windows.end(),
                     [](const Window& a, const Window& b) { return a.low > b.low; });
    std::vector<mp_limb_t> table(bases.size() * kOdd * kN);
    for (size_t k = 0; k < bases.size(); ++k) {
      mp_limb_t* t = table.data() + k * kOdd * kN;
      mont_.MulVartime(t, bases[k], r2());  // x·R
      Num square;
      mont_.SqrVartime(square.data(), t);
      for (size_t j = 1; j < kOdd; ++j)
        mont_.MulVartime(t + j * kN, t + (j - 1) * kN, square.data());
    }
    size_t next = 0;
    for (int pos = windows.front().low; pos >= 0; --pos) {
      if (next > 0) mont_.SqrVartime(acc.data(), acc.data());
      for (; next < windows.size() && windows[next].low == pos; ++next) {
        const mp_limb_t* entry = table.data() + windows[next].entry * kN;
        if (next == 0) {
          std::memcpy(acc.data(), entry, sizeof(acc));
        } else {
          mont_.MulVartime(acc.data(), acc.data(), entry);
        }
      }
    }
  }

  // Copies a result into a new scalar and wipes both temporaries.
  template <size_t N, size_t M>
  Scalar Finish(mp_limb_t (&value)[N], mp_limb_t (&other)[M]) const {
    static_assert(N >= kQN);
    Scalar s = NewScalar();
    std::memcpy(Limbs(s).data(), value, kQN * sizeof(mp_limb_t));
    Wipe(value);
    Wipe(other);
    return s;
  }

  Montgomery mont_;
  std::array<uint64_t, kQN> order_{};
  std::array<uint64_t, kQN> q_minus_2_{};
  std::array<uint64_t, kQN + 1> two_q_{};
  mpz_srcptr p_ = Constants().p;
  std::unique_ptr<EgFixedBase> g_table_;
};

EgFixedBase::EgFixedBase(const Eg4096Group& group, const Element& base)
    : group_(group), base_(base) {
  const Montgomery& mont = group.mont();
  size_t entries = 0;
  for (int i = 0; i < kWindows; ++i) {
    offsets_[i] = entries;
    entries += size_t{1} << WindowBits(i);
  }
  table_.resize(entries * kN);
  // b_i = base^(2^(w·i)) in Montgomery form; entry j of window i is b_i^j.
  Num b_i;
  mont.ToMont(b_i.data(), Eg4096Group::ElementLimbs(base));
  Num power;
  for (int i = 0; i < kWindows; ++i) {
    const mp_limb_t count = mp_limb_t{1} << WindowBits(i);
    power = mont.one();
    for (mp_limb_t j = 0; j < count; ++j) {
      if (j > 0) mont.MulVartime(power.data(), power.data(), b_i.data());
      mp_limb_t* slot = table_.data() + (offsets_[i] + j) * kN;
      if (i == 0) {
        mont.FromMont(slot, power.data());  // window 0 in normal form
      } else {
        std::memcpy(slot, power.data(), kN * sizeof(mp_limb_t));
      }
    }
    mont.MulVartime(b_i.data(), power.data(), b_i.data());  // b_i^count = b_{i+1}
  }
}

Element EgFixedBase::Exp(const Scalar& e) const {
  const uint64_t* exponent = Eg4096Group::ScalarLimbs(e);
  const Montgomery& mont = group_.mont();
  Num acc;
  Num selected;
  // acc = ∏_{k ≤ i} base^(d_k·2^(w·k)), in normal form throughout (window 0 is normal form,
  // the rest Montgomery form, and MulSec divides by R once per product).
  mpn_sec::TabSelect(acc.data(), table_.data(), kN, size_t{1} << WindowBits(0),
                     Digit(exponent, 0, WindowBits(0)));
  for (int i = 1; i < kWindows; ++i) {
    mpn_sec::TabSelect(selected.data(), Entry(i, 0), kN, size_t{1} << WindowBits(i),
                       Digit(exponent, kWindowBits * i, WindowBits(i)));
    mont.MulSec(acc.data(), acc.data(), selected.data());
  }
  Element out = group_.WrapLimbs(acc.data());
  Wipe(acc);
  Wipe(selected);
  return out;
}

Element EgFixedBase::VartimeExp(const Scalar& e) const {
  const uint64_t* exponent = Eg4096Group::ScalarLimbs(e);
  const Montgomery& mont = group_.mont();
  Num acc;
  std::memcpy(acc.data(), Entry(0, Digit(exponent, 0, WindowBits(0))), sizeof(acc));
  for (int i = 1; i < kWindows; ++i) {
    mp_limb_t d = Digit(exponent, kWindowBits * i, WindowBits(i));
    if (d != 0) mont.MulVartime(acc.data(), acc.data(), Entry(i, d));
  }
  return group_.WrapLimbs(acc.data());
}

}  // namespace

const Group& Group::Eg4096() {
  static const Eg4096Group group;
  return group;
}

}  // namespace urne

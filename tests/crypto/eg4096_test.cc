// Tests of the eg4096 group (crypto/eg4096.cc): the constants, the strict decoders and every
// rejection reason, and the arithmetic checked against independent mpz computations.
#include <gmp.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/eg4096_constants.h"
#include "crypto/group.h"
#include "status/status.h"

namespace urne {
namespace {

// An mpz_t that clears itself.
class Z {
 public:
  Z() { mpz_init(z_); }
  explicit Z(const char* hex) { EXPECT_EQ(mpz_init_set_str(z_, hex, 16), 0); }
  explicit Z(ByteView big_endian) {
    mpz_init(z_);
    mpz_import(z_, big_endian.size(), 1, 1, 1, 0, big_endian.data());
  }
  ~Z() { mpz_clear(z_); }
  Z(const Z&) = delete;
  Z& operator=(const Z&) = delete;
  mpz_ptr get() { return z_; }
  mpz_srcptr get() const { return z_; }
  // Big-endian, left-padded to `size` bytes.
  Bytes ToBytes(size_t size) const {
    Bytes out(size);
    size_t count = 0;
    std::vector<uint8_t> raw((mpz_sizeinbase(z_, 2) + 7) / 8 + 1);
    mpz_export(raw.data(), &count, 1, 1, 1, 0, z_);
    EXPECT_LE(count, size);
    const auto c = static_cast<std::ptrdiff_t>(count);
    std::copy(raw.begin(), raw.begin() + c, out.end() - c);
    return out;
  }

 private:
  mpz_t z_;
};

const Group& G() { return Group::Eg4096(); }

Bytes ElementBytes(const Z& z) { return z.ToBytes(512); }

void ExpectRejected(ByteView bytes, Identity identity, const std::string& reason) {
  auto decoded = G().DecodeElement(bytes, identity);
  ASSERT_FALSE(decoded.ok()) << "accepted, expected " << reason;
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(decoded.status()), reason) << decoded.status();
}

void ExpectScalarRejected(ByteView bytes, const std::string& reason) {
  auto decoded = G().DecodeScalar(bytes);
  ASSERT_FALSE(decoded.ok()) << "accepted, expected " << reason;
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(decoded.status()), reason) << decoded.status();
}

Scalar ScalarOf(const Z& z) {
  auto s = G().DecodeScalar(z.ToBytes(32));
  EXPECT_TRUE(s.ok()) << s.status();
  return *s;
}

std::string Hex(const Group& g, const Element& e) { return ToHex(g.Encode(e)); }

// Scalars that exercise the edges of the window code: 0, 1, q−1, one bit at the top, long
// runs of ones, and random values.
std::vector<Scalar> TestScalars() {
  Z q(eg4096::kQHex);
  Z t;
  std::vector<Scalar> out;
  out.push_back(G().ScalarFromU64(0));
  out.push_back(G().ScalarFromU64(1));
  out.push_back(G().ScalarFromU64(63));
  mpz_sub_ui(t.get(), q.get(), 1);
  out.push_back(ScalarOf(t));
  mpz_set_ui(t.get(), 1);
  mpz_mul_2exp(t.get(), t.get(), 255);
  out.push_back(ScalarOf(t));
  mpz_set_ui(t.get(), 1);
  mpz_mul_2exp(t.get(), t.get(), 252);
  mpz_sub_ui(t.get(), t.get(), 1);
  out.push_back(ScalarOf(t));
  for (int i = 0; i < 4; ++i) out.push_back(G().RandomScalar());
  return out;
}

TEST(Eg4096, ConstantsAreTheElectionGuardGroup) {
  Z p(eg4096::kPHex);
  Z q(eg4096::kQHex);
  Z g(eg4096::kGHex);
  Z t;
  Z r;
  EXPECT_EQ(mpz_sizeinbase(p.get(), 2), 4096u);
  EXPECT_NE(mpz_probab_prime_p(p.get(), 8), 0);
  EXPECT_NE(mpz_probab_prime_p(q.get(), 25), 0);
  mpz_set_ui(t.get(), 1);
  mpz_mul_2exp(t.get(), t.get(), 256);
  mpz_sub_ui(t.get(), t.get(), 189);
  EXPECT_EQ(mpz_cmp(t.get(), q.get()), 0) << "q = 2^256 - 189";
  mpz_sub_ui(t.get(), p.get(), 1);
  ASSERT_TRUE(mpz_divisible_p(t.get(), q.get())) << "q | p - 1";
  mpz_divexact(t.get(), t.get(), q.get());  // r = (p − 1)/q
  mpz_set_ui(r.get(), 2);
  mpz_powm(r.get(), r.get(), t.get(), p.get());
  EXPECT_EQ(mpz_cmp(r.get(), g.get()), 0) << "g = 2^((p-1)/q) mod p";
  mpz_powm(r.get(), g.get(), q.get(), p.get());
  EXPECT_EQ(mpz_cmp_ui(r.get(), 1), 0) << "g^q = 1 mod p";
}

TEST(Eg4096, NameSizesAndByName) {
  EXPECT_EQ(G().name(), "eg4096");
  EXPECT_EQ(G().element_bytes(), 512u);
  EXPECT_EQ(G().scalar_bytes(), 32u);
  auto byname = Group::ByName("eg4096");
  ASSERT_TRUE(byname.ok());
  EXPECT_EQ(*byname, &G());
}

TEST(Eg4096, GeneratorRoundTrips) {
  Bytes enc = G().Encode(G().generator());
  ASSERT_EQ(enc.size(), 512u);
  Z g(eg4096::kGHex);
  EXPECT_EQ(enc, ElementBytes(g));
  auto back = G().DecodeElement(enc, Identity::kForbidden);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(*back == G().generator());
  EXPECT_EQ(G().Encode(*back), enc);
}

TEST(Eg4096, IdentityEncodesAsOne) {
  Bytes enc = G().Encode(G().identity());
  Bytes one(512, 0);
  one[511] = 1;
  EXPECT_EQ(enc, one);
  auto allowed = G().DecodeElement(one, Identity::kAllowed);
  ASSERT_TRUE(allowed.ok()) << allowed.status();
  EXPECT_TRUE(*allowed == G().identity());
  ExpectRejected(one, Identity::kForbidden, "element.identity");
}

TEST(Eg4096, DecodeRejectsWrongLengths) {
  for (size_t n : {0u, 1u, 32u, 511u, 513u, 1024u}) {
    Bytes b(n, 0);
    if (n > 0) b[n - 1] = 1;
    ExpectRejected(b, Identity::kAllowed, "element.wrong_length");
  }
  // A valid element with one byte dropped or added.
  Bytes g = G().Encode(G().generator());
  ExpectRejected(ByteView(g).first(511), Identity::kAllowed, "element.wrong_length");
  g.push_back(0);
  ExpectRejected(g, Identity::kAllowed, "element.wrong_length");
}

TEST(Eg4096, DecodeRejectsOutOfRange) {
  Z p(eg4096::kPHex);
  Z t;
  ExpectRejected(ElementBytes(p), Identity::kAllowed, "element.out_of_range");
  mpz_add_ui(t.get(), p.get(), 1);
  ExpectRejected(ElementBytes(t), Identity::kAllowed, "element.out_of_range");
  // g + p: same residue as g, but not the canonical encoding.
  Z g(eg4096::kGHex);
  mpz_add(t.get(), g.get(), p.get());
  if (mpz_sizeinbase(t.get(), 2) <= 4096) {
    ExpectRejected(ElementBytes(t), Identity::kAllowed, "element.out_of_range");
  }
  ExpectRejected(Bytes(512, 0xff), Identity::kAllowed, "element.out_of_range");
  // 0 is not in Z_p^*.
  ExpectRejected(Bytes(512, 0), Identity::kAllowed, "element.out_of_range");
  ExpectRejected(Bytes(512, 0), Identity::kForbidden, "element.out_of_range");
}

TEST(Eg4096, DecodeRejectsElementsOutsideTheSubgroup) {
  Z p(eg4096::kPHex);
  Z t;
  mpz_set_ui(t.get(), 2);
  ExpectRejected(ElementBytes(t), Identity::kAllowed, "element.not_in_subgroup");
  mpz_sub_ui(t.get(), p.get(), 1);  // −1 has order 2
  ExpectRejected(ElementBytes(t), Identity::kAllowed, "element.not_in_subgroup");
  // g·2: a subgroup element times a non-member.
  Z g(eg4096::kGHex);
  mpz_mul_ui(t.get(), g.get(), 2);
  mpz_mod(t.get(), t.get(), p.get());
  ExpectRejected(ElementBytes(t), Identity::kForbidden, "element.not_in_subgroup");
  // The largest residue below p.
  mpz_sub_ui(t.get(), p.get(), 2);
  ExpectRejected(ElementBytes(t), Identity::kAllowed, "element.not_in_subgroup");
}

TEST(Eg4096, DecodeAcceptsSubgroupElements) {
  for (int i = 0; i < 3; ++i) {
    Element e = G().ExpG(G().RandomNonZeroScalar());
    Bytes enc = G().Encode(e);
    auto back = G().DecodeElement(enc, Identity::kForbidden);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_TRUE(*back == e);
    EXPECT_EQ(G().Encode(*back), enc);
  }
}

TEST(Eg4096, ScalarDecoding) {
  Z q(eg4096::kQHex);
  Z t;
  ExpectScalarRejected(q.ToBytes(32), "scalar.out_of_range");
  mpz_add_ui(t.get(), q.get(), 1);
  ExpectScalarRejected(t.ToBytes(32), "scalar.out_of_range");
  ExpectScalarRejected(Bytes(32, 0xff), "scalar.out_of_range");
  for (size_t n : {0u, 31u, 33u, 64u}) ExpectScalarRejected(Bytes(n, 0), "scalar.wrong_length");

  mpz_sub_ui(t.get(), q.get(), 1);
  auto qm1 = G().DecodeScalar(t.ToBytes(32));
  ASSERT_TRUE(qm1.ok()) << qm1.status();
  EXPECT_EQ(G().Encode(*qm1), t.ToBytes(32));
  EXPECT_TRUE(G().Add(*qm1, G().ScalarFromU64(1)).IsZero());

  // Big-endian: 0x00…01 is one.
  Bytes one(32, 0);
  one[31] = 1;
  auto s = G().DecodeScalar(one);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(*s == G().ScalarFromU64(1));

  auto zero = G().DecodeNonZeroScalar(Bytes(32, 0));
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(ReasonOf(zero.status()), "scalar.zero");
}

TEST(Eg4096, ExponentiationsAgreeWithEachOtherAndWithMpz) {
  Z p(eg4096::kPHex);
  Z g(eg4096::kGHex);
  // A base other than g: a random subgroup element.
  Element b = G().ExpG(G().RandomNonZeroScalar());
  Z bz(G().Encode(b));
  auto fixed_b = G().Precompute(b);
  EXPECT_TRUE(fixed_b->base() == b);
  for (const Scalar& e : TestScalars()) {
    Z ez(G().Encode(e));
    Z want_g;
    Z want_b;
    mpz_powm(want_g.get(), g.get(), ez.get(), p.get());
    mpz_powm(want_b.get(), bz.get(), ez.get(), p.get());
    std::string hex_g = ToHex(ElementBytes(want_g));
    std::string hex_b = ToHex(ElementBytes(want_b));
    SCOPED_TRACE(ToHex(G().Encode(e)));
    EXPECT_EQ(Hex(G(), G().ExpG(e)), hex_g);
    EXPECT_EQ(Hex(G(), G().Exp(G().generator(), e)), hex_g);
    EXPECT_EQ(Hex(G(), G().VartimeExp(G().generator(), e)), hex_g);
    EXPECT_EQ(Hex(G(), G().Exp(b, e)), hex_b);
    EXPECT_EQ(Hex(G(), G().VartimeExp(b, e)), hex_b);
    EXPECT_EQ(Hex(G(), fixed_b->Exp(e)), hex_b);
  }
}

TEST(Eg4096, ExponentLaws) {
  for (int i = 0; i < 3; ++i) {
    Scalar a = G().RandomScalar();
    Scalar c = G().RandomScalar();
    // g^a · g^c = g^(a+c); (g^a)^c = g^(a·c); g^a / g^c = g^(a−c).
    EXPECT_TRUE(G().Mul(G().ExpG(a), G().ExpG(c)) == G().ExpG(G().Add(a, c)));
    EXPECT_TRUE(G().Exp(G().ExpG(a), c) == G().ExpG(G().Mul(a, c)));
    EXPECT_TRUE(G().Div(G().ExpG(a), G().ExpG(c)) == G().ExpG(G().Sub(a, c)));
    EXPECT_TRUE(G().Inverse(G().ExpG(a)) == G().ExpG(G().Neg(a)));
    EXPECT_FALSE(G().ExpG(a) == G().ExpG(G().Add(a, G().ScalarFromU64(1))));
  }
  Z q(eg4096::kQHex);
  Z t;
  mpz_sub_ui(t.get(), q.get(), 1);
  // g^(q−1) · g = 1.
  EXPECT_TRUE(G().Mul(G().ExpG(ScalarOf(t)), G().generator()) == G().identity());
  EXPECT_TRUE(G().ExpG(G().ScalarFromU64(0)) == G().identity());
  EXPECT_TRUE(G().GPow(3) == G().Mul(G().generator(), G().Mul(G().generator(), G().generator())));
}

TEST(Eg4096, ElementArithmeticMatchesMpz) {
  Z p(eg4096::kPHex);
  Element a = G().ExpG(G().RandomScalar());
  Element b = G().ExpG(G().RandomScalar());
  Z az(G().Encode(a));
  Z bz(G().Encode(b));
  Z want;
  Z inv;
  mpz_mul(want.get(), az.get(), bz.get());
  mpz_mod(want.get(), want.get(), p.get());
  EXPECT_EQ(G().Encode(G().Mul(a, b)), ElementBytes(want));
  ASSERT_NE(mpz_invert(inv.get(), bz.get(), p.get()), 0);
  EXPECT_EQ(G().Encode(G().Inverse(b)), ElementBytes(inv));
  mpz_mul(want.get(), az.get(), inv.get());
  mpz_mod(want.get(), want.get(), p.get());
  EXPECT_EQ(G().Encode(G().Div(a, b)), ElementBytes(want));
  EXPECT_TRUE(G().Div(a, a) == G().identity());
  EXPECT_TRUE(G().Mul(a, G().identity()) == a);
  EXPECT_TRUE(G().Inverse(G().identity()) == G().identity());
  EXPECT_TRUE(G().Mul(G().Inverse(G().generator()), G().generator()) == G().identity());
}

TEST(Eg4096, VartimeExpGMulAndMultiExp) {
  Scalar a = G().RandomScalar();
  Scalar e = G().RandomScalar();
  Element b = G().ExpG(G().RandomScalar());
  EXPECT_TRUE(G().VartimeExpGMul(a, b, e) == G().Mul(G().ExpG(a), G().Exp(b, e)));
  EXPECT_TRUE(G().VartimeExpGMul(G().ScalarFromU64(0), b, G().ScalarFromU64(0)) == G().identity());

  for (size_t n : {0u, 1u, 2u, 3u, 5u}) {
    std::vector<Element> bases;
    std::vector<Scalar> exps;
    Element want = G().identity();
    for (size_t i = 0; i < n; ++i) {
      bases.push_back(G().ExpG(G().RandomScalar()));
      // One zero exponent and one q−1 among them.
      exps.push_back(i == 1   ? G().ScalarFromU64(0)
                     : i == 2 ? G().Neg(G().ScalarFromU64(1))
                              : G().RandomScalar());
      want = G().Mul(want, G().VartimeExp(bases.back(), exps.back()));
    }
    EXPECT_TRUE(G().VartimeMultiExp(bases, exps) == want) << n << " bases";
  }
}

TEST(Eg4096, ScalarArithmeticMatchesMpz) {
  Z q(eg4096::kQHex);
  for (int i = 0; i < 8; ++i) {
    Scalar a = i == 0 ? G().Neg(G().ScalarFromU64(1)) : G().RandomScalar();
    Scalar b = i == 0 ? G().Neg(G().ScalarFromU64(2)) : G().RandomScalar();
    Z az(G().Encode(a));
    Z bz(G().Encode(b));
    Z want;
    mpz_add(want.get(), az.get(), bz.get());
    mpz_mod(want.get(), want.get(), q.get());
    EXPECT_EQ(G().Encode(G().Add(a, b)), want.ToBytes(32));
    mpz_sub(want.get(), az.get(), bz.get());
    mpz_mod(want.get(), want.get(), q.get());
    EXPECT_EQ(G().Encode(G().Sub(a, b)), want.ToBytes(32));
    mpz_mul(want.get(), az.get(), bz.get());
    mpz_mod(want.get(), want.get(), q.get());
    EXPECT_EQ(G().Encode(G().Mul(a, b)), want.ToBytes(32));
    ASSERT_NE(mpz_invert(want.get(), az.get(), q.get()), 0);
    EXPECT_EQ(G().Encode(G().Invert(a)), want.ToBytes(32));
    // Consistency: (a + b) − b = a; a·a^{-1} = 1; a − a = 0.
    EXPECT_TRUE(G().Sub(G().Add(a, b), b) == a);
    EXPECT_TRUE(G().Mul(a, G().Invert(a)) == G().ScalarFromU64(1));
    EXPECT_TRUE(G().Sub(a, a).IsZero());
  }
  EXPECT_TRUE(G().Invert(G().ScalarFromU64(0)).IsZero());
  EXPECT_TRUE(G().Invert(G().ScalarFromU64(1)) == G().ScalarFromU64(1));
  Z t;
  mpz_sub_ui(t.get(), q.get(), 1);
  EXPECT_EQ(G().Encode(G().Sub(G().ScalarFromU64(0), G().ScalarFromU64(1))), t.ToBytes(32));
  EXPECT_TRUE(G().Neg(G().ScalarFromU64(0)).IsZero());
}

TEST(Eg4096, ReduceWideIsBigEndianModQ) {
  Z q(eg4096::kQHex);
  std::vector<Bytes> inputs;
  inputs.emplace_back(64, 0xff);
  inputs.emplace_back(64, 0);
  Bytes small(64, 0);
  small[63] = 7;
  inputs.push_back(small);
  inputs.push_back(q.ToBytes(64));  // exactly q → 0
  Z t;
  mpz_mul(t.get(), q.get(), q.get());  // q^2 + 5 → 5
  mpz_add_ui(t.get(), t.get(), 5);
  inputs.push_back(t.ToBytes(64));
  for (int i = 0; i < 4; ++i) {
    Bytes r(64);
    for (size_t k = 0; k < r.size(); ++k)
      r[k] = static_cast<uint8_t>(static_cast<size_t>(i) * 89 + k * 31 + 7);
    inputs.push_back(r);
  }
  for (const Bytes& wide : inputs) {
    Z w(wide);
    Z want;
    mpz_mod(want.get(), w.get(), q.get());
    Scalar s = G().ReduceWide(std::span<const uint8_t, 64>(wide.data(), 64));
    EXPECT_EQ(G().Encode(s), want.ToBytes(32)) << ToHex(wide);
  }
  EXPECT_TRUE(G().ReduceWide(std::span<const uint8_t, 64>(inputs[3].data(), 64)).IsZero());
  EXPECT_TRUE(G().ReduceWide(std::span<const uint8_t, 64>(inputs[4].data(), 64)) ==
              G().ScalarFromU64(5));
}

}  // namespace
}  // namespace urne

// Cross-checks urne's ristretto255 (libdecaf) against libsodium's crypto_core_ristretto255_*
// and crypto_scalarmult_ristretto255*, byte for byte (specs/crypto.md §2.1, §2.3).
#include <gtest/gtest.h>
#include <sodium.h>

#include <array>

#include "crypto/group.h"
#include "status/status.h"

namespace urne {
namespace {

constexpr int kRounds = 200;

const Group& G() { return Group::Ristretto255(); }

// A scalar drawn by libsodium, as urne's Scalar and as libsodium's 32 bytes.
struct TwinScalar {
  std::array<uint8_t, 32> bytes;
  Scalar scalar;
};

TwinScalar RandomTwin() {
  std::array<uint8_t, 32> bytes;
  crypto_core_ristretto255_scalar_random(bytes.data());  // uniform in [1, ℓ)
  auto s = G().DecodeScalar(bytes);
  EXPECT_TRUE(s.ok()) << s.status();
  return {bytes, s.ok() ? *s : G().ScalarFromU64(0)};
}

std::array<uint8_t, 32> SodiumBase(const std::array<uint8_t, 32>& k) {
  std::array<uint8_t, 32> out;
  EXPECT_EQ(crypto_scalarmult_ristretto255_base(out.data(), k.data()), 0);
  return out;
}

Element DecodeOrDie(ByteView enc) {
  auto e = G().DecodeElement(enc, Identity::kAllowed);
  EXPECT_TRUE(e.ok()) << e.status();
  return e.ok() ? *e : G().identity();
}

TEST(LibsodiumCross, ExpGMatchesScalarmultBase) {
  auto table = G().Precompute(G().generator());
  for (int i = 0; i < kRounds; ++i) {
    TwinScalar k = RandomTwin();
    std::string want = ToHex(SodiumBase(k.bytes));
    EXPECT_EQ(ToHex(G().Encode(G().ExpG(k.scalar))), want);
    EXPECT_EQ(ToHex(G().Encode(table->Exp(k.scalar))), want);
    EXPECT_EQ(ToHex(G().Encode(G().VartimeExp(G().generator(), k.scalar))), want);
  }
}

TEST(LibsodiumCross, ExpMatchesScalarmult) {
  for (int i = 0; i < kRounds; ++i) {
    TwinScalar a = RandomTwin();
    TwinScalar k = RandomTwin();
    std::array<uint8_t, 32> base = SodiumBase(a.bytes);
    Element b = DecodeOrDie(base);
    std::array<uint8_t, 32> want;
    ASSERT_EQ(crypto_scalarmult_ristretto255(want.data(), k.bytes.data(), base.data()), 0);
    EXPECT_EQ(ToHex(G().Encode(G().Exp(b, k.scalar))), ToHex(want));
    EXPECT_EQ(ToHex(G().Encode(G().VartimeExp(b, k.scalar))), ToHex(want));
    EXPECT_EQ(ToHex(G().Encode(G().Precompute(b)->Exp(k.scalar))), ToHex(want));
  }
}

TEST(LibsodiumCross, MulAndDivMatchAddAndSub) {
  for (int i = 0; i < kRounds; ++i) {
    TwinScalar a = RandomTwin();
    TwinScalar b = RandomTwin();
    std::array<uint8_t, 32> pa = SodiumBase(a.bytes);
    std::array<uint8_t, 32> pb = SodiumBase(b.bytes);
    Element ea = G().ExpG(a.scalar);
    Element eb = G().ExpG(b.scalar);
    std::array<uint8_t, 32> sum;
    std::array<uint8_t, 32> diff;
    ASSERT_EQ(crypto_core_ristretto255_add(sum.data(), pa.data(), pb.data()), 0);
    ASSERT_EQ(crypto_core_ristretto255_sub(diff.data(), pa.data(), pb.data()), 0);
    EXPECT_EQ(ToHex(G().Encode(G().Mul(ea, eb))), ToHex(sum));
    EXPECT_EQ(ToHex(G().Encode(G().Div(ea, eb))), ToHex(diff));
    std::array<uint8_t, 32> zero{};
    std::array<uint8_t, 32> neg;
    ASSERT_EQ(crypto_core_ristretto255_sub(neg.data(), zero.data(), pb.data()), 0);
    EXPECT_EQ(ToHex(G().Encode(G().Inverse(eb))), ToHex(neg));
    // g^a · b^e in one double exponentiation.
    std::array<uint8_t, 32> be;
    ASSERT_EQ(crypto_scalarmult_ristretto255(be.data(), b.bytes.data(), pb.data()), 0);
    std::array<uint8_t, 32> want;
    ASSERT_EQ(crypto_core_ristretto255_add(want.data(), pa.data(), be.data()), 0);
    EXPECT_EQ(ToHex(G().Encode(G().VartimeExpGMul(a.scalar, eb, b.scalar))), ToHex(want));
  }
}

TEST(LibsodiumCross, ScalarArithmetic) {
  for (int i = 0; i < kRounds; ++i) {
    TwinScalar a = RandomTwin();
    TwinScalar b = RandomTwin();
    std::array<uint8_t, 32> add;
    std::array<uint8_t, 32> sub;
    std::array<uint8_t, 32> mul;
    std::array<uint8_t, 32> inv;
    std::array<uint8_t, 32> neg;
    crypto_core_ristretto255_scalar_add(add.data(), a.bytes.data(), b.bytes.data());
    crypto_core_ristretto255_scalar_sub(sub.data(), a.bytes.data(), b.bytes.data());
    crypto_core_ristretto255_scalar_mul(mul.data(), a.bytes.data(), b.bytes.data());
    ASSERT_EQ(crypto_core_ristretto255_scalar_invert(inv.data(), a.bytes.data()), 0);
    crypto_core_ristretto255_scalar_negate(neg.data(), a.bytes.data());
    EXPECT_EQ(ToHex(G().Encode(G().Add(a.scalar, b.scalar))), ToHex(add));
    EXPECT_EQ(ToHex(G().Encode(G().Sub(a.scalar, b.scalar))), ToHex(sub));
    EXPECT_EQ(ToHex(G().Encode(G().Mul(a.scalar, b.scalar))), ToHex(mul));
    EXPECT_EQ(ToHex(G().Encode(G().Invert(a.scalar))), ToHex(inv));
    EXPECT_EQ(ToHex(G().Encode(G().Neg(a.scalar))), ToHex(neg));
  }
}

TEST(LibsodiumCross, ReduceWideMatchesScalarReduce) {
  for (int i = 0; i < kRounds; ++i) {
    std::array<uint8_t, 64> wide;
    randombytes_buf(wide.data(), wide.size());
    if (i == 0) wide.fill(0xff);  // the largest 512-bit value
    if (i == 1) wide.fill(0x00);
    std::array<uint8_t, 32> want;
    crypto_core_ristretto255_scalar_reduce(want.data(), wide.data());
    EXPECT_EQ(ToHex(G().Encode(G().ReduceWide(wide))), ToHex(want));
  }
}

TEST(LibsodiumCross, DecodersAgreeOnRandomStringsBelowTwoTo255) {
  // Bit 255 cleared: there libsodium 1.0.18 is correct, and both must agree exactly.
  int accepted = 0;
  for (int i = 0; i < 20 * kRounds; ++i) {
    std::array<uint8_t, 32> enc;
    randombytes_buf(enc.data(), enc.size());
    enc[31] &= 0x7f;
    if (i % 2 == 0) enc[0] &= 0xfe;  // even s, so that some decode
    bool sodium_ok = crypto_core_ristretto255_is_valid_point(enc.data()) == 1;
    auto e = G().DecodeElement(enc, Identity::kAllowed);
    EXPECT_EQ(e.ok(), sodium_ok) << ToHex(enc);
    if (e.ok()) {
      ++accepted;
      EXPECT_EQ(ToHex(G().Encode(*e)), ToHex(enc));
    }
  }
  EXPECT_GT(accepted, 0);
}

TEST(LibsodiumCross, DecodeScalarMatchesCanonicalityOfLibsodium) {
  // ℓ − 1 is the largest canonical scalar; ℓ and above are refused with scalar.out_of_range.
  std::array<uint8_t, 32> l_minus_1;
  crypto_core_ristretto255_scalar_negate(l_minus_1.data(), G().Encode(G().ScalarFromU64(1)).data());
  EXPECT_TRUE(G().DecodeScalar(l_minus_1).ok());
  std::array<uint8_t, 32> l = l_minus_1;
  l[0] += 1;  // ℓ − 1 ends in 0xec; no carry
  auto s = G().DecodeScalar(l);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(ReasonOf(s.status()), "scalar.out_of_range");
  std::array<uint8_t, 32> big;
  big.fill(0xff);
  s = G().DecodeScalar(big);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(ReasonOf(s.status()), "scalar.out_of_range");
  std::array<uint8_t, 32> zero{};
  auto z = G().DecodeNonZeroScalar(zero);
  ASSERT_FALSE(z.ok());
  EXPECT_EQ(ReasonOf(z.status()), "scalar.zero");
  auto short_scalar = G().DecodeScalar(ByteView(zero.data(), 31));
  ASSERT_FALSE(short_scalar.ok());
  EXPECT_EQ(ReasonOf(short_scalar.status()), "scalar.wrong_length");
}

}  // namespace
}  // namespace urne

// Tests of crypto/ed25519.h: Ed25519 keys, signatures and strict public-key parsing.
#include "crypto/ed25519.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <string>
#include <vector>

#include "crypto/bytes.h"
#include "status/status.h"

namespace urne {
namespace {

Bytes Hex(std::string_view hex) {
  absl::StatusOr<Bytes> bytes = FromHex(hex);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : Bytes();
}

std::array<uint8_t, 32> Seed(uint8_t fill) {
  std::array<uint8_t, 32> seed;
  seed.fill(fill);
  return seed;
}

void ExpectReason(const absl::Status& status, std::string_view reason) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(ReasonOf(status), reason) << status;
}

// RFC 8032 §7.1, TEST 1 and TEST 2.
TEST(SigningTest, Rfc8032Vectors) {
  struct Vector {
    const char* seed;
    const char* public_key;
    const char* message;
    const char* signature;
  };
  const Vector vectors[] = {
      {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
       "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e397"
       "01cf9b46bd25bf5f0595bbe24655141438e7a100b"},
      {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
       "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f361"
       "3d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
  };
  for (const Vector& v : vectors) {
    const Bytes seed = Hex(v.seed);
    ASSERT_EQ(seed.size(), 32u);
    const SigningKey key = SigningKey::FromSeed(std::span<const uint8_t, 32>(seed.data(), 32));
    EXPECT_EQ(ToHex(key.public_key().bytes), v.public_key);
    const Bytes message = Hex(v.message);
    EXPECT_EQ(ToHex(key.Sign(message)), v.signature);
    absl::StatusOr<PublicKey> parsed = ParsePublicKey(Hex(v.public_key));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_TRUE(Verify(*parsed, message, Hex(v.signature)).ok());
  }
}

TEST(SigningTest, SignThenVerify) {
  const SigningKey key = SigningKey::Generate();
  const Bytes message = {'b', 'a', 'l', 'l', 'o', 't'};
  const Bytes signature = key.Sign(message);
  EXPECT_EQ(signature.size(), kSignatureBytes);
  EXPECT_TRUE(Verify(key.public_key(), message, signature).ok());
  // Deterministic (RFC 8032).
  EXPECT_EQ(key.Sign(message), signature);
  // The public key of a generated key parses.
  EXPECT_TRUE(ParsePublicKey(key.public_key().bytes).ok());
}

TEST(SigningTest, GeneratedKeysDiffer) {
  EXPECT_NE(SigningKey::Generate().public_key(), SigningKey::Generate().public_key());
}

TEST(SigningTest, SeedRoundTrip) {
  const SigningKey key = SigningKey::Generate();
  const SecretBytes seed = key.seed();
  ASSERT_EQ(seed.size(), kSeedBytes);
  const SigningKey again = SigningKey::FromSeed(std::span<const uint8_t, 32>(seed.data(), 32));
  EXPECT_EQ(again.public_key(), key.public_key());
  const Bytes message = {1, 2, 3};
  EXPECT_EQ(again.Sign(message), key.Sign(message));
}

TEST(SigningTest, FromSeedIsDeterministicAndSeedSensitive) {
  const auto a = Seed(7);
  const auto b = Seed(8);
  EXPECT_EQ(SigningKey::FromSeed(a).public_key(), SigningKey::FromSeed(a).public_key());
  EXPECT_NE(SigningKey::FromSeed(a).public_key(), SigningKey::FromSeed(b).public_key());
}

TEST(SigningTest, MovedKeyKeepsSigning) {
  SigningKey key = SigningKey::FromSeed(Seed(1));
  const PublicKey pk = key.public_key();
  SigningKey moved = std::move(key);
  EXPECT_EQ(moved.public_key(), pk);
  const Bytes message = {9};
  EXPECT_TRUE(Verify(pk, message, moved.Sign(message)).ok());
}

TEST(SigningTest, VerifyFailsUnderAnotherKey) {
  const SigningKey key = SigningKey::FromSeed(Seed(1));
  const SigningKey other = SigningKey::FromSeed(Seed(2));
  const Bytes message = {'m'};
  ExpectReason(Verify(other.public_key(), message, key.Sign(message)), "signature.invalid");
}

TEST(SigningTest, VerifyFailsForAnotherMessage) {
  const SigningKey key = SigningKey::FromSeed(Seed(1));
  const Bytes message = {'m', 'e', 's', 's', 'a', 'g', 'e'};
  const Bytes signature = key.Sign(message);
  for (size_t i = 0; i < message.size(); ++i) {
    Bytes changed = message;
    changed[i] ^= 1;
    ExpectReason(Verify(key.public_key(), changed, signature), "signature.invalid");
  }
  Bytes longer = message;
  longer.push_back(0);
  ExpectReason(Verify(key.public_key(), longer, signature), "signature.invalid");
  ExpectReason(Verify(key.public_key(), Bytes(), signature), "signature.invalid");
}

TEST(SigningTest, VerifyFailsForEveryFlippedSignatureBit) {
  const SigningKey key = SigningKey::FromSeed(Seed(3));
  const Bytes message = {'x'};
  const Bytes signature = key.Sign(message);
  for (size_t bit = 0; bit < 8 * kSignatureBytes; ++bit) {
    Bytes flipped = signature;
    flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    ExpectReason(Verify(key.public_key(), message, flipped), "signature.invalid");
  }
}

TEST(SigningTest, VerifyRejectsNonCanonicalS) {
  // S + ℓ verifies the same equation; libsodium refuses it (no malleability).
  const SigningKey key = SigningKey::FromSeed(Seed(4));
  const Bytes message = {'y'};
  Bytes signature = key.Sign(message);
  const Bytes ell = Hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  unsigned carry = 0;
  for (size_t i = 0; i < 32; ++i) {
    const unsigned sum = signature[32 + i] + ell[i] + carry;
    signature[32 + i] = static_cast<uint8_t>(sum);
    carry = sum >> 8;
  }
  ASSERT_EQ(carry, 0u);
  ExpectReason(Verify(key.public_key(), message, signature), "signature.invalid");
}

TEST(SigningTest, VerifyRejectsWrongSignatureLengths) {
  const SigningKey key = SigningKey::FromSeed(Seed(5));
  const Bytes message = {'z'};
  const Bytes signature = key.Sign(message);
  for (size_t n : {size_t{0}, size_t{1}, size_t{32}, size_t{63}}) {
    ExpectReason(Verify(key.public_key(), message, ByteView(signature).first(n)),
                 "signature.wrong_length");
  }
  Bytes longer = signature;
  longer.push_back(0);
  ExpectReason(Verify(key.public_key(), message, longer), "signature.wrong_length");
  ExpectReason(Verify(key.public_key(), message, Bytes(128, 0)), "signature.wrong_length");
}

TEST(KnownKeysTest, AnswersTheSameAsParsePublicKey) {
  const PublicKey a = SigningKey::FromSeed(Seed(7)).public_key();
  const PublicKey b = SigningKey::FromSeed(Seed(8)).public_key();
  const PublicKey c = SigningKey::FromSeed(Seed(9)).public_key();
  const KnownKeys known({b, a, b});  // unsorted, a duplicate
  EXPECT_EQ(known.size(), 2u);
  ASSERT_TRUE(known.Find(a.bytes).has_value());
  EXPECT_EQ(*known.Find(a.bytes), a);
  EXPECT_FALSE(known.Find(c.bytes).has_value());
  EXPECT_FALSE(known.Find(ByteView(a.bytes).first(31)).has_value());
  // A known key, an unknown valid key, and invalid bytes get ParsePublicKey's own answers.
  EXPECT_EQ(*ParsePublicKey(a.bytes, &known), a);
  EXPECT_EQ(*ParsePublicKey(c.bytes, &known), c);
  EXPECT_EQ(*ParsePublicKey(c.bytes, nullptr), c);
  ExpectReason(ParsePublicKey(
                   Hex("0100000000000000000000000000000000000000000000000000000000000000"), &known)
                   .status(),
               "key.invalid");
  ExpectReason(ParsePublicKey(ByteView(a.bytes).first(31), &known).status(), "key.wrong_length");
}

TEST(ParsePublicKeyTest, RejectsWrongLengths) {
  const PublicKey pk = SigningKey::FromSeed(Seed(6)).public_key();
  for (size_t n : {size_t{0}, size_t{1}, size_t{31}}) {
    ExpectReason(ParsePublicKey(ByteView(pk.bytes).first(n)).status(), "key.wrong_length");
  }
  Bytes longer(pk.bytes.begin(), pk.bytes.end());
  longer.push_back(0);
  ExpectReason(ParsePublicKey(longer).status(), "key.wrong_length");
  ExpectReason(ParsePublicKey(Bytes(64, 1)).status(), "key.wrong_length");
}

TEST(ParsePublicKeyTest, RejectsSmallOrderPoints) {
  // The torsion points E[8]: identity, the order-2 point, both order-4 points and the four
  // order-8 points (y and y with the sign bit set).
  const char* small_order[] = {
      "0100000000000000000000000000000000000000000000000000000000000000",  // identity
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // order 2 (y = −1)
      "0000000000000000000000000000000000000000000000000000000000000000",  // order 4 (y = 0)
      "0000000000000000000000000000000000000000000000000000000000000080",  // order 4, −x
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",  // order 8
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",  // order 8
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",  // order 8
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",  // order 8
  };
  for (const char* hex : small_order) {
    ExpectReason(ParsePublicKey(Hex(hex)).status(), "key.invalid");
  }
}

TEST(ParsePublicKeyTest, RejectsEveryNonCanonicalEncoding) {
  // y ≥ p = 2^255 − 19: the 19 values p … p + 18, each with both sign bits.
  for (unsigned k = 0; k < 19; ++k) {
    for (uint8_t sign : {uint8_t{0x00}, uint8_t{0x80}}) {
      Bytes encoding(32, 0xff);
      encoding[0] = static_cast<uint8_t>(0xed + k);
      encoding[31] = static_cast<uint8_t>(0x7f | sign);
      ExpectReason(ParsePublicKey(encoding).status(), "key.invalid");
    }
  }
}

TEST(ParsePublicKeyTest, RejectsNonCanonicalTwinOfAPoint) {
  // y = p + 9 decodes (to the point with y = 9) in libsodium's decoder, as the successful
  // addition shows, yet it is not the canonical encoding and must be refused.
  const Bytes non_canonical =
      Hex("f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  const PublicKey base = SigningKey::FromSeed(Seed(9)).public_key();
  std::array<uint8_t, 32> sum;
  ASSERT_EQ(crypto_core_ed25519_add(sum.data(), non_canonical.data(), base.bytes.data()), 0);
  ExpectReason(ParsePublicKey(non_canonical).status(), "key.invalid");
}

TEST(ParsePublicKeyTest, RejectsPointsOffTheCurve) {
  // Canonical y values with no x on the curve: crypto_core_ed25519_add cannot decode them.
  const PublicKey base = SigningKey::FromSeed(Seed(10)).public_key();
  int found = 0;
  for (uint8_t y = 2; y < 100 && found < 5; ++y) {
    Bytes encoding(32, 0);
    encoding[0] = y;
    std::array<uint8_t, 32> sum;
    if (crypto_core_ed25519_add(sum.data(), encoding.data(), base.bytes.data()) == 0) continue;
    ++found;
    ExpectReason(ParsePublicKey(encoding).status(), "key.invalid");
  }
  EXPECT_EQ(found, 5);
}

TEST(ParsePublicKeyTest, RejectsMixedOrderPoints) {
  // A valid key plus a torsion point: on the curve, canonical, not small order, but outside
  // the prime-order subgroup.
  const PublicKey pk = SigningKey::FromSeed(Seed(11)).public_key();
  const Bytes torsion[] = {
      Hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
      Hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
  };
  for (const Bytes& t : torsion) {
    std::array<uint8_t, 32> mixed;
    ASSERT_EQ(crypto_core_ed25519_add(mixed.data(), pk.bytes.data(), t.data()), 0);
    ExpectReason(ParsePublicKey(mixed).status(), "key.invalid");
  }
}

TEST(ParsePublicKeyTest, AcceptsBothSignsOfAValidPoint) {
  // −A (sign bit flipped) is also a prime-order point and a valid key.
  const PublicKey pk = SigningKey::FromSeed(Seed(12)).public_key();
  Bytes negated(pk.bytes.begin(), pk.bytes.end());
  negated[31] ^= 0x80;
  absl::StatusOr<PublicKey> parsed = ParsePublicKey(negated);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_NE(*parsed, pk);
}

TEST(PublicKeyTest, OrdersByBytes) {
  PublicKey a{};
  PublicKey b{};
  a.bytes[0] = 1;
  b.bytes[0] = 2;
  EXPECT_LT(a, b);
  b.bytes[0] = 1;
  b.bytes[31] = 1;
  EXPECT_LT(a, b);
  EXPECT_EQ(a, a);
}

}  // namespace
}  // namespace urne

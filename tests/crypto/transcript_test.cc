// Transcripts (specs/crypto.md §3): byte layout, the worked example of §3.4, domain
// separation and unambiguity.
#include "crypto/transcript.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "crypto/group.h"
#include "status/status.h"

namespace urne {
namespace {

// specs/crypto.md §3.4.
constexpr std::string_view kExampleBytes =
    "0000000f75726e652f76312f6578616d706c65"
    "00000008656c656374696f6e"
    "0000000464656d6f"
    "00000005696e646578"
    "000000080000000000000007"
    "0000000167"
    "00000020e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76";
constexpr std::string_view kExampleSha256 =
    "055c76e7f80ea5bfca1ec2473131019c1efc8c5e06ef06cd93adc3274121efee";
constexpr std::string_view kExampleSha512 =
    "80095628bbdd52c128612b6c31d9aa871e3d21ca580ed7074519e35444f541e2"
    "f2cc256a5b46477308e32cc93a22d0f401a56a6c03020b3ec97326caeb8ffa82";
constexpr std::string_view kExampleChallengeRistretto255 =
    "b5c1e914322574ca7da5fa08fe7d39a90258b17853709be1e35bbfdae2f90f0e";
constexpr std::string_view kExampleChallengeEg4096 =
    "79b0c17d0dac600dd8a03baa07d5b6b554c75ccf05f6cb9ccd8ffc01d4a1e47f";

Transcript Example() {
  const Group& g = Group::Ristretto255();
  Transcript t("urne/v1/example");
  t.Append("election", "demo").AppendU64("index", 7).Append("g", g.generator());
  return t;
}

TEST(Transcript, WorkedExampleIsByteExact) {
  Transcript t = Example();
  EXPECT_EQ(t.bytes().size(), 101u);
  EXPECT_EQ(ToHex(t.bytes()), kExampleBytes);
  EXPECT_EQ(ToHex(t.Digest()), kExampleSha256);
  EXPECT_EQ(ToHex(Sha512(t.bytes())), kExampleSha512);
}

TEST(Transcript, WorkedExampleChallengeRistretto255) {
  const Group& g = Group::Ristretto255();
  EXPECT_EQ(ToHex(g.Encode(Example().Challenge(g))), kExampleChallengeRistretto255);
}

TEST(Transcript, WorkedExampleChallengeEg4096) {
  const Group& g = Group::Eg4096();
  EXPECT_EQ(ToHex(g.Encode(Example().Challenge(g))), kExampleChallengeEg4096);
}

TEST(Transcript, DomainOnly) {
  Transcript t("d");
  EXPECT_EQ(ToHex(t.bytes()), "0000000164");
  EXPECT_EQ(ToHex(t.Digest()), ToHex(Sha256(t.bytes())));
}

TEST(Transcript, EmptyLabelAndValueAreFramed) {
  Transcript t("");
  t.Append("", "");
  EXPECT_EQ(ToHex(t.bytes()), "000000000000000000000000");
}

TEST(Transcript, ElementsAndScalarsAppendTheirEncoding) {
  const Group& g = Group::Ristretto255();
  Scalar s = g.ScalarFromU64(0x0102);
  Transcript a("x");
  a.Append("e", g.generator()).Append("s", s);
  Transcript b("x");
  b.Append("e", g.Encode(g.generator())).Append("s", g.Encode(s));
  EXPECT_EQ(a.bytes(), b.bytes());
  // Scalars are 32 bytes little-endian in ristretto255.
  EXPECT_EQ(ToHex(ByteView(a.bytes()).last(32)),
            "0201000000000000000000000000000000000000000000000000000000000000");
}

TEST(Transcript, U64IsEightBytesBigEndian) {
  Transcript t("x");
  t.AppendU64("n", 0x0102030405060708ULL);
  EXPECT_EQ(ToHex(t.bytes()),
            "0000000178"
            "000000016e"
            "000000080102030405060708");
}

TEST(Transcript, EveryChangeChangesTheDigest) {
  std::set<std::string> digests;
  auto add = [&digests](const Transcript& t) {
    EXPECT_TRUE(digests.insert(ToHex(t.Digest())).second) << ToHex(t.bytes());
  };
  add(Transcript("urne/v1/a"));
  add(Transcript("urne/v1/b"));
  add(Transcript("urne/v1/a").Append("k", "v"));
  add(Transcript("urne/v1/a").Append("K", "v"));  // label
  add(Transcript("urne/v1/a").Append("k", "w"));  // value
  add(Transcript("urne/v1/a").Append("k", ""));   // empty value
  add(Transcript("urne/v1/a").Append("k", "v").Append("j", "u"));
  add(Transcript("urne/v1/a").Append("j", "u").Append("k", "v"));  // order
  add(Transcript("urne/v1/a").Append("k", "v").Append("k", "v"));  // repetition
  add(Transcript("urne/v1/a").AppendU64("n", 1));
  add(Transcript("urne/v1/a").AppendU64("n", 256));
}

TEST(Transcript, FramingRemovesAmbiguity) {
  // Joined strings would collide: "ab"+"c" == "a"+"bc". Frames do not.
  Transcript a("x");
  a.Append("f", "ab").Append("g", "c");
  Transcript b("x");
  b.Append("f", "a").Append("g", "bc");
  EXPECT_NE(a.bytes(), b.bytes());
  EXPECT_NE(ToHex(a.Digest()), ToHex(b.Digest()));
  // Nor can a value be mistaken for a label, or the domain for a field.
  Transcript c("x");
  c.Append("ab", "c");
  Transcript d("x");
  d.Append("a", "bc");
  EXPECT_NE(c.bytes(), d.bytes());
  Transcript e("xk");
  Transcript f("x");
  f.Append("k", "");
  EXPECT_NE(e.bytes(), f.bytes());
}

TEST(Transcript, ChallengeIsSha512ReducedWide) {
  const Group& g = Group::Ristretto255();
  Transcript t("urne/v1/test");
  t.Append("k", "v");
  auto wide = Sha512(t.bytes());
  EXPECT_TRUE(t.Challenge(g) == g.ReduceWide(wide));
  Transcript u("urne/v1/test");
  u.Append("k", "w");
  EXPECT_FALSE(t.Challenge(g) == u.Challenge(g));
}

TEST(Hashes, KnownAnswers) {
  // FIPS 180-2 "abc".
  EXPECT_EQ(ToHex(Sha256(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ToHex(Sha512(AsBytes("abc"))),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

}  // namespace
}  // namespace urne

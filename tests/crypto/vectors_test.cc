// Checks every value of the known-answer vectors in tests/vectors/ (written by
// tools/gen_vectors.cc; format in tests/vectors/README.md) against urne_crypto.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "crypto/bytes.h"
#include "crypto/chaum_pedersen.h"
#include "crypto/elgamal.h"
#include "crypto/group.h"
#include "crypto/range_proof.h"
#include "crypto/schnorr.h"
#include "crypto/transcript.h"
#include "status/status.h"
#include "tests/vectors/vector_reader.h"

namespace urne {
namespace {

using vectors::Get;
using vectors::ReadVectors;
using Record = vectors::Record;

Bytes HexField(const Record& r, const std::string& key) {
  auto b = FromHex(Get(r, key));
  EXPECT_TRUE(b.ok()) << key << ": " << b.status();
  return b.ok() ? *b : Bytes{};
}

const Group& GroupOf(const Record& r) {
  auto g = Group::ByName(Get(r, "group"));
  EXPECT_TRUE(g.ok()) << g.status();
  return g.ok() ? **g : Group::Ristretto255();
}

Element ElementField(const Group& g, const Record& r, const std::string& key) {
  auto e = g.DecodeElement(HexField(r, key), Identity::kAllowed);
  EXPECT_TRUE(e.ok()) << key << ": " << e.status();
  return e.ok() ? *e : g.identity();
}

Scalar ScalarField(const Group& g, const Record& r, const std::string& key) {
  auto s = g.DecodeScalar(HexField(r, key));
  EXPECT_TRUE(s.ok()) << key << ": " << s.status();
  return s.ok() ? *s : g.ScalarFromU64(0);
}

std::string H(const Group& g, const Element& e) { return ToHex(g.Encode(e)); }
std::string H(const Group& g, const Scalar& s) { return ToHex(g.Encode(s)); }

void CheckGroupRecord(const Record& r, std::map<std::string, int>& seen) {
  const Group& g = GroupOf(r);
  const std::string kind = Get(r, "kind");
  ++seen[Cat(g.name(), "/", kind)];
  if (kind == "reduce_wide") {
    Bytes wide = HexField(r, "wide");
    ASSERT_EQ(wide.size(), 64u);
    if (r.contains("index")) {
      // wide = SHA-512("urne/v1/test-vector" ‖ u32_be(index))
      constexpr std::string_view kSeed = "urne/v1/test-vector";
      Bytes seed(kSeed.begin(), kSeed.end());
      AppendU32(seed, static_cast<uint32_t>(std::stoul(Get(r, "index"))));
      EXPECT_EQ(ToHex(Sha512(seed)), Get(r, "wide"));
    }
    EXPECT_EQ(H(g, g.ReduceWide(std::span<const uint8_t, 64>(wide.data(), 64))), Get(r, "scalar"));
    ScalarField(g, r, "scalar");  // canonical
  } else if (kind == "exp_g") {
    Scalar s = ScalarField(g, r, "scalar");
    EXPECT_EQ(H(g, g.ExpG(s)), Get(r, "element"));
    EXPECT_EQ(H(g, g.VartimeExp(g.generator(), s)), Get(r, "element"));
    EXPECT_EQ(H(g, ElementField(g, r, "element")), Get(r, "element"));
  } else if (kind == "gpow") {
    EXPECT_EQ(H(g, g.GPow(std::stoull(Get(r, "m")))), Get(r, "element"));
  } else if (kind == "exp") {
    Element base = ElementField(g, r, "base");
    Scalar s = ScalarField(g, r, "scalar");
    EXPECT_EQ(H(g, g.Exp(base, s)), Get(r, "element"));
    EXPECT_EQ(H(g, g.VartimeExp(base, s)), Get(r, "element"));
  } else if (kind == "mul" || kind == "div") {
    Element x = ElementField(g, r, "x");
    Element y = ElementField(g, r, "y");
    EXPECT_EQ(H(g, kind == "mul" ? g.Mul(x, y) : g.Div(x, y)), Get(r, "element"));
  } else if (kind == "inverse") {
    EXPECT_EQ(H(g, g.Inverse(ElementField(g, r, "x"))), Get(r, "element"));
  } else if (kind == "scalar_add" || kind == "scalar_sub" || kind == "scalar_mul") {
    Scalar a = ScalarField(g, r, "a");
    Scalar b = ScalarField(g, r, "b");
    Scalar got = kind == "scalar_add"   ? g.Add(a, b)
                 : kind == "scalar_sub" ? g.Sub(a, b)
                                        : g.Mul(a, b);
    EXPECT_EQ(H(g, got), Get(r, "result"));
  } else if (kind == "scalar_neg" || kind == "scalar_inv") {
    Scalar a = ScalarField(g, r, "a");
    EXPECT_EQ(H(g, kind == "scalar_neg" ? g.Neg(a) : g.Invert(a)), Get(r, "result"));
  } else if (kind == "decode_element_reject") {
    Identity identity =
        Get(r, "identity") == "forbidden" ? Identity::kForbidden : Identity::kAllowed;
    auto e = g.DecodeElement(HexField(r, "bytes"), identity);
    ASSERT_FALSE(e.ok()) << Get(r, "name");
    EXPECT_EQ(e.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ReasonOf(e.status()), Get(r, "reason")) << Get(r, "name");
  } else if (kind == "decode_scalar_reject") {
    Bytes bytes = HexField(r, "bytes");
    auto s = Get(r, "nonzero") == "true" ? g.DecodeNonZeroScalar(bytes) : g.DecodeScalar(bytes);
    ASSERT_FALSE(s.ok()) << Get(r, "name");
    EXPECT_EQ(ReasonOf(s.status()), Get(r, "reason")) << Get(r, "name");
  } else {
    ADD_FAILURE() << "unknown kind \"" << kind << "\" in groups.json";
  }
}

TEST(Vectors, GroupsJson) {
  std::vector<Record> records = ReadVectors("groups.json");
  ASSERT_GT(records.size(), 1u);
  std::map<std::string, int> seen;
  for (size_t i = 1; i < records.size(); ++i) {
    SCOPED_TRACE(Cat("groups.json record ", i));
    CheckGroupRecord(records[i], seen);
  }
  for (const char* group : {"ristretto255", "eg4096"}) {
    for (const char* kind : {"reduce_wide", "exp_g", "gpow", "exp", "mul", "div", "inverse",
                             "scalar_add", "scalar_sub", "scalar_mul", "scalar_neg", "scalar_inv",
                             "decode_element_reject", "decode_scalar_reject"}) {
      EXPECT_GT(seen[Cat(group, "/", kind)], 0) << group << "/" << kind << " missing";
    }
  }
}

TEST(Vectors, TranscriptJson) {
  std::vector<Record> records = ReadVectors("transcript.json");
  ASSERT_GT(records.size(), 1u);
  std::map<std::string, std::string> sha256_by_name;
  for (size_t i = 1; i < records.size(); ++i) {
    const Record& r = records[i];
    SCOPED_TRACE(Cat("transcript.json record ", i, " ", Get(r, "name")));
    ASSERT_EQ(Get(r, "kind"), "transcript");
    const Group& g = GroupOf(r);
    Transcript t(Get(r, "domain"));
    std::string fields = Get(r, "fields");
    if (!fields.empty()) {
      std::stringstream ss(fields);
      for (std::string field; std::getline(ss, field, ';');) {
        size_t eq = field.find('=');
        ASSERT_NE(eq, std::string::npos) << field;
        auto value = FromHex(field.substr(eq + 1));
        ASSERT_TRUE(value.ok()) << value.status();
        t.Append(field.substr(0, eq), *value);
      }
    }
    EXPECT_EQ(ToHex(t.bytes()), Get(r, "bytes"));
    EXPECT_EQ(ToHex(t.Digest()), Get(r, "sha256"));
    EXPECT_EQ(ToHex(Sha512(t.bytes())), Get(r, "sha512"));
    EXPECT_EQ(H(g, t.Challenge(g)), Get(r, "challenge"));
    sha256_by_name[Cat(g.name(), "/", Get(r, "name"))] = Get(r, "sha256");
  }
  for (const char* group : {"ristretto255", "eg4096"}) {
    EXPECT_NE(sha256_by_name[Cat(group, "/split_ab_c")], sha256_by_name[Cat(group, "/split_a_bc")]);
    EXPECT_FALSE(sha256_by_name[Cat(group, "/example")].empty()) << group;
  }
  // The ristretto255 example is the worked example of specs/crypto.md §3.4.
  EXPECT_EQ(sha256_by_name["ristretto255/example"],
            "055c76e7f80ea5bfca1ec2473131019c1efc8c5e06ef06cd93adc3274121efee");
}

// Each proof record verifies (result "ok") or fails with the recorded reason; range-proof
// ciphertexts are Enc(m; nonce) and correct decryption factors give K^m.
TEST(Vectors, ProofsJson) {
  std::vector<Record> records = ReadVectors("proofs.json");
  ASSERT_GT(records.size(), 1u);
  std::map<std::string, int> results;
  for (size_t i = 1; i < records.size(); ++i) {
    const Record& r = records[i];
    const Group& g = GroupOf(r);
    const std::string kind = Get(r, "kind");
    const Bytes context = HexField(r, "context");
    absl::Status status;
    if (kind == "schnorr") {
      auto proof = DecodeSchnorrProof(g, HexField(r, "proof"));
      ASSERT_TRUE(proof.ok()) << proof.status();
      status = VerifySchnorr(ElementField(g, r, "x_public"), *proof, context);
    } else {
      auto key = ElGamalPublicKey::FromElement(ElementField(g, r, "key"));
      ASSERT_TRUE(key.ok()) << key.status();
      const uint64_t m = std::stoull(Get(r, "m"));
      auto ct = DecodeCiphertext(g, HexField(r, "ciphertext"));
      ASSERT_TRUE(ct.ok()) << ct.status();
      if (kind == "range_proof") {
        const uint64_t lo = std::stoull(Get(r, "lo"));
        const uint64_t hi = std::stoull(Get(r, "hi"));
        EXPECT_TRUE(Equal(*ct, key->Encrypt(m, ScalarField(g, r, "nonce")))) << i;
        auto proof = DecodeRangeProof(g, HexField(r, "proof"));
        ASSERT_TRUE(proof.ok()) << proof.status();
        status = VerifyRange(*key, *ct, lo, hi, *proof, context);
      } else {
        ASSERT_EQ(kind, "decryption");
        const Element factor = ElementField(g, r, "factor");
        auto proof = DecodeChaumPedersenProof(g, HexField(r, "proof"));
        ASSERT_TRUE(proof.ok()) << proof.status();
        status = VerifyChaumPedersen({key->element(), ct->alpha, factor}, *proof, context);
        // The factor is alpha^s (it decrypts to K^m) in every record but the one made for
        // another factor.
        EXPECT_EQ(g.Equal(DecryptWithFactor(*ct, factor),
                          g.VartimeExp(key->element(), g.ScalarFromU64(m))),
                  ReasonOf(status) != "proof.chaum_pedersen.challenge_mismatch")
            << i;
      }
    }
    const std::string want = Get(r, "result");
    EXPECT_EQ(status.ok() ? "ok" : ReasonOf(status), want) << i;
    ++results[Cat(kind, "/", want)];
  }
  EXPECT_EQ(results["range_proof/ok"], 8);
  EXPECT_EQ(results["range_proof/proof.range.challenge_mismatch"], 8);
  EXPECT_EQ(results["range_proof/proof.range.invalid"], 8);
  EXPECT_EQ(results["schnorr/ok"], 2);
  EXPECT_EQ(results["schnorr/proof.schnorr.invalid"], 2);
  EXPECT_EQ(results["decryption/ok"], 2);
  EXPECT_EQ(results["decryption/proof.chaum_pedersen.challenge_mismatch"], 2);
}

}  // namespace
}  // namespace urne

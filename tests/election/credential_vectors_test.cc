// Checks tests/vectors/credentials.json (tools/gen_vectors.cc; README.md there): every code
// parses to its canonical form or fails with its reason (specs/credentials.md §2.5), and every
// (election id, code) gives its seed and public credential (§3). The browser's JavaScript
// checks the same file (voter-client/web/test/vectors.test.js).
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "crypto/bytes.h"
#include "crypto/ed25519.h"
#include "crypto/transcript.h"
#include "election/credential.h"
#include "status/status.h"
#include "tests/vectors/vector_reader.h"

namespace urne {
namespace {

std::string Unhex(const std::string& hex) {
  auto b = FromHex(hex);
  EXPECT_TRUE(b.ok()) << b.status();
  return b.ok() ? std::string(b->begin(), b->end()) : "";
}

TEST(CredentialVectors, ParseGivesCanonicalFormOrReason) {
  int ok = 0;
  int refused = 0;
  for (const auto& r : vectors::ReadVectors("credentials.json")) {
    if (vectors::Get(r, "kind") != "credential_parse") continue;
    auto code = ParseCredentialCode(Unhex(vectors::Get(r, "input")));
    std::string want = vectors::Get(r, "result");
    EXPECT_EQ(code.ok() ? "ok" : ReasonOf(code.status()), want) << vectors::Get(r, "name");
    if (code.ok()) {
      EXPECT_EQ(std::string(code->canonical()), Unhex(vectors::Get(r, "canonical")));
      ++ok;
    } else {
      ++refused;
    }
  }
  EXPECT_GE(ok, 20);
  EXPECT_GE(refused, 20);
}

TEST(CredentialVectors, KeysFromElectionAndCode) {
  int n = 0;
  for (const auto& r : vectors::ReadVectors("credentials.json")) {
    if (vectors::Get(r, "kind") != "credential_key") continue;
    auto id_bytes = FromHex(vectors::Get(r, "election"));
    ASSERT_TRUE(id_bytes.ok() && id_bytes->size() == 32);
    std::array<uint8_t, 32> id;
    std::copy(id_bytes->begin(), id_bytes->end(), id.begin());
    auto code = ParseCredentialCode(Unhex(vectors::Get(r, "code")));
    ASSERT_TRUE(code.ok()) << code.status();
    EXPECT_EQ(ToHex(PublicCredential(id, *code).bytes), vectors::Get(r, "public"));
    SecretBytes seed = DeriveCredentialKey(id, *code).seed();
    EXPECT_EQ(ToHex(seed.view()), vectors::Get(r, "seed"));
    ++n;
  }
  EXPECT_EQ(n, 14);
}

}  // namespace
}  // namespace urne

// ParsePublicCredentials (authority/public_credentials.h, specs/credentials.md §10.2): the
// written text parses back to the same list; a file holding a credential code anywhere is
// refused as such, without repeating the code; every format problem names its line.
#include "authority/public_credentials.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "crypto/transcript.h"
#include "election/credential.h"
#include "status/status.h"

namespace urne::authority {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

ElectionId TestElection() {
  ElectionId id;
  for (size_t i = 0; i < id.size(); ++i) id[i] = static_cast<uint8_t>(i);
  return id;
}

std::vector<PublicKey> Keys(size_t n) {
  std::vector<PublicKey> out;
  for (size_t i = 0; i < n; ++i) {
    CredentialCode code = GenerateCredentialCode();
    out.push_back(PublicCredential(TestElection(), code));
  }
  return out;
}

// The lines of a valid file for `n` credentials.
std::vector<std::string> ValidLines(size_t n) {
  std::string text = PublicCredentialsToText(TestElection(), Keys(n));
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

void ExpectRefused(const std::string& text, const std::string& reason,
                   const std::string& message_part) {
  auto parsed = ParsePublicCredentials(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(parsed.status()), reason) << parsed.status();
  EXPECT_TRUE(Has(std::string(parsed.status().message()), message_part)) << parsed.status();
}

TEST(PublicCredentials, WrittenTextParsesBackSortedAndHasAFingerprint) {
  std::vector<PublicKey> keys = Keys(5);
  std::string text = PublicCredentialsToText(TestElection(), keys);
  EXPECT_EQ(text.substr(0, 35), "urne-public-credentials/1\nelection ");
  auto parsed = ParsePublicCredentials(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->election, TestElection());
  std::sort(keys.begin(), keys.end(),
            [](const PublicKey& a, const PublicKey& b) { return a.bytes < b.bytes; });
  EXPECT_EQ(parsed->credentials, keys);
  EXPECT_EQ(PublicCredentialsFingerprint(text), ToHex(Sha256(AsBytes(text))));
  // CRLF line ends and a missing final LF are tolerated.
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  ASSERT_TRUE(ParsePublicCredentials(crlf).ok());
  ASSERT_TRUE(ParsePublicCredentials(text.substr(0, text.size() - 1)).ok());
}

TEST(PublicCredentials, AnyCodeRefusesTheWholeFileWithoutRepeatingIt) {
  CredentialCode code = GenerateCredentialCode();
  SecretBytes display = code.Display();
  const std::string shown(reinterpret_cast<const char*>(display.data()), display.size());
  const std::string canonical(code.canonical());
  std::string lower = canonical;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  std::vector<std::string> lines = ValidLines(3);
  for (const std::string& hidden :
       {canonical, shown, lower, "V1000,Jean,\"1 rue\",," + shown + ",letters.html,1",
        "  " + shown.substr(0, 10) + " " + shown.substr(10) + "  "}) {
    std::vector<std::string> with = lines;
    with.insert(with.begin() + 3, hidden);  // line 4
    auto parsed = ParsePublicCredentials(Join(with));
    ASSERT_FALSE(parsed.ok()) << hidden;
    EXPECT_EQ(ReasonOf(parsed.status()), "credentials.contains_code") << hidden;
    EXPECT_TRUE(Has(std::string(parsed.status().message()), "line 4: a credential code"))
        << parsed.status();
    EXPECT_FALSE(Has(std::string(parsed.status().message()), canonical.substr(0, 8)));
    EXPECT_FALSE(Has(std::string(parsed.status().message()), shown.substr(0, 9)));
  }
  // The letters' mail-merge CSV is refused as a file of codes, not as a bad header.
  ExpectRefused(
      "id,name,postal_address,notes,credential_code,letter_file,letter_number\r\nA,B,"
      "C,," +
          shown + ",letters.html,1\r\n",
      "credentials.contains_code", "line 2: a credential code");
}

TEST(PublicCredentials, EveryFormatProblemNamesItsLine) {
  const std::vector<std::string> good = ValidLines(4);  // lines 3..6 are credentials
  ExpectRefused("", "credentials.file", "line 1: not a public credentials file");
  {
    auto l = good;
    l[0] = "urne-public-credentials/2";
    ExpectRefused(Join(l), "credentials.file", "line 1: not a public credentials file");
  }
  {
    auto l = good;
    l[1] = "election " + std::string(64, 'G');
    ExpectRefused(Join(l), "credentials.file", "line 2: must be \"election \"");
  }
  {
    auto l = good;
    std::transform(l[3].begin(), l[3].end(), l[3].begin(), ::toupper);
    ExpectRefused(Join(l), "credentials.file",
                  "line 4: a public credential is 64 lower-case hex digits (found 64");
  }
  {
    auto l = good;
    l[4] = l[4].substr(0, 62);
    ExpectRefused(Join(l), "credentials.file",
                  "line 5: a public credential is 64 lower-case "
                  "hex digits (found 62 characters)");
  }
  {
    auto l = good;
    l[2] = std::string(64, '0');  // sorts first, but is not a valid public key
    ExpectRefused(Join(l), "credentials.file", "line 3: not a valid public key (key.invalid");
  }
  {
    auto l = good;
    std::swap(l[4], l[5]);
    ExpectRefused(Join(l), "credentials.file",
                  "line 6: not in ascending order (smaller than "
                  "line 5)");
  }
  {
    auto l = good;
    l[4] = l[3];
    ExpectRefused(Join(l), "credentials.file", "line 5: the same credential as line 4");
  }
  {
    auto l = good;
    l.insert(l.begin() + 3, "");
    ExpectRefused(Join(l), "credentials.file", "line 4: empty line");
  }
  ExpectRefused(Join({good[0], good[1]}), "credentials.file",
                "line 3: the file lists no credential");
  // Many problems: every one up to 20 is listed, then a count.
  auto many = good;
  for (int i = 0; i < 25; ++i) many.emplace_back("x");
  auto parsed = ParsePublicCredentials(Join(many));
  ASSERT_FALSE(parsed.ok());
  EXPECT_TRUE(Has(std::string(parsed.status().message()), "line 7: a public credential"))
      << parsed.status();
  EXPECT_TRUE(Has(std::string(parsed.status().message()), "… and 5 more problems"))
      << parsed.status();
  EXPECT_TRUE(Has(std::string(parsed.status().message()), "Nothing was posted")) << parsed.status();
}

}  // namespace
}  // namespace urne::authority

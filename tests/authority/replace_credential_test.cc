// A lost or stolen letter replaced during the vote (specs/credentials.md §8), end to end on a
// real board: `urne-admin roll` keeps the private voter map, `replace-credential` posts the
// CREDENTIAL_REPLACEMENT and writes the new letter, the old code's ballot stops counting and
// its later posts are refused, the abstainer check on the old code says it was replaced, the
// new code votes, and urne-verify agrees with the count and shows the replacement.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "authority/admin.h"
#include "authority/voter_map.h"
#include "election/authority_steps.h"
#include "election/credential.h"
#include "status/status.h"
#include "tests/authority/authority_fixture.h"

namespace urne::testing {
namespace {

namespace fs = std::filesystem;

std::string Str(const std::array<uint8_t, 32>& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The code printed on a letter: its groups are <span>s of the class "code" paragraph.
std::vector<std::string> LetterCodes(const std::string& html) {
  std::string joined;
  const std::string open = R"(<p class="code" aria-label="code">)";
  size_t at = html.find(open);
  if (at == std::string::npos) return {};
  size_t end = html.find("</p>", at);
  for (size_t s = html.find("<span>", at); s < end; s = html.find("<span>", s + 1)) {
    size_t from = s + 6;
    if (!joined.empty()) joined.push_back('-');
    joined.append(html, from, html.find("</span>", from) - from);
  }
  return FindCodes(joined);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ReplaceCredentialTest : public AdminTest {
 protected:
  RunResult AdminVerb(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--board", board_->address(), "--election", election_});
    for (auto& a : KeyArgs()) args.push_back(a);
    return Admin(args);
  }
  RunResult Replace(const std::string& voter, const std::string& out, const std::string& map = "") {
    return AdminVerb({"replace-credential", "--voter", voter, "--voters", dir_ + "/roll.csv",
                      "--map", map.empty() ? map_ : map, "--out", out});
  }
  std::string Credential(const std::string& code) {
    auto parsed = ParseCredentialCode(code);
    EXPECT_TRUE(parsed.ok());
    PublicKey pk = DeriveCredentialKey(id_, *parsed).public_key();
    return std::string(pk.bytes.begin(), pk.bytes.end());
  }
  std::string map_;
};

TEST_F(ReplaceCredentialTest, OldCodeStopsCountingAndTheVerifierAgrees) {
  setenv("URNE_RECEIPTS_DIR", (dir_ + "/device").c_str(), 1);
  Create(FillExample("local-referendum.json"));
  const std::string letters = dir_ + "/letters";
  std::vector<std::string> codes = Roll(3, letters);
  ASSERT_EQ(codes.size(), 3u);
  // roll kept the private voter map next to the letters, holding no code.
  map_ = letters + "-voter-map.csv";
  const std::string map_text = ReadAll(map_);
  for (const auto& code : codes) EXPECT_FALSE(Has(map_text, code.substr(0, 9)));
  EXPECT_EQ(fs::status(map_).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  auto map = authority::ParseVoterMap(map_text);
  ASSERT_TRUE(map.ok()) << map.status();
  ASSERT_NE(map->Current("V1001"), nullptr);
  EXPECT_EQ(Str(map->Current("V1001")->credential.bytes), Credential(codes[1]));

  // Before the vote opens: refused, nothing written.
  RunResult early = Replace("V1001", dir_ + "/early.html");
  EXPECT_EQ(early.exit_code, 2) << early.err;
  EXPECT_TRUE(Has(early.err, "while the vote is open")) << early.err;
  EXPECT_FALSE(fs::exists(dir_ + "/early.html"));

  Ceremony();
  ASSERT_EQ(AdminVerb({"open"}).exit_code, 0);
  Cast(codes[0], {{0}});  // V1000: yes
  Cast(codes[1], {{0}});  // V1001: yes, then the letter is reported stolen

  // Refusals that leave everything as it was.
  RunResult unknown = Replace("V9999", dir_ + "/x.html");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(Has(unknown.err, "no voter with id \"V9999\"")) << unknown.err;
  WriteFile("taken.html", "x");
  RunResult taken = Replace("V1001", dir_ + "/taken.html");
  EXPECT_EQ(taken.exit_code, 2);
  EXPECT_TRUE(Has(taken.err, "taken.html already exists")) << taken.err;
  RunResult bad_map = Replace("V1001", dir_ + "/x.html", WriteFile("bad.csv", "id,credential\n"));
  EXPECT_EQ(bad_map.exit_code, 2);
  EXPECT_TRUE(Has(bad_map.err, "line 1: a voter map starts with")) << bad_map.err;
  EXPECT_EQ(Sync().state->replacements().size(), 0u);

  const std::string letter = dir_ + "/V1001-new.html";
  RunResult replaced = Replace("V1001", letter);
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_TRUE(Has(replaced.out, "credential of voter V1001 replaced by entry ")) << replaced.out;
  std::vector<std::string> fresh = LetterCodes(ReadAll(letter));
  ASSERT_FALSE(fresh.empty());
  EXPECT_NE(fresh[0], codes[1]);
  // The map now holds the new credential as current, the old one revoked by the entry.
  auto updated = authority::ParseVoterMap(ReadAll(map_));
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(Str(updated->Current("V1001")->credential.bytes), Credential(fresh[0]));
  SyncedElection s = Sync();
  ASSERT_EQ(s.state->replacements().size(), 1u);
  const uint64_t index = s.state->replacements()[0].index;
  EXPECT_EQ(updated->rows[1].revoked_by, index);
  EXPECT_EQ(s.state->ballots_counted(), 1u);  // V1001's ballot left the tally

  // The old code: posts refused by the board with their own reason...
  {
    auto code = ParseCredentialCode(codes[1]);
    SigningKey old = DeriveCredentialKey(id_, *code);
    BallotStatement st{s.state->manifest(), s.state->group(), id_, *s.state->joint_key(),
                       old.public_key()};
    Choices choices;
    for (const auto& q : s.state->manifest().questions()) choices.emplace_back(q.options_size(), 0);
    choices[0][1] = 1;
    auto ballot = EncryptBallot(st, choices, s.tree_head.tree_size());
    ASSERT_TRUE(ballot.ok());
    auto posted = client_->Post(MakeEntry(id_, v1::BALLOT, ballot->payload, old));
    EXPECT_EQ(posted.status().code(), absl::StatusCode::kPermissionDenied);
    EXPECT_EQ(ReasonOf(posted.status()), "credential.revoked") << posted.status();
  }
  // ... and the abstainer check on it says it was replaced (exit 3).
  RunResult check = RunClient(
      "urne-vote", {"check", "--board", board_->address(), "--election", election_, "--json"},
      codes[1] + "\n");
  EXPECT_EQ(check.exit_code, 3) << check.err;
  EXPECT_TRUE(Has(check.out, "\"status\": \"revoked\"")) << check.out;
  EXPECT_TRUE(Has(check.out, Cat("\"revoked_by\": ", index))) << check.out;
  EXPECT_TRUE(Has(check.out, "\"counts\": false")) << check.out;

  // The replacement is the voter's only credential now: the new code votes (no).
  Cast(fresh[0], {{1}});
  // A second replacement of the same voter works from the updated map (a second loss).
  RunResult again = Replace("V1001", dir_ + "/V1001-again.html");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  std::vector<std::string> third = LetterCodes(ReadAll(dir_ + "/V1001-again.html"));
  ASSERT_FALSE(third.empty());
  Cast(third[0], {{1}});

  ASSERT_EQ(AdminVerb({"close"}).exit_code, 0);
  Decrypt(1);
  Decrypt(2);
  RunResult tally = AdminVerb({"tally", "--wait", "0"});
  ASSERT_EQ(tally.exit_code, 0) << tally.err;
  SyncedElection final_log = Sync();
  const v1::Result* result = final_log.state->result();
  ASSERT_NE(result, nullptr);
  EXPECT_EQ(result->registered(), 3u);
  EXPECT_EQ(result->ballots_counted(), 2u);
  // V1000 yes; V1001's yes no longer counts, its last credential's no does.
  EXPECT_EQ(result->questions(0).counts(0), 1u);
  EXPECT_EQ(result->questions(0).counts(1), 1u);

  RunResult verify =
      RunClient("urne-verify", {"--board", board_->address(), "--election", election_, "--json"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err << verify.out;
  EXPECT_TRUE(Has(verify.out, "\"valid\":true")) << verify.out;
  EXPECT_TRUE(Has(verify.out, "\"ballots_counted\":2")) << verify.out;
  EXPECT_TRUE(Has(verify.out, Cat("\"replacements\":[{\"entry\":", index))) << verify.out;
  RunResult text =
      RunClient("urne-verify", {"--board", board_->address(), "--election", election_});
  EXPECT_TRUE(Has(text.out, "Credentials replaced during the vote (lost or stolen letters): 2"))
      << text.out;
  EXPECT_TRUE(Has(text.out, "2 credential(s) replaced: entry ")) << text.out;
}

// The board's own rule: a replacement dated far from its clock is refused before the state
// machine sees it.
TEST_F(ReplaceCredentialTest, BoardRefusesAReplacementFarFromItsClock) {
  Create(FillExample("local-referendum.json"));
  std::vector<std::string> codes = Roll(2, dir_ + "/letters");
  Ceremony();
  ASSERT_EQ(AdminVerb({"open"}).exit_code, 0);
  auto key = authority::OpenAuthorityKey(key_, pass_);
  ASSERT_TRUE(key.ok()) << key.status();
  auto old = ParseCredentialCode(codes[0]);
  PublicKey revoked = DeriveCredentialKey(id_, *old).public_key();
  PublicKey fresh = SigningKey::Generate().public_key();
  const auto now = static_cast<int64_t>(std::time(nullptr));
  auto posted = client_->Post(
      MakeEntry(id_, v1::CREDENTIAL_REPLACEMENT,
                Serialize(MakeCredentialReplacement(revoked, fresh, now - 3600)), *key));
  EXPECT_EQ(posted.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(posted.status()), "replacement.clock_skew") << posted.status();
  posted =
      client_->Post(MakeEntry(id_, v1::CREDENTIAL_REPLACEMENT,
                              Serialize(MakeCredentialReplacement(revoked, fresh, now)), *key));
  EXPECT_TRUE(posted.ok()) << posted.status();
}

}  // namespace
}  // namespace urne::testing

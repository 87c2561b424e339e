// urne-admin voters (specs/credentials.md §11): who voted, from the staff's private voter map
// kept by `roll` and the real board — a revote counted once, an audit not a vote, a replaced
// letter followed to its new credential — and every refusal with its message.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "authority/voter_map.h"
#include "status/status.h"
#include "tests/authority/authority_fixture.h"

namespace urne::testing {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class VotersTest : public AdminTest {
 protected:
  RunResult Voters(std::vector<std::string> flags, const std::string& map = "") {
    std::vector<std::string> args = {"voters",  "--board", board_->address(),       "--election",
                                     election_, "--map",   map.empty() ? map_ : map};
    args.insert(args.end(), flags.begin(), flags.end());
    return Admin(args);
  }
  std::string map_;
};

TEST_F(VotersTest, VotedAndNotVotedFromTheMapAndTheBoard) {
  Create(FillExample("local-referendum.json"));
  const std::string letters = dir_ + "/letters";
  std::vector<std::string> codes = Roll(4, letters);
  ASSERT_EQ(codes.size(), 4u);
  map_ = letters + "-voter-map.csv";
  // Before the vote: nobody voted.
  RunResult before = Voters({"--not-voted", "--csv"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(before.out, "id\nV1000\nV1001\nV1002\nV1003\n");

  Ceremony();
  ASSERT_EQ(Admin({"open", "--board", board_->address(), "--election", election_, "--key", key_,
                   "--passphrase-file", pass_})
                .exit_code,
            0);
  Cast(codes[0], {{0}});
  Cast(codes[2], {{1}});
  Cast(codes[2], {{0}});  // a revote: still one voter

  RunResult voted = Voters({"--voted", "--csv"});
  ASSERT_EQ(voted.exit_code, 0) << voted.err;
  std::istringstream lines(voted.out);
  std::string line;
  std::vector<std::string> rows;
  while (std::getline(lines, line)) rows.push_back(line);
  ASSERT_EQ(rows.size(), 3u) << voted.out;
  EXPECT_EQ(rows[0], "id,ballot_entry,received");
  EXPECT_EQ(rows[1].rfind("V1000,", 0), 0u) << rows[1];
  EXPECT_EQ(rows[2].rfind("V1002,", 0), 0u) << rows[2];
  // The counted ballot is the revote, the last entry so far; its time is local (YYYY-MM-DD HH:MM).
  const uint64_t last = Sync().state->size() - 1;
  EXPECT_TRUE(Has(rows[2], Cat(",", last, ",20"))) << rows[2];
  // Never how: no ciphertext, tracking code or choice in the output.
  EXPECT_FALSE(Has(voted.out, "yes")) << voted.out;

  RunResult text = Voters({"--not-voted"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(Has(text.out, "2 of 4 voters have a ballot that counts, 2 have none")) << text.out;
  EXPECT_TRUE(Has(text.out, "  V1001\n  V1003\n")) << text.out;

  // A replaced letter: the map follows the voter to the new credential, which has not voted.
  RunResult replaced =
      Admin({"replace-credential", "--board", board_->address(), "--election", election_, "--key",
             key_, "--passphrase-file", pass_, "--voter", "V1000", "--voters", dir_ + "/roll.csv",
             "--map", map_, "--out", dir_ + "/new.html"});
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  RunResult after = Voters({"--not-voted", "--csv"});
  EXPECT_EQ(after.out, "id\nV1000\nV1001\nV1003\n");
}

TEST_F(VotersTest, RefusalsSayWhatIsWrong) {
  Create(FillExample("local-referendum.json"));
  const std::string letters = dir_ + "/letters";
  map_ = dir_ + "/early-map.csv";
  // The map of a roll never posted (written by hand for this election) before the roll.
  {
    authority::VoterMap map;
    map.election = id_;
    map.rows.push_back({"V1", SigningKey::Generate().public_key(), std::nullopt});
    WriteFile("early-map.csv", authority::VoterMapToText(map));
  }
  RunResult early = Voters({"--voted"});
  EXPECT_EQ(early.exit_code, 2) << early.err;
  EXPECT_TRUE(Has(early.err, "the roll is not posted yet")) << early.err;
  std::vector<std::string> codes = Roll(2, letters);
  // The hand-made map holds a credential of no roll.
  RunResult foreign = Voters({"--voted"});
  EXPECT_EQ(foreign.exit_code, 2);
  EXPECT_TRUE(Has(foreign.err, "1 voter(s) of " + map_ +
                                   " hold a credential that is not on this election's roll (V1)"))
      << foreign.err;
  map_ = letters + "-voter-map.csv";
  RunResult both = Voters({"--voted", "--not-voted"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_TRUE(Has(both.err, "give exactly one of --voted and --not-voted")) << both.err;
  RunResult none = Voters({});
  EXPECT_EQ(none.exit_code, 2);
  RunResult garbage = Voters({"--voted"}, WriteFile("garbage.csv", "hello\n"));
  EXPECT_EQ(garbage.exit_code, 2);
  EXPECT_TRUE(Has(garbage.err, "line 1: a voter map starts with")) << garbage.err;
  // A map of another election.
  {
    authority::VoterMap other;
    other.election[0] = 1;
    other.rows.push_back({"V1", SigningKey::Generate().public_key(), std::nullopt});
    RunResult wrong = Voters({"--voted"}, WriteFile("other.csv", authority::VoterMapToText(other)));
    EXPECT_EQ(wrong.exit_code, 2);
    EXPECT_TRUE(Has(wrong.err, "is the voter map of election 0100")) << wrong.err;
  }
}

}  // namespace
}  // namespace urne::testing

// The abstainer-check command printed on every credential letter runs exactly as printed
// (specs/credentials.md §7.1, §9): it is cut out of a generated letter, split on spaces, and
// run as is against the real board on loopback — the voter types the code from the same
// letter when asked — for a voter who abstained and for one who voted.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "status/status.h"
#include "tests/authority/authority_fixture.h"

namespace urne::testing {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string HtmlUnescape(std::string s) {
  const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : kEntities) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) {
      s.replace(at, std::string(from).size(), to);
    }
  }
  return s;
}

// Every check command of a letter (the French and the English paragraph), as printed.
std::vector<std::string> CheckCommands(const std::string& letter) {
  const std::string open = "<span class=\"mono check\">";
  std::vector<std::string> out;
  for (size_t at = letter.find(open); at != std::string::npos; at = letter.find(open, at + 1)) {
    size_t start = at + open.size();
    out.push_back(HtmlUnescape(letter.substr(start, letter.find("</span>", start) - start)));
  }
  return out;
}

// Runs a printed command: its first word must be the program, replaced by the built one.
RunResult RunPrinted(const std::string& command, const std::string& typed) {
  std::istringstream words(command);
  std::vector<std::string> args;
  std::string word;
  while (words >> word) args.push_back(word);
  EXPECT_FALSE(args.empty());
  EXPECT_EQ(args[0], "urne-vote") << command;
  args.erase(args.begin());
  // On a French voter's computer: the printed command has no --lang, LANG gives French.
  ScopedLang french("fr_FR.UTF-8");
  return Run(Program("urne-vote"), args, typed);
}

class LetterCheckTest : public AdminTest {};

TEST_F(LetterCheckTest, PrintedCheckCommandRunsForAnAbstainerAndForAVoter) {
  setenv("URNE_RECEIPTS_DIR", (dir_ + "/device").c_str(), 1);
  // The voter's computer trusts the board's certificate through its system roots (here the
  // test CA, through gRPC's variable for them): no --tls-ca, the command runs as printed.
  setenv("GRPC_DEFAULT_SSL_ROOTS_FILE_PATH", TestTls().ca_file.c_str(), 1);
  Create(FillExample("local-referendum.json"));
  const std::string letters = dir_ + "/letters";
  std::vector<std::string> codes = Roll(2, letters);
  ASSERT_EQ(codes.size(), 2u);
  const std::map<std::string, std::string> files = ReadTree(letters);
  // One file, one <section class="letter"> per voter, in roll order.
  const std::string all = files.at(letters + "/letters.html");
  const std::string mark = "<section class=\"letter\">";
  const size_t first = all.find(mark);
  const size_t second = all.find(mark, first + 1);
  ASSERT_NE(second, std::string::npos) << all;
  EXPECT_EQ(all.find(mark, second + 1), std::string::npos);
  const std::string abstainer = all.substr(first, second - first);
  const std::string voter = all.substr(second);
  ASSERT_TRUE(Has(abstainer, codes[0].substr(0, 4)));
  std::vector<std::string> commands = CheckCommands(abstainer);
  ASSERT_EQ(commands.size(), 2u) << abstainer;
  EXPECT_EQ(commands[0], commands[1]);
  EXPECT_EQ(commands[0],
            Cat("urne-vote check --board ", board_->address(), " --election ", election_));
  EXPECT_EQ(CheckCommands(voter), commands);  // the same command on every letter

  // Before the vote: nothing can have been cast.
  RunResult before = RunPrinted(commands[0], codes[0] + "\n");
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_TRUE(Has(before.out, "Personne n'a déposé de bulletin ni d'audit avec votre code."))
      << before.out;

  Ceremony();
  RunResult open = Admin({"open", "--board", board_->address(), "--election", election_, "--key",
                          key_, "--passphrase-file", pass_});
  ASSERT_EQ(open.exit_code, 0) << open.err;
  Cast(codes[1], {{0}});
  const uint64_t ballot_index = Sync().state->size() - 1;

  RunResult abstained = RunPrinted(commands[0], codes[0] + "\n");
  ASSERT_EQ(abstained.exit_code, 0) << abstained.err;
  EXPECT_TRUE(Has(abstained.out,
                  "Personne n'a déposé de bulletin ni d'audit avec votre code (à "
                  "ce jour ; le vote est ouvert)."))
      << abstained.out;

  RunResult voted = RunPrinted(commands[0], codes[1] + "\n");
  ASSERT_EQ(voted.exit_code, 0) << voted.err;
  EXPECT_TRUE(Has(voted.out, "1 entrée déposée avec votre code :")) << voted.out;
  EXPECT_TRUE(Has(voted.out, Cat("entrée ", ballot_index, ": bulletin"))) << voted.out;
  EXPECT_TRUE(Has(voted.out, "C'EST LUI QUI COMPTE")) << voted.out;
  EXPECT_TRUE(Has(voted.out, Cat("le numéro d'entrée ", ballot_index))) << voted.out;
  // The code typed is never printed back.
  EXPECT_FALSE(Has(voted.out + voted.err, codes[1])) << voted.out << voted.err;
}

}  // namespace
}  // namespace urne::testing

// `urne-vote check` from the code alone (specs/credentials.md §7.1) and the warning for a
// ballot superseded by one this device did not cast (§7.2), against a real board: an
// abstainer before, during and after the vote; a voter who audited and revoted; a ballot
// cast elsewhere with the same code; and every refusal with its reason.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "board-client/client.h"
#include "crypto/bytes.h"
#include "election/entry.h"
#include "status/status.h"
#include "tests/support/board_fixture.h"
#include "tests/support/lying_board.h"
#include "tests/support/process.h"
#include "tools/scripted_election.h"

namespace urne::voter_client {
namespace {

using testing::RunResult;
using testing::ScopedLang;
using testing::ScriptedElection;
using testing::ScriptOptions;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Choices SomeChoices() { return testing::TestChoices(1, {0, 1, 0}, {1, 0, 0}); }

class CheckCodeTest : public testing::BoardTest {
 protected:
  void SetUp() override {
    BoardTest::SetUp();
    device_ = dir_ + "/device";
    setenv("URNE_RECEIPTS_DIR", device_.c_str(), 1);
  }

  ScriptedElection::Sink Sink() {
    return [this](const v1::Entry& entry) { return client_->Post(entry).status(); };
  }
  // An election whose ceremony is done, not open yet.
  std::unique_ptr<ScriptedElection> Ready(ScriptOptions options = {}) {
    auto e = NewElection(std::move(options), /*open=*/false);
    EXPECT_TRUE(e->Create().ok());
    EXPECT_TRUE(e->Ceremony().ok());
    return e;
  }

  // Runs urne-vote trusting the test boards' CA.
  static RunResult Vote(std::vector<std::string> args, const std::string& input = "") {
    return testing::RunClient("urne-vote", std::move(args), input);
  }
  // check --code for voter v, machine output.
  RunResult CheckJson(const ScriptedElection& e, size_t v) {
    return Vote({"check", "--board", board_->address(), "--election", ToHex(e.id()), "--code",
                 e.voter_codes()[v], "--json"});
  }
  RunResult CheckText(const ScriptedElection& e, size_t v) {
    return Vote({"check", "--board", board_->address(), "--election", ToHex(e.id()), "--code",
                 e.voter_codes()[v], "--lang", "en"});
  }
  RunResult CastCli(const ScriptedElection& e, size_t v, const std::string& receipt,
                    std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "cast",         "--board",          board_->address(), "--election", ToHex(e.id()),
        "--credential", e.voter_codes()[v], "--receipt",       receipt,      "--answer",
        "pool=yes",     "--answer",         "council=ana",     "--answer",   "budget=park"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Vote(args);
  }

  std::string device_;
};

TEST_F(CheckCodeTest, AbstainerFindsNothingBeforeDuringAndAfterTheVote) {
  auto e = Ready();
  RunResult before = CheckJson(*e, 0);
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_TRUE(Has(before.out, "\"status\": \"nothing_posted\"")) << before.out;
  EXPECT_TRUE(Has(before.out, "\"phase\": \"READY\"")) << before.out;
  EXPECT_TRUE(Has(before.out, "\"on_roll\": true")) << before.out;
  EXPECT_TRUE(Has(before.out, "\"counted_index\": null, \"entries\": []")) << before.out;

  ASSERT_TRUE(e->Open().ok());
  ASSERT_TRUE(e->Cast(1, SomeChoices()).ok());  // someone else votes
  ASSERT_TRUE(e->Audit(2, SomeChoices()).ok());
  RunResult during = CheckText(*e, 0);
  ASSERT_EQ(during.exit_code, 0) << during.err;
  EXPECT_TRUE(Has(during.out,
                  "Nobody has cast a ballot or an audit with your code (so far; the "
                  "vote is open)"))
      << during.out;
  EXPECT_TRUE(Has(during.out, "Phase: VOTING")) << during.out;

  ASSERT_TRUE(e->Close().ok());
  RunResult closed = CheckJson(*e, 0);
  ASSERT_EQ(closed.exit_code, 0) << closed.err;
  EXPECT_TRUE(Has(closed.out, "\"status\": \"nothing_posted\"")) << closed.out;
  EXPECT_TRUE(Has(closed.out, "\"phase\": \"CLOSED\"")) << closed.out;

  ASSERT_TRUE(e->Decrypt(1).ok());
  ASSERT_TRUE(e->Decrypt(2).ok());
  ASSERT_TRUE(e->PublishResult().ok());
  // French from the environment (no --lang), as on a French voter's computer.
  ScopedLang french("fr_FR.UTF-8");
  RunResult tallied = Vote({"check", "--board", board_->address(), "--election", ToHex(e->id()),
                            "--code", e->voter_codes()[0]});
  ASSERT_EQ(tallied.exit_code, 0) << tallied.err;
  EXPECT_TRUE(Has(tallied.out, "Personne n'a déposé de bulletin ni d'audit avec votre code."))
      << tallied.out;
  EXPECT_TRUE(Has(tallied.out, "Phase : TALLIED")) << tallied.out;
}

TEST_F(CheckCodeTest, BeforeTheRollNothingCanBePosted) {
  // The board gets the manifest but the roll is held back.
  ScriptOptions options;
  options.board_key = board_->board_key();
  ScriptedElection e(options, [this](const v1::Entry& entry) -> absl::Status {
    if (entry.kind() == v1::ROLL) return Invalid("test.held", "roll held back");
    return client_->Post(entry).status();
  });
  ASSERT_EQ(ReasonOf(e.Create()), "test.held");
  RunResult r = CheckJson(e, 0);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "\"status\": \"no_roll_yet\"")) << r.out;
  EXPECT_TRUE(Has(r.out, "\"phase\": \"SETUP\"")) << r.out;
}

TEST_F(CheckCodeTest, VoterSeesEachEntryWhenAndWhichCounts) {
  auto e = Ready();
  ASSERT_TRUE(e->Open().ok());
  const int64_t start = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  ASSERT_EQ(CastCli(*e, 0, dir_ + "/first.json", {"--audit"}).exit_code, 0);  // audit + ballot
  ASSERT_EQ(CastCli(*e, 0, dir_ + "/second.json").exit_code, 0);              // revote
  auto synced = client_->Sync(e->id());
  ASSERT_TRUE(synced.ok()) << synced.status();
  const uint64_t n = synced->entries.size();  // the revote is the last entry

  RunResult json = CheckJson(*e, 0);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(Has(json.out, "\"status\": \"posted\"")) << json.out;
  EXPECT_TRUE(Has(json.out, Cat("\"counted_index\": ", n - 1))) << json.out;
  EXPECT_TRUE(Has(json.out, Cat("{\"index\": ", n - 3, ", \"kind\": \"audit\""))) << json.out;
  EXPECT_TRUE(Has(json.out, Cat("{\"index\": ", n - 2, ", \"kind\": \"ballot\""))) << json.out;
  EXPECT_TRUE(Has(json.out, Cat("{\"index\": ", n - 1, ", \"kind\": \"ballot\""))) << json.out;
  EXPECT_TRUE(Has(json.out, "\"own_receipts\": 3")) << json.out;
  EXPECT_FALSE(Has(json.out, "\"from_this_device\": false")) << json.out;
  // The receive times are the board's, within the test's run.
  size_t at = json.out.find("\"received_ms\": ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_GE(std::stoll(json.out.substr(at + 15)), start) << json.out;

  RunResult text = CheckText(*e, 0);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(Has(text.out, "3 entries were posted with your code:")) << text.out;
  EXPECT_TRUE(Has(text.out, Cat("entry ", n - 1, ": ballot"))) << text.out;
  EXPECT_TRUE(Has(text.out, "THIS IS THE ONE THAT COUNTS")) << text.out;
  EXPECT_TRUE(Has(text.out, "(the board's clock)")) << text.out;
  EXPECT_TRUE(Has(text.out, "cast from this device")) << text.out;
  EXPECT_FALSE(Has(text.out, "contact")) << text.out;
  // Another voter's code shows none of this.
  RunResult other = CheckJson(*e, 1);
  EXPECT_TRUE(Has(other.out, "\"status\": \"nothing_posted\"")) << other.out;
}

TEST_F(CheckCodeTest, BallotCastElsewhereNamesTheEntryAndWhomToContact) {
  auto e = Ready();
  ASSERT_TRUE(e->Open().ok());
  ASSERT_TRUE(e->Cast(3, SomeChoices()).ok());  // the code holder, not this device
  const uint64_t index = client_->TreeHead(e->id())->tree_size() - 1;
  RunResult text = CheckText(*e, 3);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(Has(text.out, "1 entry was posted with your code:")) << text.out;
  EXPECT_TRUE(Has(text.out,
                  "If you did not cast this entry yourself, someone else holds your "
                  "code: contact Town of Test and give them the entry number " +
                      std::to_string(index)))
      << text.out;
  RunResult json = CheckJson(*e, 3);
  EXPECT_TRUE(Has(json.out, "\"from_this_device\": false")) << json.out;
  EXPECT_TRUE(Has(json.out, "\"counts\": true")) << json.out;
}

TEST_F(CheckCodeTest, OwnRevoteIsNoWarning) {
  auto e = Ready();
  ASSERT_TRUE(e->Open().ok());
  std::string first = dir_ + "/first.json";
  std::string second = dir_ + "/second.json";
  ASSERT_EQ(CastCli(*e, 0, first).exit_code, 0);
  ASSERT_EQ(CastCli(*e, 0, second).exit_code, 0);
  RunResult r = Vote({"check", "--receipt", first, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "\"verdict\": \"superseded\"")) << r.out;
  // Without the kept copies, the two receipt files given say the same.
  std::string empty = dir_ + "/empty";
  RunResult given =
      Vote({"check", "--receipt", first, "--receipt", second, "--receipts-dir", empty, "--json"});
  ASSERT_EQ(given.exit_code, 0) << given.err;
  EXPECT_TRUE(Has(given.out, "\"verdict\": \"superseded\"")) << given.out;
  EXPECT_TRUE(Has(given.out, "\"verdict\": \"counts\"")) << given.out;
  EXPECT_EQ(CheckJson(*e, 0).exit_code, 0);
}

TEST_F(CheckCodeTest, ForeignSupersedingBallotIsAWarning) {
  auto e = Ready();
  ASSERT_TRUE(e->Open().ok());
  std::string mine = dir_ + "/mine.json";
  ASSERT_EQ(CastCli(*e, 2, mine).exit_code, 0);
  // Someone else holding the code, whose client saw the board's log with the device's ballot
  // (a ballot made before it was posted would be refused: ballot.stale, specs/ballot.md §4).
  auto other = e->Encrypt(2, SomeChoices(), client_->TreeHead(e->id())->tree_size());
  ASSERT_TRUE(other.ok()) << other.status();
  ASSERT_TRUE(client_->Post(MakeEntry(e->id(), v1::BALLOT, other->payload, e->voter(2))).ok());
  const uint64_t foreign = client_->TreeHead(e->id())->tree_size() - 1;

  RunResult text = Vote({"check", "--receipt", mine});
  EXPECT_EQ(text.exit_code, 3) << text.out << text.err;
  EXPECT_TRUE(Has(text.out, "WARNING: your ballot is on the board but was REPLACED")) << text.out;
  EXPECT_TRUE(Has(text.out, Cat("give them entry number ", foreign))) << text.out;
  EXPECT_TRUE(Has(text.out, "contact Town of Test")) << text.out;
  RunResult json = Vote({"check", "--receipt", mine, "--json"});
  EXPECT_EQ(json.exit_code, 3);
  EXPECT_TRUE(Has(json.out, "\"verdict\": \"superseded_by_other\"")) << json.out;
  EXPECT_TRUE(Has(json.out, Cat("\"counted_index\": ", foreign))) << json.out;

  RunResult code = CheckJson(*e, 2);
  EXPECT_EQ(code.exit_code, 3) << code.err;
  EXPECT_TRUE(Has(code.out, "\"status\": \"superseded_by_other\"")) << code.out;
  RunResult words = CheckText(*e, 2);
  EXPECT_TRUE(Has(words.out, Cat("WARNING: your ballot (entry ", foreign - 1,
                                 ", cast from this device) was REPLACED by entry ", foreign)))
      << words.out;
  EXPECT_TRUE(Has(words.out, "The vote is open: vote again")) << words.out;

  // Voting again from this device makes the device's ballot count again: no warning.
  ASSERT_EQ(CastCli(*e, 2, dir_ + "/again.json").exit_code, 0);
  RunResult after = CheckJson(*e, 2);
  EXPECT_EQ(after.exit_code, 0) << after.out;
  EXPECT_TRUE(Has(after.out, "\"status\": \"posted\"")) << after.out;
}

TEST_F(CheckCodeTest, CodeIsReadFromStdinWhenNotGiven) {
  auto e = Ready();
  RunResult r = Vote({"check", "--board", board_->address(), "--election", ToHex(e->id()), "--lang",
                      "en", "--json"},
                     e->voter_codes()[0] + "\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "Your voting code (from your letter): ")) << r.err;
  EXPECT_TRUE(Has(r.out, "\"status\": \"nothing_posted\"")) << r.out;
  RunResult none = Vote(
      {"check", "--board", board_->address(), "--election", ToHex(e->id()), "--lang", "fr"}, "\n");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(Has(none.err, "aucun code saisi")) << none.err;
}

TEST_F(CheckCodeTest, RefusalsSayWhatIsWrong) {
  auto e = Ready();
  const std::string id = ToHex(e->id());
  // A typo: caught by the check character, before any network call (unreachable board).
  std::string typo = e->voter_codes()[0];
  typo[5] = typo[5] == 'A' ? 'B' : 'A';
  RunResult bad_check =
      Vote({"check", "--board", "127.0.0.1:1", "--election", id, "--code", typo, "--lang", "en"});
  EXPECT_EQ(bad_check.exit_code, 2);
  EXPECT_TRUE(Has(bad_check.err, "the credential code is not valid")) << bad_check.err;
  EXPECT_TRUE(Has(bad_check.err, "check character")) << bad_check.err;
  EXPECT_FALSE(Has(bad_check.err, typo)) << "the code must not be echoed";
  RunResult bad_char = Vote(
      {"check", "--board", "127.0.0.1:1", "--election", id, "--code", "UUUU-UUUU-UUUU-UUUU-UUUUU"});
  EXPECT_EQ(bad_char.exit_code, 2);
  EXPECT_TRUE(Has(bad_char.err, "U")) << bad_char.err;
  // A code of another election is not on this roll: exit 1, and what to check.
  ScriptOptions other;
  other.reference = "other-votation";
  auto f = Ready(other);
  RunResult foreign = Vote({"check", "--board", board_->address(), "--election", id, "--code",
                            f->voter_codes()[0], "--lang", "en"});
  EXPECT_EQ(foreign.exit_code, 1) << foreign.err;
  EXPECT_TRUE(Has(foreign.out, "Your code is not on this election's roll")) << foreign.out;
  RunResult foreign_json = Vote({"check", "--board", board_->address(), "--election", id, "--code",
                                 f->voter_codes()[0], "--json"});
  EXPECT_TRUE(Has(foreign_json.out, "\"status\": \"not_on_roll\"")) << foreign_json.out;
  // An election the board does not know.
  std::string unknown = id;
  unknown[0] = unknown[0] == 'a' ? 'b' : 'a';
  RunResult missing = Vote({"check", "--board", board_->address(), "--election", unknown, "--code",
                            e->voter_codes()[0], "--lang", "en"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(Has(missing.err, "does not know election")) << missing.err;
  RunResult not_hex =
      Vote({"check", "--board", board_->address(), "--election", "xyz", "--code", "x"});
  EXPECT_EQ(not_hex.exit_code, 2);
  EXPECT_TRUE(Has(not_hex.err, "is not an election id")) << not_hex.err;
  // Usage: both forms at once, or neither.
  RunResult both = Vote({"check", "--receipt", dir_ + "/r.json", "--election", id});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_TRUE(Has(both.err, "not both")) << both.err;
  RunResult neither = Vote({"check", "--board", board_->address()});
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_TRUE(Has(neither.err, "--election ID")) << neither.err;
  // An unreachable board.
  RunResult down =
      Vote({"check", "--board", "127.0.0.1:1", "--election", id, "--code", e->voter_codes()[0]});
  EXPECT_EQ(down.exit_code, 2);
  EXPECT_TRUE(Has(down.err, "cannot reach the board")) << down.err;
}

TEST_F(CheckCodeTest, AKeptReceiptThatDoesNotParseIsNamedAndIgnored) {
  auto e = Ready();
  const std::string folder = device_ + "/" + ToHex(e->id());
  std::filesystem::create_directories(folder);
  std::ofstream(folder + "/broken.json") << "{not json";
  RunResult r = CheckJson(*e, 0);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "ignoring a kept receipt: " + folder + "/broken.json")) << r.err;
  EXPECT_TRUE(Has(r.out, "\"own_receipts\": 0")) << r.out;
}

// The check trusts nothing unverified: a board whose tree heads are not signed by the key the
// manifest names is refused (exit 1, verify.sync), whatever log it shows.
TEST_F(CheckCodeTest, ABoardSigningWithAnotherKeyIsRefused) {
  auto e = Ready();
  ASSERT_TRUE(e->Open().ok());
  ASSERT_TRUE(e->Cast(0, SomeChoices()).ok());
  auto genuine = client_->Sync(e->id());
  ASSERT_TRUE(genuine.ok()) << genuine.status();
  auto liar = testing::LyingBoard::Start(board_->endpoint());
  ASSERT_TRUE(liar.ok()) << liar.status();
  // The log without the voter's ballot, under another key.
  std::vector<v1::Entry> hidden(genuine->entries.begin(), genuine->entries.end() - 1);
  ASSERT_TRUE((*liar)->ServeFork(hidden, SigningKey::Generate(), false).ok());
  RunResult r = Vote({"check", "--board", (*liar)->address(), "--election", ToHex(e->id()),
                      "--code", e->voter_codes()[0], "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "{\"ok\": false, \"reason\": \"verify.sync\"}")) << r.out;
  EXPECT_TRUE(Has(r.err, "the board's log does not check")) << r.err;
}

// Issue #16 §6: a refusal in French with --lang fr or LANG=fr_FR.UTF-8 (no flag), and under
// --json the same stable reason in both languages.
TEST_F(CheckCodeTest, RefusalInFrenchFromLangOrEnvironmentKeepsTheReasonInJson) {
  auto e = Ready();
  std::string typo = e->voter_codes()[0];
  typo[5] = typo[5] == 'A' ? 'B' : 'A';
  const std::vector<std::string> args = {"check",        "--board", "127.0.0.1:1", "--election",
                                         ToHex(e->id()), "--code",  typo};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> all = args;
    all.insert(all.end(), extra.begin(), extra.end());
    return Vote(all);
  };
  const std::string french =
      "urne-vote: le code n'est pas valable : le code contient une faute de frappe (son "
      "caractère de contrôle ne correspond pas). Comparez-le à votre lettre et tapez-le à "
      "nouveau.\n";
  RunResult fr = with({"--lang", "fr"});
  EXPECT_EQ(fr.exit_code, 2);
  EXPECT_EQ(fr.err, french);
  {
    ScopedLang lang("fr_FR.UTF-8");
    EXPECT_EQ(with({}).err, french);
  }
  {
    ScopedLang lang("C");
    EXPECT_TRUE(Has(with({}).err, "check character")) << "English by default";
  }
  RunResult json_fr = with({"--lang", "fr", "--json"});
  RunResult json_en = with({"--lang", "en", "--json"});
  EXPECT_EQ(json_fr.exit_code, 2);
  EXPECT_EQ(json_fr.out, "{\"ok\": false, \"reason\": \"credential.bad_check\"}\n");
  EXPECT_EQ(json_en.out, json_fr.out);
  EXPECT_TRUE(Has(json_en.err, "check character")) << json_en.err;
}

}  // namespace
}  // namespace urne::voter_client

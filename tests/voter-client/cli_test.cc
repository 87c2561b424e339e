// urne-vote against a real board: vote, audit, revote and check; a mistyped code, a code of
// another election, a wrong election id and a closed vote each give a clear message and
// exit 2; check detects a tampered receipt (exit 1).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "board-client/client.h"
#include "crypto/bytes.h"
#include "election/credential.h"
#include "election/entry.h"
#include "election/tree_head.h"
#include "status/status.h"
#include "tests/support/board_fixture.h"
#include "tests/support/lying_board.h"
#include "tests/support/process.h"
#include "tools/scripted_election.h"
#include "voter-client/receipt_file.h"

namespace urne::voter_client {
namespace {

using testing::BoardProcess;
using testing::RunResult;
using testing::ScriptedElection;
using testing::ScriptOptions;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteAll(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

class VoteCliTest : public testing::BoardTest {
 protected:
  void SetUp() override {
    BoardTest::SetUp();
    // This "device"'s kept receipts stay in the test folder (urne-vote reads the variable).
    setenv("URNE_RECEIPTS_DIR", (dir_ + "/device").c_str(), 1);
  }

  // Runs urne-vote trusting the test boards' CA.
  static RunResult Vote(std::vector<std::string> args) {
    return testing::RunClient("urne-vote", std::move(args));
  }

  RunResult Cast(const ScriptedElection& e, size_t voter, const std::string& receipt,
                 std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"cast",
                                     "--board",
                                     board_->address(),
                                     "--election",
                                     ToHex(e.id()),
                                     "--credential",
                                     e.voter_codes()[voter],
                                     "--receipt",
                                     receipt,
                                     "--lang",
                                     "en"};
    if (extra.empty()) {
      extra = {"--answer", "pool=yes", "--answer", "council=ana,chloe", "--answer", "budget=park"};
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return Vote(args);
  }

  RunResult Check(const std::string& receipt) {
    return Vote({"check", "--receipt", receipt, "--board", board_->address()});
  }
};

TEST_F(VoteCliTest, ShowListsQuestionsInBothLanguages) {
  auto e = NewElection();
  RunResult en =
      Vote({"show", "--board", board_->address(), "--election", ToHex(e->id()), "--lang", "en"});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("Build the pool?"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("choose from 0 to 2 answers"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("total budget: 100 kEUR"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("(blank vote)"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("VOTING"), std::string::npos) << en.out;
  // The window in the manifest's time zone (none here: UTC, named), as letters show it.
  EXPECT_NE(en.out.find("Voting window: from Friday 15 January 2027, 08:00 (UTC) to Saturday 16 "
                        "January 2027, 08:00 (UTC)"),
            std::string::npos)
      << en.out;
  RunResult fr =
      Vote({"show", "--board", board_->address(), "--election", ToHex(e->id()), "--lang", "fr"});
  ASSERT_EQ(fr.exit_code, 0) << fr.err;
  EXPECT_NE(fr.out.find("Construire la piscine ?"), std::string::npos) << fr.out;
  EXPECT_NE(fr.out.find("du vendredi 15 janvier 2027 à 08:00 (UTC) au samedi 16 janvier 2027 à "
                        "08:00 (UTC)"),
            std::string::npos)
      << fr.out;
  RunResult json =
      Vote({"show", "--board", board_->address(), "--election", ToHex(e->id()), "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"phase\": \"VOTING\""), std::string::npos) << json.out;
}

// A busy host: the board refuses this host's posts for a moment (limit.rate); urne-vote
// waits and retries (board-client RetryPolicy) instead of losing the cast.
TEST_F(VoteCliTest, CastGetsThroughOnABusyHost) {
  board_.reset();
  auto board =
      BoardProcess::Start(dir_ + "/busy-board", {"--rate-per-host", "1", "--burst-per-host", "30"});
  ASSERT_TRUE(board.ok()) << board.status();
  board_ = std::move(*board);
  client_ = std::make_unique<BoardClient>(board_->endpoint());
  auto e = NewElection();
  BoardClient flooder(board_->endpoint());
  flooder.set_retry_policy(RetryPolicy{1, 0, 0});
  bool busy = false;
  for (int i = 0; i < 60 && !busy; ++i) {
    v1::Entry junk = MakeEntry(e->id(), v1::OPEN, "", SigningKey::Generate());
    busy = ReasonOf(flooder.Post(junk).status()) == "limit.rate";
  }
  ASSERT_TRUE(busy) << "the host's rate was never reached";
  std::string receipt = dir_ + "/busy.json";
  RunResult cast = Cast(*e, 0, receipt);
  ASSERT_EQ(cast.exit_code, 0) << cast.err;
  EXPECT_NE(cast.out.find("Ballot cast"), std::string::npos) << cast.out;
  auto status = client_->Status(e->id());
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->ballots(), 1u);
}

TEST_F(VoteCliTest, VoteThenCheckCounts) {
  auto e = NewElection();
  std::string receipt = dir_ + "/r1.json";
  RunResult cast = Cast(*e, 0, receipt);
  ASSERT_EQ(cast.exit_code, 0) << cast.err;
  EXPECT_NE(cast.out.find("Tracking code: "), std::string::npos) << cast.out;
  EXPECT_NE(cast.out.find("Ballot cast"), std::string::npos) << cast.out;
  std::string text = ReadAll(receipt);
  EXPECT_NE(text.find("\"format\": \"urne-receipt/1\""), std::string::npos) << text;
  RunResult check = Check(receipt);
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("your ballot is on the board and counts"), std::string::npos)
      << check.out;
  RunResult french =
      Vote({"check", "--receipt", receipt, "--board", board_->address(), "--lang", "fr"});
  ASSERT_EQ(french.exit_code, 0) << french.err;
  EXPECT_NE(french.out.find("votre bulletin est sur le tableau et il compte."), std::string::npos)
      << french.out;
  auto status = client_->Status(e->id());
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->ballots(), 1u);
}

TEST_F(VoteCliTest, AnswersFileAndBlank) {
  auto e = NewElection();
  std::string answers = dir_ + "/answers.json";
  WriteAll(answers, R"({"pool": ["blank"], "council": [], "budget": ["bikes", "library"]})");
  RunResult cast = Cast(*e, 1, dir_ + "/r.json", {"--answers", answers});
  ASSERT_EQ(cast.exit_code, 0) << cast.err;
  EXPECT_NE(cast.out.find("Pool: Blank"), std::string::npos) << cast.out;
  EXPECT_NE(cast.out.find("Council: (nothing)"), std::string::npos) << cast.out;
}

TEST_F(VoteCliTest, AuditThenCast) {
  auto e = NewElection();
  std::string receipt = dir_ + "/r.json";
  RunResult cast =
      Cast(*e, 0, receipt,
           {"--audit", "--answer", "pool=no", "--answer", "council=bruno", "--answer", "budget="});
  ASSERT_EQ(cast.exit_code, 0) << cast.err;
  EXPECT_NE(cast.out.find("Audit published"), std::string::npos) << cast.out;
  EXPECT_NE(cast.out.find("never count"), std::string::npos) << cast.out;
  EXPECT_NE(cast.out.find("It matches your choices"), std::string::npos) << cast.out;
  EXPECT_NE(cast.out.find("Ballot cast"), std::string::npos) << cast.out;
  auto status = client_->Status(e->id());
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->audits(), 1u);
  EXPECT_EQ(status->ballots(), 1u);
  RunResult check = Check(receipt);
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("counts"), std::string::npos) << check.out;
}

TEST_F(VoteCliTest, RevoteSupersedesAndCheckSaysSo) {
  auto e = NewElection();
  std::string first = dir_ + "/first.json";
  std::string second = dir_ + "/second.json";
  ASSERT_EQ(Cast(*e, 2, first).exit_code, 0);
  RunResult again = Cast(
      *e, 2, second, {"--answer", "pool=no", "--answer", "council=", "--answer", "budget=bikes"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  RunResult c1 = Check(first);
  ASSERT_EQ(c1.exit_code, 0) << c1.err;
  EXPECT_NE(c1.out.find("superseded by your later ballot at index"), std::string::npos) << c1.out;
  RunResult c2 = Check(second);
  ASSERT_EQ(c2.exit_code, 0) << c2.err;
  EXPECT_NE(c2.out.find("counts"), std::string::npos) << c2.out;
  auto status = client_->Status(e->id());
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->revotes(), 1u);
}

// The revote-ordering attack (specs/ballot.md §4 rule 9): a ballot the voter's device made
// earlier, never delivered, arrives after the voter voted with urne-vote. The board refuses
// it (before the rule it was accepted, and `check` then said the voter's receipt was
// superseded), and the check of the voter's receipt says it counts.
TEST_F(VoteCliTest, OlderBallotDeliveredLateCannotSupersedeTheReceipt) {
  auto e = NewElection();
  auto older = e->Encrypt(2, testing::TestChoices(1, {0, 0, 0}, {0, 0, 0}), e->state().size());
  ASSERT_TRUE(older.ok()) << older.status();
  std::string receipt = dir_ + "/newer.json";
  RunResult cast = Cast(*e, 2, receipt);
  ASSERT_EQ(cast.exit_code, 0) << cast.err;
  auto late = client_->Post(MakeEntry(e->id(), v1::BALLOT, older->payload, e->voter(2)));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition) << late.status();
  EXPECT_EQ(ReasonOf(late.status()), "ballot.stale") << late.status();
  RunResult check = Check(receipt);
  ASSERT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("your ballot is on the board and counts"), std::string::npos)
      << check.out;
  // A revote with urne-vote sees the first ballot (its synced tree head) and supersedes it.
  std::string second = dir_ + "/second.json";
  RunResult again = Cast(
      *e, 2, second, {"--answer", "pool=no", "--answer", "council=", "--answer", "budget=bikes"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  RunResult c2 = Check(second);
  EXPECT_NE(c2.out.find("counts"), std::string::npos) << c2.out;
}

TEST_F(VoteCliTest, SingleBallotPolicyRefusesRevoteClearly) {
  ScriptOptions options;
  options.revote_policy = v1::SINGLE_BALLOT;
  options.reference = "single-ballot";
  auto e = NewElection(options);
  ASSERT_EQ(Cast(*e, 0, dir_ + "/a.json").exit_code, 0);
  RunResult again = Cast(*e, 0, dir_ + "/b.json");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("you have already voted"), std::string::npos) << again.err;
}

TEST_F(VoteCliTest, MistypedCodeIsCaughtBeforeAnyNetworkCall) {
  auto e = NewElection();
  std::string code = e->voter_codes()[0];
  // Substitute one data character: the check character catches it.
  code[3] = code[3] == 'A' ? 'B' : 'A';
  // An unreachable board: the error must come before any network call.
  RunResult r = Vote({"cast", "--board", "127.0.0.1:1", "--election", ToHex(e->id()),
                      "--credential", code, "--answer", "pool=yes"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("the credential code is not valid"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("check character"), std::string::npos) << r.err;
  RunResult short_code = Vote({"cast", "--board", "127.0.0.1:1", "--election", ToHex(e->id()),
                               "--credential", "7KQF-M2X9", "--answer", "pool=yes"});
  EXPECT_EQ(short_code.exit_code, 2);
  EXPECT_NE(short_code.err.find("21"), std::string::npos) << short_code.err;
}

TEST_F(VoteCliTest, CodeOfAnotherElectionIsNotOnTheRoll) {
  auto e = NewElection();
  ScriptOptions other;
  other.reference = "other-votation";
  auto f = NewElection(other);
  RunResult r = Vote({"cast", "--board", board_->address(), "--election", ToHex(e->id()),
                      "--credential", f->voter_codes()[0], "--answer", "pool=yes", "--answer",
                      "council=", "--answer", "budget="});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not on this election's roll"), std::string::npos) << r.err;
}

TEST_F(VoteCliTest, WrongElectionIdIsClear) {
  auto e = NewElection();
  std::string wrong = ToHex(e->id());
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  RunResult r = Vote({"cast", "--board", board_->address(), "--election", wrong, "--credential",
                      e->voter_codes()[0], "--answer", "pool=yes"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("has no election"), std::string::npos) << r.err;
  RunResult bad = Vote({"cast", "--board", board_->address(), "--election", "xyz", "--credential",
                        e->voter_codes()[0], "--answer", "pool=yes"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("is not an election id"), std::string::npos) << bad.err;
}

TEST_F(VoteCliTest, ClosedVoteIsRefusedWithThePhase) {
  auto e = NewElection();
  ASSERT_TRUE(e->Close().ok());
  RunResult r = Cast(*e, 0, dir_ + "/r.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("the vote is closed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("CLOSED"), std::string::npos) << r.err;
}

TEST_F(VoteCliTest, BadAnswersAreExplained) {
  auto e = NewElection();
  RunResult unknown =
      Cast(*e, 0, dir_ + "/r.json",
           {"--answer", "pool=maybe", "--answer", "council=", "--answer", "budget="});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("has no option \"maybe\""), std::string::npos) << unknown.err;
  RunResult too_many =
      Cast(*e, 0, dir_ + "/r.json",
           {"--answer", "pool=yes", "--answer", "council=ana,bruno,chloe", "--answer", "budget="});
  EXPECT_EQ(too_many.exit_code, 2);
  EXPECT_NE(too_many.err.find("choose between 0 and 2"), std::string::npos) << too_many.err;
  RunResult missing = Cast(*e, 0, dir_ + "/r.json", {"--answer", "pool=yes"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no answer for question \"council\""), std::string::npos)
      << missing.err;
  EXPECT_EQ(client_->Status(e->id())->ballots(), 0u);
}

TEST_F(VoteCliTest, CheckDetectsATamperedReceipt) {
  auto e = NewElection();
  std::string receipt = dir_ + "/r.json";
  ASSERT_EQ(Cast(*e, 0, receipt).exit_code, 0);
  // Another index for the same entry: the inclusion proof no longer leads to the root.
  std::string text = ReadAll(receipt);
  size_t at = text.find(R"("index":")");
  ASSERT_NE(at, std::string::npos) << text;
  at += 9;
  std::string moved = text;
  moved[at] = moved[at] == '1' ? '2' : '1';
  WriteAll(dir_ + "/moved.json", moved);
  RunResult r = Check(dir_ + "/moved.json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("does not verify"), std::string::npos) << r.err;
  // Another tracking code than the ballot's.
  std::string code_at = R"("tracking_code": ")";
  size_t c = text.find(code_at) + code_at.size();
  std::string recoded = text;
  recoded[c] = recoded[c] == 'A' ? 'B' : 'A';
  WriteAll(dir_ + "/recoded.json", recoded);
  RunResult r2 = Check(dir_ + "/recoded.json");
  EXPECT_EQ(r2.exit_code, 1) << r2.out << r2.err;
  EXPECT_NE(r2.err.find("altered"), std::string::npos) << r2.err;
  // The untouched receipt still checks.
  EXPECT_EQ(Check(receipt).exit_code, 0);
}

// Issue #13 "a fake board": a server that forwards reads to the real board but answers Post
// itself with a receipt signed by its own key. The ballot never reaches the real board; the
// receipt's tree head is not signed by the key the manifest names, so urne-vote says so and
// fails (before the fix it printed "Ballot cast" and exited 0).
TEST_F(VoteCliTest, FakeBoardReceiptSignedByAnotherKeyIsRefused) {
  auto e = NewElection();
  auto fake = testing::LyingBoard::Start(board_->endpoint());
  ASSERT_TRUE(fake.ok()) << fake.status();
  SigningKey fake_key = SigningKey::Generate();
  (*fake)->OwnReceipts(fake_key);
  std::string receipt = dir_ + "/fake.json";
  RunResult r =
      Vote({"cast", "--board", (*fake)->address(), "--election", ToHex(e->id()), "--credential",
            e->voter_codes()[0], "--receipt", receipt, "--lang", "en", "--answer", "pool=yes",
            "--answer", "council=ana", "--answer", "budget=park"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.out.find("Ballot cast"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("tree_head.wrong_key"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(ToHex(fake_key.public_key().bytes)), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("your ballot may not be on the election's board"), std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(receipt));
  EXPECT_EQ((*fake)->intercepted(), 1);
  auto status = client_->Status(e->id());
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->ballots(), 0u);  // it never reached the real board
}

// A receipt whose tree head another key signed (validly): `urne-vote check` names both keys.
TEST_F(VoteCliTest, CheckRefusesAReceiptSignedByAnotherKey) {
  auto e = NewElection();
  std::string receipt = dir_ + "/r.json";
  ASSERT_EQ(Cast(*e, 0, receipt).exit_code, 0);
  auto file = voter_client::ParseReceiptJson(ReadAll(receipt));
  ASSERT_TRUE(file.ok()) << file.status();
  SigningKey other = SigningKey::Generate();
  SignTreeHead(*file->receipt.mutable_tree_head(), other);
  std::string forged = dir_ + "/forged.json";
  std::ofstream(forged) << voter_client::ReceiptToJson(*file);
  RunResult r = Check(forged);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("not by this election's board"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(ToHex(other.public_key().bytes)), std::string::npos) << r.err;
  EXPECT_EQ(Check(receipt).exit_code, 0);  // the genuine receipt still checks
}

TEST_F(VoteCliTest, CheckOnAnotherBoardSaysNotFound) {
  auto e = NewElection();
  std::string receipt = dir_ + "/r.json";
  ASSERT_EQ(Cast(*e, 0, receipt).exit_code, 0);
  // A board that lost (or hides) the election: the receipt proves it was there.
  auto other = BoardProcess::Start(dir_ + "/other-board");
  ASSERT_TRUE(other.ok()) << other.status();
  RunResult r = Vote({"check", "--receipt", receipt, "--board", (*other)->address()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("NOT FOUND: the board is cheating"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace urne::voter_client

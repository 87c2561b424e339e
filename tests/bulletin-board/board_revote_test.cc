// The board keeps no copy of the counted ballots: when a voter votes again, the superseded
// ballot leaves the running tally as the board reads it back, from the writer's batch in
// progress or from the store (Board::ReaderFor). These tests drive an in-process Board (real
// SQLite store, real verifier and writer threads) so that posts reach it in a known order.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <ctime>
#include <filesystem>
#include <future>
#include <iostream>
#include <memory>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/synchronization/blocking_counter.h"
#include "bulletin-board/board.h"
#include "election/ballot.h"
#include "election/entry.h"
#include "status/status.h"
#include "tests/support/process.h"
#include "tools/scripted_election.h"

namespace urne::bulletin_board {
namespace {

using testing::ScriptedElection;
using testing::ScriptOptions;

Choices Vote(uint32_t pool, std::vector<uint32_t> council, std::vector<uint32_t> budget) {
  return testing::TestChoices(pool, std::move(council), std::move(budget));
}

std::string Id(const ScriptedElection& e) { return std::string(e.id().begin(), e.id().end()); }

class BoardRevote : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("urne-board-revote");
    OpenBoard();
  }
  void TearDown() override {
    board_.reset();
    std::filesystem::remove_all(dir_);
  }
  // `replay_page`: entries the restart reads from the store at a time; `progress` gets
  // (entries replayed, entries in the log).
  void OpenBoard(uint64_t replay_page = BoardLimits().replay_page,
                 const ReplayProgress& progress = {}) {
    board_.reset();
    BoardLimits limits;
    limits.verify_threads = 1;  // one verifier: the posts queued together form one batch
    limits.replay_page = replay_page;
    limits.replay_report_entries = report_entries_;
    auto board = Board::Open(dir_, limits, AuthorityAllowlist::AllowAny(), progress);
    ASSERT_TRUE(board.ok()) << board.status();
    board_ = std::move(*board);
  }
  absl::StatusOr<v1::Receipt> PostAndWait(const v1::Entry& entry) {
    std::promise<absl::StatusOr<v1::Receipt>> answer;
    board_->Post(entry, "test",
                 [&](absl::StatusOr<v1::Receipt> r) { answer.set_value(std::move(r)); });
    return answer.get_future().get();
  }
  // A sink posting through the board, except while `mirror_` is set (entries the test
  // already posted itself, which the script only applies locally).
  ScriptedElection::Sink Sink() {
    return [this](const v1::Entry& entry) -> absl::Status {
      if (mirror_) return absl::OkStatus();
      return PostAndWait(entry).status();
    };
  }
  std::string BoardKey() const {
    PublicKey key = board_->key();
    return std::string(key.bytes.begin(), key.bytes.end());
  }
  static v1::Entry BallotEntry(const ScriptedElection& e, size_t voter, const Choices& choices,
                               uint64_t seen) {
    BallotStatement st{e.state().manifest(), e.state().group(), e.id(), *e.state().joint_key(),
                       e.voter(voter).public_key()};
    auto ballot = EncryptBallot(st, choices, seen);
    EXPECT_TRUE(ballot.ok()) << ballot.status();
    return MakeEntry(e.id(), v1::BALLOT, ballot.ok() ? ballot->payload : std::string(),
                     e.voter(voter));
  }

  // An election of `voters` voters on the board, open (nullptr after a failed step).
  std::unique_ptr<ScriptedElection> Voting(size_t voters) {
    ScriptOptions options;
    options.board_key = BoardKey();
    options.voters = voters;
    auto e = std::make_unique<ScriptedElection>(options, Sink());
    absl::Status s = e->Create();
    if (s.ok()) s = e->Ceremony();
    if (s.ok()) s = e->Open(static_cast<int64_t>(std::time(nullptr)));
    EXPECT_TRUE(s.ok()) << s;
    return s.ok() ? std::move(e) : nullptr;
  }

  std::string dir_;
  uint64_t report_entries_ = BoardLimits().replay_report_entries;
  std::unique_ptr<Board> board_;
  bool mirror_ = false;
};

// Voter 40's second ballot is in the same write batch as its first, which is not yet in the
// store when the second one supersedes it; after a restart, more revotes read the superseded
// ballots from the store. Every step must leave the board's running tally equal to the
// script's: the trustees' partial decryptions, made from the script's tally, are checked by
// the board against its own, and the RESULT against them.
TEST_F(BoardRevote, SupersededBallotsLeaveTheTallyFromTheBatchAndFromTheStore) {
  auto voting = Voting(42);
  ASSERT_NE(voting, nullptr);
  ScriptedElection& e = *voting;

  // 40 voters, then voter 40 twice: the second ballot saw the first (at index base + 40).
  const uint64_t base = e.state().size();
  std::vector<v1::Entry> posts;
  for (size_t v = 0; v < 40; ++v) {
    posts.push_back(BallotEntry(e, v, Vote(v % 3, {1, 0, v % 2 ? 1u : 0u}, {0, 1, 0}), base));
  }
  posts.push_back(BallotEntry(e, 40, Vote(0, {1, 1, 0}, {1, 0, 0}), base));
  posts.push_back(BallotEntry(e, 40, Vote(1, {0, 0, 1}, {0, 0, 1}), base + 41));
  // All queued at once: the verifier takes the first, then the rest as one batch.
  std::vector<absl::StatusOr<v1::Receipt>> answers(posts.size(), absl::UnknownError("none"));
  absl::BlockingCounter pending(static_cast<int>(posts.size()));
  for (size_t i = 0; i < posts.size(); ++i) {
    board_->Post(posts[i], "test", [&, i](absl::StatusOr<v1::Receipt> r) {
      answers[i] = std::move(r);
      pending.DecrementCount();
    });
  }
  pending.Wait();
  for (size_t i = 0; i < posts.size(); ++i) {
    ASSERT_TRUE(answers[i].ok()) << "post " << i << ": " << answers[i].status();
    EXPECT_EQ(answers[i]->index(), base + i);
  }
  // One batch's receipts share its signed head: both ballots of voter 40 were written
  // together, the second applied while the first was not in the store yet.
  EXPECT_EQ(answers[40]->tree_head().tree_size(), answers[41]->tree_head().tree_size());
  mirror_ = true;
  ASSERT_TRUE(e.PostAll(posts).ok());
  mirror_ = false;

  auto status = board_->Status(Id(e));
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->ballots(), 42u);
  EXPECT_EQ(status->revotes(), 1u);

  // After a restart (the log replayed from the store 7 entries at a time), voters 40 and 0
  // vote again: their superseded ballots are read back from the store.
  // The board reports on stderr how far its replay is (here from 10 entries on).
  std::vector<std::pair<uint64_t, uint64_t>> replayed;
  std::ostringstream said;
  std::streambuf* cerr = std::cerr.rdbuf(said.rdbuf());
  report_entries_ = 10;
  OpenBoard(7, [&](uint64_t done, uint64_t total) { replayed.emplace_back(done, total); });
  std::cerr.rdbuf(cerr);
  ASSERT_FALSE(replayed.empty());
  for (size_t k = 1; k < replayed.size(); ++k) {
    EXPECT_LE(replayed[k - 1].first, replayed[k].first) << "progress went back";
  }
  const uint64_t size = base + 42;
  EXPECT_EQ(replayed.back(), std::make_pair(size, size));
  const std::string election = "urne-board: election " + ToHex(e.id()) + ": ";
  EXPECT_NE(said.str().find(election + "7 of " + std::to_string(size) + " entries checked again"),
            std::string::npos)
      << said.str();
  EXPECT_NE(said.str().find(election + std::to_string(size) + " entries replayed and checked in "),
            std::string::npos)
      << said.str();
  ASSERT_TRUE(e.Cast(40, Vote(2, {0, 1, 0}, {0, 1, 1})).ok());
  ASSERT_TRUE(e.Cast(0, Vote(2, {1, 1, 0}, {1, 1, 1})).ok());
  status = board_->Status(Id(e));
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->revotes(), 3u);

  ASSERT_TRUE(e.Close().ok());
  ASSERT_TRUE(e.Decrypt(1).ok());
  ASSERT_TRUE(e.Decrypt(2).ok());
  ASSERT_TRUE(e.PublishResult().ok());
  status = board_->Status(Id(e));
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->phase(), v1::TALLIED);
}

// A superseded ballot is read back only as the entry the board applied: one changed in the
// store while the board runs (here replaced by another stored ballot, with that ballot's
// leaf hash, so that the store itself looks consistent) is refused, and the revote with it;
// the running tally is untouched, and the voter's ballot still counts.
TEST_F(BoardRevote, AStoredBallotChangedUnderTheBoardIsNotReadBack) {
  auto voting = Voting(3);
  ASSERT_NE(voting, nullptr);
  ScriptedElection& e = *voting;
  ASSERT_TRUE(e.Cast(1, Vote(0, {1, 0, 0}, {1, 0, 0})).ok());
  const uint64_t first = e.state().size() - 1;
  ASSERT_TRUE(e.Cast(2, Vote(1, {0, 1, 0}, {0, 1, 0})).ok());
  const uint64_t other = e.state().size() - 1;

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ + "/board.sqlite").c_str(), &db), SQLITE_OK);
  const std::string swap =
      "UPDATE entries SET (entry, leaf_hash) = (SELECT entry, leaf_hash FROM "
      "entries WHERE idx = " +
      std::to_string(other) + ") WHERE idx = " + std::to_string(first);
  ASSERT_EQ(sqlite3_exec(db, swap.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);

  const v1::Entry revote = BallotEntry(e, 1, Vote(2, {0, 0, 1}, {0, 0, 1}), e.state().size());
  auto answer = PostAndWait(revote);
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kDataLoss) << answer.status();
  EXPECT_EQ(ReasonOf(answer.status()), "store.corrupt") << answer.status();
  EXPECT_NE(answer.status().message().find("entry " + std::to_string(first)), std::string::npos)
      << answer.status();
  auto status = board_->Status(Id(e));
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->ballots(), 2u);
  EXPECT_EQ(status->revotes(), 0u);
  // The board's tally is still the script's, which never saw the revote.
  ASSERT_TRUE(e.Close().ok());
  ASSERT_TRUE(e.Decrypt(1).ok());
  ASSERT_TRUE(e.Decrypt(2).ok());
}

}  // namespace
}  // namespace urne::bulletin_board

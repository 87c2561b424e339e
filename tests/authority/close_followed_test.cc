// `urne-admin close --follow-dir` (issue #18 point 4, specs/entries.md §3.3), through the real
// programs on a real board: the CLOSE countersigns exactly the log `urne-admin follow` verified,
// nothing replayed. Refused, each with its reason and nothing signed: no follower file, a
// damaged one, one of another election, a follower behind the board (after waiting), a
// follower whose log the board's does not extend (a fork), another authority key, a vote that
// is not open, a board key that is not the manifest's. And `urne-admin status --follow-dir`:
// the counts the follower wrote during the vote, the state resumed from its checkpoint after
// CLOSE, each the same document as a full replay's; refused without the follower's file, with
// a damaged one, or one of another election.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <thread>

#include "cli/cli.h"
#include "cli/json.h"
#include "cli/status_document.h"
#include "election/followed_head.h"
#include "status/status.h"
#include "tests/authority/authority_fixture.h"

namespace urne::testing {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// `text` with its first `from` replaced by `to` (which must be there).
std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text = text.substr(0, at) + to + text.substr(at + from.size());
  return text;
}

class CloseFollowedTest : public AdminTest {
 protected:
  RunResult Close(const std::string& follow_dir, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--follow-dir", follow_dir};
    args.insert(args.end(), extra.begin(), extra.end());
    return AdminOn(board_->address(), "close", args);
  }
  // A follower folder holding `head`, as `follow` writes it.
  std::string FolderWith(const std::string& name, const FollowedHead& head) {
    std::string dir = Cat(dir_, "/", name);
    std::filesystem::create_directories(dir);
    WriteFile(Cat(name, "/", FollowedHeadName(head.election)), EncodeFollowedHead(head));
    return dir;
  }
  bool Closed() { return Sync().state->close() != nullptr; }
  bool SignedRecordKept() const {
    return std::filesystem::exists(Cat(key_, ".signed/", election_, ".close"));
  }
  // Starts `urne-admin follow --dir dir` on a thread (its run in `follow` once joined), then
  // casts two ballots.
  std::thread FollowAndCastTwo(const std::string& dir, RunResult& follow) {
    std::thread f([this, dir, &follow] {
      follow = Admin({"follow", "--board", board_->address(), "--election", election_, "--dir", dir,
                      "--interval", "1"});
    });
    Cast(codes_[0], {{0}});
    Cast(codes_[1], {{1}});
    return f;
  }
};

TEST_F(CloseFollowedTest, ClosesTheLogTheFollowerVerified) {
  ASSERT_NO_FATAL_FAILURE(SetUpProgramTrusteesVote(board_->address(), 1));
  const std::string admin = dir_ + "/follow-admin";
  RunResult follow;
  std::thread f = FollowAndCastTwo(admin, follow);
  const std::string file = Cat(admin, "/", election_, ".head");
  for (int i = 0; i < 200 && !std::filesystem::exists(file); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // Whatever the follower has verified when close starts, close waits until it holds the
  // board's whole log, then signs exactly that log.
  RunResult close = Close(admin);
  ASSERT_EQ(close.exit_code, 0) << close.err;
  EXPECT_TRUE(Has(close.out, "the vote is closed")) << close.out;
  f.join();
  ASSERT_EQ(follow.exit_code, 0) << follow.err;
  const SyncedElection closed = Sync();
  ASSERT_NE(closed.state->close(), nullptr);
  EXPECT_EQ(closed.state->close()->tree_size(), closed.entries.size() - 1);
  EXPECT_EQ(closed.state->ballots(), 2u);
  // The follower's file now shows the CLOSE; close again: nothing to do.
  auto text = cli::ReadTextFile(file);
  ASSERT_TRUE(text.ok());
  auto head = ParseFollowedHead(*text);
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->phase, v1::CLOSED);
  EXPECT_EQ(head->close_tree_size, closed.state->close()->tree_size());
  EXPECT_EQ(head->close_root_hash, closed.state->close()->root_hash());
  RunResult again = Close(admin);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(Has(again.out, "already closed")) << again.out;
}

TEST_F(CloseFollowedTest, RefusesAndSignsNothingUnlessTheBoardShowsTheFollowedLog) {
  ASSERT_NO_FATAL_FAILURE(SetUpProgramTrusteesVote(board_->address(), 1));
  ASSERT_NO_FATAL_FAILURE(Cast(codes_[0], {{0}}));
  const FollowedHead at_one_ballot = FollowedHeadOf(*Sync().state);
  ASSERT_NO_FATAL_FAILURE(Cast(codes_[1], {{1}}));
  const FollowedHead now = FollowedHeadOf(*Sync().state);
  // urne-admin prints the message (its reason is in specs/entries.md §3.3 and cli/reasons.def).
  auto expect_refused = [&](const RunResult& r, int exit_code, const std::string& says) {
    EXPECT_EQ(r.exit_code, exit_code) << r.err;
    EXPECT_TRUE(Has(r.err, says)) << r.err;
    EXPECT_FALSE(Closed());
    EXPECT_FALSE(SignedRecordKept());
  };

  RunResult none = Close(dir_ + "/empty");
  expect_refused(none, 2, "cannot be read: --follow-dir is the folder of");

  // Behind: the board holds a ballot the follower has not verified; close waits, then stops.
  RunResult behind = Close(FolderWith("behind", at_one_ballot), {"--follow-wait", "1"});
  expect_refused(behind, 2,
                 Cat("verified ", at_one_ballot.tree_size, " entries but the board holds ",
                     now.tree_size, " (waited 1 s); nothing was signed"));

  // Another history of the same size, or a longer one: the board's log does not extend it.
  FollowedHead forked = now;
  forked.root_hash[0] ^= 1;
  expect_refused(Close(FolderWith("forked", forked)), 1, "(same size, another root)");
  FollowedHead longer = now;
  longer.tree_size += 1;
  expect_refused(Close(FolderWith("longer", longer)), 1, "(the log got shorter)");
  // A shorter log than the board's that it does not extend: the consistency proof fails.
  FollowedHead shorter_forked = at_one_ballot;
  shorter_forked.root_hash[0] ^= 1;
  expect_refused(Close(FolderWith("shorter-forked", shorter_forked)), 1,
                 "(its consistency proof fails)");

  FollowedHead not_ours = now;
  not_ours.authority_key[0] ^= 1;
  expect_refused(Close(FolderWith("not-ours", not_ours)), 2, "is not the election's authority key");
  FollowedHead other_board = now;
  other_board.board_key[0] ^= 1;
  expect_refused(Close(FolderWith("other-board", other_board)), 2,
                 "not by the board the election's manifest names");
  FollowedHead ready = now;
  ready.phase = v1::READY;
  expect_refused(Close(FolderWith("ready", ready)), 2,
                 "only an open vote can be closed; the election is READY");

  // A damaged file, and one of another election (under this election's name).
  const std::string damaged = FolderWith("damaged", now);
  const std::string path = Cat(damaged, "/", FollowedHeadName(now.election));
  std::string bytes = *cli::ReadTextFile(path);
  bytes.replace(bytes.find("phase VOTING"), 12, "phase CLOSED");
  WriteFile(Cat("damaged/", FollowedHeadName(now.election)), bytes);
  expect_refused(Close(damaged), 2, "do not match its sha256 line (a damaged file)");
  FollowedHead other = now;
  other.election[0] ^= 1;
  const std::string elsewhere = FolderWith("elsewhere", now);
  WriteFile(Cat("elsewhere/", FollowedHeadName(now.election)), EncodeFollowedHead(other));
  expect_refused(Close(elsewhere), 2, Cat("is of election ", ToHex(other.election)));

  // Not what follow writes, refused unread: a pipe (reading it would block) and a file of
  // 100 KiB (follow writes a few hundred bytes).
  const std::string pipe = FolderWith("pipe", now);
  const std::string pipe_path = Cat(pipe, "/", FollowedHeadName(now.election));
  std::filesystem::remove(pipe_path);
  ASSERT_EQ(::mkfifo(pipe_path.c_str(), 0600), 0);
  expect_refused(Close(pipe), 2, "is not a regular file (a folder, a pipe or a device)");
  const std::string long_file = FolderWith("long", now);
  WriteFile(Cat("long/", FollowedHeadName(now.election)), std::string(100 << 10, '\n'));
  expect_refused(Close(long_file), 2, "bytes, more than the 65536 this file can have");

  // The follower at the board's log: closed over exactly that log.
  RunResult ok = Close(FolderWith("current", now));
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  const SyncedElection closed = Sync();
  ASSERT_NE(closed.state->close(), nullptr);
  EXPECT_EQ(closed.state->close()->tree_size(), now.tree_size);
  EXPECT_EQ(closed.state->close()->root_hash(), now.root_hash);
}

TEST_F(CloseFollowedTest, StatusFromTheFollowerIsTheReplayedStatus) {
  ASSERT_NO_FATAL_FAILURE(SetUpProgramTrusteesVote(board_->address(), 1));
  const std::string admin = dir_ + "/follow-admin";
  RunResult follow;
  std::thread f = FollowAndCastTwo(admin, follow);
  auto status = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"status", "--board", board_->address(), "--election",
                                     election_};
    args.insert(args.end(), extra.begin(), extra.end());
    return Admin(args);
  };
  // Once the follower has verified the whole log, its document is the full replay's.
  const RunResult replayed = status({"--json"});
  ASSERT_EQ(replayed.exit_code, 0) << replayed.err;
  EXPECT_TRUE(Has(replayed.out, "\"ballots\": 2")) << replayed.out;
  RunResult followed;
  for (int i = 0; i < 200; ++i) {
    followed = status({"--json", "--follow-dir", admin});
    if (followed.exit_code == 0 && followed.out == replayed.out) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(followed.exit_code, 0) << followed.err;
  EXPECT_EQ(followed.out, replayed.out);
  const RunResult text = status({"--follow-dir", admin});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(Has(text.out, "ballots:             2 (0 revotes, 2 counted)")) << text.out;
  const size_t size = Sync().entries.size();
  EXPECT_TRUE(Has(text.out, Cat("(as the follower in ", admin, " verified the log, up to entry ",
                                size - 1, "; the board may hold more)")))
      << text.out;
  EXPECT_EQ(status({}).out + Cat("(as the follower in ", admin, " verified the log, up to entry ",
                                 size - 1, "; the board may hold more)\n"),
            text.out);

  // After CLOSE the follower leaves its checkpoint, and status resumes from it.
  ASSERT_EQ(Close(admin).exit_code, 0);
  f.join();
  ASSERT_EQ(follow.exit_code, 0) << follow.err;
  const RunResult closed = status({"--json"});
  EXPECT_TRUE(Has(closed.out, "\"phase\": \"CLOSED\"")) << closed.out;
  EXPECT_EQ(status({"--json", "--follow-dir", admin}).out, closed.out);
  EXPECT_EQ(status({"--follow-dir", admin}).out, status({}).out);
}

TEST_F(CloseFollowedTest, StatusFromTheFollowerRefusesMissingDamagedOrOtherFiles) {
  ASSERT_NO_FATAL_FAILURE(SetUpProgramTrusteesVote(board_->address(), 1));
  const std::string doc =
      cli::ToJson(cli::StatusDocument(*Sync().state), cli::JsonLayout::kIndented);
  auto status_in = [&](const std::string& name, const std::string& content) {
    std::filesystem::create_directories(Cat(dir_, "/", name));
    if (!content.empty()) WriteFile(Cat(name, "/", election_, ".status.json"), content);
    return Admin({"status", "--board", board_->address(), "--election", election_, "--follow-dir",
                  Cat(dir_, "/", name)});
  };
  auto expect_refused = [](const RunResult& r, const std::string& says) {
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(Has(r.err, says)) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  };
  expect_refused(status_in("none", ""),
                 "cannot be read: --follow-dir is the folder of `urne-admin "
                 "follow --election ");
  expect_refused(status_in("not-json", "ballots 2\n"),
                 "is not the status document `urne-admin follow` writes");
  expect_refused(status_in("negative", Replaced(doc, "\"ballots\": 0", "\"ballots\": -1")),
                 "no count member \"ballots\"");
  expect_refused(status_in("half", Replaced(doc, "\"revotes\": 0", "\"revotes\": 0.5")),
                 "no count member \"revotes\"");
  expect_refused(status_in("no-title", Replaced(doc, "\"title_en\"", "\"title_xx\"")),
                 "no text member \"title_en\"");
  expect_refused(status_in("huge", Replaced(doc, "\"audits\": 0", "\"audits\": 1e30")),
                 "no count member \"audits\"");
  expect_refused(status_in("phase", Replaced(doc, "\"VOTING\"", "\"SOMETIME\"")),
                 R"("phase" is "SOMETIME", not one of SETUP)");
  expect_refused(
      status_in("no-roll-flag", Replaced(doc, "\"roll_posted\": true", "\"roll_posted\": 1")),
      "no true/false member \"roll_posted\"");
  expect_refused(status_in("extra", Replaced(doc, "{", "{\n  \"turnout\": 99,")),
                 "unknown member \"turnout\"");
  std::string spaces;
  spaces.resize(9'000'000, ' ');
  expect_refused(status_in("oversized", Replaced(doc, "{", "{" + spaces)),
                 " bytes, more than 8388608)");
  // Paths the system cannot resolve (here a symbolic link to itself, ELOOP) are refused with
  // the system's reason, not a crash: the tally checkpoint's path, then the document's.
  std::filesystem::create_directories(Cat(dir_, "/loop"));
  for (const char* suffix : {".tally", ".status.json"}) {
    const std::string path = Cat(dir_, "/loop/", election_, suffix);
    std::filesystem::create_symlink(path, path);
  }
  expect_refused(status_in("loop", ""), "Too many levels of symbolic links");
  std::string other_id = election_;
  other_id[0] = election_[0] == 'a' ? 'b' : 'a';
  const std::string other = Replaced(doc, election_, other_id);
  expect_refused(status_in("other", other), "not of " + election_ + " (--election)");
  // The document as follow writes it is accepted.
  const RunResult ok = status_in("ok", doc);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(Has(ok.out, "ballots:             0 (0 revotes, 0 counted)")) << ok.out;
}

}  // namespace
}  // namespace urne::testing

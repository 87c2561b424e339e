// After CLOSE without replaying the ballots (issue #18 point 4, specs/entries.md §3.1), through
// the real programs on a real board: `urne-trustee follow` and `urne-admin follow` verify the
// log while ballots arrive and write their tally checkpoints at CLOSE; `urne-trustee decrypt
// --tally-checkpoint` and `urne-admin tally --tally-checkpoint` then fetch only the setup and
// what follows CLOSE, and the RESULT is byte for byte the one the full replay computes. A
// checkpoint whose CLOSE root is not the announced one, of another election, damaged, or whose
// tally was changed, is refused (each with its reason), and nothing is posted.
#include "election/tally_checkpoint.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "cli/cli.h"
#include "election/authority_steps.h"
#include "status/status.h"
#include "tests/authority/authority_fixture.h"

namespace urne::testing {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class TallyCheckpointTest : public AdminTest {
 protected:
  RunResult TrusteeDecrypt(uint32_t i, const std::string& close_root,
                           std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"decrypt",      "--board",           board_->address(),
                                     "--election",   election_,           "--key",
                                     TrusteeKey(i),  "--passphrase-file", pass_,
                                     "--close-root", close_root};
    args.insert(args.end(), extra.begin(), extra.end());
    return TrusteeRun(args);
  }
  RunResult AdminOn(const std::string& verb, std::vector<std::string> extra = {}) {
    return AdminTest::AdminOn(board_->address(), verb, std::move(extra));
  }
  std::string Checkpoint(const std::string& dir) const {
    return Cat(dir, "/", election_, ".tally");
  }
  // A copy of the checkpoint at `path` changed by `edit`, sealed again (a correct sha256 line).
  std::string Edited(const std::string& path, const std::string& name,
                     const std::function<void(TallyCheckpoint&)>& edit) {
    auto text = cli::ReadTextFile(path);
    EXPECT_TRUE(text.ok());
    auto checkpoint = ParseTallyCheckpoint(*text);
    EXPECT_TRUE(checkpoint.ok()) << checkpoint.status();
    edit(*checkpoint);
    return WriteFile(name, EncodeTallyCheckpoint(*checkpoint));
  }
};

TEST_F(TallyCheckpointTest, FollowersCheckpointAtCloseAndTheResultIsTheFullReplays) {
  ASSERT_NO_FATAL_FAILURE(SetUpProgramTrusteesVote(board_->address(), 1));
  // Trustee 1 and the authority follow during the vote, with no key.
  const std::string t1 = dir_ + "/follow-trustee-1";
  const std::string admin = dir_ + "/follow-admin";
  RunResult trustee_follow;
  RunResult admin_follow;
  std::thread f1([&] {
    trustee_follow = TrusteeRun({"follow", "--board", board_->address(), "--election", election_,
                                 "--dir", t1, "--interval", "1"});
  });
  std::thread f2([&] {
    std::vector<std::string> args = {"follow",     "--board",    board_->address(),
                                     "--election", election_,    "--dir",
                                     admin,        "--interval", "1"};
    admin_follow = Admin(args);
  });
  ASSERT_NO_FATAL_FAILURE(Cast(codes_[0], {{0}}));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_NO_FATAL_FAILURE(Cast(codes_[1], {{1}}));
  ASSERT_NO_FATAL_FAILURE(Cast(codes_[2], {{0}}));
  ASSERT_NO_FATAL_FAILURE(Cast(codes_[0], {{1}}));  // a revote
  RunResult close = AdminOn("close");
  ASSERT_EQ(close.exit_code, 0) << close.err;
  f1.join();
  f2.join();
  ASSERT_EQ(trustee_follow.exit_code, 0) << trustee_follow.out << trustee_follow.err;
  ASSERT_EQ(admin_follow.exit_code, 0) << admin_follow.out << admin_follow.err;
  EXPECT_TRUE(Has(trustee_follow.out, "tally checkpoint: " + Checkpoint(t1))) << trustee_follow.out;
  const SyncedElection closed = Sync();
  const v1::Close& c = *closed.state->close();
  const std::string root = ToHex(AsBytes(c.root_hash()));
  auto written = cli::ReadTextFile(Checkpoint(t1));
  ASSERT_TRUE(written.ok());
  auto expected_checkpoint = CheckpointOf(*closed.state);
  ASSERT_TRUE(expected_checkpoint.ok());
  EXPECT_EQ(*written, EncodeTallyCheckpoint(*expected_checkpoint));
  EXPECT_EQ(cli::ReadTextFile(Checkpoint(admin)).value_or(""), *written);

  // Refused, nothing posted: another announced root; another election's checkpoint; a
  // damaged file; a changed tally (the board refuses the partial: its proofs do not hold
  // against the tally the board computed).
  const std::string other_root = ToHex(Bytes(32, 7));
  RunResult wrong_root = TrusteeDecrypt(1, other_root, {"--tally-checkpoint", Checkpoint(t1)});
  EXPECT_EQ(wrong_root.exit_code, 1) << wrong_root.err;
  EXPECT_TRUE(Has(wrong_root.err, "verify.close_root")) << wrong_root.err;
  const std::string other_election =
      Edited(Checkpoint(t1), "other.tally", [](TallyCheckpoint& x) { x.election[0] ^= 1; });
  RunResult wrong_election = TrusteeDecrypt(1, root, {"--tally-checkpoint", other_election});
  EXPECT_EQ(wrong_election.exit_code, 2) << wrong_election.err;
  EXPECT_TRUE(Has(wrong_election.err, "checkpoint.wrong_election")) << wrong_election.err;
  std::string damaged_text = *written;
  damaged_text.replace(damaged_text.find("ballots_counted 3"), 17, "ballots_counted 2");
  RunResult damaged =
      TrusteeDecrypt(1, root, {"--tally-checkpoint", WriteFile("damaged.tally", damaged_text)});
  EXPECT_EQ(damaged.exit_code, 2) << damaged.err;
  EXPECT_TRUE(Has(damaged.err, "checkpoint.corrupt")) << damaged.err;
  const std::string tampered = Edited(Checkpoint(t1), "tampered.tally", [](TallyCheckpoint& x) {
    std::swap(x.tally[0][0], x.tally[0][1]);
  });
  RunResult changed = TrusteeDecrypt(1, root, {"--tally-checkpoint", tampered});
  EXPECT_NE(changed.exit_code, 0) << changed.out;
  EXPECT_TRUE(Has(changed.err, "proof.chaum_pedersen.challenge_mismatch")) << changed.err;
  const std::string not_closed = Edited(Checkpoint(t1), "not-closed.tally",
                                        [](TallyCheckpoint& x) { x.close_root_hash[0] ^= 1; });
  std::string bad_root = c.root_hash();
  bad_root[0] ^= 1;
  RunResult elsewhere =
      TrusteeDecrypt(1, ToHex(AsBytes(bad_root)), {"--tally-checkpoint", not_closed});
  EXPECT_EQ(elsewhere.exit_code, 2) << elsewhere.err;
  EXPECT_TRUE(Has(elsewhere.err, "checkpoint.not_on_board")) << elsewhere.err;
  EXPECT_TRUE(Sync().state->partials().empty());

  // Trustee 1 decrypts from its checkpoint, trustee 2 the old way (full replay).
  RunResult d1 = TrusteeDecrypt(1, root, {"--tally-checkpoint", Checkpoint(t1)});
  ASSERT_EQ(d1.exit_code, 0) << d1.out << d1.err;
  RunResult d2 = TrusteeDecrypt(2, root);
  ASSERT_EQ(d2.exit_code, 0) << d2.out << d2.err;
  // Run again from the checkpoint: nothing to do.
  RunResult again = TrusteeDecrypt(1, root, {"--tally-checkpoint", Checkpoint(t1)});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(Has(again.out, "nothing to do")) << again.out;
  // The RESULT the full replay computes, then the one the authority posts from its checkpoint.
  const SyncedElection decrypted = Sync();
  auto expected = ComputeResult(*decrypted.state);
  ASSERT_TRUE(expected.ok()) << expected.status();
  RunResult tally = AdminOn("tally", {"--tally-checkpoint", Checkpoint(admin), "--wait", "30"});
  ASSERT_EQ(tally.exit_code, 0) << tally.out << tally.err;
  const SyncedElection tallied = Sync();
  ASSERT_NE(tallied.state->result(), nullptr);
  EXPECT_EQ(Serialize(*tallied.state->result()), Serialize(*expected));
  EXPECT_EQ(tallied.state->result()->ballots_counted(), 3u);
  // The published report, from the checkpoint: the same bytes as from the full replay.
  for (const char* format : {"text", "json", "html"}) {
    RunResult full = AdminTest::Admin(
        {"results", "--board", board_->address(), "--election", election_, "--format", format});
    RunResult resumed =
        AdminTest::Admin({"results", "--board", board_->address(), "--election", election_,
                          "--format", format, "--tally-checkpoint", Checkpoint(admin)});
    ASSERT_EQ(full.exit_code, 0) << full.err;
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    // The same bytes but for the time of the head the board signed when asked, which two
    // requests may see in different minutes: "timestamp_ms" in JSON, "Result as of" otherwise.
    auto lines = [](const std::string& text) {
      std::vector<std::string> out;
      std::istringstream in(text);
      for (std::string line; std::getline(in, line);) {
        if (line.find("\"timestamp_ms\"") == std::string::npos &&
            line.find("Result as of") == std::string::npos) {
          out.push_back(line);
        }
      }
      return out;
    };
    EXPECT_EQ(lines(resumed.out), lines(full.out)) << format;
    const char* time_line = std::string(format) == "json" ? "\"timestamp_ms\"" : "Result as of";
    EXPECT_TRUE(Has(full.out, time_line) && Has(resumed.out, time_line)) << format;
  }
  RunResult other = AdminTest::Admin({"results", "--board", board_->address(), "--election",
                                      election_, "--tally-checkpoint", other_election});
  EXPECT_EQ(other.exit_code, 2) << other.err;
  EXPECT_TRUE(Has(other.err, "is the tally checkpoint of election")) << other.err;
}

}  // namespace
}  // namespace urne::testing

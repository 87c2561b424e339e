// Issue #12 point 1, the forked-log attack, tried against the real programs (urne-admin,
// urne-trustee, urne-verify) through a board that lies exactly as the audit describes: after
// voting, it builds a fork made of the genuine log up to OPEN plus one genuine BALLOT copied
// from the real log; when the authority closes, it shows the authority the fork, keeps the
// CLOSE signed over it, answers with a tree-head-mismatch error and then shows the real log;
// later it serves the closed fork to trustees. Each step of the attack must now fail: the
// authority signs no second CLOSE and shows both views; a trustee decrypts one closed log per
// election; the verifier refuses a record with two CLOSEs, an OPEN that does not match its
// log, and tree heads signed by another key than the manifest's. The lying board is a real
// gRPC server (tests/support/lying_board.h) in front of a real urne-board; the board's
// operator holds the board key, so the fork's tree heads are validly signed.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "authority/authority_key_file.h"
#include "crypto/merkle.h"
#include "election/authority_steps.h"
#include "election/entry.h"
#include "status/status.h"
#include "tests/authority/authority_fixture.h"
#include "tests/support/lying_board.h"

namespace urne::testing {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string RootHex(const std::vector<v1::Entry>& log) {
  MerkleTree tree;
  for (const auto& e : log) tree.Append(EntryLeafHash(e));
  return ToHex(tree.Root());
}

// The CLOSE `authority` signs over all of `log`.
v1::Entry CloseOver(const std::vector<v1::Entry>& log, const SigningKey& authority) {
  MerkleTree tree;
  for (const auto& e : log) tree.Append(EntryLeafHash(e));
  v1::Close close;
  close.set_tree_size(log.size());
  Digest32 root = tree.Root();
  close.set_root_hash(std::string(root.begin(), root.end()));
  ElectionId id;
  std::copy(log[0].election_id().begin(), log[0].election_id().end(), id.begin());
  return MakeEntry(id, v1::CLOSE, Serialize(close), authority);
}

class ForkAttackTest : public AdminTest {
 protected:
  // Two trustees made by `urne-trustee init`, threshold 1 (n ≥ 2t: two disjoint sets of
  // trustees could each decrypt a closed log); the ceremony run by `urne-trustee ceremony`;
  // the vote opened by `urne-admin open`; three ballots. `min_counted_ballots` replaces the
  // template's secrecy floor (10): at 1, a fork of one ballot passes the floor, which shows
  // the defences that do not depend on it.
  void SetUpVote(uint32_t min_counted_ballots = 1) {
    auto liar = LyingBoard::Start(board_->endpoint());
    ASSERT_TRUE(liar.ok()) << liar.status();
    liar_ = std::move(*liar);
    ASSERT_NO_FATAL_FAILURE(SetUpProgramTrusteesVote(liar_->address(), min_counted_ballots));
    // The victim votes first: a ballot carries the log size its client saw (revote ordering,
    // specs/ballot.md), so a genuine ballot can only be replayed at or after that position.
    ASSERT_NO_FATAL_FAILURE(Cast(codes_[1], {{1}}));  // the victim
    ASSERT_NO_FATAL_FAILURE(Cast(codes_[0], {{0}}));
    ASSERT_NO_FATAL_FAILURE(Cast(codes_[2], {{0}}));
  }

  RunResult TrusteeDecrypt(uint32_t i, const std::string& board,
                           std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"decrypt",     "--board",           board,
                                     "--election",  election_,           "--key",
                                     TrusteeKey(i), "--passphrase-file", pass_};
    args.insert(args.end(), extra.begin(), extra.end());
    return TrusteeRun(args);
  }

  // The real board's own key: its operator holds it and signs the fork with it.
  SigningKey BoardSigningKey() const {
    std::ifstream in(dir_ + "/board/board.key", std::ios::binary);
    std::string seed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(seed.size(), kSeedBytes);
    seed.resize(kSeedBytes);
    return SigningKey::FromSeed(std::span<const uint8_t, kSeedBytes>(
        reinterpret_cast<const uint8_t*>(seed.data()), kSeedBytes));
  }
  // The authority's key, for the cases where the authority colludes.
  SigningKey AuthorityKey() const {
    auto key = authority::LoadAuthorityKey(key_, "correct horse battery staple");
    EXPECT_TRUE(key.ok()) << key.status();
    return std::move(*key);
  }
  // The genuine log up to OPEN plus the victim's genuine BALLOT (the first ballot cast), then
  // the fork ends where the real log goes on with the other voters' ballots.
  std::vector<v1::Entry> Fork() {
    SyncedElection real = Sync();
    std::vector<v1::Entry> fork;
    uint64_t open = 0;
    while (real.entries[open].kind() != v1::OPEN) ++open;
    fork.assign(real.entries.begin(), real.entries.begin() + static_cast<std::ptrdiff_t>(open) + 1);
    EXPECT_EQ(real.entries[open + 1].kind(), v1::BALLOT);
    fork.push_back(real.entries[open + 1]);
    return fork;
  }

  std::unique_ptr<LyingBoard> liar_;
};

// Step 1 of the attack: shown the fork, the authority signs its one CLOSE over it; the board
// refuses it and shows the real log. Before: urne-admin re-synced and signed a second CLOSE
// over the real log, printing only that one. Now it stops, shows both views, and never signs
// another CLOSE for this election, not even against the honest board.
TEST_F(ForkAttackTest, AuthoritySignsOneCloseAndShowsBothViews) {
  ASSERT_NO_FATAL_FAILURE(SetUpVote());
  std::vector<v1::Entry> fork = Fork();
  ASSERT_TRUE(liar_->ServeFork(fork, BoardSigningKey(), /*refuse_and_switch=*/true).ok());
  std::vector<v1::Entry> real = Sync().entries;
  RunResult close = AdminOn(liar_->address(), "close");
  // The fork is the real log cut after the victim's ballot (a ballot cannot be replayed before
  // the position its client saw), so the real log extends what the authority signed: refused
  // (exit 2), both views shown, and never a second signature.
  EXPECT_EQ(close.exit_code, 2) << close.out << close.err;
  // The one CLOSE it signed is the fork's, which the lying board kept.
  ASSERT_EQ(liar_->fork().size(), fork.size() + 1);
  EXPECT_EQ(liar_->fork().back().kind(), v1::CLOSE);
  EXPECT_TRUE(Has(close.err, Cat("size ", fork.size(), ", root ", RootHex(fork)))) << close.err;
  EXPECT_TRUE(Has(close.err, Cat("size ", real.size(), ", root ", RootHex(real)))) << close.err;
  EXPECT_TRUE(Has(close.err, "extends the one signed")) << close.err;
  // No second CLOSE: the real log is still open.
  EXPECT_EQ(Sync().state->phase(), v1::VOTING);
  // Run again, now against the honest board: still no second CLOSE, both views again.
  RunResult again = AdminOn(board_->address(), "close");
  EXPECT_NE(again.exit_code, 0) << again.out;
  EXPECT_TRUE(Has(again.err, "already signed CLOSE")) << again.err;
  EXPECT_TRUE(Has(again.err, Cat("size ", fork.size(), ", root ", RootHex(fork)))) << again.err;
  EXPECT_EQ(Sync().state->phase(), v1::VOTING);
}

// Step 2: the closed fork served to trustees. With a colluding authority (two CLOSEs, one
// signed by hand here) and n ≥ 2t, each trustee still decrypts only the one closed log it
// recorded in its key file: shown the other, it stops and names both. A partial decryption
// of the fork is refused in the real log, by the board and by the verifier.
TEST_F(ForkAttackTest, TrusteesDecryptOneClosedLogOnly) {
  ASSERT_NO_FATAL_FAILURE(SetUpVote());
  SigningKey authority = AuthorityKey();
  std::vector<v1::Entry> fork = Fork();
  const std::string fork_root = RootHex(fork);
  fork.push_back(CloseOver(fork, authority));
  ASSERT_TRUE(liar_->ServeFork(fork, BoardSigningKey(), false).ok());
  // Told the CLOSE root out of band, a trustee refuses any other, decrypting nothing.
  RunResult told = TrusteeDecrypt(1, liar_->address(), {"--close-root", std::string(64, '0')});
  EXPECT_EQ(told.exit_code, 1) << told.out << told.err;
  EXPECT_TRUE(Has(told.err, "verify.close_root")) << told.err;
  // Trustee 1, told the fork's root by the colluding authority, decrypts the closed fork (the
  // victim's ballot alone: this manifest's secrecy floor is 1) and prints its root.
  RunResult first = TrusteeDecrypt(1, liar_->address(), {"--close-root", fork_root});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_TRUE(Has(first.out, Cat("size ", fork.size() - 1, ", root ", fork_root))) << first.out;
  v1::Entry forked_partial = liar_->fork().back();
  ASSERT_EQ(forked_partial.kind(), v1::PARTIAL_DECRYPTION);
  // The real log is closed by urne-admin (this authority's first CLOSE through the tool).
  ASSERT_EQ(AdminOn(board_->address(), "close").exit_code, 0);
  std::vector<v1::Entry> real = Sync().entries;
  std::vector<v1::Entry> real_before_close(real.begin(), real.end() - 1);
  // Shown the real closed log, trustee 1 refuses: it decrypted another CLOSE.
  liar_->ForwardAll();
  RunResult second =
      TrusteeDecrypt(1, liar_->address(), {"--close-root", RootHex(real_before_close)});
  EXPECT_EQ(second.exit_code, 1) << second.out << second.err;
  EXPECT_TRUE(Has(second.err, "already decrypted another closed log")) << second.err;
  EXPECT_TRUE(Has(second.err, fork_root)) << second.err;
  EXPECT_TRUE(Has(second.err, RootHex(real_before_close))) << second.err;
  EXPECT_EQ(Sync().state->partials().count(1), 0u);
  // Trustee 2 decrypts the real log; shown the closed fork afterwards, it refuses too.
  RunResult honest =
      TrusteeDecrypt(2, board_->address(), {"--close-root", RootHex(real_before_close)});
  ASSERT_EQ(honest.exit_code, 0) << honest.out << honest.err;
  ASSERT_TRUE(liar_->ServeFork(liar_->fork(), BoardSigningKey(), false).ok());
  RunResult fooled = TrusteeDecrypt(2, liar_->address(), {"--close-root", fork_root});
  EXPECT_EQ(fooled.exit_code, 1) << fooled.out << fooled.err;
  EXPECT_TRUE(Has(fooled.err, "verify.second_close") ||
              Has(fooled.err, "already decrypted another closed log"))
      << fooled.err;
  // Trustee 1's partial decryption of the fork is refused by the real board.
  auto posted = client_->Post(forked_partial);
  EXPECT_EQ(ReasonOf(posted.status()), "decryption.wrong_close") << posted.status();
}

// Step 3: what the verifier refuses, each through the real urne-verify.
TEST_F(ForkAttackTest, VerifierRefusesForkedRecords) {
  ASSERT_NO_FATAL_FAILURE(SetUpVote());
  SigningKey board = BoardSigningKey();
  SigningKey authority = AuthorityKey();
  std::vector<v1::Entry> real = Sync().entries;
  // (a) An OPEN that does not match its log: the board serves the ceremony reordered (the
  // entries are all genuine), under tree heads validly signed by its key.
  std::vector<v1::Entry> reordered = real;
  std::vector<size_t> commitments;
  for (size_t i = 0; i < reordered.size(); ++i) {
    if (reordered[i].kind() == v1::TRUSTEE_COMMITMENT) commitments.push_back(i);
  }
  ASSERT_EQ(commitments.size(), 2u);
  std::swap(reordered[commitments[0]], reordered[commitments[1]]);
  ASSERT_TRUE(liar_->ServeFork(reordered, board, false).ok());
  RunResult open = RunClient(
      "urne-verify", {"--board", liar_->address(), "--election", election_, "--allow-incomplete"});
  EXPECT_EQ(open.exit_code, 1) << open.out << open.err;
  EXPECT_TRUE(Has(open.out, "open.tree_head_mismatch")) << open.out;
  // (b) Two CLOSEs: the real log closed, then a second CLOSE (a colluding authority).
  liar_->ForwardAll();
  ASSERT_EQ(AdminOn(board_->address(), "close").exit_code, 0);
  std::vector<v1::Entry> twice = Sync().entries;
  twice.push_back(CloseOver(twice, authority));
  ASSERT_TRUE(liar_->ServeFork(twice, board, false).ok());
  RunResult two = RunClient(
      "urne-verify", {"--board", liar_->address(), "--election", election_, "--allow-incomplete"});
  EXPECT_EQ(two.exit_code, 1) << two.out << two.err;
  EXPECT_TRUE(Has(two.out, "close.already_posted")) << two.out;
  // (c) The genuine log under tree heads another key signed.
  ASSERT_TRUE(liar_->ServeFork(Sync().entries, SigningKey::Generate(), false).ok());
  RunResult key = RunClient(
      "urne-verify", {"--board", liar_->address(), "--election", election_, "--allow-incomplete"});
  EXPECT_EQ(key.exit_code, 1) << key.out << key.err;
  EXPECT_TRUE(Has(key.out, "tree_head.wrong_key")) << key.out;
  // The honest board's record verifies (so far).
  liar_->ForwardAll();
  RunResult honest = RunClient(
      "urne-verify", {"--board", liar_->address(), "--election", election_, "--allow-incomplete"});
  EXPECT_EQ(honest.exit_code, 0) << honest.out << honest.err;
}

// The secrecy floor (issue #12): with the template's min_counted_ballots (10), the closed fork
// of one victim's ballot is never decrypted, even with the fork's root announced by a
// colluding authority; nothing is recorded in the key file, so the trustee still decrypts the
// real log once it is closed.
TEST_F(ForkAttackTest, TheSecrecyFloorStopsAOneBallotFork) {
  ASSERT_NO_FATAL_FAILURE(SetUpVote(/*min_counted_ballots=*/10));
  SigningKey authority = AuthorityKey();
  std::vector<v1::Entry> fork = Fork();
  const std::string fork_root = RootHex(fork);
  fork.push_back(CloseOver(fork, authority));
  ASSERT_TRUE(liar_->ServeFork(fork, BoardSigningKey(), false).ok());
  RunResult refused = TrusteeDecrypt(1, liar_->address(), {"--close-root", fork_root});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_TRUE(Has(refused.err, "decryption.too_few_ballots")) << refused.err;
  EXPECT_TRUE(Has(refused.err, "1 ballot(s) count")) << refused.err;
  EXPECT_EQ(liar_->fork().back().kind(), v1::CLOSE);  // no partial decryption was posted
  // The real log: 3 ballots, still below the floor — the authority's tally says so too.
  ASSERT_EQ(AdminOn(board_->address(), "close").exit_code, 0);
  RunResult tally = AdminOn(board_->address(), "tally");
  EXPECT_NE(tally.exit_code, 0);
  EXPECT_TRUE(Has(tally.err, "3 ballot(s) count and the manifest's min_counted_ballots is 10"))
      << tally.err;
}

}  // namespace
}  // namespace urne::testing

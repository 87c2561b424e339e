// The incremental follower and the after-CLOSE resume (board-client/follow.h, issue #18
// point 4) against a real urne-board on loopback: a follower updated while ballots arrive
// ends with the state a full Sync computes; a board that rewrites its history between two
// updates is caught; a tally checkpoint resumes the state after CLOSE without the ballots and
// gives the same RESULT bytes; a checkpoint whose CLOSE the board does not hold, or whose
// tally was changed, is refused.
#include "board-client/follow.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "election/authority_steps.h"
#include "election/tally_checkpoint.h"
#include "status/status.h"
#include "tests/support/board_fixture.h"
#include "tests/support/lying_board.h"
#include "tools/scripted_election.h"

namespace urne {
namespace {

using testing::ScriptedElection;
using testing::ScriptOptions;

Choices Vote(uint32_t pool, std::vector<uint32_t> council, std::vector<uint32_t> budget) {
  return testing::TestChoices(pool, std::move(council), std::move(budget));
}

void ExpectReason(const absl::Status& s, const std::string& reason) {
  EXPECT_EQ(ReasonOf(s), reason) << s;
}

std::vector<std::vector<Bytes>> Encoded(const ElectionState& state) {
  std::vector<std::vector<Bytes>> out;
  for (const auto& q : state.encrypted_tally()) {
    auto& row = out.emplace_back();
    for (const Ciphertext& c : q) row.push_back(EncodeCiphertext(c));
  }
  return out;
}

class FollowTest : public testing::BoardTest {
 protected:
  // A scripted election posting through the real board, opened, with `voters` voters.
  std::unique_ptr<ScriptedElection> Opened(size_t voters = 6) {
    ScriptOptions options;
    options.board_key = board_->board_key();
    options.voters = voters;
    auto e = std::make_unique<ScriptedElection>(
        options, [this](const v1::Entry& entry) { return client_->Post(entry).status(); });
    EXPECT_TRUE(e->Create().ok());
    EXPECT_TRUE(e->Ceremony().ok());
    EXPECT_TRUE(e->Open().ok());
    return e;
  }
};

TEST_F(FollowTest, FollowsAcrossUpdatesAndEndsWithTheFullSyncsState) {
  auto e = Opened();
  auto follower = Follower::Start(*client_, e->id(), dir_ + "/follow", 2);
  ASSERT_TRUE(follower.ok()) << follower.status();
  Follower& f = **follower;
  auto first = f.Update();
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, e->state().size());
  EXPECT_EQ(f.state()->phase(), v1::VOTING);
  // Ballots arrive between updates: only the new entries are fetched.
  ASSERT_TRUE(e->Cast(0, Vote(0, {1, 0, 0}, {1, 0, 0})).ok());
  ASSERT_TRUE(e->Cast(1, Vote(1, {0, 1, 1}, {0, 1, 1})).ok());
  auto second = f.Update();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, 2u);
  // A revote (its predecessor's ciphertexts are read back from the entry file), an audit and
  // a replaced credential whose ballot leaves the tally.
  ASSERT_TRUE(e->Audit(2, Vote(2, {0, 0, 0}, {0, 0, 0})).ok());
  ASSERT_TRUE(e->Cast(2, Vote(0, {1, 1, 0}, {1, 1, 0})).ok());
  ASSERT_TRUE(e->Cast(0, Vote(1, {0, 0, 1}, {0, 0, 1})).ok());
  ASSERT_TRUE(e->Cast(3, Vote(2, {1, 0, 1}, {1, 0, 1})).ok());
  ASSERT_TRUE(e->ReplaceCredential(3).ok());
  auto third = f.Update();
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(*third, 5u);
  auto idle = f.Update();
  ASSERT_TRUE(idle.ok()) << idle.status();
  EXPECT_EQ(*idle, 0u);
  ASSERT_TRUE(e->Close().ok());
  ASSERT_TRUE(f.Update().ok());
  const ElectionState& s = *f.state();
  EXPECT_EQ(s.phase(), v1::CLOSED);
  EXPECT_EQ(s.tree().Root(), e->state().tree().Root());
  EXPECT_EQ(f.head().tree_size(), e->state().size());
  EXPECT_EQ(s.ballots_counted(), 3u);  // voters 0, 1 and 2 (3 was revoked)
  EXPECT_EQ(s.ballots_counted(), e->state().ballots_counted());
  EXPECT_EQ(s.revotes(), e->state().revotes());
  EXPECT_EQ(Encoded(s), Encoded(e->state()));
  auto full = client_->Sync(e->id(), 2);
  ASSERT_TRUE(full.ok()) << full.status();
  EXPECT_EQ(Encoded(s), Encoded(*full->state));
}

TEST_F(FollowTest, ACheckpointResumesAfterCloseWithTheSameResult) {
  auto e = Opened();
  auto follower = Follower::Start(*client_, e->id(), dir_ + "/follow", 2);
  ASSERT_TRUE(follower.ok()) << follower.status();
  ASSERT_TRUE(e->Cast(0, Vote(0, {1, 0, 0}, {1, 0, 0})).ok());
  ASSERT_TRUE((*follower)->Update().ok());
  ASSERT_TRUE(e->Cast(1, Vote(1, {0, 1, 1}, {0, 1, 1})).ok());
  ASSERT_TRUE(e->Cast(0, Vote(2, {0, 0, 1}, {0, 0, 1})).ok());
  ASSERT_TRUE(e->Close().ok());
  ASSERT_TRUE((*follower)->Update().ok());
  auto checkpoint = CheckpointOf(*(*follower)->state());
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  auto parsed = ParseTallyCheckpoint(EncodeTallyCheckpoint(*checkpoint));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(EncodeTallyCheckpoint(*parsed), EncodeTallyCheckpoint(*checkpoint));

  // Right after CLOSE: the resumed state is CLOSED with the checkpoint's tally.
  auto resumed = SyncAfterClose(*client_, *parsed);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->state->phase(), v1::CLOSED);
  EXPECT_EQ(resumed->entries.size(), 1u);  // the CLOSE
  EXPECT_EQ(resumed->state->ballots_counted(), 2u);
  EXPECT_EQ(Encoded(*resumed->state), Encoded(e->state()));
  // The partial decryptions: checked against the checkpoint's tally; the RESULT computed from
  // the resumed state is the RESULT the full replay computes, byte for byte.
  ASSERT_TRUE(e->Decrypt(1).ok());
  ASSERT_TRUE(e->Decrypt(3).ok());
  resumed = SyncAfterClose(*client_, *parsed);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->state->partials().size(), 2u);
  auto result = ComputeResult(*resumed->state);
  ASSERT_TRUE(result.ok()) << result.status();
  auto full = client_->Sync(e->id(), 2);
  ASSERT_TRUE(full.ok()) << full.status();
  auto expected = ComputeResult(*full->state);
  ASSERT_TRUE(expected.ok()) << expected.status();
  EXPECT_EQ(Serialize(*result), Serialize(*expected));
  // Posted, the RESULT is accepted by the resumed state too.
  ASSERT_TRUE(client_->Post(e->Sign(v1::RESULT, *result, e->authority())).ok());
  resumed = SyncAfterClose(*client_, *parsed);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->state->phase(), v1::TALLIED);

  // A checkpoint of another log: its CLOSE is not on the board.
  TallyCheckpoint other_root = *parsed;
  other_root.close_root_hash[0] ^= 1;
  ExpectReason(SyncAfterClose(*client_, other_root).status(), "checkpoint.not_on_board");
  TallyCheckpoint other_size = *parsed;
  other_size.close_tree_size -= 1;
  ExpectReason(SyncAfterClose(*client_, other_size).status(), "checkpoint.not_on_board");
  // A changed tally: the partial decryptions on the board do not prove against it.
  TallyCheckpoint tampered = *parsed;
  std::swap(tampered.tally[0][0], tampered.tally[0][1]);
  auto refused = SyncAfterClose(*client_, tampered);
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(ReasonOf(refused.status()), "proof.chaum_pedersen.challenge_mismatch")
      << refused.status();
  EXPECT_TRUE(absl::StrContains(refused.status().message(), "PARTIAL_DECRYPTION"))
      << refused.status();
}

TEST_F(FollowTest, AStreamDroppedMidWayIsTriedAgainAndCatchesUp) {
  auto e = Opened();
  ASSERT_TRUE(e->Cast(0, Vote(0, {1, 0, 0}, {1, 0, 0})).ok());
  ASSERT_TRUE(e->Cast(1, Vote(1, {0, 1, 1}, {0, 1, 1})).ok());
  auto relay = testing::LyingBoard::Start(board_->endpoint());
  ASSERT_TRUE(relay.ok()) << relay.status();
  BoardClient via((*relay)->endpoint());
  auto follower = Follower::Start(via, e->id(), dir_ + "/follow", 2);
  ASSERT_TRUE(follower.ok()) << follower.status();
  Follower& f = **follower;
  // The network drops the first update's stream after three entries (the manifest is in):
  // a retryable failure, tried again while it lasts.
  (*relay)->DropEntryStreamsAfter(3);
  for (int attempt = 0; attempt < 2; ++attempt) {
    absl::StatusOr<uint64_t> cut = f.Update();
    ASSERT_FALSE(cut.ok());
    EXPECT_EQ(ReasonOf(cut.status()), "board.unreachable") << cut.status();
    EXPECT_TRUE(IsRetryable(cut.status())) << cut.status();
  }
  // The network is back: the follower catches up (it stopped for good before).
  (*relay)->ForwardAll();
  ASSERT_TRUE(f.Update().ok());
  EXPECT_EQ(f.head().tree_size(), e->state().size());
  EXPECT_EQ(f.state()->tree().Root(), e->state().tree().Root());
  // Again once it has a verified head: a ballot arrives, the stream drops before it.
  ASSERT_TRUE(e->Cast(2, Vote(2, {0, 0, 1}, {0, 0, 1})).ok());
  (*relay)->DropEntryStreamsAfter(0);
  const absl::Status dropped = f.Update().status();
  EXPECT_EQ(ReasonOf(dropped), "board.unreachable") << dropped;
  EXPECT_TRUE(IsRetryable(dropped)) << dropped;
  (*relay)->ForwardAll();
  auto caught_up = f.Update();
  ASSERT_TRUE(caught_up.ok()) << caught_up.status();
  EXPECT_EQ(*caught_up, 1u);
  EXPECT_EQ(f.state()->tree().Root(), e->state().tree().Root());
  EXPECT_EQ(f.state()->ballots(), 3u);
}

TEST_F(FollowTest, TheClientFetchesTheLogAPageACallAndStopsWhereAsked) {
  auto e = Opened();
  ASSERT_TRUE(e->Cast(0, Vote(0, {1, 0, 0}, {1, 0, 0})).ok());
  ASSERT_TRUE(e->Cast(1, Vote(1, {0, 1, 1}, {0, 1, 1})).ok());
  const uint64_t size = e->state().size();
  auto whole = client_->Entries(e->id());
  ASSERT_TRUE(whole.ok()) << whole.status();
  ASSERT_EQ(whole->size(), size);
  BoardClient paged(board_->endpoint());
  for (size_t per_call : {1, 2, 3, 4}) {
    paged.set_entries_per_call(per_call);
    std::vector<int64_t> received;
    auto all = paged.Entries(e->id(), 0, &received);
    ASSERT_TRUE(all.ok()) << all.status();
    ASSERT_EQ(all->size(), size) << per_call;
    EXPECT_EQ(received.size(), size);
    for (uint64_t i = 0; i < size; ++i) {
      EXPECT_EQ((*all)[i].SerializeAsString(), (*whole)[i].SerializeAsString()) << i;
    }
    // From the middle, up to a bound: exactly [3, size - 1).
    uint64_t next = 3;
    ASSERT_TRUE(paged
                    .ForEachEntry(
                        e->id(), 3,
                        [&](const v1::Entry& entry) {
                          EXPECT_EQ(entry.SerializeAsString(), (*whole)[next].SerializeAsString());
                          ++next;
                          return absl::OkStatus();
                        },
                        size - 1)
                    .ok());
    EXPECT_EQ(next, size - 1) << per_call;
    // Past the log's end: what there is, the caller checks the count.
    auto beyond = paged.Entries(e->id(), size - 2, nullptr, size + 5);
    ASSERT_TRUE(beyond.ok()) << beyond.status();
    EXPECT_EQ(beyond->size(), 2u) << per_call;
  }
  // A board that ignores to_index (one from before it, or a liar) sends past each page: the
  // client still takes exactly its pages and stops where asked.
  auto ignoring = testing::LyingBoard::Start(board_->endpoint());
  ASSERT_TRUE(ignoring.ok()) << ignoring.status();
  ASSERT_TRUE((*ignoring)->ServeFork(*whole, e->board_signing_key(), false).ok());
  BoardClient via((*ignoring)->endpoint());
  via.set_entries_per_call(2);
  auto through = via.Entries(e->id(), 1, nullptr, size - 1);
  ASSERT_TRUE(through.ok()) << through.status();
  ASSERT_EQ(through->size(), size - 2);
  for (uint64_t i = 0; i < through->size(); ++i) {
    EXPECT_EQ((*through)[i].SerializeAsString(), (*whole)[i + 1].SerializeAsString()) << i;
  }
  // The callback's error stops the calls and is the answer.
  paged.set_entries_per_call(2);
  int seen = 0;
  const absl::Status stopped = paged.ForEachEntry(e->id(), 0, [&](const v1::Entry&) {
    return ++seen == 3 ? Invalid("test.stop", "enough") : absl::OkStatus();
  });
  ExpectReason(stopped, "test.stop");
  EXPECT_EQ(seen, 3);
}

TEST_F(FollowTest, ALogLongerThanOneCallsDeadlineIsFetchedAPageACall) {
  // A follower far behind (a trustee who starts following at noon of a city's vote) used to
  // fetch the whole catch-up in one call, verifying as it read: past the client's deadline
  // the call failed, and the follower stopped for good.
  auto e = Opened();
  ASSERT_TRUE(e->Cast(0, Vote(0, {1, 0, 0}, {1, 0, 0})).ok());
  ASSERT_TRUE(e->Cast(1, Vote(1, {0, 1, 1}, {0, 1, 1})).ok());
  ASSERT_TRUE(e->Cast(0, Vote(2, {0, 0, 1}, {0, 0, 1})).ok());  // voter 0 votes again
  auto relay = testing::LyingBoard::Start(board_->endpoint());
  ASSERT_TRUE(relay.ok()) << relay.status();
  // A slow link, 150 ms an entry, and calls of at most 1 s: the log needs longer than that.
  (*relay)->SlowEntryStreams(std::chrono::milliseconds(150));
  BoardClient via((*relay)->endpoint(), /*deadline_s=*/1);
  const uint64_t size = e->state().size();
  ASSERT_GE(size, 10u);
  via.set_entries_per_call(BoardClient::kEntriesPerCall);
  const absl::Status one_call = via.Entries(e->id(), 0).status();
  EXPECT_EQ(one_call.code(), absl::StatusCode::kDeadlineExceeded) << one_call;
  // Three entries a call: each call takes about 0.45 s.
  via.set_entries_per_call(3);
  auto follower = Follower::Start(via, e->id(), dir_ + "/follow", 2);
  ASSERT_TRUE(follower.ok()) << follower.status();
  absl::StatusOr<uint64_t> caught_up = (*follower)->Update();
  ASSERT_TRUE(caught_up.ok()) << caught_up.status();
  EXPECT_EQ(*caught_up, size);
  EXPECT_EQ((*follower)->head().tree_size(), size);
  EXPECT_EQ((*follower)->state()->tree().Root(), e->state().tree().Root());
  EXPECT_EQ((*follower)->state()->ballots(), 3u);  // the revote counts as a ballot too
  EXPECT_EQ((*follower)->state()->revotes(), 1u);
  EXPECT_EQ(Encoded(*(*follower)->state()), Encoded(e->state()));
}

TEST_F(FollowTest, ABoardThatRewritesItsHistoryBetweenUpdatesIsRefused) {
  // The election's entries are served by a lying board holding its own board key (the board's
  // operator): first one log, then another with the same beginning.
  std::vector<v1::Entry> log;
  ScriptOptions options;
  options.voters = 4;
  ScriptedElection e(options, [&log](const v1::Entry& entry) {
    log.push_back(entry);
    return absl::OkStatus();
  });
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  ASSERT_TRUE(e.Cast(0, Vote(0, {1, 0, 0}, {1, 0, 0})).ok());
  ASSERT_TRUE(e.Cast(1, Vote(1, {0, 1, 1}, {0, 1, 1})).ok());
  ASSERT_TRUE(e.Cast(2, Vote(2, {0, 0, 1}, {0, 0, 1})).ok());
  auto liar = testing::LyingBoard::Start(board_->endpoint());
  ASSERT_TRUE(liar.ok()) << liar.status();
  BoardClient via((*liar)->endpoint());
  std::vector<v1::Entry> before(log.begin(), log.end() - 1);  // voter 2's ballot not yet
  ASSERT_TRUE((*liar)->ServeFork(before, e.board_signing_key(), false).ok());
  auto follower = Follower::Start(via, e.id(), dir_ + "/follow", 2);
  ASSERT_TRUE(follower.ok()) << follower.status();
  auto first = (*follower)->Update();
  ASSERT_TRUE(first.ok()) << first.status();
  // Then a longer log where voter 1's ballot is gone: not an extension of the verified one.
  std::vector<v1::Entry> rewritten(log.begin(), log.end() - 2);
  rewritten.push_back(log.back());
  ASSERT_TRUE(e.Cast(3, Vote(0, {1, 1, 0}, {1, 1, 0})).ok());
  rewritten.push_back(log.back());
  ASSERT_TRUE((*liar)->ServeFork(rewritten, e.board_signing_key(), false).ok());
  absl::StatusOr<uint64_t> second = (*follower)->Update();
  ExpectReason(second.status(), "follow.not_consistent");
  EXPECT_TRUE(absl::StrContains(second.status().message(), Cat("size ", before.size())))
      << second.status();
  EXPECT_TRUE(absl::StrContains(second.status().message(), Cat("size ", rewritten.size())))
      << second.status();
  // The follower stays stopped, even if the board shows the verified log again.
  ASSERT_TRUE((*liar)->ServeFork(before, e.board_signing_key(), false).ok());
  ExpectReason((*follower)->Update().status(), "follow.not_consistent");

  // A fresh follower of a log that shrinks.
  auto other = Follower::Start(via, e.id(), dir_ + "/follow2", 2);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE((*other)->Update().ok());
  std::vector<v1::Entry> shorter(before.begin(), before.end() - 1);
  ASSERT_TRUE((*liar)->ServeFork(shorter, e.board_signing_key(), false).ok());
  ExpectReason((*other)->Update().status(), "follow.not_consistent");
  // And heads signed by another key than the manifest's.
  auto third = Follower::Start(via, e.id(), dir_ + "/follow3", 2);
  ASSERT_TRUE(third.ok());
  ASSERT_TRUE((*liar)->ServeFork(before, SigningKey::Generate(), false).ok());
  ExpectReason((*third)->Update().status(), "tree_head.wrong_key");
}

TEST_F(FollowTest, AHeadOfNoEntryIsShortForTheFollowerAndForSync) {
  // The board's operator signs a tree head of size 0 for an election: not even its manifest.
  ScriptOptions options;
  options.voters = 2;
  ScriptedElection e(options, [](const v1::Entry&) { return absl::OkStatus(); });
  ASSERT_TRUE(e.Create().ok());
  auto liar = testing::LyingBoard::Start(board_->endpoint());
  ASSERT_TRUE(liar.ok()) << liar.status();
  (*liar)->ServeEmptyLog(std::string(e.id().begin(), e.id().end()), e.board_signing_key());
  BoardClient via((*liar)->endpoint());
  auto head = via.TreeHead(e.id());
  ASSERT_TRUE(head.ok()) << head.status();
  ASSERT_EQ(head->tree_size(), 0U);
  auto follower = Follower::Start(via, e.id(), dir_ + "/follow", 2);
  ASSERT_TRUE(follower.ok()) << follower.status();
  absl::StatusOr<uint64_t> update = (*follower)->Update();
  ExpectReason(update.status(), "sync.short");
  EXPECT_TRUE(absl::StrContains(update.status().message(), "no entry")) << update.status();
  ExpectReason((*follower)->Update().status(), "sync.short");  // and it stays stopped
  ExpectReason(via.Sync(e.id(), 1).status(), "sync.short");
}

}  // namespace
}  // namespace urne

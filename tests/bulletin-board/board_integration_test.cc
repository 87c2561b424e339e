// Integration tests of the real urne-board binary on loopback with real SQLite storage:
// a whole election through gRPC, every rejection class, restart and crash recovery,
// receipts, two elections side by side, and a corrupted store refused at start.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <set>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "board-client/client.h"
#include "bulletin-board/board.h"
#include "crypto/merkle.h"
#include "election/authority_steps.h"
#include "election/replay.h"
#include "election/tree_head.h"
#include "status/status.h"
#include "tests/support/board_fixture.h"
#include "tests/support/lying_board.h"
#include "tests/support/process.h"
#include "tools/scripted_election.h"

namespace urne::bulletin_board {
namespace {

using testing::BoardProcess;
using testing::ScriptedElection;
using testing::ScriptOptions;

// An OPEN made now (the board refuses one far from its clock).
v1::Open OpenNow() {
  v1::Open open;
  open.set_opened_at(static_cast<int64_t>(std::time(nullptr)));
  return open;
}

Choices Vote(uint32_t pool, std::vector<uint32_t> council, std::vector<uint32_t> budget) {
  return testing::TestChoices(pool, std::move(council), std::move(budget));
}

class BoardIntegration : public testing::BoardTest {
 protected:
  // A sink that posts through the real board and keeps receipts.
  ScriptedElection::Sink Sink() {
    return [this](const v1::Entry& entry) -> absl::Status {
      auto receipt = client_->Post(entry);
      if (!receipt.ok()) return receipt.status();
      URNE_RETURN_IF_ERROR(VerifyReceipt(*receipt, entry, board_->board_key()));
      receipts_.emplace_back(entry, *receipt);
      return absl::OkStatus();
    };
  }

  // An election of `voters` voters on the board, open now (nullptr after a failed step).
  std::unique_ptr<ScriptedElection> Voting(size_t voters) {
    ScriptOptions options;
    options.board_key = board_->board_key();
    options.voters = voters;
    auto e = std::make_unique<ScriptedElection>(options, Sink());
    absl::Status s = e->Create();
    if (s.ok()) s = e->Ceremony();
    if (s.ok()) s = e->Open(OpenNow().opened_at());
    EXPECT_TRUE(s.ok()) << s;
    return s.ok() ? std::move(e) : nullptr;
  }

  std::vector<std::pair<v1::Entry, v1::Receipt>> receipts_;
};

// One ballot entry per voter of an open election, encrypted up front (for concurrent posts).
std::vector<v1::Entry> BallotOfEveryVoter(const ScriptedElection& e) {
  std::vector<v1::Entry> ballots;
  for (size_t v = 0; v < e.options().voters; ++v) {
    BallotStatement st{e.state().manifest(), e.state().group(), e.id(), *e.state().joint_key(),
                       e.voter(v).public_key()};
    auto ballot =
        EncryptBallot(st, Vote(v % 3, {1, 0, v % 2 ? 1u : 0u}, {0, 1, 0}), e.state().size());
    if (!ballot.ok()) {
      ADD_FAILURE() << ballot.status();
      return {};
    }
    ballots.push_back(MakeEntry(e.id(), v1::BALLOT, ballot->payload, e.voter(v)));
  }
  return ballots;
}

void ExpectError(const absl::Status& s, absl::StatusCode code, const std::string& reason) {
  EXPECT_EQ(s.code(), code) << s;
  EXPECT_EQ(ReasonOf(s), reason) << s;
}

TEST_F(BoardIntegration, WholeElectionStreamsAndReplaysToTheSameState) {
  ScriptOptions options;
  options.board_key = board_->board_key();
  options.voters = 4;
  ScriptedElection e(options, Sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  ASSERT_TRUE(e.Cast(0, Vote(0, {1, 0, 0}, {1, 0, 0})).ok());
  ASSERT_TRUE(e.Cast(1, Vote(1, {0, 1, 1}, {0, 1, 1})).ok());
  ASSERT_TRUE(e.Audit(2, Vote(2, {0, 0, 0}, {0, 0, 0})).ok());
  ASSERT_TRUE(e.Cast(2, Vote(0, {1, 1, 0}, {1, 1, 0})).ok());
  ASSERT_TRUE(e.Cast(0, Vote(1, {0, 0, 1}, {0, 0, 1})).ok());  // revote
  ASSERT_TRUE(e.Close().ok());
  ASSERT_TRUE(e.Decrypt(2).ok());
  ASSERT_TRUE(e.Decrypt(3).ok());
  ASSERT_TRUE(e.PublishResult().ok());

  auto status = client_->Status(e.id());
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->phase(), v1::TALLIED);
  EXPECT_EQ(status->registered(), 4u);
  EXPECT_EQ(status->ballots(), 4u);
  EXPECT_EQ(status->revotes(), 1u);
  EXPECT_EQ(status->audits(), 1u);

  auto synced = client_->Sync(e.id(), 2);
  ASSERT_TRUE(synced.ok()) << synced.status();
  EXPECT_EQ(synced->entries.size(), e.state().size());
  EXPECT_EQ(synced->state->tree().Root(), e.state().tree().Root());
  EXPECT_EQ(synced->state->phase(), v1::TALLIED);
  EXPECT_EQ(Serialize(*synced->state->result()), Serialize(*e.state().result()));

  // Every early receipt is consistent with the final tree head.
  const v1::SignedTreeHead& final_head = synced->tree_head;
  for (const auto& [entry, receipt] : receipts_) {
    uint64_t old_size = receipt.tree_head().tree_size();
    auto proof = client_->ConsistencyProof(e.id(), old_size, final_head.tree_size());
    ASSERT_TRUE(proof.ok()) << proof.status();
    auto path = DecodeMerklePath(proof->proof(), "merkle.consistency.invalid");
    auto old_root = DecodeDigest(AsBytes(receipt.tree_head().root_hash()), "tree_head.malformed");
    auto new_root = DecodeDigest(AsBytes(final_head.root_hash()), "tree_head.malformed");
    ASSERT_TRUE(path.ok() && old_root.ok() && new_root.ok());
    EXPECT_TRUE(
        VerifyConsistency(old_size, final_head.tree_size(), *old_root, *new_root, *path).ok());
    auto inclusion = client_->InclusionProof(e.id(), receipt.index(), final_head.tree_size());
    ASSERT_TRUE(inclusion.ok());
    EXPECT_EQ(inclusion->leaf_hash(), receipt.leaf_hash());
  }
}

TEST_F(BoardIntegration, EveryRejectionClassHasItsCodeAndReason) {
  ScriptOptions options;
  options.board_key = board_->board_key();
  options.voters = 3;
  options.revote_policy = v1::SINGLE_BALLOT;
  ScriptedElection e(options, Sink());
  ASSERT_TRUE(e.Create().ok());
  // NOT_FOUND: an election the board does not know.
  v1::Entry unknown = e.Sign(v1::OPEN, OpenNow(), e.authority());
  unknown.set_election_id(std::string(32, 'x'));
  ExpectError(client_->Post(unknown).status(), absl::StatusCode::kNotFound, "election.unknown");
  // FAILED_PRECONDITION: open before the ceremony.
  ExpectError(client_->Post(e.Sign(v1::OPEN, OpenNow(), e.authority())).status(),
              absl::StatusCode::kFailedPrecondition, "phase.wrong");
  // PERMISSION_DENIED: a roll signed by a trustee.
  ExpectError(client_->Post(e.Sign(v1::ROLL, v1::Roll(), e.trustee_key(1))).status(),
              absl::StatusCode::kPermissionDenied, "role.wrong_author");
  // ALREADY_EXISTS: a second roll; the same manifest again.
  ExpectError(client_->Post(e.Sign(v1::ROLL, v1::Roll(), e.authority())).status(),
              absl::StatusCode::kAlreadyExists, "roll.already_posted");
  ExpectError(client_->Post(receipts_[0].first).status(), absl::StatusCode::kAlreadyExists,
              "manifest.already_posted");
  // INVALID_ARGUMENT: a malformed payload; a bad signature.
  v1::Entry garbage = MakeEntry(e.id(), v1::TRUSTEE_COMMITMENT, "\xff\xff", e.trustee_key(1));
  ExpectError(client_->Post(garbage).status(), absl::StatusCode::kInvalidArgument,
              "payload.malformed");
  v1::Entry forged = e.Sign(v1::OPEN, OpenNow(), e.authority());
  forged.mutable_signature()->at(3) ^= 0x10;
  ExpectError(client_->Post(forged).status(), absl::StatusCode::kInvalidArgument,
              "signature.invalid");

  ASSERT_TRUE(e.Ceremony().ok());
  // INVALID_ARGUMENT: an OPEN that countersigns another log than the board's.
  v1::Open stale = MakeOpen(e.state(), static_cast<int64_t>(std::time(nullptr)));
  stale.set_tree_size(stale.tree_size() - 1);
  ExpectError(client_->Post(e.Sign(v1::OPEN, stale, e.authority())).status(),
              absl::StatusCode::kInvalidArgument, "open.tree_head_mismatch");
  ASSERT_TRUE(e.Open().ok());
  // ALREADY_EXISTS: a second OPEN, even countersigning the log as it stands.
  ExpectError(
      client_
          ->Post(e.Sign(v1::OPEN, MakeOpen(e.state(), static_cast<int64_t>(std::time(nullptr))),
                        e.authority()))
          .status(),
      absl::StatusCode::kAlreadyExists, "open.already_posted");
  auto ballot = e.Cast(0, Vote(0, {0, 0, 0}, {0, 0, 0}));
  ASSERT_TRUE(ballot.ok());
  // ALREADY_EXISTS: the same ballot again; a second ballot under "single ballot".
  ExpectError(client_->Post(*ballot).status(), absl::StatusCode::kAlreadyExists,
              "ballot.duplicate");
  BallotStatement st{e.state().manifest(), e.state().group(), e.id(), *e.state().joint_key(),
                     e.voter(0).public_key()};
  auto again = EncryptBallot(st, Vote(1, {0, 0, 0}, {0, 0, 0}), e.state().size());
  ASSERT_TRUE(again.ok());
  ExpectError(client_->Post(MakeEntry(e.id(), v1::BALLOT, again->payload, e.voter(0))).status(),
              absl::StatusCode::kAlreadyExists, "ballot.already_cast");
  // INVALID_ARGUMENT: a bad proof (the ballot copied under another credential).
  ExpectError(client_->Post(MakeEntry(e.id(), v1::BALLOT, ballot->payload(), e.voter(1))).status(),
              absl::StatusCode::kInvalidArgument, "proof.range.challenge_mismatch");
  // PERMISSION_DENIED: a credential that is not on the roll.
  SigningKey stranger = SigningKey::Generate();
  ExpectError(client_->Post(MakeEntry(e.id(), v1::BALLOT, ballot->payload(), stranger)).status(),
              absl::StatusCode::kPermissionDenied, "credential.not_on_roll");
  // The board's state is untouched by all of this.
  auto status = client_->Status(e.id());
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->ballots(), 1u);
  EXPECT_EQ(status->tree_size(), e.state().size());
  // ALREADY_EXISTS: a second CLOSE, even countersigning the closed log as it stands.
  ASSERT_TRUE(e.Close().ok());
  ExpectError(client_->Post(e.Sign(v1::CLOSE, MakeClose(e.state()), e.authority())).status(),
              absl::StatusCode::kAlreadyExists, "close.already_posted");
}

TEST_F(BoardIntegration, LimitsGiveResourceExhausted) {
  board_.reset();
  std::string dir = testing::MakeTempDir("board-limits");
  auto small = BoardProcess::Start(dir, {"--max-entry-bytes", "2000"});
  ASSERT_TRUE(small.ok()) << small.status();
  BoardClient client((*small)->endpoint());
  ScriptOptions options;
  options.board_key = (*small)->board_key();
  options.voters = 100;  // the roll payload is 3400 bytes
  ScriptedElection e(options, [&](const v1::Entry& entry) { return client.Post(entry).status(); });
  ExpectError(e.Create(), absl::StatusCode::kResourceExhausted, "limit.entry_size");
  small->reset();
  std::filesystem::remove_all(dir);
}

// One client (one connection) may have at most --max-in-flight posts waiting or being
// verified; the excess is refused with its own reason, nothing refused reaches the log, and
// the refused entries are accepted when posted again.
TEST_F(BoardIntegration, InFlightLimitRefusesTheExcessAndLosesNothing) {
  board_.reset();
  std::string dir = testing::MakeTempDir("board-in-flight");
  auto board = BoardProcess::Start(dir, {"--max-in-flight", "1", "--threads", "1"});
  ASSERT_TRUE(board.ok()) << board.status();
  BoardClient client((*board)->endpoint());
  client.set_retry_policy(RetryPolicy{1, 0, 0});  // see each refusal, do not wait it out
  ScriptOptions options;
  options.board_key = (*board)->board_key();
  options.voters = 16;
  ScriptedElection e(options, [&](const v1::Entry& entry) { return client.Post(entry).status(); });
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  const std::vector<v1::Entry> ballots = BallotOfEveryVoter(e);
  ASSERT_EQ(ballots.size(), options.voters);
  // Every ballot at once through the same connection; each thread waits for all to be ready.
  std::vector<absl::StatusOr<v1::Receipt>> answers(ballots.size(), absl::UnknownError(""));
  std::atomic<size_t> ready{0};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < ballots.size(); ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < ballots.size()) std::this_thread::yield();
      answers[i] = client.Post(ballots[i]);
    });
  }
  for (auto& t : threads) t.join();
  std::vector<size_t> refused;
  for (size_t i = 0; i < ballots.size(); ++i) {
    if (answers[i].ok()) {
      EXPECT_TRUE(VerifyReceipt(*answers[i], ballots[i], e.options().board_key).ok());
    } else {
      ExpectError(answers[i].status(), absl::StatusCode::kResourceExhausted, "limit.in_flight");
      refused.push_back(i);
    }
  }
  ASSERT_FALSE(refused.empty()) << "16 simultaneous posts with a limit of 1 all got through";
  ASSERT_LT(refused.size(), ballots.size());
  auto status = client.Status(e.id());
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->ballots(), ballots.size() - refused.size());  // nothing refused was kept
  for (size_t i : refused) {
    auto again = client.Post(ballots[i]);  // one at a time: within the limit
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_TRUE(VerifyReceipt(*again, ballots[i], e.options().board_key).ok());
  }
  status = client.Status(e.id());
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->ballots(), ballots.size());
  board->reset();
  std::filesystem::remove_all(dir);
}

// A board that is stopping refuses a post with UNAVAILABLE "board.stopping: …" (specs/board.md
// §5.2): the client posts it again after its retry wait and, if the board keeps refusing,
// returns that reason with the board's words; any other UNAVAILABLE (here the text gRPC gives
// a dropped connection, "Socket closed") is board.unreachable. The refusals come from a relay
// in front of the real board, word for word as the board sends them (bulletin-board/
// service.cc's ToGrpc of Stopping()).
TEST_F(BoardIntegration, TheClientRetriesAStoppingBoardAndNamesItsReason) {
  auto voting = Voting(2);
  ASSERT_NE(voting, nullptr);
  ScriptedElection& e = *voting;
  const std::vector<v1::Entry> ballots = BallotOfEveryVoter(e);
  ASSERT_EQ(ballots.size(), 2u);
  auto relay = testing::LyingBoard::Start(board_->endpoint());
  ASSERT_TRUE(relay.ok()) << relay.status();
  BoardClient via((*relay)->endpoint());
  via.set_retry_policy(
      RetryPolicy{.max_attempts = 3, .initial_backoff_ms = 10, .max_backoff_ms = 20});
  const std::string said =
      "the board is shutting down and did not record this post; post it again when the board "
      "is back";
  const grpc::Status stopping(grpc::StatusCode::UNAVAILABLE, "board.stopping: " + said);

  (*relay)->RefusePosts(2, stopping);  // the third attempt reaches the board
  auto receipt = via.Post(ballots[0]);
  ASSERT_TRUE(receipt.ok()) << receipt.status();
  EXPECT_TRUE(VerifyReceipt(*receipt, ballots[0], board_->board_key()).ok());
  EXPECT_EQ((*relay)->intercepted(), 2);

  (*relay)->RefusePosts(3, stopping);  // every attempt refused
  auto refused = via.Post(ballots[1]);
  ExpectError(refused.status(), absl::StatusCode::kUnavailable, "board.stopping");
  EXPECT_EQ(refused.status().message(), said);
  EXPECT_EQ((*relay)->intercepted(), 5);

  via.set_retry_policy(RetryPolicy{.max_attempts = 1});
  (*relay)->RefusePosts(1, grpc::Status(grpc::StatusCode::UNAVAILABLE, "Socket closed"));
  auto lost = via.Post(ballots[1]);
  ExpectError(lost.status(), absl::StatusCode::kUnavailable, "board.unreachable");
  EXPECT_NE(lost.status().message().find("Socket closed"), std::string::npos) << lost.status();
  auto status = client_->Status(e.id());
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->ballots(), 1u);  // nothing refused was kept
}

TEST_F(BoardIntegration, RestartAndCrashKeepEveryAcknowledgedEntry) {
  ScriptOptions options;
  options.board_key = board_->board_key();
  options.voters = 3;
  ScriptedElection e(options, Sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  ASSERT_TRUE(e.Cast(0, Vote(0, {1, 0, 0}, {1, 0, 0})).ok());
  auto before = client_->TreeHead(e.id());
  ASSERT_TRUE(before.ok());

  ASSERT_TRUE(board_->Restart().ok());  // graceful
  Reconnect();
  auto after = client_->TreeHead(e.id());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->tree_size(), before->tree_size());
  EXPECT_EQ(after->root_hash(), before->root_hash());

  ASSERT_TRUE(e.Cast(1, Vote(1, {0, 1, 0}, {0, 1, 0})).ok());
  auto acknowledged = client_->TreeHead(e.id());
  board_->Kill();  // crash: every acknowledged entry must survive
  ASSERT_TRUE(board_->Restart().ok());
  Reconnect();
  auto recovered = client_->TreeHead(e.id());
  ASSERT_TRUE(recovered.ok()) << recovered.status();
  EXPECT_EQ(recovered->root_hash(), acknowledged->root_hash());
  // The election continues with the same log.
  ASSERT_TRUE(e.Cast(2, Vote(2, {0, 0, 1}, {0, 0, 1})).ok());
  ASSERT_TRUE(e.Close().ok());
  ASSERT_TRUE(e.Decrypt(1).ok());
  ASSERT_TRUE(e.Decrypt(2).ok());
  ASSERT_TRUE(e.PublishResult().ok());
  auto synced = client_->Sync(e.id());
  ASSERT_TRUE(synced.ok()) << synced.status();
  EXPECT_EQ(synced->state->phase(), v1::TALLIED);
}

// Entries are streamed with the time the board committed them (specs/board.md §5.1): within
// the posting window, never decreasing along the log, and unchanged by a restart.
TEST_F(BoardIntegration, ReceiveTimesAreStreamedInLogOrderAndSurviveARestart) {
  auto now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const int64_t start = now_ms();
  ScriptOptions options;
  options.board_key = board_->board_key();
  options.voters = 2;
  ScriptedElection e(options, Sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  ASSERT_TRUE(e.Cast(0, Vote(0, {1, 0, 0}, {1, 0, 0})).ok());
  const int64_t end = now_ms();
  auto synced = client_->Sync(e.id());
  ASSERT_TRUE(synced.ok()) << synced.status();
  ASSERT_EQ(synced->received_ms.size(), synced->entries.size());
  for (size_t i = 0; i < synced->received_ms.size(); ++i) {
    EXPECT_GE(synced->received_ms[i], start) << i;
    EXPECT_LE(synced->received_ms[i], end) << i;
    if (i > 0) {
      EXPECT_GE(synced->received_ms[i], synced->received_ms[i - 1]) << i;
    }
  }
  ASSERT_TRUE(board_->Restart().ok());
  Reconnect();
  std::vector<int64_t> again;
  auto entries = client_->Entries(e.id(), 0, &again);
  ASSERT_TRUE(entries.ok()) << entries.status();
  EXPECT_EQ(again, synced->received_ms);
}

TEST_F(BoardIntegration, ConcurrentPostsAreAllCommittedAndReplayIdentically) {
  ScriptOptions options;
  options.board_key = board_->board_key();
  options.voters = 24;
  ScriptedElection e(options, Sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  // Every voter's ballot, encrypted up front, then posted from 8 threads at once.
  const std::vector<v1::Entry> ballots = BallotOfEveryVoter(e);
  ASSERT_EQ(ballots.size(), options.voters);
  std::vector<absl::StatusOr<v1::Receipt>> receipts(ballots.size(), absl::UnknownError(""));
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      BoardClient client(board_->endpoint());
      for (size_t i = t; i < ballots.size(); i += 8) receipts[i] = client.Post(ballots[i]);
    });
  }
  for (auto& t : threads) t.join();
  std::set<uint64_t> indexes;
  for (size_t i = 0; i < ballots.size(); ++i) {
    ASSERT_TRUE(receipts[i].ok()) << receipts[i].status();
    EXPECT_TRUE(VerifyReceipt(*receipts[i], ballots[i], board_->board_key()).ok());
    indexes.insert(receipts[i]->index());
  }
  EXPECT_EQ(indexes.size(), ballots.size());  // every ballot got its own place in the log
  auto synced = client_->Sync(e.id(), 2);
  ASSERT_TRUE(synced.ok()) << synced.status();
  EXPECT_EQ(synced->state->ballots(), ballots.size());
  EXPECT_EQ(synced->state->ballots_counted(), ballots.size());
  // The board restarts from its store to the same tree.
  ASSERT_TRUE(board_->Restart().ok());
  Reconnect();
  auto head = client_->TreeHead(e.id());
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->root_hash(), synced->tree_head.root_hash());
}

// The posts waiting together are verified as one batch (specs/board.md, "Concurrency"): a ballot
// with a bad proof among good ones posted at the same moment gets its own error, and every good one
// is accepted.
TEST_F(BoardIntegration, ABadBallotPostedWithGoodOnesGetsItsOwnErrorAndTheOthersPass) {
  ScriptOptions options;
  options.board_key = board_->board_key();
  options.voters = 33;
  ScriptedElection e(options, Sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  std::vector<v1::Entry> ballots = BallotOfEveryVoter(e);
  ASSERT_EQ(ballots.size(), options.voters);
  // Ballot 16: proved for another credential, signed by voter 16 (only its proofs are wrong).
  const size_t bad = 16;
  BallotStatement other{e.state().manifest(), e.state().group(), e.id(), *e.state().joint_key(),
                        SigningKey::Generate().public_key()};
  auto wrong = EncryptBallot(other, Vote(0, {0, 0, 0}, {0, 0, 0}), e.state().size());
  ASSERT_TRUE(wrong.ok());
  ballots[bad] = MakeEntry(e.id(), v1::BALLOT, wrong->payload, e.voter(bad));
  std::vector<absl::StatusOr<v1::Receipt>> receipts(ballots.size(), absl::UnknownError(""));
  std::vector<std::unique_ptr<BoardClient>> clients;
  for (size_t i = 0; i < ballots.size(); ++i) {
    clients.push_back(std::make_unique<BoardClient>(board_->endpoint()));
  }
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < ballots.size(); ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      receipts[i] = clients[i]->Post(ballots[i]);
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < ballots.size(); ++i) {
    if (i == bad) {
      ExpectError(receipts[i].status(), absl::StatusCode::kInvalidArgument,
                  "proof.range.challenge_mismatch");
    } else {
      ASSERT_TRUE(receipts[i].ok()) << i << ": " << receipts[i].status();
      EXPECT_TRUE(VerifyReceipt(*receipts[i], ballots[i], board_->board_key()).ok());
    }
  }
  auto status = client_->Status(e.id());
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->ballots(), ballots.size() - 1);
}

// The board verifies the proofs of the posts waiting together without holding the election
// (specs/board.md, "Concurrency"), so the checks that read it (voter, the same ballot already
// counted) still give each post of a burst its own answer: the counted ballot posted again
// and the second of two identical posts are ballot.duplicate, a ballot signed by a key not
// on the roll is credential.not_on_roll, and every good one is accepted with a valid receipt.
TEST_F(BoardIntegration, StateChecksOfABurstGiveEachPostItsOwnAnswer) {
  ScriptOptions options;
  options.board_key = board_->board_key();
  options.voters = 24;
  ScriptedElection e(options, Sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  std::vector<v1::Entry> ballots = BallotOfEveryVoter(e);
  ASSERT_EQ(ballots.size(), options.voters);
  ASSERT_TRUE(client_->Post(ballots[0]).ok());
  std::vector<v1::Entry> posts(ballots.begin(), ballots.begin() + 21);  // 0 counted, 1-20 good
  const size_t stranger = posts.size();
  posts.push_back(MakeEntry(e.id(), v1::BALLOT, ballots[21].payload(), SigningKey::Generate()));
  const size_t twice = posts.size();
  posts.push_back(ballots[22]);
  posts.push_back(ballots[22]);
  std::vector<absl::StatusOr<v1::Receipt>> receipts(posts.size(), absl::UnknownError(""));
  std::vector<std::unique_ptr<BoardClient>> clients;
  for (size_t i = 0; i < posts.size(); ++i) {
    clients.push_back(std::make_unique<BoardClient>(board_->endpoint()));
  }
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < posts.size(); ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      receipts[i] = clients[i]->Post(posts[i]);
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  ExpectError(receipts[0].status(), absl::StatusCode::kAlreadyExists, "ballot.duplicate");
  for (size_t i = 1; i < stranger; ++i) {
    ASSERT_TRUE(receipts[i].ok()) << i << ": " << receipts[i].status();
    EXPECT_TRUE(VerifyReceipt(*receipts[i], posts[i], board_->board_key()).ok()) << i;
  }
  ExpectError(receipts[stranger].status(), absl::StatusCode::kPermissionDenied,
              "credential.not_on_roll");
  // Exactly one of the two identical posts is on the board.
  const size_t accepted = receipts[twice].ok() ? twice : twice + 1;
  ASSERT_TRUE(receipts[accepted].ok()) << receipts[accepted].status();
  EXPECT_TRUE(VerifyReceipt(*receipts[accepted], ballots[22], board_->board_key()).ok());
  ExpectError(receipts[accepted == twice ? twice + 1 : twice].status(),
              absl::StatusCode::kAlreadyExists, "ballot.duplicate");
  auto status = client_->Status(e.id());
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->ballots(), 22u);  // 0, 1-20, 22
}

// A free loopback TCP port (bound then released; 0 if none could be had).
int FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

// A post retried after a failed connection reaches the board as soon as the board answers
// (board-client/client.h, RetryPolicy): the client reconnects at once and drives that connection
// while it waits. Before, one failed connection left the channel failing every call at once
// until gRPC's own reconnect schedule and its 5-second backup poller completed a connection
// (about 15 s): a client that once failed to connect gave up with board.unreachable.
TEST_F(BoardIntegration, APostRetriedAfterAFailedConnectionReachesTheBoardOnceItListens) {
  const int port = FreeLoopbackPort();
  ASSERT_GT(port, 0);
  auto endpoint = ParseBoardEndpoint(Cat("https://127.0.0.1:", port),
                                     ClientTls{testing::TestTls().ca_file, false});
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  BoardClient client(*endpoint);
  // Nothing listens yet: the connection is refused.
  client.set_retry_policy(RetryPolicy{1, 0, 0});
  ExpectError(client.Post(v1::Entry()).status(), absl::StatusCode::kUnavailable,
              "board.unreachable");
  BoardProcess::Options listen;
  listen.listen = Cat("127.0.0.1:", port);
  auto board = BoardProcess::StartWith(dir_ + "/on-port", listen);
  ASSERT_TRUE(board.ok()) << board.status();
  // The first attempt fails at once (the channel still holds the refused connection); the one
  // retry, 1 to 3 s later, must find the connection made during the wait.
  client.set_retry_policy(RetryPolicy{2, 2000, 2000});
  ScriptOptions options;
  options.board_key = (*board)->board_key();
  ScriptedElection e(options, [&](const v1::Entry& entry) { return client.Post(entry).status(); });
  absl::Status created = e.Create();
  EXPECT_TRUE(created.ok()) << created;
}

TEST_F(BoardIntegration, TwoElectionsDoNotInterfere) {
  ScriptOptions a_options;
  ScriptOptions b_options;
  a_options.board_key = b_options.board_key = board_->board_key();
  a_options.reference = "election-a";
  b_options.reference = "election-b";
  b_options.revote_policy = v1::SINGLE_BALLOT;
  ScriptedElection a(a_options, Sink());
  ScriptedElection b(b_options, Sink());
  ASSERT_TRUE(a.Create().ok());
  ASSERT_TRUE(b.Create().ok());
  ASSERT_TRUE(a.Ceremony().ok());
  ASSERT_TRUE(b.Ceremony().ok());
  ASSERT_TRUE(a.Open().ok());
  ASSERT_TRUE(b.Open().ok());
  ASSERT_TRUE(a.Cast(0, Vote(0, {0, 0, 0}, {0, 0, 0})).ok());
  ASSERT_TRUE(b.Cast(0, Vote(1, {0, 0, 0}, {0, 0, 0})).ok());
  // A's ballot posted to B: other election id, refused.
  auto a_ballot = a.Cast(1, Vote(0, {0, 0, 0}, {0, 0, 0}));
  ASSERT_TRUE(a_ballot.ok());
  v1::Entry moved = *a_ballot;
  moved.set_election_id(std::string(b.id().begin(), b.id().end()));
  ExpectError(client_->Post(moved).status(), absl::StatusCode::kInvalidArgument,
              "signature.invalid");
  ASSERT_TRUE(a.Close().ok());
  auto b_status = client_->Status(b.id());
  ASSERT_TRUE(b_status.ok());
  EXPECT_EQ(b_status->phase(), v1::VOTING);
  EXPECT_EQ(b_status->ballots(), 1u);
  auto list = client_->ListElections();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
}

TEST_F(BoardIntegration, CorruptStoreIsRefusedAtStart) {
  ScriptOptions options;
  options.board_key = board_->board_key();
  options.voters = 2;
  ScriptedElection e(options, Sink());
  ASSERT_TRUE(e.Create().ok());
  board_->Stop();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((board_->data_dir() + "/board.sqlite").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "UPDATE entries SET entry = CAST(entry AS BLOB) || x'00' WHERE idx = 1",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  auto restarted = board_->Restart();
  ASSERT_FALSE(restarted.ok());
  EXPECT_NE(std::string(restarted.message()).find("store.corrupt"), std::string::npos) << restarted;
}

// Sync and SyncSetup trust only tree heads signed by the key the manifest names: a server
// that relays the real entries under heads signed by its own key is refused, before any
// replay, with tree_head.wrong_key.
TEST_F(BoardIntegration, SyncRefusesTreeHeadsSignedByAnotherKey) {
  ScriptOptions options;
  options.board_key = board_->board_key();
  options.voters = 2;
  ScriptedElection e(options, Sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  ASSERT_TRUE(e.Cast(0, Vote(0, {1, 0, 0}, {1, 0, 0})).ok());
  auto genuine = client_->Sync(e.id());
  ASSERT_TRUE(genuine.ok()) << genuine.status();
  auto liar = testing::LyingBoard::Start(board_->endpoint());
  ASSERT_TRUE(liar.ok()) << liar.status();
  BoardClient via((*liar)->endpoint());
  ASSERT_TRUE(via.Sync(e.id()).ok());  // an honest relay is fine
  SigningKey other = SigningKey::Generate();
  ASSERT_TRUE((*liar)->ServeFork(genuine->entries, other, false).ok());
  ExpectError(via.Sync(e.id()).status(), absl::StatusCode::kInvalidArgument, "tree_head.wrong_key");
  ExpectError(via.SyncSetup(e.id()).status(), absl::StatusCode::kInvalidArgument,
              "tree_head.wrong_key");
  (*liar)->ForwardAll();
  EXPECT_TRUE(via.SyncSetup(e.id()).ok());
}

// specs/ballot.md §4 rules 7–9 against the real board: reused ciphertexts (both directions
// and across credentials) and a ballot older than the voter's latest are refused with their
// reasons, and none of them reaches the log.
TEST_F(BoardIntegration, ReusedCiphertextsAndStaleBallotsAreRefused) {
  ScriptOptions options;
  options.board_key = board_->board_key();
  options.voters = 3;
  ScriptedElection e(options, Sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  auto audit = e.Audit(0, Vote(1, {1, 0, 0}, {0, 1, 0}));
  ASSERT_TRUE(audit.ok());
  v1::Audit opened;
  ASSERT_TRUE(opened.ParseFromString(audit->payload()));
  auto held = e.Encrypt(1, Vote(2, {0, 0, 0}, {0, 0, 0}), e.state().size());
  ASSERT_TRUE(held.ok());
  auto cast = e.Cast(1, Vote(0, {0, 1, 1}, {1, 0, 0}));
  ASSERT_TRUE(cast.ok());
  const uint64_t size = e.state().size();
  // The audited ciphertexts, re-proved, cast by the auditor.
  auto again = e.Reprove(0, opened, size);
  ASSERT_TRUE(again.ok());
  ExpectError(client_->Post(MakeEntry(e.id(), v1::BALLOT, again->ballot(), e.voter(0))).status(),
              absl::StatusCode::kAlreadyExists, "ballot.ciphertext_reused");
  // Voter 1's counted ciphertexts, re-proved: opened by an audit, or cast by voter 2.
  auto reopened = e.Reprove(1, *e.OpeningOf(*cast), size);
  ASSERT_TRUE(reopened.ok());
  ExpectError(client_->Post(e.Sign(v1::AUDIT, *reopened, e.voter(1))).status(),
              absl::StatusCode::kAlreadyExists, "ballot.ciphertext_reused");
  auto copied = e.Reprove(2, *e.OpeningOf(*cast), size);
  ASSERT_TRUE(copied.ok());
  ExpectError(client_->Post(MakeEntry(e.id(), v1::BALLOT, copied->ballot(), e.voter(2))).status(),
              absl::StatusCode::kAlreadyExists, "ballot.ciphertext_reused");
  // Voter 1's ballot made before its cast one was posted.
  ExpectError(client_->Post(MakeEntry(e.id(), v1::BALLOT, held->payload, e.voter(1))).status(),
              absl::StatusCode::kFailedPrecondition, "ballot.stale");
  auto status = client_->Status(e.id());
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->tree_size(), size);
  EXPECT_EQ(status->audits(), 1u);
  EXPECT_EQ(status->revotes(), 0u);
  // A replay of the board's log agrees.
  auto synced = client_->Sync(e.id());
  ASSERT_TRUE(synced.ok()) << synced.status();
  EXPECT_EQ(synced->state->CountedBallotIndex(cast->author()), size - 1);
}

// specs/board.md §5 "OPEN time" and specs/ceremony.md §3 against the real board: an OPEN
// dated far from the board's clock is refused; before the deadline an unanswered complaint
// blocks OPEN; with the deadline passed, OPEN excludes the dealer.
TEST_F(BoardIntegration, OpenTimeAndTheCeremonyDeadline) {
  const auto now = static_cast<int64_t>(std::time(nullptr));
  for (bool passed : {false, true}) {
    SCOPED_TRACE(passed ? "deadline passed" : "deadline ahead");
    ScriptOptions options;
    options.board_key = board_->board_key();
    options.voters = 1;
    options.reference = passed ? "deadline-passed" : "deadline-ahead";
    options.ceremony_deadline = passed ? now - 60 : now + 86400;
    ScriptedElection e(options, Sink());
    ASSERT_TRUE(e.Create().ok());
    ASSERT_TRUE(e.Ceremony(/*bad_dealer=*/2, /*victim=*/3, /*dealer_answers=*/false).ok());
    // Well outside the tolerance: the board reads its clock a moment after the test (a
    // second's margin, 301, failed once under the sanitizers). The exact bounds are
    // EntryClock's, below, on a given clock.
    for (int64_t skew : {int64_t{-3600}, kOpenClockToleranceS + 60, -kOpenClockToleranceS - 60}) {
      v1::Open off;
      off.set_opened_at(static_cast<int64_t>(std::time(nullptr)) + skew);
      ExpectError(client_->Post(e.Sign(v1::OPEN, off, e.authority())).status(),
                  absl::StatusCode::kInvalidArgument, "open.clock_skew");
    }
    auto open = client_->Post(e.Sign(
        v1::OPEN, MakeOpen(e.state(), static_cast<int64_t>(std::time(nullptr))), e.authority()));
    if (!passed) {
      ExpectError(open.status(), absl::StatusCode::kFailedPrecondition, "ceremony.incomplete");
      continue;
    }
    ASSERT_TRUE(open.ok()) << open.status();
    auto synced = client_->Sync(e.id());
    ASSERT_TRUE(synced.ok()) << synced.status();
    EXPECT_EQ(synced->state->phase(), v1::VOTING);
    EXPECT_EQ(synced->state->ceremony().qualified(), (std::set<uint32_t>{1, 3}));
  }
}

// specs/board.md §5 "OPEN time": |claimed - now| <= kOpenClockToleranceS, to the second, for
// OPEN and CREDENTIAL_REPLACEMENT; other kinds carry no time the board checks.
TEST(EntryClock, TheToleranceHoldsToTheSecondAtBothEnds) {
  const int64_t now = 1'800'000'000;
  const int64_t t = kOpenClockToleranceS;
  for (v1::EntryKind kind : {v1::OPEN, v1::CREDENTIAL_REPLACEMENT}) {
    const std::string reason = kind == v1::OPEN ? "open.clock_skew" : "replacement.clock_skew";
    for (int64_t skew : {-t - 1, -t, int64_t{0}, t, t + 1}) {
      SCOPED_TRACE(Cat(reason, " skew ", skew));
      v1::Entry entry;
      entry.set_kind(kind);
      if (kind == v1::OPEN) {
        v1::Open open;
        open.set_opened_at(now + skew);
        entry.set_payload(open.SerializeAsString());
      } else {
        v1::CredentialReplacement replacement;
        replacement.set_replaced_at(now + skew);
        entry.set_payload(replacement.SerializeAsString());
      }
      absl::Status checked = CheckEntryClock(entry, now);
      if (skew < -t || skew > t) {
        ExpectError(checked, absl::StatusCode::kInvalidArgument, reason);
        // Both times, as specs/board.md says.
        EXPECT_TRUE(absl::StrContains(checked.message(), Cat("made at ", now + skew))) << checked;
        EXPECT_TRUE(absl::StrContains(checked.message(), Cat("clock reads ", now))) << checked;
      } else {
        EXPECT_TRUE(checked.ok()) << checked;
      }
    }
  }
  v1::Entry ballot;
  ballot.set_kind(v1::BALLOT);
  EXPECT_TRUE(CheckEntryClock(ballot, now).ok());
}

}  // namespace
}  // namespace urne::bulletin_board

// A board stopped (SIGTERM) with a queue of posts: what it had not verified yet is refused at
// once with "board.stopping", not verified (draining a full queue was minutes of work, for
// answers gRPC could no longer send). Every post it acknowledged is in its store after the restart,
// at the receipt's index and with its leaf hash; every other post failed with an error its client
// retries.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>

#include "board-client/channel.h"
#include "board-client/client.h"
#include "status/status.h"
#include "tests/bulletin-board/premade_ballots.h"
#include "tests/support/board_fixture.h"
#include "urne/v1/board.grpc.pb.h"

namespace urne::bulletin_board {
namespace {

// About a second of verification on one thread here (more under the sanitizers): more than
// the board's grace period after SIGTERM (specs/board.md §5.5, "Stopping"), so a queue is left to
// refuse.
constexpr size_t kBallots = 1500;
constexpr size_t kConnections = 8;  // each at most 256 streams (service.h)

class BoardShutdown : public testing::BoardTest {
 protected:
  // One verifier thread, so that a queue builds up; every post let in at once.
  std::vector<std::string> BoardArgs() const override {
    return {"--threads", "1", "--rate-per-host", "0", "--max-in-flight", "100000"};
  }
};

struct Call {
  grpc::ClientContext context;
  v1::Receipt receipt;
  grpc::Status status;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::Receipt>> rpc;
};

TEST_F(BoardShutdown, QueuedPostsAreRefusedAndEveryReceiptIsKept) {
  testing::ScriptOptions options;
  options.voters = kBallots;
  auto election = NewElection(options);
  ASSERT_TRUE(election);
  const uint64_t setup = election->state().size();
  auto ballots = MakeBallots(*election, kBallots);
  ASSERT_TRUE(ballots.ok()) << ballots.status();

  // Every ballot in flight at once, then SIGTERM after the first answer.
  std::vector<std::unique_ptr<v1::Board::Stub>> stubs;  // a connection each
  for (size_t c = 0; c < kConnections; ++c) {
    stubs.push_back(v1::Board::NewStub(MakeBoardChannel(board_->endpoint())));
  }
  grpc::CompletionQueue queue;
  std::vector<std::unique_ptr<Call>> calls;
  for (size_t k = 0; k < ballots->size(); ++k) {
    auto call = std::make_unique<Call>();
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(300));
    call->rpc = stubs[k % kConnections]->AsyncPost(&call->context, (*ballots)[k], &queue);
    call->rpc->Finish(&call->receipt, &call->status, call.get());
    calls.push_back(std::move(call));
  }
  void* tag = nullptr;
  bool ok = false;
  ASSERT_TRUE(queue.Next(&tag, &ok));
  board_->Stop();
  for (size_t k = 1; k < calls.size(); ++k) ASSERT_TRUE(queue.Next(&tag, &ok));

  size_t acknowledged = 0;
  size_t refused = 0;
  for (const auto& call : calls) {
    if (call->status.ok()) {
      ++acknowledged;
      continue;
    }
    // What a client retries (board-client's IsRetryable): refused as the board stops, or cut
    // short by gRPC after the grace period.
    EXPECT_TRUE(call->status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                call->status.error_code() == grpc::StatusCode::CANCELLED)
        << call->status.error_code() << " " << call->status.error_message();
    refused += call->status.error_message().starts_with("board.stopping: ");
  }
  EXPECT_GE(acknowledged, 1u);
  // The queue was refused at once rather than verified for answers that could no longer be
  // sent: the board says how many posts it refused.
  const std::string said = board_->stderr_text();
  const std::string lead = "urne-board: stopped; ";
  const size_t at = said.find(lead);
  ASSERT_NE(at, std::string::npos) << said;
  const size_t stopped = std::stoul(said.substr(at + lead.size()));
  EXPECT_GE(stopped, 1u);
  EXPECT_GE(stopped, refused);
  EXPECT_GE(refused, 1u);  // refused at SIGTERM, before the grace period: the clients see why
  std::printf("%zu of %zu posts acknowledged, %zu refused as the board stopped (%zu answered so)\n",
              acknowledged, kBallots, stopped, refused);

  ASSERT_TRUE(board_->Restart().ok());
  Reconnect();
  auto synced = client_->Sync(election->id());
  ASSERT_TRUE(synced.ok()) << synced.status();
  const uint64_t size = synced->state->size();
  EXPECT_GE(size, setup + acknowledged);
  EXPECT_LE(size, setup + kBallots - stopped);
  for (const auto& call : calls) {
    if (!call->status.ok()) continue;
    ASSERT_LT(call->receipt.index(), size);
    const Digest32 leaf = synced->state->tree().Leaf(call->receipt.index());
    EXPECT_EQ(std::string(leaf.begin(), leaf.end()), call->receipt.leaf_hash());
  }
}

}  // namespace
}  // namespace urne::bulletin_board

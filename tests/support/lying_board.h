// LyingBoard: a real urne.v1.Board gRPC server on loopback, in the test process, standing in
// front of a real urne-board, for the attack tests of issue #12 point 1 and issue #13 ("a
// fake board"). By default it forwards every call unchanged. Told to, it lies in one of two
// ways, each exactly as the attacks were tried (and it can refuse posts as a board would,
// RefusePosts, for the clients' handling of a board's refusals):
//   - OwnReceipts(key): a fake board that does not hold the real board's key. It answers
//     Post itself with a receipt for the real log plus the posted entry, signed by `key`, and
//     never forwards the entry; reads still go to the real board.
//   - ServeFork(...): the real board's operator (who holds the board key) serves another log
//     for one election: tree heads signed by the real key, entries, proofs and status all of
//     the fork. Posts for that election are checked against the fork's replayed state and
//     appended to it; each answer is a genuine receipt over the fork, or, with
//     refuse_and_switch, the tree-head-mismatch error that makes an old urne-admin re-sync
//     and sign again, after which the lying board forwards everything to the real log.
// For tests only. Thread-safe (gRPC calls on many threads; one mutex guards the mode).
#ifndef URNE_TESTS_SUPPORT_LYING_BOARD_H_
#define URNE_TESTS_SUPPORT_LYING_BOARD_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "board-client/endpoint.h"
#include "crypto/ed25519.h"
#include "election/entry.h"
#include "election/state.h"
#include "urne/v1/board.grpc.pb.h"

namespace urne::testing {

class LyingBoard {
 public:
  // Listens on 127.0.0.1 (a free port), serving TLS with TestTls()'s certificate (a fake
  // board that clients' TLS accepts: only the pinned board key can expose it), and forwards
  // to the board at `real`.
  static absl::StatusOr<std::unique_ptr<LyingBoard>> Start(const BoardEndpoint& real);
  ~LyingBoard();
  LyingBoard(const LyingBoard&) = delete;
  LyingBoard& operator=(const LyingBoard&) = delete;

  // "https://127.0.0.1:PORT", and the endpoint for it trusting TestTls()'s CA.
  const std::string& address() const { return address_; }
  BoardEndpoint endpoint() const;

  // Honest again: every call is forwarded (and no stream is dropped).
  void ForwardAll();
  // A network failure: every Entries stream ends with UNAVAILABLE after `n` entries (until
  // ForwardAll).
  void DropEntryStreamsAfter(size_t n);
  // A slow link: each forwarded Entries stream waits `per_entry` before each entry (until
  // ForwardAll).
  void SlowEntryStreams(std::chrono::milliseconds per_entry);
  // The fake board: Post answered with receipts signed by `key` (copied).
  void OwnReceipts(const SigningKey& key);
  // Serves `log` (entry 0 is the election's MANIFEST) as the log of its election, tree heads
  // signed by `board_key` (copied); a log the state machine refuses is served too, but then
  // posts are refused and status is the real board's. With `refuse_and_switch`, a
  // post accepted by the fork is kept in it but answered INVALID_ARGUMENT
  // "close.tree_head_mismatch", and from then on every call is forwarded.
  absl::Status ServeFork(std::vector<v1::Entry> log, const SigningKey& board_key,
                         bool refuse_and_switch);
  // Serves election `election` as a log of no entry at all: a tree head of size 0 (the
  // empty tree's root) signed by `board_key` (copied), and no entries.
  void ServeEmptyLog(const std::string& election, const SigningKey& board_key);
  // The fork as it stands (with what was posted to it).
  std::vector<v1::Entry> fork() const;
  // The next `n` posts are answered `status` (a board's refusal, word for word), whatever
  // the mode; they count as intercepted.
  void RefusePosts(int n, grpc::Status status);
  // Posts the lying board answered itself (OwnReceipts, RefusePosts) or added to the fork.
  int intercepted() const;

 private:
  class Service;
  LyingBoard() = default;
  std::string address_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace urne::testing

#endif  // URNE_TESTS_SUPPORT_LYING_BOARD_H_

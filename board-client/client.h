// BoardClient: a gRPC client of urne.v1.Board for every program that talks to a board
// (trustees, authority, voters, verifier). It trusts nothing the board says: Sync() checks
// the signed tree head against the entries it streamed and replays them through election/.
// This is not the board's code (bulletin-board/); the verifier may link it. It connects over
// the transport its BoardEndpoint allows (TLS with certificate verification, or plain text to
// loopback or when insecure transport was asked for; specs/board.md "Transport"). No gRPC
// types in this header. Thread-safe (gRPC stubs are).
#ifndef URNE_BOARD_CLIENT_CLIENT_H_
#define URNE_BOARD_CLIENT_CLIENT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "board-client/endpoint.h"
#include "election/entry.h"
#include "election/replay.h"
#include "election/state.h"
#include "urne/v1/board.pb.h"

namespace urne {

// An election as fetched and checked: every entry, the board's signed tree head for exactly
// those entries, and the replayed state.
struct SyncedElection {
  std::vector<v1::Entry> entries;
  // received_ms[i]: when the board says it committed entries[i] (ms since the Unix epoch;
  // 0 = unknown). The board's unsigned claim, checked by nothing: show it, never rely on it.
  std::vector<int64_t> received_ms;
  v1::SignedTreeHead tree_head;
  std::unique_ptr<ElectionState> state;
};

// How Post() retries an answer that says "try again later": UNAVAILABLE (the board is
// unreachable or restarting; not a failed TLS handshake) and RESOURCE_EXHAUSTED with a transient
// limit (limit.rate, limit.in_flight, limit.in_flight_bytes, limit.queue). Waits
// initial_backoff_ms, then twice as long each time up to max_backoff_ms, each wait jittered by ±50
// %, for at most max_attempts posts in all. After UNAVAILABLE the client reconnects at once (gRPC's
// own reconnection delay reset) and drives that connection during the wait, so the retry finds
// a board that listens again. A post retried after UNAVAILABLE may already have been
// committed: the board then answers the retry with ALREADY_EXISTS (ballot.duplicate, …).
struct RetryPolicy {
  int max_attempts = 8;
  int initial_backoff_ms = 200;
  int max_backoff_ms = 5000;
};

// Whether `status` (as returned by FromGrpc) is worth retrying later.
bool IsRetryable(const absl::Status& status);

class BoardClient {
 public:
  // Connects lazily to `endpoint`. TLS authenticates the channel to the board; the board's
  // answers are still checked through signatures and Merkle proofs (a board with a valid
  // certificate may lie). `deadline_s` bounds each call. A failed TLS handshake (untrusted or
  // wrong certificate, or a board not serving TLS) gives reason "tls.handshake_failed"; an
  // unreachable board "board.unreachable"; other errors keep the board's reason.
  explicit BoardClient(BoardEndpoint endpoint, int deadline_s = 120);
  ~BoardClient();
  BoardClient(const BoardClient&) = delete;
  BoardClient& operator=(const BoardClient&) = delete;

  const std::string& address() const { return endpoint_.address(); }
  const BoardEndpoint& endpoint() const { return endpoint_; }
  // Not thread-safe with concurrent calls; set it before sharing the client.
  void set_retry_policy(const RetryPolicy& policy) { retry_ = policy; }
  // Posts `entry`, retrying per the retry policy.
  absl::StatusOr<v1::Receipt> Post(const v1::Entry& entry);
  // Entries are fetched in Entries calls of at most this many entries each, the client ending
  // each call when it has its page: a call's deadline bounds the download of one page (6 MB
  // of R5 ballots in ristretto255, 55 MB in eg4096), never the whole log (5.7 GB at a million
  // R5 ballots: one call of 120 s needed 48 MB/s).
  static constexpr size_t kEntriesPerCall = 1024;
  static constexpr uint64_t kLogEnd = UINT64_MAX;
  // Not thread-safe with concurrent calls; for tests (a slow link with small pages). At least 1.
  void set_entries_per_call(size_t n) { entries_per_call_ = n < 1 ? 1 : n; }
  // The entries of the election from `from` up to `until` (not included), or with kLogEnd up
  // to the size of the board's tree head when the call begins; with `received_ms`, also the
  // board's receive time of each (IndexedEntry.received_ms). Fewer entries if the board's log
  // ends sooner (the caller checks the count against a signed head). Error "sync.gap".
  absl::StatusOr<std::vector<v1::Entry>> Entries(const ElectionId& election, uint64_t from = 0,
                                                 std::vector<int64_t>* received_ms = nullptr,
                                                 uint64_t until = kLogEnd);
  // The same entries handed to `fn` one at a time as they arrive (the whole log is never
  // held: urne-verify writes it to a file); fn's error stops the calls and is returned.
  absl::Status ForEachEntry(const ElectionId& election, uint64_t from,
                            const std::function<absl::Status(v1::Entry)>& fn,
                            uint64_t until = kLogEnd);
  absl::StatusOr<v1::SignedTreeHead> TreeHead(const ElectionId& election);
  absl::StatusOr<v1::InclusionProofResponse> InclusionProof(const ElectionId& election,
                                                            uint64_t index, uint64_t size);
  absl::StatusOr<v1::ConsistencyProofResponse> ConsistencyProof(const ElectionId& election,
                                                                uint64_t old_size,
                                                                uint64_t new_size);
  // Every election, following the board's pages.
  absl::StatusOr<std::vector<v1::ElectionStatus>> ListElections();
  absl::StatusOr<v1::ElectionStatus> Status(const ElectionId& election);

  // Fetches the tree head, then every entry up to its size; checks the head's signature, that
  // it is by the board key the manifest (entry 0) names (tree_head.wrong_key), and that the
  // entries' Merkle root equals its root; replays them. Errors name what failed (reasons
  // tree_head.*, sync.root_mismatch, and replay errors "entry N (KIND): …").
  absl::StatusOr<SyncedElection> Sync(const ElectionId& election, unsigned threads = 0,
                                      const ReplayProgress& progress = {});

  // What a voter needs, without downloading every ballot: the entries up to and including
  // OPEN (manifest, roll, ceremony), proved to be a prefix of the log signed in the current
  // tree head by a consistency proof, and replayed (so the joint key is derived, not trusted).
  // Before OPEN this is the whole log, as in Sync. The state then says VOTING even if the
  // vote has closed since; the board refuses late ballots. `tree_head` is the current head,
  // checked as in Sync (signed by the manifest's board key).
  // RollCheck::kLengthAndOrder replays the ROLL with ElectionState::SetRollCheckedBefore: its
  // credentials are checked for length and order but not each as a point of the prime-order
  // subgroup (about 40 µs each, 40 s at a million voters). For two callers only: SyncAfterClose,
  // whose checkpoint covers the ROLL entry its own follower checked (specs/entries.md §3.1),
  // and a voter's client, which relies on its own credential only (specs/ballot.md §7 step 2).
  enum class RollCheck { kEveryKey, kLengthAndOrder };
  absl::StatusOr<SyncedElection> SyncSetup(const ElectionId& election,
                                           RollCheck roll = RollCheck::kEveryKey);

 private:
  struct Grpc;  // channel and stub (client.cc)
  absl::Status ForEachIndexed(const ElectionId& election, uint64_t from, uint64_t until,
                              const std::function<absl::Status(v1::IndexedEntry&)>& fn);
  BoardEndpoint endpoint_;
  int deadline_s_;
  size_t entries_per_call_ = kEntriesPerCall;
  RetryPolicy retry_;
  std::unique_ptr<Grpc> grpc_;
};

// Parses a 64-hex-digit election id. Reason "election.bad_id".
absl::StatusOr<ElectionId> ParseElectionId(const std::string& hex);

}  // namespace urne

#endif  // URNE_BOARD_CLIENT_CLIENT_H_

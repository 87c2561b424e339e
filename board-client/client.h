// BoardClient: a gRPC client of urne.v1.Board for every program that talks to a board
// (trustees, authority, voters, verifier). It trusts nothing the board says: Sync() checks
// the signed tree head against the entries it streamed and replays them through election/.
// This is not the board's code (bulletin-board/); the verifier may link it.
// Thread-safe (gRPC stubs are).
#ifndef URNE_BOARD_CLIENT_CLIENT_H_
#define URNE_BOARD_CLIENT_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "election/entry.h"
#include "election/replay.h"
#include "election/state.h"
#include "urne/v1/board.grpc.pb.h"

namespace urne {

// grpc status → absl status; a "reason: message" message gets its reason back as payload.
absl::Status FromGrpc(const grpc::Status& status);

// An election as fetched and checked: every entry, the board's signed tree head for exactly
// those entries, and the replayed state.
struct SyncedElection {
  std::vector<v1::Entry> entries;
  v1::SignedTreeHead tree_head;
  std::unique_ptr<ElectionState> state;
};

class BoardClient {
 public:
  // Connects lazily to HOST:PORT (plaintext; the board's answers are authenticated by
  // signatures, not by the channel). `deadline_s` bounds each call.
  explicit BoardClient(const std::string& address, int deadline_s = 120);

  const std::string& address() const { return address_; }
  absl::StatusOr<v1::Receipt> Post(const v1::Entry& entry);
  // Every entry of the election from `from`.
  absl::StatusOr<std::vector<v1::Entry>> Entries(const ElectionId& election, uint64_t from = 0);
  absl::StatusOr<v1::SignedTreeHead> TreeHead(const ElectionId& election);
  absl::StatusOr<v1::InclusionProofResponse> InclusionProof(const ElectionId& election,
                                                            uint64_t index, uint64_t size);
  absl::StatusOr<v1::ConsistencyProofResponse> ConsistencyProof(const ElectionId& election,
                                                                uint64_t old_size,
                                                                uint64_t new_size);
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
  absl::StatusOr<SyncedElection> SyncSetup(const ElectionId& election);

 private:
  std::unique_ptr<grpc::ClientContext> Context() const;
  std::string address_;
  int deadline_s_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Board::Stub> stub_;
};

// Parses a 64-hex-digit election id. Reason "election.bad_id".
absl::StatusOr<ElectionId> ParseElectionId(const std::string& hex);

}  // namespace urne

#endif  // URNE_BOARD_CLIENT_CLIENT_H_

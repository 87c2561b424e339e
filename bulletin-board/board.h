// Board: the bulletin board's engine, independent of gRPC (specs/board.md).
//
// Owns the store (SQLite), one ElectionState per election (rebuilt at start by replaying
// each stored log through election/), and the board's Ed25519 key (DIR/board.key, created on
// first start, mode 0600). Posts are verified on a pool of threads, then applied and
// committed in groups by one writer thread; a post's callback runs only after its
// transaction committed. Readers see committed entries only.
//
// Thread-safe: every public method may be called from any thread.
#ifndef URNE_BULLETIN_BOARD_BOARD_H_
#define URNE_BULLETIN_BOARD_BOARD_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "bulletin-board/store.h"
#include "election/replay.h"
#include "election/signing.h"
#include "election/state.h"
#include "urne/v1/board.pb.h"

namespace urne {

struct BoardLimits {
  // Largest accepted entry (bytes of its payload), and the gRPC message limit.
  size_t max_entry_bytes = 64 << 20;
  // Entries per election.
  uint64_t max_entries_per_election = 50'000'000;
  // Posts waiting or in progress per client (peer address).
  size_t max_in_flight_per_client = 256;
  // Posts waiting in all.
  size_t max_queue = 100'000;
  // Verification threads (0 = number of cores).
  unsigned verify_threads = 0;
};

// The board's signing key DIR/board.key (a 32-byte Ed25519 seed, mode 0600), created with
// DIR on first use. Its public key goes into every manifest's board_key (specs/board.md §3).
// Reasons: board.key_corrupt (not 32 bytes), board.io.
absl::StatusOr<SigningKey> LoadOrCreateBoardKey(const std::string& dir);

class Board {
 public:
  // Opens DIR (creating it and the key on first start) and replays every election. A store
  // that is corrupt, or a log that no longer replays, is refused with a clear error naming
  // the election and entry (never repaired).
  static absl::StatusOr<std::unique_ptr<Board>> Open(const std::string& dir, BoardLimits limits,
                                                     const ReplayProgress& progress = {});
  ~Board();
  Board(const Board&) = delete;
  Board& operator=(const Board&) = delete;

  using PostDone = std::function<void(absl::StatusOr<v1::Receipt>)>;
  // Verifies, applies and durably appends `entry`, then calls `done` (on a board thread).
  // `client` identifies the caller for the in-flight limit.
  void Post(v1::Entry entry, const std::string& client, PostDone done);

  // Committed entries of an election from `from` (at most `limit`). NOT_FOUND for an
  // unknown election.
  absl::StatusOr<std::vector<v1::IndexedEntry>> Entries(const std::string& election, uint64_t from,
                                                        uint64_t limit);
  absl::StatusOr<v1::SignedTreeHead> TreeHead(const std::string& election);
  absl::StatusOr<v1::InclusionProofResponse> InclusionProof(const std::string& election,
                                                            uint64_t index, uint64_t size);
  absl::StatusOr<v1::ConsistencyProofResponse> ConsistencyProof(const std::string& election,
                                                                uint64_t old_size,
                                                                uint64_t new_size);
  std::vector<v1::ElectionStatus> ListElections();
  absl::StatusOr<v1::ElectionStatus> Status(const std::string& election);
  PublicKey key() const { return key_.public_key(); }
  const BoardLimits& limits() const { return limits_; }

 private:
  struct Slot {
    std::shared_mutex mu;  // exclusive: writer applying; shared: prechecks and readers
    std::unique_ptr<ElectionState> state;
    uint64_t committed = 0;     // entries durably stored (readers see only these)
    v1::ElectionStatus status;  // phase and counts as of `committed`
  };
  struct Job {
    v1::Entry entry;
    std::string client;
    PostDone done;
    absl::StatusOr<Prechecked> prechecked = Prechecked{};
  };

  Board(std::unique_ptr<Store> store, SigningKey key, BoardLimits limits);
  void VerifyLoop();
  void WriteLoop();
  void WriteBatch(std::vector<Job>& jobs);
  void Finish(Job& job, absl::StatusOr<v1::Receipt> result);
  std::shared_ptr<Slot> Find(const std::string& election);
  v1::SignedTreeHead SignedHead(const std::string& election, const Slot& slot, uint64_t size);
  // Copies the state's phase and counts into slot.status; call with slot.mu held exclusively
  // when every entry the state holds is committed.
  static void Snapshot(const std::string& election, Slot& slot);
  v1::ElectionStatus StatusOf(Slot& slot);

  std::unique_ptr<Store> store_;
  SigningKey key_;
  BoardLimits limits_;

  std::shared_mutex elections_mu_;
  std::map<std::string, std::shared_ptr<Slot>> elections_;

  std::mutex queue_mu_;
  std::condition_variable verify_cv_;
  std::condition_variable write_cv_;
  std::deque<Job> verify_queue_;
  std::deque<Job> write_queue_;
  std::map<std::string, size_t> in_flight_;
  bool stopping_ = false;
  std::vector<std::thread> verifiers_;
  std::thread writer_;
};

}  // namespace urne

#endif  // URNE_BULLETIN_BOARD_BOARD_H_

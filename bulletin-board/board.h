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

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "bulletin-board/authorities.h"
#include "bulletin-board/evidence.h"
#include "bulletin-board/rates.h"
#include "bulletin-board/store.h"
#include "crypto/ed25519.h"
#include "election/replay.h"
#include "election/state.h"
#include "urne/v1/board.pb.h"

namespace urne::bulletin_board {

struct BoardLimits {
  // Largest entry payload of any kind (in practice: the ROLL); gRPC messages are limited to
  // this plus kEnvelopeBytes.
  size_t max_entry_bytes = 16 << 20;
  // Largest MANIFEST payload.
  size_t max_manifest_bytes = 1 << 20;
  // Payload bytes of all posts waiting or being verified.
  size_t max_in_flight_bytes = 64 << 20;
  // Entries per election.
  uint64_t max_entries_per_election = 50'000'000;
  // Posts waiting or in progress per client (peer host).
  size_t max_in_flight_per_client = 256;
  // Posts waiting in all.
  size_t max_queue = 100'000;
  // Posts per second and burst per client host and per author key (0 = no limit).
  double host_rate = 100, host_burst = 1000;
  double credential_rate = 5, credential_burst = 20;
  // Verification threads (0 = number of cores).
  unsigned verify_threads = 0;
  // Elections per ListElections page at most.
  uint32_t max_list_page = 500;
  // Entries read from the store at a time when the board replays a log at start: it holds
  // one page of a log at once, not the whole log (1,024 R5 ballots: about 6 MB in
  // ristretto255, 55 MB in eg4096).
  uint64_t replay_page = 1024;
  // A replay of a log of at least this many entries writes its progress on stderr, each
  // tenth of the log (every replay writes one line when it ends).
  uint64_t replay_report_entries = 10'000;
};

// The board's signing key DIR/board.key (a 32-byte Ed25519 seed, mode 0600), created with
// DIR on first use. Its public key goes into every manifest's board_key (specs/board.md §3).
// Reasons: board.key_corrupt (not 32 bytes), board.io.
absl::StatusOr<SigningKey> LoadOrCreateBoardKey(const std::string& dir);

// Room for an entry's other fields around its payload in a gRPC message.
constexpr size_t kEnvelopeBytes = 64 << 10;

// How far an OPEN's opened_at, or a CREDENTIAL_REPLACEMENT's replaced_at, may be from the
// board's clock (specs/board.md §5, "OPEN time").
inline constexpr int64_t kOpenClockToleranceS = 300;

// The board's own rule on OPEN and CREDENTIAL_REPLACEMENT entries, checked when posted (never
// on replay: the verifier has no clock): |opened_at − now_s| ≤ kOpenClockToleranceS, reason
// "open.clock_skew"; the same for replaced_at, reason "replacement.clock_skew" (both
// INVALID_ARGUMENT, naming both times). Other kinds, and payloads that do not parse (the
// state machine names those), pass.
absl::Status CheckEntryClock(const v1::Entry& entry, int64_t now_s);

class Board {
 public:
  // Opens DIR (creating it and the key on first start) and replays every election. A store
  // that is corrupt, or a log that no longer replays, is refused with a clear error naming
  // the election and entry (never repaired); so is a store that lost entries covered by a
  // head the board signed (DIR/heads, evidence.h): DATA_LOSS "store.behind_head",
  // "store.head_mismatch", "board.key_mismatch", "board.key_missing".
  static absl::StatusOr<std::unique_ptr<Board>> Open(const std::string& dir, BoardLimits limits,
                                                     AuthorityAllowlist authorities,
                                                     const ReplayProgress& progress = {});
  ~Board();

  // Stops taking posts: those waiting for a verifier, and any posted from now on, are refused
  // with UNAVAILABLE "board.stopping"; the ones being verified or written are finished
  // (specs/board.md §5.5, "Stopping"). Called on SIGTERM, before the server's grace period.
  void Stop();
  Board(const Board&) = delete;
  Board& operator=(const Board&) = delete;

  using PostDone = std::function<void(absl::StatusOr<v1::Receipt>)>;
  // Verifies, applies and durably appends `entry`, then calls `done` (on a board thread, or
  // on the caller's for a refusal decided before queueing). `client` identifies the caller's
  // host for the in-flight and rate limits. Cheap checks come first, before any parsing:
  // the payload size for the kind (limit.entry_size), the election (election.unknown), the
  // allowed authorities for a MANIFEST (authority.not_allowed), the rates (limit.rate) and
  // the in-flight limits (limit.in_flight, limit.in_flight_bytes, limit.queue).
  void Post(v1::Entry entry, const std::string& client, PostDone done);

  // The largest payload of `kind` this board accepts for `election` (0: unknown election).
  size_t MaxPayload(const std::string& election, v1::EntryKind kind);

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
  // Up to `page_size` elections (0 or more than max_list_page: max_list_page) whose id
  // sorts after `after` (empty: from the first), in id order; `next` is set to the last
  // id returned if more follow, else cleared.
  std::vector<v1::ElectionStatus> ListElections(const std::string& after, uint32_t page_size,
                                                std::string* next);
  absl::StatusOr<v1::ElectionStatus> Status(const std::string& election);
  PublicKey key() const { return key_.public_key(); }
  const BoardLimits& limits() const { return limits_; }

 private:
  struct Slot {
    absl::Mutex mu;  // exclusive: writer applying; shared: prechecks and readers
    // Set when the slot is made, before it is shared; the state itself is guarded.
    std::unique_ptr<ElectionState> state ABSL_PT_GUARDED_BY(mu);
    uint64_t committed ABSL_GUARDED_BY(mu) = 0;     // entries durably stored (readers see these)
    v1::ElectionStatus status ABSL_GUARDED_BY(mu);  // phase and counts as of `committed`
    // Per EntryKind, from the manifest: written when the slot is made, then immutable.
    std::array<size_t, v1::EntryKind_ARRAYSIZE> max_payload{};
    // The writer's batch in progress: entries applied to `state` but not yet in the store,
    // by index. The state reads a superseded ballot back from here or from the store (its
    // entry reader, see ReaderFor), so the board keeps no copy of the counted ballots.
    // Used by the writer thread only (and by Open, before the writer starts).
    std::map<uint64_t, const v1::Entry*> unstored;
  };
  struct Job {
    v1::Entry entry;
    std::string client;
    PostDone done;
    absl::StatusOr<Prechecked> prechecked = Prechecked{};
    size_t bytes = 0;  // payload bytes counted in in_flight_bytes_
  };

  Board(std::unique_ptr<Store> store, SigningKey key, BoardLimits limits,
        AuthorityAllowlist authorities, HeadEvidence evidence);
  // Checks every recorded head against the replayed logs (see Open).
  absl::Status CheckEvidence(const std::map<std::string, v1::SignedTreeHead>& heads);
  // Replays the stored log of `election` into a new state, reading the store in pages (a
  // page's entries are all the board holds at once), with ReaderFor(slot) as its reader.
  absl::StatusOr<std::unique_ptr<ElectionState>> ReplayStored(const Store::Election& election,
                                                              Slot& slot, unsigned threads,
                                                              const ReplayProgress& progress);
  // The entry reader of `state`, the state of `slot`'s election: slot.unstored, then the
  // store (DATA_LOSS "store.corrupt" if the stored entry is not the leaf `state` holds).
  EntryReader ReaderFor(const std::string& election, Slot& slot, const ElectionState& state);
  void SetPayloadLimits(Slot& slot) const ABSL_SHARED_LOCKS_REQUIRED(slot.mu);
  void VerifyLoop();
  // Sets each job's `prechecked` (a MANIFEST's is left as is): the clock rule, then its
  // election's Precheck; the BALLOT posts of one election are checked as one batch.
  void VerifyJobs(std::vector<Job>& jobs);
  void WriteLoop();
  void WriteBatch(std::vector<Job>& jobs);
  void Finish(Job& job, absl::StatusOr<v1::Receipt> result);
  std::shared_ptr<Slot> Find(const std::string& election);
  v1::SignedTreeHead SignedHead(const std::string& election, const Slot& slot, uint64_t size)
      ABSL_SHARED_LOCKS_REQUIRED(slot.mu);
  // Copies the state's phase and counts into slot.status; call with slot.mu held exclusively
  // when every entry the state holds is committed.
  static void Snapshot(const std::string& election, Slot& slot)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(slot.mu);
  static v1::ElectionStatus StatusOf(Slot& slot);

  std::unique_ptr<Store> store_;
  SigningKey key_;
  BoardLimits limits_;
  AuthorityAllowlist authorities_;
  HeadEvidence evidence_;
  TokenBuckets host_rates_;
  TokenBuckets credential_rates_;

  absl::Mutex elections_mu_;
  std::map<std::string, std::shared_ptr<Slot>> elections_ ABSL_GUARDED_BY(elections_mu_);

  absl::Mutex queue_mu_;
  absl::CondVar verify_cv_;  // signalled when verify_queue_ grows or stopping_ is set
  absl::CondVar write_cv_;   // signalled when write_queue_ grows or stopping_ is set
  std::deque<Job> verify_queue_ ABSL_GUARDED_BY(queue_mu_);
  std::deque<Job> write_queue_ ABSL_GUARDED_BY(queue_mu_);
  std::map<std::string, size_t> in_flight_ ABSL_GUARDED_BY(queue_mu_);
  size_t in_flight_bytes_ ABSL_GUARDED_BY(queue_mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(queue_mu_) = false;
  size_t refused_stopping_ ABSL_GUARDED_BY(queue_mu_) = 0;  // posts refused "board.stopping"
  std::vector<std::thread> verifiers_;
  // Verifiers waiting for posts or about to take some.
  size_t verifier_count_ = 1;  // set before the verifiers start; read-only then
  // Verifiers holding posts taken from the queue, not yet handed to the writer.
  size_t busy_verifiers_ ABSL_GUARDED_BY(queue_mu_) = 0;
  std::thread writer_;
};

// The end of a read of entries [from, end) (specs/board.md §5 Entries, §7 GET entries): the
// committed size, or `to` when nonzero and smaller. A nonzero `to` below `from` is
// INVALID_ARGUMENT entries.bad_range, naming both.
absl::StatusOr<uint64_t> EntriesEnd(uint64_t from, uint64_t to, uint64_t committed);

}  // namespace urne::bulletin_board

#endif  // URNE_BULLETIN_BOARD_BOARD_H_

// Store: the board's durable, append-only log of entries, one log per election, in SQLite
// (DESIGN.md §4 "Storage"; the leaf hashes are those of specs/board.md §"Merkle log").
//
// The store knows nothing of protobuf or election rules: an election id and an entry are
// opaque byte strings, and an entry's leaf hash is LeafHash(entry bytes) (crypto/merkle.h).
// It guarantees, for every election, that indexes are 0, 1, 2, … without gaps, and that each
// stored leaf hash matches its entry; Open() re-checks both and refuses a store that breaks
// them (it never truncates or repairs anything: a damaged store is for a human to inspect).
//
// File: DIR/board.sqlite (+ its -wal and -shm files), journal_mode=WAL, synchronous=FULL, so
// an append that returned OK survives a crash or power loss. Schema version in
// PRAGMA user_version (kSchemaVersion); Open() migrates a version-1 file (no received_ms)
// in place.
//
// Thread-safety: a Store is thread-safe. Writes (AppendBatch) go through one write connection
// under a write mutex; reads (Elections, Count, Read) go through a separate read
// connection under a read mutex, so readers never wait for a commit in progress and never
// see an uncommitted entry (ReadOne, for the writer, reads on the write connection). The
// intended use is one writer thread that groups posts into batches, and any number of reader
// threads. One process at a time owns a store directory.
#ifndef URNE_BULLETIN_BOARD_STORE_H_
#define URNE_BULLETIN_BOARD_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "crypto/bytes.h"
#include "crypto/transcript.h"

struct sqlite3;
struct sqlite3_stmt;

namespace urne::bulletin_board {

class Store {
 public:
  // One entry to append: it must land at `index` in the log of `election_id`, which must
  // equal that log's current length (plus the earlier appends to that election in the batch).
  struct Append {
    Bytes election_id;
    uint64_t index = 0;
    Bytes entry;
    Digest32 leaf_hash{};  // LeafHash(entry)
  };

  // One stored entry, as read back.
  struct Entry {
    uint64_t index = 0;
    Bytes entry;
    Digest32 leaf_hash{};
    int64_t received_ms = 0;  // Unix time in ms of the commit; 0 if stored by schema 1.
  };

  // One election known to the store. An election exists from its first appended entry.
  struct Election {
    Bytes election_id;
    int64_t created_ms = 0;  // Unix time in milliseconds of the commit of its entry 0.
    uint64_t count = 0;      // Number of entries.
  };

  static constexpr int kSchemaVersion = 2;
  static constexpr const char* kFileName = "board.sqlite";

  // Opens DIR/board.sqlite, creating DIR and the database if missing, then checks it:
  // PRAGMA quick_check, and per election contiguous indexes from 0 and leaf_hash ==
  // LeafHash(entry) for every entry (this reads the whole log once).
  // Errors: DATA_LOSS "store.corrupt" naming the election (hex) and index, or the SQLite
  // check that failed; FAILED_PRECONDITION "store.version" for a schema from a newer urne;
  // UNAVAILABLE "store.io" if the file cannot be opened or configured.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Store>> Open(const std::string& dir);

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Appends all of `batch` in one transaction (BEGIN IMMEDIATE … COMMIT) and returns after
  // the commit is durable; on any error nothing is written. Appends to several elections
  // may be mixed; those to one election must be in index order.
  // Errors: FAILED_PRECONDITION "store.index_conflict" if an append's index is not the next
  // one for its election; INVALID_ARGUMENT "store.leaf_hash_mismatch" if a leaf_hash is not
  // LeafHash(entry), "store.bad_election_id" if an election id is empty;
  // UNAVAILABLE "store.io" if SQLite fails (disk full, I/O error). An empty batch is OK.
  [[nodiscard]] absl::Status AppendBatch(const std::vector<Append>& batch);

  // All elections, ordered by election id (bytewise).
  [[nodiscard]] absl::StatusOr<std::vector<Election>> Elections();

  // Number of entries of `election_id` (0 for an unknown election).
  [[nodiscard]] absl::StatusOr<uint64_t> Count(const Bytes& election_id);

  // Up to `limit` entries of `election_id` with index >= `from`, in index order. Fewer (maybe
  // none) at the end of the log.
  [[nodiscard]] absl::StatusOr<std::vector<Entry>> Read(const Bytes& election_id, uint64_t from,
                                                        uint64_t limit);

  // Entry `index` of `election_id`, read on the write connection (under the write mutex: it
  // never waits for a reader, and it sees every committed append): for the writer thread,
  // which reads back a committed entry while it applies a batch. NOT_FOUND if the store
  // does not hold that entry.
  [[nodiscard]] absl::StatusOr<Entry> ReadOne(const Bytes& election_id, uint64_t index);

 private:
  struct Connection;
  Store(std::unique_ptr<Connection> writer, std::unique_ptr<Connection> reader);

  absl::Status AppendBatchLocked(const std::vector<Append>& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // Read's query on `connection` (the caller holds that connection's mutex).
  static absl::StatusOr<std::vector<Entry>> ReadOn(Connection& connection, const Bytes& election_id,
                                                   uint64_t from, uint64_t limit);

  absl::Mutex write_mu_;
  std::unique_ptr<Connection> writer_ ABSL_PT_GUARDED_BY(write_mu_);
  absl::Mutex read_mu_;
  std::unique_ptr<Connection> reader_ ABSL_PT_GUARDED_BY(read_mu_);
};

}  // namespace urne::bulletin_board

#endif  // URNE_BULLETIN_BOARD_STORE_H_

#include "bulletin-board/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <limits>
#include <map>
#include <string_view>
#include <utility>

#include "crypto/merkle.h"
#include "status/status.h"

namespace urne::bulletin_board {
namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS elections (
  election_id BLOB PRIMARY KEY NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS entries (
  election_id BLOB NOT NULL REFERENCES elections(election_id),
  idx INTEGER NOT NULL,
  leaf_hash BLOB NOT NULL,
  entry BLOB NOT NULL,
  received_ms INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (election_id, idx)
);
)sql";

// Schema version 1 → 2: the time each entry was committed (0 for entries stored before).
constexpr const char* kMigrateV1 =
    "ALTER TABLE entries ADD COLUMN received_ms INTEGER NOT NULL DEFAULT 0";

// A prepared statement, finalized on destruction.
class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement& operator=(Statement&& other) noexcept {
    std::swap(stmt_, other.stmt_);
    return *this;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a reused statement and clears its bindings when leaving a scope, so that it never
// holds a read transaction open between calls.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~ResetOnExit() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

bool IsCorruption(int rc) {
  const int primary = rc & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

// The status for a failed SQLite call `rc` while doing `what`.
absl::Status SqlError(sqlite3* db, int rc, std::string_view what) {
  const std::string detail =
      Cat(what, ": ", db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc), " (SQLite code ", rc,
          ")");
  if (IsCorruption(rc)) {
    return Error(absl::StatusCode::kDataLoss, "store.corrupt",
                 Cat(detail,
                     "; the board database is damaged: keep a copy for inspection and "
                     "restore from a replica or backup"));
  }
  return Error(absl::StatusCode::kUnavailable, "store.io",
               Cat(detail, "; check the disk (space, permissions) and retry"));
}

absl::Status Corrupt(std::string_view message) {
  return Error(absl::StatusCode::kDataLoss, "store.corrupt",
               Cat(message,
                   "; the board refuses to start on a damaged log and repairs nothing: keep a "
                   "copy for inspection and restore from a replica or backup"));
}

absl::Status Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return SqlError(db, rc, Cat("executing \"", sql, "\""));
  return absl::OkStatus();
}

absl::StatusOr<Statement> Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqlError(db, rc, Cat("preparing \"", sql, "\""));
  return Statement(stmt);
}

// Runs a one-row, one-column query (a PRAGMA) and returns its value as text.
absl::StatusOr<std::string> QueryText(sqlite3* db, const char* sql) {
  URNE_ASSIGN_OR_RETURN(Statement stmt, Prepare(db, sql));
  const int rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_ROW) return SqlError(db, rc, Cat("running \"", sql, "\""));
  const unsigned char* text = sqlite3_column_text(stmt.get(), 0);
  return std::string(text != nullptr ? reinterpret_cast<const char*>(text) : "");
}

int BindBlob(sqlite3_stmt* stmt, int column, ByteView bytes) {
  // A zero-length blob must bind as a blob, not NULL: pass a non-null pointer.
  static const uint8_t kEmpty = 0;
  return sqlite3_bind_blob64(stmt, column, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(),
                             SQLITE_TRANSIENT);
}

Bytes ColumnBlob(sqlite3_stmt* stmt, int column) {
  const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(stmt, column));
  const int size = sqlite3_column_bytes(stmt, column);
  return data == nullptr ? Bytes() : Bytes(data, data + size);
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

absl::StatusOr<sqlite3*> OpenDatabase(const std::string& path, bool create) {
  sqlite3* db = nullptr;
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status = SqlError(db, rc, Cat("opening ", path));
    sqlite3_close_v2(db);
    return status;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  return db;
}

// PRAGMA quick_check, then one pass over all entries in (election, index) order checking
// contiguity and leaf hashes.
absl::Status CheckIntegrity(sqlite3* db) {
  URNE_ASSIGN_OR_RETURN(std::string quick, QueryText(db, "PRAGMA quick_check"));
  if (quick != "ok") return Corrupt(Cat("SQLite quick_check failed: ", quick));
  {
    URNE_ASSIGN_OR_RETURN(Statement fk, Prepare(db, "PRAGMA foreign_key_check"));
    const int rc = sqlite3_step(fk.get());
    if (rc == SQLITE_ROW) {
      return Corrupt("an entry belongs to an election missing from the elections table");
    }
    if (rc != SQLITE_DONE) return SqlError(db, rc, "checking foreign keys");
  }

  URNE_ASSIGN_OR_RETURN(Statement scan,
                        Prepare(db,
                                "SELECT election_id, idx, leaf_hash, entry FROM entries "
                                "ORDER BY election_id, idx"));
  Bytes election;
  bool first = true;
  int64_t expected = 0;
  int rc;
  while ((rc = sqlite3_step(scan.get())) == SQLITE_ROW) {
    sqlite3_stmt* s = scan.get();
    if (sqlite3_column_type(s, 0) != SQLITE_BLOB || sqlite3_column_type(s, 1) != SQLITE_INTEGER ||
        sqlite3_column_type(s, 2) != SQLITE_BLOB || sqlite3_column_type(s, 3) != SQLITE_BLOB) {
      const unsigned char* idx_text = sqlite3_column_text(s, 1);
      return Corrupt(Cat("entry row with election ", ToHex(ColumnBlob(s, 0)), " index ",
                         idx_text != nullptr ? reinterpret_cast<const char*>(idx_text) : "NULL",
                         " has a column of the wrong type"));
    }
    Bytes id = ColumnBlob(s, 0);
    if (first || id != election) {
      election = std::move(id);
      expected = 0;
      first = false;
    }
    const int64_t idx = sqlite3_column_int64(s, 1);
    if (idx != expected) {
      return Corrupt(Cat("election ", ToHex(election), ": entry index ", idx, " found where index ",
                         expected, " was expected (indexes must be contiguous from 0)"));
    }
    const Bytes leaf = ColumnBlob(s, 2);
    const Bytes entry = ColumnBlob(s, 3);
    const Digest32 computed = LeafHash(entry);
    if (leaf.size() != computed.size() ||
        !std::equal(computed.begin(), computed.end(), leaf.begin())) {
      return Corrupt(Cat("election ", ToHex(election), ": entry index ", idx,
                         " does not match its stored leaf hash (", ToHex(leaf), " stored, ",
                         ToHex(computed), " computed)"));
    }
    ++expected;
  }
  if (rc != SQLITE_DONE) return SqlError(db, rc, "scanning entries");
  return absl::OkStatus();
}

}  // namespace

struct Store::Connection {
  sqlite3* db = nullptr;
  // Writer statements.
  Statement begin, commit, rollback, next_index, insert_election, insert_entry;
  // Reader statements.
  Statement elections, count, read;

  ~Connection() {
    // Statements must be finalized before the database closes.
    for (Statement* s : {&begin, &commit, &rollback, &next_index, &insert_election, &insert_entry,
                         &elections, &count, &read}) {
      *s = Statement();
    }
    sqlite3_close_v2(db);
  }
};

namespace {

constexpr const char* kNextIndexSql =
    "SELECT COALESCE(MAX(idx) + 1, 0) FROM entries WHERE election_id = ?1";

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Error(absl::StatusCode::kUnavailable, "store.io",
                 Cat("cannot create the store directory ", dir, ": ", ec.message()));
  }
  const std::string path = (std::filesystem::path(dir) / kFileName).string();

  auto writer = std::make_unique<Connection>();
  URNE_ASSIGN_OR_RETURN(writer->db, OpenDatabase(path, /*create=*/true));
  sqlite3* db = writer->db;

  URNE_ASSIGN_OR_RETURN(std::string mode, QueryText(db, "PRAGMA journal_mode=WAL"));
  if (mode != "wal") {
    return Error(absl::StatusCode::kUnavailable, "store.io",
                 Cat("cannot put ", path, " in WAL mode (journal_mode is ", mode,
                     "); the store needs a local file system that supports shared memory"));
  }
  URNE_RETURN_IF_ERROR(Exec(db, "PRAGMA synchronous=FULL"));
  URNE_RETURN_IF_ERROR(Exec(db, "PRAGMA foreign_keys=ON"));

  URNE_ASSIGN_OR_RETURN(std::string version_text, QueryText(db, "PRAGMA user_version"));
  const int version = std::stoi(version_text);
  if (version > kSchemaVersion) {
    return Error(absl::StatusCode::kFailedPrecondition, "store.version",
                 Cat(path, " has schema version ", version, " but this urne-board knows up to ",
                     kSchemaVersion, "; run a newer urne-board"));
  }
  if (version < kSchemaVersion) {
    // Version 0 is a fresh file; version 1 lacks received_ms.
    URNE_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
    absl::Status created = Exec(db, version == 0 ? kSchema : kMigrateV1);
    if (created.ok()) created = Exec(db, "PRAGMA user_version=2");
    if (created.ok()) created = Exec(db, "COMMIT");
    if (!created.ok()) {
      Exec(db, "ROLLBACK").IgnoreError();
      return created;
    }
  }

  URNE_RETURN_IF_ERROR(CheckIntegrity(db));

  URNE_ASSIGN_OR_RETURN(writer->begin, Prepare(db, "BEGIN IMMEDIATE"));
  URNE_ASSIGN_OR_RETURN(writer->commit, Prepare(db, "COMMIT"));
  URNE_ASSIGN_OR_RETURN(writer->rollback, Prepare(db, "ROLLBACK"));
  URNE_ASSIGN_OR_RETURN(writer->next_index, Prepare(db, kNextIndexSql));
  URNE_ASSIGN_OR_RETURN(
      writer->insert_election,
      Prepare(db, "INSERT OR IGNORE INTO elections (election_id, created_ms) VALUES (?1, ?2)"));
  URNE_ASSIGN_OR_RETURN(
      writer->insert_entry,
      Prepare(db,
              "INSERT INTO entries (election_id, idx, leaf_hash, entry, received_ms) VALUES "
              "(?1, ?2, ?3, ?4, ?5)"));

  // The writer reads entries back too (ReadOne): on its own connection, so that it never
  // waits for a reader's page.
  URNE_ASSIGN_OR_RETURN(writer->read,
                        Prepare(db,
                                "SELECT idx, entry, leaf_hash, received_ms FROM entries WHERE "
                                "election_id = ?1 "
                                "AND idx >= ?2 ORDER BY idx LIMIT ?3"));

  // The read connection: same file, never writes.
  auto reader = std::make_unique<Connection>();
  URNE_ASSIGN_OR_RETURN(reader->db, OpenDatabase(path, /*create=*/false));
  URNE_RETURN_IF_ERROR(Exec(reader->db, "PRAGMA query_only=ON"));
  URNE_ASSIGN_OR_RETURN(
      reader->elections,
      Prepare(reader->db,
              "SELECT e.election_id, e.created_ms, (SELECT COALESCE(MAX(x.idx) + 1, 0) FROM "
              "entries x WHERE x.election_id = e.election_id) FROM elections e "
              "ORDER BY e.election_id"));
  URNE_ASSIGN_OR_RETURN(reader->count, Prepare(reader->db, kNextIndexSql));
  URNE_ASSIGN_OR_RETURN(reader->read,
                        Prepare(reader->db,
                                "SELECT idx, entry, leaf_hash, received_ms FROM entries WHERE "
                                "election_id = ?1 "
                                "AND idx >= ?2 ORDER BY idx LIMIT ?3"));

  return std::unique_ptr<Store>(new Store(std::move(writer), std::move(reader)));
}

Store::Store(std::unique_ptr<Connection> writer, std::unique_ptr<Connection> reader)
    : writer_(std::move(writer)), reader_(std::move(reader)) {}

Store::~Store() = default;

absl::Status Store::AppendBatch(const std::vector<Append>& batch) {
  if (batch.empty()) return absl::OkStatus();
  // Check what needs no database before taking the write lock.
  for (size_t i = 0; i < batch.size(); ++i) {
    const Append& a = batch[i];
    if (a.election_id.empty()) {
      return Invalid("store.bad_election_id",
                     Cat("batch item ", i,
                         " has an empty election id; every entry belongs to "
                         "an election"));
    }
    if (LeafHash(a.entry) != a.leaf_hash) {
      return Invalid("store.leaf_hash_mismatch",
                     Cat("batch item ", i, " (election ", ToHex(a.election_id), ", index ", a.index,
                         ") has a leaf hash that is not LeafHash(entry)"));
    }
    if (a.index > static_cast<uint64_t>(kInt64Max)) {
      return Error(absl::StatusCode::kFailedPrecondition, "store.index_conflict",
                   Cat("batch item ", i, " has index ", a.index, ", beyond any log"));
    }
  }

  absl::MutexLock lock(&write_mu_);
  sqlite3* db = writer_->db;
  {
    ResetOnExit reset(writer_->begin.get());
    const int rc = sqlite3_step(writer_->begin.get());
    if (rc != SQLITE_DONE) return SqlError(db, rc, "starting the append transaction");
  }
  absl::Status status = AppendBatchLocked(batch);
  if (status.ok()) {
    ResetOnExit reset(writer_->commit.get());
    const int rc = sqlite3_step(writer_->commit.get());
    if (rc == SQLITE_DONE) return absl::OkStatus();
    status = SqlError(db, rc, "committing the append transaction");
  }
  if (sqlite3_get_autocommit(db) == 0) {  // a transaction is still open: undo it
    ResetOnExit reset(writer_->rollback.get());
    sqlite3_step(writer_->rollback.get());
  }
  return status;
}

// Inside the open transaction: checks every index against the log and inserts the rows.
absl::Status Store::AppendBatchLocked(const std::vector<Append>& batch) {
  sqlite3* db = writer_->db;
  // Next index per election touched by this batch, keyed by the id's bytes as a string
  // (std::map<Bytes, …> trips a GCC 12 -Wstringop-overread false positive).
  std::map<std::string, uint64_t> next;
  const int64_t now_ms = NowMs();
  for (size_t i = 0; i < batch.size(); ++i) {
    const Append& a = batch[i];
    const std::string key(a.election_id.begin(), a.election_id.end());
    auto it = next.find(key);
    if (it == next.end()) {
      sqlite3_stmt* q = writer_->next_index.get();
      ResetOnExit reset(q);
      BindBlob(q, 1, a.election_id);
      const int rc = sqlite3_step(q);
      if (rc != SQLITE_ROW) return SqlError(db, rc, "reading the log length");
      it = next.emplace(key, static_cast<uint64_t>(sqlite3_column_int64(q, 0))).first;
    }
    if (a.index != it->second) {
      return Error(
          absl::StatusCode::kFailedPrecondition, "store.index_conflict",
          Cat("batch item ", i, " wants index ", a.index, " in election ", ToHex(a.election_id),
              " whose next index is ", it->second, "; nothing from this batch was written"));
    }
    if (a.index == 0) {
      sqlite3_stmt* q = writer_->insert_election.get();
      ResetOnExit reset(q);
      BindBlob(q, 1, a.election_id);
      sqlite3_bind_int64(q, 2, now_ms);
      const int rc = sqlite3_step(q);
      if (rc != SQLITE_DONE) return SqlError(db, rc, "recording a new election");
    }
    {
      sqlite3_stmt* q = writer_->insert_entry.get();
      ResetOnExit reset(q);
      BindBlob(q, 1, a.election_id);
      sqlite3_bind_int64(q, 2, static_cast<int64_t>(a.index));
      BindBlob(q, 3, a.leaf_hash);
      BindBlob(q, 4, a.entry);
      sqlite3_bind_int64(q, 5, now_ms);
      const int rc = sqlite3_step(q);
      if (rc != SQLITE_DONE) {
        return SqlError(db, rc,
                        Cat("writing entry ", a.index, " of election ", ToHex(a.election_id)));
      }
    }
    ++it->second;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Store::Election>> Store::Elections() {
  absl::MutexLock lock(&read_mu_);
  sqlite3_stmt* q = reader_->elections.get();
  ResetOnExit reset(q);
  std::vector<Election> out;
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    out.push_back(Election{ColumnBlob(q, 0), sqlite3_column_int64(q, 1),
                           static_cast<uint64_t>(sqlite3_column_int64(q, 2))});
  }
  if (rc != SQLITE_DONE) return SqlError(reader_->db, rc, "listing elections");
  return out;
}

absl::StatusOr<uint64_t> Store::Count(const Bytes& election_id) {
  absl::MutexLock lock(&read_mu_);
  sqlite3_stmt* q = reader_->count.get();
  ResetOnExit reset(q);
  BindBlob(q, 1, election_id);
  const int rc = sqlite3_step(q);
  if (rc != SQLITE_ROW) return SqlError(reader_->db, rc, "counting entries");
  return static_cast<uint64_t>(sqlite3_column_int64(q, 0));
}

absl::StatusOr<std::vector<Store::Entry>> Store::Read(const Bytes& election_id, uint64_t from,
                                                      uint64_t limit) {
  absl::MutexLock lock(&read_mu_);
  return ReadOn(*reader_, election_id, from, limit);
}

absl::StatusOr<Store::Entry> Store::ReadOne(const Bytes& election_id, uint64_t index) {
  absl::MutexLock lock(&write_mu_);
  URNE_ASSIGN_OR_RETURN(std::vector<Entry> one, ReadOn(*writer_, election_id, index, 1));
  if (one.empty() || one[0].index != index) {
    return absl::NotFoundError(
        Cat("election ", ToHex(election_id), " has no entry ", index, " in the store"));
  }
  return std::move(one[0]);
}

absl::StatusOr<std::vector<Store::Entry>> Store::ReadOn(Connection& connection,
                                                        const Bytes& election_id, uint64_t from,
                                                        uint64_t limit) {
  std::vector<Entry> out;
  if (limit == 0 || from > static_cast<uint64_t>(kInt64Max)) return out;
  sqlite3_stmt* q = connection.read.get();
  ResetOnExit reset(q);
  BindBlob(q, 1, election_id);
  sqlite3_bind_int64(q, 2, static_cast<int64_t>(from));
  sqlite3_bind_int64(q, 3, static_cast<int64_t>(std::min<uint64_t>(limit, kInt64Max)));
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    Entry e;
    e.index = static_cast<uint64_t>(sqlite3_column_int64(q, 0));
    e.entry = ColumnBlob(q, 1);
    e.received_ms = sqlite3_column_int64(q, 3);
    const Bytes leaf = ColumnBlob(q, 2);
    if (leaf.size() != e.leaf_hash.size()) {
      return Corrupt(Cat("election ", ToHex(election_id), ": entry index ", e.index,
                         " has a leaf hash of ", leaf.size(), " bytes"));
    }
    std::copy(leaf.begin(), leaf.end(), e.leaf_hash.begin());
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return SqlError(connection.db, rc, "reading entries");
  return out;
}

}  // namespace urne::bulletin_board

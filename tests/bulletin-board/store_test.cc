// Tests for bulletin-board/store.h: round trips, durability, atomic batches, index
// conflicts, detection of damaged stores on open, independence of elections, and readers
// running alongside the writer.
#include "bulletin-board/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "crypto/merkle.h"
#include "status/status.h"

namespace urne::bulletin_board {
namespace {

namespace fs = std::filesystem;

Bytes B(std::string_view s) { return Bytes(s.begin(), s.end()); }

Store::Append Make(const Bytes& election, uint64_t index, std::string_view payload) {
  Store::Append a;
  a.election_id = election;
  a.index = index;
  a.entry = B(payload);
  a.leaf_hash = LeafHash(a.entry);
  return a;
}

std::string Payload(const Bytes& election, uint64_t index) {
  return Cat("entry ", std::string(election.begin(), election.end()), "#", index);
}

const Bytes kA = B("election-A");
const Bytes kB = B("election-B");

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "urne-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::unique_ptr<Store> OpenOk() {
    auto store = Store::Open(dir_);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }

  // Appends entries [from, to) of `election` in one batch.
  static void AppendRange(Store& store, const Bytes& election, uint64_t from, uint64_t to) {
    std::vector<Store::Append> batch;
    for (uint64_t i = from; i < to; ++i) batch.push_back(Make(election, i, Payload(election, i)));
    ASSERT_TRUE(store.AppendBatch(batch).ok());
  }

  // Runs raw SQL on the closed store's file, as an attacker or a disk fault would.
  void RawSql(const std::string& sql, const Bytes* blob = nullptr) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((fs::path(dir_) / Store::kFileName).c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    if (blob != nullptr) {
      sqlite3_bind_blob(stmt, 1, blob->data(), static_cast<int>(blob->size()), SQLITE_TRANSIENT);
    }
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE) << sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }

  std::string dir_;
};

void ExpectCorrupt(const absl::StatusOr<std::unique_ptr<Store>>& store,
                   const std::vector<std::string>& message_parts) {
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss) << store.status();
  EXPECT_EQ(ReasonOf(store.status()), "store.corrupt");
  for (const std::string& part : message_parts) {
    EXPECT_NE(std::string(store.status().message()).find(part), std::string::npos)
        << "message lacks \"" << part << "\": " << store.status().message();
  }
}

TEST_F(StoreTest, CreatesTheDatabaseInWalMode) {
  auto store = OpenOk();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(fs::exists(fs::path(dir_) / "board.sqlite"));
  auto elections = store->Elections();
  ASSERT_TRUE(elections.ok());
  EXPECT_TRUE(elections->empty());
  store.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((fs::path(dir_) / Store::kFileName).c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), Store::kSchemaVersion);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_F(StoreTest, CreatesAMissingDirectory) {
  dir_ = (fs::path(dir_) / "nested" / "board").string();
  auto store = OpenOk();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(fs::exists(fs::path(dir_) / "board.sqlite"));
}

TEST_F(StoreTest, AppendsAndReadsBack) {
  auto store = OpenOk();
  ASSERT_NE(store, nullptr);
  std::vector<Store::Append> batch = {Make(kA, 0, "zero"), Make(kA, 1, ""),
                                      Make(kA, 2, std::string("two\0bytes", 9))};
  ASSERT_TRUE(store->AppendBatch(batch).ok());

  EXPECT_EQ(*store->Count(kA), 3u);
  auto all = store->Read(kA, 0, 100);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 3u);
  for (uint64_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*all)[i].index, i);
    EXPECT_EQ((*all)[i].entry, batch[i].entry);
    EXPECT_EQ((*all)[i].leaf_hash, batch[i].leaf_hash);
  }
  EXPECT_TRUE((*all)[1].entry.empty());  // an empty entry stays an empty blob

  auto middle = store->Read(kA, 1, 1);
  ASSERT_TRUE(middle.ok());
  ASSERT_EQ(middle->size(), 1u);
  EXPECT_EQ((*middle)[0].index, 1u);
  EXPECT_TRUE(store->Read(kA, 3, 10)->empty());
  EXPECT_TRUE(store->Read(kA, 0, 0)->empty());
  EXPECT_TRUE(store->Read(kA, ~uint64_t{0}, 10)->empty());

  auto elections = store->Elections();
  ASSERT_TRUE(elections.ok());
  ASSERT_EQ(elections->size(), 1u);
  EXPECT_EQ((*elections)[0].election_id, kA);
  EXPECT_EQ((*elections)[0].count, 3u);
  EXPECT_GT((*elections)[0].created_ms, 1'600'000'000'000);

  // An empty batch is a no-op.
  EXPECT_TRUE(store->AppendBatch({}).ok());
  EXPECT_EQ(*store->Count(kA), 3u);
}

// The writer's own read (Store::ReadOne, on the write connection): one committed entry, and
// NOT_FOUND for an index or an election the store does not hold.
TEST_F(StoreTest, ReadOneReturnsACommittedEntryOrNotFound) {
  auto store = OpenOk();
  ASSERT_NE(store, nullptr);
  std::vector<Store::Append> batch = {Make(kA, 0, "zero"), Make(kA, 1, "one")};
  ASSERT_TRUE(store->AppendBatch(batch).ok());
  auto one = store->ReadOne(kA, 1);
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->index, 1u);
  EXPECT_EQ(one->entry, batch[1].entry);
  EXPECT_EQ(one->leaf_hash, batch[1].leaf_hash);
  // Appended after the first read: seen by the next one.
  ASSERT_TRUE(store->AppendBatch({Make(kA, 2, "two")}).ok());
  ASSERT_TRUE(store->ReadOne(kA, 2).ok());
  EXPECT_EQ(store->ReadOne(kA, 3).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store->ReadOne(kB, 0).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store->ReadOne(kA, ~uint64_t{0}).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, UnknownElectionIsEmpty) {
  auto store = OpenOk();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->Count(kB), 0u);
  EXPECT_TRUE(store->Read(kB, 0, 10)->empty());
}

// A long log read page by page, as the board's start-up replay reads it: each page holds
// `limit` entries in index order, the last one what is left.
TEST_F(StoreTest, ReadsALongLogPageByPage) {
  auto store = OpenOk();
  ASSERT_NE(store, nullptr);
  AppendRange(*store, kA, 0, 2500);
  uint64_t expected = 0;
  std::vector<size_t> pages;
  for (;;) {
    auto page = store->Read(kA, expected, 1024);
    ASSERT_TRUE(page.ok()) << page.status();
    if (page->empty()) break;
    pages.push_back(page->size());
    for (const Store::Entry& e : *page) {
      EXPECT_EQ(e.index, expected);
      EXPECT_EQ(e.entry, B(Payload(kA, expected)));
      ++expected;
    }
  }
  EXPECT_EQ(expected, 2500u);
  EXPECT_EQ(pages, (std::vector<size_t>{1024, 1024, 452}));
}

TEST_F(StoreTest, SurvivesCloseAndReopen) {
  {
    auto store = OpenOk();
    ASSERT_NE(store, nullptr);
    AppendRange(*store, kA, 0, 10);
    AppendRange(*store, kB, 0, 3);
  }
  {
    auto store = OpenOk();
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(*store->Count(kA), 10u);
    EXPECT_EQ(*store->Count(kB), 3u);
    auto entries = store->Read(kA, 0, 100);
    ASSERT_TRUE(entries.ok());
    for (uint64_t i = 0; i < 10; ++i) {
      EXPECT_EQ((*entries)[i].entry, B(Payload(kA, i)));
      EXPECT_EQ((*entries)[i].leaf_hash, LeafHash((*entries)[i].entry));
    }
    // Appending continues where the log stopped.
    auto conflict = store->AppendBatch({Make(kA, 0, "again")});
    EXPECT_EQ(ReasonOf(conflict), "store.index_conflict");
    AppendRange(*store, kA, 10, 12);
  }
  auto store = OpenOk();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->Count(kA), 12u);
}

TEST_F(StoreTest, ABatchWithABadIndexWritesNothing) {
  auto store = OpenOk();
  ASSERT_NE(store, nullptr);
  // Skips index 2: the first two items must not be written either.
  absl::Status status =
      store->AppendBatch({Make(kA, 0, "a0"), Make(kA, 1, "a1"), Make(kA, 3, "a3")});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(status), "store.index_conflict");
  EXPECT_EQ(*store->Count(kA), 0u);
  EXPECT_TRUE(store->Elections()->empty());

  // A duplicate index inside one batch.
  status = store->AppendBatch({Make(kA, 0, "a0"), Make(kA, 0, "a0 again")});
  EXPECT_EQ(ReasonOf(status), "store.index_conflict");
  EXPECT_EQ(*store->Count(kA), 0u);

  // A bad item for one election undoes the good items for another.
  status = store->AppendBatch({Make(kB, 0, "b0"), Make(kA, 1, "a1")});
  EXPECT_EQ(ReasonOf(status), "store.index_conflict");
  EXPECT_EQ(*store->Count(kB), 0u);

  // After the failures the store still works.
  AppendRange(*store, kA, 0, 2);
  EXPECT_EQ(ReasonOf(store->AppendBatch({Make(kA, 1, "old")})), "store.index_conflict");
  EXPECT_EQ(ReasonOf(store->AppendBatch({Make(kA, 3, "future")})), "store.index_conflict");
  EXPECT_TRUE(store->AppendBatch({Make(kA, 2, "next")}).ok());
  EXPECT_EQ(*store->Count(kA), 3u);
}

TEST_F(StoreTest, RejectsMismatchedLeafHashAndEmptyElectionId) {
  auto store = OpenOk();
  ASSERT_NE(store, nullptr);
  Store::Append bad = Make(kA, 1, "a1");
  bad.leaf_hash[5] ^= 1;
  absl::Status status = store->AppendBatch({Make(kA, 0, "a0"), bad});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(status), "store.leaf_hash_mismatch");
  EXPECT_EQ(*store->Count(kA), 0u);

  Store::Append unprefixed = Make(kA, 0, "a0");
  unprefixed.leaf_hash = Sha256(unprefixed.entry);  // forgot the 0x00 leaf prefix
  EXPECT_EQ(ReasonOf(store->AppendBatch({unprefixed})), "store.leaf_hash_mismatch");

  status = store->AppendBatch({Make(Bytes(), 0, "x")});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(status), "store.bad_election_id");
  EXPECT_TRUE(store->Elections()->empty());
}

TEST_F(StoreTest, ElectionsAreIndependent) {
  auto store = OpenOk();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store
                  ->AppendBatch({Make(kB, 0, "b0"), Make(kA, 0, "a0"), Make(kB, 1, "b1"),
                                 Make(kA, 1, "a1"), Make(kB, 2, "b2")})
                  .ok());
  EXPECT_EQ(*store->Count(kA), 2u);
  EXPECT_EQ(*store->Count(kB), 3u);
  auto a = store->Read(kA, 0, 10);
  ASSERT_EQ(a->size(), 2u);
  EXPECT_EQ((*a)[1].entry, B("a1"));
  auto b = store->Read(kB, 2, 10);
  ASSERT_EQ(b->size(), 1u);
  EXPECT_EQ((*b)[0].entry, B("b2"));

  auto elections = store->Elections();
  ASSERT_TRUE(elections.ok());
  ASSERT_EQ(elections->size(), 2u);
  EXPECT_EQ((*elections)[0].election_id, kA);  // ordered by id
  EXPECT_EQ((*elections)[0].count, 2u);
  EXPECT_EQ((*elections)[1].election_id, kB);
  EXPECT_EQ((*elections)[1].count, 3u);

  // An election id that is a prefix of another is a different election.
  const Bytes prefix = B("election-");
  AppendRange(*store, prefix, 0, 1);
  EXPECT_EQ(*store->Count(prefix), 1u);
  EXPECT_EQ(*store->Count(kA), 2u);
}

TEST_F(StoreTest, FlippedEntryByteIsDetectedOnOpen) {
  {
    auto store = OpenOk();
    ASSERT_NE(store, nullptr);
    AppendRange(*store, kA, 0, 5);
    AppendRange(*store, kB, 0, 5);
  }
  Bytes tampered = B(Payload(kB, 3));
  tampered[0] ^= 0x01;
  RawSql("UPDATE entries SET entry = ?1 WHERE election_id = x'" + ToHex(kB) + "' AND idx = 3",
         &tampered);
  ExpectCorrupt(Store::Open(dir_), {ToHex(kB), "index 3", "leaf hash"});
}

TEST_F(StoreTest, FlippedLeafHashIsDetectedOnOpen) {
  {
    auto store = OpenOk();
    ASSERT_NE(store, nullptr);
    AppendRange(*store, kA, 0, 3);
  }
  Digest32 leaf = LeafHash(B(Payload(kA, 0)));
  leaf[31] ^= 0x80;
  Bytes leaf_bytes(leaf.begin(), leaf.end());
  RawSql("UPDATE entries SET leaf_hash = ?1 WHERE idx = 0", &leaf_bytes);
  ExpectCorrupt(Store::Open(dir_), {ToHex(kA), "index 0"});

  Bytes short_leaf(leaf.begin(), leaf.begin() + 31);
  RawSql("UPDATE entries SET leaf_hash = ?1 WHERE idx = 0", &short_leaf);
  ExpectCorrupt(Store::Open(dir_), {ToHex(kA), "index 0"});
}

TEST_F(StoreTest, GapInIndexesIsDetectedOnOpen) {
  {
    auto store = OpenOk();
    ASSERT_NE(store, nullptr);
    AppendRange(*store, kA, 0, 4);
  }
  RawSql("DELETE FROM entries WHERE idx = 1");
  ExpectCorrupt(Store::Open(dir_), {ToHex(kA), "index 2", "index 1 was expected"});
}

TEST_F(StoreTest, LogNotStartingAtZeroIsDetectedOnOpen) {
  {
    auto store = OpenOk();
    ASSERT_NE(store, nullptr);
    AppendRange(*store, kA, 0, 2);
  }
  RawSql("DELETE FROM entries WHERE idx = 0");
  ExpectCorrupt(Store::Open(dir_), {ToHex(kA), "index 1", "index 0 was expected"});
}

TEST_F(StoreTest, WrongColumnTypeIsDetectedOnOpen) {
  {
    auto store = OpenOk();
    ASSERT_NE(store, nullptr);
    AppendRange(*store, kA, 0, 2);
  }
  RawSql("UPDATE entries SET entry = 'text' WHERE idx = 1");
  ExpectCorrupt(Store::Open(dir_), {ToHex(kA), "index 1", "wrong type"});
}

TEST_F(StoreTest, GarbageFileIsDetectedOnOpen) {
  fs::create_directories(dir_);
  {
    std::ofstream out(fs::path(dir_) / Store::kFileName, std::ios::binary);
    for (int i = 0; i < 4096; ++i) out.put(static_cast<char>(i * 7 + 3));
  }
  ExpectCorrupt(Store::Open(dir_), {});
}

TEST_F(StoreTest, NewerSchemaIsRefused) {
  { ASSERT_NE(OpenOk(), nullptr); }
  RawSql("PRAGMA user_version = 3");
  auto store = Store::Open(dir_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(store.status()), "store.version");
}

TEST_F(StoreTest, UnusableDirectoryIsAnIoError) {
  const fs::path file = fs::path(dir_) / "not-a-dir";
  { std::ofstream(file) << "x"; }
  auto store = Store::Open((file / "sub").string());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ReasonOf(store.status()), "store.io");
}

TEST_F(StoreTest, ReadersRunAlongsideTheWriter) {
  auto store = OpenOk();
  ASSERT_NE(store, nullptr);
  constexpr uint64_t kBatches = 200;
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  auto reader = [&] {
    uint64_t last = 0;
    while (!done.load()) {
      auto count = store->Count(kA);
      if (!count.ok() || *count < last) ++failures;
      last = count.ok() ? *count : last;
      auto entries = store->Read(kA, 0, ~uint64_t{0});
      if (!entries.ok()) {
        ++failures;
        continue;
      }
      // A reader sees whole batches only: a multiple of 3 entries, contiguous.
      if (entries->size() % 3 != 0) ++failures;
      for (uint64_t i = 0; i < entries->size(); ++i) {
        if ((*entries)[i].index != i) ++failures;
      }
    }
  };
  std::thread r1(reader);
  std::thread r2(reader);
  for (uint64_t b = 0; b < kBatches; ++b) AppendRange(*store, kA, 3 * b, 3 * b + 3);
  done = true;
  r1.join();
  r2.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(*store->Count(kA), 3 * kBatches);
}

TEST_F(StoreTest, RecordsWhenEachEntryWasCommitted) {
  auto store = OpenOk();
  ASSERT_NE(store, nullptr);
  const int64_t before = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  AppendRange(*store, kA, 0, 2);
  const int64_t after = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  auto all = store->Read(kA, 0, 10);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  for (const Store::Entry& e : *all) {
    EXPECT_GE(e.received_ms, before);
    EXPECT_LE(e.received_ms, after);
  }
}

// A board database written by schema version 1 (no received_ms column) is migrated in place
// when opened: its entries keep their bytes and read back with received_ms 0 ("unknown"),
// and new entries get their commit time.
TEST_F(StoreTest, MigratesASchemaVersion1Database) {
  fs::create_directories(dir_);
  RawSql(
      "CREATE TABLE elections (election_id BLOB PRIMARY KEY NOT NULL, created_ms INTEGER NOT "
      "NULL)");
  RawSql(
      "CREATE TABLE entries (election_id BLOB NOT NULL REFERENCES elections(election_id), idx "
      "INTEGER NOT NULL, leaf_hash BLOB NOT NULL, entry BLOB NOT NULL, PRIMARY KEY "
      "(election_id, idx))");
  RawSql("INSERT INTO elections VALUES (?1, 1)", &kA);
  for (uint64_t i = 0; i < 2; ++i) {
    Store::Append a = Make(kA, i, Payload(kA, i));
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((fs::path(dir_) / Store::kFileName).c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(
        sqlite3_prepare_v2(db, "INSERT INTO entries VALUES (?1, ?2, ?3, ?4)", -1, &stmt, nullptr),
        SQLITE_OK);
    sqlite3_bind_blob(stmt, 1, kA.data(), static_cast<int>(kA.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 2, static_cast<int64_t>(i));
    sqlite3_bind_blob(stmt, 3, a.leaf_hash.data(), 32, SQLITE_TRANSIENT);
    sqlite3_bind_blob(stmt, 4, a.entry.data(), static_cast<int>(a.entry.size()), SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE) << sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }
  RawSql("PRAGMA user_version = 1");

  auto store = OpenOk();
  ASSERT_NE(store, nullptr);
  AppendRange(*store, kA, 2, 3);
  auto all = store->Read(kA, 0, 10);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].entry, B(Payload(kA, 0)));
  EXPECT_EQ((*all)[0].received_ms, 0);
  EXPECT_EQ((*all)[1].received_ms, 0);
  EXPECT_GT((*all)[2].received_ms, 0);
  store.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((fs::path(dir_) / Store::kFileName).c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), Store::kSchemaVersion);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  // Reopening the migrated file changes nothing.
  auto again = OpenOk();
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(*again->Count(kA), 3u);
}

}  // namespace
}  // namespace urne::bulletin_board

// The authority's record of what it signed once (authority/signed_once.h): stored before
// posting, never overwritten, read back strictly.
#include "authority/signed_once.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "status/status.h"
#include "tests/support/process.h"

namespace urne::authority {
namespace {
namespace fs = std::filesystem;

class SignedOnceTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir("signed-once") + "/state"; }
  void TearDown() override { fs::remove_all(fs::path(dir_).parent_path()); }

  SignedRecord Record(v1::EntryKind kind, uint64_t size, char root_byte) {
    SignedRecord r;
    r.election.fill(0x42);
    r.kind = kind;
    r.tree_size = size;
    r.root_hash = std::string(32, root_byte);
    v1::Close close;
    close.set_tree_size(size);
    close.set_root_hash(r.root_hash);
    r.entry = MakeEntry(r.election, kind, Serialize(close), key_);
    return r;
  }
  std::string PathOf(const SignedRecord& r) {
    return Cat(dir_, "/", ToHex(r.election), r.kind == v1::OPEN ? ".open" : ".close");
  }
  std::string dir_;
  SigningKey key_ = SigningKey::Generate();
};

TEST_F(SignedOnceTest, NothingRecordedYet) {
  ElectionId id{};
  auto none = LoadSigned(dir_, id, v1::CLOSE);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_FALSE(none->has_value());
}

TEST_F(SignedOnceTest, StoredDurablyPrivatelyAndReadBack) {
  SignedRecord r = Record(v1::CLOSE, 17, 'a');
  auto stored = StoreSignedOnce(dir_, r);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(EntryLeafHash(stored->entry), EntryLeafHash(r.entry));
  auto loaded = LoadSigned(dir_, r.election, v1::CLOSE);
  ASSERT_TRUE(loaded.ok() && loaded->has_value()) << loaded.status();
  EXPECT_EQ((*loaded)->tree_size, 17u);
  EXPECT_EQ((*loaded)->root_hash, r.root_hash);
  EXPECT_EQ(EntryLeafHash((*loaded)->entry), EntryLeafHash(r.entry));
  EXPECT_EQ(fs::status(PathOf(r)).permissions() & (fs::perms::group_all | fs::perms::others_all),
            fs::perms::none);
  // No temporary file is left behind; OPEN is recorded separately.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
  auto open = LoadSigned(dir_, r.election, v1::OPEN);
  ASSERT_TRUE(open.ok());
  EXPECT_FALSE(open->has_value());
}

// The point of the record: a second signature for the same election and kind is never
// stored; the first comes back, and the caller compares.
TEST_F(SignedOnceTest, ASecondRecordNeverReplacesTheFirst) {
  SignedRecord first = Record(v1::CLOSE, 17, 'a');
  SignedRecord second = Record(v1::CLOSE, 18, 'b');
  ASSERT_TRUE(StoreSignedOnce(dir_, first).ok());
  auto again = StoreSignedOnce(dir_, second);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->tree_size, 17u);
  EXPECT_EQ(EntryLeafHash(again->entry), EntryLeafHash(first.entry));
}

TEST_F(SignedOnceTest, AnIncompleteRecordIsReportedAndNeverOverwritten) {
  SignedRecord r = Record(v1::CLOSE, 17, 'a');
  ASSERT_TRUE(StoreSignedOnce(dir_, r).ok());
  std::string text;
  {
    std::ifstream in(PathOf(r));
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  for (size_t cut : {size_t{0}, size_t{10}, text.find("\nroot_hash"), text.size() - 8}) {
    std::ofstream(PathOf(r), std::ios::trunc) << text.substr(0, cut);
    auto loaded = LoadSigned(dir_, r.election, v1::CLOSE);
    EXPECT_EQ(ReasonOf(loaded.status()), "state.malformed") << cut;
    auto stored = StoreSignedOnce(dir_, Record(v1::CLOSE, 18, 'b'));
    EXPECT_EQ(ReasonOf(stored.status()), "state.malformed") << cut;
  }
  // A record whose entry is not the kind or election it names.
  std::string swapped = text;
  swapped.replace(swapped.find("kind CLOSE"), 10, "kind OPEN");
  std::ofstream(PathOf(r), std::ios::trunc) << swapped;
  EXPECT_EQ(ReasonOf(LoadSigned(dir_, r.election, v1::CLOSE).status()), "state.malformed");
}

TEST_F(SignedOnceTest, AnUnwritableDirectoryStoresNothing) {
  std::string file = fs::path(dir_).parent_path().string() + "/not-a-dir";
  std::ofstream(file) << "x";
  auto stored = StoreSignedOnce(file + "/state", Record(v1::OPEN, 5, 'c'));
  EXPECT_EQ(ReasonOf(stored.status()), "state.unwritable") << stored.status();
}

}  // namespace
}  // namespace urne::authority

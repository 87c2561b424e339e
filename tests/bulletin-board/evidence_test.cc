// HeadEvidence (bulletin-board/evidence.h, specs/board.md §5.5): heads alternate between the
// file's two checksummed slots; the latest intact slot is read; a torn or flipped latest slot
// falls back to the earlier head; a file with no intact slot, or one holding another
// election's head, is "evidence.corrupt"; files of the older format (one serialized head)
// are read.
#include "bulletin-board/evidence.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "crypto/bytes.h"
#include "status/status.h"
#include "tests/support/process.h"

namespace urne::bulletin_board {
namespace {

v1::SignedTreeHead Head(char election, uint64_t size) {
  v1::SignedTreeHead head;
  head.set_election_id(std::string(32, election));
  head.set_tree_size(size);
  head.set_root_hash(std::string(32, static_cast<char>('a' + size)));
  head.set_timestamp_ms(1'700'000'000'000 + static_cast<int64_t>(size));
  head.set_board_key(std::string(32, 'k'));
  head.set_signature(std::string(64, 's'));
  return head;
}

class Evidence : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("urne-evidence");
    auto opened = HeadEvidence::Open(dir_);
    ASSERT_TRUE(opened.ok()) << opened.status();
    evidence_ = std::make_unique<HeadEvidence>(*std::move(opened));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string File(char election) const {
    return dir_ + "/heads/" + ToHex(AsBytes(std::string(32, election))) + ".head";
  }
  std::string Contents(char election) const {
    std::ifstream in(File(election), std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  void Overwrite(char election, size_t offset, const std::string& bytes) const {
    std::fstream f(File(election), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  void Flip(char election, size_t offset) const {
    Overwrite(election, offset, std::string(1, static_cast<char>(Contents(election)[offset] ^ 1)));
  }
  // The tree size of the election's recorded head, or -1 with the failure's reason.
  int64_t ReadSize(char election, std::string* reason = nullptr) const {
    auto all = evidence_->ReadAll();
    if (!all.ok()) {
      if (reason) *reason = ReasonOf(all.status());
      return -1;
    }
    auto it = all->find(std::string(32, election));
    return it == all->end() ? -1 : static_cast<int64_t>(it->second.tree_size());
  }

  std::string dir_;
  std::unique_ptr<HeadEvidence> evidence_;
};

TEST_F(Evidence, HeadsAlternateBetweenTwoSlotsAndTheLatestIsRead) {
  for (uint64_t size = 1; size <= 5; ++size) {
    ASSERT_TRUE(evidence_->Record(Head('e', size)).ok());
    EXPECT_EQ(ReadSize('e'), static_cast<int64_t>(size));
    EXPECT_EQ(std::filesystem::file_size(File('e')), 1024u);
  }
  ASSERT_TRUE(evidence_->Record(Head('f', 9)).ok());
  EXPECT_EQ(ReadSize('e'), 5);
  EXPECT_EQ(ReadSize('f'), 9);
}

TEST_F(Evidence, TheFirstHeadOfAProcessRewritesTheFileWhole) {
  ASSERT_TRUE(evidence_->Record(Head('e', 1)).ok());
  ASSERT_TRUE(evidence_->Record(Head('e', 2)).ok());
  // A restarted board: its first head is slot 0, the second slot emptied.
  auto restarted = HeadEvidence::Open(dir_);
  ASSERT_TRUE(restarted.ok());
  ASSERT_TRUE(restarted->Record(Head('e', 3)).ok());
  EXPECT_EQ(ReadSize('e'), 3);
  EXPECT_EQ(Contents('e').substr(512), std::string(512, '\0'));
  EXPECT_FALSE(std::filesystem::exists(File('e') + ".tmp"));
}

TEST_F(Evidence, AFlippedByteInTheLatestSlotFallsBackToTheEarlierHead) {
  ASSERT_TRUE(evidence_->Record(Head('e', 1)).ok());
  ASSERT_TRUE(evidence_->Record(Head('e', 2)).ok());  // slot 1
  Flip('e', 512 + 50);                                // in the root hash: the slot still parses
  EXPECT_EQ(ReadSize('e'), 1);
}

TEST_F(Evidence, AnAlteredOlderSlotIsNotTakenForTheLatest) {
  ASSERT_TRUE(evidence_->Record(Head('e', 1)).ok());
  ASSERT_TRUE(evidence_->Record(Head('e', 2)).ok());  // slot 1
  // Slot 0's tree size (the byte after its tag, at 4 + 34 + 1) from 1 to 5: it still parses.
  ASSERT_EQ(Contents('e')[39], 1);
  Overwrite('e', 39, std::string(1, 5));
  EXPECT_EQ(ReadSize('e'), 2);
}

TEST_F(Evidence, ATornWriteOfTheLatestSlotFallsBackToTheEarlierHead) {
  ASSERT_TRUE(evidence_->Record(Head('e', 1)).ok());
  ASSERT_TRUE(evidence_->Record(Head('e', 2)).ok());  // slot 1
  ASSERT_TRUE(evidence_->Record(Head('e', 3)).ok());  // slot 0
  Overwrite('e', 100, std::string(412, '\0'));        // only the slot's first 100 bytes landed
  EXPECT_EQ(ReadSize('e'), 2);
}

TEST_F(Evidence, ALengthOutOfRangeIsNotASlot) {
  ASSERT_TRUE(evidence_->Record(Head('e', 1)).ok());
  ASSERT_TRUE(evidence_->Record(Head('e', 2)).ok());  // slot 1
  Overwrite('e', 512, std::string("\x00\x00\x01\xff", 4));
  EXPECT_EQ(ReadSize('e'), 1);
}

TEST_F(Evidence, AFileWithNoIntactSlotIsCorrupt) {
  ASSERT_TRUE(evidence_->Record(Head('e', 1)).ok());
  ASSERT_TRUE(evidence_->Record(Head('e', 2)).ok());
  Flip('e', 40);
  Flip('e', 512 + 40);
  std::string reason;
  EXPECT_EQ(ReadSize('e', &reason), -1);
  EXPECT_EQ(reason, "evidence.corrupt");
  auto all = evidence_->ReadAll();
  EXPECT_NE(all.status().message().find(File('e')), std::string::npos) << all.status();
}

TEST_F(Evidence, AnotherElectionsHeadIsCorrupt) {
  ASSERT_TRUE(evidence_->Record(Head('f', 1)).ok());
  std::filesystem::rename(File('f'), File('e'));
  std::string reason;
  EXPECT_EQ(ReadSize('e', &reason), -1);
  EXPECT_EQ(reason, "evidence.corrupt");
}

TEST_F(Evidence, TheOlderFormatOfOneSerializedHeadIsRead) {
  std::ofstream(File('e'), std::ios::binary) << Head('e', 7).SerializeAsString();
  EXPECT_EQ(ReadSize('e'), 7);
  std::ofstream(File('e'), std::ios::binary | std::ios::trunc) << "not a head";
  std::string reason;
  EXPECT_EQ(ReadSize('e', &reason), -1);
  EXPECT_EQ(reason, "evidence.corrupt");
}

}  // namespace
}  // namespace urne::bulletin_board

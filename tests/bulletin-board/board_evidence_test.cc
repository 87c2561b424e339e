// Crash evidence (specs/board.md §5.5) against the real urne-board: after acknowledged posts
// and a kill -9, a flipped byte in the WAL, a store truncated to 0 bytes or deleted, and a
// swapped or missing board.key each make the board refuse to start, naming the election.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "board-client/client.h"
#include "crypto/ed25519.h"
#include "crypto/merkle.h"
#include "election/tree_head.h"
#include "status/status.h"
#include "tests/support/board_fixture.h"
#include "tests/support/process.h"
#include "tools/scripted_election.h"

namespace urne::bulletin_board {
namespace {

using testing::ScriptedElection;

class BoardEvidence : public testing::BoardTest {
 protected:
  void SetUp() override {
    BoardTest::SetUp();
    ASSERT_FALSE(HasFatalFailure());
    election_ = NewElection();
    ASSERT_FALSE(HasFailure());
    for (size_t v = 0; v < 3; ++v) {
      ASSERT_TRUE(election_->Cast(v, testing::TestChoices(v % 3, {1, 0, 1}, {0, 1, 0})).ok());
    }
    // Crash: the WAL keeps the last transactions (no checkpoint at close).
    board_->Kill();
  }
  std::string Path(const std::string& name) const { return dir_ + "/board/" + name; }
  // Restarting must fail with `reason`, naming the election.
  void ExpectRefusal(const std::string& reason) {
    absl::Status s = board_->Restart();
    ASSERT_FALSE(s.ok()) << "the board started";
    EXPECT_NE(s.message().find(reason), std::string::npos) << s;
    EXPECT_NE(s.message().find(ToHex(election_->id())), std::string::npos) << s;
  }

  std::unique_ptr<ScriptedElection> election_;
};

TEST_F(BoardEvidence, AnUntouchedStoreStartsAndKeepsEverything) {
  ASSERT_TRUE(board_->Restart().ok());
  BoardClient client(board_->endpoint());
  auto status = client.Status(election_->id());
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->tree_size(), election_->state().size());
  EXPECT_TRUE(std::filesystem::exists(Path("heads/" + ToHex(election_->id()) + ".head")));
}

TEST_F(BoardEvidence, AFlippedByteInTheWalIsNoticed) {
  const std::string wal = Path("board.sqlite-wal");
  ASSERT_TRUE(std::filesystem::exists(wal));
  const auto size = std::filesystem::file_size(wal);
  ASSERT_GT(size, 200u);
  {
    std::fstream f(wal, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(size - 100));
    char c;
    f.get(c);
    f.seekp(static_cast<std::streamoff>(size - 100));
    f.put(static_cast<char>(c ^ 0x5a));
  }
  ExpectRefusal("store.behind_head");
}

TEST_F(BoardEvidence, AStoreTruncatedToZeroBytesIsNoticed) {
  std::filesystem::remove(Path("board.sqlite-wal"));
  std::filesystem::remove(Path("board.sqlite-shm"));
  std::filesystem::resize_file(Path("board.sqlite"), 0);
  ExpectRefusal("store.behind_head");
}

TEST_F(BoardEvidence, ADeletedStoreIsNoticed) {
  for (const char* f : {"board.sqlite", "board.sqlite-wal", "board.sqlite-shm"}) {
    std::filesystem::remove(Path(f));
  }
  ExpectRefusal("store.behind_head");
}

TEST_F(BoardEvidence, ARecordedHeadOfSizeZeroClaimsNothing) {
  // A head of an empty log, signed with the board's own key, for an election the store no
  // longer holds: it claims no entry, so the board starts (the check once read the missing
  // election's slot through end()).
  std::ifstream in(Path("board.key"), std::ios::binary);
  std::string seed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(seed.size(), kSeedBytes);
  std::array<uint8_t, kSeedBytes> s;
  std::copy(seed.begin(), seed.end(), s.begin());
  const SigningKey key = SigningKey::FromSeed(s);
  const Bytes other(32, 0x77);
  v1::SignedTreeHead head;
  head.set_election_id(std::string(other.begin(), other.end()));
  head.set_tree_size(0);
  const Digest32 empty = EmptyTreeHash();
  head.set_root_hash(std::string(empty.begin(), empty.end()));
  head.set_timestamp_ms(1);
  SignTreeHead(head, key);
  std::ofstream(Path("heads/" + ToHex(other) + ".head"), std::ios::binary)
      << head.SerializeAsString();
  ASSERT_TRUE(board_->Restart().ok());
  BoardClient client(board_->endpoint());
  EXPECT_TRUE(client.Status(election_->id()).ok());
}

// The head file's two slots (evidence.h): a damaged latest slot leaves the earlier head, which
// the store covers; with no intact slot the board refuses to start.
TEST_F(BoardEvidence, ADamagedLatestSlotLeavesTheEarlierHead) {
  const std::string file = Path("heads/" + ToHex(election_->id()) + ".head");
  std::string data;
  {
    std::ifstream in(file, std::ios::binary);
    data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ASSERT_EQ(data.size(), 1024u);
  uint64_t sizes[2] = {0, 0};
  for (size_t k = 0; k < 2; ++k) {
    const auto* b = reinterpret_cast<const uint8_t*>(data.data() + 512 * k);
    const uint32_t length = (uint32_t{b[2]} << 8) | b[3];
    v1::SignedTreeHead head;
    if (length > 0 && head.ParseFromArray(b + 4, static_cast<int>(length))) {
      sizes[k] = head.tree_size();
    }
  }
  ASSERT_GT(sizes[0], 0u);  // the setup's posts filled both slots
  ASSERT_GT(sizes[1], 0u);
  const size_t latest = sizes[1] > sizes[0] ? 1 : 0;
  data[512 * latest + 50] ^= 1;  // in the root hash: its checksum fails
  std::ofstream(file, std::ios::binary | std::ios::trunc) << data;
  ASSERT_TRUE(board_->Restart().ok());
  BoardClient client(board_->endpoint());
  auto status = client.Status(election_->id());
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->tree_size(), election_->state().size());
}

TEST_F(BoardEvidence, AHeadFileWithNoIntactSlotIsNoticed) {
  std::ofstream(Path("heads/" + ToHex(election_->id()) + ".head"),
                std::ios::binary | std::ios::trunc)
      << std::string(1024, '\0');
  ExpectRefusal("evidence.corrupt");
}

TEST_F(BoardEvidence, AnotherBoardKeyIsNoticed) {
  std::ofstream(Path("board.key"), std::ios::binary | std::ios::trunc) << std::string(32, '\x42');
  ExpectRefusal("board.key_mismatch");
}

TEST_F(BoardEvidence, AMissingBoardKeyIsNoticedAndNotReplaced) {
  std::filesystem::remove(Path("board.key"));
  absl::Status s = board_->Restart();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("board.key_missing"), std::string::npos) << s;
  EXPECT_FALSE(std::filesystem::exists(Path("board.key")));
}

}  // namespace
}  // namespace urne::bulletin_board

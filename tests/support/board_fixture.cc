#include "tests/support/board_fixture.h"

#include <filesystem>

namespace urne::testing {

void BoardTest::SetUp() {
  dir_ = MakeTempDir("urne-test");
  if (StartsBoard()) StartBoard(BoardArgs());
}

void BoardTest::TearDown() {
  client_.reset();
  board_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void BoardTest::StartBoard(std::vector<std::string> extra_args) {
  client_.reset();
  board_.reset();
  auto board = BoardProcess::Start(dir_ + "/board", std::move(extra_args));
  ASSERT_TRUE(board.ok()) << board.status();
  board_ = std::move(*board);
  Reconnect();
}

void BoardTest::Reconnect() { client_ = std::make_unique<BoardClient>(board_->endpoint()); }

std::unique_ptr<ScriptedElection> BoardTest::NewElection(ScriptOptions options, bool open) {
  options.board_key = board_->board_key();
  auto e = std::make_unique<ScriptedElection>(
      options, [this](const v1::Entry& entry) { return client_->Post(entry).status(); });
  if (open) {
    EXPECT_TRUE(e->Create().ok());
    EXPECT_TRUE(e->Ceremony().ok());
    EXPECT_TRUE(e->Open().ok());
  }
  return e;
}

}  // namespace urne::testing

// BoardTest: the board-on-loopback fixture of the integration tests. Each test gets a fresh
// directory dir_, a real urne-board (tests/support/process.h) serving TLS on a free loopback
// port with its data in dir_/board, and a BoardClient client_ to it; NewElection() scripts an
// election (tools/scripted_election.h) whose entries go through that board. TearDown stops
// the board and removes dir_. A test that needs board flags overrides BoardArgs(); one that
// starts its board later overrides StartsBoard(). Not thread-safe (one test at a time).
#ifndef URNE_TESTS_SUPPORT_BOARD_FIXTURE_H_
#define URNE_TESTS_SUPPORT_BOARD_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "board-client/client.h"
#include "tests/support/process.h"
#include "tools/scripted_election.h"

namespace urne::testing {

class BoardTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Extra urne-board flags for the board SetUp starts.
  virtual std::vector<std::string> BoardArgs() const { return {}; }
  // Whether SetUp starts the board (else the test calls StartBoard itself).
  virtual bool StartsBoard() const { return true; }

  // Starts urne-board in dir_/board with `extra_args` (replacing a running one) and connects
  // client_ to it; a failure fails the test.
  void StartBoard(std::vector<std::string> extra_args = {});
  // Reconnects client_ (after a restart: the board has a new port).
  void Reconnect();
  // A scripted election on this board (options.board_key set to it) posting through client_;
  // created, its ceremony done and opened when `open` (each step EXPECTed to succeed).
  std::unique_ptr<ScriptedElection> NewElection(ScriptOptions options = {}, bool open = true);

  std::string dir_;
  std::unique_ptr<BoardProcess> board_;
  std::unique_ptr<BoardClient> client_;
};

}  // namespace urne::testing

#endif  // URNE_TESTS_SUPPORT_BOARD_FIXTURE_H_

// A voter's client replays the setup without checking every other voter's credential as a
// point of the prime-order subgroup (specs/ballot.md §7 step 2): a roll holding a key that is
// not one still lets a voter open a session and encrypt, while a full Sync (what a follower,
// the authority and urne-verify run) refuses that log with key.invalid naming the credential.
// The log is served by a lying board holding the board key (only the board's operator, or a
// cheating authority, could make such a log: the real board refuses the ROLL).
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "board-client/client.h"
#include "crypto/merkle.h"
#include "election/entry.h"
#include "status/status.h"
#include "tests/support/board_fixture.h"
#include "tests/support/lying_board.h"
#include "tools/scripted_election.h"
#include "voter-client/session.h"

namespace urne::testing {
namespace {

class RollPointsTest : public BoardTest {};

TEST_F(RollPointsTest, AVoterDoesNotCheckOtherKeysAsPointsAFullSyncDoes) {
  std::vector<v1::Entry> log;
  ScriptOptions options;
  options.voters = 3;
  ScriptedElection e(options, [&log](const v1::Entry& entry) {
    log.push_back(entry);
    return absl::OkStatus();
  });
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  ASSERT_TRUE(e.Open().ok());
  // The same setup with 32 zero bytes (a point of order 4, not a valid key) added to the
  // roll: the ROLL and the OPEN signed again by the authority, the OPEN over the new log.
  size_t roll_at = 0;
  while (log[roll_at].kind() != v1::ROLL) ++roll_at;
  v1::Roll roll;
  ASSERT_TRUE(roll.ParseFromString(log[roll_at].payload()));
  roll.mutable_credentials()->Add(std::string(32, '\0'));
  std::sort(roll.mutable_credentials()->begin(), roll.mutable_credentials()->end());
  log[roll_at] = e.Sign(v1::ROLL, roll, e.authority());
  const size_t open_at = log.size() - 1;
  ASSERT_EQ(log[open_at].kind(), v1::OPEN);
  v1::Open open;
  ASSERT_TRUE(open.ParseFromString(log[open_at].payload()));
  MerkleTree tree;
  for (size_t i = 0; i < open_at; ++i) tree.Append(EntryLeafHash(log[i]));
  const Digest32 root = tree.Root();
  open.set_root_hash(std::string(root.begin(), root.end()));
  log[open_at] = e.Sign(v1::OPEN, open, e.authority());

  auto liar = LyingBoard::Start(board_->endpoint());
  ASSERT_TRUE(liar.ok()) << liar.status();
  ASSERT_TRUE((*liar)->ServeFork(log, e.board_signing_key(), false).ok());
  BoardClient via((*liar)->endpoint());

  auto full = via.Sync(e.id());
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(ReasonOf(full.status()), "key.invalid") << full.status();
  EXPECT_TRUE(absl::StrContains(full.status().message(), "credentials[0]: ")) << full.status();

  auto code = ParseCredentialCode(e.voter_codes()[1]);
  ASSERT_TRUE(code.ok());
  auto session = voter_client::VoterSession::Open(via, e.id(), *code);
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_EQ(session.value()->state().phase(), v1::VOTING);
  EXPECT_EQ(session.value()->state().roll().size(), 4u);
  Choices choices;  // the first option of each question
  for (const auto& q : session.value()->manifest().questions()) {
    choices.emplace_back(q.options_size(), 0);
    choices.back()[0] = 1;
  }
  auto encrypted = session.value()->Encrypt(choices);
  EXPECT_TRUE(encrypted.ok()) << encrypted.status();

  // Lengths and order are still the voter's to check: a 31-byte credential is refused.
  roll.mutable_credentials()->at(0).resize(31);
  log[roll_at] = e.Sign(v1::ROLL, roll, e.authority());
  ASSERT_TRUE((*liar)->ServeFork(log, e.board_signing_key(), false).ok());
  auto short_key = voter_client::VoterSession::Open(via, e.id(), *code);
  ASSERT_FALSE(short_key.ok());
  EXPECT_EQ(ReasonOf(short_key.status()), "key.wrong_length") << short_key.status();
}

}  // namespace
}  // namespace urne::testing

// Valid R5-style ballots made ahead of a load run (urne-board-load, urne-tally-bench): one
// BALLOT entry per voter of a scripted election after OPEN, encrypted on all cores. Voter v
// chooses option v mod |options| of each question. Not a test; thread-safe per call.
#ifndef URNE_TESTS_BULLETIN_BOARD_PREMADE_BALLOTS_H_
#define URNE_TESTS_BULLETIN_BOARD_PREMADE_BALLOTS_H_

#include <cstddef>
#include <vector>

#include "absl/status/statusor.h"
#include "election/ballot.h"
#include "tools/scripted_election.h"
#include "urne/v1/board.pb.h"

namespace urne {

// Voter v's choices: option v mod |options| of each question.
Choices OneEach(const v1::Manifest& m, size_t v);

// One ballot entry for each of the first `n` voters of `e` (which must be open); the first
// encryption error, if any.
absl::StatusOr<std::vector<v1::Entry>> MakeBallots(const testing::ScriptedElection& e, size_t n);

}  // namespace urne

#endif  // URNE_TESTS_BULLETIN_BOARD_PREMADE_BALLOTS_H_

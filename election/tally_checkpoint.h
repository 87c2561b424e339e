// TallyCheckpoint: what a party that followed the log during the vote (board-client/follow.h)
// keeps once the log holds CLOSE, so that decrypting and tallying after CLOSE need not replay
// the ballots again (issue #18 point 4, specs/entries.md §3 "What each party keeps"): the
// election, the log the CLOSE countersigns (size and root), the ballot counts and the
// encrypted tally that party computed itself from exactly that log. The file format is
// specs/entries.md §3.2, byte for byte; EncodeTallyCheckpoint and ParseTallyCheckpoint are its
// only writer and reader (ParseTallyCheckpoint is strict: one canonical encoding). Nothing
// here authenticates the file: a checkpoint is trusted as the local party's own computation;
// what is checked against the board is in BoardClient's SyncAfterClose. Thread-safe (pure).
#ifndef URNE_ELECTION_TALLY_CHECKPOINT_H_
#define URNE_ELECTION_TALLY_CHECKPOINT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "election/entry.h"
#include "election/state.h"

namespace urne {

struct TallyCheckpoint {
  ElectionId election{};
  uint64_t close_tree_size = 0;  // the size the CLOSE countersigns (= the CLOSE's index)
  std::string close_root_hash;   // the root it countersigns (32 bytes)
  uint64_t ballots = 0;          // ElectionState::ballots() at CLOSE
  uint64_t revotes = 0;
  uint64_t audits = 0;
  uint64_t ballots_counted = 0;
  // Per question, per option: EncodeCiphertext of the encrypted tally (alpha ‖ beta).
  std::vector<std::vector<Bytes>> tally;
};

// The checkpoint of a state whose log holds CLOSE (phase CLOSED or TALLIED).
// Error FAILED_PRECONDITION "phase.wrong" before CLOSE.
absl::StatusOr<TallyCheckpoint> CheckpointOf(const ElectionState& state);

// The file's bytes (specs/entries.md §3.2).
std::string EncodeTallyCheckpoint(const TallyCheckpoint& checkpoint);
// The strict inverse: any other bytes give INVALID_ARGUMENT "checkpoint.malformed" naming the
// line; a file whose last line's digest does not match the bytes before it (a truncated or
// damaged file) gives DATA_LOSS "checkpoint.corrupt".
absl::StatusOr<TallyCheckpoint> ParseTallyCheckpoint(std::string_view text);

// "<election id hex>.tally": the checkpoint's file name in a follower's folder.
std::string TallyCheckpointName(const ElectionId& election);

}  // namespace urne

#endif  // URNE_ELECTION_TALLY_CHECKPOINT_H_

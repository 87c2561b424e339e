// Ballot prechecks with their proofs verified across ballots (specs/crypto-proofs.md §2.5,
// specs/verification.md): the proof equations of many ballots are checked by one random
// linear combination and one multi-scalar multiplication, instead of one per ballot.
//
// A run of BALLOT entries is cut into batches of `per_batch` consecutive ballots, checked
// on `threads` threads. A batch that fails is bisected: its first half is checked again
// with fresh weights, then the half that fails, down to one ballot, which is checked alone
// (ElectionState::Precheck) for its exact error; the ballots after it are checked again
// the same way. So each entry's result is what Precheck(entry) returns — the same reason,
// the same message, naming the same question, option and proof — except with probability
// ≤ 2^-128 per batch that a bad ballot is accepted. Thread-safe with respect to `state`
// (read only; no Apply may run meanwhile).
#ifndef URNE_ELECTION_BALLOT_BATCH_H_
#define URNE_ELECTION_BALLOT_BATCH_H_

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "election/state.h"
#include "urne/v1/entries.pb.h"

namespace urne {

// Ballots per batch by default: large enough for the bucket method to pay (about 110
// bases per R5 ballot), small enough to keep a batch's bases in a few MB.
inline constexpr size_t kBallotsPerBatch = 256;

// One result per entry of `ballots` (BALLOT entries of a state in VOTING), equal to
// state.Precheck(entry) as described above. threads = 0: all cores.
std::vector<absl::StatusOr<Prechecked>> PrecheckBallots(const ElectionState& state,
                                                        std::span<const v1::Entry> ballots,
                                                        unsigned threads = 0,
                                                        size_t per_batch = kBallotsPerBatch);

// The same results as PrecheckBallots, for a caller whose state another thread changes
// meanwhile under a lock (the board's writer applies entries while posts are verified).
// `read_state` must run its argument with `state` held read-only (no Apply meanwhile): only
// the cheap checks that read the state (ElectionState::PrecheckBallotState: phase, voter,
// duplicate) run inside it, all ballots at one call; the envelopes and signatures before
// it and the proofs after it are checked without holding the state. The entries must be
// BALLOT entries; `state` must outlive the call.
using StateReader = std::function<void(const std::function<void()>& read)>;
std::vector<absl::StatusOr<Prechecked>> PrecheckBallotsOutsideState(
    const ElectionState& state, const StateReader& read_state, std::span<const v1::Entry> ballots,
    unsigned threads = 0, size_t per_batch = kBallotsPerBatch);

}  // namespace urne

#endif  // URNE_ELECTION_BALLOT_BATCH_H_

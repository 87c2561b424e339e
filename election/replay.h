// Replays an election's log through ElectionState, checking ballots on several threads.
// Used by the board at start-up, by every client that needs the state (trustees, authority,
// voters) and by the verifier. Thread-safe (no shared state between calls).
#ifndef URNE_ELECTION_REPLAY_H_
#define URNE_ELECTION_REPLAY_H_

#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "election/state.h"
#include "urne/v1/entries.pb.h"

namespace urne {

// Called now and then with (entries done, total).
using ReplayProgress = std::function<void(uint64_t, uint64_t)>;

// Called with a BALLOT's log index and its verified ciphertexts just before the state applies
// it (so the caller can sum them without decoding the ballot again); if that apply fails,
// the replay returns its error.
using BallotVerified = std::function<void(uint64_t index, const VerifiedBallot& ballot)>;

// Replays `entries` (index 0 is the manifest) and returns the final state, or the first
// error with the message prefixed by "entry N (KIND): ". Runs of consecutive BALLOT entries
// are prechecked on `threads` threads (0 = all cores), a window of a few thousand at a
// time, their proofs checked across ballots (election/ballot_batch.h); the result is the
// same as applying one by one.
// `prepare`, when given, is called on the state right after the manifest, before the other
// entries (to set ElectionState options such as SetRollCheckedBefore).
absl::StatusOr<std::unique_ptr<ElectionState>> Replay(
    std::span<const v1::Entry> entries, unsigned threads = 0, const ReplayProgress& progress = {},
    const std::function<void(ElectionState&)>& prepare = {});

// Applies `entries` to an existing state the same way (entries[0] gets index state.size()).
// `progress` counts from 0 for this call's entries.
absl::Status ReplayInto(ElectionState& state, std::span<const v1::Entry> entries,
                        unsigned threads = 0, const ReplayProgress& progress = {},
                        const BallotVerified& on_ballot = {});

}  // namespace urne

#endif  // URNE_ELECTION_REPLAY_H_

// The election authority's protocol steps as pure functions over the replayed state
// (specs/entries.md, specs/results.md): the roll, OPEN and CLOSE, and the result (partial
// decryptions combined, counts recovered, decisions derived). The urne-admin program
// (authority/) wraps them with key files and board I/O; tests and tools call them directly.
// Thread-safe (no shared state).
#ifndef URNE_ELECTION_AUTHORITY_STEPS_H_
#define URNE_ELECTION_AUTHORITY_STEPS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "crypto/ed25519.h"
#include "election/state.h"
#include "urne/v1/entries.pb.h"

namespace urne {

// The roll: the public credentials sorted ascending. Error "roll.duplicate" if two are equal.
absl::StatusOr<v1::Roll> MakeRoll(std::vector<PublicKey> credentials);

// OPEN countersigning the log as it stands in `state` (size and Merkle root), at `opened_at`
// (Unix seconds, UTC; the board refuses a time far from its clock, specs/board.md). Whether
// the ceremony allows it is the state machine's rule (specs/ceremony.md §3).
v1::Open MakeOpen(const ElectionState& state, int64_t opened_at);

// A CREDENTIAL_REPLACEMENT (specs/entries.md §2.10) revoking `revoked` for `replacement` at
// `replaced_at` (Unix seconds, UTC). Whether it is allowed is the state machine's rule.
v1::CredentialReplacement MakeCredentialReplacement(const PublicKey& revoked,
                                                    const PublicKey& replacement,
                                                    int64_t replaced_at);

// CLOSE countersigning the log as it stands in `state`.
v1::Close MakeClose(const ElectionState& state);

// The result: combines the partial decryptions of the `threshold` lowest-indexed trustees
// that posted a valid one, recovers every count by a bounded discrete logarithm (at most the
// number of counted ballots), and derives the decisions. Errors: "tally.waiting" (fewer than
// threshold partial decryptions; the message names, by index and manifest name, the trustees
// whose partial is on the board and those still missing), "phase.wrong".
absl::StatusOr<v1::Result> ComputeResult(const ElectionState& state);

}  // namespace urne

#endif  // URNE_ELECTION_AUTHORITY_STEPS_H_

// A trustee's protocol steps as pure functions over the replayed election state
// (specs/ceremony.md, specs/crypto-proofs.md "Threshold"): the ceremony's commitments,
// sealed shares, verdicts and reveals, the aggregate share, and the partial decryption. The
// urne-trustee program (trustee-tools/) wraps them with key files and board I/O; tests and
// tools call them directly. Thread-safe (no shared state).
#ifndef URNE_ELECTION_TRUSTEE_STEPS_H_
#define URNE_ELECTION_TRUSTEE_STEPS_H_

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "absl/status/statusor.h"
#include "crypto/secret_bytes.h"
#include "crypto/threshold.h"
#include "crypto/x25519.h"
#include "election/state.h"
#include "urne/v1/entries.pb.h"

namespace urne {

// Step 1: commitments g^{a_k} with Schnorr proofs bound to (election, trustee, k).
v1::TrusteeCommitment MakeCommitment(const ElectionId& election, uint32_t me,
                                     const Polynomial& polynomial);

// Step 2: f(j) for every other trustee j, sealed to j's box key from the manifest.
absl::StatusOr<v1::SealedShares> MakeSealedShares(const v1::Manifest& manifest, uint32_t me,
                                                  const Polynomial& polynomial);

// Step 3: opens the shares addressed to `me` and checks each against its dealer's
// commitments. A share that cannot be opened or does not match is a complaint. With
// `dealers`, only those dealers' shares are opened (after an OPEN at the ceremony deadline
// excluded the others, specs/ceremony.md §3); otherwise every other trustee must have dealt
// ("trustee.waiting").
struct ReceivedShares {
  std::map<uint32_t, SecretScalar> shares;  // dealer → f_dealer(me), checked
  std::vector<uint32_t> complaints;         // dealers whose share failed, ascending
};
absl::StatusOr<ReceivedShares> OpenShares(const ElectionState& state, uint32_t me,
                                          const BoxKeyPair& box,
                                          const std::set<uint32_t>* dealers = nullptr);
v1::ShareVerdict MakeVerdict(uint32_t me, const std::vector<uint32_t>& complaints);

// Answer to a complaint of `recipient` against `me`: the share in clear.
v1::ShareReveal MakeReveal(uint32_t me, uint32_t recipient, const Polynomial& polynomial);

// After the ceremony: s_me = Σ_{i ∈ qualified} f_i(me), from the own polynomial, the
// received shares and the revealed ones; checked against the verification key g^{s_me}.
// Errors: "trustee.missing_share", "trustee.share_mismatch".
absl::StatusOr<SecretScalar> AggregateShare(const ElectionState& state, uint32_t me,
                                            const Polynomial& own,
                                            const std::map<uint32_t, SecretScalar>& received);

// After close: M = alpha^{s_me} for every option of the encrypted tally that `state`
// recomputed itself, each with a Chaum–Pedersen proof (checked before returning), bound to
// the log's CLOSE (close_tree_size, close_root_hash).
absl::StatusOr<v1::PartialDecryption> MakePartialDecryption(const ElectionState& state, uint32_t me,
                                                            const SecretScalar& share);

}  // namespace urne

#endif  // URNE_ELECTION_TRUSTEE_STEPS_H_

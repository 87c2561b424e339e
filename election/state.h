// The election state machine: SETUP → KEY_CEREMONY → READY → VOTING → CLOSED → TALLIED.
// Replaying the same log always yields the same state (specs/entries.md). The board, the
// trustees, the authority, the voter client and the verifier all replay through this class.
//
// Apply(entry) validates an entry completely (envelope, signature, role, phase, payload,
// proofs, references) and records it, or returns a specific error and leaves the state
// unchanged. For throughput, Precheck() does the expensive, state-independent-enough part
// (signature; ballot and audit proofs) and may run on many threads at once while no Apply
// runs; ApplyPrechecked() then finishes. Not thread-safe otherwise.
#ifndef URNE_ELECTION_STATE_H_
#define URNE_ELECTION_STATE_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "crypto/elgamal.h"
#include "crypto/merkle.h"
#include "election/alpha_registry.h"
#include "election/ballot.h"
#include "election/ceremony.h"
#include "election/entry.h"
#include "urne/v1/board.pb.h"
#include "urne/v1/entries.pb.h"
#include "urne/v1/manifest.pb.h"

namespace urne {

const char* PhaseName(v1::Phase phase);

// Context of trustee j's Chaum–Pedersen proof for option o of question q of the tally:
// Transcript "urne/v1/context/decryption" with "election", "trustee" (u64), "question" (u64),
// "option" (u64).
Bytes DecryptionContext(const ElectionId& election, uint32_t trustee, uint64_t q, uint64_t o);

struct TallyCheckpoint;  // election/tally_checkpoint.h

// What Precheck found, handed to ApplyPrechecked.
struct Prechecked {
  std::optional<VerifiedBallot> ballot;  // BALLOT entries
  Digest32 tracking_code{};              // BALLOT entries: TrackingCode(payload)
};

// Reads back the entry at a log index already applied (ElectionState::SetEntryReader).
using EntryReader = std::function<absl::StatusOr<v1::Entry>(uint64_t index)>;

class ElectionState {
 public:
  // Starts an election from its first entry, a MANIFEST entry whose election id is the
  // hash of its payload, signed by the manifest's authority key.
  static absl::StatusOr<std::unique_ptr<ElectionState>> Begin(const v1::Entry& manifest_entry);

  // After CLOSE without the ballots (issue #18 point 4, specs/entries.md §3.2): `setup` is a
  // state replayed up to OPEN (phase VOTING; BoardClient::SyncSetup); the result stands just
  // before the CLOSE of `checkpoint` (its size and root), with its encrypted tally (decoded
  // strictly) and counts, as if every entry of that log had been applied. Apply that CLOSE
  // next (ApplyClose checks it countersigns exactly that size and root), then the partial
  // decryptions (checked against this tally) and the RESULT as usual. A resumed state's tree()
  // holds only the entries applied after the resume point (size() counts them all); it takes
  // no BALLOT. Defined in election/tally_checkpoint.cc. Errors: "checkpoint.wrong_election",
  // "checkpoint.malformed" (a tally of another shape, or an undecodable ciphertext),
  // FAILED_PRECONDITION "phase.wrong" (setup is not VOTING, or longer than the CLOSE's log).
  static absl::StatusOr<std::unique_ptr<ElectionState>> ResumeAtClose(
      std::unique_ptr<ElectionState> setup, const TallyCheckpoint& checkpoint);

  absl::Status Apply(const v1::Entry& entry);
  absl::StatusOr<Prechecked> Precheck(const v1::Entry& entry) const;
  // As Precheck, except that a BALLOT's proof equations are queued in `ballot_proofs`
  // (VerifyBallotInto): the result holds only once ballot_proofs->Verify() succeeds.
  // election/ballot_batch.h does that over many ballots.
  absl::StatusOr<Prechecked> Precheck(const v1::Entry& entry, BatchVerifier* ballot_proofs) const;
  absl::Status ApplyPrechecked(const v1::Entry& entry, Prechecked prechecked);

  // Precheck of a BALLOT entry in its three steps, for a caller that must not hold the state
  // while proofs are verified (the board, whose writer applies entries meanwhile): the same
  // checks in the same order as Precheck, so the same first error.
  // 1. PrecheckEnvelope: the election id, then the signature (unless SetSignaturesVerified).
  //    Reads only what never changes after Begin: safe while another thread applies.
  absl::Status PrecheckEnvelope(const v1::Entry& entry) const;
  // 2. PrecheckBallotState: phase (VOTING), voter, and the same ballot already counted
  //    (ballot.duplicate); `tracking_code` is TrackingCode(entry.payload()), computed by the
  //    caller outside the state. Reads the state: no Apply may run meanwhile. Returns the
  //    statement the proofs are checked against; it refers to the manifest, group and joint
  //    key, which no Apply changes once the election is VOTING, so it stays valid while the
  //    state lives.
  absl::StatusOr<BallotStatement> PrecheckBallotState(const v1::Entry& entry,
                                                      const Digest32& tracking_code) const;
  // 3. The proofs, without the state: VerifyBallot or VerifyBallotInto (election/ballot.h)
  //    against that statement.

  // Memory per credential for long logs (the verifier, issue #18). By default the state
  // keeps each counted ballot's ciphertexts, to take them out of the tally when a later
  // ballot supersedes it or a replacement revokes its credential. With a reader it keeps
  // only the counted ballot's index and reads that entry back then (an error of the reader
  // is returned by the Apply that needed it, the state unchanged). Call before the first
  // BALLOT.
  void SetEntryReader(EntryReader reader) { reader_ = std::move(reader); }
  // The caller has verified every entry's signature and envelope (VerifyEntrySignature) before
  // handing it over, as the verifier's step 1.4 does: Precheck does not verify it again.
  void SetSignaturesVerified() { signatures_verified_ = true; }
  // Keys ParsePublicKey accepted before (the verifier's first pass checked the roll's
  // credentials there): ApplyRoll skips their point checks. Without it, ApplyRoll keeps the
  // roll's keys it parsed, and envelope checks of credentials' entries skip theirs.
  void SetKnownKeys(std::shared_ptr<const KnownKeys> keys) { known_keys_.store(std::move(keys)); }
  // ApplyRoll checks the credentials' length and order but not that each is a point of the
  // prime-order subgroup (about 40 µs each): for a party that checked this very ROLL entry
  // before (SyncAfterClose, specs/entries.md §3.1), and for a voter's client, which relies on
  // its own credential only (specs/ballot.md §7 step 2). Its keys are then not known keys:
  // envelope checks of credentials' entries parse theirs in full. Call before the ROLL.
  void SetRollCheckedBefore() { roll_checked_before_ = true; }
  // Allocates at once the per-ballot tables for `ballots` BALLOT and AUDIT entries to come
  // (a verifier knows their number from its first pass): no table then grows by rehashing,
  // which holds the old and the new table together. Call once the manifest is known.
  void ReserveBallots(uint64_t ballots);

  const ElectionId& id() const { return id_; }
  const v1::Manifest& manifest() const { return *manifest_; }
  const Group& group() const { return *group_; }
  v1::Phase phase() const { return phase_; }
  // Entries applied so far (the log size) and their Merkle tree.
  uint64_t size() const { return resumed_size_ + tree_.Size(); }
  const MerkleTree& tree() const { return tree_; }
  const Ceremony& ceremony() const { return ceremony_; }
  // The roll's credentials (sorted), empty before the ROLL entry. Replacements do not change
  // it (its length is the number of registered voters); OnRoll() follows them.
  const std::vector<std::string>& roll() const { return roll_; }
  bool roll_posted() const { return roll_posted_; }
  // True iff the credential may vote now: on the roll or added by a CREDENTIAL_REPLACEMENT,
  // and not revoked by one (specs/entries.md §2.10).
  bool OnRoll(const std::string& credential) const;

  // One accepted CREDENTIAL_REPLACEMENT (specs/entries.md §2.10).
  struct Replacement {
    uint64_t index = 0;                // its entry's index
    std::string revoked;               // 32 bytes
    std::string replacement;           // 32 bytes
    int64_t replaced_at = 0;           // the authority's signed time, Unix seconds
    bool revoked_had_counted = false;  // the revoked credential's ballot left the tally
  };
  const std::vector<Replacement>& replacements() const { return replacements_; }
  // The replacement that revoked `credential`, or nullptr if it is not revoked.
  const Replacement* RevokedBy(const std::string& credential) const;

  // Counts for status reports.
  uint64_t ballots() const { return ballots_; }
  uint64_t revotes() const { return revotes_; }
  uint64_t audits() const { return audits_; }
  // Credentials whose ballot counts (one each).
  uint64_t ballots_counted() const { return resumed_counted_ + latest_.size(); }
  // OK when no ballot or at least the manifest's min_counted_ballots count; else
  // FAILED_PRECONDITION "decryption.too_few_ballots": no partial decryption of this tally
  // may exist.
  absl::Status CheckSecrecyFloor() const;
  // Index of the counted ballot of a credential, if any.
  std::optional<uint64_t> CountedBallotIndex(const std::string& credential) const;
  // The encrypted tally (per question, per option): the product of the counted ballots'
  // ciphertexts. Available from VOTING on.
  const std::vector<std::vector<Ciphertext>>& encrypted_tally() const { return tally_; }
  // Valid partial decryptions received, by trustee index.
  const std::map<uint32_t, std::vector<std::vector<Element>>>& partials() const {
    return partials_;
  }
  const v1::Result* result() const { return result_ ? &*result_ : nullptr; }
  // The log's OPEN and CLOSE (what they countersign) and their indexes, once accepted.
  const v1::Open* open() const { return open_ ? &*open_ : nullptr; }
  const v1::Close* close() const { return close_ ? &*close_ : nullptr; }
  uint64_t open_index() const { return open_index_; }
  uint64_t close_index() const { return close_index_; }
  // The joint key, once the ceremony is final.
  const ElGamalPublicKey* joint_key() const {
    return ceremony_.finalized() ? &ceremony_.joint_key() : nullptr;
  }

 private:
  // A credential (an entry's author, already checked to be 32 bytes) as a map key.
  using CredentialKey = std::array<uint8_t, 32>;
  static CredentialKey KeyOf(const std::string& credential);

  ElectionState(std::unique_ptr<v1::Manifest> manifest, const Group& group, ElectionId id);
  // The ciphertexts of `credential`'s counted ballot, entry `index`: kept, or read back.
  absl::StatusOr<BallotCiphertexts> CountedCiphertexts(const CredentialKey& credential,
                                                       uint64_t index) const;
  // Takes `credential`'s counted ballot (entry `index`) out of the tally.
  absl::Status LeaveTally(const CredentialKey& credential, uint64_t index);
  absl::Status CheckPhase(v1::EntryKind kind, std::initializer_list<v1::Phase> allowed) const;
  BallotStatement Statement(const std::string& credential) const;
  absl::Status ApplyRoll(const v1::Entry& entry);
  absl::Status ApplyCeremony(const v1::Entry& entry);
  absl::Status ApplyOpen(const v1::Entry& entry);
  absl::Status ApplyBallot(const v1::Entry& entry, Prechecked prechecked);
  absl::Status ApplyAudit(const v1::Entry& entry);
  absl::Status ApplyReplacement(const v1::Entry& entry);
  // BALLOT and AUDIT authors: a revoked credential is "credential.revoked", one not on the
  // roll "credential.not_on_roll" (both PERMISSION_DENIED).
  absl::Status CheckVoter(const std::string& credential) const;
  // specs/ballot.md §4 rule 8: a ballot (or audited ballot) cannot claim to have seen the
  // entry it is. Reason "ballot.seen_ahead".
  absl::Status CheckSeenTreeSize(uint64_t seen_tree_size) const;
  absl::Status ApplyClose(const v1::Entry& entry);
  // OPEN and CLOSE name the log before them: `tree_size` and `root_hash` must be this state's.
  // Reason "open.tree_head_mismatch" / "close.tree_head_mismatch".
  absl::Status CheckCountersigned(v1::EntryKind kind, uint64_t tree_size,
                                  const std::string& root_hash) const;
  absl::Status ApplyPartial(const v1::Entry& entry);
  absl::Status ApplyResult(const v1::Entry& entry);
  void Record(const v1::Entry& entry);

  std::unique_ptr<v1::Manifest> manifest_;
  const Group* group_;
  ElectionId id_;
  v1::Phase phase_ = v1::SETUP;
  MerkleTree tree_;
  // ResumeAtClose: the entries before tree_'s first, the root of those, the counted ballots.
  uint64_t resumed_size_ = 0;
  std::optional<std::string> resumed_root_;
  uint64_t resumed_counted_ = 0;
  Ceremony ceremony_;
  std::vector<std::string> roll_;
  bool roll_posted_ = false;
  bool roll_checked_before_ = false;  // SetRollCheckedBefore
  // May be null. Atomic: the board checks envelopes outside its state lock
  // (election/ballot_batch.h) while the writer may be applying the roll.
  std::atomic<std::shared_ptr<const KnownKeys>> known_keys_;
  // Credentials added by replacements, and revoked ones → their index in replacements_.
  std::set<std::string> added_;
  std::map<std::string, size_t> revoked_;
  std::vector<Replacement> replacements_;
  uint64_t ballots_ = 0;
  uint64_t revotes_ = 0;
  uint64_t audits_ = 0;
  absl::flat_hash_set<Digest32> tracking_codes_;
  // Every α of every ballot and audit accepted so far (specs/ballot.md §4 rule 7).
  AlphaRegistry alphas_;
  // credential → index of its counted (latest) ballot; and, without a reader, that ballot's
  // ciphertext encodings per question/option.
  absl::flat_hash_map<CredentialKey, uint64_t> latest_;
  absl::flat_hash_map<CredentialKey, std::vector<std::vector<Bytes>>> counted_ciphertexts_;
  EntryReader reader_;
  bool signatures_verified_ = false;
  std::vector<std::vector<Ciphertext>> tally_;
  std::map<uint32_t, std::vector<std::vector<Element>>> partials_;
  std::optional<v1::Result> result_;
  std::optional<v1::Open> open_;
  std::optional<v1::Close> close_;
  uint64_t open_index_ = 0;
  uint64_t close_index_ = 0;
};

}  // namespace urne

#endif  // URNE_ELECTION_STATE_H_

// VoterSession: one voter's visit to one election, shared by `urne-vote cast` and the booth.
// Open() syncs the election from the board (BoardClient::Sync checks the tree head, every
// signature and proof, the election id and derives the joint key from the ceremony), and
// refuses unless the vote is open and the credential is on the roll. Then Encrypt / Cast /
// Audit implement specs/ballot.md "Casting" and "Audits (Benaloh challenge)".
//
// The session owns the credential's signing key (wiped on destruction) and borrows the
// BoardClient, which must outlive it. Not thread-safe (the booth serialises requests).
#ifndef URNE_VOTER_CLIENT_SESSION_H_
#define URNE_VOTER_CLIENT_SESSION_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "board-client/client.h"
#include "crypto/ed25519.h"
#include "election/ballot.h"
#include "election/credential.h"
#include "voter-client/receipt_file.h"

namespace urne::voter_client {

// What an audit showed: the choices the device really encrypted, read back from the
// published opening.
struct AuditOutcome {
  std::string tracking_code;  // of the audited (spoiled) ballot
  Choices revealed;
  bool matches = false;  // revealed == the choices the voter made
  v1::Receipt receipt;   // the board's receipt for the AUDIT entry
  v1::Entry entry;       // the AUDIT entry posted
};

// The phase: the synced state's, or after OPEN (where SyncSetup stops) the board's status
// (a hint: the board refuses what its phase does not allow, whatever it says here).
v1::Phase CurrentPhase(BoardClient& board, const ElectionId& election, const ElectionState& setup);

class VoterSession {
 public:
  // Requires a parsed code (ParseCredentialCode first: no network for a typo). Reasons: the
  // board's (e.g. "election.not_found", NOT_FOUND), Sync's, "vote.not_open" (FAILED_PRECONDITION,
  // message naming the phase), "credential.not_on_roll" (PERMISSION_DENIED). The log is read up
  // to OPEN (SyncSetup); a code not on that roll is looked up in the whole log, where a
  // replacement letter's credential is added (specs/credentials.md §8).
  static absl::StatusOr<std::unique_ptr<VoterSession>> Open(BoardClient& board,
                                                            const ElectionId& election,
                                                            const CredentialCode& code);

  const v1::Manifest& manifest() const { return synced_.state->manifest(); }
  const ElectionState& state() const { return *synced_.state; }
  const ElectionId& election() const { return election_; }

  // Encrypts with fresh randomness (CheckChoices first: reason "ballot.choices"). The ballot's
  // seen_tree_size is seen_tree_size() (specs/ballot.md §7).
  absl::StatusOr<EncryptedBallot> Encrypt(const Choices& choices) const;

  // The size of the latest signed tree head this session has verified: the head SyncSetup
  // checked, then the head of each receipt of this session's posts.
  uint64_t seen_tree_size() const { return seen_tree_size_; }

  // Signs and posts the ballot; returns the receipt file (receipt checked with
  // VerifyReceipt). Reasons: the board's, e.g. "ballot.already_cast" (ALREADY_EXISTS) with a
  // plain message; "vote.not_open" if the vote closed meanwhile.
  absl::StatusOr<ReceiptFile> Cast(const EncryptedBallot& ballot);

  // Posts the ballot's opening as an AUDIT entry, then checks it (VerifyAudit) against the
  // choices the voter made. The audited ballot can never be cast; encrypt again.
  absl::StatusOr<AuditOutcome> Audit(const EncryptedBallot& ballot, const Choices& intended);

 private:
  VoterSession(BoardClient& board, ElectionId election, SigningKey key, SyncedElection synced)
      : board_(board),
        election_(election),
        key_(std::move(key)),
        synced_(std::move(synced)),
        seen_tree_size_(synced_.tree_head.tree_size()) {}
  absl::StatusOr<v1::Receipt> PostChecked(const v1::Entry& entry);
  BallotStatement Statement() const;

  BoardClient& board_;
  ElectionId election_;
  SigningKey key_;
  SyncedElection synced_;
  uint64_t seen_tree_size_;
};

// A clearer message for board errors a voter meets (already voted, vote closed).
absl::Status ExplainPostError(const absl::Status& status);

}  // namespace urne::voter_client

#endif  // URNE_VOTER_CLIENT_SESSION_H_

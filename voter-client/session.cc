#include "voter-client/session.h"

#include <algorithm>

#include "election/entry.h"
#include "election/tree_head.h"
#include "status/status.h"

namespace urne::voter_client {
namespace {

absl::Status NotOpen(v1::Phase phase) {
  std::string why = phase == v1::CLOSED || phase == v1::TALLIED ? "the vote is closed"
                                                                : "the vote is not open yet";
  return Error(absl::StatusCode::kFailedPrecondition, "vote.not_open",
               Cat(why, " (the election is in phase ", PhaseName(phase),
                   "); ballots are accepted only while VOTING"));
}

}  // namespace

absl::Status ExplainPostError(const absl::Status& status) {
  std::string reason = ReasonOf(status);
  if (reason == "ballot.already_cast") {
    return Error(status.code(), reason,
                 "you have already voted: this votation allows one ballot per voter, and your "
                 "first ballot counts");
  }
  if (reason == "phase.wrong") {
    return Error(absl::StatusCode::kFailedPrecondition, "vote.not_open",
                 Cat("the vote is closed: ", std::string(status.message())));
  }
  return status;
}

v1::Phase CurrentPhase(BoardClient& board, const ElectionId& election, const ElectionState& setup) {
  if (setup.phase() != v1::VOTING) return setup.phase();
  auto status = board.Status(election);
  return status.ok() ? status->phase() : setup.phase();
}

absl::StatusOr<std::unique_ptr<VoterSession>> VoterSession::Open(BoardClient& board,
                                                                 const ElectionId& election,
                                                                 const CredentialCode& code) {
  // Other voters' credentials are not checked as points here (specs/ballot.md §7 step 2).
  auto synced = board.SyncSetup(election, BoardClient::RollCheck::kLengthAndOrder);
  if (!synced.ok()) {
    if (synced.status().code() == absl::StatusCode::kNotFound) {
      return Error(absl::StatusCode::kNotFound, "election.not_found",
                   Cat("the board at ", board.address(), " has no election ", ToHex(election),
                       "; check the election id on your letter"));
    }
    if (synced.status().code() == absl::StatusCode::kUnavailable ||
        synced.status().code() == absl::StatusCode::kDeadlineExceeded) {
      return Error(synced.status().code(), "board.unreachable",
                   Cat("cannot reach the board at ", board.address(), ": ",
                       std::string(synced.status().message())));
    }
    return synced.status();
  }
  const ElectionState& state = *synced->state;
  if (v1::Phase phase = CurrentPhase(board, election, state); phase != v1::VOTING) {
    return NotOpen(phase);
  }
  if (state.joint_key() == nullptr) {
    return Error(absl::StatusCode::kFailedPrecondition, "vote.not_open",
                 "the election has no joint key yet");
  }
  SigningKey key = DeriveCredentialKey(election, code);
  PublicKey pk = key.public_key();
  const std::string credential(pk.bytes.begin(), pk.bytes.end());
  if (!state.OnRoll(credential)) {
    // A replacement letter's credential is added by a CREDENTIAL_REPLACEMENT, posted after
    // OPEN (specs/credentials.md §8): only the whole log shows it. Rare, so only a code that
    // is not on the roll pays for the whole log.
    auto whole = board.Sync(election);
    if (whole.ok() && whole->state->OnRoll(credential)) {
      return std::unique_ptr<VoterSession>(
          new VoterSession(board, election, std::move(key), std::move(*whole)));
    }
  }
  if (!state.OnRoll(credential)) {
    return Error(absl::StatusCode::kPermissionDenied, "credential.not_on_roll",
                 "this credential code is not on this election's roll: check that you typed "
                 "the code of the letter for this election, and the election id");
  }
  return std::unique_ptr<VoterSession>(
      new VoterSession(board, election, std::move(key), std::move(*synced)));
}

BallotStatement VoterSession::Statement() const {
  return BallotStatement{manifest(), state().group(), election_, *state().joint_key(),
                         key_.public_key()};
}

absl::StatusOr<EncryptedBallot> VoterSession::Encrypt(const Choices& choices) const {
  return EncryptBallot(Statement(), choices, seen_tree_size_);
}

absl::StatusOr<v1::Receipt> VoterSession::PostChecked(const v1::Entry& entry) {
  auto receipt = board_.Post(entry);
  if (!receipt.ok()) return ExplainPostError(receipt.status());
  // The receipt's tree head must be signed by the board the manifest names: a server that
  // relays the real board but keeps the ballot cannot sign for it.
  absl::Status ok = VerifyReceipt(*receipt, entry, manifest().board_key());
  if (!ok.ok()) {
    return Error(
        absl::StatusCode::kDataLoss, "verify.receipt",
        Cat("the board's receipt does not verify (", ReasonOf(ok), ": ", std::string(ok.message()),
            "); your ballot may not be on the election's board. Keep this output and "
            "report it"));
  }
  // The receipt's head is verified and includes this entry: a ballot encrypted from now on
  // comes after it (specs/ballot.md §4 rule 9).
  seen_tree_size_ = std::max(seen_tree_size_, receipt->tree_head().tree_size());
  return *receipt;
}

absl::StatusOr<ReceiptFile> VoterSession::Cast(const EncryptedBallot& ballot) {
  v1::Entry entry = MakeEntry(election_, v1::BALLOT, ballot.payload, key_);
  URNE_ASSIGN_OR_RETURN(v1::Receipt receipt, PostChecked(entry));
  ReceiptFile file;
  file.tracking_code = FormatTrackingCode(ballot.tracking_code);
  file.election_id = ToHex(election_);
  file.board = board_.address();
  file.receipt = std::move(receipt);
  file.entry = std::move(entry);
  return file;
}

absl::StatusOr<AuditOutcome> VoterSession::Audit(const EncryptedBallot& ballot,
                                                 const Choices& intended) {
  v1::Entry entry = MakeEntry(election_, v1::AUDIT, Serialize(ballot.opening), key_);
  AuditOutcome out;
  URNE_ASSIGN_OR_RETURN(out.receipt, PostChecked(entry));
  out.entry = entry;
  out.tracking_code = FormatTrackingCode(ballot.tracking_code);
  // Checked from the published bytes, exactly as a second device or the verifier would.
  v1::Audit published;
  URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), published));
  auto verified = VerifyAudit(Statement(), published);
  if (!verified.ok()) {
    return Error(absl::StatusCode::kDataLoss, "verify.audit",
                 Cat("the audit does not verify: ", std::string(verified.status().message())));
  }
  out.revealed = std::move(verified->revealed);
  out.matches = out.revealed == intended;
  return out;
}

}  // namespace urne::voter_client

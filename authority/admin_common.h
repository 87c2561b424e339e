// Checks shared by the urne-admin commands (admin.cc, roll.cc): each returns the error a
// command reports as is. Not a public interface of urne_authority. Thread-safe.
#ifndef URNE_AUTHORITY_ADMIN_COMMON_H_
#define URNE_AUTHORITY_ADMIN_COMMON_H_

#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "authority/messages.h"
#include "authority/roll_csv.h"
#include "authority/signed_once.h"
#include "board-client/client.h"
#include "crypto/ed25519.h"
#include "election/state.h"

namespace urne::authority {

// "key.not_authority" unless `key` is the manifest's authority key.
absl::Status CheckAuthority(const ElectionState& state, const SigningKey& key);

// FAILED_PRECONDITION "phase.wrong": `what` (a message of authority/messages.def), then the
// current phase, in both languages.
absl::Status WrongPhase(const ElectionState& state, AdminMsg what);

// "size N, root HEX": one view of the log, as the authority compares two.
std::string View(uint64_t size, const std::string& root);

// The signed OPEN or CLOSE `signed_once` cannot be placed on the log the board shows now
// (`board_view`, as View and any detail): both views in the message, and nothing else is
// ever signed (specs/entries.md §3). ABORTED "open.refused" / "close.refused" when the
// board's log `extends` the signed one (entries arrived after the signature), else
// "verify.board_fork" (two histories). `why` starts the message.
absl::Status SignedRecordStuck(const SignedRecord& signed_once, const std::string& board_view,
                               bool extends, const std::string& state_dir, const std::string& why);

// board.Sync with the board's address in any error.
absl::StatusOr<SyncedElection> SyncAndCheck(BoardClient& board, const ElectionId& election);

// Overwrites `s` with zeros (it may hold a code) and clears it.
void Wipe(std::string& s);

// Reads and parses the roll CSV; errors name the file.
absl::StatusOr<std::vector<Voter>> ReadVoters(const std::string& csv_path,
                                              const RollCsvOptions& options);

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_ADMIN_COMMON_H_

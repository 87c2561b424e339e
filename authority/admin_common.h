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
#include "board-client/client.h"
#include "crypto/ed25519.h"
#include "election/state.h"

namespace urne::authority {

// "key.not_authority" unless `key` is the manifest's authority key.
absl::Status CheckAuthority(const ElectionState& state, const SigningKey& key);

// FAILED_PRECONDITION "phase.wrong": `what` (a message of authority/messages.def), then the
// current phase, in both languages.
absl::Status WrongPhase(const ElectionState& state, AdminMsg what);

// board.Sync with the board's address in any error.
absl::StatusOr<SyncedElection> SyncAndCheck(BoardClient& board, const ElectionId& election);

// Overwrites `s` with zeros (it may hold a code) and clears it.
void Wipe(std::string& s);

// Reads and parses the roll CSV; errors name the file.
absl::StatusOr<std::vector<Voter>> ReadVoters(const std::string& csv_path,
                                              const RollCsvOptions& options);

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_ADMIN_COMMON_H_

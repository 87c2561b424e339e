// The abstainer check (specs/credentials.md §7.1): from a public credential — recomputed
// from the voter's code, which never leaves this process — find every BALLOT and AUDIT entry
// it authored in the election's log, when the board says it received each, and which ballot
// counts; mark the entries this device cast (its kept receipts, receipt_store.h), and flag a
// receipted ballot superseded by one this device did not cast (§7.2).
//
// Nothing unverified is used: the log comes from BoardClient::Sync (every entry checked
// against the board's signed tree head and replayed through election/). The receive times
// are the board's unsigned claim (specs/board.md §5.1) and only shown. Thread-compatible.
#ifndef URNE_VOTER_CLIENT_CREDENTIAL_CHECK_H_
#define URNE_VOTER_CLIENT_CREDENTIAL_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "board-client/client.h"
#include "crypto/ed25519.h"
#include "urne/v1/manifest.pb.h"
#include "voter-client/answers.h"
#include "voter-client/receipt_store.h"

namespace urne::voter_client {

// One entry authored by the credential.
struct CredentialEntry {
  uint64_t index = 0;
  bool audit = false;         // AUDIT (never counts) rather than BALLOT
  std::string tracking_code;  // of the entry's ballot (specs/ballot.md §6)
  int64_t received_ms = 0;    // the board's claim; 0 = unknown
  bool counts = false;        // the credential's counted ballot (so far, while VOTING)
  bool from_this_device = false;
};

// The log a check read: the election's phase now, and the size and timestamp of the board's
// signed tree head.
struct CheckedLog {
  std::string phase;
  uint64_t tree_size = 0;
  int64_t tree_head_ms = 0;
};

struct CredentialReport : CheckedLog {
  enum class Verdict {
    kNoRollYet,          // no ROLL entry yet: no ballot can exist
    kNotOnRoll,          // the credential is not on the roll (wrong code or election)
    kNothingPosted,      // on the roll, no BALLOT or AUDIT under it
    kPosted,             // entries found; none supersedes a receipted ballot of this device
    kSupersededByOther,  // a receipted ballot of this device is superseded by a ballot that
                         // is not one of this device's receipts
    kRevoked,            // the authority replaced this credential (a CREDENTIAL_REPLACEMENT,
                         // specs/credentials.md §8): none of its ballots counts any more
  };
  Verdict verdict = Verdict::kNothingPosted;
  std::vector<CredentialEntry> entries;  // in log order
  std::optional<uint64_t> counted_index;
  std::optional<uint64_t> revoked_by;  // kRevoked: the replacement entry
  int64_t revoked_at = 0;              // kRevoked: its replaced_at (Unix seconds)
  size_t own_receipts = 0;             // receipts of this election known to this device
  std::vector<std::string> skipped_receipts;
};

// BoardClient::Sync for a check: reasons starting "sync." or "tree_head." are mapped to
// DATA_LOSS "verify.sync" (the board's log does not check); other errors (NOT_FOUND
// "election.unknown" from the board, …) are passed on. On success fills `log` and, when not
// null, `manifest`.
absl::StatusOr<SyncedElection> SyncForCheck(BoardClient& board, const ElectionId& election,
                                            CheckedLog& log, v1::Manifest* manifest);

// Errors: SyncForCheck's.
absl::StatusOr<CredentialReport> CheckCredential(BoardClient& board, const ElectionId& election,
                                                 const PublicKey& credential, const OwnEntries& own,
                                                 v1::Manifest* manifest = nullptr);

// What the voter reads (French or English): the phase and log size, every entry with its
// time and whether it counts, and what to do — whom to contact, with which entry numbers —
// if an entry was not cast by the voter. `manifest` gives the title and the organiser.
std::string DescribeCredentialReport(const CredentialReport& report, const v1::Manifest& manifest,
                                     const std::string& election_hex, Lang lang);

// The --json object (one line; fields in specs/credentials.md §7.1): ok, status,
// election_id, phase, tree_size, tree_head_timestamp_ms, on_roll, own_receipts,
// counted_index (null if none), revoked_by and revoked_at (null unless revoked), entries
// [{index, kind, tracking_code, received_ms, counts, from_this_device}].
std::string CredentialReportJson(const CredentialReport& report, const std::string& election_hex);

// Stable names used in --json output: "no_roll_yet", "not_on_roll", "nothing_posted",
// "posted", "superseded_by_other", "revoked".
const char* VerdictName(CredentialReport::Verdict verdict);

}  // namespace urne::voter_client

#endif  // URNE_VOTER_CLIENT_CREDENTIAL_CHECK_H_

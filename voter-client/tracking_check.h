// The tracking-code check (specs/ballot.md §9.1): a voter who kept only the tracking code
// shown when they voted — no receipt file — finds that ballot in the verified log and learns
// whether it counts. The log comes from BoardClient::Sync (every entry checked against the
// board's signed tree head and replayed); the receive time is the board's unsigned claim,
// only shown. Thread-compatible.
#ifndef URNE_VOTER_CLIENT_TRACKING_CHECK_H_
#define URNE_VOTER_CLIENT_TRACKING_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "board-client/client.h"
#include "urne/v1/manifest.pb.h"
#include "voter-client/answers.h"
#include "voter-client/credential_check.h"

namespace urne::voter_client {

// What a voter types → the 32 symbols of the code, upper case, without separators. Spaces,
// tabs and '-' are ignored and letters upper-cased. Errors (INVALID_ARGUMENT):
// "tracking_code.bad_character" (a character outside A–Z, 2–7; the message names it),
// "tracking_code.wrong_length" (not 32 symbols).
absl::StatusOr<std::string> ParseTrackingCodeText(const std::string& text);

struct TrackingReport : CheckedLog {
  enum class Verdict {
    kNotFound,    // no BALLOT or AUDIT with this tracking code in the log
    kCounts,      // a BALLOT, its credential's counted ballot (so far, while VOTING)
    kSuperseded,  // a BALLOT replaced by a later ballot of the same credential
    kRevoked,     // a BALLOT whose credential was replaced (specs/credentials.md §8)
    kAudit,       // an AUDIT: published opened, never counted
  };
  Verdict verdict = Verdict::kNotFound;
  std::string tracking_code;   // displayed form
  uint64_t index = 0;          // the entry (found only)
  int64_t received_ms = 0;     // the board's claim; 0 = unknown
  std::optional<uint64_t> by;  // kSuperseded: the counted ballot; kRevoked: the replacement
};

// Errors: as CheckCredential (credential_check.h): "verify.sync" when the log does not check.
absl::StatusOr<TrackingReport> CheckTrackingCode(BoardClient& board, const ElectionId& election,
                                                 const std::string& canonical_code,
                                                 v1::Manifest* manifest = nullptr);

// French or English text; what to do when the ballot is missing or no longer counts.
std::string DescribeTrackingReport(const TrackingReport& report, const v1::Manifest& manifest,
                                   Lang lang);

// One JSON line: ok, status ("not_found", "counts", "superseded", "revoked", "audit"),
// tracking_code, phase, tree_size, tree_head_timestamp_ms, index, received_ms, by (null when absent
// or not found).
std::string TrackingReportJson(const TrackingReport& report);

}  // namespace urne::voter_client

#endif  // URNE_VOTER_CLIENT_TRACKING_CHECK_H_

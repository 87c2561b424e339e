// Checking a receipt against the board as it is now (specs/ballot.md "Checking a receipt"):
// the receipt verifies (VerifyReceipt) and is signed by the board key the election's manifest
// names (verify.board_key), the board's current signed tree head is consistent
// with the receipt's (VerifyConsistency), the entry is included in the current tree
// (VerifyInclusion), and the replayed election says whether the ballot is the one counted
// for its credential. Thread-compatible.
#ifndef URNE_VOTER_CLIENT_CHECK_H_
#define URNE_VOTER_CLIENT_CHECK_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "board-client/client.h"
#include "voter-client/receipt_file.h"
#include "voter-client/receipt_store.h"

namespace urne::voter_client {

struct CheckOutcome {
  // kSuperseded: by a later ballot this device cast (one of `own`); kSupersededByOther: by
  // a later ballot that is none of this device's receipts (specs/credentials.md §7.2).
  enum class Verdict { kCounts, kSuperseded, kSupersededByOther, kAudited };
  Verdict verdict;
  uint64_t index = 0;                 // the receipt's entry
  uint64_t counted_index = 0;         // kSuperseded*: the credential's ballot that counts
  std::string counted_tracking_code;  // kSuperseded*: that ballot's tracking code
  int64_t counted_received_ms = 0;    // kSuperseded*: the board's claim of when it came
  std::string organiser;              // whom to contact (the manifest's organiser, English)
  uint64_t tree_size = 0;             // of the board's current tree head
  std::string phase;                  // of the election now
};

// Errors whose reason starts "verify." mean the board (or the file) is not to be trusted:
// "verify.receipt" (the receipt itself does not verify), "verify.board_key" (the board signs
// with another key now), "verify.inconsistent" (the log was rewritten), "verify.not_found"
// (the entry is not in the current log). Other errors (board unreachable) are not verdicts.
// `own`: this device's entries for the election (the receipt's own entry need not be in it).
absl::StatusOr<CheckOutcome> CheckReceipt(BoardClient& board, const ReceiptFile& file,
                                          const OwnEntries& own = {});

// The sentence to print for an outcome, in `lang` ("fr" or "en").
std::string DescribeOutcome(const CheckOutcome& outcome, const std::string& tracking_code,
                            const std::string& lang = "en");

}  // namespace urne::voter_client

#endif  // URNE_VOTER_CLIENT_CHECK_H_

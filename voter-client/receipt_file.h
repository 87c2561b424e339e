// The voter's receipt file (specs/ballot.md "Receipts"): a JSON document holding the
// board's v1::Receipt for the voter's entry and the whole v1::Entry, so that `urne-vote
// check` can recompute the leaf hash and the tracking code offline. Pure; thread-safe.
#ifndef URNE_VOTER_CLIENT_RECEIPT_FILE_H_
#define URNE_VOTER_CLIENT_RECEIPT_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "urne/v1/board.pb.h"
#include "urne/v1/entries.pb.h"

namespace urne::voter_client {

inline constexpr char kReceiptFormat[] = "urne-receipt/1";

struct ReceiptFile {
  std::string tracking_code;  // FormatTrackingCode of the entry's ballot
  std::string election_id;    // 64 lower-case hex digits
  std::string board;          // HOST:PORT the entry was posted to (informative)
  v1::Receipt receipt;
  v1::Entry entry;
};

// The file's JSON text (see specs/ballot.md for the fields).
std::string ReceiptToJson(const ReceiptFile& file);

// Parses a receipt file and checks that its parts agree: format, election id of the file,
// the receipt and the entry, entry kind BALLOT or AUDIT, tracking code of the entry's ballot.
// Does not check signatures or proofs (VerifyReceipt does). Reasons: "receipt.json",
// "verify.receipt_mismatch" (parts disagree: the file was altered).
absl::StatusOr<ReceiptFile> ParseReceiptJson(const std::string& json);

// The ballot payload of a BALLOT or AUDIT entry (an AUDIT's `ballot` field).
absl::StatusOr<std::string> BallotPayloadOf(const v1::Entry& entry);

}  // namespace urne::voter_client

#endif  // URNE_VOTER_CLIENT_RECEIPT_FILE_H_

// Voters' receipts as earlier tree heads for step 1.5 (specs/verification.md §14,
// `urne-verify --receipts DIR`): every `*.json` file of a folder is read as a receipt file
// (specs/ballot.md §8) and its board-signed tree head is returned; VerifyRecord then checks
// each head like the record's own earlier heads (same board key, this election, root = MTH
// of the record's prefix). Nothing here is trusted: the heads are authenticated by 1.5.
// Pure apart from reading the folder; thread-safe.
#ifndef URNE_VERIFIER_RECEIPTS_H_
#define URNE_VERIFIER_RECEIPTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "election/record.h"
#include "urne/v1/board.pb.h"

namespace urne::verifier {

// The tree heads of the receipt files `DIR/*.json`, in file-name order. Errors
// (INVALID_ARGUMENT, reason "receipt.json", the message naming the file): the folder cannot
// be read, a file is not JSON, its "format" is not "urne-receipt/1", or its "receipt" member
// is missing or not a urne.v1.Receipt in protobuf's JSON mapping.
absl::StatusOr<std::vector<v1::SignedTreeHead>> ReadReceiptHeads(const std::string& dir);

// Adds `heads` to `record`'s earlier heads and orders all earlier heads by tree_size (stable),
// the final head staying last.
void AddEarlierHeads(Record& record, std::vector<v1::SignedTreeHead> heads);
// The same on a record's list of heads (oldest first, the final head last).
void AddEarlierHeads(std::vector<v1::SignedTreeHead>& tree_heads,
                     std::vector<v1::SignedTreeHead> heads);

}  // namespace urne::verifier

#endif  // URNE_VERIFIER_RECEIPTS_H_

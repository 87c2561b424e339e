// Signed tree heads and receipts: what a board signs about an election's log, and how any
// client checks it (specs/board.md "Signed tree heads", "Receipts"). Pure; thread-safe.
#ifndef URNE_ELECTION_TREE_HEAD_H_
#define URNE_ELECTION_TREE_HEAD_H_

#include "absl/status/status.h"
#include "crypto/bytes.h"
#include "election/signing.h"
#include "urne/v1/board.pb.h"
#include "urne/v1/entries.pb.h"

namespace urne {

// Transcript "urne/v1/tree-head" with "election", "size" (u64), "root", "timestamp_ms"
// (u64, the two's-complement bits of the signed value), "board" (the board key).
Bytes TreeHeadSigningBytes(const v1::SignedTreeHead& head);

// Fills board_key and signature.
void SignTreeHead(v1::SignedTreeHead& head, const SigningKey& board_key);

// Checks shape (32-byte election id, root and key; 64-byte signature) and the signature.
// Reasons: tree_head.malformed, signature.invalid, key.*.
absl::Status VerifyTreeHead(const v1::SignedTreeHead& head);

// Checks a receipt for `entry`: the leaf hash is the entry's, the tree head verifies and is
// for the same election, and the inclusion proof leads from the leaf to its root.
// Reasons: receipt.wrong_entry, receipt.wrong_election, merkle.*, tree_head.*.
absl::Status VerifyReceipt(const v1::Receipt& receipt, const v1::Entry& entry);

}  // namespace urne

#endif  // URNE_ELECTION_TREE_HEAD_H_

// Signed tree heads and receipts: what a board signs about an election's log, and how any
// client checks it (specs/board.md "Signed tree heads", "Receipts"). Pure; thread-safe.
#ifndef URNE_ELECTION_TREE_HEAD_H_
#define URNE_ELECTION_TREE_HEAD_H_

#include <string>

#include "absl/status/statusor.h"
#include "crypto/bytes.h"
#include "crypto/ed25519.h"
#include "election/entry.h"
#include "urne/v1/board.pb.h"
#include "urne/v1/entries.pb.h"

namespace urne {

// Transcript "urne/v1/tree-head" with "election", "size" (u64), "root", "timestamp_ms"
// (u64, the two's-complement bits of the signed value), "board" (the board key).
Bytes TreeHeadSigningBytes(const v1::SignedTreeHead& head);

// Fills board_key and signature.
void SignTreeHead(v1::SignedTreeHead& head, const SigningKey& board_key);

// Checks shape (32-byte election id, root and key; 64-byte signature) and the signature by
// the head's own board_key. Says nothing about whose key that is: clients use VerifyTreeHead.
// Reasons: tree_head.malformed, signature.invalid, key.*.
absl::Status VerifyTreeHeadSignature(const v1::SignedTreeHead& head);

// VerifyTreeHeadSignature, and the head's board_key is `board_key`: the key the election's
// manifest names (Manifest.board_key). Reason tree_head.wrong_key (INVALID_ARGUMENT) first,
// then those of VerifyTreeHeadSignature.
absl::Status VerifyTreeHead(const v1::SignedTreeHead& head, const std::string& board_key);

// The board key named by the manifest in `manifest_entry`, entry 0 of `election`'s log: a
// MANIFEST whose payload hashes to `election` and parses strictly (nothing else is checked
// here; the replay validates the rest). Reasons: phase.wrong (not a MANIFEST),
// entry.wrong_election, payload.*.
absl::StatusOr<std::string> ManifestBoardKey(const v1::Entry& manifest_entry,
                                             const ElectionId& election);

// Checks a receipt for `entry`: the leaf hash is the entry's, the tree head is for the same
// election and verifies under `board_key` (the manifest's), and the inclusion proof leads
// from the leaf to its root.
// Reasons: receipt.wrong_entry, receipt.wrong_election, merkle.*, tree_head.*.
absl::Status VerifyReceipt(const v1::Receipt& receipt, const v1::Entry& entry,
                           const std::string& board_key);

}  // namespace urne

#endif  // URNE_ELECTION_TREE_HEAD_H_

// Signed tree heads (specs/board.md §3) and receipts (§4).
import { UrneError } from './errors.js';
import { bytesEqual } from './bytes.js';
import { Transcript } from './transcript.js';
import { verifySignature } from './ed25519.js';
import { verifyInclusion } from './merkle.js';

// The bytes the board signs.
export function treeHeadSigningBytes(h) {
  return new Transcript('urne/v1/tree-head')
    .append('election', h.election_id)
    .appendU64('size', h.tree_size)
    .append('root', h.root_hash)
    .appendU64('timestamp_ms', BigInt.asUintN(64, BigInt(h.timestamp_ms)))
    .append('board', h.board_key)
    .bytes();
}

// VerifyTreeHead (specs/board.md §3), in the spec's order: signed by `boardKey`, the board
// key of the election's manifest (tree_head.wrong_key); 32-byte election id and root
// (tree_head.malformed); a valid board key (key.*); a valid signature (signature.*).
export function verifyTreeHead(h, boardKey) {
  if (!(boardKey instanceof Uint8Array) || !(h.board_key instanceof Uint8Array) || !bytesEqual(boardKey, h.board_key)) {
    throw new UrneError('tree_head.wrong_key', "the tree head is not signed by the board key of the election's manifest");
  }
  if (!(h.election_id?.length === 32 && h.root_hash?.length === 32)) {
    throw new UrneError('tree_head.malformed', 'election id and root must be 32 bytes');
  }
  verifySignature(h.board_key, treeHeadSigningBytes(h), h.signature);
}

// VerifyReceipt (§4) for an entry whose leaf hash is `leaf`: receipt.wrong_entry,
// receipt.wrong_election, the tree head's checks with the manifest's board key, then the
// inclusion path (merkle.*).
export function verifyReceipt(receipt, entry, leaf, boardKey) {
  if (!bytesEqual(receipt.leaf_hash, leaf)) throw new UrneError('receipt.wrong_entry', 'the receipt names another entry');
  if (!bytesEqual(receipt.election_id, entry.election_id) || !bytesEqual(receipt.tree_head?.election_id ?? new Uint8Array(0), entry.election_id)) {
    throw new UrneError('receipt.wrong_election', 'the receipt is for another election');
  }
  verifyTreeHead(receipt.tree_head, boardKey);
  verifyInclusion(leaf, receipt.index, receipt.tree_head.tree_size, receipt.inclusion_path, receipt.tree_head.root_hash);
}

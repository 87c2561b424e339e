// A client's view of an election's log: checking that the entries it downloaded are what the
// board's signed tree head commits to (specs/ballot.md §7 step 2), and finding the entries a
// credential authored (the abstainer check, credentials.md §7; which ballot counts, ballot.md
// §4). The tree head must already be checked (tree_head.js) against the manifest's board key.
import { UrneError } from './errors.js';
import { bytesEqual } from './bytes.js';
import { entryLeafHash } from './entry.js';
import { treeHashFromLeafHashes, verifyConsistency } from './merkle.js';
import { EntryKind, RevotePolicy } from './messages.js';
import { trackingCode, displayTrackingCode } from './ballot.js';
import { ballotPayloadOf } from './receipt.js';

// The first k entries of the log are a prefix of the log of the signed head `head` (size n):
// MTH(entries) = head.root_hash if k = n (sync.root_mismatch), else `consistency` is a valid
// proof from k to n (board.md §2.6, merkle.*). k > n is sync.root_mismatch (more entries
// than the head covers).
export function checkLogPrefix(entries, head, consistency = []) {
  const k = BigInt(entries.length);
  const n = BigInt(head.tree_size);
  const root = treeHashFromLeafHashes(entries.map(entryLeafHash));
  if (k === n) {
    if (!bytesEqual(root, head.root_hash)) throw new UrneError('sync.root_mismatch', 'the entries do not hash to the signed root');
    return;
  }
  if (k > n) throw new UrneError('sync.root_mismatch', `${k} entries for a tree head of size ${n}`);
  verifyConsistency(k, n, root, head.root_hash, consistency);
}

// Every BALLOT and AUDIT of `credential` (32-byte public key) in `entries` (the whole log,
// from index 0), in log order: {index, kind: 'BALLOT' | 'AUDIT', trackingCode (display form),
// counts}. `counts` marks the ballot that counts under the manifest's revote policy (the last
// BALLOT under LAST_BALLOT_COUNTS, the first under SINGLE_BALLOT, which refuses later ones).
export function entriesOfCredential(entries, credential, revotePolicy) {
  const out = [];
  entries.forEach((e, index) => {
    if ((e.kind !== EntryKind.BALLOT && e.kind !== EntryKind.AUDIT) || !bytesEqual(e.author, credential)) return;
    out.push({
      index,
      kind: e.kind === EntryKind.BALLOT ? 'BALLOT' : 'AUDIT',
      trackingCode: displayTrackingCode(trackingCode(ballotPayloadOf(e))),
      counts: false,
    });
  });
  const ballots = out.filter((x) => x.kind === 'BALLOT');
  if (ballots.length) (revotePolicy === RevotePolicy.SINGLE_BALLOT ? ballots[0] : ballots[ballots.length - 1]).counts = true;
  return out;
}

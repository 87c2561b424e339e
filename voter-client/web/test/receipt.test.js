// Receipt files (specs/ballot.md §8) and receipt checks (board.md §4): a round trip, the
// JSON mapping's accepted variants, and every refusal with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultOf } from './vectors_util.js';
import { SigningKey } from '../js/ed25519.js';
import { EntryKind } from '../js/messages.js';
import { makeEntry, entryLeafHash } from '../js/entry.js';
import { treeHashFromLeafHashes, leafHash } from '../js/merkle.js';
import { treeHeadSigningBytes } from '../js/tree_head.js';
import { encryptBallot, auditPayload } from '../js/ballot.js';
import { parseReceiptFile, receiptFileText, verifyReceiptFile } from '../js/receipt.js';
import { syntheticElection } from './synthetic.js';

function fixture(kind = EntryKind.BALLOT) {
  const election = syntheticElection('ristretto255', 1);
  const voter = new SigningKey(new Uint8Array(32).fill(4));
  const board = new SigningKey(new Uint8Array(32).fill(10));
  const b = encryptBallot(election, voter.publicKey, [[1, 0, 0]]);
  const payload = kind === EntryKind.BALLOT ? b.payload : auditPayload(election, b);
  const entry = makeEntry(election.id, kind, payload, voter);
  const other = leafHash(new Uint8Array([1, 2, 3]));
  const leaves = [other, entryLeafHash(entry)];
  const head = { election_id: election.id, tree_size: 2n, root_hash: treeHashFromLeafHashes(leaves), timestamp_ms: 1700000000000n, board_key: board.publicKey };
  head.signature = board.sign(treeHeadSigningBytes(head));
  const receipt = { election_id: election.id, index: 1n, leaf_hash: leaves[1], tree_head: head, inclusion_path: [other] };
  return { board, text: receiptFileText({ board: 'board.example:443', receipt, entry }) };
}

test('a receipt file round-trips and verifies (BALLOT and AUDIT)', () => {
  for (const kind of [EntryKind.BALLOT, EntryKind.AUDIT]) {
    const { board, text } = fixture(kind);
    const file = parseReceiptFile(text);
    verifyReceiptFile(file, board.publicKey);
    assert.equal(receiptFileText(file), text);
    assert.match(text, /"kind":"(BALLOT|AUDIT)"/);
    assert.match(text, /"index":"1"/);
  }
});

test('the JSON mapping variants protobuf accepts are read', () => {
  const { board, text } = fixture();
  const doc = JSON.parse(text);
  doc.entry.kind = 8; // enum by number
  doc.receipt.index = 1; // 64-bit integer as a number
  doc.receipt.treeHead = doc.receipt.tree_head; // lowerCamelCase name
  delete doc.receipt.tree_head;
  doc.receipt.leaf_hash = doc.receipt.leaf_hash.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'); // URL-safe
  verifyReceiptFile(parseReceiptFile(JSON.stringify(doc)), board.publicKey);
});

test('receipt file refusals', () => {
  const { board, text } = fixture();
  const edit = (f) => {
    const doc = JSON.parse(text);
    f(doc);
    return JSON.stringify(doc);
  };
  const reason = (t) => resultOf(() => parseReceiptFile(t));
  assert.equal(reason('{not json'), 'receipt.json');
  assert.equal(reason(edit((d) => { d.format = 'urne-receipt/2'; })), 'receipt.json');
  assert.equal(reason(edit((d) => { delete d.entry; })), 'receipt.json');
  assert.equal(reason(edit((d) => { d.entry.extra = 1; })), 'receipt.json');
  assert.equal(reason(edit((d) => { d.entry.payload = '!!'; })), 'receipt.json');
  assert.equal(reason(edit((d) => { d.receipt.index = '-1'; })), 'receipt.json');
  assert.equal(reason(edit((d) => { d.entry.kind = 'BALOT'; })), 'receipt.json');
  assert.equal(reason(edit((d) => { d.election_id = '00'.repeat(32); })), 'verify.receipt_mismatch');
  assert.equal(reason(edit((d) => { d.receipt.election_id = btoa('\0'.repeat(32)); })), 'verify.receipt_mismatch');
  assert.equal(reason(edit((d) => { d.tracking_code = 'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA'; })), 'verify.receipt_mismatch');
  assert.equal(reason(edit((d) => { d.entry.kind = 'ROLL'; })), 'verify.receipt_mismatch');
  // Parsed, but the receipt does not check.
  const verify = (t, key = board.publicKey) => resultOf(() => verifyReceiptFile(parseReceiptFile(t), key));
  assert.equal(verify(edit((d) => { d.receipt.leaf_hash = btoa('\x01'.repeat(32)); })), 'receipt.wrong_entry');
  assert.equal(verify(edit((d) => { d.receipt.index = '0'; })), 'merkle.inclusion.invalid');
  assert.equal(verify(edit((d) => { d.receipt.tree_head.tree_size = '3'; })), 'signature.invalid');
  assert.equal(verify(text, new SigningKey(new Uint8Array(32).fill(11)).publicKey), 'tree_head.wrong_key');
});

test('entries of a credential: which ballot counts under each revote policy (ballot.md §4)', async () => {
  const { entriesOfCredential } = await import('../js/log.js');
  const { RevotePolicy } = await import('../js/messages.js');
  const election = syntheticElection('ristretto255', 1);
  const voter = new SigningKey(new Uint8Array(32).fill(4));
  const other = new SigningKey(new Uint8Array(32).fill(5));
  const ballot = (key, choice) => makeEntry(election.id, EntryKind.BALLOT, encryptBallot(election, key.publicKey, [choice]).payload, key);
  const b = encryptBallot(election, voter.publicKey, [[0, 0, 1]]);
  const log = [
    ballot(voter, [1, 0, 0]),
    ballot(other, [0, 1, 0]),
    makeEntry(election.id, EntryKind.AUDIT, auditPayload(election, b), voter),
    ballot(voter, [0, 1, 0]),
  ];
  const last = entriesOfCredential(log, voter.publicKey, RevotePolicy.LAST_BALLOT_COUNTS);
  assert.deepEqual(last.map((x) => [x.index, x.kind, x.counts]), [[0, 'BALLOT', false], [2, 'AUDIT', false], [3, 'BALLOT', true]]);
  const unspecified = entriesOfCredential(log, voter.publicKey, 0);
  assert.deepEqual(unspecified.map((x) => x.counts), [false, false, true]);
  const single = entriesOfCredential(log, voter.publicKey, RevotePolicy.SINGLE_BALLOT);
  assert.deepEqual(single.map((x) => x.counts), [true, false, false]);
  assert.deepEqual(entriesOfCredential(log, new SigningKey(new Uint8Array(32).fill(6)).publicKey, 0), []);
});

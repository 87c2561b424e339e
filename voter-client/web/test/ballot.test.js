// Ballots, audits, entries and the protobuf codec on a synthetic election (no board): a
// 5-question yes/no-with-blank ballot round-trips; proofs for a slightly different statement,
// credential or election fail; every decoding refusal has its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultOf } from './vectors_util.js';
import { fromHex, toHex, concat, utf8 } from '../js/bytes.js';
import { ElGamalKey } from '../js/elgamal.js';
import { SigningKey } from '../js/ed25519.js';
import { encode, decode } from '../js/proto.js';
import * as M from '../js/messages.js';
import {
  encryptBallot, verifyBallot, auditPayload, verifyAudit, trackingCode, displayTrackingCode, checkChoices,
} from '../js/ballot.js';
import { makeEntry, verifyEntrySignature, signingBytes, leafData } from '../js/entry.js';
import { verifyTreeHead, treeHeadSigningBytes } from '../js/tree_head.js';

import { syntheticElection } from './synthetic.js';

const CHOICES = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]];

test('a ballot round-trips: encrypt, verify, audit reveals the choices, tracking code', () => {
  const election = syntheticElection('ristretto255');
  const voter = new SigningKey(new Uint8Array(32).fill(4));
  const b = encryptBallot(election, voter.publicKey, CHOICES);
  assert.equal(verifyBallot(election, voter.publicKey, b.payload).length, 5);
  assert.deepEqual(verifyAudit(election, voter.publicKey, auditPayload(election, b)), CHOICES);
  assert.equal(toHex(b.trackingCode), toHex(trackingCode(b.payload)));
  assert.match(displayTrackingCode(b.trackingCode), /^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
  // Fresh randomness: another encryption of the same choices differs.
  assert.notEqual(toHex(encryptBallot(election, voter.publicKey, CHOICES).trackingCode), toHex(b.trackingCode));
});

test('tracking code display: RFC 4648 base32 of the first 20 bytes', () => {
  // base32("foobar") = MZXW6YTBOI; padded with zero bytes to 20 bytes.
  const code = concat(utf8('foobar'), new Uint8Array(26));
  assert.equal(displayTrackingCode(code), 'MZXW-6YTB-OIAA-AAAA-AAAA-AAAA-AAAA-AAAA');
});

test('proofs fail for a slightly different credential, election, key or question', () => {
  const election = syntheticElection('ristretto255', 2);
  const voter = new SigningKey(new Uint8Array(32).fill(4));
  const other = new SigningKey(new Uint8Array(32).fill(5));
  const choices = [[1, 0, 0], [0, 0, 1]];
  const b = encryptBallot(election, voter.publicKey, choices);
  assert.equal(resultOf(() => verifyBallot(election, other.publicKey, b.payload)), 'proof.range.challenge_mismatch');
  const otherId = election.id.slice();
  otherId[5] ^= 0x20;
  assert.equal(resultOf(() => verifyBallot({ ...election, id: otherId }, voter.publicKey, b.payload)), 'proof.range.challenge_mismatch');
  const otherKey = new ElGamalKey(election.group, election.group.expG(5n));
  assert.equal(resultOf(() => verifyBallot({ ...election, key: otherKey }, voter.publicKey, b.payload)), 'proof.range.challenge_mismatch');
  // Questions swapped: each part is proved for its own question index.
  const parsed = decode(M.Ballot, b.payload);
  const swapped = encode(M.Ballot, { questions: [parsed.questions[1], parsed.questions[0]] });
  assert.equal(resultOf(() => verifyBallot(election, voter.publicKey, swapped)), 'proof.range.challenge_mismatch');
  // Two options' ciphertexts swapped (their proofs no longer match their statements).
  const q0 = parsed.questions[0];
  const moved = encode(M.Ballot, { questions: [{ ...q0, ciphertexts: [q0.ciphertexts[1], q0.ciphertexts[0], q0.ciphertexts[2]] }, parsed.questions[1]] });
  assert.equal(resultOf(() => verifyBallot(election, voter.publicKey, moved)), 'proof.range.challenge_mismatch');
  // A sum proof for another range: a yes/no question answered with two selections.
  const approval = { ...election, manifest: { ...election.manifest, questions: election.manifest.questions.map((q) => ({ ...q, kind: M.QuestionKind.APPROVAL, min_selections: 0, max_selections: 2 })) } };
  const two = encryptBallot(approval, voter.publicKey, [[1, 1, 0], [0, 0, 1]]);
  assert.equal(resultOf(() => verifyBallot(election, voter.publicKey, two.payload)), 'proof.range.wrong_branch_count');
});

test('ballot structure and decoding refusals', () => {
  const election = syntheticElection('ristretto255', 1);
  const voter = new SigningKey(new Uint8Array(32).fill(4));
  const b = encryptBallot(election, voter.publicKey, [[0, 0, 1]]);
  const parsed = decode(M.Ballot, b.payload);
  const q = parsed.questions[0];
  const with_ = (part) => encode(M.Ballot, { questions: [{ ...q, ...part }] });
  assert.equal(resultOf(() => verifyBallot(election, voter.publicKey, encode(M.Ballot, { questions: [q, q] }))), 'ballot.structure');
  assert.equal(resultOf(() => verifyBallot(election, voter.publicKey, with_({ ciphertexts: q.ciphertexts.slice(0, 2) }))), 'ballot.structure');
  assert.equal(resultOf(() => verifyBallot(election, voter.publicKey, with_({ ciphertexts: [q.ciphertexts[0].slice(1), q.ciphertexts[1], q.ciphertexts[2]] }))), 'ciphertext.wrong_length');
  const badPoint = q.ciphertexts[0].slice();
  badPoint[0] |= 1; // a negative field element
  assert.equal(resultOf(() => verifyBallot(election, voter.publicKey, with_({ ciphertexts: [badPoint, q.ciphertexts[1], q.ciphertexts[2]] }))), 'element.non_canonical');
  assert.equal(resultOf(() => verifyBallot(election, voter.publicKey, with_({ sum_proof: q.sum_proof.slice(1) }))), 'proof.range.wrong_length');
  const bumped = q.range_proofs[0].slice();
  bumped[bumped.length - 1] = 0xff; // v of the last branch ≥ ℓ
  assert.equal(resultOf(() => verifyBallot(election, voter.publicKey, with_({ range_proofs: [bumped, q.range_proofs[1], q.range_proofs[2]] }))), 'scalar.out_of_range');
  const tweak = q.range_proofs[0].slice();
  tweak[2 * 32 + 32] ^= 1; // v of branch 0 changed (still < ℓ): the equation fails
  assert.equal(resultOf(() => verifyBallot(election, voter.publicKey, with_({ range_proofs: [tweak, q.range_proofs[1], q.range_proofs[2]] }))), 'proof.range.invalid');
  assert.equal(resultOf(() => checkChoices(election.manifest, [[1, 1, 0]])), 'ballot.choices');
  assert.equal(resultOf(() => checkChoices(election.manifest, [[0, 0, 0]])), 'ballot.choices');
  assert.equal(resultOf(() => checkChoices(election.manifest, [[0, 2, 0]])), 'ballot.choices');
  assert.equal(resultOf(() => encryptBallot(election, voter.publicKey, [])), 'ballot.choices');
});

test('audit refusals', () => {
  const election = syntheticElection('ristretto255', 1);
  const voter = new SigningKey(new Uint8Array(32).fill(4));
  const b = encryptBallot(election, voter.publicKey, [[0, 1, 0]]);
  const audit = decode(M.Audit, auditPayload(election, b));
  const redo = (questions) => encode(M.Audit, { ballot: audit.ballot, questions });
  const q = audit.questions[0];
  assert.equal(resultOf(() => verifyAudit(election, voter.publicKey, redo([]))), 'audit.structure');
  assert.equal(resultOf(() => verifyAudit(election, voter.publicKey, redo([{ ...q, selections: [0, 1] }]))), 'audit.structure');
  assert.equal(resultOf(() => verifyAudit(election, voter.publicKey, redo([{ ...q, selections: [0, 2, 0] }]))), 'audit.structure');
  assert.equal(resultOf(() => verifyAudit(election, voter.publicKey, redo([{ ...q, selections: [1, 0, 0] }]))), 'audit.mismatch');
  assert.equal(resultOf(() => verifyAudit(election, voter.publicKey, redo([{ ...q, nonces: [q.nonces[1], q.nonces[0], q.nonces[2]] }]))), 'audit.mismatch');
  assert.equal(resultOf(() => verifyAudit(election, voter.publicKey, redo([{ ...q, nonces: [new Uint8Array(32).fill(0xff), q.nonces[1], q.nonces[2]] }]))), 'scalar.out_of_range');
});

test('protobuf codec: deterministic bytes and strict decoding', () => {
  // Known bytes: Roll{credentials: [01 02]} = 0a 02 01 02; ShareVerdict{1, [2, 3]} packed.
  assert.equal(toHex(encode(M.Roll, { credentials: [fromHex('0102')] })), '0a020102');
  assert.equal(toHex(encode(M.ShareVerdict, { trustee_index: 1, complaints: [2, 3] })), '0801120202' + '03');
  assert.equal(toHex(encode(M.Close, { tree_size: 300n, root_hash: new Uint8Array(0) })), '08ac02');
  assert.equal(toHex(encode(M.Open, { tree_size: 0n, root_hash: new Uint8Array(0) })), '');
  const reason = (schema, hex) => resultOf(() => decode(schema, fromHex(hex)));
  assert.equal(reason(M.ShareVerdict, '0801120203'), 'payload.malformed'); // truncated packed field
  assert.equal(reason(M.ShareVerdict, '08011002'), 'payload.non_canonical'); // unpacked repeated
  assert.equal(reason(M.ShareVerdict, '0800'), 'payload.non_canonical'); // a default written out
  assert.equal(reason(M.ShareVerdict, '088100'), 'payload.non_canonical'); // over-long varint
  assert.equal(reason(M.ShareVerdict, '08010802'), 'payload.non_canonical'); // a singular field twice
  assert.equal(reason(M.ShareVerdict, '1202030208 01'.replace(' ', '')), 'payload.non_canonical'); // out of order
  assert.equal(reason(M.Roll, '1a00'), 'payload.malformed'); // unknown field 3
  assert.equal(reason(M.Roll, '0801'), 'payload.malformed'); // wrong wire type
  assert.equal(reason(M.Open, '2001'), 'payload.malformed'); // Open has no field 4
  assert.equal(reason(M.Text, '0a01ff'), 'payload.malformed'); // invalid UTF-8
  assert.equal(reason(M.Close, '08ffffffffffffffffffff01'), 'payload.malformed'); // 11-byte varint
  assert.equal(reason(M.Roll, '0a05'), 'payload.malformed'); // truncated bytes
  const m = syntheticElection('ristretto255', 2);
  assert.equal(toHex(encode(M.Manifest, decode(M.Manifest, m.payload))), toHex(m.payload));
});

test('entries: signing bytes, leaf data, signature checks', () => {
  const key = new SigningKey(new Uint8Array(32).fill(6));
  const id = new Uint8Array(32).fill(9);
  const e = makeEntry(id, M.EntryKind.BALLOT, fromHex('0a00'), key);
  verifyEntrySignature(e);
  // specs/board.md §1.2 by hand.
  assert.equal(toHex(signingBytes(e)),
    '0000000d' + toHex(utf8('urne/v1/entry')) + '00000008' + toHex(utf8('election')) + '00000020' + toHex(id) +
    '00000004' + toHex(utf8('kind')) + '00000008' + '0000000000000008' + '00000007' + toHex(utf8('payload')) + '00000002' + '0a00' +
    '00000006' + toHex(utf8('author')) + '00000020' + toHex(key.publicKey));
  assert.equal(toHex(leafData(e)).slice(0, 8 + 24), '0000000c' + toHex(utf8('urne/v1/leaf')));
  assert.equal(resultOf(() => verifyEntrySignature({ ...e, kind: 8 + 1 })), 'signature.invalid');
  assert.equal(resultOf(() => verifyEntrySignature({ ...e, kind: 14 })), 'entry.malformed');
  assert.equal(resultOf(() => verifyEntrySignature({ ...e, election_id: id.slice(1) })), 'entry.malformed');
  assert.equal(resultOf(() => verifyEntrySignature({ ...e, author: new Uint8Array(32) })), 'key.invalid');
  assert.equal(resultOf(() => verifyEntrySignature({ ...e, signature: e.signature.slice(1) })), 'signature.wrong_length');
});

test("tree heads: the manifest's board key, malformed fields, signature (board.md §3)", () => {
  const board = new SigningKey(new Uint8Array(32).fill(7));
  const h = { election_id: new Uint8Array(32).fill(1), tree_size: 5n, root_hash: new Uint8Array(32).fill(2), timestamp_ms: 1700000000000n, board_key: board.publicKey };
  h.signature = board.sign(treeHeadSigningBytes(h));
  verifyTreeHead(h, board.publicKey);
  assert.equal(resultOf(() => verifyTreeHead({ ...h, tree_size: 6n }, board.publicKey)), 'signature.invalid');
  assert.equal(resultOf(() => verifyTreeHead({ ...h, root_hash: new Uint8Array(31) }, board.publicKey)), 'tree_head.malformed');
  // Signed by another key than the manifest's board key: refused first, even if valid.
  const other = new SigningKey(new Uint8Array(32).fill(8));
  const forged = { ...h, board_key: other.publicKey };
  forged.signature = other.sign(treeHeadSigningBytes(forged));
  assert.equal(resultOf(() => verifyTreeHead(forged, board.publicKey)), 'tree_head.wrong_key');
  assert.equal(resultOf(() => verifyTreeHead(h, undefined)), 'tree_head.wrong_key');
});

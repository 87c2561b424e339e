// currentRoll (js/setup.js): the booth follows CREDENTIAL_REPLACEMENT entries (kind 13,
// specs/entries.md §2.10), so a replacement letter's code votes and the revoked code is named
// as such; each rule it re-checks has its own reason. The entry also goes through the board's
// JSON mapping by its enum name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultOf } from './vectors_util.js';
import { toHex } from '../js/bytes.js';
import { SigningKey } from '../js/ed25519.js';
import { makeEntry } from '../js/entry.js';
import { encode } from '../js/proto.js';
import { fromProtoJson, toProtoJson } from '../js/receipt.js';
import * as M from '../js/messages.js';
import { currentRoll } from '../js/setup.js';

const bytes = (b) => new Uint8Array(32).fill(b);
const authority = new SigningKey(bytes(7));
const stranger = new SigningKey(bytes(8));
const electionId = bytes(9);
const election = { roll: new Set([toHex(bytes(1)), toHex(bytes(2))]), manifest: { authority_key: authority.publicKey } };

function replacement(revoked, fresh, key = authority) {
  const payload = encode(M.CredentialReplacement, { revoked, replacement: fresh, replaced_at: 1800000100n });
  return makeEntry(electionId, M.EntryKind.CREDENTIAL_REPLACEMENT, payload, key);
}

test('a replacement revokes one credential and adds the new one; chains follow', () => {
  const { roll, revoked } = currentRoll(election, [replacement(bytes(1), bytes(3)), replacement(bytes(3), bytes(4))]);
  assert.deepEqual([...roll].sort(), [toHex(bytes(2)), toHex(bytes(4))].sort());
  assert.deepEqual([...revoked].sort(), [toHex(bytes(1)), toHex(bytes(3))].sort());
  assert.equal(election.roll.size, 2, 'the setup roll is not changed');
});

test('each rule the page re-checks has its reason', () => {
  assert.equal(resultOf(() => currentRoll(election, [replacement(bytes(1), bytes(3), stranger)])), 'role.wrong_author');
  assert.equal(resultOf(() => currentRoll(election, [replacement(bytes(5), bytes(3))])), 'replacement.not_on_roll');
  assert.equal(resultOf(() => currentRoll(election, [replacement(bytes(1), bytes(2))])), 'replacement.not_fresh');
  assert.equal(
    resultOf(() => currentRoll(election, [replacement(bytes(1), bytes(3)), replacement(bytes(2), bytes(1))])),
    'replacement.not_fresh',
  );
  const forged = replacement(bytes(1), bytes(3));
  forged.signature[0] ^= 1;
  assert.equal(resultOf(() => currentRoll(election, [forged])), 'signature.invalid');
  const short = makeEntry(electionId, M.EntryKind.CREDENTIAL_REPLACEMENT,
    encode(M.CredentialReplacement, { revoked: bytes(1).slice(1), replacement: bytes(3), replaced_at: 0n }), authority);
  assert.equal(resultOf(() => currentRoll(election, [short])), 'payload.malformed');
  // Other kinds are not read here (the setup replay and the board check them).
  assert.equal(resultOf(() => currentRoll(election, [makeEntry(electionId, M.EntryKind.BALLOT, new Uint8Array(0), stranger)])), 'ok');
});

test('the board sends the kind by its name, CREDENTIAL_REPLACEMENT', () => {
  const entry = replacement(bytes(1), bytes(3));
  const json = toProtoJson(M.Entry, entry);
  assert.equal(json.kind, 'CREDENTIAL_REPLACEMENT');
  const back = fromProtoJson(M.Entry, JSON.parse(JSON.stringify(json)), 'entry');
  assert.equal(back.kind, 13);
  assert.deepEqual(currentRoll(election, [back]).revoked, new Set([toHex(bytes(1))]));
});

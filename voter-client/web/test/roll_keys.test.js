// The roll's credentials in the booth's setup replay (js/setup.js replaySetup {rollPoints:
// false}; specs/booth.md §8.4): each is checked for length and the list for strict order, as
// in the full replay, but not each as a point of the prime-order subgroup, which the board,
// every follower and every verifier check (a voter relies on its own credential only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ed25519, ED25519_TORSION_SUBGROUP } from '@noble/curves/ed25519.js';
import { resultOf } from './vectors_util.js';
import { compareBytes, fromHex } from '../js/bytes.js';
import { SigningKey } from '../js/ed25519.js';
import { makeEntry } from '../js/entry.js';
import { encode } from '../js/proto.js';
import * as M from '../js/messages.js';
import { replaySetup } from '../js/setup.js';
import { syntheticElection } from './synthetic.js';

const election = syntheticElection('ristretto255', 1);
const manifestEntry = makeEntry(election.id, M.EntryKind.MANIFEST, election.payload, election.authority);
const keys = Array.from({ length: 40 }, (_, i) => new SigningKey(new Uint8Array(32).fill(i + 20)).publicKey);
// On the curve, not in the prime-order subgroup: a valid key plus a point of order 2.
const mixed = ed25519.Point.fromBytes(keys[0]).add(ed25519.Point.fromBytes(fromHex(ED25519_TORSION_SUBGROUP[4]))).toBytes();
const smallOrder = fromHex(ED25519_TORSION_SUBGROUP[1]);

function setupWithRoll(credentials) {
  const sorted = credentials.slice().sort(compareBytes);
  const roll = makeEntry(election.id, M.EntryKind.ROLL, encode(M.Roll, { credentials: sorted }), election.authority);
  return { entries: [manifestEntry, roll], position: (c) => sorted.indexOf(c) };
}

test('a valid roll: the same roll with and without the point checks', () => {
  const { entries } = setupWithRoll(keys);
  const full = replaySetup(election.id, entries);
  const booth = replaySetup(election.id, entries, { rollPoints: false });
  assert.deepEqual(booth.roll, full.roll);
  assert.equal(booth.roll.size, keys.length);
});

test('a key that is not a point of the subgroup: refused by the full replay, taken by the booth', () => {
  for (const bad of [mixed, smallOrder]) {
    const { entries, position } = setupWithRoll([...keys, bad]);
    let full = null;
    try {
      replaySetup(election.id, entries);
    } catch (e) {
      full = e;
    }
    assert.equal(full?.reason, 'key.invalid');
    assert.match(full.message, new RegExp(`^key\\.invalid: entry 1: credentials\\[${position(bad)}\\]: `));
    const booth = replaySetup(election.id, entries, { rollPoints: false });
    assert.equal(booth.roll.size, keys.length + 1);
  }
});

test('lengths and order are checked without the point checks too', () => {
  const short = keys[3].slice(1);
  const { entries } = setupWithRoll([...keys.slice(0, 3), short]);
  assert.equal(resultOf(() => replaySetup(election.id, entries, { rollPoints: false })), 'key.wrong_length');
  assert.equal(resultOf(() => replaySetup(election.id, entries)), 'key.wrong_length');
  const unsorted = makeEntry(election.id, M.EntryKind.ROLL,
    encode(M.Roll, { credentials: [keys[1], keys[0]].sort(compareBytes).reverse() }), election.authority);
  assert.equal(resultOf(() => replaySetup(election.id, [manifestEntry, unsorted], { rollPoints: false })), 'roll.not_sorted');
  const repeated = makeEntry(election.id, M.EntryKind.ROLL, encode(M.Roll, { credentials: [keys[2], keys[2]] }), election.authority);
  assert.equal(resultOf(() => replaySetup(election.id, [manifestEntry, repeated], { rollPoints: false })), 'roll.not_sorted');
});

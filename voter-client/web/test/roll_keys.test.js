// The roll's key checks that the booth defers past its first screen (js/setup.js
// replaySetup {deferRollKeys}, checkRollKeys; specs/booth.md §8.4): the lengths and the
// order are still checked during the replay, and checkRollKeys then refuses exactly what the
// full replay refuses, with the same reason and a message naming the entry and the credential.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ed25519, ED25519_TORSION_SUBGROUP } from '@noble/curves/ed25519.js';
import { resultOf } from './vectors_util.js';
import { compareBytes, fromHex } from '../js/bytes.js';
import { SigningKey } from '../js/ed25519.js';
import { makeEntry } from '../js/entry.js';
import { encode } from '../js/proto.js';
import * as M from '../js/messages.js';
import { replaySetup, checkRollKeys } from '../js/setup.js';
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

function failure(fn) {
  try {
    fn();
  } catch (e) {
    return { reason: e.reason, message: e.message };
  }
  return { reason: 'ok', message: '' };
}

test('a valid roll: deferred or not, the same roll; checkRollKeys passes in slices', () => {
  const { entries } = setupWithRoll(keys);
  const full = replaySetup(election.id, entries);
  assert.equal(full.rollKeys, null, 'nothing is left to check without the option');
  const deferred = replaySetup(election.id, entries, { deferRollKeys: true });
  assert.deepEqual(deferred.roll, full.roll);
  assert.equal(deferred.rollKeys.entry, 1);
  assert.equal(deferred.rollKeys.credentials.length, keys.length);
  let done = 0;
  while (done < keys.length) done = checkRollKeys(deferred.rollKeys, done, done + 16);
  assert.equal(done, keys.length);
  assert.equal(checkRollKeys(deferred.rollKeys, keys.length, keys.length + 16), keys.length);
});

test('an invalid key: the replay takes it when deferred, checkRollKeys refuses it as the full replay does', () => {
  for (const bad of [mixed, smallOrder]) {
    const { entries, position } = setupWithRoll([...keys, bad]);
    const full = failure(() => replaySetup(election.id, entries));
    assert.equal(full.reason, 'key.invalid');
    const deferred = replaySetup(election.id, entries, { deferRollKeys: true });
    const i = position(bad);
    // The slice before it passes; the one holding it fails with the full replay's reason and message.
    assert.equal(checkRollKeys(deferred.rollKeys, 0, i), i);
    const late = failure(() => checkRollKeys(deferred.rollKeys, i, keys.length + 1));
    assert.deepEqual(late, full);
    assert.match(late.message, new RegExp(`^key\\.invalid: entry 1: credentials\\[${i}\\]: `));
  }
});

test('lengths and order are still checked during a deferred replay', () => {
  const short = keys[3].slice(1);
  const { entries } = setupWithRoll([...keys.slice(0, 3), short]);
  assert.equal(resultOf(() => replaySetup(election.id, entries, { deferRollKeys: true })), 'key.wrong_length');
  const unsorted = makeEntry(election.id, M.EntryKind.ROLL,
    encode(M.Roll, { credentials: [keys[1], keys[0]].sort(compareBytes).reverse() }), election.authority);
  assert.equal(resultOf(() => replaySetup(election.id, [manifestEntry, unsorted], { deferRollKeys: true })), 'roll.not_sorted');
  const repeated = makeEntry(election.id, M.EntryKind.ROLL, encode(M.Roll, { credentials: [keys[2], keys[2]] }), election.authority);
  assert.equal(resultOf(() => replaySetup(election.id, [manifestEntry, repeated], { deferRollKeys: true })), 'roll.not_sorted');
});

// Credential codes and keys (specs/credentials.md §2–§3): the spec's worked examples, every
// refusal with its reason, the check symbol's detection claims, and the key derivation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultOf } from './vectors_util.js';
import { parseCode, checkSymbol, displayCode, credentialSeed, credentialKey, ALPHABET } from '../js/credential.js';
import { toHex } from '../js/bytes.js';

test('check symbols of the worked examples (§2.3)', () => {
  assert.equal(checkSymbol('0123456789ABCDEFGHJK'), 'J');
  assert.equal(checkSymbol('ZYXWVTSRQPNMKJHGFEDC'), 'R');
  assert.equal(checkSymbol('0'.repeat(20)), '0');
  assert.equal(displayCode('0123456789ABCDEFGHJKJ'), '0123-4567-89AB-CDEF-GHJKJ');
});

test('parsing is lenient on form (§2.5)', () => {
  for (const input of ['0123-4567-89AB-CDEF-GHJKJ', '0123 4567 89ab cdef ghjkj', '\t0123456789ABCDEFGHJKJ ', 'o123-4567-89ab-cdef-ghjkj']) {
    assert.equal(parseCode(input), '0123456789ABCDEFGHJKJ', input);
  }
  // I and L read as 1.
  const withOne = '1' + '0'.repeat(19);
  const code = withOne + checkSymbol(withOne);
  assert.equal(parseCode('i' + code.slice(1)), code);
  assert.equal(parseCode('L' + code.slice(1)), code);
});

test('refusals and their order: bad character, then length, then check (§2.5)', () => {
  assert.equal(resultOf(() => parseCode('0123-4567-89AB-CDEF-GHJKU')), 'credential.bad_character');
  assert.equal(resultOf(() => parseCode('0123_4567')), 'credential.bad_character'); // also too short
  assert.equal(resultOf(() => parseCode('0123-4567-89AB-CDEF-GHJKJ\u00e9')), 'credential.bad_character');
  assert.equal(resultOf(() => parseCode('0123-4567-89AB-CDEF-GHJK.')), 'credential.bad_character');
  assert.equal(resultOf(() => parseCode('0123-4567-89AB-CDEF-GHJK')), 'credential.wrong_length');
  assert.equal(resultOf(() => parseCode('0123-4567-89AB-CDEF-GHJKJ0')), 'credential.wrong_length');
  assert.equal(resultOf(() => parseCode('')), 'credential.wrong_length');
  assert.equal(resultOf(() => parseCode('0123-4567-89AB-CDEF-GHJKK')), 'credential.bad_check');
  // The message never repeats the code.
  try {
    parseCode('7KQF-M2X9-ZT4H-B8RN-W3P6Q');
  } catch (e) {
    assert.ok(!e.message.includes('7KQF'));
  }
});

test('every single substitution and every transposition is detected (§2.3)', () => {
  const data = 'ZYXWVTSRQPNMKJHGFEDC';
  const code = data + checkSymbol(data);
  for (let i = 0; i < 21; ++i) {
    for (const c of ALPHABET) {
      if (c === code[i]) continue;
      const bad = code.slice(0, i) + c + code.slice(i + 1);
      assert.equal(resultOf(() => parseCode(bad)), 'credential.bad_check');
    }
    for (let j = i + 1; j < 21; ++j) {
      if (code[i] === code[j]) continue;
      const s = [...code];
      [s[i], s[j]] = [s[j], s[i]];
      assert.equal(resultOf(() => parseCode(s.join(''))), 'credential.bad_check');
    }
  }
});

test('credential key of the worked example (§3)', () => {
  const E = Uint8Array.from({ length: 32 }, (_, i) => i);
  assert.equal(toHex(credentialSeed(E, '0123456789ABCDEFGHJKJ')), '7bbd7001459a6c9b4ff99ff4d05a5674ff9824ff4ee397b612456ced682dd1ef');
  assert.equal(toHex(credentialKey(E, '0123456789ABCDEFGHJKJ').publicKey), '11f5785c0ee4211c6c8dd96618668a653c0e7f123ccc6fce48a0a1ba786faf8a');
  // Another election, another public credential.
  const E2 = E.slice();
  E2[31] ^= 1;
  assert.notEqual(toHex(credentialKey(E2, '0123456789ABCDEFGHJKJ').publicKey), '11f5785c0ee4211c6c8dd96618668a653c0e7f123ccc6fce48a0a1ba786faf8a');
});

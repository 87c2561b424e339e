// Keys and signatures (specs/credentials.md §5): RFC 8032 test vector 1, and every key and
// signature refusal of libsodium 1.0.18's rules with urne's reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultOf } from './vectors_util.js';
import { fromHex, toHex, bigIntToBytesLE } from '../js/bytes.js';
import { SigningKey, verifySignature, decodePublicKey } from '../js/ed25519.js';
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

test('RFC 8032 §7.1 test 1: key, signature, verification', () => {
  const key = new SigningKey(fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'));
  assert.equal(toHex(key.publicKey), 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  const sig = key.sign(new Uint8Array(0));
  assert.equal(toHex(sig), 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b');
  verifySignature(key.publicKey, new Uint8Array(0), sig);
});

test('signature refusals', () => {
  const key = new SigningKey(new Uint8Array(32).fill(7));
  const msg = new TextEncoder().encode('message');
  const sig = key.sign(msg);
  assert.equal(resultOf(() => verifySignature(key.publicKey, msg, sig.slice(0, 63))), 'signature.wrong_length');
  assert.equal(resultOf(() => verifySignature(key.publicKey, new TextEncoder().encode('messagf'), sig)), 'signature.invalid');
  const flipped = sig.slice();
  flipped[0] ^= 1;
  assert.equal(resultOf(() => verifySignature(key.publicKey, msg, flipped)), 'signature.invalid');
  // S + ℓ: the same equation, but non-canonical (malleable): refused.
  const S = BigInt('0x' + toHex(sig.slice(32).reverse()));
  if (S + L < 2n ** 256n) {
    const malleable = sig.slice();
    malleable.set(bigIntToBytesLE(S + L, 32), 32);
    assert.equal(resultOf(() => verifySignature(key.publicKey, msg, malleable)), 'signature.invalid');
  }
  // R of small order (the identity) with S = 0.
  const small = new Uint8Array(64);
  small[0] = 1;
  assert.equal(resultOf(() => verifySignature(key.publicKey, msg, small)), 'signature.invalid');
  const other = new SigningKey(new Uint8Array(32).fill(8));
  assert.equal(resultOf(() => verifySignature(other.publicKey, msg, sig)), 'signature.invalid');
});

test('public key refusals (§5: canonical, not small order, on the curve, prime-order subgroup)', () => {
  assert.equal(resultOf(() => decodePublicKey(new Uint8Array(31))), 'key.wrong_length');
  // Every point of small order, with either sign bit.
  for (const hex of ED25519_TORSION_SUBGROUP) {
    const b = fromHex(hex);
    assert.equal(resultOf(() => decodePublicKey(b)), 'key.invalid', hex);
    const s = b.slice();
    s[31] ^= 0x80;
    assert.equal(resultOf(() => decodePublicKey(s)), 'key.invalid', hex);
  }
  // y = p (non-canonical), y = 2 (not on the curve: no square root for x).
  assert.equal(resultOf(() => decodePublicKey(fromHex('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'))), 'key.invalid');
  let offCurve = null;
  for (let y = 2; !offCurve; ++y) {
    const b = new Uint8Array(32);
    b[0] = y;
    try {
      ed25519.Point.fromBytes(b);
    } catch {
      offCurve = b;
    }
  }
  assert.equal(resultOf(() => decodePublicKey(offCurve)), 'key.invalid');
  // A valid key plus a point of order 2: on the curve, not in the prime-order subgroup.
  const A = ed25519.Point.fromBytes(new SigningKey(new Uint8Array(32).fill(9)).publicKey);
  const mixed = A.add(ed25519.Point.fromBytes(fromHex(ED25519_TORSION_SUBGROUP[4]))).toBytes();
  assert.equal(resultOf(() => decodePublicKey(mixed)), 'key.invalid');
  // Both signs of a valid key pass.
  const neg = A.negate().toBytes();
  decodePublicKey(neg);
});

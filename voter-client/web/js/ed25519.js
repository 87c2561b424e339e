// Ed25519 keys and signatures with the acceptance rules of specs/credentials.md §5 (those of
// libsodium 1.0.18's crypto_core_ed25519_is_valid_point and crypto_sign_verify_detached),
// on top of @noble/curves: the point arithmetic, the RFC 8032 key derivation and signing are
// noble's; this file only states urne's checks with urne's reasons.
import { ed25519 } from '@noble/curves/ed25519.js';
import { UrneError } from './errors.js';
import { bytesToBigIntLE, bytesEqual, concat } from './bytes.js';
import { sha512 } from './hash.js';

const Point = ed25519.Point;
const P = 2n ** 255n - 19n;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

// The checks of crypto_core_ed25519_is_valid_point, in its order: canonical y (< p, sign
// bit aside), not of small order, decodes to a curve point, in the prime-order subgroup.
// Returns the decoded point. key.wrong_length / key.invalid.
export function decodePublicKey(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new UrneError('key.wrong_length', `an Ed25519 public key is 32 bytes, got ${bytes?.length}`);
  }
  const y = bytesToBigIntLE(bytes) & ((1n << 255n) - 1n);
  if (y >= P) throw new UrneError('key.invalid', 'not a canonical Ed25519 point encoding');
  let point;
  try {
    // zip215 = true: accept x = 0 with the sign bit set here; such points (y = ±1) have small
    // order and are refused just below, as libsodium's blocklist refuses them.
    point = Point.fromBytes(bytes, true);
  } catch {
    throw new UrneError('key.invalid', 'the encoding is not a point of Ed25519');
  }
  if (point.isSmallOrder()) throw new UrneError('key.invalid', 'a point of small order');
  if (!point.isTorsionFree()) throw new UrneError('key.invalid', 'not in the prime-order subgroup');
  return point;
}

// Small-order R as libsodium's blocklist sees it: the low 255 bits decode to a point of
// order 1, 2, 4 or 8, whatever the sign bit (non-canonical encodings of those are refused
// by the byte comparison below anyway).
function hasSmallOrder(bytes) {
  const low = bytes.slice();
  low[31] &= 0x7f;
  try {
    return Point.fromBytes(low, true).isSmallOrder();
  } catch {
    return false;
  }
}

// crypto_sign_verify_detached: S < ℓ, R not of small order, a valid key, and the cofactorless
// equation checked on encodings: enc(S·B − H(R ‖ A ‖ M)·A) = R.
// signature.wrong_length / signature.invalid (and key.* for the key).
export function verifySignature(publicKey, message, signature) {
  const A = decodePublicKey(publicKey);
  if (!(signature instanceof Uint8Array) || signature.length !== 64) {
    throw new UrneError('signature.wrong_length', `a signature is 64 bytes, got ${signature?.length}`);
  }
  const R = signature.subarray(0, 32);
  const S = bytesToBigIntLE(signature.subarray(32));
  if (S >= L) throw new UrneError('signature.invalid', 'S is not below the group order');
  if (hasSmallOrder(R)) throw new UrneError('signature.invalid', 'R has small order');
  const k = bytesToBigIntLE(sha512(concat(R, publicKey, message))) % L;
  const check = Point.BASE.multiplyUnsafe(S).subtract(A.multiplyUnsafe(k));
  if (!bytesEqual(check.toBytes(), R)) throw new UrneError('signature.invalid', 'the signature does not verify');
}

// A signing key from its 32-byte RFC 8032 seed (libsodium crypto_sign_seed_keypair).
export class SigningKey {
  constructor(seed) {
    if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
    this.seed = seed.slice();
    this.publicKey = ed25519.getPublicKey(this.seed);
  }
  sign(message) {
    return ed25519.sign(message, this.seed);
  }
  // Overwrites the seed (best effort).
  wipe() {
    this.seed.fill(0);
  }
}

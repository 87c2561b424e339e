// The group ristretto255 (specs/crypto.md §2.1) over @noble/curves' RFC 9496 implementation:
// no curve arithmetic is written here; this file adds the strict decoder with urne's reasons
// (§2.1.3) and the common group interface of group.js.
//
// Elements are noble RistrettoPoint objects. Secret exponents go through noble's `multiply`
// (constant-time fixed-window ladder); `vartime…` functions use `multiplyUnsafe` and take
// public exponents only.
import { ristretto255 as noble } from '@noble/curves/ed25519.js';
import { UrneError } from './errors.js';
import { bytesToBigIntLE } from './bytes.js';
import { ScalarField } from './scalar.js';

const Point = noble.Point;
const P = 2n ** 255n - 19n;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function expSecret(x, s) {
  // noble refuses 0 (its ladder needs 1 ≤ s < ℓ); x^0 is the identity. s = 0 happens with
  // probability 2^-252 for a random scalar, so this branch leaks nothing in practice.
  return s === 0n ? Point.ZERO : x.multiply(s);
}

export const ristretto255 = {
  name: 'ristretto255',
  elementBytes: 32,
  scalars: new ScalarField(L, true),
  q: L,
  g: Point.BASE,
  identity: Point.ZERO,

  // DecodeElement (specs/crypto.md §2.1.3), checks in the spec's order.
  decodeElement(bytes, identity = 'allowed') {
    if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
      throw new UrneError('element.wrong_length', `a ristretto255 element is 32 bytes, got ${bytes?.length}`);
    }
    if ((bytes[31] & 0x80) !== 0 || bytesToBigIntLE(bytes) >= P) {
      throw new UrneError('element.out_of_range', 'not a canonical field element');
    }
    if ((bytes[0] & 1) === 1) throw new UrneError('element.non_canonical', 'the encoded field element is negative');
    let point;
    try {
      point = Point.fromBytes(bytes);
    } catch {
      throw new UrneError('element.invalid_encoding', 'the bytes encode no ristretto255 element');
    }
    if (identity === 'forbidden' && point.is0()) {
      throw new UrneError('element.identity', 'the identity is not allowed here');
    }
    return point;
  },
  encodeElement(x) {
    return x.toBytes();
  },

  mul: (x, y) => x.add(y),
  div: (x, y) => x.subtract(y),
  inverse: (x) => x.negate(),
  equal: (x, y) => x.equals(y),
  isIdentity: (x) => x.is0(),

  // Constant-time x^s for a secret s.
  exp: expSecret,
  expG: (s) => expSecret(Point.BASE, s),
  // A base used for many secret exponents (g, the election key K): noble caches a table.
  fixedBase(x) {
    const base = x.is0() ? x : Point.fromBytes(x.toBytes()).precompute(8, false);
    return { exp: (s) => expSecret(base, s) };
  },
  // Public exponents only.
  vartimeExp: (x, e) => x.multiplyUnsafe(e),
  vartimeExp2: (x1, e1, x2, e2) => x1.multiplyUnsafe(e1).add(x2.multiplyUnsafe(e2)),
  // g^m for a small public m ≥ 0.
  gpow: (m) => Point.BASE.multiplyUnsafe(BigInt(m) % L),
};

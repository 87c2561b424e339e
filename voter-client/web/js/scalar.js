// Scalars modulo a group order q (specs/crypto.md §2.3), as BigInt in [0, q).
//
// Timing: JavaScript BigInt arithmetic is not constant time (its running time depends on the
// operands' magnitudes). specs/booth.md §3 states what this leaks and why it is accepted in
// the browser.
import { UrneError } from './errors.js';
import { bytesToBigIntBE, bytesToBigIntLE, bigIntToBytesBE, bigIntToBytesLE, wipe } from './bytes.js';
import { randomBytes } from './random.js';

export class ScalarField {
  // q: the prime order; littleEndian: the byte order of the group's scalar encoding.
  constructor(q, littleEndian) {
    this.q = q;
    this.littleEndian = littleEndian;
  }

  // DecodeScalar / DecodeNonZeroScalar: scalar.wrong_length, scalar.out_of_range, scalar.zero.
  decode(bytes, nonzero = false) {
    if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
      throw new UrneError('scalar.wrong_length', `a scalar is 32 bytes, got ${bytes?.length}`);
    }
    const v = this.littleEndian ? bytesToBigIntLE(bytes) : bytesToBigIntBE(bytes);
    if (v >= this.q) throw new UrneError('scalar.out_of_range', 'the scalar is not below the group order');
    if (nonzero && v === 0n) throw new UrneError('scalar.zero', 'the scalar is zero');
    return v;
  }

  encode(s) {
    return this.littleEndian ? bigIntToBytesLE(s, 32) : bigIntToBytesBE(s, 32);
  }

  // ReduceWide: a 64-byte string read in the group's byte order, reduced mod q.
  reduceWide(wide) {
    if (wide.length !== 64) throw new RangeError('ReduceWide takes 64 bytes');
    const v = this.littleEndian ? bytesToBigIntLE(wide) : bytesToBigIntBE(wide);
    return v % this.q;
  }

  // RandomScalar: 64 CSPRNG bytes reduced wide; the bytes are wiped.
  random() {
    const wide = randomBytes(64);
    const s = this.reduceWide(wide);
    wipe(wide);
    return s;
  }

  fromU64(v) {
    return BigInt(v) % this.q;
  }

  add(a, b) {
    return (a + b) % this.q;
  }
  sub(a, b) {
    return (a - b + this.q) % this.q;
  }
  mul(a, b) {
    return (a * b) % this.q;
  }
  neg(a) {
    return (this.q - a) % this.q;
  }
  // a^{-1} mod q (Fermat); invert(0) = 0 as in the C++ code.
  invert(a) {
    let result = 1n;
    let base = a % this.q;
    let e = this.q - 2n;
    while (e > 0n) {
      if (e & 1n) result = (result * base) % this.q;
      base = (base * base) % this.q;
      e >>= 1n;
    }
    return result;
  }
  // Branch-free select: bit ? a : b, bit a BigInt 0n or 1n.
  select(bit, a, b) {
    return bit * a + (1n - bit) * b;
  }
}

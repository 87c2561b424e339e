// Byte conventions of specs/crypto.md §1: strict lower-case hex, u32/u64 big-endian,
// framing, concatenation, constant-time equality. Byte strings are Uint8Array throughout.
import { UrneError } from './errors.js';

const HEX = '0123456789abcdef';

// Lower-case hex of `bytes` (two digits per byte, no prefix).
export function toHex(bytes) {
  let out = '';
  for (const b of bytes) out += HEX[b >> 4] + HEX[b & 15];
  return out;
}

// Strict hex decoder (specs/crypto.md §1): hex.odd_length, hex.upper_case, hex.invalid_digit,
// the message naming the position of the first offending character.
export function fromHex(text) {
  if (typeof text !== 'string') throw new UrneError('hex.invalid_digit', 'not a string');
  for (let i = 0; i < text.length; ++i) {
    const c = text.charCodeAt(i);
    const digit = (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
    if (digit) continue;
    if (c >= 65 && c <= 70) throw new UrneError('hex.upper_case', `upper-case digit at position ${i}`);
    throw new UrneError('hex.invalid_digit', `invalid character at position ${i}`);
  }
  if (text.length % 2 !== 0) throw new UrneError('hex.odd_length', `odd number of digits (${text.length})`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; ++i) out[i] = parseInt(text.substr(2 * i, 2), 16);
  return out;
}

// The ASCII/UTF-8 bytes of a string.
export function utf8(text) {
  return new TextEncoder().encode(text);
}

export function concat(...parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// u32(n): 4 bytes big-endian, 0 ≤ n < 2^32.
export function u32(n) {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError('u32 out of range');
  return new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

// u64(n): 8 bytes big-endian, 0 ≤ n < 2^64; n a Number (safe integer) or a BigInt.
export function u64(n) {
  let v = BigInt(n);
  if (v < 0n || v >= 1n << 64n) throw new RangeError('u64 out of range');
  const out = new Uint8Array(8);
  for (let i = 7; i >= 0; --i) {
    out[i] = Number(v & 255n);
    v >>= 8n;
  }
  return out;
}

// frame(x) = u32(len(x)) ‖ x.
export function frame(x) {
  return concat(u32(x.length), x);
}

// Equality of byte strings in time independent of their content (lengths are public).
export function constantTimeEqual(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; ++i) d |= a[i] ^ b[i];
  return d === 0;
}

// Plain equality for public data.
export function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; ++i) if (a[i] !== b[i]) return false;
  return true;
}

// Unsigned lexicographic comparison (-1, 0, 1), as the Roll's sort order.
export function compareBytes(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; ++i) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

// Integers from/to bytes (public data or scalars; BigInt).
export function bytesToBigIntBE(b) {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}
export function bytesToBigIntLE(b) {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; --i) v = (v << 8n) | BigInt(b[i]);
  return v;
}
export function bigIntToBytesBE(v, length) {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; --i) {
    out[i] = Number(v & 255n);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError('integer does not fit');
  return out;
}
export function bigIntToBytesLE(v, length) {
  return bigIntToBytesBE(v, length).reverse();
}

// Overwrites a buffer that held secret bytes (best effort: JavaScript may have copied it).
export function wipe(b) {
  if (b) b.fill(0);
}

// Transcripts (specs/crypto.md §3): T = frame(D) ‖ frame(label_1) ‖ frame(value_1) ‖ …
// Every hash this library computes over structured data goes through one.
import { concat, frame, u64, utf8 } from './bytes.js';
import { sha256, sha512 } from './hash.js';

export class Transcript {
  constructor(domain) {
    this.parts = [frame(utf8(domain))];
  }
  // Appends a field whose value is bytes (Uint8Array) or a string (UTF-8).
  append(label, value) {
    const bytes = typeof value === 'string' ? utf8(value) : value;
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`transcript field ${label}: not bytes`);
    if (bytes.length > 0xffffffff) throw new RangeError('a framed field is shorter than 2^32 bytes');
    this.parts.push(frame(utf8(label)), frame(bytes));
    return this;
  }
  appendU64(label, n) {
    return this.append(label, u64(n));
  }
  appendElement(label, group, x) {
    return this.append(label, group.encodeElement(x));
  }
  appendScalar(label, group, s) {
    return this.append(label, group.scalars.encode(s));
  }
  bytes() {
    return concat(...this.parts);
  }
  // Digest(T) = SHA-256(T) (§3.3).
  digest() {
    return sha256(this.bytes());
  }
  // Challenge(T, group) = ReduceWide_group(SHA-512(T)) (§3.2), a scalar (BigInt).
  challenge(group) {
    return group.scalars.reduceWide(sha512(this.bytes()));
  }
}

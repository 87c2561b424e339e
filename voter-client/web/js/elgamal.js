// Exponential ElGamal (specs/crypto-proofs.md §1): Enc(m; r) = (α, β) = (g^r, K^{m+r}).
// A ciphertext is {alpha, beta}; its encoding is enc(α) ‖ enc(β), 2E bytes.
import { UrneError } from './errors.js';
import { concat } from './bytes.js';

// The election key K with fixed-base tables for g and K (the prover's only secret-exponent
// bases), each built on its first use: a booth that replays the setup only to show the
// election does not pay for them (eg4096's take far longer than ristretto255's).
// `key` is a decoded element (identity forbidden).
export class ElGamalKey {
  constructor(group, key) {
    if (group.isIdentity(key)) throw new UrneError('element.identity', 'the election key is the identity');
    this.group = group;
    this.K = key;
    this.tables = null;
  }
  get gBase() {
    return this.#built().g;
  }
  get kBase() {
    return this.#built().k;
  }
  #built() {
    if (!this.tables) this.tables = { g: this.group.fixedBase(this.group.g), k: this.group.fixedBase(this.K) };
    return this.tables;
  }
  // Enc(m; r) with m a small non-negative integer (Number) and r a secret scalar.
  encrypt(m, r) {
    const S = this.group.scalars;
    return { alpha: this.gBase.exp(r), beta: this.kBase.exp(S.add(S.fromU64(m), r)) };
  }
}

// The public key's encoding is enc(K), decoded with the identity forbidden.
export function decodePublicKey(group, bytes) {
  return group.decodeElement(bytes, 'forbidden');
}

export function encodeCiphertext(group, c) {
  return concat(group.encodeElement(c.alpha), group.encodeElement(c.beta));
}

// ciphertext.wrong_length, then each component's element reason (identity allowed).
export function decodeCiphertext(group, bytes) {
  const E = group.elementBytes;
  if (!(bytes instanceof Uint8Array) || bytes.length !== 2 * E) {
    throw new UrneError('ciphertext.wrong_length', `a ciphertext is ${2 * E} bytes, got ${bytes?.length}`);
  }
  return {
    alpha: group.decodeElement(bytes.subarray(0, E), 'allowed'),
    beta: group.decodeElement(bytes.subarray(E), 'allowed'),
  };
}

// Componentwise product: encrypts the sum of the messages with the sum of the nonces.
export function multiplyCiphertexts(group, cs) {
  let alpha = group.identity;
  let beta = group.identity;
  for (const c of cs) {
    alpha = group.mul(alpha, c.alpha);
    beta = group.mul(beta, c.beta);
  }
  return { alpha, beta };
}

export function ciphertextsEqual(group, a, b) {
  return group.equal(a.alpha, b.alpha) && group.equal(a.beta, b.beta);
}

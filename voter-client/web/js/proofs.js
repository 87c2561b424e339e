// Σ-protocol proofs with strong Fiat–Shamir (specs/crypto-proofs.md §2): the range proof
// (disjunctive Chaum–Pedersen) that the voter proves and checks, and the Schnorr and
// Chaum–Pedersen proofs a voter's client checks when it replays an election. Every
// transcript is built exactly as §2.1–§2.4 list it; names follow the spec (α, β, a, b, c, v).
import { UrneError } from './errors.js';
import { concat } from './bytes.js';
import { Transcript } from './transcript.js';

const MAX_RANGE = 1000;

function prefix(domain, group, context) {
  return new Transcript(domain).append('group', group.name).append('context', context);
}

// ---- Range proof (§2.4), domain urne/v1/proof/range.

function rangeChallenge(group, context, K, ct, lo, hi, branches) {
  const T = prefix('urne/v1/proof/range', group, context)
    .appendElement('g', group, group.g)
    .appendElement('K', group, K)
    .appendElement('alpha', group, ct.alpha)
    .appendElement('beta', group, ct.beta)
    .appendU64('lo', lo)
    .appendU64('hi', hi);
  for (const br of branches) T.appendElement('a', group, br.a).appendElement('b', group, br.b);
  return T.challenge(group);
}

function checkBounds(lo, hi) {
  if (!(Number.isSafeInteger(lo) && Number.isSafeInteger(hi) && lo >= 0 && lo <= hi && hi - lo <= MAX_RANGE)) {
    throw new UrneError('proof.range.bad_bounds', `bounds [${lo}, ${hi}] are not 0 ≤ lo ≤ hi ≤ lo + ${MAX_RANGE}`);
  }
}

// Proves that ct = Enc(m; r) under key (an ElGamalKey) with lo ≤ m ≤ hi. m is a small
// integer, r the secret nonce. Every branch costs the same two fixed-base exponentiations; the
// real branch is chosen by arithmetic selects, never by a branch or an index on m.
export function proveRange(key, ct, m, r, lo, hi, context) {
  checkBounds(lo, hi);
  if (!(Number.isSafeInteger(m) && m >= lo && m <= hi)) {
    throw new UrneError('proof.range.value_out_of_range', 'the value is outside the proof bounds');
  }
  const group = key.group;
  const S = group.scalars;
  const n = hi - lo + 1;
  const real = [];
  const u = [];
  const cs = [];
  const vs = [];
  const branches = [];
  for (let i = 0; i < n; ++i) {
    const j = lo + i;
    const isReal = BigInt(((j ^ m) - 1) >>> 31); // 1n iff j = m (0 ≤ j, m < 2^31)
    const ui = S.random();
    const ci = S.random();
    const vi = S.random();
    // Simulated: a = g^{w}, b = K^{w + (m−j)c} with w = v + r·c; real: a = g^u, b = K^u.
    const wSim = S.add(vi, S.mul(r, ci));
    const eSim = S.add(wSim, S.mul(S.sub(S.fromU64(m), S.fromU64(j)), ci));
    const w = S.select(isReal, ui, wSim);
    const e = S.select(isReal, ui, eSim);
    branches.push({ a: key.gBase.exp(w), b: key.kBase.exp(e) });
    real.push(isReal);
    u.push(ui);
    cs.push(ci);
    vs.push(vi);
  }
  const c = rangeChallenge(group, context, key.K, ct, lo, hi, branches);
  let others = 0n;
  for (let i = 0; i < n; ++i) others = S.add(others, S.select(real[i], 0n, cs[i]));
  const cReal = S.sub(c, others);
  for (let i = 0; i < n; ++i) {
    const vReal = S.sub(u[i], S.mul(cReal, r));
    branches[i].c = S.select(real[i], cReal, cs[i]);
    branches[i].v = S.select(real[i], vReal, vs[i]);
  }
  return branches;
}

export function encodeRangeProof(group, branches) {
  const parts = [];
  for (const br of branches) {
    parts.push(group.encodeElement(br.a), group.encodeElement(br.b), group.scalars.encode(br.c), group.scalars.encode(br.v));
  }
  return concat(...parts);
}

// proof.range.wrong_length unless a non-zero multiple of 2E + 64 bytes and ≤ 1001 branches;
// then each element and scalar's own reason.
export function decodeRangeProof(group, bytes) {
  const E = group.elementBytes;
  const size = 2 * E + 64;
  if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length % size !== 0 || bytes.length / size > MAX_RANGE + 1) {
    throw new UrneError('proof.range.wrong_length', `a range proof is a non-zero multiple of ${size} bytes, at most ${MAX_RANGE + 1} branches`);
  }
  const branches = [];
  for (let at = 0; at < bytes.length; at += size) {
    branches.push({
      a: group.decodeElement(bytes.subarray(at, at + E), 'allowed'),
      b: group.decodeElement(bytes.subarray(at + E, at + 2 * E), 'allowed'),
      c: group.scalars.decode(bytes.subarray(at + 2 * E, at + 2 * E + 32)),
      v: group.scalars.decode(bytes.subarray(at + 2 * E + 32, at + size)),
    });
  }
  return branches;
}

// VerifyRange(K, (α, β), lo, hi, proof, context): bounds, branch count, Σ c_j = c, then for
// every j: g^{v_j}·α^{c_j} = a_j and K^{v_j}·(β / K^j)^{c_j} = b_j (computed as
// K^{v_j − j·c_j}·β^{c_j}). Throws UrneError with the spec's reason.
export function verifyRange(group, K, ct, lo, hi, branches, context) {
  checkBounds(lo, hi);
  if (branches.length !== hi - lo + 1) {
    throw new UrneError('proof.range.wrong_branch_count', `${branches.length} branches for [${lo}, ${hi}]`);
  }
  const S = group.scalars;
  const c = rangeChallenge(group, context, K, ct, lo, hi, branches);
  let sum = 0n;
  for (const br of branches) sum = S.add(sum, br.c);
  if (sum !== c) throw new UrneError('proof.range.challenge_mismatch', 'the branch challenges do not sum to the challenge');
  branches.forEach((br, i) => {
    const j = S.fromU64(lo + i);
    const aOk = group.equal(group.vartimeExp2(group.g, br.v, ct.alpha, br.c), br.a);
    const bOk = aOk && group.equal(group.vartimeExp2(K, S.sub(br.v, S.mul(j, br.c)), ct.beta, br.c), br.b);
    if (!bOk) throw new UrneError('proof.range.invalid', `branch j = ${lo + i} does not verify`);
  });
}

// ---- Schnorr proof of knowledge (§2.2), domain urne/v1/proof/schnorr.

function schnorrChallenge(group, context, X, h) {
  return prefix('urne/v1/proof/schnorr', group, context)
    .appendElement('g', group, group.g)
    .appendElement('X', group, X)
    .appendElement('h', group, h)
    .challenge(group);
}

// Proves knowledge of x with X = g^x (tests and tools; voters never need it).
export function proveSchnorr(group, x, context) {
  const S = group.scalars;
  const X = group.expG(x);
  const u = S.random();
  const h = group.expG(u);
  const c = schnorrChallenge(group, context, X, h);
  return { h, c, v: S.sub(u, S.mul(c, x)) };
}

export function encodeSchnorr(group, proof) {
  return concat(group.encodeElement(proof.h), group.scalars.encode(proof.c), group.scalars.encode(proof.v));
}

export function decodeSchnorr(group, bytes) {
  const E = group.elementBytes;
  if (!(bytes instanceof Uint8Array) || bytes.length !== E + 64) {
    throw new UrneError('proof.schnorr.wrong_length', `a Schnorr proof is ${E + 64} bytes`);
  }
  return {
    h: group.decodeElement(bytes.subarray(0, E), 'allowed'),
    c: group.scalars.decode(bytes.subarray(E, E + 32)),
    v: group.scalars.decode(bytes.subarray(E + 32)),
  };
}

// Accepts iff c = Challenge(…) and g^v · X^c = h.
export function verifySchnorr(group, X, proof, context) {
  if (schnorrChallenge(group, context, X, proof.h) !== proof.c) {
    throw new UrneError('proof.schnorr.challenge_mismatch', 'the challenge does not match the statement');
  }
  if (!group.equal(group.vartimeExp2(group.g, proof.v, X, proof.c), proof.h)) {
    throw new UrneError('proof.schnorr.invalid', 'g^v · X^c ≠ h');
  }
}

// ---- Chaum–Pedersen (§2.3), domain urne/v1/proof/chaum-pedersen.

export function decodeChaumPedersen(group, bytes) {
  const E = group.elementBytes;
  if (!(bytes instanceof Uint8Array) || bytes.length !== 2 * E + 64) {
    throw new UrneError('proof.chaum_pedersen.wrong_length', `a Chaum–Pedersen proof is ${2 * E + 64} bytes`);
  }
  return {
    a: group.decodeElement(bytes.subarray(0, E), 'allowed'),
    b: group.decodeElement(bytes.subarray(E, 2 * E), 'allowed'),
    c: group.scalars.decode(bytes.subarray(2 * E, 2 * E + 32)),
    v: group.scalars.decode(bytes.subarray(2 * E + 32)),
  };
}

// Statement K = g^s, M = A^s: accepts iff c = Challenge(…), g^v·K^c = a and A^v·M^c = b.
export function verifyChaumPedersen(group, K, A, M, proof, context) {
  const c = prefix('urne/v1/proof/chaum-pedersen', group, context)
    .appendElement('g', group, group.g)
    .appendElement('K', group, K)
    .appendElement('A', group, A)
    .appendElement('M', group, M)
    .appendElement('a', group, proof.a)
    .appendElement('b', group, proof.b)
    .challenge(group);
  if (c !== proof.c) throw new UrneError('proof.chaum_pedersen.challenge_mismatch', 'the challenge does not match the statement');
  const ok =
    group.equal(group.vartimeExp2(group.g, proof.v, K, proof.c), proof.a) &&
    group.equal(group.vartimeExp2(A, proof.v, M, proof.c), proof.b);
  if (!ok) throw new UrneError('proof.chaum_pedersen.invalid', 'an equation does not hold');
}


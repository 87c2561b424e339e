// The group eg4096 (specs/crypto.md §2.2): the order-q subgroup of Z_p^* of ElectionGuard
// 2.0, with JavaScript BigInt. Modular exponentiation over BigInt is the one piece of group
// arithmetic written here (there is no audited BigInt modexp library to use instead).
//
// Secret exponents (ElGamal nonces, proof nonces) only meet the fixed bases g and K, through
// fixedBase(): a comb of 64 windows of 4 bits, base^((i+1)·16^j) precomputed (digits offset
// to 1…16, so no selected entry is 1 and every product is of full-size numbers), so that x^s
// is 64 modular products of table entries. Every window reads all 16 entries of its row and
// combines them with 0/1 multipliers: the sequence of operations, and the memory read, do not
// depend on the exponent; no branch and no array index is taken on a secret digit. What BigInt
// still leaks through timing (operand-dependent running time of each multiplication and
// reduction) is stated in specs/booth.md §3. `vartime…` functions branch on their exponent and
// take public values only (verification exponents, the subgroup check's q).
import { UrneError } from './errors.js';
import { bytesToBigIntBE, bigIntToBytesBE } from './bytes.js';
import { ScalarField } from './scalar.js';
import { P_HEX, Q_HEX, G_HEX } from './eg4096_constants.js';

const p = BigInt('0x' + P_HEX);
const q = BigInt('0x' + Q_HEX);
const gValue = BigInt('0x' + G_HEX);
const ELEMENT_BYTES = 512;
const WINDOW = 4;
const WINDOWS = 64; // 256-bit exponents, q < 2^256
const ROW = 1 << WINDOW;

// Elements are wrapped so that they cannot be confused with scalars (both are BigInt).
class Element {
  constructor(value) {
    this.value = value;
  }
}

const mulmod = (a, b) => (a * b) % p;

function vartimePow(base, e) {
  // Left-to-right 4-bit windows over a public exponent.
  if (e === 0n) return 1n;
  const table = [1n, base];
  for (let i = 2; i < ROW; ++i) table.push(mulmod(table[i - 1], base));
  const bits = e.toString(2);
  const pad = (WINDOW - (bits.length % WINDOW)) % WINDOW;
  const padded = '0'.repeat(pad) + bits;
  let acc = 1n;
  for (let i = 0; i < padded.length; i += WINDOW) {
    if (i > 0) for (let k = 0; k < WINDOW; ++k) acc = mulmod(acc, acc);
    const d = parseInt(padded.substr(i, WINDOW), 2);
    if (d) acc = mulmod(acc, table[d]);
  }
  return acc;
}

function vartimePow2(b1, e1, b2, e2) {
  // Shamir's trick: one squaring chain for b1^e1 · b2^e2 (public exponents).
  const t1 = [1n, b1];
  const t2 = [1n, b2];
  for (let i = 2; i < ROW; ++i) {
    t1.push(mulmod(t1[i - 1], b1));
    t2.push(mulmod(t2[i - 1], b2));
  }
  const n = Math.max(e1.toString(2).length, e2.toString(2).length);
  const len = Math.ceil(n / WINDOW) * WINDOW;
  const s1 = e1.toString(2).padStart(len, '0');
  const s2 = e2.toString(2).padStart(len, '0');
  let acc = 1n;
  for (let i = 0; i < len; i += WINDOW) {
    if (i > 0) for (let k = 0; k < WINDOW; ++k) acc = mulmod(acc, acc);
    const d1 = parseInt(s1.substr(i, WINDOW), 2);
    const d2 = parseInt(s2.substr(i, WINDOW), 2);
    if (d1) acc = mulmod(acc, t1[d1]);
    if (d2) acc = mulmod(acc, t2[d2]);
  }
  return acc;
}

// The 4-bit digits of a secret scalar, least significant first, always 64 of them.
function digits(s) {
  const bytes = bigIntToBytesBE(s, 32);
  const out = new Array(WINDOWS);
  for (let i = 0; i < 32; ++i) {
    const b = bytes[31 - i];
    out[2 * i] = b & 15;
    out[2 * i + 1] = b >> 4;
  }
  bytes.fill(0);
  return out;
}

// Σ_i row[i]·[i = d]: reads every entry; the multipliers are 0n or 1n computed without a
// branch ((x − 1) >>> 31 is 1 exactly when x = 0, for 0 ≤ x < 16).
function selectRow(row, d) {
  let acc = 0n;
  for (let i = 0; i < ROW; ++i) acc += row[i] * BigInt(((d ^ i) - 1) >>> 31);
  return acc;
}

// Σ_{j<64} 16^j: the offset that moves every 4-bit digit from 0…15 to 1…16, so that no
// selected table entry is the identity (a product by 1 is much faster in BigInt than a
// product by a 4096-bit number: a zero digit would show in the timing).
const DIGIT_OFFSET = (() => {
  let e = 0n;
  for (let j = 0; j < WINDOWS; ++j) e += 1n << BigInt(WINDOW * j);
  return e;
})();

// Comb for a fixed base: rows[j][i] = base^((i + 1)·16^j), i = 0 … 15, and the correction
// base^(−DIGIT_OFFSET) (base is public, so its inverse may be computed in variable time).
function combTable(base) {
  const rows = [];
  let b = base; // base^(16^j)
  let offset = 1n; // ∏_j base^(16^j) = base^DIGIT_OFFSET
  for (let j = 0; j < WINDOWS; ++j) {
    const row = [b];
    for (let i = 1; i < ROW; ++i) row.push(mulmod(row[i - 1], b));
    rows.push(row);
    offset = mulmod(offset, b);
    b = row[ROW - 1]; // base^(16·16^j) = base^(16^(j+1))
  }
  return { rows, correction: vartimeInverse(offset) };
}

// base^s = base^(−DIGIT_OFFSET) · ∏_j base^((d_j + 1)·16^j): 64 products of full-size
// numbers, whatever the digits.
function combExp(table, s) {
  const ds = digits(s);
  let acc = table.correction;
  for (let j = 0; j < WINDOWS; ++j) acc = mulmod(acc, selectRow(table.rows[j], ds[j]));
  ds.fill(0);
  return acc;
}

// Constant-pattern x^s for a secret s and a public base (fixed 4-bit windows from the top,
// digits offset to 1…16 as in the comb, full-row selects): 256 squarings, 64 products.
function secretPow(base, s) {
  const row = [base];
  for (let i = 1; i < ROW; ++i) row.push(mulmod(row[i - 1], base));
  const ds = digits(s);
  let acc = 1n;
  for (let j = WINDOWS - 1; j >= 0; --j) {
    for (let k = 0; k < WINDOW; ++k) acc = mulmod(acc, acc);
    acc = mulmod(acc, selectRow(row, ds[j]));
  }
  ds.fill(0);
  return mulmod(acc, vartimeInverse(vartimePow(base, DIGIT_OFFSET)));
}

function vartimeInverse(a) {
  // Extended Euclid on public values.
  let [r0, r1, s0, s1] = [p, a % p, 0n, 1n];
  while (r1 !== 0n) {
    const t = r0 / r1;
    [r0, r1] = [r1, r0 - t * r1];
    [s0, s1] = [s1, s0 - t * s1];
  }
  return ((s0 % p) + p) % p;
}

let checked = false;
let gTable = null;
function selfCheck() {
  if (checked) return;
  if (gValue === 1n || (p - 1n) % q !== 0n || vartimePow(gValue, q) !== 1n) {
    throw new Error('eg4096 constants are wrong (g = 1, q ∤ p − 1 or g^q ≠ 1)');
  }
  checked = true;
}

const G = new Element(gValue);
const ONE = new Element(1n);

export const eg4096 = {
  name: 'eg4096',
  elementBytes: ELEMENT_BYTES,
  scalars: new ScalarField(q, false),
  q,
  p,
  g: G,
  identity: ONE,

  // DecodeElement (specs/crypto.md §2.2.3), in the spec's order.
  decodeElement(bytes, identity = 'allowed') {
    selfCheck();
    if (!(bytes instanceof Uint8Array) || bytes.length !== ELEMENT_BYTES) {
      throw new UrneError('element.wrong_length', `an eg4096 element is 512 bytes, got ${bytes?.length}`);
    }
    const x = bytesToBigIntBE(bytes);
    if (x >= p || x === 0n) throw new UrneError('element.out_of_range', 'the integer is 0 or not below p');
    if (x === 1n) {
      if (identity === 'forbidden') throw new UrneError('element.identity', 'the identity is not allowed here');
      return ONE;
    }
    if (vartimePow(x, q) !== 1n) throw new UrneError('element.not_in_subgroup', 'x^q ≠ 1 (mod p)');
    return new Element(x);
  },
  encodeElement(x) {
    return bigIntToBytesBE(x.value, ELEMENT_BYTES);
  },

  mul: (x, y) => new Element(mulmod(x.value, y.value)),
  // Public operands only (variable-time inversion).
  div: (x, y) => new Element(mulmod(x.value, vartimeInverse(y.value))),
  inverse: (x) => new Element(vartimeInverse(x.value)),
  equal: (x, y) => x.value === y.value,
  isIdentity: (x) => x.value === 1n,

  exp: (x, s) => new Element(secretPow(x.value, s)),
  expG(s) {
    if (!gTable) gTable = combTable(gValue);
    return new Element(combExp(gTable, s));
  },
  fixedBase(x) {
    if (x.value === gValue) {
      if (!gTable) gTable = combTable(gValue);
      return { exp: (s) => new Element(combExp(gTable, s)) };
    }
    const table = combTable(x.value);
    return { exp: (s) => new Element(combExp(table, s)) };
  },
  vartimeExp: (x, e) => new Element(vartimePow(x.value, e)),
  vartimeExp2: (x1, e1, x2, e2) => new Element(vartimePow2(x1.value, e1, x2.value, e2)),
  gpow: (m) => new Element(vartimePow(gValue, BigInt(m) % q)),
};

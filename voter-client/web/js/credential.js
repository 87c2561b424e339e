// Credential codes and keys (specs/credentials.md §2–§3): parsing what a voter types
// (lenient on form, strict on content), the GF(2^5) Damm check symbol, and the Ed25519
// credential key derived from (election id, code). Nothing here sends the code anywhere;
// error messages never repeat it.
import { UrneError } from './errors.js';
import { utf8 } from './bytes.js';
import { Transcript } from './transcript.js';
import { SigningKey } from './ed25519.js';

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_SYMBOLS = 20;
const CODE_SYMBOLS = 21;

const ALPHABET_CODES = [...ALPHABET].map((c) => c.charCodeAt(0));

// 1 if a = b, else 0, for 0 ≤ a, b < 2^16, without a branch.
const eq = (a, b) => (((a ^ b) - 1) >>> 31) & 1;

// α·x in GF(2^5) = GF(2)[X]/(X^5 + X^2 + 1), without a branch on x.
function timesAlpha(x) {
  return ((x << 1) & 0x1f) ^ (0x05 & -((x >> 4) & 1));
}

// r_k = α·(r_{k−1} ⊕ value(s_k)), r_0 = 0, over symbol values.
function checkState(values) {
  let r = 0;
  for (const v of values) r = timesAlpha(r ^ v);
  return r;
}

// The value of one typed UTF-16 code unit, in constant pattern (the code is secret): ASCII
// letters upper-cased and O → 0, I/L → 1 by masks, then the whole alphabet scanned.
// Returns {value, valid (0/1), separator (0/1)}.
function symbolValue(c) {
  const lower = ((c - 0x61) >>> 31 ^ 1) & ((0x7a - c) >>> 31 ^ 1); // 'a' ≤ c ≤ 'z'
  let u = c - 32 * lower;
  u += (0x30 - u) * eq(u, 0x4f); // O → 0
  u += (0x31 - u) * (eq(u, 0x49) | eq(u, 0x4c)); // I, L → 1
  let value = 0;
  let valid = 0;
  for (let i = 0; i < 32; ++i) {
    const hit = eq(u, ALPHABET_CODES[i]);
    value |= i & -hit;
    valid |= hit;
  }
  const separator = eq(c, 0x20) | eq(c, 0x09) | eq(c, 0x2d);
  return { value, valid, separator };
}

// The check symbol of 20 data symbols (canonical upper-case string).
export function checkSymbol(data) {
  if (data.length !== DATA_SYMBOLS) throw new RangeError('20 data symbols');
  return ALPHABET[checkState([...data].map((c) => ALPHABET.indexOf(c)))];
}

// ParseCode (§2.5): ignores spaces, tabs and '-', upper-cases letters, reads O as 0 and
// I, L as 1; then credential.bad_character, credential.wrong_length, credential.bad_check in
// that order. Returns the 21-symbol canonical form. The code is a secret: every character is
// read the same way (no early exit at a bad character, no table index by a symbol), and only
// the verdict and the number of symbols (the length, public) decide a branch.
export function parseCode(input) {
  const text = String(input);
  const values = [];
  let bad = 0;
  for (let i = 0; i < text.length; ++i) {
    const c = text.charCodeAt(i);
    const { value, valid, separator } = symbolValue(c & 0xffff);
    bad |= (valid | separator) ^ 1;
    // A symbol is kept iff it is not a separator; separators are public layout.
    if (!separator) values.push(value);
  }
  if (bad) {
    throw new UrneError('credential.bad_character', 'the code holds a character that is not in the code alphabet; check what you typed');
  }
  if (values.length !== CODE_SYMBOLS) {
    throw new UrneError('credential.wrong_length', `a code has ${CODE_SYMBOLS} characters (without dashes), this one has ${values.length}`);
  }
  if (checkState(values) !== 0) {
    throw new UrneError('credential.bad_check', 'the code is mistyped (its last character does not match); check it against your letter');
  }
  // Canonical characters by masks over the alphabet, not by indexing it with a symbol.
  const codes = values.map((v) => {
    let code = 0;
    for (let i = 0; i < 32; ++i) code |= ALPHABET_CODES[i] & -eq(v, i);
    return code;
  });
  values.fill(0);
  return String.fromCharCode(...codes);
}

// The displayed form XXXX-XXXX-XXXX-XXXX-XXXXC of a canonical code.
export function displayCode(canonical) {
  return canonical.replace(/^(.{4})(.{4})(.{4})(.{4})(.{5})$/, '$1-$2-$3-$4-$5');
}

// seed = SHA-256(Transcript("urne/v1/credential").Append("election", E).Append("code", C)).
export function credentialSeed(electionId, canonical) {
  if (!(electionId instanceof Uint8Array) || electionId.length !== 32) throw new RangeError('an election id is 32 bytes');
  return new Transcript('urne/v1/credential').append('election', electionId).append('code', utf8(canonical)).digest();
}

// The credential key pair (RFC 8032 Ed25519 of the seed); its publicKey is the public
// credential listed on the roll.
export function credentialKey(electionId, canonical) {
  const seed = credentialSeed(electionId, canonical);
  const key = new SigningKey(seed);
  seed.fill(0);
  return key;
}

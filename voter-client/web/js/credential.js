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

// α·x in GF(2^5) = GF(2)[X]/(X^5 + X^2 + 1).
function timesAlpha(x) {
  const shifted = (x << 1) & 0x1f;
  return x & 0x10 ? shifted ^ 0x05 : shifted;
}

// r_k = α·(r_{k−1} ⊕ value(s_k)), r_0 = 0, over symbol values.
function checkState(values) {
  let r = 0;
  for (const v of values) r = timesAlpha(r ^ v);
  return r;
}

// The check symbol of 20 data symbols (canonical upper-case string).
export function checkSymbol(data) {
  if (data.length !== DATA_SYMBOLS) throw new RangeError('20 data symbols');
  return ALPHABET[checkState([...data].map((c) => ALPHABET.indexOf(c)))];
}

// ParseCode (§2.5): ignores spaces, tabs and '-', upper-cases letters, reads O as 0 and
// I, L as 1; then credential.bad_character, credential.wrong_length, credential.bad_check in
// that order. Returns the 21-symbol canonical form.
export function parseCode(input) {
  const values = [];
  for (const ch of String(input)) {
    if (ch === ' ' || ch === '\t' || ch === '-') continue;
    let c = ch.length === 1 && ch.charCodeAt(0) < 128 ? ch.toUpperCase() : ch;
    if (c === 'O') c = '0';
    if (c === 'I' || c === 'L') c = '1';
    const v = c.length === 1 ? ALPHABET.indexOf(c) : -1;
    if (v < 0) {
      throw new UrneError('credential.bad_character', 'the code holds a character that is not in the code alphabet; check what you typed');
    }
    values.push(v);
  }
  if (values.length !== CODE_SYMBOLS) {
    throw new UrneError('credential.wrong_length', `a code has ${CODE_SYMBOLS} characters (without dashes), this one has ${values.length}`);
  }
  if (checkState(values) !== 0) {
    throw new UrneError('credential.bad_check', 'the code is mistyped (its last character does not match); check it against your letter');
  }
  return values.map((v) => ALPHABET[v]).join('');
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

// Entries (specs/board.md §1): the bytes an author signs, the leaf data of the Merkle log,
// making a signed entry and checking an entry's envelope and signature.
import { UrneError } from './errors.js';
import { verifySignature, decodePublicKey } from './ed25519.js';
import { Transcript } from './transcript.js';
import { leafHash } from './merkle.js';

function entryTranscript(domain, e, withSignature) {
  const T = new Transcript(domain)
    .append('election', e.election_id)
    .appendU64('kind', e.kind)
    .append('payload', e.payload)
    .append('author', e.author);
  if (withSignature) T.append('signature', e.signature);
  return T.bytes();
}

// §1.2: frame("urne/v1/entry") ‖ "election" ‖ "kind" (u64) ‖ "payload" ‖ "author".
export function signingBytes(e) {
  return entryTranscript('urne/v1/entry', e, false);
}

// §1.4: the leaf data (also signed fields plus "signature").
export function leafData(e) {
  return entryTranscript('urne/v1/leaf', e, true);
}

export function entryLeafHash(e) {
  return leafHash(leafData(e));
}

// MakeEntry: signs (election id, kind, payload) with `key` (a SigningKey).
export function makeEntry(electionId, kind, payload, key) {
  const e = { election_id: electionId, kind, payload, author: key.publicKey, signature: new Uint8Array(0) };
  e.signature = key.sign(signingBytes(e));
  return e;
}

// §1.2's checks in order: 32-byte election id (entry.malformed), kind 1…13 (entry.malformed),
// a valid author key (key.*), a 64-byte signature that verifies (signature.*).
export function verifyEntrySignature(e) {
  if (!(e.election_id instanceof Uint8Array) || e.election_id.length !== 32) {
    throw new UrneError('entry.malformed', 'the election id is not 32 bytes');
  }
  if (!Number.isInteger(e.kind) || e.kind < 1 || e.kind > 13) throw new UrneError('entry.malformed', `unknown entry kind ${e.kind}`);
  decodePublicKey(e.author);
  verifySignature(e.author, signingBytes(e), e.signature);
}

// The election id (§1.1): SHA-256 of Transcript("urne/v1/election-id") with the field
// "manifest" = the MANIFEST payload bytes as posted.
export function electionIdOf(manifestPayload) {
  return new Transcript('urne/v1/election-id').append('manifest', manifestPayload).digest();
}


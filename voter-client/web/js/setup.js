// The setup replay a voter's client needs (specs/ballot.md §7 step 2): from the entries of
// an election's log up to and including OPEN, re-derive everything the client encrypts with
// and trusts nothing the board says about it: the election id is the hash of the MANIFEST
// (it must equal the id in the link), every entry's envelope, signature, author role and
// phase are checked, the ROLL is read, the key ceremony (specs/ceremony.md) is replayed —
// coefficient commitments with their Schnorr proofs, sealed-share structure, verdicts,
// reveals checked against the commitments — and the joint key K is computed from the
// qualified dealers' commitments (ceremony.md §4). Ballots are not replayed.
import { UrneError, withContext } from './errors.js';
import { bytesEqual, compareBytes, toHex } from './bytes.js';
import { verifyEntrySignature, electionIdOf, entryLeafHash } from './entry.js';
import { treeHashFromLeafHashes } from './merkle.js';
import { decodePublicKey } from './ed25519.js';
import { decode } from './proto.js';
import * as M from './messages.js';
import { parseManifest } from './manifest.js';
import { groupByName } from './group.js';
import { Transcript } from './transcript.js';
import { decodeSchnorr, verifySchnorr } from './proofs.js';
import { ElGamalKey } from './elgamal.js';

const K = M.EntryKind;
export const Phase = { SETUP: 'SETUP', KEY_CEREMONY: 'KEY_CEREMONY', READY: 'READY', VOTING: 'VOTING' };
const SEALED_SHARE_BYTES = 80;

export function coefficientContext(electionId, trustee, k) {
  return new Transcript('urne/v1/context/coefficient')
    .append('election', electionId).appendU64('trustee', trustee).appendU64('coefficient', k)
    .bytes();
}

function wrongPhase(kind, phase) {
  return new UrneError('phase.wrong', `entry kind ${kind} is not accepted in phase ${phase}`);
}

class SetupState {
  constructor(electionId, rollPoints) {
    this.id = electionId;
    this.rollPoints = rollPoints;
    this.phase = null;
    this.manifest = null;
    this.roll = null;
    this.commitments = new Map(); // trustee → [C_i0 … C_i,t−1]
    this.shares = new Set(); // dealers that posted SEALED_SHARES
    this.verdicts = new Map(); // trustee → complaints
    this.reveals = new Set(); // "i:j" answered complaints
    this.leaves = []; // leaf hashes of the accepted entries (the OPEN countersigns their root)
  }

  get n() {
    return this.manifest.trustees.length;
  }

  // g^{P_i(j)} as the commitments say: ∏_k C_ik^{j^k} (public exponents).
  committedShare(i, j) {
    const g = this.group;
    let acc = g.identity;
    let power = 1n;
    for (const C of this.commitments.get(i)) {
      acc = g.mul(acc, g.vartimeExp(C, power));
      power = g.scalars.mul(power, g.scalars.fromU64(j));
    }
    return acc;
  }

  // specs/entries.md §1: the election id, then the envelope and signature, then per kind
  // the checks in the order entries.md §1 and ceremony.md give.
  apply(e, index) {
    if (index === 0) return this.applyManifest(e);
    if (!bytesEqual(e.election_id, this.id)) throw new UrneError('entry.wrong_election', 'this entry belongs to another election');
    verifyEntrySignature(e);
    const authority = () => {
      if (!bytesEqual(e.author, this.manifest.authority_key)) throw new UrneError('role.wrong_author', 'must be signed by the authority');
    };
    switch (e.kind) {
      case K.MANIFEST:
        throw new UrneError('manifest.already_posted', 'this election already has its manifest');
      case K.ROLL:
        authority();
        return this.applyRoll(e);
      case K.OPEN:
        authority();
        return this.applyOpen(e, index);
      case K.TRUSTEE_COMMITMENT:
      case K.SEALED_SHARES:
      case K.SHARE_VERDICT:
      case K.SHARE_REVEAL:
        return this.applyCeremony(e);
      default:
        throw new UrneError('phase.wrong', `entry kind ${e.kind} is not accepted in phase ${this.phase}`);
    }
  }

  applyManifest(e) {
    if (e.kind !== K.MANIFEST) throw new UrneError('phase.wrong', 'the first entry must be the MANIFEST');
    if (!bytesEqual(electionIdOf(e.payload), this.id) || !bytesEqual(e.election_id, this.id)) {
      throw new UrneError('entry.wrong_election', 'the manifest does not hash to this election id');
    }
    verifyEntrySignature(e);
    const manifest = parseManifest(e.payload);
    if (!bytesEqual(e.author, manifest.authority_key)) throw new UrneError('role.wrong_author', 'the MANIFEST is not signed by its authority key');
    this.manifest = manifest;
    this.group = groupByName(manifest.group);
    this.phase = Phase.SETUP;
  }

  // Each credential is an Ed25519 public key (credentials.md §5: decodePublicKey), and the
  // list is strictly ascending. Without rollPoints only the lengths and the order are checked.
  applyRoll(e) {
    if (![Phase.SETUP, Phase.KEY_CEREMONY, Phase.READY].includes(this.phase)) throw wrongPhase('ROLL', this.phase);
    if (this.roll) throw new UrneError('roll.already_posted', 'a second ROLL');
    const roll = decode(M.Roll, e.payload);
    roll.credentials.forEach((c, i) => {
      withContext(`credentials[${i}]: `, () => (this.rollPoints ? decodePublicKey(c) : checkKeyLength(c)));
      if (i > 0 && compareBytes(roll.credentials[i - 1], c) >= 0) throw new UrneError('roll.not_sorted', `credentials[${i}] is not above the one before`);
    });
    this.roll = new Set(roll.credentials.map(toHex));
  }

  // Ceremony kinds: phase, payload, then the author must be the trustee the payload names
  // (its index is in the payload), then the kind's rules (specs/entries.md §1).
  applyCeremony(e) {
    if (![Phase.SETUP, Phase.KEY_CEREMONY].includes(this.phase)) throw wrongPhase(e.kind, this.phase);
    const t = this.manifest.threshold;
    const n = this.n;
    const structure = (what) => new UrneError('ceremony.structure', what);
    let author = 0;
    const own = (i) => {
      const key = i >= 1 && i <= n ? this.manifest.trustees[i - 1].signing_key : null;
      if (!key || !bytesEqual(key, e.author)) throw new UrneError('role.wrong_author', `must be signed by trustee ${i}`);
      author = i;
    };
    if (e.kind === K.TRUSTEE_COMMITMENT) {
      const c = decode(M.TrusteeCommitment, e.payload);
      own(c.trustee_index);
      if (this.commitments.has(author)) throw new UrneError('ceremony.duplicate', `trustee ${author} already committed`);
      if (c.coefficient_commitments.length !== t || c.proofs.length !== t) throw structure(`exactly ${t} commitments and proofs`);
      const Cs = c.coefficient_commitments.map((bytes, k) =>
        withContext(`coefficient ${k}: `, () => {
          const C = this.group.decodeElement(bytes, 'forbidden');
          verifySchnorr(this.group, C, decodeSchnorr(this.group, c.proofs[k]), coefficientContext(this.id, author, k));
          return C;
        }),
      );
      this.commitments.set(author, Cs);
    } else if (e.kind === K.SEALED_SHARES) {
      const s = decode(M.SealedShares, e.payload);
      own(s.dealer_index);
      if (this.shares.has(author)) throw new UrneError('ceremony.duplicate', `dealer ${author} already dealt`);
      const want = [];
      for (let j = 1; j <= n; ++j) if (j !== author) want.push(j);
      if (s.shares.length !== want.length || s.shares.some((x, i) => x.recipient_index !== want[i] || x.sealed.length !== SEALED_SHARE_BYTES)) {
        throw structure('one 80-byte sealed share for every other trustee, ascending');
      }
      this.shares.add(author);
    } else if (e.kind === K.SHARE_VERDICT) {
      const v = decode(M.ShareVerdict, e.payload);
      own(v.trustee_index);
      if (this.verdicts.has(author)) throw new UrneError('ceremony.duplicate', `trustee ${author} already posted its verdict`);
      if (this.commitments.size !== n || this.shares.size !== n) {
        throw new UrneError('ceremony.premature_verdict', 'every trustee must post commitments and shares first');
      }
      v.complaints.forEach((d, i) => {
        if (d < 1 || d > n || d === author || (i > 0 && v.complaints[i - 1] >= d)) throw structure('complaints: other trustees, strictly ascending');
      });
      this.verdicts.set(author, v.complaints);
    } else {
      const r = decode(M.ShareReveal, e.payload);
      own(r.dealer_index);
      const key = `${r.dealer_index}:${r.recipient_index}`;
      if (!(this.verdicts.get(r.recipient_index) || []).includes(r.dealer_index)) {
        throw new UrneError('ceremony.no_complaint', `trustee ${r.recipient_index} did not complain about ${r.dealer_index}`);
      }
      if (this.reveals.has(key)) throw new UrneError('ceremony.duplicate', 'this complaint is already answered');
      let share;
      try {
        share = this.group.scalars.decode(r.share);
      } catch {
        throw new UrneError('ceremony.reveal_invalid', 'the revealed share is not a scalar');
      }
      if (!this.group.equal(this.group.expG(share), this.committedShare(r.dealer_index, r.recipient_index))) {
        throw new UrneError('ceremony.reveal_invalid', 'the revealed share does not match the commitments');
      }
      this.reveals.add(key);
    }
    if (this.phase === Phase.SETUP) this.phase = Phase.KEY_CEREMONY;
    if (this.verdicts.size === n && this.unanswered().size === 0) {
      this.qualified = [...Array(n).keys()].map((i) => i + 1);
      this.phase = Phase.READY;
    }
  }

  // Dealers with at least one unanswered complaint.
  unanswered() {
    const out = new Set();
    for (const [j, complaints] of this.verdicts) for (const i of complaints) if (!this.reveals.has(`${i}:${j}`)) out.add(i);
    return out;
  }

  applyOpen(e, index) {
    if (![Phase.KEY_CEREMONY, Phase.READY].includes(this.phase)) throw wrongPhase('OPEN', this.phase);
    this.open = decode(M.Open, e.payload);
    // entries.md §2.4: the OPEN countersigns the log before it (size and Merkle root).
    if (this.open.tree_size !== BigInt(index) ||
        !bytesEqual(this.open.root_hash, treeHashFromLeafHashes(this.leaves))) {
      throw new UrneError('open.tree_head_mismatch', `OPEN must countersign the log as it stands: size ${index} and its Merkle root`);
    }
    if (!this.roll) throw new UrneError('roll.missing', 'OPEN before the ROLL');
    if (this.phase === Phase.KEY_CEREMONY) {
      // specs/ceremony.md §3: an incomplete ceremony opens only at or after its deadline,
      // excluding the dealers that did not deal or left a complaint unanswered.
      if (this.open.opened_at < this.manifest.ceremony_deadline) {
        throw new UrneError('ceremony.incomplete', 'the key ceremony is not complete and its deadline has not passed');
      }
      const excluded = this.unanswered();
      const dealt = (i) => this.commitments.has(i) && this.shares.has(i);
      this.qualified = [...Array(this.n).keys()].map((i) => i + 1).filter((i) => dealt(i) && !excluded.has(i));
      if (this.qualified.length < this.manifest.threshold) throw new UrneError('ceremony.aborted', 'fewer qualified dealers than the threshold');
    }
    let joint = this.group.identity;
    for (const i of this.qualified) joint = this.group.mul(joint, this.commitments.get(i)[0]);
    this.jointKey = joint;
    this.phase = Phase.VOTING;
  }
}

function checkKeyLength(bytes) {
  if (bytes.length !== 32) throw new UrneError('key.wrong_length', `an Ed25519 public key is 32 bytes, got ${bytes.length}`);
}

// Replays `entries` (objects with election_id, kind, payload, author, signature, in log order
// from index 0) for the election `electionId` (32 bytes, from the link). Stops after OPEN.
// Returns {id, manifest, group, boardKey (the manifest's, pins every tree head), roll (Set of
// hex credentials), phase, key (ElGamalKey, once VOTING), qualified}. Refusals carry the
// entry's reason, the message naming its index.
//
// options.rollPoints (default true): false checks the ROLL's credentials for length and order
// only, not each as a point of the prime-order subgroup (about 0.6 ms each in a browser): what
// the booth does, as a voter relies on its own credential only (specs/booth.md §8.4).
export function replaySetup(electionId, entries, options = {}) {
  const s = new SetupState(electionId, options.rollPoints !== false);
  for (let i = 0; i < entries.length; ++i) {
    withContext(`entry ${i}: `, () => s.apply(entries[i], i));
    s.leaves.push(entryLeafHash(entries[i]));
    if (s.phase === Phase.VOTING) break;
  }
  if (!s.manifest) throw new UrneError('verify.empty', 'the log has no MANIFEST');
  return {
    id: electionId,
    manifest: s.manifest,
    group: s.group,
    boardKey: s.manifest.board_key,
    roll: s.roll ?? new Set(),
    phase: s.phase,
    qualified: s.qualified,
    key: s.jointKey ? new ElGamalKey(s.group, s.jointKey) : null,
  };
}

// The roll as it stands after the CREDENTIAL_REPLACEMENT entries of `entries` (the verified
// log; specs/entries.md §2.10, credentials.md §8): each, signed by the authority, revokes a
// credential of the roll (or of an earlier replacement) for a fresh one. Returns {roll,
// revoked}, Sets of hex credentials. The board and the verifier check every rule; the page
// re-checks what it relies on: the author, the sizes, the revoked one on the roll, the new one
// fresh.
export function currentRoll(election, entries) {
  const roll = new Set(election.roll);
  const revoked = new Set();
  for (const e of entries) {
    if (e.kind !== M.EntryKind.CREDENTIAL_REPLACEMENT) continue;
    verifyEntrySignature(e);
    if (!bytesEqual(e.author, election.manifest.authority_key)) {
      throw new UrneError('role.wrong_author', 'a CREDENTIAL_REPLACEMENT must be signed by the authority');
    }
    const r = decode(M.CredentialReplacement, e.payload);
    if (r.revoked.length !== 32 || r.replacement.length !== 32) {
      throw new UrneError('payload.malformed', 'a CREDENTIAL_REPLACEMENT holds two 32-byte credentials');
    }
    const old = toHex(r.revoked);
    const fresh = toHex(r.replacement);
    if (!roll.has(old)) throw new UrneError('replacement.not_on_roll', 'the revoked credential is not on the roll');
    if (roll.has(fresh) || revoked.has(fresh)) throw new UrneError('replacement.not_fresh', 'the new credential was already used');
    roll.delete(old);
    revoked.add(old);
    roll.add(fresh);
  }
  return { roll, revoked };
}

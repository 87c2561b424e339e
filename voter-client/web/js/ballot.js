// Ballots, audits and tracking codes (specs/ballot.md §1–§6): encryption with range and sum
// proofs bound to the election and the voter's credential, the Benaloh audit payload, and
// the checks of a ballot or audit payload (§4 rule 4, §5) that a client runs on its own
// ballot, on an audit from another device, or on a ballot made by another implementation.
import { UrneError, withContext } from './errors.js';
import { Transcript } from './transcript.js';
import { encode, decode } from './proto.js';
import { Ballot, Audit } from './messages.js';
import { encodeCiphertext, decodeCiphertext, multiplyCiphertexts, ciphertextsEqual } from './elgamal.js';
import { proveRange, encodeRangeProof, decodeRangeProof, verifyRange } from './proofs.js';
import { shapeOf } from './manifest.js';

// SelectionContext(q, o) and SumContext(q) (§3): transcript bytes.
export function selectionContext(electionId, credential, q, o) {
  return new Transcript('urne/v1/context/selection')
    .append('election', electionId).append('credential', credential).appendU64('question', q).appendU64('option', o)
    .bytes();
}
export function sumContext(electionId, credential, q) {
  return new Transcript('urne/v1/context/question-sum')
    .append('election', electionId).append('credential', credential).appendU64('question', q)
    .bytes();
}

// §6: SHA-256(Transcript("urne/v1/tracking-code").Append("ballot", payload)).
export function trackingCode(payload) {
  return new Transcript('urne/v1/tracking-code').append('ballot', payload).digest();
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
// RFC 4648 base32 of the first 20 bytes, in 8 groups of 4 joined by '-'.
export function displayTrackingCode(code) {
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const b of code.subarray(0, 20)) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g).join('-');
}

// §1: choices[q][o] ∈ {0, 1}, n_q per question, Σ_o within the question's shape.
export function checkChoices(manifest, choices) {
  if (!Array.isArray(choices) || choices.length !== manifest.questions.length) {
    throw new UrneError('ballot.choices', `one answer per question (${manifest.questions.length})`);
  }
  manifest.questions.forEach((question, q) => {
    const c = choices[q];
    if (!Array.isArray(c) || c.length !== question.options.length || c.some((m) => m !== 0 && m !== 1)) {
      throw new UrneError('ballot.choices', `question ${q + 1} (${question.id}): one 0 or 1 per option`);
    }
    const { min, max } = shapeOf(question);
    const n = c.reduce((a, b) => a + b, 0);
    if (n < min || n > max) {
      throw new UrneError('ballot.choices', `question ${q + 1} (${question.id}): choose between ${min} and ${max} options, not ${n}`);
    }
  });
}

// Encrypts `choices` for the election (see setup.js: {id, manifest, group, key}) under the
// credential public key `author`. `seenTreeSize` (a BigInt or number) is the size of the latest
// signed tree head the client verified (specs/ballot.md §4 rules 8–9; 0 if none). Returns
// {payload, trackingCode, nonces, choices}; `nonces` are secret until an audit reveals them
// (wipeSecrets drops them).
export function encryptBallot(election, author, choices, seenTreeSize = 0n) {
  checkChoices(election.manifest, choices);
  const { group, key } = election;
  const S = group.scalars;
  const questions = [];
  const nonces = [];
  election.manifest.questions.forEach((question, q) => {
    const cts = [];
    const proofs = [];
    const rs = [];
    choices[q].forEach((m, o) => {
      const r = S.random();
      const ct = key.encrypt(m, r);
      const proof = proveRange(key, ct, m, r, 0, 1, selectionContext(election.id, author, q, o));
      cts.push(ct);
      proofs.push(encodeRangeProof(group, proof));
      rs.push(r);
    });
    const { min, max } = shapeOf(question);
    const sumR = rs.reduce((a, b) => S.add(a, b), 0n);
    const sumM = choices[q].reduce((a, b) => a + b, 0);
    const sum = proveRange(key, multiplyCiphertexts(group, cts), sumM, sumR, min, max, sumContext(election.id, author, q));
    questions.push({
      ciphertexts: cts.map((c) => encodeCiphertext(group, c)),
      range_proofs: proofs,
      sum_proof: encodeRangeProof(group, sum),
    });
    nonces.push(rs);
  });
  const payload = encode(Ballot, { questions, seen_tree_size: BigInt(seenTreeSize) });
  return { payload, trackingCode: trackingCode(payload), nonces, choices: choices.map((c) => c.slice()) };
}

// The AUDIT payload (§5) of an encrypted ballot: the ballot bytes, the selections and nonces.
export function auditPayload(election, encrypted) {
  const S = election.group.scalars;
  return encode(Audit, {
    ballot: encrypted.payload,
    questions: encrypted.choices.map((c, q) => ({ selections: c, nonces: encrypted.nonces[q].map((r) => S.encode(r)) })),
  });
}

// Forgets a ballot's nonces (after casting; best effort in JavaScript).
export function wipeSecrets(encrypted) {
  for (const rs of encrypted.nonces) rs.fill(0n);
  encrypted.nonces = [];
}

// §4 rule 4: parses a Ballot payload strictly and verifies every proof with the author's
// contexts. Returns the decoded ciphertexts per question. Reasons: payload.*,
// ballot.structure, ciphertext.*, element.*, scalar.*, proof.range.* (message naming the
// question and option, or the sum proof).
export function verifyBallot(election, author, payload) {
  const { group, manifest } = election;
  const ballot = decode(Ballot, payload);
  if (ballot.questions.length !== manifest.questions.length) {
    throw new UrneError('ballot.structure', `${ballot.questions.length} question parts for ${manifest.questions.length} questions`);
  }
  const K = election.key.K;
  return ballot.questions.map((part, q) => {
    const n = manifest.questions[q].options.length;
    if (part.ciphertexts.length !== n || part.range_proofs.length !== n) {
      throw new UrneError('ballot.structure', `question ${q}: ${n} ciphertexts and range proofs expected`);
    }
    const cts = part.ciphertexts.map((bytes, o) =>
      withContext(`question ${q}, option ${o}: `, () => {
        const ct = decodeCiphertext(group, bytes);
        verifyRange(group, K, ct, 0, 1, decodeRangeProof(group, part.range_proofs[o]), selectionContext(election.id, author, q, o));
        return ct;
      }),
    );
    const { min, max } = shapeOf(manifest.questions[q]);
    withContext(`question ${q}, sum proof: `, () =>
      verifyRange(group, K, multiplyCiphertexts(group, cts), min, max, decodeRangeProof(group, part.sum_proof), sumContext(election.id, author, q)),
    );
    return cts;
  });
}

// §5: checks an AUDIT payload for `author` and returns the revealed selections per question.
// Reasons: payload.*, the ballot's reasons, audit.structure, scalar.*, audit.mismatch.
export function verifyAudit(election, author, payload) {
  const { group, manifest, key } = election;
  const audit = decode(Audit, payload);
  const cts = verifyBallot(election, author, audit.ballot);
  if (audit.questions.length !== manifest.questions.length) throw new UrneError('audit.structure', 'one opening per question');
  return audit.questions.map((opening, q) => {
    const n = manifest.questions[q].options.length;
    if (opening.selections.length !== n || opening.nonces.length !== n) {
      throw new UrneError('audit.structure', `question ${q}: one selection and one nonce per option`);
    }
    opening.selections.forEach((m, o) => {
      if (m !== 0 && m !== 1) throw new UrneError('audit.structure', `question ${q}, option ${o}: a selection is 0 or 1`);
      const r = withContext(`question ${q}, option ${o}: `, () => group.scalars.decode(opening.nonces[o]));
      if (!ciphertextsEqual(group, key.encrypt(m, r), cts[q][o])) {
        throw new UrneError('audit.mismatch', `question ${q}, option ${o}: the ciphertext does not encrypt the revealed selection`);
      }
    });
    return opening.selections;
  });
}


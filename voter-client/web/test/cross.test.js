// Cross-implementation tests: the same election, ballots made by each implementation and
// checked by the other. urne-web-fixture (tests/web/web_fixture.cc) runs a scripted election
// in C++ up to OPEN; this JavaScript replays its setup entries (election id, signatures,
// roles, phases, ceremony with Schnorr proofs, joint key), verifies the C++ ballot and audit,
// then makes ballots and audits of its own — and variants that must be refused — which the C++
// election state machine (election/state.cc, the board's and verifier's code) applies,
// comparing each outcome with the expected reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex, toHex, concat } from '../js/bytes.js';
import { resultOf } from './vectors_util.js';
import { replaySetup } from '../js/setup.js';
import { parseCode, credentialKey } from '../js/credential.js';
import { makeEntry, verifyEntrySignature } from '../js/entry.js';
import { EntryKind } from '../js/messages.js';
import { encryptBallot, auditPayload, verifyBallot, verifyAudit } from '../js/ballot.js';
import { parseReceiptFile, receiptFileText, verifyReceiptFile } from '../js/receipt.js';
import { checkLogPrefix, entriesOfCredential } from '../js/log.js';
import { verifyTreeHead } from '../js/tree_head.js';
import { entryLeafHash } from '../js/entry.js';
import { consistencyProof } from './merkle_ref.js';

const FIXTURE = process.env.URNE_WEB_FIXTURE;
const voter2Key = (codes, electionId) => credentialKey(electionId, parseCode(codes[2]));

function readEntries(path) {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [expect, id, kind, payload, author, signature] = line.split('\t');
    return { expect, entry: { election_id: fromHex(id), kind: Number(kind), payload: fromHex(payload), author: fromHex(author), signature: fromHex(signature) } };
  });
}
const line = (expect, e) => [expect, toHex(e.election_id), e.kind, toHex(e.payload), toHex(e.author), toHex(e.signature)].join('\t');

function crossTest(group, complaint, { variants }) {
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'urne-web-cross-'));
    try {
      execFileSync(FIXTURE, ['make', dir, '--group', group, '--complaint', complaint], { stdio: 'pipe' });
      const setup = readEntries(join(dir, 'setup.tsv')).map((x) => x.entry);
      const codes = readFileSync(join(dir, 'codes.txt'), 'utf8').split('\n').filter(Boolean);
      const electionId = setup[0].election_id;

      // Setup replay, from the link's election id.
      const election = replaySetup(electionId, setup);
      assert.equal(election.phase, 'VOTING');
      assert.equal(election.group.name, group);
      assert.deepEqual(election.qualified, complaint === 'unanswered' ? [2, 3] : [1, 2, 3]);
      if (variants) {
        // Setup logs a client must refuse, each with its reason.
        const kindAt = (k) => setup.findIndex((e) => e.kind === k);
        const without = (i) => setup.filter((_, j) => j !== i);
        const flipped = setup.map((e, j) => (j === 1 ? { ...e, signature: e.signature.map((b, k) => (k === 0 ? b ^ 1 : b)) } : e));
        assert.equal(resultOf(() => replaySetup(electionId, flipped)), 'signature.invalid');
        assert.equal(resultOf(() => replaySetup(electionId, without(kindAt(EntryKind.TRUSTEE_COMMITMENT)))), 'ceremony.premature_verdict');
        const roll = setup[kindAt(EntryKind.ROLL)];
        assert.equal(resultOf(() => replaySetup(electionId, [...setup.slice(0, kindAt(EntryKind.ROLL) + 1), roll, ...setup.slice(kindAt(EntryKind.ROLL) + 1)])), 'roll.already_posted');
        const early = setup.slice(0, kindAt(EntryKind.OPEN));
        const notOpen = replaySetup(electionId, early);
        assert.notEqual(notOpen.phase, 'VOTING');
        assert.equal(notOpen.key, null);
        // The OPEN countersigns the log it opens: without the ROLL it no longer matches.
        const opened = [...early.filter((e) => e.kind !== EntryKind.ROLL), setup[kindAt(EntryKind.OPEN)]];
        assert.equal(resultOf(() => replaySetup(electionId, opened)), 'open.tree_head_mismatch');
        const c0 = kindAt(EntryKind.TRUSTEE_COMMITMENT);
        const reordered = setup.slice(0, kindAt(EntryKind.OPEN) + 1);
        [reordered[c0], reordered[c0 + 1]] = [reordered[c0 + 1], reordered[c0]];
        assert.equal(resultOf(() => replaySetup(electionId, reordered)), 'open.tree_head_mismatch');
        const voter = credentialKey(electionId, parseCode(codes[0]));
        const c = setup[kindAt(EntryKind.TRUSTEE_COMMITMENT)];
        const forged = makeEntry(electionId, c.kind, c.payload, voter);
        assert.equal(resultOf(() => replaySetup(electionId, [setup[0], forged])), 'role.wrong_author');
        const ballotEarly = makeEntry(electionId, EntryKind.BALLOT, new Uint8Array(0), voter);
        assert.equal(resultOf(() => replaySetup(electionId, [setup[0], ballotEarly])), 'phase.wrong');
      }
      // A link with another election id is refused at the MANIFEST.
      const otherId = electionId.slice();
      otherId[0] ^= 1;
      assert.equal(resultOf(() => replaySetup(otherId, setup)), 'entry.wrong_election');

      // The C++ ballot (voter 0) and audit (voter 1) verify here; the audit reveals its choices.
      const [cppBallot, cppAudit] = readEntries(join(dir, 'cpp.tsv')).map((x) => x.entry);
      const cppChoices = readFileSync(join(dir, 'cpp_choices.txt'), 'utf8').split('\n').filter(Boolean)
        .map((l) => l.split('|').map((q) => [...q].map(Number)));
      for (const [i, e] of [cppBallot, cppAudit].entries()) {
        verifyEntrySignature(e);
        assert.equal(toHex(credentialKey(electionId, parseCode(codes[i])).publicKey), toHex(e.author));
        assert.ok(election.roll.has(toHex(e.author)));
      }
      verifyBallot(election, cppBallot.author, cppBallot.payload);
      assert.deepEqual(verifyAudit(election, cppAudit.author, cppAudit.payload), cppChoices[1]);
      // urne-vote's receipt file for the C++ ballot: parsed and verified against the manifest's
      // board key, and written back byte for byte by this implementation's writer.
      const receiptText = readFileSync(join(dir, 'cpp_receipt.json'), 'utf8');
      const receiptFile = parseReceiptFile(receiptText);
      verifyReceiptFile(receiptFile, election.boardKey);
      assert.equal(toHex(receiptFile.entry.signature), toHex(cppBallot.signature));
      assert.equal(receiptFileText(receiptFile), receiptText);
      assert.equal(resultOf(() => verifyReceiptFile(receiptFile, voter2Key(codes, electionId).publicKey)), 'tree_head.wrong_key');
      // The receipt's signed head covers setup + ballot + audit: the whole log checks against
      // it, and the setup alone is a prefix (with the consistency proof a board would send).
      const head = receiptFile.receipt.tree_head;
      verifyTreeHead(head, election.boardKey);
      const log = [...setup, cppBallot, cppAudit];
      checkLogPrefix(log, head);
      checkLogPrefix(setup, head, consistencyProof(setup.length, log.map(entryLeafHash)));
      assert.equal(resultOf(() => checkLogPrefix(setup, head, [])), 'merkle.consistency.invalid');
      assert.equal(resultOf(() => checkLogPrefix([...log.slice(0, -1), cppBallot], head)), 'sync.root_mismatch');
      // The abstainer check: voter 0 cast one ballot (it counts), voter 1 only audited,
      // voter 2 nothing.
      const mine = entriesOfCredential(log, cppBallot.author, election.manifest.revote_policy);
      assert.deepEqual(mine.map((x) => [x.index, x.kind, x.counts, x.trackingCode]), [[setup.length, 'BALLOT', true, receiptFile.trackingCode]]);
      assert.deepEqual(entriesOfCredential(log, cppAudit.author, 0).map((x) => x.kind), ['AUDIT']);
      assert.deepEqual(entriesOfCredential(log, voter2Key(codes, electionId).publicKey, 0), []);
      // Under another credential the C++ proofs fail (they are bound to voter 0's).
      const voter2 = credentialKey(electionId, parseCode(codes[2]));
      assert.equal(resultOf(() => verifyBallot(election, voter2.publicKey, cppBallot.payload)), 'proof.range.challenge_mismatch');

      // JavaScript ballots and audits for the C++ to check (the fixture applies them right
      // after the setup, so the first is entry setup.length).
      const out = [];
      const choicesA = [[0, 1, 0], [1, 1, 0], [0, 0, 0]];
      const choicesB = [[0, 0, 1], [0, 0, 0], [1, 1, 1]];
      // The JS entries follow the setup: the first one's client saw setup.length entries.
      const seen = BigInt(setup.length);
      const ballot2 = encryptBallot(election, voter2.publicKey, choicesA, seen);
      verifyBallot(election, voter2.publicKey, ballot2.payload);
      const e2 = makeEntry(electionId, EntryKind.BALLOT, ballot2.payload, voter2);
      out.push(line('ok', e2));
      const voter3 = credentialKey(electionId, parseCode(codes[3]));
      const audit3 = encryptBallot(election, voter3.publicKey, choicesB, seen);
      const auditBytes = auditPayload(election, audit3);
      assert.deepEqual(verifyAudit(election, voter3.publicKey, auditBytes), choicesB);
      out.push(line('ok', makeEntry(electionId, EntryKind.AUDIT, auditBytes, voter3)));
      // A revote of voter 2 (LAST_BALLOT_COUNTS), made after its first ballot's receipt (a
      // head of seen + 1 entries); one made from the same view as the first is stale.
      out.push(line('ballot.stale', makeEntry(electionId, EntryKind.BALLOT, encryptBallot(election, voter2.publicKey, choicesB, seen).payload, voter2)));
      out.push(line('ok', makeEntry(electionId, EntryKind.BALLOT, encryptBallot(election, voter2.publicKey, choicesB, seen + 1n).payload, voter2)));
      if (variants) {
        const voter4 = credentialKey(electionId, parseCode(codes[4]));
        // The same ballot bytes again: its tracking code is taken.
        out.push(line('ballot.duplicate', e2));
        // Voter 2's ballot signed by voter 4: proofs bound to another credential.
        out.push(line('proof.range.challenge_mismatch', makeEntry(electionId, EntryKind.BALLOT, ballot2.payload, voter4)));
        // A ballot proved for another election id.
        const foreign = { ...election, id: otherId };
        out.push(line('proof.range.challenge_mismatch', makeEntry(electionId, EntryKind.BALLOT, encryptBallot(foreign, voter4.publicKey, choicesA).payload, voter4)));
        // Signed for another election.
        out.push(line('entry.wrong_election', makeEntry(otherId, EntryKind.BALLOT, encryptBallot(election, voter4.publicKey, choicesA).payload, voter4)));
        // An audit that reveals another choice than it encrypts.
        const lying = encryptBallot(election, voter4.publicKey, choicesA);
        lying.choices = choicesB;
        out.push(line('audit.mismatch', makeEntry(electionId, EntryKind.AUDIT, auditPayload(election, lying), voter4)));
        // Non-canonical payload: a field with its default value written out (empty sum_proof).
        const extra = concat(encryptBallot(election, voter4.publicKey, choicesA).payload, fromHex('0a021a00'));
        out.push(line('payload.non_canonical', makeEntry(electionId, EntryKind.BALLOT, extra, voter4)));
        // A code that is not on the roll.
        const stranger = credentialKey(electionId, parseCode('0123456789ABCDEFGHJKJ'));
        assert.equal(election.roll.has(toHex(stranger.publicKey)), false);
        out.push(line('credential.not_on_roll', makeEntry(electionId, EntryKind.BALLOT, encryptBallot(election, stranger.publicKey, choicesA).payload, stranger)));
      }
      const file = join(dir, 'js.tsv');
      writeFileSync(file, out.join('\n') + '\n');
      let report;
      try {
        report = execFileSync(FIXTURE, ['check', dir, file], { encoding: 'utf8' });
      } catch (e) {
        assert.fail(`the C++ state machine disagreed:\n${e.stdout}${e.stderr}`);
      }
      assert.equal(report.split('\n').filter((l) => l.startsWith('as expected')).length, out.length, report);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const skip = FIXTURE ? false : 'URNE_WEB_FIXTURE is not set (ctest web.cross sets it)';
test('ristretto255: C++ ballots verify in JavaScript, JavaScript ballots and refusals in C++', { skip }, crossTest('ristretto255', 'none', { variants: true }));
test('ristretto255: setup with an answered complaint (share reveal checked)', { skip }, crossTest('ristretto255', 'answered', { variants: false }));
test('ristretto255: setup with an unanswered complaint (dealer 1 excluded from the joint key)', { skip }, crossTest('ristretto255', 'unanswered', { variants: false }));
test('eg4096: C++ ballots verify in JavaScript, JavaScript ballots in C++', { skip }, crossTest('eg4096', 'none', { variants: false }));

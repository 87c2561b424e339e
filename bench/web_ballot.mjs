// Encrypt + prove + sign one ballot of 5 yes/no questions with a blank option (15 selections)
// with the browser's voter crypto (voter-client/web/js) under Node, as a proxy for headless
// Chromium (same V8). Target (issue #15): ≤ 150 ms for ristretto255; ≤ 10 s for eg4096.
// Not a test: prints medians. Usage: node bench/web_ballot.mjs [ristretto255|eg4096] [runs]
// (needs `npm ci` in voter-client/web first).
import { performance } from 'node:perf_hooks';
import { groupByName } from '../voter-client/web/js/group.js';
import { ElGamalKey } from '../voter-client/web/js/elgamal.js';
import { encode } from '../voter-client/web/js/proto.js';
import * as M from '../voter-client/web/js/messages.js';
import { parseManifest } from '../voter-client/web/js/manifest.js';
import { electionIdOf, makeEntry } from '../voter-client/web/js/entry.js';
import { credentialKey, parseCode } from '../voter-client/web/js/credential.js';
import { encryptBallot } from '../voter-client/web/js/ballot.js';
import { SigningKey } from '../voter-client/web/js/ed25519.js';

const groupName = process.argv[2] || 'ristretto255';
const runs = Number(process.argv[3] || (groupName === 'eg4096' ? 3 : 15));
const text = (s) => ({ fr: s, en: s });
const manifest = {
  version: 1, group: groupName, reference: 'bench', title: text('T'), organiser: text('O'),
  questions: Array.from({ length: 5 }, (_, i) => ({
    id: `q${i}`, title: text(`Q${i}`), text: text(`Q${i}?`), kind: M.QuestionKind.YES_NO,
    options: [{ id: 'yes', label: text('yes') }, { id: 'no', label: text('no') }, { id: 'blank', label: text('blank'), blank: true }],
  })),
  trustees: [{ name: 't', signing_key: new SigningKey(new Uint8Array(32).fill(2)).publicKey, box_key: new Uint8Array(32) }],
  threshold: 1, authority_key: new SigningKey(new Uint8Array(32).fill(1)).publicKey,
  board_key: new SigningKey(new Uint8Array(32).fill(3)).publicKey,
};
const payload = encode(M.Manifest, manifest);
const group = groupByName(groupName);
const id = electionIdOf(payload);
const t0 = performance.now();
const election = { id, manifest: parseManifest(payload), group, key: new ElGamalKey(group, group.expG(group.scalars.random())) };
const setupMs = performance.now() - t0;
const voter = credentialKey(id, parseCode('0123-4567-89AB-CDEF-GHJKJ'));
const choices = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]];

// Wall time, and CPU time of this process (less disturbed when other jobs share the machine).
const times = [];
const cpu = [];
for (let i = 0; i < runs + 1; ++i) {
  const t = performance.now();
  const c = process.cpuUsage();
  const ballot = encryptBallot(election, voter.publicKey, choices);
  makeEntry(id, M.EntryKind.BALLOT, ballot.payload, voter);
  const used = process.cpuUsage(c);
  if (i > 0) {
    // the first run warms the JIT up
    times.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
  }
}
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const cpuMedian = cpu[Math.floor(cpu.length / 2)];
console.log(`web ballot ${groupName}: 5 yes/no+blank questions (15 selections), encrypt+prove+sign: ` +
  `median ${median.toFixed(1)} ms (CPU ${cpuMedian.toFixed(1)} ms), min ${times[0].toFixed(1)} ms over ${runs} runs ` +
  `(key tables ${setupMs.toFixed(0)} ms once per election; node ${process.version})`);

// The hosted booth in headless Chromium (issue #15 targets; a benchmark, not a test).
//
// First render: a voter opens the link of a real election (tests/browser/election.sh: a real
// urne-board with its HTTPS port, urne-admin, two urne-trustee, a roll of VOTERS, OPEN) in a
// browser started for that run with an empty profile (nothing cached, no connection open),
// and the page draws its first screen with the code field: every module loaded, the log
// downloaded and checked (setup replay, signed head, root). Timed in the page from its
// navigation start to the moment the code field is in the document (a MutationObserver
// installed before the page's own scripts), median of RUNS runs; also a second visit on the
// same browser with its cache disabled. Target <= 1 s on loopback.
// Weight: every response of one cold visit (the booth's files and the log), as transferred
// (gzip where the board compresses). Target <= 250 KB for the booth's files.
// Ballot: encrypt + prove + sign of 5 yes/no questions with a blank option (15 selections)
// in the page, ristretto255 and eg4096. Targets <= 150 ms and <= 10 s.
//
// Usage: node bench/booth_browser.js [BUILD_DIR] [--voters N] [--runs N]
//   (needs npm ci in tests/browser and voter-client/web, /usr/bin/chromium or URNE_CHROMIUM)
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');
const { execFileSync } = require('child_process');
const ROOT = path.resolve(__dirname, '..');
const { launch } = require(path.join(ROOT, 'tests/browser/booth_voter.js'));

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(args.splice(i, 2)[1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a positive integer`);
  return value;
};
const VOTERS = flag('--voters', 1000);
const RUNS = flag('--runs', 3);
const BUILD = path.resolve(args[0] || path.join(ROOT, 'build'));
const TARGET_RENDER_MS = 1000;
const TARGET_WEIGHT_KB = 250;

const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function readEnv(dir) {
  const env = {};
  for (const line of fs.readFileSync(path.join(dir, 'env'), 'utf8').trim().split('\n')) {
    const m = line.match(/^(\w+)=(.*)$/);
    env[m[1]] = m[2].replace(/^'(.*)'$/, '$1').replace(/\\(.)/g, '$1');
  }
  return env;
}

// Runs in the page before its own scripts: the time (from navigation start) at which the
// code field, or an error, first appears.
function markFirstScreen() {
  window.__urneFirstScreen = null;
  new MutationObserver((_, observer) => {
    if (document.getElementById('code') || document.getElementById('fatal-error')) {
      window.__urneFirstScreen = { ms: performance.now(), error: !document.getElementById('code') };
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}

async function visit(page, url) {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__urneFirstScreen !== null, null, { timeout: 60000, polling: 50 });
  const mark = await page.evaluate(() => window.__urneFirstScreen);
  if (mark.error) throw new Error('the page showed an error: ' + (await page.textContent('#fatal-error')));
  return mark.ms;
}

// One cold visit in a browser of its own (empty profile); with `weigh`, also every response's
// transferred bytes, split into the booth's files and the API (the log).
async function coldVisit(env, profile, weigh) {
  const context = await launch(profile, env.spki, { viewport: { width: 390, height: 844 } });
  try {
    await context.addInitScript(markFirstScreen);
    const page = context.pages()[0] || (await context.newPage());
    const weight = { files: 0, api: 0, count: 0 };
    if (weigh) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      const urls = new Map();
      cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
      cdp.on('Network.loadingFinished', (e) => {
        const url = urls.get(e.requestId) || '';
        weight[url.includes('/v1/') ? 'api' : 'files'] += e.encodedDataLength;
        weight.count += 1;
      });
    }
    const ms = await visit(page, `${env.booth}#${env.election}`);
    return { ms, weight, page, context };
  } catch (e) {
    await context.close();
    throw e;
  }
}

// Runs in the page: the library from the served modules, a synthetic 5-question election.
async function ballotTimes([groupName, runs]) {
  const lib = await import('/js/index.js');
  const M = await import('/js/messages.js');
  const { encode } = await import('/js/proto.js');
  const { parseManifest } = await import('/js/manifest.js');
  const { ElGamalKey } = await import('/js/elgamal.js');
  const text = (s) => ({ fr: s, en: s });
  const key = (b) => new lib.SigningKey(new Uint8Array(32).fill(b));
  const manifest = {
    version: 1, group: groupName, reference: 'bench', title: text('T'), organiser: text('O'),
    questions: Array.from({ length: 5 }, (_, i) => ({
      id: `q${i}`, title: text(`Q${i}`), text: text(`Q${i}?`), kind: M.QuestionKind.YES_NO,
      options: [{ id: 'yes', label: text('yes') }, { id: 'no', label: text('no') }, { id: 'blank', label: text('blank'), blank: true }],
    })),
    trustees: [{ name: 't', signing_key: key(2).publicKey, box_key: new Uint8Array(32) }],
    threshold: 1, authority_key: key(1).publicKey, board_key: key(3).publicKey, opens_at: 2n, closes_at: 3n, ceremony_deadline: 1n,
  };
  const payload = encode(M.Manifest, manifest);
  const group = lib.groupByName(groupName);
  const id = lib.electionIdOf(payload);
  const election = { id, manifest: parseManifest(payload), group, key: new ElGamalKey(group, group.expG(group.scalars.random())) };
  const voter = key(9);
  const choices = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]];
  const times = [];
  // times[0] includes building the fixed-base tables (eg4096's comb); the rest do not.
  for (let i = 0; i <= runs; ++i) {
    const t0 = performance.now();
    const b = lib.encryptBallot(election, voter.publicKey, choices, 5n);
    lib.makeEntry(id, M.EntryKind.BALLOT, b.payload, voter);
    times.push(performance.now() - t0);
  }
  return times;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'urne-booth-bench-'));
  let env = null;
  try {
    execFileSync('bash', [path.join(ROOT, 'tests/browser/election.sh'), 'start', tmp, String(VOTERS)],
      { env: { ...process.env, URNE_BUILD_DIR: BUILD }, stdio: ['ignore', 'ignore', 'inherit'] });
    env = readEnv(tmp);
    console.log(`booth first render: a real election (roll of ${VOTERS}), page at ${env.booth}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);

    // The weight from a visit of its own (the network recording slows the page down).
    const weighed = await coldVisit(env, path.join(tmp, 'profile-weight'), true);
    await weighed.context.close();
    const { files, api, count } = weighed.weight;
    console.log(`booth page weight: ${(files / 1024).toFixed(1)} KB of files and ${(api / 1024).toFixed(1)} KB of log (roll of ${VOTERS}) in ${count} responses, as transferred   target <= ${TARGET_WEIGHT_KB} KB (files)`);

    const cold = [];
    let last = null;
    for (let run = 0; run < RUNS; ++run) {
      if (last) await last.context.close();
      last = await coldVisit(env, path.join(tmp, `profile-${run}`), false);
      cold.push(last.ms);
    }
    console.log(`booth first render, cold (new browser, empty profile): ${cold.map((x) => x.toFixed(0)).join(', ')} ms; median ${median(cold).toFixed(0)} ms of ${RUNS}   target <= ${TARGET_RENDER_MS} ms`);

    // A second visit on the running browser, its cache disabled (connections may be reused).
    const cdp = await last.context.newCDPSession(last.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const again = [];
    for (let run = 0; run < RUNS; ++run) {
      await last.page.goto('about:blank');
      again.push(await visit(last.page, `${env.booth}#${env.election}`));
    }
    console.log(`booth first render, second visit (browser running, cache disabled): ${again.map((x) => x.toFixed(0)).join(', ')} ms; median ${median(again).toFixed(0)} ms of ${RUNS}   target <= ${TARGET_RENDER_MS} ms`);

    for (const [group, runs, target] of [['ristretto255', 15, 150], ['eg4096', 3, 10000]]) {
      const times = await last.page.evaluate(ballotTimes, [group, runs]);
      const rest = times.slice(1);
      console.log(`encrypt+prove+sign 15 selections, ${group}, headless Chromium: median ${median(rest).toFixed(0)} ms of ${rest.length} (first ${times[0].toFixed(0)} ms with table setup)   target <= ${target} ms`);
    }
    await last.context.close();
  } finally {
    if (env) {
      try {
        process.kill(Number(env.board_pid), 'SIGTERM');
      } catch {
        /* already stopped */
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});

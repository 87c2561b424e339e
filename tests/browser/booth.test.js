// Browser test of `urne-vote booth`: a real urne-board serving TLS (a CA made for the test by
// scripts/tls-test-ca.sh, trusted by the booth and helpers with --tls-ca) with an election
// in VOTING phase (urne-test-election), the real booth, and Debian's headless Chromium
// driven by playwright-core through a complete vote with the KEYBOARD ONLY (Tab, Space,
// Enter): a mistyped code, each question (with a validation error), review, encrypt, audit
// (Benaloh challenge), cast, receipt download. axe-core runs at every step in French and
// English and must report 0 violations; a screenshot of every step and language goes to
// URNE_ARTIFACTS. Finally the board must hold 1 ballot and 1 audit, and `urne-vote check`
// must say the downloaded receipt counts.
//
// Environment: URNE_BOARD_BIN, URNE_VOTE_BIN, URNE_TEST_ELECTION_BIN, URNE_ARTIFACTS,
// URNE_CHROMIUM (default /usr/bin/chromium).
'use strict';
const { chromium } = require('playwright-core');
const axe = require('axe-core');
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const env = (k, d) => process.env[k] || d || (() => { throw new Error(k + ' is not set'); })();
const BOARD = env('URNE_BOARD_BIN');
const VOTE = env('URNE_VOTE_BIN');
const HELPER = env('URNE_TEST_ELECTION_BIN');
const ARTIFACTS = env('URNE_ARTIFACTS', path.resolve(__dirname, '../../test-artifacts/booth'));
const CHROMIUM = env('URNE_CHROMIUM', '/usr/bin/chromium');

const children = [];
function start(bin, args, pattern) {
  return new Promise((resolve, reject) => {
    const p = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(p);
    let out = '', err = '';
    const timer = setTimeout(() => reject(new Error(bin + ' did not start: ' + err)), 30000);
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(pattern);
      if (m) { clearTimeout(timer); resolve(m); }
    });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => { clearTimeout(timer); reject(new Error(bin + ' exited ' + code + ': ' + err)); });
  });
}
function cleanup() { for (const p of children) { try { p.kill('SIGTERM'); } catch (e) { /* gone */ } } }

function assert(cond, msg) { if (!cond) throw new Error('assertion failed: ' + msg); }

async function tabTo(page, selector, max = 60) {
  for (let i = 0; i < max; ++i) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector)) return;
  }
  throw new Error('Tab never reached ' + selector);
}

let shot = 0;
async function checkStep(page, name) {
  // Both languages: switch with the keyboard (the toggle keeps focus), check, switch back.
  for (let round = 0; round < 2; ++round) {
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
      await page.addScriptTag({ content: axe.source });
    }
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
    const file = path.join(ARTIFACTS, String(++shot).padStart(2, '0') + '-' + name + '-' + lang + '.png');
    await page.screenshot({ path: file, fullPage: true });
    if (result.violations.length) {
      for (const v of result.violations) {
        console.error('axe', name, lang, v.id, v.help, v.nodes.map((n) => n.target.join(' ')).join(' | '));
      }
      throw new Error('axe found ' + result.violations.length + ' violation(s) at step ' + name + ' (' + lang + ')');
    }
    console.log('ok  step ' + name + ' (' + lang + '): 0 axe violations, ' + path.basename(file));
    await tabTo(page, '#lang-toggle');
    await page.keyboard.press('Enter');
    const now = await page.evaluate(() => document.documentElement.lang);
    assert(now !== lang, 'the language toggle switches the page language');
  }
}

async function main() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'urne-booth-'));
  const tlsDir = path.join(tmp, 'tls');
  execFileSync('bash', [path.resolve(__dirname, '../../scripts/tls-test-ca.sh'), tlsDir]);
  const [, boardAddress] = await start(BOARD, ['serve', '--data', path.join(tmp, 'board'), '--listen', '127.0.0.1:0', '--allow-any-authority',
    '--tls-cert', path.join(tlsDir, 'board.pem'), '--tls-key', path.join(tlsDir, 'board.key')],
    /urne-board listening on (https:\/\/\S+)/);
  const trust = ['--tls-ca', path.join(tlsDir, 'ca.pem')];
  const boardKey = execFileSync(BOARD, ['key', '--data', path.join(tmp, 'board')]).toString().trim();
  const election = JSON.parse(execFileSync(HELPER, ['create', '--board', boardAddress, '--board-key', boardKey,
    '--voters', '3', ...trust]).toString());
  const [, boothUrl] = await start(VOTE, ['booth', '--board', boardAddress, '--election', election.election_id, '--port', '0', ...trust],
    /listening on (http:\/\/127\.0\.0\.1:\d+\/)/);

  const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: CHROMIUM, headless: true, bypassCSP: true, acceptDownloads: true,
    viewport: { width: 1000, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] });
  try {
    const page = context.pages()[0] || await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r));
    await page.goto(boothUrl);
    await page.waitForSelector('#code');
    assert(await page.evaluate(() => document.documentElement.lang) === 'fr', 'the page starts in French');
    await checkStep(page, 'code');

    // A mistyped code (one character changed): the error is tied to the field.
    const code = election.codes[0];
    const typo = code.slice(0, 5) + (code[5] === 'A' ? 'B' : 'A') + code.slice(6);
    await tabTo(page, '#code');
    await page.keyboard.type(typo);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#code[aria-invalid=true]');
    assert((await page.textContent('#code-error')).length > 0, 'the code error is shown');
    assert((await page.getAttribute('#code', 'aria-describedby')).includes('code-error'), 'error tied to the field');
    await checkStep(page, 'code-error');

    // The right code (the field has focus after the error): clear it with the keyboard.
    await tabTo(page, '#code');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await page.waitForSelector('input[name=q0]');
    await checkStep(page, 'question-pool');

    // Continue without choosing: an error tied to the fieldset.
    await tabTo(page, '#next');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('q-error').textContent.length > 0);
    await checkStep(page, 'question-pool-error');
    await tabTo(page, 'input[name=q0][value=yes]');
    await page.keyboard.press('Space');
    await tabTo(page, '#next');
    await page.keyboard.press('Enter');

    await page.waitForSelector('input[name=q1]');
    await checkStep(page, 'question-council');
    await tabTo(page, 'input[name=q1][value=ana]');
    await page.keyboard.press('Space');
    await tabTo(page, 'input[name=q1][value=chloe]');
    await page.keyboard.press('Space');
    await tabTo(page, '#next');
    await page.keyboard.press('Enter');

    await page.waitForSelector('input[name=q2]');
    await tabTo(page, 'input[name=q2][value=park]');
    await page.keyboard.press('Space');
    await checkStep(page, 'question-budget');
    await tabTo(page, '#next');
    await page.keyboard.press('Enter');

    await page.waitForSelector('#encrypt');
    await checkStep(page, 'review');
    await tabTo(page, '#encrypt');
    await page.keyboard.press('Enter');

    await page.waitForSelector('#cast');
    const first = (await page.textContent('#tracking')).trim();
    assert(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$/.test(first), 'a tracking code is shown: ' + first);
    await checkStep(page, 'tracking-code');

    // Benaloh challenge: audit, then a fresh encryption is offered.
    await tabTo(page, '#audit');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.good');
    const second = (await page.textContent('#tracking')).trim();
    assert(second !== first, 'the audited ballot is re-encrypted with a new tracking code');
    const revealed = await page.textContent('dl.review');
    assert(revealed.includes('Oui') || revealed.includes('Yes'), 'the audit shows what was revealed');
    await checkStep(page, 'audit');

    await tabTo(page, '#cast');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#receipt-link');
    await checkStep(page, 'done');
    await tabTo(page, '#receipt-link');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const receiptPath = path.join(ARTIFACTS, 'receipt.json');
    await download.saveAs(receiptPath);
    const receipt = JSON.parse(fs.readFileSync(receiptPath, 'utf8'));
    assert(receipt.tracking_code === second, 'the receipt is for the cast ballot');

    // The typed code went only to the local booth.
    for (const r of requests) assert(r.url().startsWith(boothUrl) || r.url().startsWith('blob:'), 'request to ' + r.url());

    // The ballot landed: board counts and the receipt check.
    const status = JSON.parse(execFileSync(HELPER, ['status', '--board', boardAddress, '--election', election.election_id, ...trust]).toString());
    assert(status.ballots === 1 && status.audits === 1, 'board has 1 ballot and 1 audit: ' + JSON.stringify(status));
    const check = execFileSync(VOTE, ['check', '--receipt', receiptPath, '--board', boardAddress, ...trust]).toString();
    assert(check.includes('counts'), 'urne-vote check: ' + check);
    console.log('ok  ballot on the board: ' + JSON.stringify(status) + '; ' + check.trim());
  } finally {
    await context.close();
    cleanup();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(() => { console.log('booth browser test passed'); }, (e) => {
  console.error(e.stack || String(e));
  cleanup();
  process.exit(1);
});

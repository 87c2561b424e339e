// Browser test of the hosted booth (voter-client/web/booth, specs/booth.md §8) against a REAL
// urne-board: gRPC and HTTPS on loopback with a test CA (election.sh: urne-admin, two
// urne-trustee, a roll, OPEN), Debian's headless Chromium trusting the board's certificate by
// its SPKI hash, driven by playwright-core with the KEYBOARD ONLY:
//   a voter follows the link printed on their letter (urne-admin roll --booth-url) and, on a
//   phone-sized page, mistypes the letter's code, answers one question per screen (with a
//   validation error), encrypts, audits (Benaloh), casts, downloads the receipt, revotes
//   (told it replaces the first), checks the receipt (inclusion and consistency against the
//   current signed head) and runs the abstainer check; urne-vote check reads the page's
//   receipt; a ballot cast with the same code by urne-vote (not from this device) makes the
//   page warn; a new visit is told of the earlier ballot; a lost letter is replaced
//   (urne-admin replace-credential): the old code is refused with its own message, in a page
//   left open and on a new visit, the new letter's code votes and counts, the abstainer check
//   on the old code shows its ballot not counting; then the vote is closed, tallied and the
//   record verifies with urne-verify (counting the replacement), and the page shows the
//   closed vote; with the board stopped it shows a board error.
// axe-core runs on every step at 390x844 and 1280x800 in French and English (0 violations);
// each step also reflows at 320 CSS px (200 % zoom of 640 px) without horizontal scrolling,
// and has focus on its heading. Every request the page made is recorded: all go to the
// board's origin, and none holds the code (in any spelling) or the cast ballot's choices.
// Finally a board serving a release with one module byte changed: the page does not run.
//
// Environment: URNE_BUILD_DIR, URNE_ARTIFACTS (screenshots), URNE_CHROMIUM.
'use strict';
const axe = require('axe-core');
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const V = require('./booth_voter');

const ROOT = path.resolve(__dirname, '../..');
const BUILD = process.env.URNE_BUILD_DIR || path.join(ROOT, 'build');
const WEB = path.join(ROOT, 'voter-client/web');
const ARTIFACTS = process.env.URNE_ARTIFACTS || path.join(ROOT, 'test-artifacts/booth');
const ELECTION_SH = path.join(__dirname, 'election.sh');
const SIZES = [{ width: 390, height: 844 }, { width: 1280, height: 800 }];

function assert(cond, msg) { if (!cond) throw new Error('assertion failed: ' + msg); }
// The programs keep a device's receipts in this test's artifacts, not in the user's own folder.
const RECEIPTS = path.join(ARTIFACTS, 'device-receipts');
const run = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { env: { ...process.env, URNE_BUILD_DIR: BUILD, URNE_RECEIPTS_DIR: RECEIPTS }, ...opts }).toString();

let shot = 0;
async function axeRun(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axe.source); // CDP, not an inline script
  return page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
}

// axe at both sizes in both languages (switched with the keyboard), reflow at 320 px, focus
// on the step's heading when it was shown.
async function checkStep(page, name, { focusHeading = true } = {}) {
  if (focusHeading) {
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.tagName);
    assert(['H1', 'H2', 'INPUT'].includes(focused), `${name}: focus is on the step's heading or its invalid field, not ${focused}`);
  }
  for (let round = 0; round < 2; ++round) {
    const lang = await page.evaluate(() => document.documentElement.lang);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const result = await axeRun(page);
      const file = path.join(ARTIFACTS, `${String(++shot).padStart(2, '0')}-${name}-${lang}-${size.width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      if (result.violations.length) {
        for (const v of result.violations) console.error('axe', name, lang, size.width, v.id, v.help, v.nodes.map((n) => n.target.join(' ')).join(' | '));
        throw new Error(`axe found ${result.violations.length} violation(s) at step ${name} (${lang}, ${size.width} px)`);
      }
    }
    await page.setViewportSize({ width: 320, height: 640 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `${name} (${lang}): ${overflow} px of horizontal scrolling at 320 px`);
    await page.setViewportSize(SIZES[0]);
    console.log(`ok  step ${name} (${lang}): 0 axe violations at 390 and 1280 px, reflows at 320 px`);
    await V.press(page, '#lang-toggle');
    const now = await page.evaluate(() => document.documentElement.lang);
    assert(now !== lang, 'the language button switches the page language');
  }
}

// The votation-day manifest's six questions: answers as option ids.
const FIRST = [['yes'], ['no'], ['blank'], ['initiative'], ['yes'], ['jardins', 'bancs-ombrages']];
const SECOND = [['no'], ['yes'], ['yes'], ['contre-projet'], ['blank'], ['boite-a-livres']];

function letters(dir) {
  const lines = fs.readFileSync(path.join(dir, 'letters/letters.csv'), 'utf8').trim().split(/\r?\n/);
  const head = lines[0].split(',');
  const col = head.indexOf('credential_code');
  return lines.slice(1).map((l) => l.split(',')[col]);
}

// The letters' rows: {id, code}.
function letterRows(dir) {
  const lines = fs.readFileSync(path.join(dir, 'letters/letters.csv'), 'utf8').trim().split(/\r?\n/);
  const head = lines[0].split(',');
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    return { id: cells[head.indexOf('id')], code: cells[head.indexOf('credential_code')] };
  });
}

// The credential code printed on a letter (urne-admin's HTML: <p class="code" …><span>…).
function codeOfLetter(html) {
  const m = html.match(/<p class="code"[^>]*>((?:<span>[^<]*<\/span>)+)<\/p>/);
  return m ? [...m[1].matchAll(/<span>([^<]*)<\/span>/g)].map((x) => x[1]).join('-') : null;
}

function readEnv(dir) {
  const env = {};
  for (const line of fs.readFileSync(path.join(dir, 'env'), 'utf8').trim().split('\n')) {
    const m = line.match(/^(\w+)=(.*)$/);
    env[m[1]] = m[2].replace(/^'(.*)'$/, '$1').replace(/\\(.)/g, '$1');
  }
  return env;
}

async function download(page, file) {
  const [d] = await Promise.all([page.waitForEvent('download'), V.press(page, '#receipt-link')]);
  await d.saveAs(file);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

async function mainFlow(tmp, env, codes, context) {
  // The voter has the letter: its link and its code (the first letter of letters.html).
  const letter = fs.readFileSync(path.join(tmp, 'letters/letters.html'), 'utf8');
  const url = (letter.match(/href="(https:\/\/[^"#]+\/#[0-9a-f]{64})"/) || [])[1];
  assert(url === `${env.booth}#${env.election}`, 'the letter links to the booth and the election: ' + url);
  assert(codeOfLetter(letter) === codes[0], 'the first letter holds the first code');
  const page = context.pages()[0] || (await context.newPage());
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), headers: r.headers(), body: r.postData() || '' }));
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await page.goto(url);
  await page.waitForSelector('#code', { timeout: 60000 });
  assert(await page.evaluate(() => document.documentElement.lang) === 'fr', 'a French browser gets the French page');
  assert((await page.textContent('main')).includes('Démocracité'), 'the town and the votation from the manifest are shown');
  await checkStep(page, 'start');
  // The page shows the booth digest the manifest names (specs/booth.md §7.4), which is the
  // digest of the release this board serves.
  assert((await page.textContent('#booth-digest')).includes(env.digest), 'the manifest\'s booth digest is shown');

  // A mistyped code (one character changed): its own message, tied to the field.
  const code = codes[0];
  const typo = code.slice(0, 5) + (code[5] === 'A' ? 'B' : 'A') + code.slice(6);
  await V.enterCode(page, typo);
  await page.waitForSelector('#code[aria-invalid=true]');
  assert((await page.textContent('#code-error')).length > 20, 'the code error is shown');
  assert((await page.getAttribute('#code', 'aria-describedby')).includes('code-error'), 'the error is tied to the field');
  assert(await page.getAttribute('#code-error', 'role') === 'alert', 'the error is announced');
  await checkStep(page, 'code-error');
  // A code of another election: passes the check symbol, not on this roll.
  const { checkSymbol, displayCode } = await import(path.join(WEB, 'js/credential.js'));
  const data = '0123456789ABCDEFGHJK';
  await V.enterCode(page, displayCode(data + checkSymbol(data)));
  await page.waitForFunction(() => /roll|élection|election/.test(document.getElementById('code-error').textContent));
  await checkStep(page, 'code-not-on-roll');
  await page.waitForSelector('#code-error:not(:empty)');

  // The right code; question 1 without an answer is an error; then one question per screen.
  await V.enterCode(page, code.toLowerCase().replace(/-/g, ' '));
  await page.waitForSelector('input[name=q0]');
  await checkStep(page, 'question-1');
  await V.press(page, '#next');
  await page.waitForSelector('#q-error:not(:empty)');
  await checkStep(page, 'question-error', { focusHeading: false });
  await V.answerAll(page, FIRST, async (i) => { if (i > 0) await checkStep(page, `question-${i + 1}`); });
  await checkStep(page, 'review');

  const first = await V.encrypt(page);
  assert(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$/.test(first), 'a tracking code is shown: ' + first);
  await checkStep(page, 'encrypted');

  // Benaloh audit: published, checked in the page, then a fresh encryption.
  await V.press(page, '#audit');
  await page.waitForSelector('#audited-h');
  const second = (await page.textContent('#tracking')).trim();
  assert(second !== first, 'the audited ballot is replaced by a new encryption');
  assert((await page.textContent('.good')).includes(first), 'the audit names the audited ballot');
  await checkStep(page, 'audited', { focusHeading: true });

  const cast1 = await V.cast(page);
  assert(cast1 === second, 'the cast ballot is the one shown');
  await checkStep(page, 'recorded');
  const receipt1 = await download(page, path.join(ARTIFACTS, 'receipt-1.json'));
  assert(receipt1.tracking_code === cast1 && receipt1.format === 'urne-receipt/1', 'the receipt is for the cast ballot');
  // urne-vote check reads the page's receipt (specs/ballot.md §8).
  const cli = run(path.join(BUILD, 'voter-client/urne-vote'), ['check', '--receipt', path.join(ARTIFACTS, 'receipt-1.json'), '--board', env.board, '--tls-ca', env.ca]);
  assert(/counts/.test(cli), 'urne-vote check: ' + cli);

  // Revote: the page says the new ballot replaces the first.
  await V.press(page, '#revote');
  await V.answerAll(page, SECOND);
  await V.encrypt(page);
  assert((await page.textContent('#cast')).match(/remplace|replaces/), 'the cast button says it replaces the earlier ballot');
  const cast2 = await V.cast(page);
  await page.waitForSelector('#revote-note');
  await checkStep(page, 'recorded-revote');
  const receipt2 = await download(page, path.join(ARTIFACTS, 'receipt-2.json'));

  // Check my ballot now: inclusion and consistency against the current signed head.
  await V.press(page, '#check-now');
  await page.waitForSelector('#check-result');
  const checked = await page.textContent('#check-result');
  assert(checked.includes(cast2) && /compte|counts/.test(checked), 'the check says the revote counts: ' + checked);
  await checkStep(page, 'check', { focusHeading: false });
  // The first receipt, loaded from its file: replaced by the voter's own revote (no warning).
  await V.press(page, '#home');
  await page.waitForSelector('#to-check');
  await V.press(page, '#to-check');
  await page.setInputFiles('#receipt-file', path.join(ARTIFACTS, 'receipt-1.json'));
  await V.press(page, '#check-submit');
  await page.waitForSelector('#check-result');
  assert(!(await page.$('#check-result.warning')), 'an own revote is no warning');
  assert((await page.textContent('#check-result')).includes(cast2), 'the check names the replacing ballot');

  // The abstainer check: this code has two ballots and an audit; another code has none.
  await V.press(page, '#home');
  await V.press(page, '#to-abstainer');
  await tabAndType(page, '#check-code', code);
  await page.waitForSelector('#abstainer-result');
  const found = await page.textContent('#abstainer-result');
  assert(found.includes(cast1) && found.includes(cast2) && found.includes(first), 'the abstainer check lists the ballots and the audit: ' + found);
  await checkStep(page, 'abstainer', { focusHeading: false });
  await tabAndType(page, '#check-code', codes[1]);
  await page.waitForSelector('#abstainer-result');
  await page.waitForFunction(() => !document.querySelector('#abstainer-result li'));
  assert((await page.$$('#abstainer-result li')).length === 0, 'no ballot for an abstainer');

  // A ballot cast with this code elsewhere (urne-vote, not this device): the check warns.
  run(path.join(BUILD, 'voter-client/urne-vote'), ['cast', '--board', env.board, '--tls-ca', env.ca, '--election', env.election,
    '--credential', code, '--receipt', path.join(tmp, 'elsewhere.json'), '--lang', 'en',
    '--answer', 'piscine=no', '--answer', 'initiative=no', '--answer', 'contre-projet=no', '--answer', 'subsidiaire=blank',
    '--answer', 'pont=no', '--answer', 'projets=jardins']);
  await V.press(page, '#home');
  await V.press(page, '#to-check');
  await page.setInputFiles('#receipt-file', path.join(ARTIFACTS, 'receipt-2.json'));
  await V.press(page, '#check-submit');
  await page.waitForSelector('#check-result.warning');
  await checkStep(page, 'check-warning', { focusHeading: false });

  // A new visit with the same code is told of the earlier ballot.
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForSelector('#code', { timeout: 60000 });
  await V.enterCode(page, code);
  await page.waitForSelector('#previous-ballot');
  await checkStep(page, 'previous-ballot');

  // Requests: only the board's origin; no code, no choice of the cast ballot.
  const origin = new URL(env.booth).origin;
  const spellings = [code, code.replace(/-/g, ''), code.toLowerCase(), code.replace(/-/g, '').toLowerCase()];
  // The choices' option ids and labels (long enough not to occur in base64 by chance).
  const labels = ['jardins', 'bancs-ombrages', 'boite-a-livres', 'contre-projet', 'Vote blanc', 'Blank vote', 'piscine'];
  const { decode } = await import(path.join(WEB, 'js/proto.js'));
  const M = await import(path.join(WEB, 'js/messages.js'));
  let posts = 0;
  for (const r of requests) {
    const where = r.url.startsWith('blob:') ? new URL(r.url.slice(5)).origin : new URL(r.url).origin;
    assert(where === origin, 'a request to another origin: ' + r.url);
    const all = r.url + ' ' + JSON.stringify(r.headers) + ' ' + r.body;
    for (const s of spellings) assert(!all.includes(s), 'the code in a request: ' + r.url);
    if (r.method === 'POST') {
      ++posts;
      const entry = JSON.parse(r.body);
      assert(entry.kind === 'BALLOT' || entry.kind === 'AUDIT', 'only ballots and audits are posted: ' + entry.kind);
      for (const l of labels) assert(!r.body.includes(l), 'a choice in clear in a post');
      // A BALLOT's payload is a Ballot (strict decoding: ciphertexts, proofs and
      // seen_tree_size only; an AUDIT reveals the audited ballot's choices by design).
      if (entry.kind === 'BALLOT') {
        const ballot = decode(M.Ballot, Uint8Array.from(Buffer.from(entry.payload, 'base64')));
        assert(ballot.questions.length === FIRST.length, 'a ballot has one part per question');
      }
    }
    assert(!/cookie/i.test(Object.keys(r.headers).join(' ')), 'no cookie is sent');
  }
  assert(posts === 3, `three posts (audit, ballot, revote): ${posts}`);
  assert(pageErrors.length === 0, 'page errors: ' + pageErrors.join('; '));
  console.log(`ok  ${requests.length} requests, all to ${origin}; none holds the code or a choice in clear`);
  return page;
}

// A lost letter replaced during the vote (urne-admin replace-credential posts a
// CREDENTIAL_REPLACEMENT; specs/booth.md §8.4, §8.6): the old code has voted; the page left
// open on it is stopped at its next encryption, before anything is encrypted or posted; a new
// visit with the old code gets its own message before any question; the new letter's code
// votes and its ballot counts; the abstainer check on the old code lists its ballot, none
// counting, and says the code was replaced. The record (end of main) verifies with it.
const REVOKED = /remplacé par une nouvelle lettre|replaced by a new letter/;
async function replacedCredential(tmp, env, context) {
  const { id, code: old } = letterRows(tmp)[3];
  const url = `${env.booth}#${env.election}`;
  const page = await context.newPage();
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()); });
  const oldBallot = await V.vote(page, url, old, FIRST);

  const letter = path.join(tmp, `${id}-replacement.html`);
  run('bash', [ELECTION_SH, 'replace', tmp, id, letter], { stdio: ['ignore', 'pipe', 'inherit'] });
  const fresh = codeOfLetter(fs.readFileSync(letter, 'utf8'));
  assert(/^[0-9A-Z]{4}(-[0-9A-Z]{4,5}){4}$/.test(fresh || '') && fresh !== old, 'the new letter holds a new code: ' + fresh);

  // The page still open on the old code: a revote stops when it reads the log again.
  const before = posts.length;
  await V.press(page, '#revote');
  await V.answerAll(page, SECOND);
  await V.press(page, '#encrypt');
  await page.waitForSelector('#code-error:not(:empty)', { timeout: 60000 });
  assert(REVOKED.test(await page.textContent('#code-error')), 'the open page names the replaced code: ' + (await page.textContent('#code-error')));
  assert(!(await page.$('#tracking')), 'nothing was encrypted');
  assert(posts.length === before, 'nothing was posted with the replaced code');
  await checkStep(page, 'code-replaced');

  // A new visit with the old code: its own message, before any question.
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForSelector('#code', { timeout: 60000 });
  await V.enterCode(page, old);
  await page.waitForSelector('#code-error:not(:empty)');
  assert(REVOKED.test(await page.textContent('#code-error')), 'the old code gets the replaced message: ' + (await page.textContent('#code-error')));
  assert(!(await page.$('input[name=q0]')), 'no question for a replaced code');
  assert(posts.length === before, 'nothing posted');

  // The new letter's code votes (no earlier ballot of its own), and its ballot counts.
  const newBallot = await V.vote(page, url, fresh, SECOND);
  assert(posts.length === before + 1, 'one post: the new code\'s ballot');
  await V.press(page, '#check-now');
  await page.waitForSelector('#check-result');
  const checked = await page.textContent('#check-result');
  assert(checked.includes(newBallot) && /compte|counts/.test(checked), 'the new code\'s ballot counts: ' + checked);

  // The abstainer check on the old code: its ballot, none counting, replaced.
  await V.press(page, '#home');
  await V.press(page, '#to-abstainer');
  await tabAndType(page, '#check-code', old);
  await page.waitForSelector('#abstainer-result');
  const listed = await page.textContent('#abstainer-result');
  assert(listed.includes(oldBallot), 'the old code\'s ballot is listed: ' + listed);
  assert(!/c’est celui qui compte|this one counts/.test(listed), 'none of the old code\'s ballots counts: ' + listed);
  assert(await page.$('#abstainer-revoked'), 'the check says the code was replaced');
  await checkStep(page, 'abstainer-replaced', { focusHeading: false });
  await page.close();
  console.log(`ok  a replaced letter: the old code is refused with its message (open page and new visit), the new code's ballot ${newBallot} counts, the abstainer check shows the old ballot ${oldBallot} not counting`);
}

async function tabAndType(page, selector, text) {
  await V.tabTo(page, selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

// An election whose manifest names no booth digest (made for urne-vote only): the board
// refuses it on the HTTPS port and the page says to vote with urne-vote; it shows no code field.
async function electionWithoutBooth(env, context) {
  const page = await context.newPage();
  await page.goto(`${env.booth}#${env.nobooth}`);
  await page.waitForFunction(() => /urne-vote/.test(document.querySelector('main').textContent), null, { timeout: 60000 });
  assert(!(await page.$('#code')), 'no code field for an election without this booth');
  await checkStep(page, 'no-booth');
  await page.close();
  console.log('ok  an election without a booth digest: refused by the board, the page says to use urne-vote');
}

// A board serving a release with one byte of one library module changed: the page must not run.
async function tamperedRelease(tmp, env, context) {
  const dir = path.join(tmp, 'tampered');
  for (const sub of ['booth', 'js', 'node_modules/@noble']) fs.cpSync(path.join(WEB, sub), path.join(dir, sub), { recursive: true });
  fs.appendFileSync(path.join(dir, 'js/bytes.js'), '\n');
  const data = path.join(tmp, 'board-tampered');
  const p = spawn(path.join(BUILD, 'bulletin-board/urne-board'), ['serve', '--data', data, '--listen', '127.0.0.1:0', '--http', '127.0.0.1:0',
    '--booth', dir, '--tls-cert', path.join(tmp, 'tls/board.pem'), '--tls-key', path.join(tmp, 'tls/board.key'), '--allow-any-authority'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const booth = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('the tampered board did not start: ' + out)), 30000);
      const on = (d) => { out += d; const m = out.match(/booth on (https:\/\/\S+)/); if (m) { clearTimeout(timer); resolve(m[1]); } };
      p.stdout.on('data', on);
      p.stderr.on('data', on);
    });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => errors.push(m.text()));
    await page.goto(`${booth}#${env.election}`);
    await page.waitForTimeout(3000);
    assert(!(await page.$('#code')), 'the page ran with a tampered module');
    assert(errors.some((e) => /integrity/i.test(e)), 'the browser names the integrity failure: ' + errors.join(' | '));
    await page.close();
    console.log('ok  a module with one byte changed: the browser refuses it and the page does not run');
  } finally {
    p.kill('SIGTERM');
  }
}

async function main() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.rmSync(RECEIPTS, { recursive: true, force: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'urne-booth-'));
  let env = null;
  let context = null;
  try {
    run('bash', [ELECTION_SH, 'start', tmp, '16'], { stdio: ['ignore', 'pipe', 'inherit'] });
    env = readEnv(tmp);
    const codes = letters(tmp);
    context = await V.launch(path.join(tmp, 'profile'), env.spki);
    const page = await mainFlow(tmp, env, codes, context);
    await replacedCredential(tmp, env, context);

    // Ten more voters with urne-vote (the manifest's secrecy floor is 10 counted ballots);
    // close, decrypt, tally; the record (browser and urne-vote ballots) verifies.
    run('bash', [ELECTION_SH, 'cast', tmp, '4', '10'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const verified = run('bash', [ELECTION_SH, 'end', tmp], { stdio: ['ignore', 'pipe', 'inherit'] });
    assert(verified.includes('Credentials replaced during the vote (lost or stolen letters): 1'), 'urne-verify counts the replacement: ' + verified);
    console.log('ok  urne-verify: ' + verified.trim().split('\n').slice(-1)[0]);
    await page.goto('about:blank');
    await page.goto(`${env.booth}#${env.election}`);
    await page.waitForSelector('#closed', { timeout: 60000 });
    await checkStep(page, 'closed');

    await tamperedRelease(tmp, env, context);
    await electionWithoutBooth(env, context);

    // The board stops: the abstainer check says the board did not answer.
    process.kill(Number(env.board_pid), 'SIGTERM');
    await V.press(page, '#to-abstainer');
    await tabAndType(page, '#check-code', codes[2]);
    await page.waitForSelector('#abstainer-error:not(:empty)');
    await checkStep(page, 'board-error', { focusHeading: false });
  } finally {
    if (context) await context.close();
    if (env) { try { process.kill(Number(env.board_pid), 'SIGTERM'); } catch { /* stopped */ } }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(() => console.log('booth browser test passed'), (e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});

// The hosted booth (specs/booth.md §7): the page a voter opens from the link on their letter,
// HOST/#<election id> over HTTPS. It downloads and checks the election's log (board.js), takes
// the credential code (never sent, never stored), asks one question per screen, encrypts,
// proves and signs in this page (../js/), offers the Benaloh audit, casts, shows the tracking
// code and the receipt to download, checks a receipt against the current signed log, and
// runs the abstainer check. Steps are functions that render into <main>; the state is this
// module's `S`, dropped when the tab closes.
import {
  UrneError, parseCode, credentialKey, encryptBallot, auditPayload, verifyAudit, makeEntry, entryLeafHash,
  displayTrackingCode, trackingCode, parseReceiptFile, receiptFileText, verifyReceiptFile, entriesOfCredential,
  toHex, EntryKind, QuestionKind, RevotePolicy, shapeOf, currentRoll,
} from '../js/index.js';
import { wipeSecrets } from '../js/ballot.js';
import { ballotPayloadOf } from '../js/receipt.js';
import { Board, BoardError } from './board.js';
import { t, defaultLanguage } from './i18n.js';
import { h, show, announce, nextPaint } from './ui.js';

const S = {
  lang: defaultLanguage(navigator.language),
  board: null,
  key: null, // the credential's SigningKey while the voter is voting
  choices: [],
  encrypted: null,
  revote: false,
  mine: new Set(), // tracking codes cast or audited from this device in this visit, or from receipts loaded
  receipt: null, // {receipt, entry} of the ballot cast in this visit
  step: null, // () => void: re-renders the current step (language switch)
};

const main = document.getElementById('main');
const live = document.getElementById('live');
const tr = (key, args) => t(S.lang, key, args);
// A text rendered in the language of the moment (a step re-rendered after a language switch
// shows its messages in the new language): ui.js's h() calls function children.
const later = (key, args) => () => tr(key, args);
const errorLater = (e) => () => errorText(e);
const text = (msg) => (msg ? msg[S.lang] || msg[S.lang === 'fr' ? 'en' : 'fr'] || '' : '');

function go(step, ...args) {
  S.step = () => step(...args);
  announce(live, '');
  step(...args);
}

function setLanguage(lang) {
  S.lang = lang;
  document.documentElement.lang = lang;
  document.title = (S.board?.election ? text(S.board.election.manifest.title) + ' — ' : '') + tr('booth');
  document.getElementById('booth-name').textContent = tr('booth');
  const toggle = document.getElementById('lang-toggle');
  toggle.textContent = tr('switch_to');
  toggle.setAttribute('lang', lang === 'fr' ? 'en' : 'fr');
  toggle.setAttribute('aria-label', tr('switch_label'));
}

document.getElementById('lang-toggle').addEventListener('click', () => {
  setLanguage(S.lang === 'fr' ? 'en' : 'fr');
  if (S.step) S.step();
  document.getElementById('lang-toggle').focus();
});

// ---------------------------------------------------------------------------------------
// Messages for errors: the stable reason decides the text.

function errorText(e) {
  const reason = e instanceof UrneError ? e.reason : 'internal';
  if (reason === 'credential.bad_character') return tr('err_code_character');
  if (reason === 'credential.wrong_length') return tr('err_code_length', { n: 21 });
  if (reason === 'credential.bad_check') return tr('err_code_check');
  if (reason === 'credential.not_on_roll') return tr('err_code_roll');
  if (reason === 'credential.revoked') return tr('err_code_revoked');
  if (reason === 'election.unknown') return tr('err_unknown_election');
  if (reason === 'booth.digest_mismatch') return tr('err_digest');
  if (e instanceof BoardError) return tr('err_board', { reason });
  return tr('err_verify', { reason });
}

function errorBox(id, message) {
  return h('p', { id, class: 'error', role: 'alert' }, message || '');
}

function button(label, onclick, attrs = {}) {
  return h('button', { type: 'button', onclick, ...attrs }, label);
}

function heading(textContent, level = 'h1') {
  return h(level, {}, textContent);
}

// A time in the town's zone (the manifest's time_zone; UTC when empty or unknown to this
// browser), named, whatever zone the voter's device is in (specs/manifest.md: time_zone).
function formatTime(ms) {
  if (!ms) return '';
  const zone = S.board?.election?.manifest?.time_zone || 'UTC';
  const options = { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
  const locale = S.lang === 'fr' ? 'fr-FR' : 'en-GB';
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: zone }).format(new Date(ms));
  } catch {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(ms));
  }
}

// ---------------------------------------------------------------------------------------
// Loading: the log, checked (board.js).

async function load() {
  const id = location.hash.replace(/^#/, '').trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(id)) return go(fatal, later('err_link'));
  if (typeof BigInt !== 'function' || !window.crypto?.getRandomValues) return go(fatal, later('err_unsupported'));
  S.board = new Board(id);
  await refresh(() => go(start));
}

async function refresh(then) {
  go(loading, tr('loading'), null);
  try {
    await S.board.sync((done, total) => {
      const bar = document.getElementById('progress');
      if (bar) {
        bar.max = total;
        bar.value = done;
      }
      announce(live, tr('loading_entries', { done, total }));
    });
    setLanguage(S.lang);
    then();
  } catch (e) {
    go(fatal, errorLater(e), () => refresh(then));
  }
}

function loading(message, value) {
  show(main, heading(message), h('progress', { id: 'progress', 'aria-label': message, ...(value === null ? {} : { value }) }));
}

function fatal(message, retry) {
  show(main, heading(tr('booth')), errorBox('fatal-error', message), retry && button(tr('retry'), retry, { id: 'retry' }));
}

// ---------------------------------------------------------------------------------------
// The first screen: the election and the code.

function electionHeader() {
  const m = S.board.election.manifest;
  return [
    h('p', { class: 'organiser' }, tr('organiser', { who: text(m.organiser) })),
    h('p', { class: 'election-title' }, text(m.title)),
    text(m.description) && h('p', {}, text(m.description)),
  ];
}

// The booth release the manifest commits to (booth.md §7.3–7.4), for observers to compare.
function boothDigest() {
  const d = S.board.election.manifest.booth_digest;
  return d instanceof Uint8Array && d.length === 32 && h('p', { id: 'booth-digest', class: 'hint digest' }, tr('booth_version', { digest: toHex(d) }));
}

function secondaryLinks() {
  return [h('nav', { 'aria-label': tr('booth'), class: 'secondary' },
    button(tr('check_ballot_link'), () => go(checkReceipt), { id: 'to-check', class: 'link' }),
    button(tr('abstainer_link'), () => go(abstainer), { id: 'to-abstainer', class: 'link' })), boothDigest()];
}

function start(error) {
  const m = S.board.election.manifest;
  const phase = S.board.phase;
  if (phase === 'CLOSED') {
    return show(main, heading(tr('closed_title')), electionHeader(), h('p', { id: 'closed', class: 'notice' }, tr('closed_text')), secondaryLinks());
  }
  if (phase !== 'VOTING') {
    return show(main, heading(tr('not_open_title')), electionHeader(), h('p', { id: 'not-open', class: 'notice' }, tr('not_open_text')), secondaryLinks());
  }
  const field = h('input', {
    id: 'code', name: 'code', type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
    'aria-describedby': error ? 'code-hint code-error' : 'code-hint', 'aria-invalid': error ? 'true' : false,
  });
  const form = h('form', { id: 'code-form', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); enterCode(field); } },
    h('label', { for: 'code' }, tr('code_label')),
    h('p', { id: 'code-hint', class: 'hint' }, tr('code_hint')),
    field,
    errorBox('code-error', error),
    h('button', { type: 'submit', id: 'code-submit', class: 'primary' }, tr('code_submit')));
  show(main, heading(tr('welcome')), electionHeader(), h('p', {}, tr('closes', { when: formatTime(Number(m.closes_at) * 1000) })), form, secondaryLinks());
  if (error) field.focus();
}

// Parses the code and derives the credential; the code itself is not kept (the input is
// cleared, only the key stays in memory for this visit).
function credentialFrom(field) {
  const key = credentialKey(S.board.id, parseCode(field.value));
  field.value = '';
  return key;
}

// The credential must be on the roll as the replacements left it (§8.4).
function checkOnRoll(key) {
  const { roll, revoked } = currentRoll(S.board.election, S.board.entries);
  if (revoked.has(toHex(key.publicKey))) throw new UrneError('credential.revoked', 'this code was replaced by a new letter');
  if (!roll.has(toHex(key.publicKey))) throw new UrneError('credential.not_on_roll', 'not on this election’s roll');
}

// checkOnRoll's refusal of the credential (credential.*), or null; a log that fails its
// checks still throws.
function onRollError(key) {
  try {
    checkOnRoll(key);
    return null;
  } catch (e) {
    if (e instanceof UrneError && e.reason.startsWith('credential.')) return e;
    throw e;
  }
}

// Forgets the key and the answers and shows the first screen with the code's error.
function forgetCode(e) {
  if (S.key) S.key.wipe();
  S.key = null;
  S.choices = [];
  S.revote = false;
  if (S.encrypted) wipeSecrets(S.encrypted);
  S.encrypted = null;
  S.step = () => start(errorLater(e));
  start(errorLater(e));
}

function enterCode(field) {
  const refuse = (e) => {
    S.step = () => start(errorLater(e));
    start(errorLater(e));
  };
  let key;
  try {
    key = credentialFrom(field);
  } catch (e) {
    return refuse(e);
  }
  try {
    checkOnRoll(key);
  } catch (e) {
    key.wipe();
    return refuse(e);
  }
  S.key = key;
  const m = S.board.election.manifest;
  const previous = entriesOfCredential(S.board.entries, key.publicKey, m.revote_policy).filter((x) => x.kind === 'BALLOT');
  S.revote = previous.length > 0;
  S.choices = m.questions.map((q) => q.options.map(() => 0));
  if (S.revote && m.revote_policy === RevotePolicy.SINGLE_BALLOT) {
    return go(notice, tr('single_ballot', { code: previous[0].trackingCode }), 'single-ballot');
  }
  if (S.revote) return go(notice, tr('previous_ballot', { code: previous[previous.length - 1].trackingCode }), 'previous-ballot', () => go(question, 0));
  go(question, 0);
}

function notice(message, id, onContinue) {
  show(main, heading(tr('welcome')), h('p', { id, class: 'notice' }, message),
    onContinue ? button(tr('next'), onContinue, { id: 'next', class: 'primary' }) : button(tr('home'), () => go(start), { id: 'home' }));
}

// ---------------------------------------------------------------------------------------
// One question per screen.

function question(i, error) {
  const m = S.board.election.manifest;
  const q = m.questions[i];
  const { min, max } = shapeOf(q);
  const single = q.kind === QuestionKind.YES_NO || q.kind === QuestionKind.ONE_OF;
  const chosen = S.choices[i];
  const unit = q.unit || '';
  const spent = () => q.options.reduce((a, o, k) => a + (chosen[k] ? Number(o.cost) : 0), 0);
  const budgetLine = q.kind === QuestionKind.BUDGET && h('p', { id: 'budget', 'aria-live': 'polite' }, tr('budget_info', { budget: q.budget, unit, spent: spent() }));
  const options = q.options.map((o, k) => {
    const id = `q${i}-o${k}`;
    const input = h('input', {
      type: single ? 'radio' : 'checkbox', id, name: `q${i}`, value: o.id, checked: chosen[k] === 1,
      'aria-describedby': text(o.description) || o.cost ? `${id}-d` : false,
      onchange: () => {
        if (single) chosen.fill(0);
        chosen[k] = input.checked ? 1 : 0;
        if (budgetLine) budgetLine.textContent = tr('budget_info', { budget: q.budget, unit, spent: spent() });
      },
    });
    const details = [text(o.description), o.cost ? tr('cost', { cost: o.cost, unit }) : ''].filter(Boolean).join(' — ');
    return h('div', { class: 'option' }, input, h('label', { for: id }, text(o.label), details && h('span', { id: `${id}-d`, class: 'hint' }, details)));
  });
  const rule = single ? tr('choose_one') : tr('choose_range', { min, max });
  const fieldset = h('fieldset', { 'aria-describedby': error ? `q-rule q-error` : 'q-rule', 'aria-invalid': error ? 'true' : false },
    h('legend', {}, text(q.title)), h('p', { id: 'q-rule', class: 'hint' }, rule), options);
  const next = () => {
    const n = chosen.reduce((a, b) => a + b, 0);
    if (n < min || n > max) {
      const message = single ? later('err_choose_one') : later('err_choose_range', { min, max, n });
      S.step = () => question(i, message);
      return question(i, message);
    }
    if (i + 1 < m.questions.length) go(question, i + 1);
    else go(review);
  };
  show(main,
    h('p', { class: 'step-count' }, tr('question_of', { i: i + 1, n: m.questions.length })),
    heading(text(q.title)),
    text(q.text) && h('p', { class: 'question-text' }, text(q.text)),
    h('form', { id: 'question-form', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); next(); } },
      fieldset, budgetLine, errorBox('q-error', error),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', id: 'next', class: 'primary' }, tr('next')),
        button(tr('back'), () => (i > 0 ? go(question, i - 1) : go(start)), { id: 'back' }))));
}

function answersList(choices) {
  const m = S.board.election.manifest;
  return h('dl', { class: 'review' }, m.questions.map((q, i) => {
    const picked = q.options.filter((o, k) => choices[i][k] === 1).map((o) => text(o.label));
    return [h('dt', {}, text(q.title)), h('dd', {}, picked.length ? picked.join(', ') : tr('blank'))];
  }));
}

function review() {
  const m = S.board.election.manifest;
  show(main, heading(tr('review')), h('p', {}, tr('review_hint')), answersList(S.choices),
    h('div', { class: 'actions' },
      button(tr('encrypt'), () => encrypt(), { id: 'encrypt', class: 'primary' }),
      button(tr('change'), () => go(question, m.questions.length - 1), { id: 'back' })));
}

// ---------------------------------------------------------------------------------------
// Encrypt, audit, cast.

async function encrypt(auditNotice) {
  const slow = S.board.election.manifest.group === 'eg4096';
  go(loading, slow ? tr('encrypting_slow') : tr('encrypting'), null);
  await nextPaint();
  try {
    // The ballot names the latest verified log size it saw (ballot.md §4 rules 8–9): it must
    // be past this credential's previous ballot, so a revote first reads the log again.
    await S.board.sync();
    if (S.board.phase === 'CLOSED') return go(start);
    // The code may have been replaced since it was entered (a page left open): then nothing
    // is encrypted, and the code gets its own message (§8.4).
    const revoked = onRollError(S.key);
    if (revoked) return forgetCode(revoked);
    if (S.encrypted) wipeSecrets(S.encrypted);
    S.encrypted = encryptBallot(S.board.election, S.key.publicKey, S.choices, S.board.head.tree_size);
  } catch (e) {
    return go(fatal, errorLater(e), () => go(review));
  }
  go(encrypted, auditNotice);
}

function encrypted(auditNotice, error) {
  const code = displayTrackingCode(S.encrypted.trackingCode);
  show(main,
    heading(tr('encrypted')),
    auditNotice && h('section', { class: 'good', 'aria-labelledby': 'audited-h' },
      h('h2', { id: 'audited-h' }, tr('audited')), h('p', {}, auditNotice.message), answersList(auditNotice.revealed)),
    h('p', {}, tr('tracking_code')),
    h('p', { id: 'tracking', class: 'code' }, code),
    h('p', { class: 'hint' }, tr('tracking_hint')),
    errorBox('cast-error', error),
    button(S.revote ? tr('cast_revote') : tr('cast'), () => cast(), { id: 'cast', class: 'primary' }),
    h('section', { class: 'audit', 'aria-labelledby': 'audit-h' },
      h('h2', { id: 'audit-h' }, tr('audit_title')),
      h('p', {}, tr('audit_text')),
      button(tr('audit'), () => audit(), { id: 'audit' })),
    button(tr('change'), () => go(question, 0), { id: 'back' }));
  if (auditNotice) {
    const heading2 = document.getElementById('audited-h');
    heading2.setAttribute('tabindex', '-1');
    heading2.focus();
  }
}

async function postOr(step, entry) {
  try {
    return await S.board.post(entry);
  } catch (e) {
    if (e instanceof BoardError && (e.reason === 'phase.wrong' || e.reason.startsWith('close.'))) {
      await S.board.sync().catch(() => {});
    }
    if (S.board.phase === 'CLOSED') go(start);
    else {
      S.step = () => encrypted(null, errorLater(e));
      encrypted(null, errorLater(e));
    }
    return null;
  }
}

async function audit() {
  const e = S.encrypted;
  const payload = auditPayload(S.board.election, e);
  const entry = makeEntry(S.board.id, EntryKind.AUDIT, payload, S.key);
  go(loading, tr('auditing'), null);
  const receipt = await postOr('audit', entry);
  if (!receipt) return;
  const revealed = verifyAudit(S.board.election, S.key.publicKey, payload);
  const code = displayTrackingCode(e.trackingCode);
  S.mine.add(code);
  wipeSecrets(e);
  S.encrypted = null;
  await encrypt({ message: later('audited_text', { code, index: receipt.index }), revealed });
}

async function cast() {
  const e = S.encrypted;
  const entry = makeEntry(S.board.id, EntryKind.BALLOT, e.payload, S.key);
  go(loading, tr('casting'), null);
  const receipt = await postOr('cast', entry);
  if (!receipt) return;
  wipeSecrets(e);
  S.encrypted = null;
  S.mine.add(displayTrackingCode(e.trackingCode));
  S.receipt = { receipt, entry };
  go(done, S.revote);
  S.revote = true;
}

function receiptLink() {
  const body = receiptFileText({ board: location.origin, ...S.receipt });
  const url = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
  const code = displayTrackingCode(trackingCode(S.receipt.entry.payload));
  return h('a', { id: 'receipt-link', class: 'button', href: url, download: `urne-receipt-${code.slice(0, 9)}.json` }, tr('receipt_download'));
}

function done(wasRevote) {
  const code = displayTrackingCode(trackingCode(S.receipt.entry.payload));
  show(main,
    heading(tr('done')),
    h('p', {}, tr('done_text', { index: S.receipt.receipt.index })),
    h('p', { id: 'tracking', class: 'code' }, code),
    wasRevote && h('p', { id: 'revote-note', class: 'notice' }, tr('done_revote')),
    receiptLink(),
    h('p', { class: 'hint' }, tr('receipt_hint')),
    h('div', { class: 'actions' },
      button(tr('check_now'), () => go(checkReceipt, S.receipt), { id: 'check-now' }),
      S.board.election.manifest.revote_policy !== RevotePolicy.SINGLE_BALLOT && button(tr('revote'), () => go(question, 0), { id: 'revote' }),
      button(tr('finish'), () => finish(), { id: 'finish' })));
}

function finish() {
  if (S.key) S.key.wipe();
  S.key = null;
  S.choices = [];
  show(main, heading(tr('finished')), button(tr('home'), () => go(start), { id: 'home' }));
  S.step = () => show(main, heading(tr('finished')), button(tr('home'), () => go(start), { id: 'home' }));
}

// ---------------------------------------------------------------------------------------
// Checking a receipt, and the abstainer check: both against a freshly synced, verified log.

function entryLine(x) {
  const time = S.board.receivedMs[x.index] ? tr('entry_at', { when: formatTime(S.board.receivedMs[x.index]) }) : '';
  let line = tr(x.kind === 'BALLOT' ? 'entry_ballot' : 'entry_audit', { code: x.trackingCode, index: x.index, time });
  if (x.counts) line += tr('entry_counts');
  if (S.mine.has(x.trackingCode)) line += tr('entry_here');
  return h('li', {}, line);
}

function checkReceipt(fromVisit, result, error) {
  const file = h('input', { type: 'file', id: 'receipt-file', accept: '.json,application/json', 'aria-describedby': error ? 'receipt-hint check-error' : 'receipt-hint', 'aria-invalid': error ? 'true' : false });
  const form = !fromVisit && h('form', { id: 'check-form', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); runCheck(null, file); } },
    h('label', { for: 'receipt-file' }, tr('check_file')),
    h('p', { id: 'receipt-hint', class: 'hint' }, tr('check_hint')),
    file,
    h('button', { type: 'submit', id: 'check-submit', class: 'primary' }, tr('check_submit')));
  show(main, heading(tr('check_title')), form, errorBox('check-error', error),
    result && h('section', { id: 'check-result', class: result.warning ? 'warning' : 'good', 'aria-live': 'polite' }, result.lines.map((l) => h('p', {}, l))),
    button(tr('home'), () => go(start), { id: 'home' }));
  if (fromVisit && !result && !error) runCheck(fromVisit, null);
}

async function runCheck(fromVisit, input) {
  let parsed;
  try {
    if (fromVisit) {
      parsed = { receipt: fromVisit.receipt, entry: fromVisit.entry };
    } else {
      const f = input.files && input.files[0];
      if (!f) return go(checkReceipt, null, null, later('err_receipt_missing'));
      parsed = parseReceiptFile(await f.text());
      if (parsed.electionId !== S.board.idHex) throw new UrneError('verify.receipt_mismatch', 'another election');
      verifyReceiptFile(parsed, S.board.election.boardKey);
    }
  } catch (e) {
    return go(checkReceipt, null, null, later('err_receipt', { reason: e.reason || 'receipt.json' }));
  }
  go(loading, tr('checking'), null);
  try {
    const { receipt, entry } = parsed;
    await S.board.sync();
    const head = S.board.head;
    // The receipt's head is a prefix of the current signed log, and the entry is in it.
    await S.board.checkConsistency(receipt.tree_head, head);
    await S.board.checkInclusion(entry, receipt.index, head);
    const own = displayTrackingCode(trackingCode(ballotPayloadOf(entry)));
    S.mine.add(own);
    const lines = [later('check_ok', { code: own, index: receipt.index, size: head.tree_size })];
    let warning = false;
    if (entry.kind === EntryKind.AUDIT) lines.push(later('check_audit'));
    else {
      const all = entriesOfCredential(S.board.entries, entry.author, S.board.election.manifest.revote_policy);
      const counted = all.find((x) => x.counts);
      if (counted && counted.index === Number(receipt.index)) lines.push(later('check_counts'));
      else if (counted && S.mine.has(counted.trackingCode)) lines.push(later('check_superseded_own', { code: counted.trackingCode }));
      else if (counted) {
        warning = true;
        lines.push(later('check_superseded_foreign', { code: counted.trackingCode, index: counted.index }));
      }
    }
    go(checkReceipt, fromVisit, { lines, warning });
  } catch (e) {
    go(checkReceipt, fromVisit, null, errorLater(e));
  }
}

function abstainer(result, error) {
  const field = h('input', { id: 'check-code', type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', 'aria-describedby': error ? 'check-code-hint abstainer-error' : 'check-code-hint', 'aria-invalid': error ? 'true' : false });
  show(main, heading(tr('abstainer_title')),
    h('form', { id: 'abstainer-form', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); runAbstainer(field); } },
      h('label', { for: 'check-code' }, tr('code_label')),
      h('p', { id: 'check-code-hint', class: 'hint' }, tr('abstainer_hint')),
      field,
      errorBox('abstainer-error', error),
      h('button', { type: 'submit', id: 'abstainer-submit', class: 'primary' }, tr('abstainer_submit'))),
    result && h('section', { id: 'abstainer-result', class: result.warning ? 'warning' : 'good' },
      h('p', {}, result.intro), result.items.length > 0 && h('ul', {}, result.items.map(entryLine)),
      result.revoked && h('p', { id: 'abstainer-revoked' }, tr('abstainer_revoked')),
      result.warning && h('p', { id: 'abstainer-warning' }, tr('abstainer_foreign'))),
    button(tr('home'), () => go(start), { id: 'home' }));
  if (error) field.focus();
}

async function runAbstainer(field) {
  // A replaced (revoked) code is checked too: its entries are listed, none of them counts.
  let publicKey;
  try {
    const key = credentialFrom(field);
    publicKey = key.publicKey;
    key.wipe();
  } catch (e) {
    return go(abstainer, null, errorLater(e));
  }
  try {
    const { roll, revoked } = currentRoll(S.board.election, S.board.entries);
    if (!roll.has(toHex(publicKey)) && !revoked.has(toHex(publicKey))) {
      throw new UrneError('credential.not_on_roll', 'not on this election’s roll');
    }
  } catch (e) {
    return go(abstainer, null, errorLater(e));
  }
  go(loading, tr('checking'), null);
  try {
    await S.board.sync();
  } catch (e) {
    return go(abstainer, null, errorLater(e));
  }
  const items = entriesOfCredential(S.board.entries, publicKey, S.board.election.manifest.revote_policy);
  const size = S.board.head.tree_size;
  let revoked = false;
  try {
    revoked = currentRoll(S.board.election, S.board.entries).revoked.has(toHex(publicKey));
  } catch (e) {
    return go(abstainer, null, errorLater(e));
  }
  if (revoked) for (const x of items) x.counts = false;
  const counted = items.find((x) => x.counts);
  go(abstainer, {
    intro: items.length ? later('abstainer_some', { size }) : later('abstainer_none', { size }),
    items,
    revoked,
    warning: Boolean(counted && S.mine.size > 0 && !S.mine.has(counted.trackingCode)),
  });
}

setLanguage(S.lang);
window.addEventListener('hashchange', () => location.reload());
load();

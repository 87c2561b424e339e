#include "voter-client/booth_page.h"

namespace urne::voter {

const char kBoothHtml[] = R"HTML(<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vote – urne</title>
<link rel="stylesheet" href="/booth.css">
<script src="/booth.js" defer></script>
</head>
<body>
<header class="top">
  <p class="brand" id="brand">urne</p>
  <button type="button" id="lang-toggle" class="link-button" lang="en">English</button>
</header>
<main id="main">
  <div id="step"><h1 id="step-title" tabindex="-1">Chargement…</h1></div>
  <div id="status" class="status" role="status" aria-live="polite"></div>
</main>
<noscript><p>Cette page a besoin de JavaScript. This page needs JavaScript.</p></noscript>
</body>
</html>
)HTML";

const char kBoothCss[] = R"CSS(
:root { --ink: #1a1a1a; --muted: #3d3d3d; --paper: #ffffff; --accent: #0b4f8a;
  --accent-dark: #083a66; --error: #a4001d; --ok: #135c2c; --line: #6b6b6b;
  --focus: #c2410c; }
* { box-sizing: border-box; }
html { font-size: 112.5%; }
body { margin: 0; font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif;
  line-height: 1.55; color: var(--ink); background: var(--paper); }
.top { display: flex; justify-content: space-between; align-items: center;
  padding: 0.75rem 1.25rem; border-bottom: 2px solid var(--line); }
.brand { margin: 0; font-weight: 700; }
main { max-width: 44rem; margin: 0 auto; padding: 1.25rem; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.3rem; }
p { margin: 0.5rem 0 1rem; }
.lead { font-size: 1.1rem; }
.muted { color: var(--muted); }
label, legend { font-weight: 600; }
legend { font-size: 1.2rem; padding: 0; margin-bottom: 0.5rem; }
fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
.field { margin-bottom: 1.25rem; }
input[type=text] { display: block; width: 100%; max-width: 26rem; font-size: 1.25rem;
  padding: 0.7rem; border: 2px solid var(--ink); border-radius: 6px;
  font-family: ui-monospace, "DejaVu Sans Mono", monospace; letter-spacing: 0.05em; }
.option { display: flex; align-items: flex-start; gap: 0.75rem; padding: 0.75rem;
  margin: 0.5rem 0; border: 2px solid var(--line); border-radius: 8px; min-height: 3rem; }
.option input { width: 1.6rem; height: 1.6rem; margin: 0.15rem 0 0; flex: none;
  accent-color: var(--accent); }
.option label { flex: 1; cursor: pointer; }
.option .desc { display: block; font-weight: 400; color: var(--muted); }
.option:has(input:checked) { border-color: var(--accent); background: #eef4fb; }
.hint { color: var(--muted); margin: 0 0 0.75rem; }
.error { color: var(--error); font-weight: 600; margin: 0.5rem 0; }
.error:empty { display: none; }
input[aria-invalid=true] { border-color: var(--error); border-width: 3px; }
.actions { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1.5rem 0; }
button, .button { font: inherit; font-size: 1.1rem; font-weight: 600; min-height: 3rem;
  min-width: 3rem; padding: 0.7rem 1.4rem; border-radius: 8px; cursor: pointer;
  border: 2px solid var(--accent); text-decoration: none; display: inline-block; }
.primary { background: var(--accent); color: #ffffff; }
.primary:hover { background: var(--accent-dark); }
.secondary { background: var(--paper); color: var(--accent); }
.link-button { background: var(--paper); color: var(--accent); min-height: 2.75rem;
  padding: 0.4rem 1rem; }
:focus-visible, a:focus, button:focus, input:focus, h1:focus { outline: 4px solid var(--focus);
  outline-offset: 3px; }
h1:focus:not(:focus-visible) { outline: none; }
.code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 1.35rem;
  font-weight: 700; letter-spacing: 0.06em; background: #f2f2f2; padding: 0.75rem;
  border: 2px solid var(--line); border-radius: 6px; word-break: break-all; }
dl.review dt { font-weight: 700; margin-top: 1rem; }
dl.review dd { margin: 0.25rem 0 0.5rem 0; }
.notice { border-left: 6px solid var(--accent); padding: 0.5rem 1rem; background: #f3f6fa; }
.alert { border-left: 6px solid var(--error); padding: 0.5rem 1rem; background: #fdf1f3;
  color: var(--error); font-weight: 700; }
.good { border-left: 6px solid var(--ok); padding: 0.5rem 1rem; background: #eff8f2;
  color: var(--ok); font-weight: 600; }
.status { margin-top: 1rem; font-weight: 600; }
.status:empty { display: none; }
.steps { color: var(--muted); margin: 0; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
)CSS";

const char kBoothJs[] = R"JS(
'use strict';
(function () {
  const T = {
    fr: {
      lang_other: 'English', lang_other_code: 'en', loading: 'Chargement…',
      title: 'Vote', step: (i, n) => 'Étape ' + i + ' sur ' + n,
      code_h: 'Votre code de vote',
      code_intro: 'Tapez le code imprimé sur votre lettre de vote. Il reste sur cet ordinateur : il ne part jamais vers l’urne.',
      code_label: 'Code de vote', code_hint: '21 lettres et chiffres, par exemple 7KQF-M2X9-ZT4H-B8RN-W3P6J. Les tirets et les espaces sont facultatifs.',
      next: 'Continuer', back: 'Retour', checking: 'Vérification du code…',
      choose_one: 'Choisissez une seule réponse.',
      choose_range: (a, b) => a === 0 ? 'Choisissez jusqu’à ' + b + ' réponses, ou aucune.' : 'Choisissez de ' + a + ' à ' + b + ' réponses.',
      choose_exactly: (a) => 'Choisissez exactement ' + a + ' réponses.',
      blank: 'vote blanc', cost: 'coût', budget: (b, u) => 'Budget total : ' + b + ' ' + u + '.',
      total: (t, b, u) => 'Votre sélection : ' + t + ' ' + u + ' sur ' + b + ' ' + u + '.',
      err_none: 'Choisissez une réponse pour continuer.',
      err_range: (a, b) => 'Choisissez entre ' + a + ' et ' + b + ' réponses.',
      err_code_empty: 'Tapez votre code de vote.',
      review_h: 'Vérifiez vos choix', review_intro: 'Votre bulletin sera chiffré sur cet ordinateur. Rien n’est encore envoyé.',
      change: (q) => 'Modifier : ' + q, nothing: 'Aucun choix', encrypt: 'Chiffrer mon bulletin',
      encrypting: 'Chiffrement en cours…',
      tracking_h: 'Votre bulletin est chiffré',
      tracking_intro: 'Voici son code de suivi. Notez-le : il permet de retrouver votre bulletin sur le registre public.',
      tracking_label: 'Code de suivi',
      cast: 'Déposer mon bulletin', audit: 'Vérifier cet appareil (audit)',
      audit_explain: 'L’audit ouvre ce bulletin chiffré pour vérifier que cet appareil a chiffré vos vrais choix. Le bulletin audité est publié et ne compte jamais ; un nouveau bulletin est ensuite chiffré.',
      casting: 'Dépôt du bulletin…', auditing: 'Audit en cours…',
      audit_h: 'Résultat de l’audit',
      audit_contained: (c) => 'Le bulletin audité (code ' + c + ') contenait :',
      audit_ok: 'Cela correspond à vos choix : cet appareil chiffre fidèlement. Ce bulletin audité est publié et ne comptera jamais.',
      audit_bad: 'Attention : le bulletin chiffré ne correspond pas à vos choix. Ne votez pas avec cet appareil et prévenez la mairie.',
      audit_new: 'Vos choix ont été chiffrés à nouveau. Nouveau code de suivi :',
      done_h: 'Votre vote est enregistré',
      done_intro: (i) => 'Votre bulletin est sur le registre public (entrée ' + i + ').',
      receipt: 'Télécharger mon reçu',
      receipt_explain: 'Gardez ce reçu. Il permet de vérifier plus tard que votre bulletin est bien compté (urne-vote check). Il ne révèle pas votre vote.',
      revote: 'Si la votation le permet, vous pouvez revoter : seul votre dernier bulletin compte.',
      errors: {
        empty: 'Tapez votre code de vote.',
        'credential.bad_character': 'Ce code contient un caractère qui n’existe pas dans les codes de vote. Vérifiez-le sur votre lettre.',
        'credential.wrong_length': 'Un code de vote a 21 caractères. Vérifiez que vous l’avez tapé en entier.',
        'credential.bad_check': 'Ce code contient une faute de frappe. Comparez-le avec votre lettre.',
        'credential.not_on_roll': 'Ce code n’est pas inscrit pour ce vote. Vérifiez que la lettre est bien celle de ce vote.',
        'vote.not_open': 'Le vote n’est pas ouvert : il est fermé ou n’a pas encore commencé.',
        'ballot.already_cast': 'Vous avez déjà voté, et ce vote n’accepte qu’un bulletin par personne.',
        'booth.no_session': 'Votre session a expiré. Recommencez avec votre code.',
        'board.unreachable': 'Le registre public ne répond pas. Réessayez dans un moment.',
        other: 'Une erreur est survenue : '
      }
    },
    en: {
      lang_other: 'Français', lang_other_code: 'fr', loading: 'Loading…',
      title: 'Vote', step: (i, n) => 'Step ' + i + ' of ' + n,
      code_h: 'Your voting code',
      code_intro: 'Type the code printed on your voting letter. It stays on this computer: it is never sent to the ballot box.',
      code_label: 'Voting code', code_hint: '21 letters and digits, for example 7KQF-M2X9-ZT4H-B8RN-W3P6J. Dashes and spaces are optional.',
      next: 'Continue', back: 'Back', checking: 'Checking the code…',
      choose_one: 'Choose one answer.',
      choose_range: (a, b) => a === 0 ? 'Choose up to ' + b + ' answers, or none.' : 'Choose ' + a + ' to ' + b + ' answers.',
      choose_exactly: (a) => 'Choose exactly ' + a + ' answers.',
      blank: 'blank vote', cost: 'cost', budget: (b, u) => 'Total budget: ' + b + ' ' + u + '.',
      total: (t, b, u) => 'Your selection: ' + t + ' ' + u + ' of ' + b + ' ' + u + '.',
      err_none: 'Choose an answer to continue.',
      err_range: (a, b) => 'Choose between ' + a + ' and ' + b + ' answers.',
      err_code_empty: 'Type your voting code.',
      review_h: 'Check your choices', review_intro: 'Your ballot will be encrypted on this computer. Nothing has been sent yet.',
      change: (q) => 'Change: ' + q, nothing: 'Nothing chosen', encrypt: 'Encrypt my ballot',
      encrypting: 'Encrypting…',
      tracking_h: 'Your ballot is encrypted',
      tracking_intro: 'This is its tracking code. Write it down: it lets you find your ballot on the public board.',
      tracking_label: 'Tracking code',
      cast: 'Cast my ballot', audit: 'Check this device (audit)',
      audit_explain: 'An audit opens this encrypted ballot to check that this device encrypted your real choices. The audited ballot is published and never counts; a new ballot is then encrypted.',
      casting: 'Casting your ballot…', auditing: 'Auditing…',
      audit_h: 'Audit result',
      audit_contained: (c) => 'The audited ballot (code ' + c + ') contained:',
      audit_ok: 'This matches your choices: this device encrypts faithfully. The audited ballot is published and will never count.',
      audit_bad: 'Warning: the encrypted ballot does not match your choices. Do not vote with this device and tell the town hall.',
      audit_new: 'Your choices were encrypted again. New tracking code:',
      done_h: 'Your vote is recorded',
      done_intro: (i) => 'Your ballot is on the public board (entry ' + i + ').',
      receipt: 'Download my receipt',
      receipt_explain: 'Keep this receipt. It lets you check later that your ballot is counted (urne-vote check). It does not reveal your vote.',
      revote: 'If the votation allows it, you may vote again: only your last ballot counts.',
      errors: {
        empty: 'Type your voting code.',
        'credential.bad_character': 'This code has a character that voting codes never use. Check it against your letter.',
        'credential.wrong_length': 'A voting code has 21 characters. Check that you typed all of it.',
        'credential.bad_check': 'This code has a typing mistake. Compare it with your letter.',
        'credential.not_on_roll': 'This code is not registered for this vote. Check that the letter is the one for this vote.',
        'vote.not_open': 'The vote is not open: it is closed or has not started yet.',
        'ballot.already_cast': 'You have already voted, and this vote allows one ballot per person.',
        'booth.no_session': 'Your session has ended. Start again with your code.',
        'board.unreachable': 'The public board does not answer. Try again in a moment.',
        other: 'Something went wrong: '
      }
    }
  };

  const S = { lang: 'fr', election: null, step: 'code', q: 0, code: '', token: null,
    answers: {}, codeError: null, qError: null, tracking: null, audit: null, done: null,
    fatal: null, busy: false };

  function t() { return T[S.lang]; }
  function tx(text) { return text ? (text[S.lang] || '') : ''; }
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') e.textContent = v; else if (k === 'onclick') e.addEventListener('click', v);
      else if (k === 'onsubmit') e.addEventListener('submit', v);
      else if (k === 'onchange') e.addEventListener('change', v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const k of kids) if (k) e.append(k);
    return e;
  }
  function status(msg) { document.getElementById('status').textContent = msg || ''; }
  function questions() { return S.election ? S.election.manifest.questions || [] : []; }
  function shape(i) { return S.election.shapes[i]; }
  function totalSteps() { return questions().length + 4; }

  async function api(path, body) {
    const r = await fetch(path, body === undefined ? {} : {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const j = await r.json();
    if (!r.ok) throw j.error || { reason: 'other', message: String(r.status) };
    return j;
  }
  function errorText(e) {
    const m = t().errors[e.reason];
    return m || (t().errors.other + (e.message || e.reason));
  }

  function heading(text, stepNo) {
    const kids = [];
    if (stepNo) kids.push(el('p', { class: 'steps', text: t().step(stepNo, totalSteps()) }));
    kids.push(el('h1', { id: 'step-title', tabindex: '-1', text: text }));
    document.title = text + ' – ' + (S.election ? tx(S.election.manifest.title) : 'urne');
    return kids;
  }
  function buttons(...bs) { return el('div', { class: 'actions' }, ...bs); }

  function viewCode() {
    const m = S.election.manifest;
    const err = S.codeError;
    const input = el('input', { type: 'text', id: 'code', name: 'code', autocomplete: 'off',
      autocapitalize: 'characters', spellcheck: 'false', 'aria-describedby': 'code-hint code-error',
      'aria-invalid': err ? 'true' : 'false', required: true });
    input.value = S.code;
    input.addEventListener('input', () => { S.code = input.value; });
    const form = el('form', { novalidate: true, onsubmit: onCode },
      el('div', { class: 'field' },
        el('label', { for: 'code', text: t().code_label }),
        el('p', { class: 'hint', id: 'code-hint', text: t().code_hint }),
        input,
        el('p', { class: 'error', id: 'code-error', text: err ? errorText(err) : '' })),
      buttons(el('button', { type: 'submit', class: 'primary', id: 'next', text: t().next })));
    return [
      el('p', { class: 'lead', text: tx(m.organiser) }),
      ...heading(tx(m.title), 1),
      m.description ? el('p', { text: tx(m.description) }) : null,
      el('h2', { text: t().code_h }),
      el('p', { text: t().code_intro }),
      form
    ].filter(Boolean);
  }

  async function onCode(ev) {
    ev.preventDefault();
    if (S.busy) return;
    if (!S.code.trim()) { S.codeError = { reason: 'empty', message: '' }; render(false, '#code'); return; }
    S.busy = true; status(t().checking);
    try {
      const r = await api('/api/credential', { code: S.code });
      S.token = r.token; S.codeError = null; S.code = '';
      status(''); go('q', 0);
    } catch (e) {
      status('');
      S.codeError = e; render(false, '#code');
    } finally { S.busy = false; }
  }

  function optionHint(q, i) {
    const s = shape(i);
    if (s.min === 1 && s.max === 1) return t().choose_one;
    if (s.min === s.max) return t().choose_exactly(s.min);
    return t().choose_range(s.min, s.max);
  }

  function viewQuestion() {
    const i = S.q, q = questions()[i], s = shape(i);
    const single = s.min === 1 && s.max === 1;
    const chosen = S.answers[q.id] || [];
    const hintText = optionHint(q, i) + (q.kind === 'BUDGET' ? ' ' + t().budget(q.budget, q.unit || '') : '');
    const fs = el('fieldset', { 'aria-describedby': 'q-hint q-error' },
      el('legend', { text: tx(q.text) || tx(q.title) }),
      el('p', { class: 'hint', id: 'q-hint', text: hintText }));
    q.options.forEach((o, k) => {
      const id = 'opt-' + k;
      const desc = tx(o.description);
      const label = el('label', { for: id }, tx(o.label));
      if (o.cost && Number(o.cost) > 0) label.append(' — ' + t().cost + ' ' + o.cost + ' ' + (q.unit || ''));
      if (o.blank) label.append(' (' + t().blank + ')');
      if (desc) label.append(el('span', { class: 'desc', id: id + '-desc', text: desc }));
      const input = el('input', { type: single ? 'radio' : 'checkbox', id: id, name: 'q' + i,
        value: o.id, 'aria-describedby': desc ? id + '-desc' : null });
      input.checked = chosen.includes(o.id);
      input.addEventListener('change', () => { collect(); if (q.kind === 'BUDGET') updateTotal(); });
      fs.append(el('div', { class: 'option' }, input, label));
    });
    fs.append(el('p', { class: 'error', id: 'q-error', text: S.qError || '' }));
    const kids = [fs];
    if (q.kind === 'BUDGET') kids.push(el('p', { id: 'total', 'aria-live': 'polite', text: '' }));
    const form = el('form', { novalidate: true, onsubmit: onQuestion }, ...kids,
      buttons(el('button', { type: 'submit', class: 'primary', id: 'next', text: t().next }),
        el('button', { type: 'button', class: 'secondary', id: 'back', text: t().back, onclick: onBack })));
    const out = [...heading(tx(q.title), i + 2), form];
    setTimeout(() => { if (q.kind === 'BUDGET') updateTotal(); }, 0);
    return out;
  }
  function collect() {
    const q = questions()[S.q];
    S.answers[q.id] = Array.from(document.querySelectorAll('input[name=q' + S.q + ']'))
      .filter(x => x.checked).map(x => x.value);
  }
  function updateTotal() {
    const q = questions()[S.q], p = document.getElementById('total');
    if (!p) return;
    const sum = (S.answers[q.id] || []).reduce((a, id) => a + Number((q.options.find(o => o.id === id) || {}).cost || 0), 0);
    p.textContent = t().total(sum, q.budget, q.unit || '');
  }
  function onQuestion(ev) {
    ev.preventDefault();
    collect();
    const q = questions()[S.q], s = shape(S.q), n = (S.answers[q.id] || []).length;
    if (n < s.min || n > s.max) {
      S.qError = (s.min === 1 && s.max === 1) ? t().err_none : t().err_range(s.min, s.max);
      render(false, 'input[name=q' + S.q + ']');
      return;
    }
    S.qError = null;
    if (S.q + 1 < questions().length) go('q', S.q + 1); else go('review');
  }
  function onBack() { S.qError = null; collect(); if (S.q > 0) go('q', S.q - 1); else go('code'); }

  function labelsOf(q, ids) {
    const ls = (ids || []).map(id => { const o = q.options.find(o => o.id === id); return o ? tx(o.label) : id; });
    return ls.length ? ls.join(', ') : t().nothing;
  }
  function choiceList(answers) {
    const dl = el('dl', { class: 'review' });
    questions().forEach((q) => { dl.append(el('dt', { text: tx(q.title) }), el('dd', { text: labelsOf(q, answers[q.id]) })); });
    return dl;
  }

  function viewReview() {
    const dl = el('dl', { class: 'review' });
    questions().forEach((q, i) => {
      dl.append(el('dt', { text: tx(q.title) }), el('dd', {},
        el('span', { text: labelsOf(q, S.answers[q.id]) + ' ' }),
        el('button', { type: 'button', class: 'link-button', id: 'change-' + i,
          text: t().change(tx(q.title)), onclick: () => go('q', i) })));
    });
    return [...heading(t().review_h, questions().length + 2), el('p', { text: t().review_intro }), dl,
      buttons(el('button', { type: 'button', class: 'primary', id: 'encrypt', text: t().encrypt, onclick: onEncrypt }))];
  }
  async function onEncrypt() {
    if (S.busy) return;
    S.busy = true; status(t().encrypting);
    try {
      const r = await api('/api/encrypt', { token: S.token, answers: S.answers });
      S.tracking = r.tracking_code; S.audit = null; status(''); go('tracking');
    } catch (e) { fail(e); } finally { S.busy = false; }
  }
  function fail(e) {
    if (e.reason === 'booth.no_session' || e.reason === 'credential.not_on_roll') {
      S.token = null; S.codeError = e; go('code'); return;
    }
    S.fatal = e; status(errorText(e));
  }

  function castOrAudit() {
    return [el('p', { class: 'notice', id: 'audit-explain', text: t().audit_explain }),
      buttons(el('button', { type: 'button', class: 'primary', id: 'cast', text: t().cast, onclick: onCast }),
        el('button', { type: 'button', class: 'secondary', id: 'audit', text: t().audit,
          'aria-describedby': 'audit-explain', onclick: onAudit }))];
  }
  function viewTracking() {
    return [...heading(t().tracking_h, questions().length + 3), el('p', { text: t().tracking_intro }),
      el('p', { class: 'code', id: 'tracking', 'aria-label': t().tracking_label + ' ' + S.tracking, text: S.tracking }),
      ...castOrAudit()];
  }
  async function onAudit() {
    if (S.busy) return;
    S.busy = true; status(t().auditing);
    try {
      const r = await api('/api/audit', { token: S.token });
      S.audit = r; S.tracking = r.tracking_code || null; status(''); go('audit');
    } catch (e) { fail(e); } finally { S.busy = false; }
  }
  function viewAudit() {
    const a = S.audit;
    const out = [...heading(t().audit_h, questions().length + 3),
      el('p', { text: t().audit_contained(a.audited_tracking_code) }), choiceList(a.revealed)];
    if (!a.matches) { out.push(el('p', { class: 'alert', role: 'alert', text: t().audit_bad })); return out; }
    out.push(el('p', { class: 'good', text: t().audit_ok }), el('p', { text: t().audit_new }),
      el('p', { class: 'code', id: 'tracking', text: S.tracking }), ...castOrAudit());
    return out;
  }
  async function onCast() {
    if (S.busy) return;
    S.busy = true; status(t().casting);
    try {
      const r = await api('/api/cast', { token: S.token });
      S.done = r; S.token = null; status(''); go('done');
    } catch (e) { fail(e); } finally { S.busy = false; }
  }
  function viewDone() {
    const d = S.done;
    const blob = new Blob([d.receipt], { type: 'application/json' });
    const name = 'urne-receipt-' + d.tracking_code + '.json';
    const link = el('a', { class: 'button primary', id: 'receipt-link', href: URL.createObjectURL(blob),
      download: name, 'aria-describedby': 'receipt-explain', text: t().receipt });
    return [...heading(t().done_h, questions().length + 4), el('p', { text: t().done_intro(d.index) }),
      el('p', { text: t().tracking_label + (S.lang === 'fr' ? ' :' : ':') }),
      el('p', { class: 'code', id: 'tracking', text: d.tracking_code }),
      buttons(link), el('p', { id: 'receipt-explain', text: t().receipt_explain }),
      el('p', { class: 'muted', text: t().revote })];
  }

  function render(moveFocus, focusSelector) {
    document.documentElement.lang = S.lang;
    const toggle = document.getElementById('lang-toggle');
    toggle.textContent = t().lang_other; toggle.setAttribute('lang', t().lang_other_code);
    const step = document.getElementById('step');
    let kids;
    if (!S.election) kids = heading(S.fatal ? errorText(S.fatal) : t().loading);
    else if (S.step === 'code') kids = viewCode();
    else if (S.step === 'q') kids = viewQuestion();
    else if (S.step === 'review') kids = viewReview();
    else if (S.step === 'tracking') kids = viewTracking();
    else if (S.step === 'audit') kids = viewAudit();
    else kids = viewDone();
    step.replaceChildren(...kids);
    if (focusSelector) { const f = document.querySelector(focusSelector); if (f) f.focus(); }
    else if (moveFocus) document.getElementById('step-title').focus();
  }
  function go(step, q) {
    S.step = step; if (q !== undefined) S.q = q;
    if (step !== 'q') S.qError = null;
    render(true);
  }
  window.urneBooth = { state: S, render: render };

  document.addEventListener('DOMContentLoaded', async () => {
    document.getElementById('lang-toggle').addEventListener('click', () => {
      if (S.step === 'q' && S.election) collect();
      S.lang = S.lang === 'fr' ? 'en' : 'fr'; render(false);
    });
    try { S.election = await api('/api/election'); } catch (e) { S.fatal = e; }
    render(true);
  });
})();
)JS";

}  // namespace urne::voter

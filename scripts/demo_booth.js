// The demo's browser voters: the first --count codes of letters.csv vote through the hosted
// booth in headless Chromium (tests/browser/booth_voter.js: keyboard only, as a person would),
// each downloading its receipt. Prints one JSON summary line.
//
//   node scripts/demo_booth.js --booth URL --election ID --manifest M.json --letters L.csv
//     --spki HASH --receipts DIR [--count 20] [--seed 2026]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const V = require('../tests/browser/booth_voter');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['booth', 'election', 'manifest', 'letters', 'spki', 'receipts']) {
  if (!args[k]) { console.error(`demo_booth.js: --${k} is required`); process.exit(2); }
}
const count = Number(args.count || 20);
let seed = Number(args.seed || 2026);
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

// Answers as option ids per question, like scripts/demo_voters.py (some blank).
function answersFor(manifest) {
  return manifest.questions.map((q) => {
    const ids = q.options.filter((o) => !o.blank).map((o) => o.id);
    const blank = q.options.filter((o) => o.blank).map((o) => o.id);
    if (q.kind === 'YES_NO' || q.kind === 'ONE_OF') {
      if (blank.length && random() < 0.06) return [blank[0]];
      return [ids[Math.floor(random() * ids.length)]];
    }
    const lo = Math.max(1, Number(q.min_selections || 0));
    const hi = Number(q.max_selections || ids.length);
    const k = lo + Math.floor(random() * (hi - lo + 1));
    const pool = ids.slice();
    const picked = [];
    while (picked.length < k) picked.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
    return picked;
  });
}

// RFC 4180 rows (quoted fields may hold commas, quotes and line breaks).
function csvRows(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; ++i; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') ++i;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

async function main() {
  const manifest = JSON.parse(fs.readFileSync(args.manifest, 'utf8'));
  const rows = csvRows(fs.readFileSync(args.letters, 'utf8'));
  const col = rows[0].indexOf('credential_code');
  const codes = rows.slice(1, 1 + count).map((r) => r[col]);
  fs.mkdirSync(args.receipts, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'urne-demo-browser-'));
  const context = await V.launch(profile, args.spki);
  const started = Date.now();
  let failures = 0;
  try {
    const url = `${args.booth}#${args.election}`;
    for (let i = 0; i < codes.length; ++i) {
      const page = await context.newPage();
      try {
        await V.vote(page, url, codes[i], answersFor(manifest));
        const [d] = await Promise.all([page.waitForEvent('download'), V.press(page, '#receipt-link')]);
        await d.saveAs(path.join(args.receipts, `browser-${i}.json`));
      } catch (e) {
        failures += 1;
        console.error(`browser voter ${i}: ${e.message.split('\n')[0]}`);
      }
      await page.close();
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ browser_voters: codes.length, failures, seconds: Math.round((Date.now() - started) / 1000) }));
  process.exit(failures ? 1 : 0);
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });

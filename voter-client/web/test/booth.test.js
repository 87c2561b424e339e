// The booth page's static properties (specs/booth.md §7.5, §8): index.html's generated block
// (import map, SRI hashes of the stylesheet and of every module the page loads) is current;
// the page has no inline script or style but the import map, whose hash the board puts in
// its CSP; the page's modules never evaluate code, write markup from strings, use storage or
// cookies, or name another origin; both languages have the same texts with the same
// placeholders. The page in a browser against a real board: tests/browser (ctest browser.booth).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_DIR, INDEX, IMPORT_MAP, EARLY, modules, indexIsCurrent, sri, generatedBlock } from '../tools/booth_index.mjs';
import { TEXTS, LANGUAGES, t, defaultLanguage } from '../booth/i18n.js';

const BOOTH = join(WEB_DIR, 'booth');
const html = readFileSync(INDEX, 'utf8');

test('index.html lists every module with its current SRI hash (node tools/booth_index.mjs --write)', () => {
  assert.ok(indexIsCurrent(), 'booth/index.html is stale: run node voter-client/web/tools/booth_index.mjs --write');
  const mods = modules();
  assert.equal(mods[0].path, 'booth/app.js');
  for (const m of mods.slice(1)) {
    if (m.path === EARLY) {
      // Its own module script, not preloaded (booth.md §8.1).
      assert.ok(html.includes(`<script type="module" src="/${m.path}" integrity="${sri(m.bytes)}"></script>`), m.path);
      assert.ok(!html.includes(`<link rel="modulepreload" href="/${m.path}"`), m.path);
      continue;
    }
    assert.ok(html.includes(`<link rel="modulepreload" href="/${m.path}" integrity="${sri(m.bytes)}">`), m.path);
  }
  assert.ok(mods.some((m) => m.path === EARLY), 'the early module is in the graph');
  assert.ok(html.includes(`<script type="module" src="/booth/app.js" integrity="${sri(mods[0].bytes)}"></script>`));
  // Every page module and every library module the page needs is in the graph.
  for (const f of readdirSync(BOOTH).filter((f) => f.endsWith('.js'))) assert.ok(mods.some((m) => m.path === `booth/${f}`), f);
  assert.ok(mods.some((m) => m.path === 'node_modules/@noble/curves/ed25519.js'));
  assert.ok(mods.some((m) => m.path === 'node_modules/@noble/hashes/sha2.js'));
});

test('a changed module byte makes the block stale', () => {
  const block = generatedBlock();
  const [first] = modules().slice(1);
  const changed = Buffer.concat([first.bytes, Buffer.from(' ')]);
  assert.ok(!block.includes(sri(changed)));
  assert.ok(block.includes(sri(first.bytes)));
});

test('no inline script or style in index.html but the import map', () => {
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 3);
  assert.equal(scripts[0][1], ' type="importmap"');
  assert.equal(scripts[0][2], IMPORT_MAP);
  assert.match(scripts[1][1], /^ type="module" src="\/booth\/prefetch\.js" integrity="sha384-[A-Za-z0-9+/]+={0,2}"$/);
  assert.match(scripts[2][1], /^ type="module" src="\/booth\/app\.js" integrity="sha384-[A-Za-z0-9+/]+={0,2}"$/);
  assert.equal(scripts[1][2], '');
  assert.equal(scripts[2][2], '');
  assert.ok(!/<style\b|\sstyle=|\son[a-z]+=/i.test(html), 'inline style or event handler');
  assert.ok(!/(src|href)="(https?:)?\/\//.test(html), 'a resource from another origin');
  // The import map's CSP hash (booth.md §7.2) is what the board computes from these bytes.
  JSON.parse(IMPORT_MAP);
});

test('the page modules: no eval, no markup from strings, no storage, no cookies, no other origin', () => {
  for (const f of readdirSync(BOOTH).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(join(BOOTH, f), 'utf8');
    for (const [bad, what] of [
      [/\beval\(|new Function\(|setTimeout\(\s*['"`]/, 'evaluates code'],
      [/innerHTML|outerHTML|insertAdjacentHTML|document\.write/, 'writes markup from a string'],
      [/localStorage|sessionStorage|indexedDB|document\.cookie|caches\./, 'uses storage or cookies'],
      [/https?:\/\//, 'names another origin'],
      [/\.style\b|setAttribute\(\s*['"]style/, 'sets inline style'],
    ]) {
      assert.ok(!bad.test(text), `${f} ${what}`);
    }
  }
});

test('French and English have the same texts and placeholders', () => {
  assert.deepEqual(LANGUAGES, ['fr', 'en']);
  const keys = Object.keys(TEXTS.fr).sort();
  assert.deepEqual(Object.keys(TEXTS.en).sort(), keys);
  const holes = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of keys) assert.deepEqual(holes(TEXTS.en[k]), holes(TEXTS.fr[k]), k);
  assert.equal(t('fr', 'question_of', { i: 2, n: 5 }), 'Question 2 sur 5');
  assert.equal(t('en', 'question_of', { i: 2, n: 5 }), 'Question 2 of 5');
  assert.throws(() => t('en', 'no_such_text'), /no text for no_such_text/);
  assert.equal(defaultLanguage('fr-CH'), 'fr');
  assert.equal(defaultLanguage('FR'), 'fr');
  assert.equal(defaultLanguage('en-GB'), 'en');
  assert.equal(defaultLanguage('de-DE'), 'en');
  assert.equal(defaultLanguage(undefined), 'en');
});

test('every text the page uses exists', () => {
  const used = new Set();
  for (const f of readdirSync(BOOTH).filter((f) => f.endsWith('.js'))) {
    for (const m of readFileSync(join(BOOTH, f), 'utf8').matchAll(/\b(?:tr|later)\(\s*'([a-z_]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 40);
  for (const k of used) assert.ok(k in TEXTS.fr && k in TEXTS.en, k);
});

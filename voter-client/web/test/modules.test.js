// Properties of the module set as a whole: the index loads and exports what the booth needs;
// randomness only from the platform CSPRNG; the npm packages only behind their three wrapper
// modules (hash.js, ristretto255.js, ed25519.js) so no other file does curve or hash work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const JS = join(dirname(fileURLToPath(import.meta.url)), '..', 'js');
const files = readdirSync(JS).filter((f) => f.endsWith('.js'));

test('index.js exports the booth API', async () => {
  const lib = await import('../js/index.js');
  for (const name of ['parseCode', 'credentialKey', 'replaySetup', 'encryptBallot', 'auditPayload', 'makeEntry', 'verifyReceiptFile', 'checkLogPrefix', 'entriesOfCredential']) {
    assert.equal(typeof lib[name], 'function', name);
  }
});

test('randomness only from crypto.getRandomValues; noble only behind its wrappers', () => {
  for (const f of files) {
    const text = readFileSync(join(JS, f), 'utf8');
    assert.ok(!/Math\.random/.test(text), `${f} uses Math.random`);
    if (/getRandomValues/.test(text)) assert.equal(f, 'random.js');
    if (/@noble\//.test(text)) assert.ok(['hash.js', 'ristretto255.js', 'ed25519.js'].includes(f), `${f} imports @noble directly`);
    assert.ok(!/\beval\(|new Function\(/.test(text), `${f} evaluates code`);
  }
});

// The group interface of both groups beyond the vectors: the secret-exponent paths (noble's
// ladder, the eg4096 comb and fixed windows) agree with the public ones on edge exponents
// (0, 1, 15, 16, q − 1, every nibble value) and random ones; the identity's handling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultOf } from './vectors_util.js';
import { toHex } from '../js/bytes.js';
import { groupByName } from '../js/group.js';

for (const name of ['ristretto255', 'eg4096']) {
  test(`${name}: secret and public exponentiation agree`, () => {
    const g = groupByName(name);
    const S = g.scalars;
    const base = g.expG(S.random());
    const fixed = g.fixedBase(base);
    const fixedG = g.fixedBase(g.g);
    const edge = [0n, 1n, 15n, 16n, 255n, 256n, g.q - 1n, g.q - 16n, BigInt('0x' + '1'.repeat(63)) % g.q];
    const exps = [...edge, S.random(), S.random()];
    for (const e of exps) {
      const want = toHex(g.encodeElement(g.vartimeExp(base, e)));
      assert.equal(toHex(g.encodeElement(g.exp(base, e))), want, `exp ${e}`);
      assert.equal(toHex(g.encodeElement(fixed.exp(e))), want, `fixed ${e}`);
      assert.equal(toHex(g.encodeElement(fixedG.exp(e))), toHex(g.encodeElement(g.expG(e))), `g ${e}`);
    }
    assert.ok(g.isIdentity(g.exp(base, 0n)));
    assert.ok(g.equal(g.vartimeExp2(base, 3n, base, g.q - 3n), g.identity));
    assert.ok(g.equal(g.mul(base, g.inverse(base)), g.identity));
    // The identity is accepted or refused as the caller says.
    const one = g.encodeElement(g.identity);
    assert.ok(g.isIdentity(g.decodeElement(one, 'allowed')));
    assert.equal(resultOf(() => g.decodeElement(one, 'forbidden')), 'element.identity');
    assert.equal(resultOf(() => groupByName('ristretto25519')), 'group.unknown');
  });
}

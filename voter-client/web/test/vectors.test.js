// The JavaScript passes the same known-answer vectors as the C++ (tests/vectors/, README.md):
// every group, transcript and proof vector of both groups, every rejection with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readVectors, resultOf } from './vectors_util.js';
import { fromHex, toHex, utf8, concat, u32 } from '../js/bytes.js';
import { groupByName } from '../js/group.js';
import { Transcript } from '../js/transcript.js';
import { sha512 } from '../js/hash.js';
import { decodeCiphertext, encodeCiphertext, ElGamalKey } from '../js/elgamal.js';
import {
  decodeRangeProof, verifyRange, decodeSchnorr, verifySchnorr, decodeChaumPedersen, verifyChaumPedersen,
  proveRange, encodeRangeProof,
} from '../js/proofs.js';

const groups = readVectors('groups.json');
const transcripts = readVectors('transcript.json');
const proofs = readVectors('proofs.json');

const el = (g, hex) => g.decodeElement(fromHex(hex));
const sc = (g, hex) => g.scalars.decode(fromHex(hex));
const hexEl = (g, x) => toHex(g.encodeElement(x));
const hexSc = (g, s) => toHex(g.scalars.encode(s));

test('groups.json: every kind, both groups', () => {
  const seen = new Map();
  for (const r of groups) {
    const g = groupByName(r.group);
    seen.set(`${r.group}/${r.kind}`, (seen.get(`${r.group}/${r.kind}`) || 0) + 1);
    switch (r.kind) {
      case 'reduce_wide': {
        if (r.index !== undefined) {
          const wide = sha512(concat(utf8('urne/v1/test-vector'), u32(Number(r.index))));
          assert.equal(toHex(wide), r.wide);
        }
        assert.equal(hexSc(g, g.scalars.reduceWide(fromHex(r.wide))), r.scalar);
        break;
      }
      case 'exp_g':
        assert.equal(hexEl(g, g.expG(sc(g, r.scalar))), r.element);
        assert.equal(hexEl(g, g.vartimeExp(g.g, sc(g, r.scalar))), r.element);
        break;
      case 'gpow':
        assert.equal(hexEl(g, g.gpow(Number(r.m))), r.element);
        break;
      case 'exp':
        assert.equal(hexEl(g, g.exp(el(g, r.base), sc(g, r.scalar))), r.element);
        assert.equal(hexEl(g, g.fixedBase(el(g, r.base)).exp(sc(g, r.scalar))), r.element);
        assert.equal(hexEl(g, g.vartimeExp(el(g, r.base), sc(g, r.scalar))), r.element);
        break;
      case 'mul':
        assert.equal(hexEl(g, g.mul(el(g, r.x), el(g, r.y))), r.element);
        break;
      case 'div':
        assert.equal(hexEl(g, g.div(el(g, r.x), el(g, r.y))), r.element);
        break;
      case 'inverse':
        assert.equal(hexEl(g, g.inverse(el(g, r.x))), r.element);
        break;
      case 'scalar_add':
        assert.equal(hexSc(g, g.scalars.add(sc(g, r.a), sc(g, r.b))), r.result);
        break;
      case 'scalar_sub':
        assert.equal(hexSc(g, g.scalars.sub(sc(g, r.a), sc(g, r.b))), r.result);
        break;
      case 'scalar_mul':
        assert.equal(hexSc(g, g.scalars.mul(sc(g, r.a), sc(g, r.b))), r.result);
        break;
      case 'scalar_neg':
        assert.equal(hexSc(g, g.scalars.neg(sc(g, r.a))), r.result);
        break;
      case 'scalar_inv':
        assert.equal(hexSc(g, g.scalars.invert(sc(g, r.a))), r.result);
        break;
      case 'decode_element_reject':
        assert.equal(resultOf(() => g.decodeElement(fromHex(r.bytes), r.identity)), r.reason, r.name);
        break;
      case 'decode_scalar_reject':
        assert.equal(resultOf(() => g.scalars.decode(fromHex(r.bytes), r.nonzero === 'true')), r.reason, r.name);
        break;
      default:
        assert.fail(`unknown kind ${r.kind}`);
    }
  }
  for (const name of ['ristretto255', 'eg4096']) {
    for (const kind of ['reduce_wide', 'exp_g', 'gpow', 'exp', 'mul', 'div', 'inverse', 'decode_element_reject', 'decode_scalar_reject']) {
      assert.ok(seen.get(`${name}/${kind}`) > 0, `no ${kind} vector for ${name}`);
    }
  }
});

test('groups.json: accepted elements re-encode to the same bytes', () => {
  for (const r of groups.filter((r) => r.kind === 'exp_g' || r.kind === 'mul')) {
    const g = groupByName(r.group);
    assert.equal(hexEl(g, el(g, r.element)), r.element);
  }
});

test('transcript.json: bytes, SHA-256, SHA-512, challenge', () => {
  assert.ok(transcripts.length >= 12);
  for (const r of transcripts) {
    const g = groupByName(r.group);
    const T = new Transcript(r.domain);
    if (r.fields !== '') {
      for (const field of r.fields.split(';')) {
        const at = field.indexOf('=');
        T.append(field.slice(0, at), fromHex(field.slice(at + 1)));
      }
    }
    assert.equal(toHex(T.bytes()), r.bytes, r.name);
    assert.equal(toHex(T.digest()), r.sha256, r.name);
    assert.equal(toHex(sha512(T.bytes())), r.sha512, r.name);
    assert.equal(hexSc(g, T.challenge(g)), r.challenge, r.name);
  }
});

test('proofs.json: range proofs (valid and invalid), both groups', () => {
  let n = 0;
  const keys = new Map(); // one ElGamalKey (with its comb tables) per test key
  for (const r of proofs.filter((r) => r.kind === 'range_proof')) {
    const g = groupByName(r.group);
    const K = g.decodeElement(fromHex(r.key), 'forbidden');
    const ct = decodeCiphertext(g, fromHex(r.ciphertext));
    // The ciphertext is Enc(m; nonce) under K.
    if (!keys.has(r.key)) keys.set(r.key, new ElGamalKey(g, K));
    const key = keys.get(r.key);
    assert.equal(toHex(encodeCiphertext(g, key.encrypt(Number(r.m), sc(g, r.nonce)))), r.ciphertext);
    const got = resultOf(() => verifyRange(g, K, ct, Number(r.lo), Number(r.hi), decodeRangeProof(g, fromHex(r.proof)), fromHex(r.context)));
    assert.equal(got, r.result, `${r.group} m=${r.m} [${r.lo}, ${r.hi}]`);
    ++n;
  }
  assert.equal(n, 24);
});

test('proofs.json: Schnorr and Chaum–Pedersen (decryption) vectors', () => {
  let n = 0;
  for (const r of proofs.filter((r) => r.kind === 'schnorr')) {
    const g = groupByName(r.group);
    const X = g.decodeElement(fromHex(r.x_public), 'forbidden');
    assert.equal(resultOf(() => verifySchnorr(g, X, decodeSchnorr(g, fromHex(r.proof)), fromHex(r.context))), r.result);
    ++n;
  }
  for (const r of proofs.filter((r) => r.kind === 'decryption')) {
    const g = groupByName(r.group);
    const K = g.decodeElement(fromHex(r.key), 'forbidden');
    const ct = decodeCiphertext(g, fromHex(r.ciphertext));
    const M = g.decodeElement(fromHex(r.factor));
    assert.equal(resultOf(() => verifyChaumPedersen(g, K, ct.alpha, M, decodeChaumPedersen(g, fromHex(r.proof)), fromHex(r.context))), r.result);
    if (r.result === 'ok') {
      // β / M = K^m.
      assert.ok(g.equal(g.div(ct.beta, M), g.vartimeExp(K, BigInt(r.m))));
    }
    ++n;
  }
  assert.equal(n, 12);
});

test('range proofs made here verify, for every value of a range and both groups', () => {
  for (const name of ['ristretto255', 'eg4096']) {
    const g = groupByName(name);
    const key = new ElGamalKey(g, g.expG(g.scalars.random()));
    const context = utf8('test context');
    const cases = name === 'eg4096' ? [[0, 1, 1]] : [[0, 1, 0], [0, 1, 1], [3, 5, 3], [3, 5, 4], [3, 5, 5], [0, 0, 0]];
    for (const [lo, hi, m] of cases) {
      const r = g.scalars.random();
      const ct = key.encrypt(m, r);
      const proof = decodeRangeProof(g, encodeRangeProof(g, proveRange(key, ct, m, r, lo, hi, context)));
      assert.equal(resultOf(() => verifyRange(g, key.K, ct, lo, hi, proof, context)), 'ok', `${name} ${m} in [${lo}, ${hi}]`);
      assert.equal(resultOf(() => verifyRange(g, key.K, ct, lo, hi, proof, utf8('other context'))), 'proof.range.challenge_mismatch');
    }
  }
});

test('credentials.json: code parsing (canonical form or reason) and credential keys', async () => {
  const { parseCode, credentialSeed, credentialKey } = await import('../js/credential.js');
  const records = readVectors('credentials.json');
  const ascii = (hex) => new TextDecoder().decode(fromHex(hex));
  let parsed = 0;
  let keys = 0;
  for (const r of records) {
    if (r.kind === 'credential_parse') {
      // Inputs are bytes; the page reads a string: decode as UTF-8 (é stays one character).
      const got = resultOf(() => parseCode(ascii(r.input)));
      assert.equal(got, r.result, r.name);
      if (got === 'ok') assert.equal(parseCode(ascii(r.input)), ascii(r.canonical));
      ++parsed;
    } else if (r.kind === 'credential_key') {
      const E = fromHex(r.election);
      const code = ascii(r.code);
      assert.equal(toHex(credentialSeed(E, code)), r.seed);
      assert.equal(toHex(credentialKey(E, code).publicKey), r.public);
      ++keys;
    } else {
      assert.fail(`unknown kind ${r.kind}`);
    }
  }
  assert.ok(parsed >= 40);
  assert.equal(keys, 14);
});

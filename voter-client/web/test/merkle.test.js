// The Merkle log (specs/board.md §2): the RFC 6962 reference tree's roots, inclusion and
// consistency proofs built from the recursive definitions and verified for every size up to
// 16, and every refusal with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultOf } from './vectors_util.js';
import { fromHex, toHex } from '../js/bytes.js';
import { leafHash, nodeHash, treeHashFromLeafHashes, verifyInclusion, verifyConsistency } from '../js/merkle.js';
import { inclusionPath as path, consistencyProof } from './merkle_ref.js';

const D = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(fromHex);
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

test('leaf hash and the reference roots (§2.1, §2.2)', () => {
  assert.equal(toHex(leafHash(new Uint8Array(0))), '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  assert.equal(toHex(treeHashFromLeafHashes([])), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  const leaves = D.map(leafHash);
  for (let n = 1; n <= 8; ++n) assert.equal(toHex(treeHashFromLeafHashes(leaves.slice(0, n))), ROOTS[n - 1]);
});

test('inclusion proofs for every index of every size ≤ 16, and their refusals (§2.5)', () => {
  const leaves = Array.from({ length: 16 }, (_, i) => leafHash(Uint8Array.of(i)));
  for (let n = 1; n <= 16; ++n) {
    const root = treeHashFromLeafHashes(leaves.slice(0, n));
    for (let m = 0; m < n; ++m) {
      const p = path(m, leaves.slice(0, n));
      verifyInclusion(leaves[m], m, n, p, root);
      assert.equal(resultOf(() => verifyInclusion(leaves[(m + 1) % 16], m, n, p, root)), 'merkle.inclusion.invalid');
      assert.equal(resultOf(() => verifyInclusion(leaves[m], m, n, [...p, root], root)), 'merkle.inclusion.invalid');
      if (p.length) assert.equal(resultOf(() => verifyInclusion(leaves[m], m, n, p.slice(1), root)), 'merkle.inclusion.invalid');
    }
    assert.equal(resultOf(() => verifyInclusion(leaves[0], n, n, [], root)), 'merkle.bad_index');
  }
  assert.equal(resultOf(() => verifyInclusion(leaves[0], 0, 2, [new Uint8Array(31)], leaves[0])), 'merkle.inclusion.invalid');
});

test('consistency proofs for every 1 ≤ m ≤ n ≤ 16, and their refusals (§2.6)', () => {
  const leaves = Array.from({ length: 16 }, (_, i) => leafHash(Uint8Array.of(i)));
  for (let n = 1; n <= 16; ++n) {
    const newRoot = treeHashFromLeafHashes(leaves.slice(0, n));
    for (let m = 1; m <= n; ++m) {
      const oldRoot = treeHashFromLeafHashes(leaves.slice(0, m));
      const p = consistencyProof(m, leaves.slice(0, n));
      verifyConsistency(m, n, oldRoot, newRoot, p);
      if (m < n) {
        assert.equal(resultOf(() => verifyConsistency(m, n, newRoot, newRoot, p)), 'merkle.consistency.invalid');
        assert.equal(resultOf(() => verifyConsistency(m, n, oldRoot, newRoot, [])), 'merkle.consistency.invalid');
        assert.equal(resultOf(() => verifyConsistency(m, n, oldRoot, newRoot, [...p, newRoot])), 'merkle.consistency.invalid');
      }
    }
    assert.equal(resultOf(() => verifyConsistency(0, n, newRoot, newRoot, [])), 'merkle.bad_size');
    assert.equal(resultOf(() => verifyConsistency(n + 1, n, newRoot, newRoot, [])), 'merkle.bad_size');
  }
  assert.equal(toHex(nodeHash(new Uint8Array(32), new Uint8Array(32))).length, 64);
});

// Literal transcriptions of specs/board.md §2.3 (PATH) and §2.4 (PROOF / SUBPROOF), to make
// the proofs a board would send in tests.
import { treeHashFromLeafHashes } from '../js/merkle.js';

const split = (n) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

export function inclusionPath(m, leaves) {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...inclusionPath(m, leaves.slice(0, k)), treeHashFromLeafHashes(leaves.slice(k))]
    : [...inclusionPath(m - k, leaves.slice(k)), treeHashFromLeafHashes(leaves.slice(0, k))];
}

function subproof(m, leaves, b) {
  const n = leaves.length;
  if (m === n) return b ? [] : [treeHashFromLeafHashes(leaves)];
  const k = split(n);
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), b), treeHashFromLeafHashes(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), treeHashFromLeafHashes(leaves.slice(0, k))];
}

export function consistencyProof(m, leaves) {
  return subproof(m, leaves, true);
}

// The RFC 6962 Merkle log of specs/board.md §2: leaf and node hashes, tree hashes, and the
// verification of inclusion (§2.5) and consistency (§2.6) proofs. Public data only.
import { UrneError } from './errors.js';
import { concat, bytesEqual } from './bytes.js';
import { sha256 } from './hash.js';

export function leafHash(data) {
  return sha256(concat(new Uint8Array([0]), data));
}
export function nodeHash(left, right) {
  return sha256(concat(new Uint8Array([1]), left, right));
}

// MTH over a list of leaf hashes (§2.2).
export function treeHashFromLeafHashes(hashes) {
  if (hashes.length === 0) return sha256(new Uint8Array(0));
  if (hashes.length === 1) return hashes[0];
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return nodeHash(treeHashFromLeafHashes(hashes.slice(0, k)), treeHashFromLeafHashes(hashes.slice(k)));
}

function checkHashes(list, reason) {
  if (!Array.isArray(list) || list.some((h) => !(h instanceof Uint8Array) || h.length !== 32)) {
    throw new UrneError(reason, 'every proof element is 32 bytes');
  }
}

// §2.5 (RFC 9162 §2.1.3.2). Sizes and indexes are BigInt or safe Numbers.
export function verifyInclusion(leaf, index, treeSize, path, root) {
  let fn = BigInt(index);
  let sn = BigInt(treeSize) - 1n;
  if (fn > sn) throw new UrneError('merkle.bad_index', `index ${index} is not below tree size ${treeSize}`);
  checkHashes(path, 'merkle.inclusion.invalid');
  let r = leaf;
  for (const c of path) {
    if (sn === 0n) throw new UrneError('merkle.inclusion.invalid', 'the path is too long');
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(c, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new UrneError('merkle.inclusion.invalid', 'the path is too short');
  if (!bytesEqual(r, root)) throw new UrneError('merkle.inclusion.invalid', 'the path does not lead to the root');
}

// §2.6 (RFC 9162 §2.1.4.2).
export function verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof) {
  const m = BigInt(oldSize);
  const n = BigInt(newSize);
  if (m === 0n || m > n) throw new UrneError('merkle.bad_size', `no consistency proof from size ${oldSize} to ${newSize}`);
  checkHashes(proof, 'merkle.consistency.invalid');
  if (m === n) {
    if (proof.length === 0 && bytesEqual(oldRoot, newRoot)) return;
    throw new UrneError('merkle.consistency.invalid', 'equal sizes need an empty proof and equal roots');
  }
  if (proof.length === 0) throw new UrneError('merkle.consistency.invalid', 'the proof is empty');
  const p = (m & (m - 1n)) === 0n ? [oldRoot, ...proof] : proof;
  let fn = m - 1n;
  let sn = n - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = p[0];
  let sr = p[0];
  for (const c of p.slice(1)) {
    if (sn === 0n) throw new UrneError('merkle.consistency.invalid', 'the proof is too long');
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (!(sn === 0n && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot))) {
    throw new UrneError('merkle.consistency.invalid', 'the proof does not reproduce both roots');
  }
}

// The two hash functions of specs/crypto.md §1, from @noble/hashes (audited; no hash code
// is written here).
import { sha256 as nobleSha256, sha512 as nobleSha512 } from '@noble/hashes/sha2.js';

export function sha256(bytes) {
  return nobleSha256(bytes);
}
export function sha512(bytes) {
  return nobleSha512(bytes);
}

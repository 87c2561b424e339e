// Randomness: the platform CSPRNG only (Web Crypto getRandomValues, in browsers and in
// Node ≥ 19 as globalThis.crypto). Nothing here derives randomness deterministically.

export function randomBytes(n) {
  const out = new Uint8Array(n);
  globalThis.crypto.getRandomValues(out);
  return out;
}

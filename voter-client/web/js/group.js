// The two groups by name (specs/crypto.md §2). Each group object offers:
//   name, elementBytes, q, g, identity, scalars (ScalarField: decode/encode/reduceWide/random,
//   add/sub/mul/neg/invert/select mod q),
//   decodeElement(bytes, 'allowed' | 'forbidden'), encodeElement(x),
//   mul, div, inverse, equal, isIdentity,
//   exp(x, s), expG(s), fixedBase(x).exp(s)          — secret exponents,
//   vartimeExp(x, e), vartimeExp2(x1, e1, x2, e2), gpow(m) — public exponents only.
import { UrneError } from './errors.js';
import { ristretto255 } from './ristretto255.js';
import { eg4096 } from './eg4096.js';

// group.unknown for any other name (exact ASCII).
export function groupByName(name) {
  if (name === 'ristretto255') return ristretto255;
  if (name === 'eg4096') return eg4096;
  throw new UrneError('group.unknown', `unknown group "${String(name).slice(0, 40)}"`);
}

export { ristretto255, eg4096 };

// How the running time of a secret-exponent exponentiation of the browser's voter crypto
// (voter-client/web/js) depends on the exponent: CPU time per fixed-base exponentiation for
// exponents 0, 1, q − 1, a sparse one (three of four 4-bit digits zero) and random ones,
// both groups. Not a test (timings are noisy); specs/booth.md §3 quotes it.
// Usage: node bench/web_exp_timing.mjs [runs]
import { groupByName } from '../voter-client/web/js/group.js';

const runs = Number(process.argv[2] || 40);
for (const name of ['ristretto255', 'eg4096']) {
  const g = groupByName(name);
  const base = g.fixedBase(g.g);
  const cpuMs = (s) => {
    base.exp(s);
    const c = process.cpuUsage();
    for (let i = 0; i < runs; ++i) base.exp(s);
    const u = process.cpuUsage(c);
    return ((u.user + u.system) / runs / 1000).toFixed(3);
  };
  const sparse = BigInt('0x' + '1000'.repeat(16)) % g.q;
  const cases = [['0', 0n], ['1', 1n], ['q-1', g.q - 1n], ['sparse', sparse], ['random', g.scalars.random()], ['random', g.scalars.random()]];
  console.log(`${name}: CPU ms per g^s — ` + cases.map(([label, s]) => `${label} ${cpuMs(s)}`).join(', '));
}

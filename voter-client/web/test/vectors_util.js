// Reads tests/vectors/*.json (the flat JSON-lines files of tests/vectors/README.md).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function readVectors(file) {
  const records = JSON.parse(readFileSync(join(REPO, 'tests', 'vectors', file), 'utf8'));
  const meta = records.shift();
  if (meta.kind !== 'meta' || meta.file !== file || meta.format !== '1') throw new Error(`${file}: bad header`);
  return records;
}

// Runs fn and returns the UrneError reason it throws, or 'ok'.
export function resultOf(fn) {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e && e.reason) return e.reason;
    throw e;
  }
}

// The first two reads of the election's log, started by the page's first script — while the
// other modules are still loading — instead of after all of them (specs/booth.md §8.1): the
// signed tree head and the first page of entries of the election the link names. board.js
// takes each answer once, for the same request it would have made, and parses and checks it
// like any other; nothing here is trusted, and a failure is seen (and named) there.
export const FETCH_OPTIONS = { cache: 'no-store', credentials: 'omit', redirect: 'error' };

const early = new Map();
const id = location.hash.replace(/^#/, '').trim().toLowerCase();
if (/^[0-9a-f]{64}$/.test(id) && typeof fetch === 'function') {
  for (const path of [`/v1/elections/${id}/tree-head`, `/v1/elections/${id}/entries?from_index=0`]) {
    const answer = fetch(path, FETCH_OPTIONS);
    answer.catch(() => {}); // not an unhandled rejection: board.js sees the failure when it takes it
    early.set(path, answer);
  }
}

// The promise of the answer (a fetch Response) to GET `path` started at load, at most once;
// undefined when there is none.
export function takeEarly(path) {
  const answer = early.get(path);
  early.delete(path);
  return answer;
}

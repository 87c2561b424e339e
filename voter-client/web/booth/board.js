// The board as the booth sees it: the JSON API of specs/board.md (protobuf's JSON mapping,
// same origin as the page) and the verified view of one election's log. Nothing the board
// says is trusted: the election id is the hash of the MANIFEST (setup replay), every tree
// head is checked against the manifest's board key, the downloaded entries must hash to the
// signed root, receipts and proofs are checked (specs/booth.md §7.3).
import {
  UrneError, fromHex, toHex, replaySetup, verifyTreeHead, verifyReceipt, verifyInclusion, verifyConsistency,
  entryLeafHash, checkLogPrefix, fromProtoJson, toProtoJson, EntryKind,
} from '../js/index.js';
import * as M from '../js/messages.js';
import { FETCH_OPTIONS, takeEarly } from './prefetch.js';

const bytesField = (num, name, repeated = false) => ({ num, name, type: 'bytes', repeated });
const InclusionProofResponse = { name: 'InclusionProofResponse', fields: [bytesField(1, 'leaf_hash'), bytesField(2, 'path', true)] };
const ConsistencyProofResponse = { name: 'ConsistencyProofResponse', fields: [bytesField(1, 'proof', true)] };
const PAGE_LIMIT = 10000; // pages per sync: a bound on a board that never stops paging

// A refusal or failure of the board: `reason` is the board's stable reason when it sent one
// ({"code","reason","message"}), else board.unavailable / board.malformed.
export class BoardError extends UrneError {
  constructor(reason, message, status = 0) {
    super(reason, message);
    this.status = status;
  }
}

function parsed(schema, obj, what) {
  try {
    return fromProtoJson(schema, obj, what);
  } catch (e) {
    throw new BoardError('board.malformed', `the board sent a malformed ${what}: ${e.message}`);
  }
}

// A GET answered by prefetch.js's early read when it made this one.
async function call(path, init) {
  let response;
  try {
    response = await ((init ? undefined : takeEarly(path)) ?? fetch(path, { ...FETCH_OPTIONS, ...init }));
  } catch (e) {
    throw new BoardError('board.unavailable', `the board did not answer (${e.message})`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const reason = body && typeof body.reason === 'string' && body.reason ? body.reason : 'board.unavailable';
    const message = body && typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
    throw new BoardError(reason, message, response.status);
  }
  if (body === null || typeof body !== 'object') throw new BoardError('board.malformed', `${path}: the answer is not JSON`);
  return body;
}

const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
function camelKeys(value) {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), camelKeys(v)]));
}

// One election on the board of this page's origin.
export class Board {
  constructor(electionIdHex) {
    this.idHex = electionIdHex;
    this.id = fromHex(electionIdHex);
    this.base = `/v1/elections/${electionIdHex}`;
    this.election = null; // replaySetup's result
    this.entries = []; // verified prefix of the log
    this.receivedMs = []; // the board's unsigned receive times (board.md §5.1), per entry
    this.head = null; // the latest verified SignedTreeHead
  }

  async treeHead() {
    const head = parsed(M.SignedTreeHead, await call(`${this.base}/tree-head`), 'tree head');
    if (this.election) verifyTreeHead(head, this.election.boardKey);
    return head;
  }

  // Downloads the log up to a signed tree head and checks it (setup replay on first use, the
  // head's signature, the entries hash to its root, consistency with the previous head).
  // onProgress(done, total) is called per page.
  async sync(onProgress = () => {}) {
    const head = parsed(M.SignedTreeHead, await call(`${this.base}/tree-head`), 'tree head');
    const n = Number(head.tree_size);
    const entries = this.entries.slice();
    const times = this.receivedMs.slice();
    for (let page = 0; entries.length < n; ++page) {
      if (page >= PAGE_LIMIT) throw new BoardError('board.malformed', 'the board never finished sending the log');
      const body = await call(`${this.base}/entries?from_index=${entries.length}`);
      if (!Array.isArray(body.entries) || body.entries.length === 0) {
        throw new BoardError('board.malformed', `the board sent no entries from index ${entries.length} of ${n}`);
      }
      for (const item of body.entries) {
        if (entries.length >= n) break;
        if (item === null || typeof item !== 'object') throw new BoardError('board.malformed', 'an entry is not an object');
        if (String(item.index ?? '0') !== String(entries.length)) {
          throw new BoardError('board.malformed', `the board sent entry ${item.index} where ${entries.length} was expected`);
        }
        entries.push(parsed(M.Entry, item.entry ?? {}, 'entry'));
        times.push(Number(item.receivedMs ?? item.received_ms ?? 0));
      }
      onProgress(entries.length, n);
    }
    // The roll's credentials: lengths and order, not each as a point (booth.md §8.4).
    if (!this.election) this.election = replaySetup(this.id, entries, { rollPoints: false });
    verifyTreeHead(head, this.election.boardKey);
    checkLogPrefix(entries, head);
    if (this.head && this.head.tree_size > 0n && this.head.tree_size <= head.tree_size) {
      await this.checkConsistency(this.head, head);
    }
    this.entries = entries;
    this.receivedMs = times;
    this.head = head;
    return head;
  }

  // The log's OPEN, CLOSE and the phase the verified log shows.
  get phase() {
    if (this.entries.some((e) => e.kind === EntryKind.CLOSE)) return 'CLOSED';
    return this.election?.phase ?? 'SETUP';
  }

  // board.md §2.6: the older head's tree is a prefix of the newer head's.
  async checkConsistency(older, newer) {
    if (older.tree_size === newer.tree_size) {
      if (toHex(older.root_hash) !== toHex(newer.root_hash)) throw new UrneError('verify.board_fork', 'two signed heads of the same size with different roots');
      return;
    }
    const body = await call(`${this.base}/consistency-proof?old_size=${older.tree_size}&new_size=${newer.tree_size}`);
    const { proof } = parsed(ConsistencyProofResponse, body, 'consistency proof');
    verifyConsistency(older.tree_size, newer.tree_size, older.root_hash, newer.root_hash, proof);
  }

  // Proves that `entry` (at `index`) is in the tree of `head` (verified by the caller).
  async checkInclusion(entry, index, head) {
    const body = await call(`${this.base}/inclusion-proof?index=${index}&tree_size=${head.tree_size}`);
    const proof = parsed(InclusionProofResponse, body, 'inclusion proof');
    verifyInclusion(entryLeafHash(entry), BigInt(index), head.tree_size, proof.path, head.root_hash);
  }

  // Posts a signed entry; returns its Receipt after checking it (board.md §4).
  async post(entry) {
    const body = await call('/v1/entries', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(camelKeys(toProtoJson(M.Entry, entry))),
    });
    const receipt = parsed(M.Receipt, body, 'receipt');
    verifyReceipt(receipt, entry, entryLeafHash(entry), this.election.boardKey);
    return receipt;
  }
}

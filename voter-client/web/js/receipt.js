// Receipt files (specs/ballot.md §8): the JSON file `urne-vote cast` saves and `urne-vote
// check` reads, written and read here byte-compatibly, and the checks of a parsed file
// (§8) and of its receipt (board.md §4, with tree_head.js). The `receipt` and `entry` members
// use protobuf's JSON mapping as §8 states it.
import { UrneError } from './errors.js';
import { toHex, bytesEqual } from './bytes.js';
import { decode } from './proto.js';
import * as M from './messages.js';
import { trackingCode, displayTrackingCode } from './ballot.js';
import { entryLeafHash } from './entry.js';
import { verifyReceipt } from './tree_head.js';

export const RECEIPT_FORMAT = 'urne-receipt/1';
const ENUMS = { kind: M.EntryKind };

function base64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function unbase64(text, where) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) {
    throw new UrneError('receipt.json', `${where} is not base64`);
  }
  let t = text.replace(/-/g, '+').replace(/_/g, '/');
  while (t.length % 4) t += '=';
  let s;
  try {
    s = atob(t);
  } catch {
    throw new UrneError('receipt.json', `${where} is not base64`);
  }
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

function isDefault(field, v) {
  if (field.repeated) return v.length === 0;
  if (field.type === 'message') return v === null || v === undefined;
  if (field.type === 'bytes' || field.type === 'string') return v.length === 0;
  return BigInt(v === true ? 1 : v === false ? 0 : v) === 0n;
}

// Protobuf's JSON mapping as urne's writer prints it: proto field names, fields in number
// order, default values omitted, bytes as standard base64 with padding, 64-bit integers as
// decimal strings, enums by name, no whitespace.
export function toProtoJson(schema, value) {
  const out = {};
  for (const field of schema.fields) {
    const v = value[field.name] ?? (field.repeated ? [] : null);
    if (v === null || isDefault(field, v)) continue;
    const one = (x) => {
      switch (field.type) {
        case 'bytes':
          return base64(x);
        case 'uint64':
        case 'int64':
          return BigInt(x).toString();
        case 'enum': {
          const names = ENUMS[field.name];
          return (names && Object.keys(names).find((k) => names[k] === x)) ?? x;
        }
        case 'message':
          return toProtoJson(field.message, x);
        default:
          return x;
      }
    };
    out[field.name] = field.repeated ? v.map(one) : one(v);
  }
  return out;
}

const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

// Reads the JSON mapping back (what protobuf's parser accepts for these messages: proto or
// lowerCamelCase names, enums by name or number, 64-bit integers as strings or numbers,
// bytes in standard or URL-safe base64, null for a default); unknown members are refused.
export function fromProtoJson(schema, obj, where) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new UrneError('receipt.json', `${where} is not an object`);
  const byName = new Map();
  for (const f of schema.fields) {
    byName.set(f.name, f);
    byName.set(camel(f.name), f);
  }
  const value = {};
  for (const f of schema.fields) value[f.name] = f.repeated ? [] : f.type === 'message' ? null : f.type === 'bytes' ? new Uint8Array(0) : f.type === 'uint64' || f.type === 'int64' ? 0n : f.type === 'string' ? '' : 0;
  for (const [key, raw] of Object.entries(obj)) {
    const field = byName.get(key);
    if (!field) throw new UrneError('receipt.json', `${where} has an unknown member "${key.slice(0, 40)}"`);
    if (raw === null) continue;
    const at = `${where}.${field.name}`;
    const one = (x) => {
      switch (field.type) {
        case 'bytes':
          return unbase64(x, at);
        case 'uint64':
        case 'int64':
        case 'uint32': {
          if (!(typeof x === 'string' && /^-?[0-9]+$/.test(x)) && !Number.isSafeInteger(x)) throw new UrneError('receipt.json', `${at} is not an integer`);
          const n = BigInt(x);
          const ok = field.type === 'int64' ? n >= -(1n << 63n) && n < 1n << 63n : n >= 0n && n < (field.type === 'uint32' ? 1n << 32n : 1n << 64n);
          if (!ok) throw new UrneError('receipt.json', `${at} is out of range`);
          return field.type === 'uint32' ? Number(n) : n;
        }
        case 'enum': {
          const names = ENUMS[field.name] ?? {};
          if (typeof x === 'string' && x in names) return names[x];
          if (Number.isSafeInteger(x)) return x;
          throw new UrneError('receipt.json', `${at} is not a known enum value`);
        }
        case 'message':
          return fromProtoJson(field.message, x, at);
        case 'string':
          if (typeof x !== 'string') throw new UrneError('receipt.json', `${at} is not a string`);
          return x;
        default:
          throw new UrneError('receipt.json', `${at}: unsupported type`);
      }
    };
    if (field.repeated) {
      if (!Array.isArray(raw)) throw new UrneError('receipt.json', `${at} is not a list`);
      value[field.name] = raw.map(one);
    } else {
      value[field.name] = one(raw);
    }
  }
  return value;
}

// The Ballot payload of a receipt's entry: the payload of a BALLOT, the `ballot` of an AUDIT.
export function ballotPayloadOf(entry) {
  if (entry.kind === M.EntryKind.BALLOT) return entry.payload;
  if (entry.kind === M.EntryKind.AUDIT) return decode(M.Audit, entry.payload).ballot;
  throw new UrneError('verify.receipt_mismatch', 'a receipt’s entry is a BALLOT or an AUDIT');
}

const quote = (s) => JSON.stringify(s);

// The file's text, member for member as urne-vote writes it.
export function receiptFileText({ board, receipt, entry }) {
  const code = displayTrackingCode(trackingCode(ballotPayloadOf(entry)));
  return (
    `{\n  "format": ${quote(RECEIPT_FORMAT)},\n  "tracking_code": ${quote(code)},\n` +
    `  "election_id": ${quote(toHex(entry.election_id))},\n  "board": ${quote(board)},\n` +
    `  "receipt": ${JSON.stringify(toProtoJson(M.Receipt, receipt))},\n` +
    `  "entry": ${JSON.stringify(toProtoJson(M.Entry, entry))}\n}\n`
  );
}

// Parses a receipt file (receipt.json) and checks that its parts agree
// (verify.receipt_mismatch): election ids, kind, tracking code. Returns
// {trackingCode, electionId (hex), board, receipt, entry}.
export function parseReceiptFile(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UrneError('receipt.json', `the receipt file is not JSON: ${e.message}`);
  }
  if (doc === null || typeof doc !== 'object' || doc.format !== RECEIPT_FORMAT) {
    throw new UrneError('receipt.json', `not a urne receipt ("format" must be "${RECEIPT_FORMAT}")`);
  }
  if (!('receipt' in doc) || !('entry' in doc)) throw new UrneError('receipt.json', 'the receipt file lacks "receipt" or "entry"');
  const receipt = fromProtoJson(M.Receipt, doc.receipt, 'receipt');
  const entry = fromProtoJson(M.Entry, doc.entry, 'entry');
  const file = { trackingCode: String(doc.tracking_code ?? ''), electionId: String(doc.election_id ?? ''), board: String(doc.board ?? ''), receipt, entry };
  if (file.electionId !== toHex(entry.election_id) || !bytesEqual(receipt.election_id, entry.election_id)) {
    throw new UrneError('verify.receipt_mismatch', 'the receipt, its entry and its election id disagree');
  }
  if (file.trackingCode !== displayTrackingCode(trackingCode(ballotPayloadOf(entry)))) {
    throw new UrneError('verify.receipt_mismatch', 'the tracking code is not that of the entry’s ballot');
  }
  return file;
}

// VerifyReceipt for a parsed file against the election's board key (board.md §4).
export function verifyReceiptFile(file, boardKey) {
  verifyReceipt(file.receipt, file.entry, entryLeafHash(file.entry), boardKey);
}

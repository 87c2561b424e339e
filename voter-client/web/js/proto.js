// A minimal, strict protobuf codec for exactly the urne.v1 messages the voter side reads or
// writes (schemas in messages.js, copied by hand from protos/urne/v1/*.proto).
//
// Encoding is protobuf's deterministic serialization as specs/board.md §1.3 requires: fields
// in number order, proto3 default values omitted (a present sub-message is written even if
// empty), repeated scalars packed, repeated bytes/strings/messages one record each.
// Decoding refuses what is not a well-formed message of the schema (payload.malformed:
// truncation, wrong wire type, unknown field, invalid UTF-8 in a string, a varint over 10
// bytes) and then requires the bytes to equal the re-encoding of what was read
// (payload.non_canonical: unpacked or out-of-order fields, defaults written, over-long
// varints, a singular field repeated…).
import { UrneError } from './errors.js';
import { bytesEqual, concat } from './bytes.js';

const VARINT = 0;
const LEN = 2;
const SCALAR = new Set(['uint32', 'uint64', 'int64', 'bool', 'enum']);

function malformed(message) {
  return new UrneError('payload.malformed', message);
}

// ---- encoding

function varint(v) {
  let x = BigInt.asUintN(64, BigInt(v));
  const out = [];
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return Uint8Array.from(out);
}

function tag(num, wire) {
  return varint((num << 3) | wire);
}

function scalarValue(type, v) {
  if (type === 'bool') return v ? 1n : 0n;
  if (type === 'int64') return BigInt.asUintN(64, BigInt(v));
  return BigInt(v);
}

function isDefault(field, v) {
  if (v === undefined || v === null) return true;
  if (field.repeated) return v.length === 0;
  switch (field.type) {
    case 'bytes':
    case 'string':
      return v.length === 0;
    case 'message':
      return false; // presence: written when set
    default:
      return scalarValue(field.type, v) === 0n;
  }
}

function encodeOne(field, v) {
  switch (field.type) {
    case 'bytes':
      return concat(tag(field.num, LEN), varint(v.length), v);
    case 'string': {
      const b = new TextEncoder().encode(v);
      return concat(tag(field.num, LEN), varint(b.length), b);
    }
    case 'message': {
      const b = encode(field.message, v);
      return concat(tag(field.num, LEN), varint(b.length), b);
    }
    default:
      return concat(tag(field.num, VARINT), varint(scalarValue(field.type, v)));
  }
}

// Deterministic serialization of `value` (a plain object keyed by field names).
export function encode(schema, value) {
  const parts = [];
  for (const field of schema.fields) {
    const v = value[field.name];
    if (isDefault(field, v)) continue;
    if (field.repeated && SCALAR.has(field.type)) {
      const body = concat(...v.map((x) => varint(scalarValue(field.type, x))));
      parts.push(tag(field.num, LEN), varint(body.length), body);
    } else if (field.repeated) {
      for (const x of v) parts.push(encodeOne(field, x));
    } else {
      parts.push(encodeOne(field, v));
    }
  }
  return concat(...parts);
}

// ---- decoding

class Reader {
  constructor(bytes) {
    this.b = bytes;
    this.at = 0;
  }
  done() {
    return this.at >= this.b.length;
  }
  varint() {
    let v = 0n;
    for (let i = 0; i < 10; ++i) {
      if (this.at >= this.b.length) throw malformed('truncated varint');
      const byte = this.b[this.at++];
      v |= BigInt(byte & 0x7f) << BigInt(7 * i);
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, v);
    }
    throw malformed('varint longer than 10 bytes');
  }
  bytes() {
    const n = this.varint();
    if (n > BigInt(this.b.length - this.at)) throw malformed('truncated length-delimited field');
    const out = this.b.slice(this.at, this.at + Number(n));
    this.at += Number(n);
    return out;
  }
}

function convert(type, v) {
  switch (type) {
    case 'uint32':
    case 'enum':
      return Number(BigInt.asUintN(32, v));
    case 'bool':
      return v !== 0n;
    case 'int64':
      return BigInt.asIntN(64, v);
    default:
      return v; // uint64 as BigInt
  }
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

function decodeLoose(schema, bytes) {
  const byNum = new Map(schema.fields.map((f) => [f.num, f]));
  const out = {};
  const seen = new Set();
  for (const f of schema.fields) out[f.name] = f.repeated ? [] : defaultOf(f);
  const r = new Reader(bytes);
  while (!r.done()) {
    const key = r.varint();
    const num = Number(key >> 3n);
    const wire = Number(key & 7n);
    const field = byNum.get(num);
    if (!field) throw malformed(`unknown field ${num} in ${schema.name}`);
    if (!field.repeated) {
      if (seen.has(num)) throw new UrneError('payload.non_canonical', `${schema.name}.${field.name} appears twice`);
      seen.add(num);
    }
    if (SCALAR.has(field.type)) {
      if (wire === VARINT) {
        const v = convert(field.type, r.varint());
        if (field.repeated) out[field.name].push(v);
        else out[field.name] = v;
      } else if (wire === LEN && field.repeated) {
        const inner = new Reader(r.bytes());
        while (!inner.done()) out[field.name].push(convert(field.type, inner.varint()));
      } else {
        throw malformed(`${schema.name}.${field.name}: wrong wire type ${wire}`);
      }
      continue;
    }
    if (wire !== LEN) throw malformed(`${schema.name}.${field.name}: wrong wire type ${wire}`);
    const raw = r.bytes();
    let v;
    if (field.type === 'bytes') v = raw;
    else if (field.type === 'string') {
      try {
        v = utf8Strict.decode(raw);
      } catch {
        throw malformed(`${schema.name}.${field.name}: not UTF-8`);
      }
    } else v = decodeLoose(field.message, raw);
    if (field.repeated) out[field.name].push(v);
    else out[field.name] = v;
  }
  return out;
}

function defaultOf(field) {
  switch (field.type) {
    case 'bytes':
      return new Uint8Array(0);
    case 'string':
      return '';
    case 'message':
      return null;
    case 'bool':
      return false;
    case 'uint64':
    case 'int64':
      return 0n;
    default:
      return 0;
  }
}

// Parses `bytes` strictly as `schema` and requires canonical bytes (see above).
export function decode(schema, bytes) {
  if (!(bytes instanceof Uint8Array)) throw malformed('not bytes');
  const value = decodeLoose(schema, bytes);
  if (!bytesEqual(encode(schema, value), bytes)) {
    throw new UrneError('payload.non_canonical', `the ${schema.name} bytes are not its deterministic serialization`);
  }
  return value;
}

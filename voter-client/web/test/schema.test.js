// messages.js against protos/urne/v1/*.proto: every message this library encodes or decodes
// must have exactly the fields of its .proto (numbers, names, types, repeated). When a .proto
// gains a field, this test names what to add to js/messages.js (otherwise every payload
// using the field would be refused as payload.malformed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './vectors_util.js';
import * as M from '../js/messages.js';

function parseProtos() {
  const dir = join(REPO, 'protos', 'urne', 'v1');
  const messages = new Map();
  const enums = new Set();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.proto'))) {
    const text = readFileSync(join(dir, file), 'utf8').replace(/\/\/.*$/gm, '');
    for (const m of text.matchAll(/\benum\s+(\w+)\s*\{/g)) enums.add(m[1]);
    for (const m of text.matchAll(/\bmessage\s+(\w+)\s*\{([^}]*)\}/g)) {
      const fields = [];
      for (const f of m[2].matchAll(/(repeated\s+)?([\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;/g)) {
        fields.push({ repeated: !!f[1], type: f[2], name: f[3], num: Number(f[4]) });
      }
      messages.set(m[1], { file, fields });
    }
  }
  return { messages, enums };
}

test('every schema of messages.js matches its .proto message', () => {
  const { messages, enums } = parseProtos();
  const schemas = Object.values(M).filter((v) => v && typeof v === 'object' && Array.isArray(v.fields));
  assert.ok(schemas.length >= 20);
  for (const schema of schemas) {
    const proto = messages.get(schema.name);
    assert.ok(proto, `message ${schema.name} is not in protos/urne/v1`);
    const want = proto.fields
      .map((f) => {
        let type = f.type;
        if (enums.has(type)) type = 'enum';
        else if (messages.has(type)) type = `message:${type}`;
        return `${f.num} ${f.repeated ? 'repeated ' : ''}${type} ${f.name}`;
      })
      .sort();
    const got = schema.fields
      .map((f) => `${f.num} ${f.repeated ? 'repeated ' : ''}${f.type === 'message' ? `message:${f.message.name}` : f.type} ${f.name}`)
      .sort();
    assert.deepEqual(got, want, `js/messages.js ${schema.name} differs from ${proto.file}: add or fix the fields listed`);
  }
});

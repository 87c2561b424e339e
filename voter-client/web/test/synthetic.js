// A synthetic election for unit tests (no board, no ceremony): a manifest of yes/no
// questions with a blank option, and a random election key.
import { groupByName } from '../js/group.js';
import { ElGamalKey } from '../js/elgamal.js';
import { SigningKey } from '../js/ed25519.js';
import { encode } from '../js/proto.js';
import * as M from '../js/messages.js';
import { parseManifest } from '../js/manifest.js';
import { electionIdOf } from '../js/entry.js';

const text = (s) => ({ fr: s, en: s });
function yesNo(i) {
  return {
    id: `q${i}`, title: text(`Q${i}`), text: text(`Question ${i}?`), kind: M.QuestionKind.YES_NO,
    options: [{ id: 'yes', label: text('yes') }, { id: 'no', label: text('no') }, { id: 'blank', label: text('blank'), blank: true }],
  };
}
export function syntheticElection(groupName, questions = 5) {
  const group = groupByName(groupName);
  const authority = new SigningKey(new Uint8Array(32).fill(1));
  const trustee = new SigningKey(new Uint8Array(32).fill(2));
  const manifest = {
    version: 1, group: groupName, reference: 'synthetic', title: text('T'), organiser: text('O'),
    questions: Array.from({ length: questions }, (_, i) => yesNo(i)),
    trustees: [{ name: 't', signing_key: trustee.publicKey, box_key: new Uint8Array(32).fill(3) }],
    threshold: 1, authority_key: authority.publicKey, opens_at: 1n, closes_at: 2n, ceremony_deadline: 1n,
    board_key: new SigningKey(new Uint8Array(32).fill(10)).publicKey,
  };
  const payload = encode(M.Manifest, manifest);
  const parsed = parseManifest(payload);
  const key = new ElGamalKey(group, group.expG(group.scalars.random()));
  return { id: electionIdOf(payload), manifest: parsed, group, key, payload, authority };
}


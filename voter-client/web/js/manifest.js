// The manifest as the voter's side reads it (specs/manifest.md): strict decoding, the rules a
// client depends on to encrypt (group, questions and their shapes, trustees, threshold,
// authority and board keys), and the question shapes of specs/ballot.md §1. The complete validation of
// specs/manifest.md §3 is the board's and the verifier's; this is the subset a voter needs.
import { UrneError } from './errors.js';
import { decode } from './proto.js';
import { Manifest, QuestionKind } from './messages.js';
import { groupByName } from './group.js';
import { decodePublicKey } from './ed25519.js';
import { bytesEqual } from './bytes.js';

function invalid(path, what) {
  return new UrneError('manifest.invalid', `${path}: ${what}`);
}

// Parses a MANIFEST payload (payload.*) and checks the voter-side rules (manifest.invalid).
export function parseManifest(payload) {
  const m = decode(Manifest, payload);
  if (m.version !== 1) throw invalid('version', 'must be 1');
  try {
    groupByName(m.group);
  } catch {
    throw invalid('group', 'must be "ristretto255" or "eg4096"');
  }
  if (m.questions.length < 1 || m.questions.length > 32) throw invalid('questions', 'between 1 and 32 questions');
  m.questions.forEach((q, i) => {
    const path = `questions[${i}]`;
    if (q.options.length < 2 || q.options.length > 64) throw invalid(`${path}.options`, 'between 2 and 64 options');
    if (q.kind < QuestionKind.YES_NO || q.kind > QuestionKind.BUDGET) throw invalid(`${path}.kind`, 'unknown question kind');
    if (q.kind === QuestionKind.APPROVAL || q.kind === QuestionKind.BUDGET) {
      if (!(q.max_selections >= 1 && q.max_selections <= q.options.length && q.min_selections <= q.max_selections)) {
        throw invalid(`${path}.max_selections`, 'needs 0 ≤ min ≤ max ≤ number of options and max ≥ 1');
      }
    }
  });
  if (m.trustees.length < 1 || m.trustees.length > 9) throw invalid('trustees', 'between 1 and 9 trustees');
  try {
    decodePublicKey(m.authority_key);
  } catch {
    throw invalid('authority_key', 'not a valid Ed25519 public key');
  }
  try {
    decodePublicKey(m.board_key);
  } catch {
    throw invalid('board_key', 'not a valid Ed25519 public key');
  }
  if (bytesEqual(m.board_key, m.authority_key)) throw invalid('board_key', "the board signs with its own key, not the authority's");
  m.trustees.forEach((t, i) => {
    try {
      decodePublicKey(t.signing_key);
    } catch {
      throw invalid(`trustees[${i}].signing_key`, 'not a valid Ed25519 public key');
    }
  });
  if (m.threshold < 1 || m.threshold > m.trustees.length) throw invalid('threshold', '1 ≤ threshold ≤ number of trustees');
  if (m.ceremony_deadline <= 0n || m.ceremony_deadline > m.opens_at) {
    throw invalid('ceremony_deadline', 'a Unix time no later than opens_at (specs/ceremony.md §3)');
  }
  if (m.booth_digest.length !== 0 && m.booth_digest.length !== 32) {
    throw invalid('booth_digest', 'a SHA-256 digest is 32 bytes (specs/booth.md §7.3)');
  }
  return m;
}

// The bounds on a question's number of selections (specs/ballot.md §1).
export function shapeOf(question) {
  if (question.kind === QuestionKind.YES_NO || question.kind === QuestionKind.ONE_OF) return { min: 1, max: 1 };
  return { min: question.min_selections, max: question.max_selections };
}

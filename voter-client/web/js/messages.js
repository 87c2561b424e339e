// Schemas of the urne.v1 messages the voter side handles, field by field from
// protos/urne/v1/entries.proto, manifest.proto and board.proto (same names and numbers).
// Keep in step with the .proto files: a field missing here makes every payload that uses it
// fail with payload.malformed, never silently ignored.

const f = (num, name, type, extra = {}) => ({ num, name, type, ...extra });
const rep = (num, name, type, extra = {}) => ({ num, name, type, repeated: true, ...extra });
const msg = (name, fields) => ({ name, fields: fields.sort((a, b) => a.num - b.num) });

export const EntryKind = {
  MANIFEST: 1, ROLL: 2, TRUSTEE_COMMITMENT: 3, SEALED_SHARES: 4, SHARE_VERDICT: 5, SHARE_REVEAL: 6,
  OPEN: 7, BALLOT: 8, AUDIT: 9, CLOSE: 10, PARTIAL_DECRYPTION: 11, RESULT: 12, CREDENTIAL_REPLACEMENT: 13,
};
export const QuestionKind = { YES_NO: 1, ONE_OF: 2, APPROVAL: 3, BUDGET: 4 };
export const RevotePolicy = { LAST_BALLOT_COUNTS: 1, SINGLE_BALLOT: 2 };

export const Entry = msg('Entry', [
  f(1, 'election_id', 'bytes'), f(2, 'kind', 'enum'), f(3, 'payload', 'bytes'), f(4, 'author', 'bytes'), f(5, 'signature', 'bytes'),
]);

// manifest.proto
export const Text = msg('Text', [f(1, 'fr', 'string'), f(2, 'en', 'string')]);
export const Option = msg('Option', [
  f(1, 'id', 'string'), f(2, 'label', 'message', { message: Text }), f(3, 'description', 'message', { message: Text }),
  f(4, 'cost', 'uint64'), f(5, 'blank', 'bool'),
]);
export const Question = msg('Question', [
  f(1, 'id', 'string'), f(2, 'title', 'message', { message: Text }), f(3, 'text', 'message', { message: Text }),
  f(4, 'kind', 'enum'), rep(5, 'options', 'message', { message: Option }), f(6, 'min_selections', 'uint32'),
  f(7, 'max_selections', 'uint32'), f(8, 'budget', 'uint64'), f(9, 'unit', 'string'),
]);
export const Decision = msg('Decision', [
  f(1, 'id', 'string'), f(2, 'title', 'message', { message: Text }), f(3, 'rule', 'enum'), rep(4, 'question_ids', 'string'),
  f(5, 'seats', 'uint32'), f(6, 'tie_break', 'enum'),
]);
export const Trustee = msg('Trustee', [f(1, 'name', 'string'), f(2, 'signing_key', 'bytes'), f(3, 'box_key', 'bytes')]);
export const Manifest = msg('Manifest', [
  f(1, 'version', 'uint32'), f(2, 'group', 'string'), f(3, 'reference', 'string'), f(4, 'title', 'message', { message: Text }),
  f(5, 'organiser', 'message', { message: Text }), f(6, 'description', 'message', { message: Text }),
  rep(7, 'questions', 'message', { message: Question }), rep(8, 'decisions', 'message', { message: Decision }),
  f(9, 'revote_policy', 'enum'), rep(10, 'trustees', 'message', { message: Trustee }), f(11, 'threshold', 'uint32'),
  f(12, 'authority_key', 'bytes'), f(13, 'opens_at', 'int64'), f(14, 'closes_at', 'int64'), f(15, 'board_key', 'bytes'),
  f(16, 'ceremony_deadline', 'int64'), f(17, 'min_counted_ballots', 'uint32'), f(18, 'booth_digest', 'bytes'),
  f(19, 'time_zone', 'string'),
]);

// entries.proto
export const Roll = msg('Roll', [rep(1, 'credentials', 'bytes')]);
export const CredentialReplacement = msg('CredentialReplacement', [
  f(1, 'revoked', 'bytes'), f(2, 'replacement', 'bytes'), f(3, 'replaced_at', 'int64'),
]);
export const TrusteeCommitment = msg('TrusteeCommitment', [
  f(1, 'trustee_index', 'uint32'), rep(2, 'coefficient_commitments', 'bytes'), rep(3, 'proofs', 'bytes'),
]);
export const SealedShare = msg('SealedShare', [f(1, 'recipient_index', 'uint32'), f(2, 'sealed', 'bytes')]);
export const SealedShares = msg('SealedShares', [f(1, 'dealer_index', 'uint32'), rep(2, 'shares', 'message', { message: SealedShare })]);
export const ShareVerdict = msg('ShareVerdict', [f(1, 'trustee_index', 'uint32'), rep(2, 'complaints', 'uint32')]);
export const ShareReveal = msg('ShareReveal', [f(1, 'dealer_index', 'uint32'), f(2, 'recipient_index', 'uint32'), f(3, 'share', 'bytes')]);
export const Open = msg('Open', [f(1, 'tree_size', 'uint64'), f(2, 'root_hash', 'bytes'), f(3, 'opened_at', 'int64')]);
export const QuestionBallot = msg('QuestionBallot', [rep(1, 'ciphertexts', 'bytes'), rep(2, 'range_proofs', 'bytes'), f(3, 'sum_proof', 'bytes')]);
export const Ballot = msg('Ballot', [rep(1, 'questions', 'message', { message: QuestionBallot }), f(2, 'seen_tree_size', 'uint64')]);
export const AuditedQuestion = msg('AuditedQuestion', [rep(1, 'selections', 'uint32'), rep(2, 'nonces', 'bytes')]);
export const Audit = msg('Audit', [f(1, 'ballot', 'bytes'), rep(2, 'questions', 'message', { message: AuditedQuestion })]);
export const Close = msg('Close', [f(1, 'tree_size', 'uint64'), f(2, 'root_hash', 'bytes')]);

// board.proto
export const SignedTreeHead = msg('SignedTreeHead', [
  f(1, 'election_id', 'bytes'), f(2, 'tree_size', 'uint64'), f(3, 'root_hash', 'bytes'), f(4, 'timestamp_ms', 'int64'),
  f(5, 'board_key', 'bytes'), f(6, 'signature', 'bytes'),
]);
export const Receipt = msg('Receipt', [
  f(1, 'election_id', 'bytes'), f(2, 'index', 'uint64'), f(3, 'leaf_hash', 'bytes'),
  f(4, 'tree_head', 'message', { message: SignedTreeHead }), rep(5, 'inclusion_path', 'bytes'),
]);

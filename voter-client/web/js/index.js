// The voter-side library in one import for the booth page: every public function of the
// modules below (see README.md for what each implements and from which spec).
export { UrneError } from './errors.js';
export { toHex, fromHex } from './bytes.js';
export { groupByName } from './group.js';
export { parseCode, displayCode, credentialKey } from './credential.js';
export { verifySignature, decodePublicKey, SigningKey } from './ed25519.js';
export { replaySetup, currentRoll } from './setup.js';
export { encryptBallot, auditPayload, verifyBallot, verifyAudit, trackingCode, displayTrackingCode, checkChoices } from './ballot.js';
export { makeEntry, verifyEntrySignature, entryLeafHash, electionIdOf } from './entry.js';
export { verifyTreeHead, verifyReceipt } from './tree_head.js';
export { verifyInclusion, verifyConsistency } from './merkle.js';
export { parseReceiptFile, receiptFileText, verifyReceiptFile, toProtoJson, fromProtoJson } from './receipt.js';
export { checkLogPrefix, entriesOfCredential } from './log.js';
export { shapeOf } from './manifest.js';
export { EntryKind, QuestionKind, RevotePolicy } from './messages.js';

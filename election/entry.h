// Entries: the election id, the signed envelope and strict payload parsing
// (specs/board.md "Entries and signatures", specs/entries.md).
//
// Pure functions; thread-safe.
#ifndef URNE_ELECTION_ENTRY_H_
#define URNE_ELECTION_ENTRY_H_

#include <string>

#include "absl/status/statusor.h"
#include "crypto/bytes.h"
#include "crypto/ed25519.h"
#include "crypto/transcript.h"
#include "urne/v1/entries.pb.h"

namespace urne {

using ElectionId = Digest32;

// The election id: SHA-256 of Transcript("urne/v1/election-id") with field "manifest" = the
// manifest payload bytes exactly as posted.
ElectionId ComputeElectionId(ByteView manifest_payload);

// The bytes an entry's author signs: Transcript("urne/v1/entry") with fields "election",
// "kind" (u64), "payload", "author".
Bytes EntrySigningBytes(const v1::Entry& entry);

// The Merkle leaf data of an entry: Transcript("urne/v1/leaf") with fields "election",
// "kind" (u64), "payload", "author", "signature". Its leaf hash is SHA-256(0x00 ‖ data).
Bytes EntryLeafData(const v1::Entry& entry);
Digest32 EntryLeafHash(const v1::Entry& entry);
// Parses leaf data back into an entry, strictly: exactly the fields above, in that order,
// with the right labels and an 8-byte kind, nothing after. This is also the board's storage
// and the record file's encoding of an entry. Reason: entry.malformed.
absl::StatusOr<v1::Entry> ParseEntryLeafData(ByteView data);

// Builds and signs an entry.
v1::Entry MakeEntry(const ElectionId& election, v1::EntryKind kind, const std::string& payload,
                    const SigningKey& author);

// Checks the envelope's shape (32-byte election id and author, 64-byte signature, known
// kind) and the author's signature. Reasons: entry.malformed, key.*, signature.invalid.
// An author found in `known` (may be null) skips the key's point checks, with the same result.
absl::Status VerifyEntrySignature(const v1::Entry& entry, const KnownKeys* known = nullptr);

// Deterministic serialization of a payload message (the canonical form).
std::string Serialize(const google::protobuf::Message& message);

// Parses `bytes` into `out` strictly: well-formed, no unknown fields, and canonical
// (re-serializing gives the same bytes). Reason: payload.malformed / payload.non_canonical.
absl::Status ParseStrict(const std::string& bytes, google::protobuf::Message& out);

// The tracking code of a ballot: SHA-256 of Transcript("urne/v1/tracking-code") with field
// "ballot" = the Ballot payload bytes; shown as base32 groups by FormatTrackingCode.
Digest32 TrackingCode(const std::string& ballot_payload);
// RFC 4648 base32 (no padding) of the first 20 bytes, in groups of 4 separated by '-'.
std::string FormatTrackingCode(const Digest32& code);

}  // namespace urne

#endif  // URNE_ELECTION_ENTRY_H_

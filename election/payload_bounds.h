// Payload size bounds per entry kind (specs/board.md §5.3 "Limits").
//
// Once an election's manifest is known, the largest valid payload of most kinds follows from
// it: a ballot has one 2E-byte ciphertext and one two-branch range proof per option and one
// (max − min + 1)-branch sum proof per question, every field of fixed length, so every valid
// ballot of an election has exactly MaxPayloadBytes(BALLOT) bytes. The board refuses a larger
// payload before parsing it, so that no post can make it allocate more than a valid one.
// For kinds whose payload is not fixed by the manifest (MANIFEST, ROLL) the caller supplies
// its own limit. Pure functions; thread-safe.
#ifndef URNE_ELECTION_PAYLOAD_BOUNDS_H_
#define URNE_ELECTION_PAYLOAD_BOUNDS_H_

#include <cstddef>

#include "crypto/group.h"
#include "urne/v1/entries.pb.h"
#include "urne/v1/manifest.pb.h"

namespace urne {

// Largest payload of `kind` that can be valid in an election with `manifest` over `group`
// (a validated manifest). Exact for BALLOT and AUDIT; an upper bound for the ceremony,
// PARTIAL_DECRYPTION, CLOSE, OPEN and RESULT; 0 for MANIFEST and ROLL, which the manifest
// does not bound (the board applies its own limits to those).
size_t MaxPayloadBytes(v1::EntryKind kind, const v1::Manifest& manifest, const Group& group);

}  // namespace urne

#endif  // URNE_ELECTION_PAYLOAD_BOUNDS_H_

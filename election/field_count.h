// Field counts before parsing (specs/board.md §5.3 "Limits").
//
// A payload of N bytes can hold about N/2 empty fields, and a parser allocates an object per
// field: a 1 MiB MANIFEST of empty repeated messages would cost far more memory than its size.
// The board therefore counts a payload's fields on the wire, without allocating, before it
// parses anything, and refuses a payload with more fields than any valid one of its kind.
// Pure functions; thread-safe.
#ifndef URNE_ELECTION_FIELD_COUNT_H_
#define URNE_ELECTION_FIELD_COUNT_H_

#include <cstddef>
#include <string_view>

#include "absl/status/status.h"
#include "google/protobuf/descriptor.h"
#include "urne/v1/entries.pb.h"

namespace urne {

// Number of fields in `payload` read as a `message` (each element of a repeated field is one
// field, and the fields of a submessage are counted too, at any depth), counting stops once
// it passes `limit`. Wire data that does not parse ends the count where it stops parsing:
// the strict parser refuses such a payload later (payload.malformed).
size_t CountFields(std::string_view payload, const google::protobuf::Descriptor& message,
                   size_t limit);

// Most fields a valid payload of `kind` with `size` bytes can have: 32 768 for MANIFEST (a
// manifest at its largest — 32 questions of 64 options with texts and descriptions — has
// under 25 000), size / 34 for ROLL (each credential is a 34-byte field); no limit (SIZE_MAX)
// for the other kinds, whose size the manifest bounds exactly.
size_t MaxFields(v1::EntryKind kind, size_t size);

// RESOURCE_EXHAUSTED "limit.field_count" if `payload` of `kind` has more fields than
// MaxFields allows; OK otherwise. Unknown kinds: OK (the envelope check refuses them).
absl::Status CheckFieldCount(v1::EntryKind kind, std::string_view payload);

}  // namespace urne

#endif  // URNE_ELECTION_FIELD_COUNT_H_

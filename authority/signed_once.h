// The authority's local record of the entries it signs at most once per election: OPEN and
// CLOSE, each countersigning the log's size and root (specs/entries.md §3 "Unique entries",
// specs/board.md §3). A record is written before its entry is posted, durably and
// exclusively (cli/private_file.h): a temporary file is written and fsynced, then linked to
// its final name DIR/<election hex>.<open|close> with link(2), which fails if the name
// exists, and DIR is fsynced. So a crash, a lost answer or a second run can only re-post the very
// same signed bytes, never sign another OPEN or CLOSE; of two processes racing, one record wins and
// the other process finds it. File format (text, one field per line):
//   urne-authority-signed/1
//   election <64 hex>
//   kind OPEN|CLOSE
//   tree_size <decimal>
//   root_hash <64 hex>
//   entry <hex of the entry's leaf data (specs/board.md §1.4)>
// Functions do file I/O; thread-compatible.
#ifndef URNE_AUTHORITY_SIGNED_ONCE_H_
#define URNE_AUTHORITY_SIGNED_ONCE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "election/entry.h"
#include "urne/v1/entries.pb.h"

namespace urne::authority {

struct SignedRecord {
  ElectionId election{};
  v1::EntryKind kind = v1::ENTRY_KIND_UNSPECIFIED;  // OPEN or CLOSE
  uint64_t tree_size = 0;                           // the size it countersigns
  std::string root_hash;                            // the root it countersigns (32 bytes)
  v1::Entry entry;                                  // the signed entry, as posted
};

// The default state directory of an authority key file: "KEYFILE.signed".
std::string DefaultSignedDir(const std::string& key_path);

// The record of `kind` for `election` in `dir`, or nullopt if there is none.
// Reasons: state.unreadable, state.malformed (a file that is not a complete record: never
// overwritten; the operator inspects it).
absl::StatusOr<std::optional<SignedRecord>> LoadSigned(const std::string& dir,
                                                       const ElectionId& election,
                                                       v1::EntryKind kind);

// Stores `record` unless one exists for its election and kind; returns the record on disk
// afterwards: `record`, or the one found (the caller compares). Creates `dir` (mode 0700) if
// needed. Reasons: state.unwritable, and LoadSigned's.
absl::StatusOr<SignedRecord> StoreSignedOnce(const std::string& dir, const SignedRecord& record);

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_SIGNED_ONCE_H_

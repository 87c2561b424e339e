// The end-to-end record vectors of tests/vectors/records/ (format: tests/vectors/README.md,
// "records.json"): small complete election records (ristretto255, 3 trustees, 6 voters), one
// valid election, one with no ballot, and one record per rejection class, each with its
// expected verdict, failing step and reason. Used by `urne-gen-record --vectors DIR`.
// Not thread-safe (one generator run at a time).
#ifndef URNE_TOOLS_RECORD_VECTORS_H_
#define URNE_TOOLS_RECORD_VECTORS_H_

#include <string>

#include "absl/status/status.h"

namespace urne::tools {

// Builds every record, verifies each with VerifyRecord (or DecodeRecord for unusable ones)
// and stops with an error if the verdict, step or reason is not the one the case expects
// (specs/verification.md); then writes DIR/records/NAME.urnerec and DIR/records.json.
absl::Status WriteRecordVectors(const std::string& dir);

}  // namespace urne::tools

#endif  // URNE_TOOLS_RECORD_VECTORS_H_

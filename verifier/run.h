// The urne-verify program's logic (main.cc only parses flags): load a record from a file or
// fetch it from a board, optionally save it, verify it, print the report. Not thread-safe
// (CLI use).
#ifndef URNE_VERIFIER_RUN_H_
#define URNE_VERIFIER_RUN_H_

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "board-client/endpoint.h"
#include "election/record.h"

namespace urne::verifier {

struct VerifyCommand {
  std::string record_file;  // verify this file, or
  std::string board;        // fetch from this board (https://HOST:PORT, or HOST:PORT)
  ClientTls tls;            // --tls-ca, --insecure
  std::string election;     // this election (64 hex digits)
  std::string save;         // write the record here (atomically) before verifying
  std::string html;         // write the HTML report here
  std::string receipts;     // a folder of voters' receipt files: earlier heads (step 1.5)
  bool json = false;        // JSON on stdout instead of the text report
  bool allow_incomplete = false;
  unsigned threads = 0;  // 0 = all cores
  std::string lang;      // of the text and HTML reports: "fr" or "en" ("" = from LANG)
};

// Fetches the board's signed tree head, then every entry it covers, without trusting either
// (the verifier authenticates them), and writes them as a record file at `path` one entry at
// a time (verifier/record_file.h: the log is never held whole). Errors (unusable input):
// board unreachable, bad id, "file.unwritable".
absl::Status FetchRecordFile(const BoardEndpoint& board, const std::string& election_hex,
                             const std::string& path);

// Returns the exit code: 0 valid, 1 invalid, 2 unusable input (unreadable or malformed file,
// unreachable board, unwritable output). The report goes to `out`, errors to `err`.
int RunVerify(const VerifyCommand& command, std::ostream& out, std::ostream& err);

}  // namespace urne::verifier

#endif  // URNE_VERIFIER_RUN_H_

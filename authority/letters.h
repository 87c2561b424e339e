// The voters' letters (specs/credentials.md §6): one printable, self-contained HTML page per
// voter, in French and English, carrying the private credential code, and the mail-merge CSV.
// These are the ONLY places a code is ever written; `urne-admin roll` writes them into the
// letters folder and nowhere else. Strings returned here hold codes: callers wipe them after
// writing. Pure; thread-safe.
#ifndef URNE_AUTHORITY_LETTERS_H_
#define URNE_AUTHORITY_LETTERS_H_

#include <string>

#include "absl/status/statusor.h"
#include "authority/roll_csv.h"
#include "election/entry.h"
#include "urne/v1/manifest.pb.h"

namespace urne {

struct LetterContext {
  const v1::Manifest& manifest;
  ElectionId election;
  std::string board;  // HOST:PORT voters connect to
  // The hosted booth's address ("https://vote.example.ch/"; specs/booth.md §7), or empty
  // when voters use urne-vote only. The letter prints BOOTH_URL#<election id>.
  std::string booth_url = {};
};

// A booth address for the letters: https://, a host, an optional port and path, no query,
// fragment, space or quote; a missing final '/' is added. Reason letters.bad_booth_url.
absl::StatusOr<std::string> CheckBoothUrl(const std::string& url);

// The letter of one voter; `display_code` is CredentialCode::Display() (groups split by '-').
std::string RenderLetter(const LetterContext& context, const Voter& voter,
                         const std::string& display_code);

// File name of voter number `index` (0-based) in the letters folder: "0001-<id>.html" with
// the id reduced to [A-Za-z0-9_-] (other characters become '_').
std::string LetterFileName(size_t index, const std::string& voter_id);

// The mail-merge CSV's header line and one row (CRLF line ends, RFC 4180):
// id,name,postal_address,notes,credential_code,letter_file
std::string LettersCsvHeader();
std::string LettersCsvRow(const Voter& voter, const std::string& display_code,
                          const std::string& letter_file);

}  // namespace urne

#endif  // URNE_AUTHORITY_LETTERS_H_

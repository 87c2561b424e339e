// The voters' letters (specs/credentials.md §9, §10.1): printable, self-contained HTML in French
// and English, one letter per printed page, carrying the private credential code — all the
// letters in one file (letters.html; files of kLettersPerFile letters for larger rolls) — and
// the mail-merge CSV.
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

namespace urne::authority {

struct LetterContext {
  const v1::Manifest& manifest;
  ElectionId election;
  std::string board;  // HOST:PORT voters connect to
  // The hosted booth's address ("https://vote.example.ch/"; specs/booth.md §7), or empty
  // when voters use urne-vote only. The letter prints BOOTH_URL#<election id>.
  std::string booth_url = {};
};

// A booth address for the letters: https://, a host, an optional port and path, no query,
// fragment, space or quote; a missing final '/' is added; empty stays empty (no hosted booth).
// Reason letters.bad_booth_url.
absl::StatusOr<std::string> CheckBoothUrl(const std::string& url);

// Letters per letters file.
inline constexpr size_t kLettersPerFile = 5000;

// The letters file's start (doctype, head with `title`, style: each letter on a new printed
// page) and end; letters go between them.
std::string LettersDocumentStart(const v1::Manifest& manifest, const std::string& title);
std::string LettersDocumentEnd();
// One voter's letter, a <section class="letter">; `display_code` is CredentialCode::Display()
// (groups split by '-').
std::string RenderLetterBody(const LetterContext& context, const Voter& voter,
                             const std::string& display_code);
// One voter's letter as a whole document (start, body, end).
std::string RenderLetter(const LetterContext& context, const Voter& voter,
                         const std::string& display_code);

// The name of letters file number `file_index` (0-based) for a roll of `voters`:
// "letters.html" when one file holds them all, else "letters-001.html", "letters-002.html", …
std::string LettersFileName(size_t file_index, size_t voters);

// The mail-merge CSV's header line and one row (CRLF line ends, RFC 4180):
// id,name,postal_address,notes,credential_code,letter_file,letter_number,election_id,
// booth_link,opens_fr,closes_fr,opens_en,closes_en — the letters file that holds the voter's
// letter and its position in that file (1-based: its printed page among the letters, a letter
// being one page), then what every letter prints alike (LettersCsvCommon): the election id,
// the booth link (empty without a hosted booth) and the voting window in the manifest's time
// zone, in French and English, as the letters word it (specs/credentials.md §10.1).
std::string LettersCsvHeader();
// The columns from election_id on, with their leading comma; computed once per roll.
std::string LettersCsvCommon(const LetterContext& context);
std::string LettersCsvRow(const Voter& voter, const std::string& display_code,
                          const std::string& letter_file, size_t letter_number,
                          const std::string& common);

// Overwrites a string that held a code, then empties it.
void WipeText(std::string& s);

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_LETTERS_H_

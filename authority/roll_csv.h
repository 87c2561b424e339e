// The electoral roll as the town's staff export it: a CSV file (RFC 4180) whose header names
// the columns, then one voter per record. The columns are found by name — the common French
// and English names (id, identifiant, numéro, name, nom, nom_prenom, address, adresse,
// postal_address, notes, remarques, …) or an explicit mapping (--columns); other columns are
// ignored. The separator is the comma, or the semicolon or tab when the header uses it (as
// French spreadsheets export). Quoted fields may hold separators, doubled quotes and line
// breaks; CRLF or LF line ends; a UTF-8 byte-order mark is ignored; Windows-1252 text is
// converted when asked (many town exports are Windows-1252). The file holds personal data but no
// secret; it is never sent to the board (specs/credentials.md §6). Pure; thread-safe.
#ifndef URNE_AUTHORITY_ROLL_CSV_H_
#define URNE_AUTHORITY_ROLL_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace urne::authority {

struct Voter {
  std::string id;              // the town's own voter identifier, unique, non-empty
  std::string name;            // non-empty
  std::string postal_address;  // non-empty; may span several lines
  std::string notes;           // optional
  int line = 0;                // line number of the record's first line (1 = the header)
};

struct RollCsvOptions {
  // "utf-8" (default) or "windows-1252" (converted to UTF-8 first).
  std::string encoding = "utf-8";
  // Explicit column names: "id=Numéro,name=Nom,postal_address=Adresse[,notes=…]" (the
  // --columns flag); empty: found by name.
  std::string columns;
};

// Parses the whole file. Every problem is found, and nothing is returned (reason "roll.csv",
// INVALID_ARGUMENT); the message lists the first 20, each "row R (line L): what" — R counts
// records as a spreadsheet numbers rows (the header is row 1), L is the line of the file
// where the record starts — then the total. Problems: a binary or non-UTF-8 file (named as
// such), a header without the needed columns (one problem listing what was found and what is
// expected), an unterminated quote, a stray quote, a wrong number of fields, an empty
// id/name/address, an id used twice (naming both rows), no voter at all.
absl::StatusOr<std::vector<Voter>> ParseRollCsv(const std::string& raw,
                                                const RollCsvOptions& options = {});

// Windows-1252 bytes → UTF-8 (the five undefined bytes become U+FFFD).
std::string Windows1252ToUtf8(const std::string& text);

// The records of a comma-separated RFC 4180 text, blank lines skipped (a UTF-8 byte-order mark
// ignored). An unterminated quote or a stray quote is INVALID_ARGUMENT `reason`, naming the
// line.
absl::StatusOr<std::vector<std::vector<std::string>>> SplitCsv(const std::string& text,
                                                               const char* reason);

// One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string CsvField(const std::string& value);

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_ROLL_CSV_H_

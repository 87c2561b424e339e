// The electoral roll as the town's staff export it: a CSV file (RFC 4180) with a header line
// "id,name,postal_address" or "id,name,postal_address,notes", then one voter per record.
// Quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF line ends; a
// UTF-8 byte-order mark is ignored. The file holds personal data but no secret; it is never
// sent to the board (specs/credentials.md §6). Pure; thread-safe.
#ifndef URNE_AUTHORITY_ROLL_CSV_H_
#define URNE_AUTHORITY_ROLL_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace urne {

struct Voter {
  std::string id;              // the town's own voter identifier, unique, non-empty
  std::string name;            // non-empty
  std::string postal_address;  // non-empty; may span several lines
  std::string notes;           // optional
  int line = 0;                // line number of the record's first line (1 = the header)
};

// Parses the whole file. Every problem is reported at once, one per line of the message,
// each starting "line N: ", and nothing is returned (reason "roll.csv", INVALID_ARGUMENT):
// a missing or wrong header, an unterminated quote, a stray quote inside an unquoted field,
// a wrong number of fields, an empty id/name/address, an id used twice (naming both lines),
// no voter at all.
absl::StatusOr<std::vector<Voter>> ParseRollCsv(const std::string& text);

// One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string CsvField(const std::string& value);

}  // namespace urne

#endif  // URNE_AUTHORITY_ROLL_CSV_H_

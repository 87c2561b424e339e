#include "authority/roll_csv.h"

#include <map>

#include "crypto/status.h"

namespace urne {
namespace {

struct Record {
  std::vector<std::string> fields;
  int line = 0;
  bool blank = false;  // an empty line (no fields at all)
};

// Splits RFC 4180 records. Appends a problem per malformed record and skips it.
std::vector<Record> SplitRecords(const std::string& text, std::vector<std::string>& problems) {
  std::vector<Record> records;
  size_t i = 0;
  int line = 1;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
  while (i < text.size()) {
    Record record;
    record.line = line;
    std::string field;
    bool bad = false;
    bool any = false;
    bool end = false;
    while (!end) {
      if (i < text.size() && text[i] == '"') {
        ++i;
        any = true;
        bool closed = false;
        while (i < text.size()) {
          char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field.push_back('"');
              ++i;
            } else {
              closed = true;
              break;
            }
          } else {
            if (c == '\n') ++line;
            field.push_back(c);
          }
        }
        if (!closed) {
          problems.push_back(
              Cat("line ", record.line, ": a quoted field is never closed (add the missing '\"')"));
          return records;
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          bad = true;
          while (i < text.size() && text[i] != ',' && text[i] != '\n') ++i;
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') bad = true;
          field.push_back(text[i++]);
          any = true;
        }
      }
      if (i < text.size() && text[i] == '\r') ++i;
      if (i >= text.size() || text[i] == '\n') {
        end = true;
        if (i < text.size()) ++i;
        ++line;
      } else {  // ','
        ++i;
        any = true;
      }
      record.fields.push_back(std::move(field));
      field.clear();
    }
    if (bad) {
      problems.push_back(Cat("line ", record.line,
                             ": a '\"' inside a field; quote the whole field and double the "
                             "quotes inside (\"like \"\"this\"\"\")"));
      continue;
    }
    record.blank = !any && record.fields.size() == 1 && record.fields[0].empty();
    records.push_back(std::move(record));
  }
  return records;
}

std::string Trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

}  // namespace

absl::StatusOr<std::vector<Voter>> ParseRollCsv(const std::string& text) {
  std::vector<std::string> problems;
  std::vector<Record> records = SplitRecords(text, problems);
  std::vector<Voter> voters;
  size_t r = 0;
  while (r < records.size() && records[r].blank) ++r;
  size_t columns = 0;
  if (r == records.size()) {
    if (problems.empty()) {
      problems.push_back(
          "line 1: the file is empty; the first line must be the header "
          "\"id,name,postal_address[,notes]\"");
    }
  } else {
    const Record& header = records[r++];
    std::vector<std::string> names;
    for (const auto& f : header.fields) names.push_back(Trimmed(f));
    bool three = names == std::vector<std::string>{"id", "name", "postal_address"};
    bool four = names == std::vector<std::string>{"id", "name", "postal_address", "notes"};
    if (!three && !four) {
      problems.insert(problems.begin(), Cat("line ", header.line,
                                            ": the header must be \"id,name,postal_address\" or "
                                            "\"id,name,postal_address,notes\""));
    }
    columns = four ? 4 : 3;
  }
  std::map<std::string, int> seen;
  for (; columns != 0 && r < records.size(); ++r) {
    const Record& rec = records[r];
    if (rec.blank) continue;
    if (rec.fields.size() != columns && !(columns == 4 && rec.fields.size() == 3)) {
      problems.push_back(Cat("line ", rec.line, ": ", rec.fields.size(), " fields, expected ",
                             columns, " (quote fields that contain commas)"));
      continue;
    }
    Voter v;
    v.id = Trimmed(rec.fields[0]);
    v.name = Trimmed(rec.fields[1]);
    v.postal_address = Trimmed(rec.fields[2]);
    if (rec.fields.size() == 4) v.notes = Trimmed(rec.fields[3]);
    v.line = rec.line;
    if (v.id.empty()) problems.push_back(Cat("line ", rec.line, ": the id is empty"));
    if (v.name.empty()) problems.push_back(Cat("line ", rec.line, ": the name is empty"));
    if (v.postal_address.empty()) {
      problems.push_back(Cat("line ", rec.line, ": the postal address is empty"));
    }
    if (v.id.empty() || v.name.empty() || v.postal_address.empty()) continue;
    auto [it, inserted] = seen.emplace(v.id, rec.line);
    if (!inserted) {
      problems.push_back(
          Cat("line ", rec.line, ": the id \"", v.id, "\" is already used on line ", it->second));
      continue;
    }
    voters.push_back(std::move(v));
  }
  if (problems.empty() && voters.empty()) {
    problems.push_back("line 2: no voter after the header");
  }
  if (!problems.empty()) {
    std::string message = Cat(problems.size(), " problem(s) in the roll; nothing was done:");
    for (const auto& p : problems) message += "\n  " + p;
    return Invalid("roll.csv", message);
  }
  return voters;
}

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace urne

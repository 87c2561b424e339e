#include "authority/roll_csv.h"

#include <algorithm>
#include <map>

#include "authority/messages.h"
#include "crypto/bytes.h"
#include "status/status.h"

namespace urne::authority {
namespace {

constexpr size_t kShownProblems = 20;

struct Record {
  std::vector<std::string> fields;
  int line = 0;
  bool blank = false;  // an empty line (no fields at all)
};

struct Problem {
  int row = 0;  // 0: the file as a whole
  int line = 0;
  Text what;  // authority/messages.def
};

// Splits RFC 4180 records separated by `sep`. Appends a problem per malformed record and
// skips it; `rows` numbers the records (blank lines included, as a spreadsheet shows them).
std::vector<Record> SplitRecords(const std::string& text, char sep,
                                 std::vector<Problem>& problems) {
  std::vector<Record> records;
  size_t i = 0;
  int line = 1;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
  while (i < text.size()) {
    Record record;
    record.line = line;
    const int row = static_cast<int>(records.size()) + 1;
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
          problems.push_back({row, record.line, Say(AdminMsg::kRollUnclosedQuote)});
          return records;
        }
        if (i < text.size() && text[i] != sep && text[i] != '\n' && text[i] != '\r') {
          bad = true;
          while (i < text.size() && text[i] != sep && text[i] != '\n') ++i;
        }
      } else {
        while (i < text.size() && text[i] != sep && text[i] != '\n' && text[i] != '\r') {
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
      } else {  // the separator
        ++i;
        any = true;
      }
      record.fields.push_back(std::move(field));
      field.clear();
    }
    if (bad) {
      problems.push_back({row, record.line, Say(AdminMsg::kRollStrayQuote)});
      records.push_back(Record{{}, record.line, true});  // keeps the row numbers
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

// A header name reduced for matching: lower case, French accents removed, no spaces, '_',
// '-', '.', '\'' or '°'.
std::string Normalized(const std::string& name) {
  static const std::pair<const char*, char> kAccents[] = {
      {"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"à", 'a'}, {"â", 'a'},
      {"î", 'i'}, {"ï", 'i'}, {"ô", 'o'}, {"ù", 'u'}, {"û", 'u'}, {"ü", 'u'},
      {"ç", 'c'}, {"É", 'e'}, {"È", 'e'}, {"°", 'o'}, {"º", 'o'}};
  std::string out;
  for (size_t i = 0; i < name.size();) {
    bool replaced = false;
    for (const auto& [from, to] : kAccents) {
      const size_t n = std::char_traits<char>::length(from);
      if (name.compare(i, n, from) == 0) {
        out.push_back(to);
        i += n;
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    char c = name[i++];
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\'') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

enum Column { kId, kName, kAddress, kNotes, kColumns };
constexpr const char* kRoleNames[] = {"id", "name", "postal_address", "notes"};

int RoleOf(const std::string& header) {
  static const std::map<std::string, int> kNames = {
      {"id", kId},
      {"identifiant", kId},
      {"identifier", kId},
      {"numero", kId},
      {"num", kId},
      {"no", kId},
      {"numeroelecteur", kId},
      {"numerodelecteur", kId},
      {"numeroinscription", kId},
      {"voterid", kId},
      {"name", kName},
      {"nom", kName},
      {"nomprenom", kName},
      {"nometprenom", kName},
      {"prenomnom", kName},
      {"nomcomplet", kName},
      {"fullname", kName},
      {"postaladdress", kAddress},
      {"address", kAddress},
      {"adresse", kAddress},
      {"adressepostale", kAddress},
      {"adressecomplete", kAddress},
      {"notes", kNotes},
      {"note", kNotes},
      {"remarques", kNotes},
      {"remarque", kNotes},
      {"commentaire", kNotes},
      {"commentaires", kNotes},
      {"comments", kNotes},
  };
  auto it = kNames.find(Normalized(header));
  return it == kNames.end() ? -1 : it->second;
}

// The separator: the first of ',', ';', TAB that the header line (outside quotes) uses, the
// comma when it uses none.
char Separator(const std::string& text) {
  bool quoted = false;
  int counts[3] = {0, 0, 0};
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    if (c == ',') ++counts[0];
    if (c == ';') ++counts[1];
    if (c == '\t') ++counts[2];
  }
  if (counts[1] > counts[0] && counts[1] >= counts[2]) return ';';
  if (counts[2] > counts[0] && counts[2] > counts[1]) return '\t';
  return ',';
}

// Checks the bytes: a binary file (a spreadsheet saved as .xlsx or .ods, a PDF) or text that
// is not UTF-8 gets one problem naming it.
bool CheckEncoding(const std::string& text, std::vector<Problem>& problems) {
  if (text.compare(0, 4, "PK\x03\x04") == 0) {
    problems.push_back({0, 1, Say(AdminMsg::kRollSpreadsheet)});
    return false;
  }
  int line = 1;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) {
      problems.push_back({0, line, Say(AdminMsg::kRollBinary)});
      return false;
    }
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n != 0 && i + n <= text.size() && !(n == 2 && c < 0xC2);
    for (size_t k = 1; ok && k < n; ++k) {
      ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (!ok) {
      problems.push_back(
          {0, line, Say(AdminMsg::kRollNotUtf8, {ToHex(AsBytes(text.substr(i, 1)))})});
      return false;
    }
    if (c == '\n') ++line;
    i += n;
  }
  return true;
}

// Which field holds each role: from --columns, else from the header's names.
bool MapColumns(const std::vector<std::string>& header, const RollCsvOptions& options,
                int (&at)[kColumns], std::vector<Problem>& problems, int line) {
  for (int& a : at) a = -1;
  std::string found;
  for (size_t i = 0; i < header.size(); ++i) {
    found += Cat(i ? ", " : "", "\"", header[i], "\"");
  }
  if (!options.columns.empty()) {
    size_t start = 0;
    while (start <= options.columns.size()) {
      size_t comma = options.columns.find(',', start);
      std::string pair = options.columns.substr(
          start, comma == std::string::npos ? std::string::npos : comma - start);
      start = comma == std::string::npos ? options.columns.size() + 1 : comma + 1;
      size_t eq = pair.find('=');
      int role = -1;
      for (int r = 0; r < kColumns; ++r) {
        if (eq != std::string::npos && Trimmed(pair.substr(0, eq)) == kRoleNames[r]) role = r;
      }
      if (role < 0) {
        problems.push_back({0, 0, Say(AdminMsg::kRollColumnsFlag, {pair})});
        return false;
      }
      const std::string wanted = Trimmed(pair.substr(eq + 1));
      for (size_t i = 0; i < header.size(); ++i) {
        if (header[i] == wanted) at[role] = static_cast<int>(i);
      }
      if (at[role] < 0) {
        problems.push_back({1, line, Say(AdminMsg::kRollColumnsMissing, {wanted, found})});
        return false;
      }
    }
  } else {
    for (size_t i = 0; i < header.size(); ++i) {
      int role = RoleOf(header[i]);
      if (role >= 0 && at[role] < 0) at[role] = static_cast<int>(i);
    }
  }
  if (at[kId] >= 0 && at[kName] >= 0 && at[kAddress] >= 0) return true;
  std::string missing;
  for (int r = kId; r <= kAddress; ++r) {
    if (at[r] < 0) missing += Cat(missing.empty() ? "" : ", ", kRoleNames[r]);
  }
  problems.push_back({1, line, Say(AdminMsg::kRollHeader, {missing, found})});
  return false;
}

Text Place(const Problem& p) {
  if (p.row == 0 && p.line == 0) return Text{};
  if (p.row == 0) return Say(AdminMsg::kRollLinePlace, {std::to_string(p.line)});
  return Say(AdminMsg::kRollRowPlace, {std::to_string(p.row), std::to_string(p.line)});
}

}  // namespace

std::string Windows1252ToUtf8(const std::string& text) {
  // U+20AC … U+0178 for 0x80–0x9F (0 where Windows-1252 defines nothing).
  static const uint16_t kHigh[32] = {
      0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    uint32_t cp = c < 0x80 ? c : c < 0xA0 ? kHigh[c - 0x80] : c;
    if (cp == 0 && c != 0) cp = 0xFFFD;
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

absl::StatusOr<std::vector<Voter>> ParseRollCsv(const std::string& raw,
                                                const RollCsvOptions& options) {
  std::vector<Problem> problems;
  if (options.encoding != "utf-8" && options.encoding != "windows-1252") {
    return Refuse(AdminMsg::kRollEncoding, {options.encoding.substr(0, 30)});
  }
  const std::string text = options.encoding == "windows-1252" ? Windows1252ToUtf8(raw) : raw;
  std::vector<Voter> voters;
  if (CheckEncoding(text, problems)) {
    const char sep = Separator(text);
    std::vector<Record> records = SplitRecords(text, sep, problems);
    size_t r = 0;
    while (r < records.size() && records[r].blank) ++r;
    int at[kColumns];
    bool mapped = false;
    if (r == records.size()) {
      if (problems.empty()) {
        problems.push_back({0, 1, Say(AdminMsg::kRollEmpty)});
      }
    } else {
      const Record& header = records[r++];
      std::vector<std::string> names;
      for (const auto& f : header.fields) names.push_back(Trimmed(f));
      mapped = MapColumns(names, options, at, problems, header.line);
    }
    const size_t columns = mapped ? records[r - 1].fields.size() : 0;
    std::map<std::string, int> seen;  // id → row
    for (; mapped && r < records.size(); ++r) {
      const Record& rec = records[r];
      const int row = static_cast<int>(r) + 1;
      if (rec.blank) continue;
      // Trailing columns after the needed ones may be left out (a spreadsheet drops empty
      // trailing cells).
      const size_t needed = static_cast<size_t>(std::max({at[kId], at[kName], at[kAddress]})) + 1;
      if (rec.fields.size() > columns || rec.fields.size() < needed) {
        problems.push_back({row, rec.line,
                            Say(AdminMsg::kRollFieldCount,
                                {std::to_string(rec.fields.size()), std::to_string(columns),
                                 std::string(1, sep == '\t' ? ' ' : sep)})});
        continue;
      }
      Voter v;
      v.id = Trimmed(rec.fields[at[kId]]);
      v.name = Trimmed(rec.fields[at[kName]]);
      v.postal_address = Trimmed(rec.fields[at[kAddress]]);
      if (at[kNotes] >= 0 && static_cast<size_t>(at[kNotes]) < rec.fields.size()) {
        v.notes = Trimmed(rec.fields[at[kNotes]]);
      }
      v.line = rec.line;
      if (v.id.empty()) problems.push_back({row, rec.line, Say(AdminMsg::kRollIdEmpty)});
      if (v.name.empty()) problems.push_back({row, rec.line, Say(AdminMsg::kRollNameEmpty)});
      if (v.postal_address.empty()) {
        problems.push_back({row, rec.line, Say(AdminMsg::kRollAddressEmpty)});
      }
      if (v.id.empty() || v.name.empty() || v.postal_address.empty()) continue;
      auto [it, inserted] = seen.emplace(v.id, row);
      if (!inserted) {
        problems.push_back(
            {row, rec.line, Say(AdminMsg::kRollDuplicateId, {v.id, std::to_string(it->second)})});
        continue;
      }
      voters.push_back(std::move(v));
    }
    if (problems.empty() && voters.empty()) {
      problems.push_back({2, 2, Say(AdminMsg::kRollNoVoter)});
    }
  }
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
      return a.row != b.row ? a.row < b.row : a.line < b.line;
    });
    Text message = Say(AdminMsg::kRollProblems, {std::to_string(problems.size())});
    const Text indent{"\n  ", "\n  "};
    for (size_t i = 0; i < problems.size() && i < kShownProblems; ++i) {
      message = message + indent + Place(problems[i]) + problems[i].what;
    }
    if (problems.size() > kShownProblems) {
      message = message + indent +
                Say(AdminMsg::kRollMore, {std::to_string(problems.size() - kShownProblems),
                                          std::to_string(problems.size())});
    }
    return RefuseWith(AdminMsg::kRollProblems, message);
  }
  return voters;
}

absl::StatusOr<std::vector<std::vector<std::string>>> SplitCsv(const std::string& text,
                                                               const char* reason) {
  std::vector<Problem> problems;
  std::vector<Record> records = SplitRecords(text, ',', problems);
  if (!problems.empty())
    return Invalid(reason, Say(AdminMsg::kRollLinePlace, {std::to_string(problems[0].line)}) +
                               problems[0].what);
  std::vector<std::vector<std::string>> out;
  for (auto& r : records) {
    if (!r.blank) out.push_back(std::move(r.fields));
  }
  return out;
}

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",;\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace urne::authority

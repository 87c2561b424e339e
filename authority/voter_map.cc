#include "authority/voter_map.h"

#include <algorithm>
#include <map>
#include <set>

#include "authority/roll_csv.h"
#include "crypto/bytes.h"
#include "status/status.h"

namespace urne::authority {
namespace {

constexpr char kMagic[] = "urne-voter-map/1";
constexpr char kHeader[] = "id,credential,revoked_by";
constexpr char kReason[] = "voter_map.file";

bool LowerHex(const std::string& s, size_t length) {
  if (s.size() != length) return false;
  return std::ranges::all_of(
      s, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

absl::Status Problem(size_t line, const std::string& what) {
  return Invalid(kReason, Cat("line ", line, ": ", what));
}

}  // namespace

const VoterMapRow* VoterMap::Current(const std::string& id) const {
  for (const auto& row : rows) {
    if (row.id == id && !row.revoked_by) return &row;
  }
  return nullptr;
}

std::vector<const VoterMapRow*> VoterMap::CurrentRows() const {
  std::vector<const VoterMapRow*> out;
  std::set<std::string> seen;
  for (const auto& row : rows) {
    if (seen.insert(row.id).second) out.push_back(Current(row.id));
  }
  return out;
}

std::string VoterMapToText(const VoterMap& map) {
  std::string out = Cat(kMagic, ",", ToHex(map.election), "\n", kHeader, "\n");
  for (const auto& row : map.rows) {
    out += Cat(CsvField(row.id), ",", ToHex(row.credential.bytes), ",",
               row.revoked_by ? std::to_string(*row.revoked_by) : "", "\n");
  }
  return out;
}

absl::StatusOr<VoterMap> ParseVoterMap(const std::string& text) {
  URNE_ASSIGN_OR_RETURN(auto records, SplitCsv(text, kReason));
  if (records.empty() || records[0].size() != 2 || records[0][0] != kMagic ||
      !LowerHex(records[0][1], 64)) {
    return Problem(1,
                   Cat("a voter map starts with \"", kMagic,
                       ",<election id in hex>\"; this is not a voter map written by urne-admin"));
  }
  VoterMap map;
  Bytes election = *FromHex(records[0][1]);
  std::copy(election.begin(), election.end(), map.election.begin());
  if (records.size() < 2 || records[1].size() != 3 || records[1][0] != "id" ||
      records[1][1] != "credential" || records[1][2] != "revoked_by") {
    return Problem(2, Cat("the header must be \"", kHeader, "\""));
  }
  std::map<std::string, size_t> credential_line;
  std::map<std::string, int> current;
  for (size_t r = 2; r < records.size(); ++r) {
    const size_t line = r + 1;  // records are single-line unless an id holds a line break
    const auto& f = records[r];
    if (f.size() != 3) return Problem(line, Cat(f.size(), " fields, expected 3"));
    VoterMapRow row;
    row.id = f[0];
    if (row.id.empty()) return Problem(line, "the id is empty");
    if (!LowerHex(f[1], 64)) {
      return Problem(line, "the credential is not 64 lower-case hex digits");
    }
    auto key = ParsePublicKey(*FromHex(f[1]));
    if (!key.ok())
      return Problem(line, Cat("the credential is not a valid key (", ReasonOf(key.status()), ")"));
    row.credential = *key;
    if (auto [it, fresh] = credential_line.emplace(f[1], line); !fresh) {
      return Problem(line, Cat("the same credential as line ", it->second));
    }
    if (!f[2].empty()) {
      uint64_t index = 0;
      for (char c : f[2]) {
        if (c < '0' || c > '9' || index > (UINT64_MAX - 9) / 10) {
          return Problem(line, "revoked_by is not an entry index (decimal digits)");
        }
        index = index * 10 + static_cast<uint64_t>(c - '0');
      }
      row.revoked_by = index;
    } else {
      current[row.id] += 1;
    }
    current.emplace(row.id, 0);
    map.rows.push_back(std::move(row));
  }
  if (map.rows.empty()) return Problem(records.size() + 1, "the map lists no voter");
  for (const auto& [id, n] : current) {
    if (n != 1) {
      return Invalid(kReason, Cat("voter \"", id, "\" has ", n,
                                  " current credentials; exactly one is expected"));
    }
  }
  return map;
}

}  // namespace urne::authority

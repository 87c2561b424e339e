// Reader of the known-answer vector files of tests/vectors/ (format in its README.md: a JSON
// array with one flat record per line, every value from [0-9a-z_./=;:-]), for the gtest
// binaries that check them. Failures are reported with gtest's ADD_FAILURE. Header-only;
// needs URNE_VECTORS_DIR defined to the folder.
#ifndef URNE_TESTS_VECTORS_VECTOR_READER_H_
#define URNE_TESTS_VECTORS_VECTOR_READER_H_

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "status/status.h"

namespace urne::vectors {

using Record = std::map<std::string, std::string>;

// Parses `"key": "value"` pairs of one flat record line, strictly: no escapes, no spaces but
// the single ones after ':' and ','; values from [0-9a-z_./=;:-].
inline std::optional<Record> ParseRecord(std::string_view line) {
  if (line.size() < 2 || line.front() != '{' || line.back() != '}') return std::nullopt;
  std::string_view body = line.substr(1, line.size() - 2);
  Record record;
  auto take_string = [&body]() -> std::optional<std::string> {
    if (body.empty() || body.front() != '"') return std::nullopt;
    size_t end = body.find('"', 1);
    if (end == std::string_view::npos) return std::nullopt;
    std::string s(body.substr(1, end - 1));
    for (char c : s) {
      bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '_' || c == '.' ||
                c == '/' || c == '=' || c == ';' || c == ':' || c == '-';
      if (!ok) return std::nullopt;
    }
    body.remove_prefix(end + 1);
    return s;
  };
  auto take = [&body](std::string_view token) {
    if (body.substr(0, token.size()) != token) return false;
    body.remove_prefix(token.size());
    return true;
  };
  while (true) {
    auto key = take_string();
    if (!key || !take(": ")) return std::nullopt;
    auto value = take_string();
    if (!value || !record.emplace(*key, *value).second) return std::nullopt;
    if (body.empty()) return record;
    if (!take(", ")) return std::nullopt;
  }
}

// Reads a whole vector file: "[", records separated by ",\n", "]".
inline std::vector<Record> ReadVectors(const std::string& file) {
  std::ifstream in(Cat(URNE_VECTORS_DIR, "/", file));
  EXPECT_TRUE(in.good()) << "cannot open " << file << "; regenerate with urne-gen-vectors";
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<Record> records;
  if (lines.size() < 3 || lines.front() != "[" || lines.back() != "]") {
    ADD_FAILURE() << file << ": not a JSON array of one record per line";
    return records;
  }
  for (size_t i = 1; i + 1 < lines.size(); ++i) {
    std::string_view line = lines[i];
    bool last = i + 2 == lines.size();
    if (!last) {
      if (line.empty() || line.back() != ',') {
        ADD_FAILURE() << file << ":" << i + 1 << ": missing ','";
        return {};
      }
      line.remove_suffix(1);
    }
    auto record = ParseRecord(line);
    if (!record) {
      ADD_FAILURE() << file << ":" << i + 1 << ": malformed record";
      return {};
    }
    records.push_back(*record);
  }
  const Record& meta = records.front();
  EXPECT_EQ(meta.contains("kind") ? meta.at("kind") : "", "meta");
  EXPECT_EQ(meta.contains("format") ? meta.at("format") : "", "1");
  EXPECT_EQ(meta.contains("file") ? meta.at("file") : "", file);
  return records;
}

// Field access that fails the test (and returns "") when the field is missing.
inline std::string Get(const Record& r, const std::string& key) {
  auto it = r.find(key);
  if (it == r.end()) {
    ADD_FAILURE() << "record without \"" << key << "\"";
    return "";
  }
  return it->second;
}

}  // namespace urne::vectors

#endif  // URNE_TESTS_VECTORS_VECTOR_READER_H_

// A JSON reader that keeps where each value is written (line and column), for messages that
// point staff at the place to fix. Accepts // and /* */ comments (the manifest starting files
// are commented); otherwise strict JSON (RFC 8259): no trailing commas, no single quotes.
// Pure; thread-safe.
#ifndef URNE_AUTHORITY_JSON_TREE_H_
#define URNE_AUTHORITY_JSON_TREE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace urne::authority {

// A place in the text: 1-based line, 1-based column counted in characters (not bytes).
struct TextPosition {
  int line = 1;
  int column = 1;
};

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  TextPosition at;
  bool boolean = false;
  std::string text;  // a string's value (unescaped, UTF-8) or a number's literal
  std::vector<JsonValue> items;
  struct Member;
  std::vector<Member> members;  // in the order written
};

struct JsonValue::Member {
  std::string name;
  TextPosition at;  // of the name
  JsonValue value;
};

// Parses `text`. A syntax error is INVALID_ARGUMENT "json.syntax" with the message
// "line L, column C: what is wrong" (English; `lang` "fr" gives French).
absl::StatusOr<JsonValue> ParseJsonTree(const std::string& text, const std::string& lang = "en");

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_JSON_TREE_H_

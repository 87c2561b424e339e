#include "cli/json.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace urne::cli {

std::string ToJson(const google::protobuf::Message& message, JsonLayout layout) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = layout == JsonLayout::kIndented;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

namespace {

namespace pb = google::protobuf;

// Whether protobuf's JSON printer writes code point `cp` (≥ U+00A0) as an escape: format and
// invisible characters that JavaScript or a reader could misread (util/internal/
// json_escaping.cc, protobuf 3.21, EscapeCodePoint's list).
bool EscapedAboveLatin1(uint32_t cp) {
  switch (cp) {
    case 0x00ad:
    case 0x06dd:
    case 0x070f:
    case 0x17b4:
    case 0x17b5:
    case 0xfeff:
    case 0xe0001:
      return true;
    default:
      return (cp >= 0x0600 && cp <= 0x0603) || (cp >= 0x200b && cp <= 0x200f) ||
             (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
             (cp >= 0x206a && cp <= 0x206f) || (cp >= 0xfff9 && cp <= 0xfffb) ||
             (cp >= 0x1d173 && cp <= 0x1d17a) || (cp >= 0xe0020 && cp <= 0xe007f);
  }
}

void AppendU(std::string& out, uint32_t unit) {
  static const char* hex = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += hex[(unit >> shift) & 15];
}

// protobuf's JSON string escaping (util/internal/json_escaping.cc), on valid UTF-8: the quote
// and the backslash by a backslash; \b \f \n \r \t; other C0 controls, <, >, DEL and the C1
// controls as \u00XX; EscapedAboveLatin1's code points as \uXXXX (a surrogate pair above U+FFFF);
// the rest as is. A byte that does not start a valid sequence is copied as is.
void AppendEscaped(std::string& out, std::string_view s) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    if (len == 0 || i + len > s.size()) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    uint32_t cp = len == 1 ? c : c & (0x3f >> (len - 1));
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    switch (cp) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (cp < 0x20 || cp == '<' || cp == '>' || (cp >= 0x7f && cp < 0xa0)) {
          AppendU(out, cp);
        } else if (EscapedAboveLatin1(cp)) {
          if (cp < 0x10000) {
            AppendU(out, cp);
          } else {
            AppendU(out, 0xd800 + ((cp - 0x10000) >> 10));
            AppendU(out, 0xdc00 + ((cp - 0x10000) & 0x3ff));
          }
        } else {
          out.append(s.substr(i, len));
        }
    }
    i += len;
  }
  out += '"';
}

// protobuf's SimpleDtoa: %.15g, or %.17g when that does not read back as the same double.
void AppendNumber(std::string& out, double v) {
  std::array<char, 40> buf{};
  (void)std::snprintf(buf.data(), buf.size(), "%.15g", v);
  if (std::strtod(buf.data(), nullptr) != v) {
    (void)std::snprintf(buf.data(), buf.size(), "%.17g", v);
  }
  out += buf.data();
}

void AppendValue(std::string& out, const pb::Value& v, JsonLayout layout, int depth);

void NewLine(std::string& out, JsonLayout layout, int depth) {
  if (layout == JsonLayout::kIndented) {
    out += '\n';
    out.append(static_cast<size_t>(depth), ' ');
  }
}

void AppendStruct(std::string& out, const pb::Struct& s, JsonLayout layout, int depth) {
  if (s.fields().empty()) {
    out += "{}";
    return;
  }
  std::vector<const std::string*> names;
  names.reserve(s.fields().size());
  for (const auto& [name, value] : s.fields()) names.push_back(&name);
  std::sort(names.begin(), names.end(),
            [](const std::string* a, const std::string* b) { return *a < *b; });
  out += '{';
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ',';
    NewLine(out, layout, depth + 1);
    AppendEscaped(out, *names[i]);
    out += layout == JsonLayout::kIndented ? ": " : ":";
    AppendValue(out, s.fields().at(*names[i]), layout, depth + 1);
  }
  NewLine(out, layout, depth);
  out += '}';
}

void AppendValue(std::string& out, const pb::Value& v, JsonLayout layout, int depth) {
  switch (v.kind_case()) {
    case pb::Value::kStringValue:
      AppendEscaped(out, v.string_value());
      return;
    case pb::Value::kNumberValue:
      AppendNumber(out, v.number_value());
      return;
    case pb::Value::kBoolValue:
      out += v.bool_value() ? "true" : "false";
      return;
    case pb::Value::kStructValue:
      AppendStruct(out, v.struct_value(), layout, depth);
      return;
    case pb::Value::kListValue: {
      const auto& values = v.list_value().values();
      if (values.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      for (int i = 0; i < values.size(); ++i) {
        if (i > 0) out += ',';
        NewLine(out, layout, depth + 1);
        AppendValue(out, values.Get(i), layout, depth + 1);
      }
      NewLine(out, layout, depth);
      out += ']';
      return;
    }
    case pb::Value::kNullValue:
    case pb::Value::KIND_NOT_SET:
      out += "null";
      return;
  }
}

}  // namespace

std::string ToJson(const pb::Struct& document, JsonLayout layout) {
  std::string out;
  AppendStruct(out, document, layout, 0);
  if (layout == JsonLayout::kIndented) out += '\n';
  return out;
}

std::string JsonQuote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      static const char* hex = "0123456789abcdef";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace urne::cli

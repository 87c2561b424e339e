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

// protobuf's JSON string escaping (util/internal/json_escaping.cc), on valid UTF-8.
void AppendEscaped(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '<':
        out += "\\u003c";
        continue;
      case '>':
        out += "\\u003e";
        continue;
      default:
        break;
    }
    // U+2028 and U+2029 (E2 80 A8, E2 80 A9): line separators to JavaScript.
    if (c == 0xe2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xa8 ||
         static_cast<unsigned char>(s[i + 2]) == 0xa9)) {
      out += static_cast<unsigned char>(s[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";
      i += 2;
      continue;
    }
    if (c < 0x20 || c == 0x7f) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
      continue;
    }
    out += static_cast<char>(c);
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

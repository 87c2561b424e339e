// The JSON printer: string quoting and protobuf messages in both layouts.
#include "cli/json.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

namespace urne::cli {
namespace {

TEST(JsonQuote, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(JsonQuote(""), "\"\"");
  EXPECT_EQ(JsonQuote("plain"), "\"plain\"");
  EXPECT_EQ(JsonQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JsonQuote(std::string("\n\t\x01\x1f", 4)), "\"\\u000a\\u0009\\u0001\\u001f\"");
  EXPECT_EQ(JsonQuote(std::string_view("\0", 1)), "\"\\u0000\"");
  EXPECT_EQ(JsonQuote("é — ok"), "\"é — ok\"");  // UTF-8 unchanged
}

TEST(ToJson, CompactAndIndented) {
  google::protobuf::Struct s;
  (*s.mutable_fields())["phase"].set_string_value("VOTING");
  EXPECT_EQ(ToJson(s), "{\"phase\":\"VOTING\"}");
  std::string indented = ToJson(s, JsonLayout::kIndented);
  EXPECT_NE(indented, ToJson(s));
  EXPECT_NE(indented.find("\"phase\": \"VOTING\""), std::string::npos) << indented;
}

namespace pb = google::protobuf;

// protobuf's own printer, as ToJson(Message) uses it.
std::string Protobufs(const pb::Message& m, JsonLayout layout) {
  std::string out;
  pb::util::JsonPrintOptions options;
  options.add_whitespace = layout == JsonLayout::kIndented;
  options.preserve_proto_field_names = true;
  EXPECT_TRUE(pb::util::MessageToJsonString(m, &out, options).ok());
  return out;
}

std::string Utf8(uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
  return out;
}

// With one member per object, protobuf's order is fixed: the bytes must be the same.
TEST(ToJsonStruct, TheBytesOfProtobufsPrinterForEveryKindOfValue) {
  std::vector<pb::Value> values;
  for (const char* text : {"", "plain", "a<b>&'\"\\/", "\b\f\n\r\t\x01\x1f\x7f", "é — ok",
                           "line\u2028sep\u2029para"}) {
    values.emplace_back().set_string_value(text);
  }
  // Every code point protobuf escapes beyond ASCII (C1 controls, soft hyphen, Arabic and
  // Syriac marks, zero-width and bidirectional controls, BOM, annotation characters, musical
  // formatting, language tags) and its neighbours that it does not, alone and all in one text.
  std::string all;
  for (uint32_t cp :
       {0x0bu,    0x0eu,    0x7fu,    0x80u,    0x85u,    0x9fu,    0xa0u,    0xadu,
        0xaeu,    0x5ffu,   0x600u,   0x603u,   0x604u,   0x6ddu,   0x70fu,   0x17b3u,
        0x17b4u,  0x17b5u,  0x200au,  0x200bu,  0x200fu,  0x2010u,  0x2027u,  0x202au,
        0x202eu,  0x202fu,  0x205fu,  0x2060u,  0x2064u,  0x2065u,  0x206au,  0x206fu,
        0xfeffu,  0xfff8u,  0xfff9u,  0xfffbu,  0xfffcu,  0x1d172u, 0x1d173u, 0x1d17au,
        0x1d17bu, 0xe0001u, 0xe0020u, 0xe007fu, 0xe0080u, 0x1f600u}) {
    values.emplace_back().set_string_value(Utf8(cp));
    all += Utf8(cp) + "x";
  }
  values.emplace_back().set_string_value(all);
  for (double n : {0.0, -3.0, 0.1, 2.5, 1.0 / 3, 1796150176369.0, 1e300, -1e-7}) {
    values.emplace_back().set_number_value(n);
  }
  values.emplace_back().set_bool_value(true);
  values.emplace_back().set_bool_value(false);
  values.emplace_back().set_null_value(pb::NULL_VALUE);
  values.emplace_back().mutable_struct_value();
  values.emplace_back().mutable_list_value();
  pb::Value nested;
  auto* list = nested.mutable_list_value();
  list->add_values()->set_number_value(1);
  (*list->add_values()->mutable_struct_value()->mutable_fields())["k"].set_string_value("v");
  list->add_values()->mutable_list_value()->add_values()->set_string_value("deep");
  values.push_back(nested);
  for (const pb::Value& v : values) {
    pb::Struct s;
    (*s.mutable_fields())["key <1>"] = v;
    for (JsonLayout layout : {JsonLayout::kCompact, JsonLayout::kIndented}) {
      EXPECT_EQ(ToJson(s, layout), Protobufs(s, layout)) << v.DebugString();
    }
  }
  EXPECT_EQ(ToJson(pb::Struct()), Protobufs(pb::Struct(), JsonLayout::kCompact));
}

TEST(ToJsonStruct, MembersInNameOrderWhateverTheInsertionOrder) {
  const std::vector<std::string> names = {"turnout", "b", "registered", "a", "décisions", "Z"};
  pb::Struct forward;
  pb::Struct backward;
  for (size_t i = 0; i < names.size(); ++i) {
    (*forward.mutable_fields())[names[i]].set_number_value(static_cast<double>(i));
    const size_t j = names.size() - 1 - i;
    (*backward.mutable_fields())[names[j]].set_number_value(static_cast<double>(j));
  }
  (*(*forward.mutable_fields())["a"].mutable_struct_value()->mutable_fields())["y"].set_bool_value(
      true);
  (*(*forward.mutable_fields())["a"].mutable_struct_value()->mutable_fields())["x"].set_bool_value(
      false);
  (*(*backward.mutable_fields())["a"].mutable_struct_value()->mutable_fields())["x"].set_bool_value(
      false);
  (*(*backward.mutable_fields())["a"].mutable_struct_value()->mutable_fields())["y"].set_bool_value(
      true);
  const std::string text = ToJson(forward, JsonLayout::kIndented);
  EXPECT_EQ(text, ToJson(backward, JsonLayout::kIndented));
  EXPECT_EQ(text,
            "{\n \"Z\": 5,\n \"a\": {\n  \"x\": false,\n  \"y\": true\n },\n \"b\": 1,\n "
            "\"décisions\": 4,\n \"registered\": 2,\n \"turnout\": 0\n}\n");
  // And it reads back as the same document.
  pb::Struct read;
  ASSERT_TRUE(pb::util::JsonStringToMessage(text, &read).ok());
  EXPECT_TRUE(pb::util::MessageDifferencer::Equals(read, forward));
}

}  // namespace
}  // namespace urne::cli

// The JSON printer: string quoting and protobuf messages in both layouts.
#include "cli/json.h"

#include <google/protobuf/struct.pb.h>
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

}  // namespace
}  // namespace urne::cli

// Hex, framing and constant-time comparison (specs/crypto.md §1).
#include "crypto/bytes.h"

#include <gtest/gtest.h>

#include <string>

#include "status/status.h"

namespace urne {
namespace {

TEST(Hex, ToHexIsLowerCaseTwoDigitsPerByte) {
  EXPECT_EQ(ToHex(Bytes{}), "");
  EXPECT_EQ(ToHex(Bytes{0x00, 0x01, 0x7f, 0x80, 0xab, 0xff}), "00017f80abff");
}

TEST(Hex, RoundTripsEveryByte) {
  Bytes all(256);
  for (int i = 0; i < 256; ++i) all[i] = static_cast<uint8_t>(i);
  std::string hex = ToHex(all);
  ASSERT_EQ(hex.size(), 512u);
  auto back = FromHex(hex);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, all);
}

TEST(Hex, EmptyStringIsEmptyBytes) {
  auto b = FromHex("");
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->empty());
}

void ExpectHexError(std::string_view hex, std::string_view reason) {
  SCOPED_TRACE(hex);
  auto b = FromHex(hex);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(b.status()), reason) << b.status();
}

TEST(Hex, OddLengthIsRefused) {
  ExpectHexError("0", "hex.odd_length");
  ExpectHexError("abc", "hex.odd_length");
  ExpectHexError("0011223", "hex.odd_length");
}

TEST(Hex, UpperCaseIsRefused) {
  ExpectHexError("AB", "hex.upper_case");
  ExpectHexError("00fF", "hex.upper_case");
  ExpectHexError("E2f2", "hex.upper_case");
}

TEST(Hex, BadDigitsAreRefused) {
  ExpectHexError("0g", "hex.invalid_digit");
  ExpectHexError("zz", "hex.invalid_digit");
  ExpectHexError("0x00", "hex.invalid_digit");
  ExpectHexError("00 1", "hex.invalid_digit");
  ExpectHexError("ab cd ", "hex.invalid_digit");
  ExpectHexError("-1", "hex.invalid_digit");
  ExpectHexError(std::string_view("0\0", 2), "hex.invalid_digit");
}

TEST(Hex, ErrorNamesThePosition) {
  auto b = FromHex("0011g2");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(std::string(b.status().message()).find("position 4"), std::string::npos) << b.status();
}

TEST(Framing, U32AndU64AreBigEndian) {
  Bytes out;
  AppendU32(out, 0x01020304);
  AppendU64(out, 0x1122334455667788ULL);
  EXPECT_EQ(ToHex(out), "010203041122334455667788");
  out.clear();
  AppendU32(out, 0);
  AppendU64(out, UINT64_MAX);
  EXPECT_EQ(ToHex(out), "00000000ffffffffffffffff");
}

TEST(Framing, FrameIsLengthThenBytes) {
  Bytes out;
  AppendFramed(out, Bytes{});
  EXPECT_EQ(ToHex(out), "00000000");
  AppendFramed(out, AsBytes("abc"));
  EXPECT_EQ(ToHex(out),
            "00000000"
            "00000003616263");
  Bytes big(300, 0x5a);
  out.clear();
  AppendFramed(out, big);
  ASSERT_EQ(out.size(), 304u);
  EXPECT_EQ(ToHex(ByteView(out).first(5)), "0000012c5a");
}

TEST(Framing, AsBytesHasNoTerminator) {
  EXPECT_EQ(AsBytes("ab").size(), 2u);
  EXPECT_EQ(AsBytes("").size(), 0u);
}

TEST(ConstantTimeEqual, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEqual(Bytes{}, Bytes{}));
  EXPECT_TRUE(ConstantTimeEqual(Bytes{1, 2, 3}, Bytes{1, 2, 3}));
  EXPECT_FALSE(ConstantTimeEqual(Bytes{1, 2, 3}, Bytes{1, 2, 4}));
  EXPECT_FALSE(ConstantTimeEqual(Bytes{1, 2, 3}, Bytes{1, 2}));
  EXPECT_FALSE(ConstantTimeEqual(Bytes{}, Bytes{0}));
}

}  // namespace
}  // namespace urne

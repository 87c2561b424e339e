// ParseStrict, the one parser of untrusted payloads (specs/board.md §1.3): each protobuf
// strictness case of issue #17 point 11 with the reason it gets — hand-built wire bytes, not
// produced by the library under test.
#include <gtest/gtest.h>

#include "election/entry.h"
#include "status/status.h"
#include "urne/v1/entries.pb.h"

namespace urne {
namespace {

std::string B(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

std::string ReasonOfOpen(const std::string& bytes) {
  v1::Open open;
  return ReasonOf(ParseStrict(bytes, open));
}

TEST(ParseStrict, CanonicalIsAccepted) {
  v1::Open open;
  EXPECT_TRUE(ParseStrict(B({0x08, 0x05, 0x18, 0x07}), open).ok());  // tree_size 5, opened_at 7
  EXPECT_EQ(open.tree_size(), 5u);
}

// Field 1 (uint64, wire type 0) sent as length-delimited (wire type 2).
TEST(ParseStrict, WrongWireTypeIsMalformed) {
  EXPECT_EQ(ReasonOfOpen(B({0x0a, 0x01, 0x05})), "payload.malformed");
  // bytes field 2 sent as a varint
  EXPECT_EQ(ReasonOfOpen(B({0x10, 0x05})), "payload.malformed");
}

TEST(ParseStrict, UnknownFieldIsMalformed) {
  EXPECT_EQ(ReasonOfOpen(B({0x08, 0x05, 0x28, 0x01})), "payload.malformed");  // field 5
}

TEST(ParseStrict, TruncatedOrOverlongVarintIsMalformed) {
  EXPECT_EQ(ReasonOfOpen(B({0x08, 0x85})), "payload.malformed");
  EXPECT_EQ(
      ReasonOfOpen(B({0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01})),
      "payload.malformed");  // 11 bytes
}

TEST(ParseStrict, RepeatedSingularFieldIsNonCanonical) {
  EXPECT_EQ(ReasonOfOpen(B({0x08, 0x05, 0x08, 0x06})), "payload.non_canonical");
}

TEST(ParseStrict, NonMinimalVarintIsNonCanonical) {
  EXPECT_EQ(ReasonOfOpen(B({0x08, 0x85, 0x00})), "payload.non_canonical");
}

TEST(ParseStrict, FieldsOutOfOrderOrDefaultWrittenAreNonCanonical) {
  EXPECT_EQ(ReasonOfOpen(B({0x18, 0x07, 0x08, 0x05})), "payload.non_canonical");
  EXPECT_EQ(ReasonOfOpen(B({0x08, 0x00})), "payload.non_canonical");
}

// trustee_index (uint32) = 2^32 + 1: protobuf keeps the low 32 bits.
TEST(ParseStrict, OverWideUint32IsNonCanonical) {
  v1::TrusteeCommitment c;
  EXPECT_EQ(ReasonOf(ParseStrict(B({0x08, 0x81, 0x80, 0x80, 0x80, 0x10}), c)),
            "payload.non_canonical");
}

// Result.trustees (repeated uint32, field 3): unpacked records instead of one packed one.
TEST(ParseStrict, UnpackedRepeatedScalarIsNonCanonical) {
  v1::Result r;
  EXPECT_TRUE(ParseStrict(B({0x1a, 0x02, 0x01, 0x02}), r).ok());
  EXPECT_EQ(ReasonOf(ParseStrict(B({0x18, 0x01, 0x18, 0x02}), r)), "payload.non_canonical");
}

// QuestionResult.question_id (string, field 1) holding the byte 0xff.
TEST(ParseStrict, InvalidUtf8IsMalformed) {
  v1::QuestionResult q;
  EXPECT_TRUE(ParseStrict(B({0x0a, 0x01, 0x61}), q).ok());
  EXPECT_EQ(ReasonOf(ParseStrict(B({0x0a, 0x01, 0xff}), q)), "payload.malformed");
}

}  // namespace
}  // namespace urne

// The followed head file (election/followed_head.h, specs/entries.md §3.4): the bytes of a known
// head, the round trip, and every way a file is refused, each with its reason.
#include "election/followed_head.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "status/status.h"
#include "tests/election/sealed_text_edits.h"

namespace urne {
namespace {

FollowedHead Sample() {
  FollowedHead h;
  for (size_t i = 0; i < h.election.size(); ++i) h.election[i] = static_cast<uint8_t>(i);
  h.tree_size = 42;
  h.root_hash.assign(32, '\xab');
  h.phase = v1::VOTING;
  h.authority_key.assign(32, '\x11');
  h.board_key.assign(32, '\x22');
  h.close_root_hash.assign(32, '\0');
  return h;
}

FollowedHead Closed() {
  FollowedHead h = Sample();
  h.phase = v1::CLOSED;
  h.tree_size = 45;
  h.close_tree_size = 42;
  h.close_root_hash.assign(32, '\xab');
  return h;
}

using testing::Body;
using testing::Replace;
using testing::Sealed;

TEST(FollowedHead, TheFileIsTheSpecsLines) {
  std::string expected = "urne-followed-head/1\nelection ";
  expected += ToHex(Sample().election) + "\ntree_size 42\nroot_hash ";
  for (int i = 0; i < 32; ++i) expected += "ab";
  expected += "\nphase VOTING\nauthority_key ";
  for (int i = 0; i < 32; ++i) expected += "11";
  expected += "\nboard_key ";
  for (int i = 0; i < 32; ++i) expected += "22";
  expected += "\nclose_tree_size 0\nclose_root_hash " + std::string(64, '0') + "\n";
  EXPECT_EQ(EncodeFollowedHead(Sample()), Sealed(expected));
  EXPECT_EQ(FollowedHeadName(Sample().election), ToHex(Sample().election) + ".head");
}

TEST(FollowedHead, RoundTrips) {
  for (const FollowedHead& h : {Sample(), Closed()}) {
    auto parsed = ParseFollowedHead(EncodeFollowedHead(h));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(EncodeFollowedHead(*parsed), EncodeFollowedHead(h));
    EXPECT_EQ(parsed->phase, h.phase);
    EXPECT_EQ(parsed->close_tree_size, h.close_tree_size);
    EXPECT_EQ(parsed->authority_key, h.authority_key);
  }
}

TEST(FollowedHead, ADamagedFileIsCorrupt) {
  const std::string text = EncodeFollowedHead(Sample());
  EXPECT_EQ(ReasonOf(ParseFollowedHead(Replace(text, "phase VOTING", "phase CLOSED")).status()),
            "followed_head.corrupt");
  EXPECT_EQ(ReasonOf(ParseFollowedHead(text.substr(0, text.size() - 10) + "\n").status()),
            "followed_head.corrupt");
  EXPECT_EQ(ReasonOf(ParseFollowedHead(Body(text)).status()), "followed_head.corrupt");
  EXPECT_EQ(ReasonOf(ParseFollowedHead(text.substr(0, text.size() - 1)).status()),
            "followed_head.malformed");
  EXPECT_EQ(ReasonOf(ParseFollowedHead("").status()), "followed_head.malformed");
}

TEST(FollowedHead, EveryNonCanonicalFieldIsMalformed) {
  const std::string body = Body(EncodeFollowedHead(Sample()));
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"urne-followed-head/1", "urne-followed-head/2"},
      {"election 00", "election 0"},
      {"election 00", "election 0A"},
      {"tree_size 42", "tree_size 042"},
      {"tree_size 42", "tree_size 0"},
      {"tree_size 42", "tree_size +42"},
      {"tree_size 42", "tree_size 99999999999999999999"},
      {"root_hash ab", "root_hash AB"},
      {"phase VOTING", "phase voting"},
      {"phase VOTING", "phase  VOTING"},
      {"phase VOTING", "phase OPEN"},
      {"authority_key 11", "authority_key 1"},
      {"\nboard_key " + std::string(64, '2'), ""},
      {"close_tree_size 0", "close_tree_size 00"},
      {"close_tree_size 0", "close_tree_size 41"},   // a CLOSE while VOTING
      {"close_root_hash 00", "close_root_hash 01"},  // a CLOSE root without CLOSE
      {"close_root_hash", "close_root"},
  };
  for (const auto& [from, to] : edits) {
    EXPECT_EQ(ReasonOf(ParseFollowedHead(Sealed(Replace(body, from, to))).status()),
              "followed_head.malformed")
        << from << " → " << to;
  }
  EXPECT_EQ(ReasonOf(ParseFollowedHead(Sealed(body + "extra 1\n")).status()),
            "followed_head.malformed");
  // The messages name the fault.
  auto message = [](const std::string& text) {
    return std::string(ParseFollowedHead(text).status().message());
  };
  EXPECT_TRUE(absl::StrContains(message(Sealed(body + "extra 1\n")),
                                "line 10: the file has 11 lines, not 10"));
  EXPECT_TRUE(
      absl::StrContains(message(Sealed(Replace(body, "\nboard_key " + std::string(64, '2'), ""))),
                        "line 9: the file has 9 lines, not 10"));
  EXPECT_TRUE(
      absl::StrContains(message(Sealed(Replace(body, "close_root_hash 00", "close_root_hash 01"))),
                        "line 9: close_root_hash must be 64 zeros without CLOSE"));
  EXPECT_TRUE(
      absl::StrContains(message(Sealed(Replace(Body(EncodeFollowedHead(Closed())),
                                               "close_tree_size 42", "close_tree_size 45"))),
                        "the CLOSE countersigns a log at least as long as the head's"));
  // CLOSED: a CLOSE is required, and it countersigns a shorter log than the head's.
  const std::string closed = Body(EncodeFollowedHead(Closed()));
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"close_tree_size 42", "close_tree_size 0"},
           {"close_tree_size 42", "close_tree_size 45"},
           {"phase CLOSED", "phase VOTING"}}) {
    EXPECT_EQ(ReasonOf(ParseFollowedHead(Sealed(Replace(closed, from, to))).status()),
              "followed_head.malformed")
        << from << " → " << to;
  }
  EXPECT_TRUE(ParseFollowedHead(Sealed(Replace(closed, "CLOSED", "TALLIED"))).ok());
}

}  // namespace
}  // namespace urne

// The tally checkpoint file (election/tally_checkpoint.h, specs/entries.md §3.2): the bytes
// of a known checkpoint, the round trip, and every way a file is refused, each with its reason.
#include "election/tally_checkpoint.h"

#include <gtest/gtest.h>

#include "status/status.h"
#include "tests/election/sealed_text_edits.h"

namespace urne {
namespace {

TallyCheckpoint Sample() {
  TallyCheckpoint c;
  for (size_t i = 0; i < c.election.size(); ++i) c.election[i] = static_cast<uint8_t>(i);
  c.close_tree_size = 42;
  c.close_root_hash.assign(32, '\xab');
  c.ballots = 30;
  c.revotes = 4;
  c.audits = 2;
  c.ballots_counted = 26;
  c.tally = {{Bytes(64, 1), Bytes(64, 2)}, {Bytes(64, 3)}};
  return c;
}

using testing::Body;
using testing::Replace;
using testing::Sealed;

TEST(TallyCheckpoint, TheFileIsTheSpecsLines) {
  const std::string text = EncodeTallyCheckpoint(Sample());
  const std::string body =
      Cat("urne-tally-checkpoint/1\n"
          "election 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"
          "close_tree_size 42\n"
          "close_root_hash ",
          ToHex(Bytes(32, 0xab)), "\nballots 30\nrevotes 4\naudits 2\nballots_counted 26\n",
          "tally 0 0 ", ToHex(Bytes(64, 1)), "\ntally 0 1 ", ToHex(Bytes(64, 2)), "\ntally 1 0 ",
          ToHex(Bytes(64, 3)), "\n");
  EXPECT_EQ(text, Sealed(body));
  auto parsed = ParseTallyCheckpoint(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(EncodeTallyCheckpoint(*parsed), text);
  EXPECT_EQ(parsed->tally.size(), 2u);
  EXPECT_EQ(parsed->tally[0].size(), 2u);
  EXPECT_EQ(parsed->ballots_counted, 26u);
}

TEST(TallyCheckpoint, ADamagedFileIsCorrupt) {
  const std::string text = EncodeTallyCheckpoint(Sample());
  // A changed tally without a new digest, a truncated file, no digest line.
  EXPECT_EQ(ReasonOf(ParseTallyCheckpoint(Replace(text, "tally 1 0 03", "tally 1 0 04")).status()),
            "checkpoint.corrupt");
  EXPECT_EQ(ReasonOf(ParseTallyCheckpoint(text.substr(0, text.size() - 10) + "\n").status()),
            "checkpoint.corrupt");
  EXPECT_EQ(ReasonOf(ParseTallyCheckpoint(Body(text)).status()), "checkpoint.corrupt");
  EXPECT_EQ(ReasonOf(ParseTallyCheckpoint(text.substr(0, text.size() - 1)).status()),
            "checkpoint.malformed");
  EXPECT_EQ(ReasonOf(ParseTallyCheckpoint("").status()), "checkpoint.malformed");
}

TEST(TallyCheckpoint, EveryNonCanonicalFieldIsMalformed) {
  const std::string body = Body(EncodeTallyCheckpoint(Sample()));
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"urne-tally-checkpoint/1", "urne-tally-checkpoint/2"},
      {"election 00", "election 0"},
      {"election 00", "election 0A"},
      {"close_tree_size 42", "close_tree_size 042"},
      {"close_tree_size 42", "close_tree_size 0"},
      {"close_tree_size 42", "close_tree_size +42"},
      {"close_tree_size 42", "close_tree_size 99999999999999999999"},
      {"close_root_hash ab", "close_root_hash AB"},
      {"ballots 30", "ballots  30"},
      {"revotes 4\n", ""},
      {"ballots_counted 26", "ballots_counted 31"},
      {"tally 0 1", "tally 0 2"},
      {"tally 1 0", "tally 2 0"},
      {"tally 0 0 01", "tally 0 0 0"},
      {"tally 0 0 ", "tally 0 0  "},
      {"tally 0 0", "talley 0 0"},
  };
  for (const auto& [from, to] : edits) {
    EXPECT_EQ(ReasonOf(ParseTallyCheckpoint(Sealed(Replace(body, from, to))).status()),
              "checkpoint.malformed")
        << from << " → " << to;
  }
  const std::string no_tally = body.substr(0, body.find("tally "));
  EXPECT_EQ(ReasonOf(ParseTallyCheckpoint(Sealed(no_tally)).status()), "checkpoint.malformed");
}

}  // namespace
}  // namespace urne

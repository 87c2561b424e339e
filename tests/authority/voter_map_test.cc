// The staff's private voter map (specs/credentials.md §10.4): its text round-trips, and every
// malformed map is refused with reason voter_map.file naming the line.
#include "authority/voter_map.h"

#include <gtest/gtest.h>

#include "crypto/bytes.h"
#include "status/status.h"

namespace urne::authority {
namespace {

PublicKey Key() { return SigningKey::Generate().public_key(); }

VoterMap Example() {
  VoterMap map;
  for (size_t i = 0; i < 32; ++i) map.election[i] = static_cast<uint8_t>(i);
  map.rows.push_back({"V1", Key(), std::nullopt});
  map.rows.push_back({"Dupont, \"Jean\"", Key(), 17});
  map.rows.push_back({"Dupont, \"Jean\"", Key(), std::nullopt});
  return map;
}

void ExpectRefused(const std::string& text, const std::string& part) {
  auto parsed = ParseVoterMap(text);
  ASSERT_FALSE(parsed.ok()) << text;
  EXPECT_EQ(ReasonOf(parsed.status()), "voter_map.file");
  EXPECT_NE(std::string(parsed.status().message()).find(part), std::string::npos)
      << parsed.status();
}

TEST(VoterMap, RoundTripsWithQuotedIdsAndRevokedRows) {
  VoterMap map = Example();
  const std::string text = VoterMapToText(map);
  EXPECT_EQ(text.substr(0, 17), "urne-voter-map/1,");
  auto parsed = ParseVoterMap(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(VoterMapToText(*parsed), text);
  ASSERT_NE(parsed->Current("Dupont, \"Jean\""), nullptr);
  EXPECT_EQ(parsed->Current("Dupont, \"Jean\"")->credential, map.rows[2].credential);
  EXPECT_EQ(parsed->rows[1].revoked_by, 17u);
  EXPECT_EQ(parsed->CurrentRows().size(), 2u);
  EXPECT_EQ(parsed->Current("V2"), nullptr);
}

TEST(VoterMap, EveryMalformedMapNamesItsLine) {
  const std::string good = VoterMapToText(Example());
  const size_t header_end = good.find('\n', good.find('\n') + 1) + 1;
  const std::string head = good.substr(0, header_end);
  const std::string key = ToHex(Key().bytes);
  ExpectRefused("id,credential,revoked_by\n", "line 1: a voter map starts with");
  ExpectRefused(good.substr(0, good.find('\n') + 1) + "id,credential\n",
                "line 2: the header must be");
  ExpectRefused(head, "the map lists no voter");
  ExpectRefused(head + "V1," + key + "\n", "line 3: 2 fields, expected 3");
  ExpectRefused(head + "," + key + ",\n", "line 3: the id is empty");
  ExpectRefused(head + "V1," + key.substr(1) + ",\n", "line 3: the credential is not 64");
  std::string upper = key;
  for (char& c : upper) c = static_cast<char>(toupper(c));
  if (upper != key) ExpectRefused(head + "V1," + upper + ",\n", "not 64 lower-case hex");
  ExpectRefused(head + "V1," + std::string(64, '0') + ",\n", "not a valid key (key.invalid)");
  ExpectRefused(head + "V1," + key + ",\nV2," + key + ",\n",
                "line 4: the same credential as line 3");
  ExpectRefused(head + "V1," + key + ",x7\n", "line 3: revoked_by is not an entry index");
  ExpectRefused(head + "V1," + key + ",3\n", "voter \"V1\" has 0 current credentials");
  ExpectRefused(head + "V1," + key + ",\nV1," + ToHex(Key().bytes) + ",\n",
                "voter \"V1\" has 2 current credentials");
  ExpectRefused(head + "\"V1," + key + ",\n", "never closed");
}

}  // namespace
}  // namespace urne::authority

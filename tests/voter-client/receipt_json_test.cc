// The receipt file's exact JSON (specs/ballot.md §8, issue #17 point 13): members in table
// order, `receipt` and `entry` compact with enums by name, default values omitted, bytes in
// standard base64, 64-bit integers as decimal strings.
#include <gtest/gtest.h>

#include "voter-client/receipt_file.h"

namespace urne::voter_client {
namespace {

TEST(ReceiptJson, EnumNamesAndOmittedDefaults) {
  ReceiptFile file;
  file.tracking_code = "AAAA-BBBB";
  file.election_id = std::string(64, '0');
  file.board = "localhost:1";
  file.receipt.set_election_id(std::string(32, '\0'));
  file.receipt.set_index(0);  // a default: omitted
  file.receipt.mutable_tree_head()->set_tree_size(12);
  file.entry.set_election_id(std::string(32, '\0'));
  file.entry.set_kind(v1::BALLOT);
  file.entry.set_payload("\xfb\xff");
  EXPECT_EQ(ReceiptToJson(file),
            "{\n"
            "  \"format\": \"urne-receipt/1\",\n"
            "  \"tracking_code\": \"AAAA-BBBB\",\n"
            "  \"election_id\": \"" +
                std::string(64, '0') +
                "\",\n"
                "  \"board\": \"localhost:1\",\n"
                "  \"receipt\": "
                "{\"election_id\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\","
                "\"tree_head\":{\"tree_size\":\"12\"}},\n"
                "  \"entry\": "
                "{\"election_id\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\","
                "\"kind\":\"BALLOT\",\"payload\":\"+/8=\"}\n"
                "}\n");
}

}  // namespace
}  // namespace urne::voter_client

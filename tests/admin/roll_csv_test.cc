#include "authority/roll_csv.h"

#include <gtest/gtest.h>

#include "crypto/status.h"

namespace urne {
namespace {

TEST(RollCsvTest, ParsesHeaderAndRows) {
  auto v = ParseRollCsv(
      "id,name,postal_address\r\nA1,Ana Lopez,1 rue Haute\r\nB2,Bruno,2 rue Basse\r\n");
  ASSERT_TRUE(v.ok()) << v.status();
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ((*v)[0].id, "A1");
  EXPECT_EQ((*v)[1].postal_address, "2 rue Basse");
  EXPECT_EQ((*v)[1].line, 3);
}

TEST(RollCsvTest, Rfc4180Quoting) {
  auto v = ParseRollCsv(
      "id,name,postal_address,notes\n"
      "7,\"Dupont, Jean \"\"Jeannot\"\"\",\"12 place du Marché\n75000 Démocracité\",\"braille, "
      "large\"\n"
      "8,Zoé,Chemin 3\n");
  ASSERT_TRUE(v.ok()) << v.status();
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ((*v)[0].name, "Dupont, Jean \"Jeannot\"");
  EXPECT_EQ((*v)[0].postal_address, "12 place du Marché\n75000 Démocracité");
  EXPECT_EQ((*v)[0].notes, "braille, large");
  EXPECT_EQ((*v)[1].line, 4);  // the quoted line break counts
  EXPECT_EQ((*v)[1].notes, "");
}

TEST(RollCsvTest, ByteOrderMarkAndBlankLinesIgnored) {
  auto v = ParseRollCsv("\xEF\xBB\xBFid,name,postal_address\n\nA,B,C\n\n");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->size(), 1u);
}

TEST(RollCsvTest, DuplicateIdsNameBothLines) {
  auto v = ParseRollCsv("id,name,postal_address\nA,x,y\nB,x,y\nA,z,w\n");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(ReasonOf(v.status()), "roll.csv");
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(v.status().message().find("line 4: the id \"A\" is already used on line 2"),
            absl::string_view::npos)
      << v.status();
}

TEST(RollCsvTest, EveryMalformedRowReportedWithItsLine) {
  auto v = ParseRollCsv("id,name,postal_address\nA,x\nB,x,y\n,x,y\nC,,y\nD,x,y,extra\nE,x\"y,z\n");
  ASSERT_FALSE(v.ok());
  std::string m(v.status().message());
  EXPECT_NE(m.find("line 2: 2 fields, expected 3"), std::string::npos) << m;
  EXPECT_NE(m.find("line 4: the id is empty"), std::string::npos) << m;
  EXPECT_NE(m.find("line 5: the name is empty"), std::string::npos) << m;
  EXPECT_NE(m.find("line 6: 4 fields"), std::string::npos) << m;
  EXPECT_NE(m.find("line 7: a '\"' inside a field"), std::string::npos) << m;
  EXPECT_EQ(m.find("line 3"), std::string::npos) << m;
}

TEST(RollCsvTest, UnterminatedQuote) {
  auto v = ParseRollCsv("id,name,postal_address\nA,\"x,y\nB,c,d\n");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("line 2: a quoted field is never closed"),
            absl::string_view::npos)
      << v.status();
}

TEST(RollCsvTest, EmptyFileAndHeaderOnly) {
  auto empty = ParseRollCsv("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(ReasonOf(empty.status()), "roll.csv");
  EXPECT_NE(empty.status().message().find("line 1: the file is empty"), absl::string_view::npos);
  auto header_only = ParseRollCsv("id,name,postal_address\n");
  ASSERT_FALSE(header_only.ok());
  EXPECT_NE(header_only.status().message().find("no voter"), absl::string_view::npos);
}

TEST(RollCsvTest, WrongHeader) {
  auto v = ParseRollCsv("name,id,postal_address\nA,B,C\n");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("line 1: the header must be"), absl::string_view::npos);
}

TEST(RollCsvTest, CsvFieldQuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("l1\nl2"), "\"l1\nl2\"");
  auto round = ParseRollCsv("id,name,postal_address\n" + CsvField("x,1") + "," +
                            CsvField("N \"q\"") + "," + CsvField("a\nb") + "\n");
  ASSERT_TRUE(round.ok()) << round.status();
  EXPECT_EQ((*round)[0].id, "x,1");
  EXPECT_EQ((*round)[0].name, "N \"q\"");
}

}  // namespace
}  // namespace urne

#include "authority/roll_csv.h"

#include <gtest/gtest.h>

#include "status/status.h"

namespace urne::authority {
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
  EXPECT_NE(v.status().message().find("row 4 (line 4): the id \"A\" is already used on row 2"),
            absl::string_view::npos)
      << v.status();
}

TEST(RollCsvTest, EveryMalformedRowReportedWithItsLine) {
  auto v = ParseRollCsv("id,name,postal_address\nA,x\nB,x,y\n,x,y\nC,,y\nD,x,y,extra\nE,x\"y,z\n");
  ASSERT_FALSE(v.ok());
  std::string m(v.status().message());
  EXPECT_NE(m.find("row 2 (line 2): 2 fields where the header has 3"), std::string::npos) << m;
  EXPECT_NE(m.find("row 4 (line 4): the id is empty"), std::string::npos) << m;
  EXPECT_NE(m.find("row 5 (line 5): the name is empty"), std::string::npos) << m;
  EXPECT_NE(m.find("row 6 (line 6): 4 fields"), std::string::npos) << m;
  EXPECT_NE(m.find("row 7 (line 7): a '\"' inside a field"), std::string::npos) << m;
  EXPECT_EQ(m.find("line 3"), std::string::npos) << m;
}

TEST(RollCsvTest, UnterminatedQuote) {
  auto v = ParseRollCsv("id,name,postal_address\nA,\"x,y\nB,c,d\n");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("row 2 (line 2): a quoted field is never closed"),
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

// Issue #16 part 2: the header with `address` instead of `postal_address` used to give one
// misleading error per row; now the columns are found by name, in any order, with other
// columns ignored, and an unknown header is ONE problem listing what was found.
TEST(RollCsvTest, ColumnsFoundByTheirCommonNames) {
  auto v = ParseRollCsv("name,id,address,birth\nA,1,C,1990\n");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ((*v)[0].id, "1");
  EXPECT_EQ((*v)[0].postal_address, "C");
  // French names, accents and a semicolon separator, as a French spreadsheet exports.
  auto fr = ParseRollCsv("Numéro;Nom Prénom;Adresse postale;Remarques\n7;Dupont, Jean;1 rue;\n");
  ASSERT_TRUE(fr.ok()) << fr.status();
  EXPECT_EQ((*fr)[0].name, "Dupont, Jean");
  auto unknown = ParseRollCsv("who,where\nA,B\nC,D\nE,F\n");
  ASSERT_FALSE(unknown.ok());
  std::string m(unknown.status().message());
  EXPECT_NE(m.find("1 problem(s)"), std::string::npos) << m;
  EXPECT_NE(m.find("row 1 (line 1): the header does not name the column(s) id, name, "
                   "postal_address. It has \"who\", \"where\""),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("--columns id=…,name=…,postal_address=…"), std::string::npos) << m;
  // An explicit mapping.
  RollCsvOptions options;
  options.columns = "id=who,name=where,postal_address=where";
  auto mapped = ParseRollCsv("who,where\nA,B\n", options);
  ASSERT_TRUE(mapped.ok()) << mapped.status();
  EXPECT_EQ((*mapped)[0].postal_address, "B");
  options.columns = "id=nope,name=where,postal_address=where";
  EXPECT_NE(std::string(ParseRollCsv("who,where\nA,B\n", options).status().message())
                .find("--columns names the column \"nope\", which the header does not have"),
            std::string::npos);
}

TEST(RollCsvTest, EncodingsAndBinaryFilesAreNamed) {
  const std::string latin = "id,nom,adresse\n1,Herv\xe9,1 place du March\xe9\n";
  auto refused = ParseRollCsv(latin);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(std::string(refused.status().message())
                .find("line 2: the file is not UTF-8 (byte 0xe9); a file exported by Excel on "
                      "Windows is usually Windows-1252: add --encoding windows-1252"),
            std::string::npos)
      << refused.status();
  RollCsvOptions options;
  options.encoding = "windows-1252";
  auto converted = ParseRollCsv(latin + "2,\x80uro \x9c,x\n", options);
  ASSERT_TRUE(converted.ok()) << converted.status();
  EXPECT_EQ((*converted)[0].name, "Hervé");
  EXPECT_EQ((*converted)[1].name, "€uro œ");
  auto xlsx = ParseRollCsv(std::string("PK\x03\x04\x14\0\0\0", 8));
  EXPECT_NE(std::string(xlsx.status().message()).find("spreadsheet file (.xlsx or .ods)"),
            std::string::npos);
  auto binary = ParseRollCsv(std::string("id\0name", 7));
  EXPECT_NE(std::string(binary.status().message()).find("binary file"), std::string::npos);
  options.encoding = "latin-9";
  EXPECT_EQ(ReasonOf(ParseRollCsv("id,name,address\n1,a,b\n", options).status()), "roll.encoding");
}

TEST(RollCsvTest, TheFirstTwentyProblemsAndTheTotal) {
  std::string csv = "id,name,address\n";
  for (int i = 0; i < 30; ++i) csv += Cat(i, ",,x\n");  // 30 empty names
  std::string m(ParseRollCsv(csv).status().message());
  EXPECT_NE(m.find("30 problem(s) in the roll"), std::string::npos) << m;
  EXPECT_NE(m.find("row 21 (line 21): the name is empty"), std::string::npos) << m;
  EXPECT_EQ(m.find("row 22 (line 22)"), std::string::npos) << m;
  EXPECT_NE(m.find("… and 10 more (30 in all)"), std::string::npos) << m;
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
}  // namespace urne::authority

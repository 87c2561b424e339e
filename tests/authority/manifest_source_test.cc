// The manifest as staff write it (issue #16 part 1): starting files for each kind, local
// times in the town's time zone, and every problem at once with its line and column, in
// French and English (authority/manifest_source.h, authority/manifest_template.h).
#include "authority/manifest_source.h"

#include <gtest/gtest.h>

#include "authority/json_tree.h"
#include "authority/manifest_template.h"
#include "cli/local_time.h"
#include "status/status.h"

namespace urne::authority {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Replaces the first `from` in `t` (which must hold it) by `to`.
void Replace(std::string& t, const std::string& from, const std::string& to) {
  size_t at = t.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  t.replace(at, from.size(), to);
}

TEST(LocalTime, ParisTimesAroundTheClockChanges) {
  auto winter = cli::LocalToUnix("2027-03-14 08:00", "Europe/Paris");
  ASSERT_TRUE(winter.ok()) << winter.status();
  EXPECT_EQ(*winter, 1805007600);  // 07:00 UTC
  EXPECT_EQ(cli::UnixToLocal(*winter, "Europe/Paris"), "2027-03-14 08:00");
  EXPECT_EQ(*cli::LocalToUnix("2027-03-14T08:00:00", "Europe/Paris"), 1805007600);
  EXPECT_EQ(*cli::LocalToUnix("2027-03-14 07:00", ""), 1805007600);  // empty zone: UTC
  auto gap = cli::LocalToUnix("2027-03-28 02:30", "Europe/Paris");
  EXPECT_EQ(ReasonOf(gap.status()), "time.nonexistent") << gap.status();
  auto twice = cli::LocalToUnix("2027-10-31 02:30", "Europe/Paris");
  EXPECT_EQ(ReasonOf(twice.status()), "time.ambiguous") << twice.status();
  EXPECT_TRUE(Has(std::string(twice.status().message()), "UTC+02:00 and UTC+01:00"))
      << twice.status();
  EXPECT_EQ(ReasonOf(cli::LocalToUnix("2027-02-30 08:00", "Europe/Paris").status()),
            "time.malformed");
  EXPECT_EQ(ReasonOf(cli::LocalToUnix("14/03/2027 08:00", "Europe/Paris").status()),
            "time.malformed");
  EXPECT_EQ(ReasonOf(cli::LocalToUnix("2027-03-14 08:00", "Europe/Pariss").status()),
            "time_zone.unknown");
  EXPECT_EQ(ReasonOf(cli::CheckTimeZone("../../etc/passwd")), "time_zone.unknown");
  EXPECT_EQ(cli::FormatLocalTime(1805007600, "Europe/Paris", "fr"),
            "dimanche 14 mars 2027 à 08:00 (heure de Paris)");
  EXPECT_EQ(cli::FormatLocalTime(1805007600, "Europe/Paris", "en"),
            "Sunday 14 March 2027, 08:00 (Paris time)");
}

TEST(ManifestTemplate, EveryKindInBothLanguagesReadsBackWithoutProblems) {
  for (const auto& [kind, what] : ManifestKinds()) {
    for (const char* lang : {"fr", "en"}) {
      SCOPED_TRACE(Cat(kind, " ", lang));
      auto text = ManifestTemplate(kind, lang, "Europe/Zurich");
      ASSERT_TRUE(text.ok()) << text.status();
      EXPECT_TRUE(Has(*text, "\"time_zone\": \"Europe/Zurich\"")) << *text;
      EXPECT_TRUE(Has(
          *text, lang == std::string("fr") ? "// Le fuseau horaire" : "// The town's time zone"));
      ManifestSource source = ReadManifestSource(*text, lang, /*keys_required=*/false);
      EXPECT_TRUE(source.problems.empty()) << FormatManifestProblems("new.json", source, lang);
      EXPECT_TRUE(source.keys_missing);
      EXPECT_EQ(source.manifest.time_zone(), "Europe/Zurich");
      // Keys required (posting): each placeholder key is a problem.
      ManifestSource strict = ReadManifestSource(*text, lang, /*keys_required=*/true);
      EXPECT_FALSE(strict.problems.empty());
    }
  }
  auto unknown = ManifestTemplate("referendum", "en", "Europe/Paris");
  EXPECT_EQ(ReasonOf(unknown.status()), "manifest.kind");
  EXPECT_TRUE(Has(std::string(unknown.status().message()), "participatory-budget"));
}

// A starting file with five mistakes: all five are reported, each at its place.
TEST(ManifestSource, EveryProblemAtOnceWithItsLineAndColumn) {
  auto text = ManifestTemplate("local-referendum", "en", "Europe/Paris");
  ASSERT_TRUE(text.ok());
  std::string t = *text;
  auto replace = [&](const std::string& from, const std::string& to) { Replace(t, from, to); };
  replace("\"revote_policy\"", "\"revote_polcy\"");      // unknown field, a suggestion
  replace("\"threshold\": 2", R"("threshold": "two")");  // not a number
  replace(R"("kind": "YES_NO")", R"("kind": "YESNO")");  // not a kind
  replace(R"("opens_at": ")", R"("opens_at": "2026-13-01 08:00", "x_opens": ")");
  ManifestSource source = ReadManifestSource(t, "en", false);
  std::string listed = FormatManifestProblems("m.json", source, "en");
  EXPECT_EQ(source.problems.size(), 5u) << listed;
  EXPECT_TRUE(Has(listed, "unknown field \"revote_polcy\" (did you mean \"revote_policy\"?)"))
      << listed;
  EXPECT_TRUE(Has(listed, "threshold: a whole number is expected here")) << listed;
  EXPECT_TRUE(Has(listed, "questions[0].kind: choose one of: YES_NO, ONE_OF, APPROVAL, BUDGET"))
      << listed;
  EXPECT_TRUE(Has(listed, "opens_at: \"2026-13-01 08:00\" is not a date and time")) << listed;
  EXPECT_TRUE(Has(listed, "unknown field \"x_opens\"")) << listed;
  EXPECT_TRUE(Has(listed, "5 problems; nothing was written or posted")) << listed;
  // The place is the value's: line and column of "two".
  size_t line = 1;
  size_t col = 1;
  for (size_t i = 0; i < t.find("\"two\""); ++i) {
    if (t[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(t[i]) & 0xC0) != 0x80) {
      ++col;
    }
  }
  EXPECT_TRUE(Has(listed, Cat("m.json:", line, ":", col, ": threshold:"))) << listed;
  for (const char* word : {"TYPE_", "int64", "proto"}) {
    EXPECT_FALSE(Has(listed, word)) << listed;
  }
}

TEST(ManifestSource, RulesAreReportedTogetherInFrench) {
  auto text = ManifestTemplate("participatory-budget", "fr", "Europe/Paris");
  ASSERT_TRUE(text.ok());
  std::string t = *text;
  auto replace = [&](const std::string& from, const std::string& to) { Replace(t, from, to); };
  replace(R"("reference": ")", R"("reference": "Majuscules )");
  replace(R"("en": ")", R"("en": "", "unused": ")");  // first English text: now unknown field
  ManifestSource source = ReadManifestSource(t, "fr", false);
  std::string listed = FormatManifestProblems("m.json", source, "fr");
  EXPECT_TRUE(Has(listed, "champ inconnu \"unused\"")) << listed;
  // Structural problems stop before the rules; fix it and the rules are listed together.
  replace(R"("en": "", "unused": ")", R"("en": ")");
  size_t at = t.find(R"("closes_at": ")");
  ASSERT_NE(at, std::string::npos);
  t.replace(at, t.find('\n', at) - at, R"("closes_at": "2020-01-01 00:00",)");
  source = ReadManifestSource(t, "fr", false);
  listed = FormatManifestProblems("m.json", source, "fr");
  EXPECT_TRUE(Has(listed, "reference : utilisez de 1 à 64 caractères")) << listed;
  EXPECT_TRUE(Has(listed, "closes_at : doit être après l'ouverture (opens_at)")) << listed;
  EXPECT_TRUE(Has(listed, "2 problèmes")) << listed;
}

TEST(ManifestSource, TimesZonesAndKeysAsWritten) {
  auto text = ManifestTemplate("consultation", "en", "Europe/Paris");
  ASSERT_TRUE(text.ok());
  std::string t = *text;
  size_t at = t.find(R"("opens_at": ")");
  ASSERT_NE(at, std::string::npos);
  t.replace(at, t.find('\n', at) - at, R"("opens_at": "2027-03-28 02:30",)");
  ManifestSource source = ReadManifestSource(t, "en", false);
  std::string listed = FormatManifestProblems("m.json", source, "en");
  EXPECT_TRUE(Has(listed, "does not exist in Europe/Paris (clocks go forward that night)"))
      << listed;
  at = t.find(R"("time_zone": "Europe/Paris")");
  t.replace(at, 27, R"("time_zone": "Europe/Lutece")");
  listed = FormatManifestProblems("m.json", ReadManifestSource(t, "en", false), "en");
  EXPECT_TRUE(Has(listed, "\"Europe/Lutece\" is not a time zone")) << listed;
  // Keys: 64 hex digits or base64; anything else is named.
  at = t.find(R"("authority_key": "")");
  ASSERT_NE(at, std::string::npos) << t;
  t.replace(at, 19, R"("authority_key": "abcd")");
  listed = FormatManifestProblems("m.json", ReadManifestSource(t, "en", false), "en");
  EXPECT_TRUE(Has(listed, "a key is 64 hexadecimal digits")) << listed;
}

TEST(JsonTree, SyntaxErrorsNameTheirPlace) {
  auto missing_comma = ParseJsonTree("{\n  \"a\": 1\n  \"b\": 2\n}");
  EXPECT_EQ(ReasonOf(missing_comma.status()), "json.syntax");
  EXPECT_EQ(missing_comma.status().message(),
            "line 2, column 9: a comma or } is missing after this value");
  auto fr = ParseJsonTree("{\"a\": 'x'}", "fr");
  EXPECT_TRUE(Has(std::string(fr.status().message()), "ligne 1, colonne 7 : les textes"))
      << fr.status();
  auto open = ParseJsonTree("{\"é\": \"abc\n}");
  EXPECT_EQ(open.status().message(),
            "line 1, column 7: this text is not closed by a \" on the same line");
  auto latin1 = ParseJsonTree("{\"a\": \"caf\xe9\"}");
  EXPECT_EQ(ReasonOf(latin1.status()), "json.encoding");
  auto trailing = ParseJsonTree("[1, 2,]");
  EXPECT_EQ(trailing.status().message(), "line 1, column 7: a comma too many before ]");
  auto ok = ParseJsonTree(
      "// comment\n{ /* here */ \"x\": [true, null, -1.5e3, \"\\u00e9\\ud83d\\ude00\"] }");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->members[0].value.items[3].text, "é😀");
  EXPECT_EQ(ok->members[0].at.line, 2);
}

}  // namespace
}  // namespace urne::authority

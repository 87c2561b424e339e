// urne-admin's messages in French and English (authority/messages.def, issue #16 §6): the
// table is complete (every message in both languages, with the same arguments, and a stable
// reason), and the program speaks the language of --lang, else of LC_ALL / LANG, keeping the
// stable reason.
#include "authority/messages.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "cli/messages.h"
#include "status/status.h"
#include "tests/support/process.h"

namespace urne::testing {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::multiset<std::string> Placeholders(const std::string& pattern) {
  static const std::regex re("\\{[0-9]\\}");
  std::multiset<std::string> out;
  for (auto it = std::sregex_iterator(pattern.begin(), pattern.end(), re);
       it != std::sregex_iterator(); ++it) {
    out.insert(it->str());
  }
  return out;
}

TEST(AdminMessages, EveryMessageInBothLanguagesWithTheSameArguments) {
  ASSERT_GT(authority::kAdminMessages, 40);
  const std::regex reason("[a-z_]+\\.[a-z_.]+");
  for (int i = 0; i < authority::kAdminMessages; ++i) {
    const auto id = static_cast<authority::AdminMsg>(i);
    const std::string en = authority::PatternOf(id, "en");
    const std::string fr = authority::PatternOf(id, "fr");
    EXPECT_FALSE(en.empty()) << i;
    EXPECT_FALSE(fr.empty()) << i;
    EXPECT_NE(en, fr) << "message " << i << " is not translated: " << en;
    EXPECT_EQ(Placeholders(en), Placeholders(fr)) << en << "\n" << fr;
    EXPECT_TRUE(std::regex_match(std::string(authority::ReasonOfMessage(id)), reason))
        << authority::ReasonOfMessage(id);
  }
}

TEST(AdminMessages, FilledInEitherLanguageAndCarriedByTheError) {
  absl::Status s = authority::Refuse(authority::AdminMsg::kVoterNotInMap, {"E-9", "map.csv"});
  EXPECT_EQ(ReasonOf(s), "voter.unknown");
  EXPECT_EQ(s.message(), "no voter with id \"E-9\" in map.csv. Nothing was done.");
  EXPECT_EQ(MessageIn(s, "fr"),
            "aucun électeur d'identifiant « E-9 » dans map.csv. Rien n'a été fait.");
  EXPECT_EQ(MessageIn(s, "en"), s.message());
  // A context prefix goes on both.
  absl::Status c = WithContext(s, "roll: ");
  EXPECT_EQ(MessageIn(c, "fr").rfind("roll: aucun électeur", 0), 0u) << MessageIn(c, "fr");
  EXPECT_EQ(ReasonOf(c), "voter.unknown");
  // A pattern's argument missing stays as written; extra arguments are ignored.
  EXPECT_EQ(cli::Fill("{0} and {1}", {"a"}), "a and {1}");
  EXPECT_EQ(cli::Fill("{1}{0}", {"a", "b", "c"}), "ba");
}

// What a command prints when it succeeds is in the language too (here init, offline).
TEST(AdminMessages, SuccessOutputInTheLanguageAskedFor) {
  const std::string dir = MakeTempDir("admin-lang");
  { std::ofstream(dir + "/pass") << "correct horse battery\n"; }
  RunResult fr = urne::testing::Run(
      Program("urne-admin"),
      {"init", "--out", dir + "/fr.key", "--passphrase-file", dir + "/pass", "--lang", "fr"});
  EXPECT_EQ(fr.exit_code, 0) << fr.err;
  EXPECT_TRUE(Has(fr.out, "clé d'autorité créée : " + dir + "/fr.key (clé publique aussi dans"))
      << fr.out;
  EXPECT_TRUE(Has(fr.out, "le « authority_key » du manifeste")) << fr.out;
  RunResult en = urne::testing::Run(Program("urne-admin"), {"init", "--out", dir + "/en.key",
                                                            "--passphrase-file", dir + "/pass"});
  EXPECT_EQ(en.exit_code, 0) << en.err;
  EXPECT_TRUE(Has(en.out, "authority key created: " + dir + "/en.key")) << en.out;
  std::filesystem::remove_all(dir);
}

// Every program's help in French (issue #16 §6): the usage text and every option's text
// (a text left in English would appear in the English help too). The testing faults of
// urne-trustee are for the test suite only and stay in English.
TEST(AdminMessages, EveryProgramsHelpInFrench) {
  for (const char* name :
       {"urne-admin", "urne-vote", "urne-trustee", "urne-board", "urne-verify"}) {
    RunResult en = urne::testing::Run(Program(name), {"--help", "--lang", "en"});
    RunResult fr = urne::testing::Run(Program(name), {"--help", "--lang", "fr"});
    EXPECT_EQ(fr.exit_code, 0) << name;
    EXPECT_NE(fr.out, en.out) << name;
    EXPECT_TRUE(Has(fr.out, "--lang fr|en, sinon selon LANG")) << name << fr.out;
    // Option (as printed) -> the first line of its text.
    auto texts = [](const std::string& help) {
      std::map<std::string, std::string> out;
      std::istringstream lines(help.substr(0, help.find("TESTING FAULTS")));
      std::string line;
      while (std::getline(lines, line)) {
        if (line.rfind("  -", 0) != 0) continue;
        const size_t gap = line.find("  ", 3);
        if (gap == std::string::npos) continue;  // the text starts on the next line
        out[line.substr(2, gap - 2)] = line.substr(line.find_first_not_of(' ', gap));
      }
      return out;
    };
    const auto en_texts = texts(en.out);
    const auto fr_texts = texts(fr.out);
    EXPECT_GT(fr_texts.size(), 3u) << name;
    for (const auto& [option, text] : fr_texts) {
      auto english = en_texts.find(option);
      if (english == en_texts.end()) continue;
      // An untranslated text: one first line is the start of the other (wrapped elsewhere).
      const size_t n = std::min(text.size(), english->second.size());
      EXPECT_NE(text.substr(0, n), english->second.substr(0, n))
          << name << ": the text of " << option << " is not translated";
    }
  }
}

// The language: --lang, else LC_ALL, LC_MESSAGES, LANG (the first set; "fr…" is French).
TEST(AdminMessages, TheProgramSpeaksTheLanguageAskedFor) {
  const std::string id(64, 'a');
  const std::vector<std::string> args = {"results", "--board",  "127.0.0.1:1", "--election",
                                         id,        "--format", "pdf"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> all = args;
    all.insert(all.end(), extra.begin(), extra.end());
    return urne::testing::Run(Program("urne-admin"), all);
  };
  RunResult fr = with({"--lang", "fr"});
  EXPECT_EQ(fr.exit_code, 2);
  EXPECT_EQ(fr.err, "urne-admin: format inconnu « pdf » ; utilisez text, json ou html\n");
  RunResult en = with({"--lang", "en"});
  EXPECT_EQ(en.err, "urne-admin: unknown format \"pdf\"; use text, json or html\n");
  RunResult bad = with({"--lang", "de"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Has(bad.err, "--lang is fr or en, not \"de\"")) << bad.err;

  const char* saved = std::getenv("LC_ALL");
  const std::string kept = saved ? saved : "";
  setenv("LC_ALL", "fr_CH.UTF-8", 1);
  RunResult from_env = with({});
  EXPECT_TRUE(Has(from_env.err, "format inconnu")) << from_env.err;
  RunResult flag_wins = with({"--lang", "en"});
  EXPECT_TRUE(Has(flag_wins.err, "unknown format")) << flag_wins.err;
  setenv("LC_ALL", "en_GB.UTF-8", 1);
  EXPECT_TRUE(Has(with({}).err, "unknown format"));
  if (saved) {
    setenv("LC_ALL", kept.c_str(), 1);
  } else {
    unsetenv("LC_ALL");
  }
}

}  // namespace
}  // namespace urne::testing

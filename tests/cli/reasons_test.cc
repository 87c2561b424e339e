// Every stable reason of urne in French and English (cli/reasons.def, issue #16 §6): the
// table names every reason the sources return, each once, with an English and a French
// sentence that differ (not a copy left untranslated), and a program prints the French
// sentence of a lower layer's reason under --lang fr while the reason stays as it is.
#include "cli/reasons.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "cli/program.h"
#include "status/status.h"

namespace urne::cli {
namespace {

// String literals of the form "a.b" in the sources that are not reasons (file names).
const std::set<std::string> kNotReasons = {
    "board.sqlite",    // bulletin-board/store.h: the database file
    "letters.csv",     // authority/letters.cc: the mail-merge file
    "letters.html",    // authority/letters.cc: the letters file
    "questions.kind",  // authority/manifest_template.cc: a comment's key
    "admin.output",    // authority/messages.def: what a command prints when it succeeds
};
// Reasons whose French sentence may equal the English one (proper names only). None yet.
const std::set<std::string> kSameInBothLanguages = {};

// Every "a.b[.c…]" string literal in the program and library folders.
std::set<std::string> ReasonsInTheSources() {
  static const std::regex literal("\"([a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+)\"");
  std::set<std::string> out;
  for (const char* folder :
       {"status", "crypto", "election", "board-client", "cli", "bulletin-board", "voter-client",
        "trustee-tools", "authority", "verifier"}) {
    for (const auto& file : std::filesystem::recursive_directory_iterator(
             std::string(URNE_SOURCE_DIR) + "/" + folder)) {
      const std::string ext = file.path().extension().string();
      if (file.path().filename() == "reasons.def" && folder == std::string("cli")) continue;
      if (ext != ".cc" && ext != ".h" && ext != ".def") continue;
      std::ifstream in(file.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string s = text.str();
      for (auto it = std::sregex_iterator(s.begin(), s.end(), literal);
           it != std::sregex_iterator(); ++it) {
        if (!kNotReasons.contains((*it)[1].str())) out.insert((*it)[1].str());
      }
    }
  }
  return out;
}

TEST(Reasons, EveryReasonOfTheSourcesIsInTheTable) {
  const std::set<std::string> used = ReasonsInTheSources();
  ASSERT_GT(used.size(), 200u);
  for (const std::string& reason : used) {
    EXPECT_NE(FindReason(reason), nullptr)
        << "reason \"" << reason << "\" has no row in cli/reasons.def (English and French)";
  }
}

TEST(Reasons, EveryRowInBothLanguagesSortedOnce) {
  const auto& table = ReasonTable();
  for (size_t i = 0; i < table.size(); ++i) {
    const ReasonText& row = table[i];
    EXPECT_TRUE(std::regex_match(std::string(row.reason),
                                 std::regex("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+")))
        << row.reason;
    if (i > 0) {
      EXPECT_LT(table[i - 1].reason, row.reason) << "sorted, each reason once";
    }
    EXPECT_FALSE(row.en.empty()) << row.reason;
    EXPECT_FALSE(row.fr.empty()) << row.reason;
    if (!kSameInBothLanguages.contains(std::string(row.reason))) {
      EXPECT_NE(row.en, row.fr) << row.reason << " is not translated";
    }
    // French typography: « » around words, straight quotes only inside JSON examples.
    const std::string fr(row.fr);
    if (fr.find('{') == std::string::npos) {
      EXPECT_EQ(fr.find('"'), std::string::npos) << row.reason << ": use « » in French";
    }
  }
  EXPECT_EQ(FindReason("no.such_reason"), nullptr);
}

TEST(Reasons, MessageForPrefersTheErrorsOwnFrenchThenTheTable) {
  // A lower layer's error: English only; French from the table; the reason unchanged.
  absl::Status low = Invalid("close.tree_head_mismatch", "CLOSE must countersign the log");
  EXPECT_EQ(MessageFor(low, "en"), "CLOSE must countersign the log");
  EXPECT_EQ(MessageFor(low, "fr"),
            "la clôture ne désigne pas le registre tel qu'il est (taille et racine de Merkle)");
  EXPECT_EQ(ReasonOf(low), "close.tree_head_mismatch");
  // A program's own message in both languages wins over the table.
  absl::Status own =
      Invalid("file.unreadable", Text{"cannot read x.csv", "impossible de lire x.csv"});
  EXPECT_EQ(MessageFor(own, "fr"), "impossible de lire x.csv");
  EXPECT_EQ(MessageFor(own, "en"), "cannot read x.csv");
  // An unknown reason (a foreign status) keeps its message.
  EXPECT_EQ(MessageFor(absl::InternalError("boom"), "fr"), "boom");
  // ReportError prints the language asked for.
  std::ostringstream fr;
  std::ostringstream en;
  EXPECT_EQ(ReportError(fr, "p", low, ErrorStyle::kReasonAndMessage, "fr"), kExitUsage);
  EXPECT_EQ(fr.str(),
            "p: close.tree_head_mismatch: la clôture ne désigne pas le registre tel qu'il est "
            "(taille et racine de Merkle)\n");
  ReportError(en, "p", low, ErrorStyle::kMessage, "en");
  EXPECT_EQ(en.str(), "p: CLOSE must countersign the log\n");
}

}  // namespace
}  // namespace urne::cli

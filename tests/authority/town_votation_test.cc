// Issue #16's "Done when": a new town's staff prepare, run and close a votation with the
// commands and flags the README and --help give them, every party a real program (urne-admin,
// urne-trustee, urne-vote, urne-verify) against a real urne-board on loopback:
// `manifest new`, an edit of the file's text as a person makes it, `manifest check` (a bad
// edit named by its place, nothing posted), the keys filled, `create`, a roll exported by a
// French spreadsheet (French column names, semicolons, Windows-1252, accented names), the
// letters (booth link, code, local times, in letters.html and letters.csv), the trustees'
// ceremony, `open`, voters with urne-vote, a stolen letter replaced after its voter voted,
// `voters --voted | --not-voted`, `close`, the trustees' decryption, `tally`, the results
// report, and urne-verify: VALID, with the replacement counted.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "status/status.h"
#include "tests/authority/authority_fixture.h"

namespace urne::testing {
namespace {

namespace fs = std::filesystem;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The text after "PREFIX" up to the end of its line, or "".
std::string LineAfter(const std::string& text, const std::string& prefix) {
  size_t at = text.find(prefix);
  if (at == std::string::npos) return "";
  at += prefix.size();
  return text.substr(at, text.find('\n', at) - at);
}

// UTF-8 → Windows-1252 for the characters of this test's roll (what Excel on Windows writes).
std::string ToWindows1252(const std::string& utf8) {
  static const std::map<std::string, char> table = {
      {"é", '\xE9'}, {"è", '\xE8'}, {"ê", '\xEA'}, {"ë", '\xEB'}, {"ç", '\xE7'},
      {"ï", '\xEF'}, {"ü", '\xFC'}, {"ô", '\xF4'}, {"É", '\xC9'}, {"œ", '\x9C'}};
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    if (static_cast<unsigned char>(utf8[i]) < 0x80) {
      out.push_back(utf8[i++]);
      continue;
    }
    bool found = false;
    for (const auto& [from, to] : table) {
      if (utf8.compare(i, from.size(), from) == 0) {
        out.push_back(to);
        i += from.size();
        found = true;
        break;
      }
    }
    if (!found) ADD_FAILURE() << "no Windows-1252 byte for " << utf8.substr(i, 2);
    if (!found) ++i;
  }
  return out;
}

// Replaces the one occurrence of `from` in `text` by `to` (an edit in a text editor).
void Edit(std::string& text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  ASSERT_EQ(text.find(from, at + 1), std::string::npos) << "more than one " << from;
  text.replace(at, from.size(), to);
}

class TownVotationTest : public AdminTest {
 protected:
  // `urne-admin VERB --board B --election E ARGS…` (with the key when `key`).
  RunResult Staff(const std::string& verb, std::vector<std::string> args, bool key = true) {
    args.insert(args.begin(), {verb, "--board", board_->address(), "--election", election_});
    if (key) {
      for (auto& a : KeyArgs()) args.push_back(a);
    }
    return Admin(args);
  }
  RunResult Trustee(int i, std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--board", board_->address(), "--election", election_, "--key",
                                   Cat(dir_, "/trustee-", i, ".key"), "--passphrase-file", pass_});
    return RunClient("urne-trustee", args);
  }
  RunResult Cast(const std::string& code, const std::string& answer) {
    return RunClient("urne-vote", {"cast", "--board", board_->address(), "--election", election_,
                                   "--credential", code, "--answer", "halle=" + answer, "--lang",
                                   "en", "--receipt", Cat(dir_, "/receipt-", ++casts_, ".json")});
  }
  size_t Elections() {
    auto listed = client_->ListElections();
    EXPECT_TRUE(listed.ok()) << listed.status();
    return listed.ok() ? listed->size() : 0;
  }

  int casts_ = 0;  // receipts of Cast, kept in dir_ (not the working directory)
};

TEST_F(TownVotationTest, StaffPrepareRunAndCloseAVotationFromTheReadmeAndHelp) {
  setenv("URNE_RECEIPTS_DIR", (dir_ + "/device").c_str(), 1);
  const std::string booth = "https://vote.saint-leu.example/";

  // The three trustees make their keys and send the staff their public keys.
  const std::vector<std::string> names = {"Maître Élise Faure, notaire",
                                          "Groupe d'opposition « Saint-Leu Demain »",
                                          "Association des Amis de la Halle"};
  std::vector<std::string> roster;
  for (int i = 1; i <= 3; ++i) {
    RunResult made =
        RunClient("urne-trustee", {"init", "--name", names[i - 1], "--out",
                                   Cat(dir_, "/trustee-", i, ".key"), "--passphrase-file", pass_});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const std::string sign = LineAfter(made.out, "signing key: ");
    const std::string box = LineAfter(made.out, "box key: ");
    ASSERT_EQ(sign.size(), 64u) << made.out;
    ASSERT_EQ(box.size(), 64u) << made.out;
    roster.push_back(Cat(names[i - 1], ":", sign, ":", box));
  }

  // 1. The manifest: the starting file, edited as a person edits it.
  const std::string file = dir_ + "/votation.json";
  RunResult made = Admin({"manifest", "new", "--kind", "local-referendum", "--out", file, "--lang",
                          "fr", "--time-zone", "Europe/Paris"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  std::string text = ReadAll(file);
  Edit(text, "\"democracite-2026-piscine\"", "\"saint-leu-2027-halle\"");
  Edit(text, "Référendum local du 29 novembre 2026 — Piscine municipale",
       "Référendum local du 14 mars 2027 — Halle du marché");
  Edit(text, "Local referendum of 29 November 2026 — Municipal swimming pool",
       "Local referendum of 14 March 2027 — Market hall");
  Edit(text, "\"Commune de Démocracité\"", "\"Commune de Saint-Leu\"");
  Edit(text, "\"Town of Démocracité\"", "\"Town of Saint-Leu\"");
  // The question's id, in the question and its decision ("replace all" in the editor).
  for (size_t at; (at = text.find("\"piscine\"")) != std::string::npos;) {
    text.replace(at, 9, "\"halle\"");
  }
  Edit(text, R"("fr": "Piscine municipale des Tilleuls")", "\"fr\": \"Halle du marché\"");
  Edit(text, R"("en": "Les Tilleuls municipal swimming pool")", R"("en": "Market hall")");
  Edit(text, "\"2026-11-15 08:00\"", "\"2027-03-07 18:00\"");
  Edit(text, "\"2026-11-22 08:00\"", "\"2027-03-14 08:00\"");
  // A slip first: the closing time typed before the opening, and a comma forgotten.
  Edit(text, "\"2026-11-29 18:00\",", "\"2027-03-13 19:00\"");
  Edit(text, "\"min_counted_ballots\": 10", "\"min_counted_ballots\": 3");
  std::ofstream(file, std::ios::trunc | std::ios::binary) << text;
  RunResult check = Admin({"manifest", "check", file, "--lang", "en"});
  EXPECT_EQ(check.exit_code, 2);
  // One clear message naming the place (line and column), and nothing posted.
  const int closes_line = static_cast<int>(
      std::count(text.begin(),
                 text.begin() + static_cast<std::ptrdiff_t>(text.find("\"closes_at\"")), '\n') +
      1);
  // At the end of the line where the comma goes.
  EXPECT_TRUE(Has(check.err, Cat(file, ":", closes_line, ":34: a comma")) &&
              Has(check.err, ": a comma or } is missing after this value\n1 problem; "))
      << check.err;
  EXPECT_TRUE(Has(check.err, "nothing was written or posted")) << check.err;
  EXPECT_FALSE(Has(check.err, "TYPE_")) << check.err;
  EXPECT_EQ(Elections(), 0u);
  Edit(text, "\"2027-03-13 19:00\"", "\"2027-03-13 19:00\",");
  std::ofstream(file, std::ios::trunc | std::ios::binary) << text;
  check = Admin({"manifest", "check", file, "--lang", "en"});
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_TRUE(Has(check.err, "closes_at: must be after opens_at")) << check.err;
  EXPECT_TRUE(Has(check.err, Cat(file, ":", closes_line, ":"))) << check.err;
  Edit(text, "\"2027-03-13 19:00\"", "\"2027-03-14 19:00\"");
  std::ofstream(file, std::ios::trunc | std::ios::binary) << text;
  check = Admin({"manifest", "check", file});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_TRUE(Has(check.out, "--authority-key")) << check.out;

  // The keys: the authority's (init), the board's (`urne-board key`), the trustees'.
  RunResult board_key =
      urne::testing::Run(Program("urne-board"), {"key", "--data", dir_ + "/board"});
  ASSERT_EQ(board_key.exit_code, 0) << board_key.err;
  const std::string filled = dir_ + "/manifest.json";
  std::vector<std::string> fill = {"manifest",
                                   "--template",
                                   file,
                                   "--authority-key",
                                   key_ + ".pub",
                                   "--board-key",
                                   board_key.out.substr(0, 64),
                                   "--threshold",
                                   "2",
                                   "--out",
                                   filled};
  for (const auto& t : roster) fill.insert(fill.end(), {"--trustee", t});
  RunResult filled_run = Admin(fill);
  ASSERT_EQ(filled_run.exit_code, 0) << filled_run.err;
  RunResult created = Admin({"create", "--board", board_->address(), "--manifest", filled, "--key",
                             key_, "--passphrase-file", pass_});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  election_ = created.out.substr(0, created.out.find('\n'));
  auto parsed_id = ParseElectionId(election_);
  ASSERT_TRUE(parsed_id.ok()) << created.out;
  id_ = *parsed_id;
  const v1::Manifest posted = Sync().state->manifest();
  EXPECT_EQ(posted.time_zone(), "Europe/Paris");
  EXPECT_EQ(posted.opens_at(), 1805007600);   // 2027-03-14 07:00 UTC (winter time, UTC+1)
  EXPECT_EQ(posted.closes_at(), 1805047200);  // 2027-03-14 18:00 UTC
  EXPECT_EQ(posted.title().fr(), "Référendum local du 14 mars 2027 — Halle du marché");
  EXPECT_EQ(posted.trustees(0).name(), names[0]);

  // 2. The roll, as the town's software exports it from Excel on Windows.
  const std::vector<std::vector<std::string>> residents = {
      {"E-0001", "Chloé Dubœuf", "3 rue de l'Église, 95320 Saint-Leu"},
      {"E-0002", "Hélène Bézier", "12 avenue de la Forêt, 95320 Saint-Leu"},
      {"E-0003", "François Garçon", "7 place du Marché, 95320 Saint-Leu"},
      {"E-0004", "Zoé Müller", "1 chemin des Crêtes, 95320 Saint-Leu"},
      {"E-0005", "Anaïs Noël", "28 rue Pasteur, 95320 Saint-Leu"},
      {"E-0006", "Jérôme Lefèvre", "5 allée des Côtes, 95320 Saint-Leu"}};
  std::string roll = "identifiant;nom;adresse;remarques\r\n";
  for (const auto& r : residents) roll += Cat(r[0], ";", r[1], ";\"", r[2], "\";\r\n");
  const std::string roll_path = WriteFile("liste-electorale.csv", ToWindows1252(roll));
  const std::string letters = dir_ + "/lettres";
  std::vector<std::string> roll_args = {"--voters", roll_path,     "--out",
                                        letters,    "--booth-url", booth};
  // Without --encoding: the file is named as Windows-1252, nothing is written or posted.
  const uint64_t before = Sync().state->size();
  std::vector<std::string> in_french = roll_args;
  in_french.insert(in_french.end(), {"--lang", "fr"});
  RunResult french = Staff("roll", in_french);
  EXPECT_EQ(french.exit_code, 2);
  EXPECT_TRUE(Has(french.err,
                  "liste-electorale.csv: 1 problème(s) dans la liste électorale ; rien n'a été "
                  "fait :\n  ligne 2 : le fichier n'est pas en UTF-8 (octet 0xe9) ; un fichier "
                  "exporté par Excel sous Windows est le plus souvent en Windows-1252 : ajoutez "
                  "--encoding windows-1252"))
      << french.err;
  RunResult wrong = Staff("roll", roll_args);
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_TRUE(Has(wrong.err,
                  "liste-electorale.csv: 1 problem(s) in the roll; nothing was done:\n  line 2: "
                  "the file is not UTF-8 (byte 0xe9)"))
      << wrong.err;
  EXPECT_TRUE(Has(wrong.err, "--encoding windows-1252")) << wrong.err;
  EXPECT_FALSE(fs::exists(letters));
  EXPECT_EQ(Sync().state->size(), before);
  roll_args.insert(roll_args.end(), {"--encoding", "windows-1252"});
  RunResult rolled = Staff("roll", roll_args);
  ASSERT_EQ(rolled.exit_code, 0) << rolled.err;
  EXPECT_EQ(Sync().state->roll().size(), residents.size());

  // 3. The letters: one printable file and the mail-merge CSV, each with the booth link, the
  // code and the voting window in the town's local time.
  const std::string html = ReadAll(letters + "/letters.html");
  const std::string merge = ReadAll(letters + "/letters.csv");
  const std::vector<std::string> codes = FindCodes(merge);
  ASSERT_EQ(codes.size(), residents.size()) << merge;
  const std::string link = booth + "#" + election_;
  EXPECT_TRUE(Has(html, "<a href=\"" + link + "\">")) << html.substr(0, 2000);
  EXPECT_TRUE(Has(html, "dimanche 14 mars 2027 à 08:00 (heure de Paris)"));
  EXPECT_TRUE(Has(html, "dimanche 14 mars 2027 à 19:00 (heure de Paris)"));
  EXPECT_TRUE(Has(html, "Sunday 14 March 2027, 08:00 (Paris time)"));
  for (const auto& r : residents) EXPECT_TRUE(Has(html, r[1])) << r[1];
  for (const auto& code : codes) {
    std::string groups;
    for (size_t at = 0; at < code.size(); at = code.find('-', at) + 1) {
      groups += "<span>" + code.substr(at, code.find('-', at) - at) + "</span>";
      if (code.find('-', at) == std::string::npos) break;
    }
    EXPECT_TRUE(Has(html, groups)) << code;
  }
  EXPECT_EQ(merge.substr(0, merge.find("\r\n")),
            "id,name,postal_address,notes,credential_code,letter_file,letter_number,election_id,"
            "booth_link,opens_fr,closes_fr,opens_en,closes_en");
  EXPECT_TRUE(Has(merge, Cat("E-0001,Chloé Dubœuf,\"3 rue de l'Église, 95320 Saint-Leu\",,",
                             codes[0], ",letters.html,1,", election_, ",", link,
                             ",dimanche 14 mars 2027 à 08:00 (heure de Paris),dimanche 14 mars "
                             "2027 à 19:00 (heure de Paris),\"Sunday 14 March 2027, 08:00 (Paris "
                             "time)\",\"Sunday 14 March 2027, 19:00 (Paris time)\"\r\n")))
      << merge;
  const std::string map = letters + "-voter-map.csv";
  ASSERT_TRUE(fs::exists(map));

  // 4. The trustees' key ceremony, each on their own machine at the same time; then open.
  std::vector<RunResult> ceremony(3);
  {
    std::vector<std::thread> threads;
    for (int i = 1; i <= 3; ++i) {
      threads.emplace_back([&, i] { ceremony[i - 1] = Trustee(i, {"ceremony", "--wait", "120"}); });
    }
    for (auto& t : threads) t.join();
  }
  for (const auto& r : ceremony) ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  RunResult open = Staff("open", {});
  ASSERT_EQ(open.exit_code, 0) << open.err;

  // 5. The vote. Chloé and Hélène vote yes; then Hélène's letter is reported stolen.
  RunResult chloe = Cast(codes[0], "yes");
  ASSERT_EQ(chloe.exit_code, 0) << chloe.err;
  ASSERT_EQ(Cast(codes[1], "yes").exit_code, 0);
  RunResult voted = Staff("voters", {"--map", map, "--voted", "--csv"}, false);
  ASSERT_EQ(voted.exit_code, 0) << voted.err;
  EXPECT_TRUE(Has(voted.out, "\nE-0002,")) << voted.out;
  const std::string new_letter = dir_ + "/E-0002-nouvelle-lettre.html";
  RunResult unknown = Staff("replace-credential",
                            {"--voter", "E-0020", "--voters", roll_path, "--encoding",
                             "windows-1252", "--map", map, "--out", new_letter, "--lang", "fr"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(Has(unknown.err,
                  "aucun électeur d'identifiant « E-0020 » dans " + map + ". Rien n'a été fait."))
      << unknown.err;
  EXPECT_FALSE(fs::exists(new_letter));
  RunResult replaced = Staff("replace-credential", {"--voter", "E-0002", "--voters", roll_path,
                                                    "--encoding", "windows-1252", "--map", map,
                                                    "--out", new_letter, "--booth-url", booth});
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  const std::string letter = ReadAll(new_letter);
  EXPECT_TRUE(Has(letter, "Hélène Bézier")) << letter.substr(0, 3000);
  EXPECT_TRUE(Has(letter, link));
  const std::vector<std::string> fresh = FindCodes([&] {
    std::string joined;  // the code's groups are <span>s
    size_t at = letter.find("<p class=\"code\"");
    size_t end = letter.find("</p>", at);
    for (size_t s = letter.find("<span>", at); s < end; s = letter.find("<span>", s + 1)) {
      if (!joined.empty()) joined.push_back('-');
      joined.append(letter, s + 6, letter.find("</span>", s) - s - 6);
    }
    return joined;
  }());
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_NE(fresh[0], codes[1]);
  // The old code's ballot no longer counts: Hélène has not voted now.
  RunResult not_voted = Staff("voters", {"--map", map, "--not-voted", "--csv"}, false);
  ASSERT_EQ(not_voted.exit_code, 0) << not_voted.err;
  EXPECT_EQ(not_voted.out, "id\nE-0002\nE-0003\nE-0004\nE-0005\nE-0006\n");
  // The old code can no longer vote, and its check says it was replaced (exit 3).
  RunResult stolen = Cast(codes[1], "no");
  EXPECT_NE(stolen.exit_code, 0);
  EXPECT_TRUE(Has(stolen.err, "credential.revoked") || Has(stolen.err, "replaced")) << stolen.err;
  RunResult old_check = RunClient(
      "urne-vote", {"check", "--board", board_->address(), "--election", election_, "--lang", "en"},
      codes[1] + "\n");
  EXPECT_EQ(old_check.exit_code, 3) << old_check.err << old_check.out;
  EXPECT_TRUE(Has(old_check.out, "REPLACED")) << old_check.out;
  // Its times in the town's zone, named (the signed head's and the replacement's).
  EXPECT_TRUE(Has(old_check.out, " Europe/Paris\n")) << old_check.out;
  EXPECT_TRUE(Has(old_check.out, " Europe/Paris): it no longer works")) << old_check.out;
  EXPECT_FALSE(Has(old_check.out, "UTC")) << old_check.out;
  // Chloé checks her ballot from the tracking code shown when she voted.
  const std::string tracking = LineAfter(chloe.out, "Tracking code: ");
  ASSERT_FALSE(tracking.empty()) << chloe.out;
  RunResult tracked =
      RunClient("urne-vote", {"check", "--board", board_->address(), "--election", election_,
                              "--tracking-code", tracking, "--lang", "fr"});
  EXPECT_EQ(tracked.exit_code, 0) << tracked.err << tracked.out;
  EXPECT_TRUE(Has(tracked.out, " Europe/Paris (horloge du registre)")) << tracked.out;
  // Hélène votes no with her new letter; François yes; Zoé blank; Anaïs and Jérôme abstain.
  // The new code votes with urne-vote (its credential is added after OPEN).
  RunResult helene = Cast(fresh[0], "no");
  ASSERT_EQ(helene.exit_code, 0) << helene.err << helene.out;
  ASSERT_EQ(Cast(codes[2], "yes").exit_code, 0);
  ASSERT_EQ(Cast(codes[3], "blank").exit_code, 0);

  // 6. Who voted (émargement), never how.
  voted = Staff("voters", {"--map", map, "--voted"}, false);
  ASSERT_EQ(voted.exit_code, 0) << voted.err;
  EXPECT_TRUE(Has(voted.out, "4 of 6 voters have a ballot that counts, 2 have none")) << voted.out;
  for (const char* id : {"E-0001", "E-0002", "E-0003", "E-0004"}) {
    EXPECT_TRUE(Has(voted.out, id)) << voted.out;
  }
  not_voted = Staff("voters", {"--map", map, "--not-voted", "--csv"}, false);
  EXPECT_EQ(not_voted.out, "id\nE-0005\nE-0006\n");

  // 7. Close; two of the three trustees decrypt the announced CLOSE; tally; publish.
  RunResult close = Staff("close", {});
  ASSERT_EQ(close.exit_code, 0) << close.err;
  const size_t root_at = close.out.find(", root ");
  ASSERT_NE(root_at, std::string::npos) << close.out;
  const std::string close_root = close.out.substr(root_at + 7, 64);
  for (int i : {1, 3}) {
    RunResult d = Trustee(i, {"decrypt", "--close-root", close_root});
    ASSERT_EQ(d.exit_code, 0) << d.err << d.out;
  }
  RunResult tally = Staff("tally", {"--wait", "60"});
  ASSERT_EQ(tally.exit_code, 0) << tally.err;
  EXPECT_TRUE(Has(tally.out, "adopté")) << tally.out;
  const std::string report = dir_ + "/resultats.html";
  RunResult published = Staff("results", {"--format", "html", "--out", report}, false);
  ASSERT_EQ(published.exit_code, 0) << published.err;
  const std::string page = ReadAll(report);
  EXPECT_TRUE(Has(page, "Halle du marché"));
  RunResult results = Staff("results", {"--format", "json"}, false);
  ASSERT_EQ(results.exit_code, 0) << results.err;
  EXPECT_TRUE(Has(results.out, "\"outcome\": \"adopted\"")) << results.out;
  EXPECT_TRUE(Has(results.out, "\"ballots_counted\": 4")) << results.out;

  // 8. Anyone verifies the saved record: VALID, the replacement counted, Hélène's first
  // ballot not in the count (yes 2: Chloé and François; no 1: Hélène's new letter; blank 1).
  const std::string record = dir_ + "/record.urne";
  RunResult saved = RunClient(
      "urne-verify", {"--board", board_->address(), "--election", election_, "--save", record});
  ASSERT_EQ(saved.exit_code, 0) << saved.err << saved.out;
  RunResult verified = urne::testing::Run(Program("urne-verify"), {record});
  EXPECT_EQ(verified.exit_code, 0) << verified.err << verified.out;
  EXPECT_TRUE(Has(verified.out, "\nVALID: every step holds")) << verified.out;
  EXPECT_TRUE(Has(verified.out, "Credentials replaced during the vote (lost or stolen letters): 1"))
      << verified.out;
  EXPECT_TRUE(Has(verified.out, "4 ballots counted of 6 registered")) << verified.out;
  EXPECT_TRUE(Has(verified.out, "    Yes: 2\n    No: 1\n    Blank vote: 1\n")) << verified.out;
  // The same report in French (--lang fr), and its HTML page.
  RunResult french_report = urne::testing::Run(
      Program("urne-verify"), {record, "--lang", "fr", "--html", dir_ + "/verification.html"});
  EXPECT_EQ(french_report.exit_code, 0) << french_report.err;
  const std::string& fr_out = french_report.out;
  EXPECT_TRUE(Has(fr_out, "Scrutin " + election_ +
                              "\n  Référendum local du 14 mars 2027 — Halle "
                              "du marché\n"))
      << fr_out;
  EXPECT_TRUE(Has(fr_out, "ok          5.2  CREDENTIAL_REPLACEMENT : signé par l'autorité"))
      << fr_out;
  EXPECT_TRUE(Has(fr_out,
                  "Accréditations remplacées pendant le vote (lettres perdues ou volées) "
                  ": 1\n"))
      << fr_out;
  EXPECT_TRUE(Has(fr_out,
                  "Résultats (recalculés ; 4 bulletins comptés sur 6 inscrits)\n  Halle "
                  "du marché [halle]\n    Oui : 2\n    Non : 1\n    Vote blanc : 1\n"))
      << fr_out;
  EXPECT_TRUE(Has(fr_out, "\nVALIDE : toutes les étapes sont vérifiées")) << fr_out;
  const std::string verification_page = ReadAll(dir_ + "/verification.html");
  EXPECT_TRUE(Has(verification_page, "<html lang=\"fr\">"));
  EXPECT_TRUE(Has(verification_page, "<h2>Toutes les étapes</h2>"));
}

}  // namespace
}  // namespace urne::testing

// urne-admin through the real program and a real board: key files, manifest validation
// messages, the roll's edge cases, that no code remains outside the letters folder,
// wrong-phase refusals naming the phase, idempotent reruns.
#include <gtest/gtest.h>

#include <filesystem>

#include "status/status.h"
#include "tests/authority/authority_fixture.h"

namespace urne::testing {
namespace {
namespace fs = std::filesystem;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class AdminCliTest : public AdminTest {
 protected:
  RunResult RollWith(const std::string& csv, const std::string& letters) {
    std::string path = WriteFile("roll-input.csv", csv);
    return Admin({"roll", "--board", board_->address(), "--election", election_, "--voters", path,
                  "--out", letters, "--key", key_, "--passphrase-file", pass_});
  }
  RunResult Phase(const std::string& verb) {
    return Admin({verb, "--board", board_->address(), "--election", election_, "--key", key_,
                  "--passphrase-file", pass_, "--wait", "0"});
  }
  size_t LogSize() {
    auto s = client_->Sync(id_);
    return s.ok() ? s->state->size() : 0;
  }
};

TEST_F(AdminCliTest, InitWritesSealedKeyAndPublicKey) {
  std::string pub = ReadTree(dir_)[key_ + ".pub"];
  EXPECT_EQ(pub.size(), 65u);  // 64 hex digits and a newline
  std::string sealed = ReadTree(dir_)[key_];
  EXPECT_EQ(sealed.substr(0, 8), "URNEKEY1");
  EXPECT_EQ(fs::status(key_).permissions() & fs::perms::group_all, fs::perms::none);
  // Never overwritten.
  RunResult again = Admin({"init", "--out", key_, "--passphrase-file", pass_});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_TRUE(Has(again.err, "already exists")) << again.err;
  // Wrong passphrase.
  std::string manifest = FillExample("local-referendum.json");
  std::string wrong = WriteFile("wrong", "not the passphrase\n");
  RunResult bad = Admin({"create", "--board", board_->address(), "--manifest", manifest, "--key",
                         key_, "--passphrase-file", wrong});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Has(bad.err, "passphrase")) << bad.err;
}

TEST_F(AdminCliTest, CreateRefusesInvalidManifestNamingTheField) {
  std::string manifest = FillExample("participatory-budget.json");
  std::string text = ReadTree(dir_)[manifest];
  size_t at = text.find(R"("cost": "15000")");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, std::string(R"("cost": "15000")").size(), R"("cost": "0")");
  std::string broken = WriteFile("broken.json", text);
  RunResult r = Admin({"create", "--board", board_->address(), "--manifest", broken, "--key", key_,
                       "--passphrase-file", pass_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(
      Has(r.err, "questions[0].options[4]: a budget question needs a cost for every option"))
      << r.err;
  std::string unknown = WriteFile("unknown.json", R"({"version": 1, "colour": "red"})");
  r = Admin({"create", "--board", board_->address(), "--manifest", unknown, "--key", key_,
             "--passphrase-file", pass_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, unknown + ":1:16: unknown field \"colour\"")) << r.err;
  // In French with --lang fr, the same place.
  r = Admin({"create", "--board", board_->address(), "--manifest", unknown, "--key", key_,
             "--passphrase-file", pass_, "--lang", "fr"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, unknown + ":1:16: ")) << r.err;
  EXPECT_FALSE(Has(r.err, "unknown field")) << r.err;
  // Nothing was posted.
  auto elections = client_->ListElections();
  ASSERT_TRUE(elections.ok()) << elections.status();
  EXPECT_TRUE(elections->empty());
}

TEST_F(AdminCliTest, CreateRefusesAnotherAuthorityKey) {
  std::string manifest = FillExample("local-referendum.json");
  std::string other = dir_ + "/other.key";
  ASSERT_EQ(Admin({"init", "--out", other, "--passphrase-file", pass_}).exit_code, 0);
  RunResult r = Admin({"create", "--board", board_->address(), "--manifest", manifest, "--key",
                       other, "--passphrase-file", pass_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "authority_key does not match the key file")) << r.err;
}

// A board whose certificate another CA signed (a man in the middle, or the wrong --tls-ca):
// urne-admin stops at the TLS handshake, exits 2 naming it, and nothing reaches the board.
TEST_F(AdminCliTest, CreateRefusesABoardCertificateFromAnotherCa) {
  std::string manifest = FillExample("local-referendum.json");
  auto other = MakeTestCertificates(dir_ + "/other-ca");
  ASSERT_TRUE(other.ok()) << other.status();
  std::vector<std::string> args = {"create", "--board",  board_->address(), "--manifest",
                                   manifest, "--tls-ca", other->ca_file};
  for (auto& a : KeyArgs()) args.push_back(a);
  RunResult r = urne::testing::Run(Program("urne-admin"), args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "TLS handshake with the board failed")) << r.err;
  EXPECT_TRUE(Has(r.err, "certificate verify failed")) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  auto elections = client_->ListElections();
  ASSERT_TRUE(elections.ok()) << elections.status();
  EXPECT_TRUE(elections->empty());
  // The same command trusting the board's CA posts it.
  EXPECT_EQ(Create(manifest).size(), 64u);
}

TEST_F(AdminCliTest, ManifestTemplateNeedsRealKeys) {
  const std::string tmpl = std::string(URNE_EXAMPLES_DIR) + "/swiss-day.json";
  const std::string board_key = ToHex(AsBytes(board_->board_key()));
  RunResult r = Admin({"manifest", "--template", tmpl, "--authority-key", key_ + ".pub",
                       "--board-key", board_key, "--out", dir_ + "/m.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "trustees[0].signing_key: not a valid Ed25519 public key")) << r.err;
  r = Admin({"manifest", "--template", tmpl, "--authority-key", key_ + ".pub", "--board-key",
             board_key, "--trustee", "no-colons", "--out", dir_ + "/m.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "NAME:SIGNHEX:BOXHEX")) << r.err;
  // The board key is required, and must be a key.
  r = Admin({"manifest", "--template", tmpl, "--authority-key", key_ + ".pub", "--out",
             dir_ + "/m.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "--board-key is required")) << r.err;
  r = Admin({"manifest", "--template", tmpl, "--authority-key", key_ + ".pub", "--board-key",
             "not-a-key", "--out", dir_ + "/m.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "--board-key: ")) << r.err;
  EXPECT_FALSE(fs::exists(dir_ + "/m.json"));
}

// Issue #16 part 1, as staff do it: `manifest new`, an edit in local time, `manifest check`
// listing every problem with its place (nothing written), the fix, the keys filled by
// `manifest --template`, and `create`: the posted manifest holds the Unix times of the local
// times written, and its time zone.
TEST_F(AdminCliTest, StaffWriteAManifestInLocalTimeAndPostIt) {
  const std::string file = dir_ + "/consultation.json";
  RunResult made = Admin({"manifest", "new", "--kind", "consultation", "--out", file, "--lang",
                          "fr", "--time-zone", "Europe/Zurich"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_TRUE(Has(made.out, "urne-admin manifest check")) << made.out;
  RunResult again = Admin({"manifest", "new", "--kind", "consultation", "--out", file});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_TRUE(Has(again.err, "already exists; nothing was written (--force")) << again.err;
  std::string text = ReadTree(dir_)[file];
  auto set_line = [&](const std::string& field, const std::string& value) {
    size_t at = text.find("\"" + field + "\": ");
    ASSERT_NE(at, std::string::npos) << field;
    size_t end = text.find('\n', at);
    std::string line = text.substr(at, end - at);
    text.replace(at, line.size(), "\"" + field + "\": " + value + (line.back() == ',' ? "," : ""));
  };
  set_line("opens_at", "\"2027-06-13 08:00\"");
  set_line("closes_at", "\"2027-06-13 07:00\"");  // before the opening
  set_line("threshold", "\"2 garants\"");
  set_line("ceremony_deadline", "\"2027-06-06 18:00\"");
  WriteFile("consultation.json", text);
  RunResult check = Admin({"manifest", "check", file, "--lang", "en"});
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_TRUE(Has(check.err, "threshold: a whole number is expected here")) << check.err;
  EXPECT_TRUE(Has(check.err, "1 problem; nothing was written or posted")) << check.err;
  set_line("threshold", "1");
  WriteFile("consultation.json", text);
  check = Admin({"manifest", "check", file, "--lang", "en"});
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_TRUE(Has(check.err, "closes_at: must be after opens_at")) << check.err;
  set_line("closes_at", "\"2027-06-13 12:00\"");
  WriteFile("consultation.json", text);
  check = Admin({"manifest", "check", file, "--lang", "en"});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_TRUE(Has(check.out, "keys (authority, board, trustees) are still to fill")) << check.out;

  const std::string filled = dir_ + "/filled.json";
  std::vector<std::string> args = {"manifest",
                                   "--template",
                                   file,
                                   "--authority-key",
                                   key_ + ".pub",
                                   "--board-key",
                                   ToHex(AsBytes(board_->board_key())),
                                   "--out",
                                   filled};
  for (int i = 0; i < 3; ++i) {
    SigningKey sign = SigningKey::Generate();
    BoxKeyPair box = BoxKeyPair::Generate();
    args.emplace_back("--trustee");
    args.push_back(Cat(":", ToHex(sign.public_key().bytes), ":", ToHex(box.public_key)));
  }
  // The hosted booth's digest (specs/booth.md §7.4): 64 hex digits, else nothing is written.
  const std::string digest(64, 'c');
  args.insert(args.end(), {"--booth-digest", digest.substr(0, 62)});
  RunResult bad_digest = Admin(args);
  EXPECT_EQ(bad_digest.exit_code, 2);
  EXPECT_TRUE(Has(bad_digest.err, "urne-board booth-digest")) << bad_digest.err;
  EXPECT_FALSE(fs::exists(filled));
  args.back() = digest;
  RunResult fill = Admin(args);
  ASSERT_EQ(fill.exit_code, 0) << fill.err;
  Create(filled);
  auto posted = client_->Sync(id_);
  ASSERT_TRUE(posted.ok()) << posted.status();
  const v1::Manifest& m = posted->state->manifest();
  EXPECT_EQ(m.time_zone(), "Europe/Zurich");
  EXPECT_EQ(m.opens_at(), 1812866400);   // 2027-06-13 06:00 UTC (summer time, UTC+2)
  EXPECT_EQ(m.closes_at(), 1812880800);  // 2027-06-13 10:00 UTC
  EXPECT_EQ(m.decisions(0).rule(), v1::MAJORITY);
  EXPECT_EQ(ToHex(AsBytes(m.booth_digest())), digest);
}

// `urne-board key` prints the key the board signs with; a manifest naming another board's
// key is refused by the board (every tree head it signs would fail the clients' check).
TEST_F(AdminCliTest, BoardKeyCommandAndTheBoardRefusesAnotherBoardsManifest) {
  RunResult key = urne::testing::Run(Program("urne-board"), {"key", "--data", dir_ + "/board"});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  EXPECT_EQ(key.out, ToHex(AsBytes(board_->board_key())) + "\n");
  // A new directory gets a new key, and the same one on every later call.
  RunResult fresh = urne::testing::Run(Program("urne-board"), {"key", "--data", dir_ + "/b2"});
  ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
  EXPECT_NE(fresh.out, key.out);
  EXPECT_EQ(urne::testing::Run(Program("urne-board"), {"key", "--data", dir_ + "/b2"}).out,
            fresh.out);
  std::string manifest = FillExample("local-referendum.json");
  RunResult other = Admin({"manifest", "--template", manifest, "--authority-key", key_ + ".pub",
                           "--board-key", fresh.out, "--out", dir_ + "/other-board.json"});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  RunResult r = Admin({"create", "--board", board_->address(), "--manifest",
                       dir_ + "/other-board.json", "--key", key_, "--passphrase-file", pass_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "the manifest's board_key is not this board's key")) << r.err;
  EXPECT_TRUE(Has(r.err, key.out.substr(0, 64))) << r.err;
}

TEST_F(AdminCliTest, RollRefusesDuplicateIdsWithLineNumbersAndWritesNothing) {
  Create(FillExample("local-referendum.json"));
  size_t before = LogSize();
  std::string letters = dir_ + "/letters";
  RunResult r =
      RollWith("id,name,postal_address\nA1,Ana,1 rue\nB2,Bruno,2 rue\nA1,Alice,3 rue\n", letters);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "row 4 (line 4): the id \"A1\" is already used on row 2")) << r.err;
  EXPECT_FALSE(fs::exists(letters));
  EXPECT_FALSE(fs::exists(letters + ".tmp"));
  EXPECT_EQ(LogSize(), before);
}

// A header whose names are not known: one problem, naming what the header has and what is
// expected; nothing written or posted.
TEST_F(AdminCliTest, RollRefusesAnUnknownHeaderWithOneMessageAndPostsNothing) {
  Create(FillExample("local-referendum.json"));
  const size_t before = LogSize();
  const std::string letters = dir_ + "/letters";
  RunResult r = RollWith("numero_secu;nom_complet;rue\n1;Ana;1 rue\n2;Bruno;2 rue\n", letters);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err,
                  "1 problem(s) in the roll; nothing was done:\n  row 1 (line 1): the header "
                  "does not name the column(s) id, postal_address. It has \"numero_secu\", "
                  "\"nom_complet\", \"rue\"; expected an id (id, identifiant, numéro)"))
      << r.err;
  EXPECT_TRUE(Has(r.err, "--columns id=…,name=…,postal_address=…")) << r.err;
  EXPECT_FALSE(fs::exists(letters));
  EXPECT_EQ(LogSize(), before);
}

TEST_F(AdminCliTest, RollRefusesMalformedRowsAndEmptyFile) {
  Create(FillExample("local-referendum.json"));
  std::string letters = dir_ + "/letters";
  RunResult r =
      RollWith("id,name,postal_address\nA1,Ana\nB2,\"Bru\"no\",2 rue\n,X,3 rue\n", letters);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "row 2 (line 2): 2 fields where the header has 3")) << r.err;
  EXPECT_TRUE(Has(r.err, "row 3 (line 3):")) << r.err;
  EXPECT_TRUE(Has(r.err, "row 4 (line 4): the id is empty")) << r.err;
  r = RollWith("", letters);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "the file is empty")) << r.err;
  EXPECT_FALSE(fs::exists(letters));
  EXPECT_EQ(LogSize(), 1u);
}

// A board whose entry limit is below the roll's size: the refusal names both sizes and the
// flag that raises the limit; the letters are deleted and only the manifest is on the board.
class AdminSmallBoardTest : public AdminCliTest {
 protected:
  std::vector<std::string> BoardArgs() const override { return {"--max-entry-bytes", "6000"}; }
};

TEST_F(AdminSmallBoardTest, ARollBeyondTheBoardsLimitNamesTheFlagAndKeepsNoLetter) {
  Create(FillExample("local-referendum.json"));
  std::string csv = "id,name,postal_address\n";
  for (int v = 0; v < 200; ++v) csv += Cat("V", v, ",Voter ", v, ",", v, " rue\n");
  const std::string letters = dir_ + "/letters";
  RunResult r = RollWith(csv, letters);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "the board refused the roll; the letters were deleted")) << r.err;
  EXPECT_TRUE(Has(r.err, "ROLL payloads are limited to 6000 bytes here")) << r.err;
  EXPECT_TRUE(Has(r.err, "restarted with --max-entry-bytes of at least")) << r.err;
  EXPECT_FALSE(fs::exists(letters));
  EXPECT_EQ(LogSize(), 1u);
}

// `roll --booth-url`: every letter gives the hosted booth's link URL#ELECTION-ID (issue #15),
// times in the manifest's zone; a malformed address is refused before anything is done.
TEST_F(AdminCliTest, RollPrintsTheBoothLinkOnEveryLetter) {
  std::string manifest = FillExample("local-referendum.json");
  Create(manifest);
  const std::string csv = WriteFile("roll-link.csv", "id,name,postal_address\nA1,Ana,1 rue\n");
  auto roll = [&](const std::string& url, const std::string& out) {
    return Admin({"roll", "--board", board_->address(), "--election", election_, "--voters", csv,
                  "--out", out, "--key", key_, "--passphrase-file", pass_, "--booth-url", url});
  };
  for (const std::string bad : {"http://vote.example.ch/", "https://", "https://vote.example.ch/?x",
                                "https://vote.example.ch/#id", "https://vote example.ch/"}) {
    RunResult r = roll(bad, dir_ + "/bad-letters");
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_TRUE(Has(r.err, "give the board's HTTPS address")) << bad << ": " << r.err;
    EXPECT_FALSE(fs::exists(dir_ + "/bad-letters")) << bad;
  }
  EXPECT_EQ(LogSize(), 1u);  // nothing posted
  RunResult r = roll("https://vote.example.ch", dir_ + "/letters");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string letter = ReadTree(dir_ + "/letters")[dir_ + "/letters/letters.html"];
  const std::string link = "https://vote.example.ch/#" + election_;
  EXPECT_TRUE(Has(letter, "<a href=\"" + link + "\">" + link + "</a>")) << letter;
  EXPECT_TRUE(Has(letter, "n'importe quel navigateur")) << letter;
  EXPECT_TRUE(Has(letter, "any web browser")) << letter;
  EXPECT_TRUE(Has(letter, "urne-vote cast --board")) << letter;
}

TEST_F(AdminCliTest, RollWithQuotingLeavesNoCodeOutsideTheLettersFolder) {
  std::string manifest = FillExample("local-referendum.json");
  Create(manifest);
  std::string letters = dir_ + "/out/letters";
  fs::create_directories(dir_ + "/out");
  RunResult r = RollWith(
      "id,name,postal_address,notes\r\n"
      "F-001,\"Dupont, Jean \"\"Jeannot\"\"\",\"12 place du Marché\r\n75000 Démocracité\",\r\n"
      "F-002,Zoé Martin,3 chemin des Vignes,large print\r\n"
      "F-003,<b>Ali</b>,5 rue & co,\r\n",
      letters);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto files = ReadTree(letters);
  ASSERT_EQ(files.size(), 2u);  // letters.html (three letters, one per page) and letters.csv
  std::string merge = files[letters + "/letters.csv"];
  std::vector<std::string> codes = FindCodes(merge);
  ASSERT_EQ(codes.size(), 3u);
  EXPECT_TRUE(Has(merge, "\"Dupont, Jean \"\"Jeannot\"\"\"")) << merge;
  EXPECT_TRUE(Has(merge, "\"12 place du Marché\r\n75000 Démocracité\"")) << merge;
  // Each letter holds its own code, the title, the window, the commands; HTML is escaped.
  const std::string all = files[letters + "/letters.html"];
  EXPECT_TRUE(Has(merge, ",letters.html,1," + election_ + ",,") &&
              Has(merge, ",letters.html,3," + election_ + ",,"))
      << merge;
  // Each letter is a section that starts a new printed page.
  EXPECT_TRUE(Has(all, ".letter+.letter{break-before:page")) << all;
  const std::string first =
      all.substr(0, all.find("<section class=\"letter\">", all.find("<section") + 1));
  EXPECT_TRUE(Has(first, codes[0].substr(0, 4))) << first;
  EXPECT_TRUE(Has(first, "Piscine municipale"));
  EXPECT_TRUE(Has(first, "dimanche 22 novembre 2026 à 08:00 (heure de Paris)")) << first;
  EXPECT_TRUE(Has(first, "Sunday 29 November 2026, 18:00 (Paris time)")) << first;
  EXPECT_TRUE(Has(first, "urne-vote cast --board"));
  EXPECT_FALSE(Has(first, "<a href"));  // no hosted booth named: urne-vote only
  EXPECT_TRUE(Has(first, "Si vous ne votez pas"));
  EXPECT_TRUE(Has(first, "If you do not vote"));
  EXPECT_TRUE(Has(first, "Check your ballot"));
  EXPECT_FALSE(Has(first, "<script"));
  EXPECT_TRUE(Has(all, "&lt;b&gt;Ali&lt;/b&gt;"));
  EXPECT_EQ(fs::status(letters).permissions() & (fs::perms::group_all | fs::perms::others_all),
            fs::perms::none);
  // No code anywhere but the letters folder: the key file, its .pub, the manifest, the CSV,
  // the whole working folder and the board's data, in both displayed and canonical forms.
  for (const auto& [path, content] : ReadTree(dir_)) {
    if (path.rfind(letters + "/", 0) == 0) continue;
    for (const auto& code : codes) {
      std::string canonical;
      for (char c : code) {
        if (c != '-') canonical.push_back(c);
      }
      EXPECT_FALSE(Has(content, code)) << path;
      EXPECT_FALSE(Has(content, canonical)) << path;
    }
  }
  EXPECT_FALSE(fs::exists(letters + ".tmp"));
  // The roll on the board is the codes' credentials, sorted.
  auto s = client_->Sync(id_);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->state->roll_posted());
  EXPECT_EQ(s->state->roll().size(), 3u);

  // A second roll is refused before anything is generated.
  std::string second = dir_ + "/second";
  RunResult again = RollWith("id,name,postal_address\nX,Y,Z\n", second);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_TRUE(Has(again.err, "already on the board")) << again.err;
  EXPECT_FALSE(fs::exists(second));
  EXPECT_FALSE(fs::exists(second + ".tmp"));
  // An existing letters folder is never overwritten.
  RunResult existing = RollWith("id,name,postal_address\nX,Y,Z\n", letters);
  EXPECT_EQ(existing.exit_code, 2);
}

TEST_F(AdminCliTest, RollIntoExistingFolderRefusedBeforePosting) {
  Create(FillExample("local-referendum.json"));
  std::string letters = dir_ + "/existing";
  fs::create_directories(letters);
  RunResult r = RollWith("id,name,postal_address\nA,B,C\n", letters);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "already exists")) << r.err;
  EXPECT_EQ(LogSize(), 1u);
  EXPECT_TRUE(fs::is_empty(letters));
}

TEST_F(AdminCliTest, WrongPhaseRefusalsNameTheCurrentPhaseAndRerunsAreIdempotent) {
  Create(FillExample("local-referendum.json"));
  RunResult open = Phase("open");
  EXPECT_EQ(open.exit_code, 2);
  EXPECT_TRUE(Has(open.err, "the election is SETUP")) << open.err;
  RunResult close = Phase("close");
  EXPECT_EQ(close.exit_code, 2);
  EXPECT_TRUE(Has(close.err, "the election is SETUP")) << close.err;
  RunResult tally = Phase("tally");
  EXPECT_EQ(tally.exit_code, 2);
  EXPECT_TRUE(Has(tally.err, "the election is SETUP")) << tally.err;
  RunResult results = Admin({"results", "--board", board_->address(), "--election", election_});
  EXPECT_EQ(results.exit_code, 2);
  EXPECT_TRUE(Has(results.err, "the election is SETUP")) << results.err;

  std::vector<std::string> codes = Roll(2, dir_ + "/letters");
  ASSERT_EQ(codes.size(), 2u);
  Ceremony();
  ASSERT_EQ(Phase("open").exit_code, 0);
  // The OPEN it signed is recorded next to the key (signed once per election, ever).
  EXPECT_TRUE(fs::exists(Cat(key_, ".signed/", election_, ".open")));
  EXPECT_FALSE(fs::exists(Cat(key_, ".signed/", election_, ".close")));
  RunResult reopen = Phase("open");
  EXPECT_EQ(reopen.exit_code, 0) << reopen.err;
  EXPECT_TRUE(Has(reopen.out, "already open")) << reopen.out;
  RunResult early = Phase("tally");
  EXPECT_EQ(early.exit_code, 2);
  EXPECT_TRUE(Has(early.err, "the election is VOTING")) << early.err;
  RunResult late_roll = RollWith("id,name,postal_address\nA,B,C\n", dir_ + "/late");
  EXPECT_EQ(late_roll.exit_code, 2);
  Cast(codes[0], {{1}});
  RunResult closed = Phase("close");
  ASSERT_EQ(closed.exit_code, 0) << closed.err;
  EXPECT_TRUE(Has(closed.out, "the vote is closed: CLOSE countersigns size ")) << closed.out;
  EXPECT_TRUE(fs::exists(Cat(key_, ".signed/", election_, ".close")));
  RunResult reclose = Phase("close");
  EXPECT_EQ(reclose.exit_code, 0);
  EXPECT_TRUE(Has(reclose.out, "already closed")) << reclose.out;
  RunResult reopen_closed = Phase("open");
  EXPECT_EQ(reopen_closed.exit_code, 2);
  EXPECT_TRUE(Has(reopen_closed.err, "the election is CLOSED")) << reopen_closed.err;
  // Tally with too few decryptions: waits, then says how many are missing.
  Decrypt(2);
  RunResult waiting = Phase("tally");
  EXPECT_EQ(waiting.exit_code, 2);
  EXPECT_TRUE(Has(waiting.err, "1 of the 2 partial decryptions")) << waiting.err;
  // --wait names who decrypted and who is missing, once while nothing changes.
  RunResult patient = Admin({"tally", "--board", board_->address(), "--election", election_,
                             "--key", key_, "--passphrase-file", pass_, "--wait", "3"});
  EXPECT_EQ(patient.exit_code, 2);
  // The line (trustees named as the manifest names them) once while waiting, then once more
  // in the final error, nothing else.
  const std::string line = patient.err.substr(0, patient.err.find('\n') + 1);
  EXPECT_EQ(
      line.rfind("1 of the 2 partial decryptions needed are on the board (from trustee 2 (", 0), 0u)
      << patient.err;
  EXPECT_TRUE(Has(line, "); still missing: trustee 1 (")) << line;
  EXPECT_TRUE(Has(line, "), trustee 3 (")) << line;
  EXPECT_TRUE(Has(line, "); any 1 of them will do\n")) << line;
  const size_t last = patient.err.find("waited 3 s (raise --wait): " + line);
  ASSERT_NE(last, std::string::npos) << patient.err;
  EXPECT_EQ(patient.err.find(line, 1), last + 27) << "printed again: " << patient.err;
  Decrypt(1);
  RunResult done = Phase("tally");
  EXPECT_EQ(done.exit_code, 0) << done.err;
  // 1 of 2 voted: turnout 50 % reaches the quorum; no 1 > yes 0: rejected.
  EXPECT_TRUE(Has(done.out, "rejeté")) << done.out;
  RunResult status =
      Admin({"status", "--board", board_->address(), "--election", election_, "--json"});
  EXPECT_EQ(status.exit_code, 0);
  EXPECT_TRUE(Has(status.out, "\"phase\": \"TALLIED\"")) << status.out;
  EXPECT_TRUE(Has(status.out, "\"registered\": 2")) << status.out;
}

TEST_F(AdminCliTest, UsageErrors) {
  RunResult none = Admin({});
  EXPECT_EQ(none.exit_code, 2);
  RunResult help = Admin({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(Has(help.out, "urne-admin COMMAND"));
  RunResult unknown = Admin({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  RunResult missing = Admin({"open", "--board", board_->address()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(Has(missing.err, "--key is required")) << missing.err;
  RunResult bad_id = Admin({"status", "--board", board_->address(), "--election", "xyz"});
  EXPECT_EQ(bad_id.exit_code, 2);
}

}  // namespace
}  // namespace urne::testing

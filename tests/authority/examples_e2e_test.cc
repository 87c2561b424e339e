// The three example manifests end to end through a real urne-board and the real urne-admin:
// manifest, create, roll, ceremony (trustees in-process), open, ballots, close, partial
// decryptions, tally, results in all three formats; idempotent reruns.
#include <gtest/gtest.h>

#include <filesystem>

#include "status/status.h"
#include "tests/authority/authority_fixture.h"

namespace urne::testing {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class ExamplesTest : public AdminTest {
 protected:
  std::vector<std::string> On(std::vector<std::string> args, bool key = true) {
    args.insert(args.end(), {"--board", board_->address(), "--election", election_});
    if (key) {
      for (auto& a : KeyArgs()) args.push_back(a);
    }
    return args;
  }
  RunResult Step(std::vector<std::string> args, bool key = true) {
    return Admin(On(std::move(args), key));
  }

  // Runs the election after the roll: ceremony, open, the ballots, close, t decryptions,
  // tally. Returns the tally's output.
  std::string RunVote(const std::vector<std::string>& codes, const std::vector<Picks>& votes) {
    Ceremony();
    RunResult open = Step({"open"});
    EXPECT_EQ(open.exit_code, 0) << open.err;
    for (size_t v = 0; v < votes.size(); ++v) Cast(codes[v], votes[v]);
    RunResult close = Step({"close"});
    EXPECT_EQ(close.exit_code, 0) << close.err;
    Decrypt(1);
    Decrypt(3);
    RunResult tally = Step({"tally", "--wait", "30"});
    EXPECT_EQ(tally.exit_code, 0) << tally.err;
    return tally.out;
  }

  void CheckAllFormats(const std::vector<std::string>& must_contain) {
    RunResult text = Step({"results"}, false);
    ASSERT_EQ(text.exit_code, 0) << text.err;
    RunResult json = Step({"results", "--format", "json"}, false);
    ASSERT_EQ(json.exit_code, 0) << json.err;
    std::string html_path = dir_ + "/results.html";
    RunResult html = Step({"results", "--format", "html", "--out", html_path}, false);
    ASSERT_EQ(html.exit_code, 0) << html.err;
    std::string page = ReadTree(dir_)[html_path];
    for (const auto& s : must_contain) {
      EXPECT_TRUE(Has(text.out, s)) << s << "\n" << text.out;
      EXPECT_TRUE(Has(page, s)) << s;
    }
    EXPECT_TRUE(Has(json.out, "\"verify_command\"")) << json.out;
    EXPECT_TRUE(Has(json.out, "\"final_tree_head\"")) << json.out;
    EXPECT_TRUE(Has(text.out, "urne-verify --board")) << text.out;
    EXPECT_TRUE(Has(page, "<html lang=\"fr\">"));
    EXPECT_TRUE(Has(page, "<svg role=\"img\""));
    EXPECT_TRUE(Has(page, "<table>"));
    EXPECT_TRUE(Has(page, "lang=\"en\""));
    EXPECT_FALSE(Has(page, "http://") && !Has(page, "xmlns=\"http://www.w3.org/2000/svg\""));
    EXPECT_FALSE(Has(page, "<script"));
    EXPECT_FALSE(Has(page, "<link"));
    EXPECT_FALSE(Has(page, "src="));
    RunResult bad = Step({"results", "--format", "pdf"}, false);
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_TRUE(Has(bad.err, "use text, json or html")) << bad.err;
  }
};

TEST_F(ExamplesTest, LocalReferendumAdoptedWithBlankVote) {
  std::string manifest = FillExample("local-referendum.json");
  Create(manifest);
  // create is idempotent.
  RunResult again = Admin({"create", "--board", board_->address(), "--manifest", manifest, "--key",
                           key_, "--passphrase-file", pass_});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, election_ + "\n");
  EXPECT_TRUE(Has(again.err, "already on the board")) << again.err;

  std::vector<std::string> codes = Roll(5, dir_ + "/letters");
  ASSERT_EQ(codes.size(), 5u);
  // yes, yes, blank: turnout 3/5 ≥ 50 %, yes 2 > no 0 → adopted.
  std::string tally = RunVote(codes, {{{0}}, {{0}}, {{2}}});
  EXPECT_TRUE(Has(tally, "adopté")) << tally;
  EXPECT_TRUE(Has(tally, "60,00 % / 60.00 % (des inscrits / of registered voters)")) << tally;
  // Every percentage says its base, with a decimal comma in French: yes is 2 of 2 expressed
  // votes, the blank vote 1 of 3 ballots; and when the result stood, in the manifest's zone.
  EXPECT_TRUE(Has(tally, "100,00 % des suffrages exprimés / 100.00 % of expressed votes")) << tally;
  EXPECT_TRUE(Has(tally, "33,33 % des bulletins comptés / 33.33 % of ballots counted")) << tally;
  EXPECT_TRUE(Has(tally, "Résultat au / Result as of: ")) << tally;
  CheckAllFormats({"Piscine municipale des Tilleuls", "adopted", "Vote blanc"});
  RunResult json = Step({"results", "--format", "json"}, false);
  EXPECT_TRUE(Has(json.out, "\"outcome\": \"adopted\"")) << json.out;
  EXPECT_TRUE(Has(json.out, "\"blank_votes\": 1")) << json.out;
  EXPECT_TRUE(Has(json.out, "\"expressed_votes\": 2")) << json.out;
  EXPECT_TRUE(Has(json.out, "\"percent_of\": \"expressed_votes\"")) << json.out;
  EXPECT_TRUE(Has(json.out, "\"percent_of\": \"ballots_counted\"")) << json.out;

  // Idempotent reruns of every phase step once tallied.
  EXPECT_EQ(Step({"close"}).exit_code, 0);
  RunResult retally = Step({"tally", "--wait", "0"});
  EXPECT_EQ(retally.exit_code, 0) << retally.err;
  EXPECT_TRUE(Has(retally.err, "already on the board"));
  RunResult status = Step({"status"}, false);
  EXPECT_EQ(status.exit_code, 0);
  EXPECT_TRUE(Has(status.out, "TALLIED")) << status.out;
  // Open after the vote: refused, naming the phase.
  RunResult reopen = Step({"open"});
  EXPECT_EQ(reopen.exit_code, 2);
  EXPECT_TRUE(Has(reopen.err, "TALLIED")) << reopen.err;
}

TEST_F(ExamplesTest, LocalReferendumZeroVotesIsNoQuorum) {
  Create(FillExample("local-referendum.json"));
  std::vector<std::string> codes = Roll(3, dir_ + "/letters");
  std::string tally = RunVote(codes, {});
  EXPECT_TRUE(Has(tally, "quorum non atteint")) << tally;
  EXPECT_TRUE(Has(tally, "no quorum")) << tally;
  RunResult json = Step({"results", "--format", "json"}, false);
  EXPECT_TRUE(Has(json.out, "\"outcome\": \"no_quorum\"")) << json.out;
  EXPECT_TRUE(Has(json.out, "\"ballots_counted\": 0")) << json.out;
  CheckAllFormats({"no quorum"});
}

TEST_F(ExamplesTest, SwissDayBothPassTieBreakChoosesCounterProposal) {
  Create(FillExample("swiss-day.json"));
  std::vector<std::string> codes = Roll(4, dir_ + "/letters");
  // initiative: yes yes yes no → passes; counter: yes yes no yes → passes;
  // tie-break: counter, counter, initiative, blank → counter-proposal;
  // bridge: yes, no, blank, blank → 1–1 tie → rejected.
  std::string tally = RunVote(
      codes,
      {{{0}, {0}, {1}, {0}}, {{0}, {0}, {1}, {1}}, {{0}, {1}, {0}, {2}}, {{1}, {0}, {2}, {2}}});
  EXPECT_TRUE(Has(tally, "le contre-projet est accepté")) << tally;
  EXPECT_TRUE(Has(tally, "the counter-proposal is accepted")) << tally;
  RunResult json = Step({"results", "--format", "json"}, false);
  EXPECT_TRUE(Has(json.out, "\"outcome\": \"counter_proposal\"")) << json.out;
  EXPECT_TRUE(Has(json.out, "\"outcome\": \"rejected\"")) << json.out;
  CheckAllFormats({"Question subsidiaire", "Tie-break question", "Pont de la Thièle"});
}

TEST_F(ExamplesTest, ParticipatoryBudgetExactlyExhausted) {
  Create(FillExample("participatory-budget.json"));
  std::vector<std::string> codes = Roll(4, dir_ + "/letters");
  // Options: 0 jardins 120k, 1 pistes 250k, 2 aire 130k, 3 bancs 80k, 4 livres 15k; 500k.
  // Votes: pistes 4, aire 3, jardins 2, bancs 1, livres 0 → pistes+aire+jardins = 500k
  // exactly; bancs no longer fits; livres has no vote.
  std::string tally = RunVote(codes, {{{0, 1, 2}}, {{0, 1, 2}}, {{1, 2, 3}}, {{1}}});
  EXPECT_TRUE(Has(tally,
                  "funded projects: Cycle lanes on avenue de la République, Inclusive "
                  "playground in Monnet park, Clos-Vert community gardens"))
      << tally;
  RunResult json = Step({"results", "--format", "json"}, false);
  EXPECT_TRUE(Has(json.out, "\"outcome\": \"funded\"")) << json.out;
  EXPECT_FALSE(Has(json.out,
                   "\"winners\": [\n      \"pistes-cyclables\",\n      \"aire-de-jeux\",\n "
                   "     \"jardins\",\n      \"bancs"));
  CheckAllFormats({"Projets 2027", "EUR"});
}

}  // namespace
}  // namespace urne::testing

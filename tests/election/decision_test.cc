// Decision rules (specs/results.md): every rule, its ties and boundaries, and every error.
#include "election/decision.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

#include "status/status.h"

namespace urne {
namespace {

using Counts = std::vector<std::vector<uint64_t>>;

v1::Option MakeOption(const std::string& id, bool blank = false, uint64_t cost = 0) {
  v1::Option option;
  option.set_id(id);
  option.mutable_label()->set_fr(id);
  option.mutable_label()->set_en(id);
  option.set_blank(blank);
  option.set_cost(cost);
  return option;
}

v1::Question MakeQuestion(const std::string& id, v1::QuestionKind kind,
                          std::initializer_list<v1::Option> options) {
  v1::Question question;
  question.set_id(id);
  question.set_kind(kind);
  for (const v1::Option& option : options) *question.add_options() = option;
  return question;
}

// A YES_NO question: "yes", "no" and, if `blank`, a third blank option.
v1::Question YesNo(const std::string& id, bool blank = false) {
  v1::Question q = MakeQuestion(id, v1::YES_NO, {MakeOption("yes"), MakeOption("no")});
  if (blank) *q.add_options() = MakeOption("blanc", /*blank=*/true);
  return q;
}

v1::Question OneOf(const std::string& id, std::initializer_list<v1::Option> options) {
  return MakeQuestion(id, v1::ONE_OF, options);
}

v1::Question Approval(const std::string& id, uint32_t min, uint32_t max,
                      std::initializer_list<v1::Option> options) {
  v1::Question q = MakeQuestion(id, v1::APPROVAL, options);
  q.set_min_selections(min);
  q.set_max_selections(max);
  return q;
}

v1::Question Budget(const std::string& id, uint64_t budget,
                    std::initializer_list<v1::Option> options) {
  v1::Question q = MakeQuestion(id, v1::BUDGET, options);
  q.set_min_selections(0);
  q.set_max_selections(q.options_size());
  q.set_budget(budget);
  q.set_unit("EUR");
  return q;
}

v1::Decision MakeDecision(const std::string& id, v1::DecisionRule rule,
                          std::initializer_list<std::string> question_ids,
                          v1::TieBreak tie_break = v1::TIE_BREAK_UNSPECIFIED, uint32_t seats = 0) {
  v1::Decision decision;
  decision.set_id(id);
  decision.set_rule(rule);
  for (const std::string& q : question_ids) decision.add_question_ids(q);
  decision.set_tie_break(tie_break);
  decision.set_seats(seats);
  return decision;
}

v1::Manifest MakeManifest(std::initializer_list<v1::Question> questions,
                          std::initializer_list<v1::Decision> decisions) {
  v1::Manifest manifest;
  manifest.set_version(1);
  manifest.set_group("ristretto255");
  manifest.set_reference("test-votation");
  for (const v1::Question& q : questions) *manifest.add_questions() = q;
  for (const v1::Decision& d : decisions) *manifest.add_decisions() = d;
  return manifest;
}

// Derives the only decision of `manifest`; fails the test on error.
v1::DecisionOutcome DeriveOne(const v1::Manifest& manifest, uint64_t registered, uint64_t ballots,
                              const Counts& counts) {
  auto outcomes = DeriveDecisions(manifest, registered, ballots, counts);
  EXPECT_TRUE(outcomes.ok()) << outcomes.status();
  if (!outcomes.ok() || outcomes->size() != 1) {
    ADD_FAILURE() << "expected one outcome";
    return {};
  }
  return (*outcomes)[0];
}

void ExpectError(const absl::StatusOr<std::vector<v1::DecisionOutcome>>& result,
                 const std::string& reason) {
  ASSERT_FALSE(result.ok()) << "expected " << reason;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
  EXPECT_EQ(ReasonOf(result.status()), reason) << result.status();
}

std::vector<std::string> Winners(const v1::DecisionOutcome& outcome) {
  return {outcome.winners().begin(), outcome.winners().end()};
}

using Ids = std::vector<std::string>;

// ---- Helpers ---------------------------------------------------------------------------

TEST(ExpressedVotesTest, BlankIsCountedSeparately) {
  const v1::Question q = YesNo("q", /*blank=*/true);
  const std::vector<uint64_t> counts = {5, 3, 7};
  EXPECT_EQ(ExpressedVotes(q, counts), 8u);
  EXPECT_EQ(BlankVotes(q, counts), 7u);
  EXPECT_EQ(BlankVotes(YesNo("q"), std::vector<uint64_t>{5, 3}), 0u);
}

TEST(ExpressedVotesTest, SaturatesAndReadsOnlyKnownOptions) {
  const v1::Question q = YesNo("q");
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  EXPECT_EQ(ExpressedVotes(q, std::vector<uint64_t>{max, 1}), max);
  EXPECT_EQ(ExpressedVotes(q, std::vector<uint64_t>{4}), 4u);
  EXPECT_EQ(ExpressedVotes(q, std::vector<uint64_t>{1, 2, 100}), 3u);
}

TEST(RankOptionsTest, VotesThenTieBreak) {
  const v1::Question q = Budget("b", 100,
                                {MakeOption("a", false, 30), MakeOption("b", false, 20),
                                 MakeOption("c", false, 20), MakeOption("d", false, 10)});
  const std::vector<uint64_t> counts = {4, 4, 4, 9};
  EXPECT_EQ(RankOptions(q, counts, v1::OPTION_ORDER), (std::vector<int>{3, 0, 1, 2}));
  EXPECT_EQ(RankOptions(q, counts, v1::TIE_BREAK_UNSPECIFIED), (std::vector<int>{3, 0, 1, 2}));
  EXPECT_EQ(RankOptions(q, counts, v1::LOWER_COST), (std::vector<int>{3, 1, 2, 0}));
}

TEST(RankOptionsTest, SkipsBlank) {
  const v1::Question q = OneOf("q", {MakeOption("a"), MakeOption("blanc", true), MakeOption("b")});
  EXPECT_EQ(RankOptions(q, std::vector<uint64_t>{1, 9, 2}, v1::OPTION_ORDER),
            (std::vector<int>{2, 0}));
}

TEST(PercentHundredthsTest, TruncatesTowardZero) {
  EXPECT_EQ(PercentHundredths(1, 2), 5000u);
  EXPECT_EQ(PercentHundredths(2, 3), 6666u);  // 66.666… % shows as 66.66 %
  EXPECT_EQ(PercentHundredths(4999, 10000), 4999u);
  EXPECT_EQ(PercentHundredths(49999, 100000), 4999u);  // 49.999 % never shows as 50.00 %
  EXPECT_EQ(PercentHundredths(0, 7), 0u);
  EXPECT_EQ(PercentHundredths(7, 7), 10000u);
  EXPECT_EQ(PercentHundredths(0, 0), std::nullopt);
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  EXPECT_EQ(PercentHundredths(max, max), 10000u);
  EXPECT_EQ(PercentHundredths(max - 1, max), 9999u);
}

// ---- MAJORITY ----------------------------------------------------------------------------

v1::Manifest MajorityManifest(bool blank = false) {
  return MakeManifest({YesNo("q", blank)}, {MakeDecision("d", v1::MAJORITY, {"q"})});
}

TEST(MajorityTest, MoreYesIsAdopted) {
  const v1::DecisionOutcome out = DeriveOne(MajorityManifest(), 100, 9, {{5, 4}});
  EXPECT_EQ(out.decision_id(), "d");
  EXPECT_EQ(out.outcome(), kOutcomeAdopted);
  EXPECT_TRUE(out.winners().empty());
}

TEST(MajorityTest, TieIsRejected) {
  EXPECT_EQ(DeriveOne(MajorityManifest(), 100, 8, {{4, 4}}).outcome(), kOutcomeRejected);
}

TEST(MajorityTest, MoreNoIsRejected) {
  EXPECT_EQ(DeriveOne(MajorityManifest(), 100, 9, {{4, 5}}).outcome(), kOutcomeRejected);
}

TEST(MajorityTest, BlankVotesAreNotExpressed) {
  // 4 yes out of 104 ballots, but 4 > 3 among expressed votes.
  EXPECT_EQ(DeriveOne(MajorityManifest(true), 200, 107, {{4, 3, 100}}).outcome(), kOutcomeAdopted);
  // Blank votes do not count against either side, nor for "yes".
  EXPECT_EQ(DeriveOne(MajorityManifest(true), 200, 107, {{3, 4, 100}}).outcome(), kOutcomeRejected);
}

TEST(MajorityTest, ZeroVotesIsRejected) {
  EXPECT_EQ(DeriveOne(MajorityManifest(true), 10, 0, {{0, 0, 0}}).outcome(), kOutcomeRejected);
  EXPECT_EQ(DeriveOne(MajorityManifest(true), 0, 0, {{0, 0, 0}}).outcome(), kOutcomeRejected);
}

TEST(MajorityTest, OptionsFoundByIdNotPosition) {
  const v1::Manifest m =
      MakeManifest({MakeQuestion("q", v1::YES_NO,
                                 {MakeOption("blanc", true), MakeOption("no"), MakeOption("yes")})},
                   {MakeDecision("d", v1::MAJORITY, {"q"})});
  EXPECT_EQ(DeriveOne(m, 10, 6, {{0, 2, 4}}).outcome(), kOutcomeAdopted);
  EXPECT_EQ(DeriveOne(m, 10, 6, {{0, 4, 2}}).outcome(), kOutcomeRejected);
}

// ---- FR_LOCAL_REFERENDUM -----------------------------------------------------------------

v1::Manifest FrManifest() {
  return MakeManifest({YesNo("q", /*blank=*/true)},
                      {MakeDecision("d", v1::FR_LOCAL_REFERENDUM, {"q"})});
}

TEST(FrLocalReferendumTest, QuorumExactlyAtHalfIsReached) {
  // 2 · 50 = 100 registered: turnout exactly 50 % reaches the quorum.
  EXPECT_EQ(DeriveOne(FrManifest(), 100, 50, {{26, 24, 0}}).outcome(), kOutcomeAdopted);
  // Odd roll: 2 · 51 = 102 ≥ 101.
  EXPECT_EQ(DeriveOne(FrManifest(), 101, 51, {{30, 21, 0}}).outcome(), kOutcomeAdopted);
}

TEST(FrLocalReferendumTest, OneBallotShortIsNoQuorum) {
  EXPECT_EQ(DeriveOne(FrManifest(), 100, 49, {{40, 9, 0}}).outcome(), kOutcomeNoQuorum);
  // Odd roll: 2 · 50 = 100 < 101, i.e. 49.5 % turnout.
  EXPECT_EQ(DeriveOne(FrManifest(), 101, 50, {{40, 10, 0}}).outcome(), kOutcomeNoQuorum);
}

TEST(FrLocalReferendumTest, NoQuorumEvenWhenNoWins) {
  EXPECT_EQ(DeriveOne(FrManifest(), 100, 10, {{1, 9, 0}}).outcome(), kOutcomeNoQuorum);
}

TEST(FrLocalReferendumTest, QuorumButTieIsRejected) {
  EXPECT_EQ(DeriveOne(FrManifest(), 100, 60, {{30, 30, 0}}).outcome(), kOutcomeRejected);
}

TEST(FrLocalReferendumTest, QuorumButMoreNoIsRejected) {
  EXPECT_EQ(DeriveOne(FrManifest(), 100, 60, {{29, 31, 0}}).outcome(), kOutcomeRejected);
}

TEST(FrLocalReferendumTest, BlankCountsForTurnoutNotForMajority) {
  // 5 of 10 took part (quorum reached thanks to 4 blank ballots); 1 yes > 0 no: adopted.
  EXPECT_EQ(DeriveOne(FrManifest(), 10, 5, {{1, 0, 4}}).outcome(), kOutcomeAdopted);
  // Same turnout, 2 yes = 2 no among expressed votes: rejected.
  EXPECT_EQ(DeriveOne(FrManifest(), 10, 5, {{2, 2, 1}}).outcome(), kOutcomeRejected);
}

TEST(FrLocalReferendumTest, ZeroVotes) {
  EXPECT_EQ(DeriveOne(FrManifest(), 10, 0, {{0, 0, 0}}).outcome(), kOutcomeNoQuorum);
}

TEST(FrLocalReferendumTest, ZeroRegisteredIsRejected) {
  // 2 · 0 ≥ 0: the quorum test holds vacuously, and 0 yes is not more than 0 no.
  EXPECT_EQ(DeriveOne(FrManifest(), 0, 0, {{0, 0, 0}}).outcome(), kOutcomeRejected);
}

TEST(FrLocalReferendumTest, NoOverflowOnHugeRolls) {
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  const uint64_t half_up = max / 2 + 1;  // 2 · half_up = max + 1 ≥ max
  EXPECT_EQ(DeriveOne(FrManifest(), max, half_up, {{half_up, 0, 0}}).outcome(), kOutcomeAdopted);
  EXPECT_EQ(DeriveOne(FrManifest(), max, half_up - 1, {{half_up - 1, 0, 0}}).outcome(),
            kOutcomeNoQuorum);
}

// ---- SWISS_INITIATIVE_COUNTER -------------------------------------------------------------

v1::Manifest SwissManifest(bool tie_break_blank = false) {
  v1::Question tie_break = OneOf("tb", {MakeOption("initiative"), MakeOption("contre-projet")});
  if (tie_break_blank) *tie_break.add_options() = MakeOption("blanc", true);
  return MakeManifest({YesNo("init", true), YesNo("contre", true), tie_break},
                      {MakeDecision("d", v1::SWISS_INITIATIVE_COUNTER, {"init", "contre", "tb"})});
}

// counts: initiative {yes, no, blank}, counter {yes, no, blank}, tie-break {init, counter}.
std::string Swiss(const Counts& counts, uint64_t ballots = 100) {
  return DeriveOne(SwissManifest(), 1000, ballots, counts).outcome();
}

TEST(SwissTest, BothPassTieBreakPrefersInitiative) {
  EXPECT_EQ(Swiss({{60, 40, 0}, {70, 30, 0}, {51, 49}}), kOutcomeInitiative);
}

TEST(SwissTest, BothPassTieBreakPrefersCounterProposal) {
  EXPECT_EQ(Swiss({{70, 30, 0}, {60, 40, 0}, {49, 51}}), kOutcomeCounterProposal);
}

TEST(SwissTest, BothPassTieBreakTiedMoreYesWins) {
  EXPECT_EQ(Swiss({{61, 39, 0}, {60, 40, 0}, {50, 50}}), kOutcomeInitiative);
  EXPECT_EQ(Swiss({{60, 40, 0}, {61, 39, 0}, {50, 50}}), kOutcomeCounterProposal);
}

TEST(SwissTest, BothPassEverythingTiedIsTie) {
  const v1::DecisionOutcome out =
      DeriveOne(SwissManifest(), 1000, 100, {{60, 40, 0}, {60, 30, 10}, {50, 50}});
  EXPECT_EQ(out.outcome(), kOutcomeTie);
  EXPECT_TRUE(out.winners().empty());
}

TEST(SwissTest, OnlyInitiativePasses) {
  // The tie-break question is not read when only one passes.
  EXPECT_EQ(Swiss({{51, 49, 0}, {49, 51, 0}, {0, 100}}), kOutcomeInitiative);
}

TEST(SwissTest, OnlyCounterProposalPasses) {
  EXPECT_EQ(Swiss({{50, 50, 0}, {51, 49, 0}, {100, 0}}), kOutcomeCounterProposal);
}

TEST(SwissTest, NeitherPasses) {
  EXPECT_EQ(Swiss({{40, 60, 0}, {50, 50, 0}, {30, 70}}), kOutcomeNeither);
  EXPECT_EQ(Swiss({{0, 0, 0}, {0, 0, 0}, {0, 0}}, 0), kOutcomeNeither);
}

TEST(SwissTest, BlankVotesAreNotExpressed) {
  // 30 yes > 20 no; 50 blank ballots do not make the initiative fail.
  EXPECT_EQ(Swiss({{30, 20, 50}, {10, 20, 70}, {50, 50}}), kOutcomeInitiative);
}

TEST(SwissTest, BlankAnswerToTieBreakIsIgnored) {
  const v1::Manifest m = SwissManifest(/*tie_break_blank=*/true);
  EXPECT_EQ(DeriveOne(m, 1000, 100, {{60, 40, 0}, {70, 30, 0}, {20, 21, 59}}).outcome(),
            kOutcomeCounterProposal);
}

TEST(SwissTest, TieBreakNeedsTwoOptions) {
  const v1::Manifest m = MakeManifest(
      {YesNo("init"), YesNo("contre"),
       OneOf("tb", {MakeOption("initiative"), MakeOption("contre-projet"), MakeOption("x")})},
      {MakeDecision("d", v1::SWISS_INITIATIVE_COUNTER, {"init", "contre", "tb"})});
  ExpectError(DeriveDecisions(m, 10, 1, {{1, 0}, {1, 0}, {1, 0, 0}}), "decision.rule_mismatch");
}

TEST(SwissTest, NeedsThreeQuestionsOfTheRightKinds) {
  const v1::Manifest one =
      MakeManifest({YesNo("init")}, {MakeDecision("d", v1::SWISS_INITIATIVE_COUNTER, {"init"})});
  ExpectError(DeriveDecisions(one, 10, 1, {{1, 0}}), "decision.rule_mismatch");
  const v1::Manifest kinds =
      MakeManifest({YesNo("init"), YesNo("contre"), YesNo("tb")},
                   {MakeDecision("d", v1::SWISS_INITIATIVE_COUNTER, {"init", "contre", "tb"})});
  ExpectError(DeriveDecisions(kinds, 10, 1, {{1, 0}, {1, 0}, {1, 0}}), "decision.rule_mismatch");
}

// ---- PLURALITY ---------------------------------------------------------------------------

v1::Manifest PluralityManifest(v1::TieBreak tie_break = v1::TIE_BREAK_UNSPECIFIED) {
  return MakeManifest(
      {OneOf("q", {MakeOption("a"), MakeOption("b"), MakeOption("c"), MakeOption("blanc", true)})},
      {MakeDecision("d", v1::PLURALITY, {"q"}, tie_break)});
}

TEST(PluralityTest, MostVotesIsElected) {
  const v1::DecisionOutcome out = DeriveOne(PluralityManifest(), 100, 10, {{2, 5, 3, 0}});
  EXPECT_EQ(out.outcome(), kOutcomeElected);
  EXPECT_EQ(Winners(out), Ids{"b"});
}

TEST(PluralityTest, TieBrokenByOptionOrder) {
  EXPECT_EQ(Winners(DeriveOne(PluralityManifest(), 100, 10, {{1, 4, 4, 1}})), Ids{"b"});
  EXPECT_EQ(Winners(DeriveOne(PluralityManifest(v1::OPTION_ORDER), 100, 9, {{3, 3, 3, 0}})),
            Ids{"a"});
  // LOWER_COST on a question without costs is option order.
  EXPECT_EQ(Winners(DeriveOne(PluralityManifest(v1::LOWER_COST), 100, 9, {{2, 3, 3, 1}})),
            Ids{"b"});
}

TEST(PluralityTest, BlankExcluded) {
  const v1::DecisionOutcome out = DeriveOne(PluralityManifest(), 100, 20, {{1, 2, 0, 17}});
  EXPECT_EQ(out.outcome(), kOutcomeElected);
  EXPECT_EQ(Winners(out), Ids{"b"});
}

TEST(PluralityTest, NoExpressedVotes) {
  const v1::DecisionOutcome only_blank = DeriveOne(PluralityManifest(), 100, 5, {{0, 0, 0, 5}});
  EXPECT_EQ(only_blank.outcome(), kOutcomeNoVotes);
  EXPECT_TRUE(only_blank.winners().empty());
  EXPECT_EQ(DeriveOne(PluralityManifest(), 100, 0, {{0, 0, 0, 0}}).outcome(), kOutcomeNoVotes);
  EXPECT_EQ(DeriveOne(PluralityManifest(), 0, 0, {{0, 0, 0, 0}}).outcome(), kOutcomeNoVotes);
}

TEST(PluralityTest, RequiresOneOf) {
  const v1::Manifest m = MakeManifest({YesNo("q")}, {MakeDecision("d", v1::PLURALITY, {"q"})});
  ExpectError(DeriveDecisions(m, 10, 1, {{1, 0}}), "decision.rule_mismatch");
}

// ---- APPROVAL_TOP_K ----------------------------------------------------------------------

v1::Manifest ApprovalManifest(uint32_t seats) {
  return MakeManifest(
      {Approval("q", 0, 4,
                {MakeOption("ana"), MakeOption("bo"), MakeOption("cyd"), MakeOption("dee")})},
      {MakeDecision("d", v1::APPROVAL_TOP_K, {"q"}, v1::OPTION_ORDER, seats)});
}

TEST(ApprovalTopKTest, TopSeatsElectedInRankOrder) {
  const v1::DecisionOutcome out = DeriveOne(ApprovalManifest(2), 100, 10, {{3, 9, 1, 7}});
  EXPECT_EQ(out.outcome(), kOutcomeElected);
  EXPECT_EQ(Winners(out), (Ids{"bo", "dee"}));
}

TEST(ApprovalTopKTest, TieAtLastSeatBrokenByOptionOrder) {
  // bo first; cyd and dee tie for the second seat: cyd is listed first.
  EXPECT_EQ(Winners(DeriveOne(ApprovalManifest(2), 100, 10, {{1, 9, 5, 5}})), (Ids{"bo", "cyd"}));
  EXPECT_EQ(Winners(DeriveOne(ApprovalManifest(3), 100, 10, {{5, 9, 5, 5}})),
            (Ids{"bo", "ana", "cyd"}));
}

TEST(ApprovalTopKTest, ZeroVoteOptionsAreNotElected) {
  const v1::DecisionOutcome out = DeriveOne(ApprovalManifest(3), 100, 4, {{0, 4, 0, 1}});
  EXPECT_EQ(out.outcome(), kOutcomeElected);
  EXPECT_EQ(Winners(out), (Ids{"bo", "dee"}));
}

TEST(ApprovalTopKTest, NoVotes) {
  const v1::DecisionOutcome out = DeriveOne(ApprovalManifest(2), 100, 3, {{0, 0, 0, 0}});
  EXPECT_EQ(out.outcome(), kOutcomeNoVotes);
  EXPECT_TRUE(out.winners().empty());
}

TEST(ApprovalTopKTest, AllSeats) {
  EXPECT_EQ(Winners(DeriveOne(ApprovalManifest(4), 100, 10, {{1, 2, 3, 4}})),
            (Ids{"dee", "cyd", "bo", "ana"}));
}

TEST(ApprovalTopKTest, BadSeats) {
  ExpectError(DeriveDecisions(ApprovalManifest(0), 10, 1, {{1, 0, 0, 0}}),
              "decision.rule_mismatch");
  ExpectError(DeriveDecisions(ApprovalManifest(5), 10, 1, {{1, 0, 0, 0}}),
              "decision.rule_mismatch");
}

// ---- BUDGET_GREEDY -----------------------------------------------------------------------

v1::Manifest BudgetManifest(uint64_t budget, std::initializer_list<v1::Option> projects,
                            v1::TieBreak tie_break = v1::OPTION_ORDER) {
  return MakeManifest({Budget("q", budget, projects)},
                      {MakeDecision("d", v1::BUDGET_GREEDY, {"q"}, tie_break)});
}

TEST(BudgetGreedyTest, BudgetExactlyExhausted) {
  const v1::Manifest m =
      BudgetManifest(100, {MakeOption("parc", false, 60), MakeOption("bancs", false, 40),
                           MakeOption("fontaine", false, 1)});
  const v1::DecisionOutcome out = DeriveOne(m, 100, 20, {{10, 8, 5}});
  EXPECT_EQ(out.outcome(), kOutcomeFunded);
  EXPECT_EQ(Winners(out), (Ids{"parc", "bancs"}));  // 60 + 40 = 100; nothing left for 1
}

TEST(BudgetGreedyTest, SkipsWhatDoesNotFitAndFundsCheaperLowerRanked) {
  const v1::Manifest m = BudgetManifest(
      100, {MakeOption("a", false, 70), MakeOption("b", false, 50), MakeOption("c", false, 30)});
  // Ranked a (10), b (9), c (5): a funded (30 left), b skipped (50 > 30), c funded.
  EXPECT_EQ(Winners(DeriveOne(m, 100, 20, {{10, 9, 5}})), (Ids{"a", "c"}));
}

TEST(BudgetGreedyTest, TieByLowerCost) {
  const auto projects = {MakeOption("a", false, 60), MakeOption("b", false, 50),
                         MakeOption("c", false, 50)};
  // a, b, c all have 5 votes. LOWER_COST ranks b (50), c (50, later), a (60): b funded,
  // then c (50 ≤ 50) funded, a (60 > 0) skipped.
  EXPECT_EQ(Winners(DeriveOne(BudgetManifest(100, projects, v1::LOWER_COST), 100, 10, {{5, 5, 5}})),
            (Ids{"b", "c"}));
  // OPTION_ORDER ranks a, b, c: a funded (40 left), b and c do not fit.
  EXPECT_EQ(
      Winners(DeriveOne(BudgetManifest(100, projects, v1::OPTION_ORDER), 100, 10, {{5, 5, 5}})),
      (Ids{"a"}));
  // UNSPECIFIED is OPTION_ORDER.
  EXPECT_EQ(Winners(DeriveOne(BudgetManifest(100, projects, v1::TIE_BREAK_UNSPECIFIED), 100, 10,
                              {{5, 5, 5}})),
            (Ids{"a"}));
}

TEST(BudgetGreedyTest, ZeroVoteProjectsAreNotFunded) {
  const v1::Manifest m = BudgetManifest(
      1000, {MakeOption("a", false, 10), MakeOption("b", false, 10), MakeOption("c", false, 10)});
  EXPECT_EQ(Winners(DeriveOne(m, 100, 3, {{0, 3, 0}})), Ids{"b"});
}

TEST(BudgetGreedyTest, NoVotes) {
  const v1::Manifest m =
      BudgetManifest(100, {MakeOption("a", false, 10), MakeOption("b", false, 10)});
  const v1::DecisionOutcome out = DeriveOne(m, 100, 5, {{0, 0}});  // 5 empty ballots
  EXPECT_EQ(out.outcome(), kOutcomeNoVotes);
  EXPECT_TRUE(out.winners().empty());
}

TEST(BudgetGreedyTest, NothingFitsIsFundedWithNoWinners) {
  const v1::Manifest m = BudgetManifest(5, {MakeOption("a", false, 10)});
  const v1::DecisionOutcome out = DeriveOne(m, 100, 5, {{5}});
  EXPECT_EQ(out.outcome(), kOutcomeFunded);
  EXPECT_TRUE(out.winners().empty());
}

// ---- Several decisions ---------------------------------------------------------------

TEST(DeriveDecisionsTest, OneOutcomePerDecisionInManifestOrder) {
  const v1::Manifest m = MakeManifest(
      {YesNo("piscine", true), OneOf("nom", {MakeOption("a"), MakeOption("b")}), YesNo("parc")},
      {MakeDecision("d-parc", v1::MAJORITY, {"parc"}),
       MakeDecision("d-piscine", v1::FR_LOCAL_REFERENDUM, {"piscine"}),
       MakeDecision("d-nom", v1::PLURALITY, {"nom"})});
  auto outcomes = DeriveDecisions(m, 10, 6, {{4, 1, 1}, {2, 4}, {1, 5}});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  ASSERT_EQ(outcomes->size(), 3u);
  EXPECT_EQ((*outcomes)[0].decision_id(), "d-parc");
  EXPECT_EQ((*outcomes)[0].outcome(), kOutcomeRejected);
  EXPECT_EQ((*outcomes)[1].decision_id(), "d-piscine");
  EXPECT_EQ((*outcomes)[1].outcome(), kOutcomeAdopted);
  EXPECT_EQ((*outcomes)[2].decision_id(), "d-nom");
  EXPECT_EQ((*outcomes)[2].outcome(), kOutcomeElected);
  EXPECT_EQ(Winners((*outcomes)[2]), Ids{"b"});
}

TEST(DeriveDecisionsTest, NoDecisions) {
  auto outcomes = DeriveDecisions(MakeManifest({YesNo("q")}, {}), 3, 1, {{1, 0}});
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  EXPECT_TRUE(outcomes->empty());
}

// ---- Errors ------------------------------------------------------------------------------

TEST(DeriveDecisionsErrorTest, BadCounts) {
  ExpectError(DeriveDecisions(MajorityManifest(), 10, 1, {}), "decision.bad_counts");
  ExpectError(DeriveDecisions(MajorityManifest(), 10, 1, {{1, 0}, {1, 0}}), "decision.bad_counts");
  ExpectError(DeriveDecisions(MajorityManifest(), 10, 1, {{1}}), "decision.bad_counts");
  ExpectError(DeriveDecisions(MajorityManifest(), 10, 1, {{1, 0, 0}}), "decision.bad_counts");
}

TEST(DeriveDecisionsErrorTest, BadCountsOnAQuestionNoDecisionReads) {
  const v1::Manifest m = MakeManifest({YesNo("q"), YesNo("unused")}, {});
  ExpectError(DeriveDecisions(m, 10, 1, {{1, 0}, {1}}), "decision.bad_counts");
}

TEST(DeriveDecisionsErrorTest, MoreBallotsThanRegistered) {
  ExpectError(DeriveDecisions(MajorityManifest(), 4, 5, {{3, 2}}), "decision.inconsistent_counts");
}

TEST(DeriveDecisionsErrorTest, OneOfCountsMustSumToBallots) {
  ExpectError(DeriveDecisions(MajorityManifest(true), 10, 5, {{2, 2, 0}}),
              "decision.inconsistent_counts");
  ExpectError(DeriveDecisions(MajorityManifest(true), 10, 5, {{2, 2, 2}}),
              "decision.inconsistent_counts");
  ExpectError(DeriveDecisions(PluralityManifest(), 10, 0, {{1, 0, 0, 0}}),
              "decision.inconsistent_counts");
}

TEST(DeriveDecisionsErrorTest, ApprovalCountsOutOfRange) {
  // One option selected by more ballots than were counted.
  ExpectError(DeriveDecisions(ApprovalManifest(2), 10, 3, {{4, 0, 0, 0}}),
              "decision.inconsistent_counts");
  // min_selections 1: 3 ballots carry at least 3 selections.
  const v1::Manifest m =
      MakeManifest({Approval("q", 1, 2, {MakeOption("a"), MakeOption("b"), MakeOption("c")})},
                   {MakeDecision("d", v1::APPROVAL_TOP_K, {"q"}, v1::OPTION_ORDER, 1)});
  ExpectError(DeriveDecisions(m, 10, 3, {{1, 1, 0}}), "decision.inconsistent_counts");
  // max_selections 2: 3 ballots carry at most 6 selections.
  ExpectError(DeriveDecisions(m, 10, 3, {{3, 3, 1}}), "decision.inconsistent_counts");
  EXPECT_TRUE(DeriveDecisions(m, 10, 3, {{3, 3, 0}}).ok());
  EXPECT_TRUE(DeriveDecisions(m, 10, 3, {{1, 1, 1}}).ok());
}

TEST(DeriveDecisionsErrorTest, UnknownQuestion) {
  const v1::Manifest m = MakeManifest({YesNo("q")}, {MakeDecision("d", v1::MAJORITY, {"r"})});
  const auto result = DeriveDecisions(m, 10, 1, {{1, 0}});
  ExpectError(result, "decision.unknown_question");
  EXPECT_NE(result.status().message().find("'d'"), std::string::npos) << result.status();
}

TEST(DeriveDecisionsErrorTest, UnknownRule) {
  const v1::Manifest unspecified =
      MakeManifest({YesNo("q")}, {MakeDecision("d", v1::DECISION_RULE_UNSPECIFIED, {"q"})});
  ExpectError(DeriveDecisions(unspecified, 10, 1, {{1, 0}}), "decision.unknown_rule");
  const v1::Manifest unknown =
      MakeManifest({YesNo("q")}, {MakeDecision("d", static_cast<v1::DecisionRule>(99), {"q"})});
  ExpectError(DeriveDecisions(unknown, 10, 1, {{1, 0}}), "decision.unknown_rule");
}

TEST(DeriveDecisionsErrorTest, UnknownTieBreak) {
  const v1::Manifest m =
      MakeManifest({OneOf("q", {MakeOption("a"), MakeOption("b")})},
                   {MakeDecision("d", v1::PLURALITY, {"q"}, static_cast<v1::TieBreak>(42))});
  ExpectError(DeriveDecisions(m, 10, 1, {{1, 0}}), "decision.rule_mismatch");
}

TEST(DeriveDecisionsErrorTest, WrongNumberOfQuestions) {
  const v1::Manifest m =
      MakeManifest({YesNo("q"), YesNo("r")}, {MakeDecision("d", v1::MAJORITY, {"q", "r"})});
  ExpectError(DeriveDecisions(m, 10, 1, {{1, 0}, {1, 0}}), "decision.rule_mismatch");
  const v1::Manifest none = MakeManifest({YesNo("q")}, {MakeDecision("d", v1::MAJORITY, {})});
  ExpectError(DeriveDecisions(none, 10, 1, {{1, 0}}), "decision.rule_mismatch");
}

TEST(DeriveDecisionsErrorTest, WrongQuestionKind) {
  const v1::Manifest majority_on_one_of =
      MakeManifest({OneOf("q", {MakeOption("yes"), MakeOption("no")})},
                   {MakeDecision("d", v1::MAJORITY, {"q"})});
  ExpectError(DeriveDecisions(majority_on_one_of, 10, 1, {{1, 0}}), "decision.rule_mismatch");
  const v1::Manifest budget_on_approval =
      MakeManifest({Approval("q", 0, 2, {MakeOption("a"), MakeOption("b")})},
                   {MakeDecision("d", v1::BUDGET_GREEDY, {"q"})});
  ExpectError(DeriveDecisions(budget_on_approval, 10, 1, {{1, 0}}), "decision.rule_mismatch");
  const v1::Manifest approval_on_budget =
      MakeManifest({Budget("q", 10, {MakeOption("a", false, 1), MakeOption("b", false, 1)})},
                   {MakeDecision("d", v1::APPROVAL_TOP_K, {"q"}, v1::OPTION_ORDER, 1)});
  ExpectError(DeriveDecisions(approval_on_budget, 10, 1, {{1, 0}}), "decision.rule_mismatch");
}

TEST(DeriveDecisionsErrorTest, YesNoWithoutYesOrNo) {
  const v1::Manifest m =
      MakeManifest({MakeQuestion("q", v1::YES_NO, {MakeOption("oui"), MakeOption("no")})},
                   {MakeDecision("d", v1::FR_LOCAL_REFERENDUM, {"q"})});
  ExpectError(DeriveDecisions(m, 10, 1, {{1, 0}}), "decision.rule_mismatch");
  // A blank option named "yes" is not the yes option.
  const v1::Manifest blank_yes =
      MakeManifest({MakeQuestion("q", v1::YES_NO, {MakeOption("yes", true), MakeOption("no")})},
                   {MakeDecision("d", v1::MAJORITY, {"q"})});
  ExpectError(DeriveDecisions(blank_yes, 10, 1, {{1, 0}}), "decision.rule_mismatch");
}

}  // namespace
}  // namespace urne

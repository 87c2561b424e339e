#include "election/decision.h"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "status/status.h"

namespace urne {
namespace {

using v1::Decision;
using v1::DecisionOutcome;
using v1::Manifest;
using v1::Question;
using v1::QuestionKind;

using u128 = unsigned __int128;

uint64_t SaturatingAdd(uint64_t a, uint64_t b) {
  return b > std::numeric_limits<uint64_t>::max() - a ? std::numeric_limits<uint64_t>::max()
                                                      : a + b;
}

uint64_t SumCounts(const Question& question, std::span<const uint64_t> counts, bool blank) {
  uint64_t sum = 0;
  const size_t n = std::min<size_t>(counts.size(), question.options_size());
  for (size_t i = 0; i < n; ++i) {
    if (question.options(static_cast<int>(i)).blank() == blank) sum = SaturatingAdd(sum, counts[i]);
  }
  return sum;
}

absl::Status RuleMismatch(const std::string& message) {
  return Invalid("decision.rule_mismatch", message);
}

// specs/results.md §1.2: counts a valid set of ballots can produce.
absl::Status CheckConsistentCounts(const Question& question, uint64_t ballots_counted,
                                   std::span<const uint64_t> counts) {
  u128 sum = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] > ballots_counted) {
      return Invalid("decision.inconsistent_counts",
                     Cat("question '", question.id(), "': option '",
                         question.options(static_cast<int>(i)).id(), "' has ", counts[i],
                         " selections but only ", ballots_counted,
                         " ballots were counted; publish the decrypted counts unchanged"));
    }
    sum += counts[i];
  }
  const u128 ballots = ballots_counted;
  switch (question.kind()) {
    case v1::YES_NO:
    case v1::ONE_OF:
      if (sum != ballots) {
        return Invalid("decision.inconsistent_counts",
                       Cat("question '", question.id(),
                           "': every counted ballot selects exactly one option, but the "
                           "counts do not sum to ballots_counted (",
                           ballots_counted, ")"));
      }
      break;
    case v1::APPROVAL:
    case v1::BUDGET:
      if (sum < question.min_selections() * ballots || sum > question.max_selections() * ballots) {
        return Invalid("decision.inconsistent_counts",
                       Cat("question '", question.id(), "': the counts sum outside [",
                           question.min_selections(), ", ", question.max_selections(), "] × ",
                           ballots_counted, " ballots"));
      }
      break;
    default:
      break;  // Unknown kinds are the manifest validator's concern; no rule reads them.
  }
  return absl::OkStatus();
}

// The question a decision reads, with its counts.
struct QuestionCounts {
  const Question* question;
  std::span<const uint64_t> counts;
};

// Yes and no counts of a YES_NO question (specs/results.md §1.3).
struct YesNo {
  uint64_t yes = 0;
  uint64_t no = 0;
};

absl::StatusOr<YesNo> YesNoCounts(const QuestionCounts& q) {
  std::optional<uint64_t> yes;
  std::optional<uint64_t> no;
  for (int i = 0; i < q.question->options_size(); ++i) {
    const v1::Option& option = q.question->options(i);
    if (option.blank()) continue;
    if (option.id() == kYesOptionId && !yes) yes = q.counts[i];
    if (option.id() == kNoOptionId && !no) no = q.counts[i];
  }
  if (!yes || !no) {
    return RuleMismatch(Cat("question '", q.question->id(),
                            R"(' needs non-blank options with ids "yes" and "no")"));
  }
  return YesNo{*yes, *no};
}

absl::Status RequireKind(const QuestionCounts& q, QuestionKind kind, const char* rule) {
  if (q.question->kind() != kind) {
    return RuleMismatch(Cat("rule ", rule, " reads a ", v1::QuestionKind_Name(kind),
                            " question but '", q.question->id(), "' is ",
                            v1::QuestionKind_Name(q.question->kind())));
  }
  return absl::OkStatus();
}

// MAJORITY (specs/results.md §3.1).
absl::Status ApplyMajority(const QuestionCounts& q, DecisionOutcome& out) {
  URNE_RETURN_IF_ERROR(RequireKind(q, v1::YES_NO, "MAJORITY"));
  URNE_ASSIGN_OR_RETURN(YesNo votes, YesNoCounts(q));
  out.set_outcome(votes.yes > votes.no ? kOutcomeAdopted : kOutcomeRejected);
  return absl::OkStatus();
}

// FR_LOCAL_REFERENDUM (specs/results.md §3.2). Code général des collectivités territoriales,
// art. LO1112-7: the project submitted to a local referendum is adopted if at least half of
// the registered voters took part in the vote and it obtains the majority of the votes
// expressed ("suffrages exprimés", which exclude blank votes).
absl::Status ApplyFrLocalReferendum(const QuestionCounts& q, uint64_t registered,
                                    uint64_t ballots_counted, DecisionOutcome& out) {
  URNE_RETURN_IF_ERROR(RequireKind(q, v1::YES_NO, "FR_LOCAL_REFERENDUM"));
  URNE_ASSIGN_OR_RETURN(YesNo votes, YesNoCounts(q));
  // Turnout ≥ 50 %  ⇔  2 · ballots_counted ≥ registered, in exact integers.
  const bool quorum = 2 * static_cast<u128>(ballots_counted) >= static_cast<u128>(registered);
  if (!quorum) {
    out.set_outcome(kOutcomeNoQuorum);
  } else {
    out.set_outcome(votes.yes > votes.no ? kOutcomeAdopted : kOutcomeRejected);
  }
  return absl::OkStatus();
}

// SWISS_INITIATIVE_COUNTER (specs/results.md §3.3).
absl::Status ApplySwiss(const QuestionCounts& initiative, const QuestionCounts& counter,
                        const QuestionCounts& tie_break, DecisionOutcome& out) {
  URNE_RETURN_IF_ERROR(RequireKind(initiative, v1::YES_NO, "SWISS_INITIATIVE_COUNTER"));
  URNE_RETURN_IF_ERROR(RequireKind(counter, v1::YES_NO, "SWISS_INITIATIVE_COUNTER"));
  URNE_RETURN_IF_ERROR(RequireKind(tie_break, v1::ONE_OF, "SWISS_INITIATIVE_COUNTER"));
  URNE_ASSIGN_OR_RETURN(YesNo init_votes, YesNoCounts(initiative));
  URNE_ASSIGN_OR_RETURN(YesNo counter_votes, YesNoCounts(counter));
  // The tie-break question's non-blank options: the initiative first, the counter second.
  std::vector<uint64_t> preference;
  for (int i = 0; i < tie_break.question->options_size(); ++i) {
    if (!tie_break.question->options(i).blank()) preference.push_back(tie_break.counts[i]);
  }
  if (preference.size() != 2) {
    return RuleMismatch(Cat("tie-break question '", tie_break.question->id(),
                            "' needs exactly two non-blank options (initiative, then "
                            "counter-proposal), it has ",
                            preference.size()));
  }
  const bool initiative_passes = init_votes.yes > init_votes.no;
  const bool counter_passes = counter_votes.yes > counter_votes.no;
  if (initiative_passes && counter_passes) {
    // Both pass: the tie-break question decides; if it is tied, the one with more yes votes
    // in its own question; if those are equal too, "tie".
    if (preference[0] != preference[1]) {
      out.set_outcome(preference[0] > preference[1] ? kOutcomeInitiative : kOutcomeCounterProposal);
    } else if (init_votes.yes != counter_votes.yes) {
      out.set_outcome(init_votes.yes > counter_votes.yes ? kOutcomeInitiative
                                                         : kOutcomeCounterProposal);
    } else {
      out.set_outcome(kOutcomeTie);
    }
  } else if (initiative_passes) {
    out.set_outcome(kOutcomeInitiative);
  } else if (counter_passes) {
    out.set_outcome(kOutcomeCounterProposal);
  } else {
    out.set_outcome(kOutcomeNeither);
  }
  return absl::OkStatus();
}

// PLURALITY (specs/results.md §3.4).
absl::Status ApplyPlurality(const QuestionCounts& q, v1::TieBreak tie_break, DecisionOutcome& out) {
  URNE_RETURN_IF_ERROR(RequireKind(q, v1::ONE_OF, "PLURALITY"));
  const std::vector<int> rank = RankOptions(*q.question, q.counts, tie_break);
  if (rank.empty() || q.counts[rank[0]] == 0) {
    out.set_outcome(kOutcomeNoVotes);
    return absl::OkStatus();
  }
  out.set_outcome(kOutcomeElected);
  out.add_winners(q.question->options(rank[0]).id());
  return absl::OkStatus();
}

// APPROVAL_TOP_K (specs/results.md §3.5).
absl::Status ApplyApprovalTopK(const QuestionCounts& q, uint32_t seats, v1::TieBreak tie_break,
                               DecisionOutcome& out) {
  URNE_RETURN_IF_ERROR(RequireKind(q, v1::APPROVAL, "APPROVAL_TOP_K"));
  const std::vector<int> rank = RankOptions(*q.question, q.counts, tie_break);
  if (seats == 0 || seats > rank.size()) {
    return RuleMismatch(Cat("APPROVAL_TOP_K needs 1 ≤ seats ≤ ", rank.size(),
                            " (the question's non-blank options), got ", seats));
  }
  for (size_t i = 0; i < seats && q.counts[rank[i]] > 0; ++i) {
    out.add_winners(q.question->options(rank[i]).id());
  }
  out.set_outcome(out.winners_size() > 0 ? kOutcomeElected : kOutcomeNoVotes);
  return absl::OkStatus();
}

// BUDGET_GREEDY (specs/results.md §3.6).
absl::Status ApplyBudgetGreedy(const QuestionCounts& q, v1::TieBreak tie_break,
                               DecisionOutcome& out) {
  URNE_RETURN_IF_ERROR(RequireKind(q, v1::BUDGET, "BUDGET_GREEDY"));
  const std::vector<int> rank = RankOptions(*q.question, q.counts, tie_break);
  if (rank.empty() || q.counts[rank[0]] == 0) {
    out.set_outcome(kOutcomeNoVotes);
    return absl::OkStatus();
  }
  uint64_t remaining = q.question->budget();
  for (int index : rank) {
    if (q.counts[index] == 0) break;  // Ranked by votes: every later option has 0 too.
    const uint64_t cost = q.question->options(index).cost();
    if (cost > remaining) continue;  // Does not fit: skipped, a later one may.
    remaining -= cost;
    out.add_winners(q.question->options(index).id());
  }
  out.set_outcome(kOutcomeFunded);
  return absl::OkStatus();
}

absl::Status ApplyDecision(const Decision& decision, const std::vector<QuestionCounts>& read,
                           uint64_t registered, uint64_t ballots_counted, DecisionOutcome& out) {
  if (decision.rule() == v1::DECISION_RULE_UNSPECIFIED ||
      !v1::DecisionRule_IsValid(decision.rule())) {
    return Invalid("decision.unknown_rule",
                   Cat("decision rule ", static_cast<int>(decision.rule()),
                       " is unspecified or unknown; use one of specs/results.md §3"));
  }
  const size_t wanted = decision.rule() == v1::SWISS_INITIATIVE_COUNTER ? 3 : 1;
  if (read.size() != wanted) {
    return RuleMismatch(Cat("rule ", v1::DecisionRule_Name(decision.rule()), " reads ", wanted,
                            " question(s), the decision names ", read.size()));
  }
  v1::TieBreak tie_break = decision.tie_break();
  if (!v1::TieBreak_IsValid(tie_break)) {
    return RuleMismatch(Cat("unknown tie_break value ", static_cast<int>(tie_break)));
  }
  switch (decision.rule()) {
    case v1::MAJORITY:
      return ApplyMajority(read[0], out);
    case v1::FR_LOCAL_REFERENDUM:
      return ApplyFrLocalReferendum(read[0], registered, ballots_counted, out);
    case v1::SWISS_INITIATIVE_COUNTER:
      return ApplySwiss(read[0], read[1], read[2], out);
    case v1::PLURALITY:
      return ApplyPlurality(read[0], tie_break, out);
    case v1::APPROVAL_TOP_K:
      return ApplyApprovalTopK(read[0], decision.seats(), tie_break, out);
    case v1::BUDGET_GREEDY:
      return ApplyBudgetGreedy(read[0], tie_break, out);
    default:
      break;
  }
  return Invalid("decision.unknown_rule",
                 Cat("decision rule ", static_cast<int>(decision.rule()), " is not handled"));
}

}  // namespace

uint64_t ExpressedVotes(const Question& question, std::span<const uint64_t> counts) {
  return SumCounts(question, counts, /*blank=*/false);
}

uint64_t BlankVotes(const Question& question, std::span<const uint64_t> counts) {
  return SumCounts(question, counts, /*blank=*/true);
}

std::vector<int> RankOptions(const Question& question, std::span<const uint64_t> counts,
                             v1::TieBreak tie_break) {
  std::vector<int> rank;
  for (int i = 0; i < question.options_size(); ++i) {
    if (!question.options(i).blank()) rank.push_back(i);
  }
  const bool by_cost = tie_break == v1::LOWER_COST;
  // A strict total order (the index is the last key), so std::sort is deterministic.
  std::sort(rank.begin(), rank.end(), [&](int a, int b) {
    if (counts[a] != counts[b]) return counts[a] > counts[b];
    if (by_cost) {
      const uint64_t cost_a = question.options(a).cost();
      const uint64_t cost_b = question.options(b).cost();
      if (cost_a != cost_b) return cost_a < cost_b;
    }
    return a < b;
  });
  return rank;
}

std::optional<uint64_t> PercentHundredths(uint64_t part, uint64_t whole) {
  if (whole == 0) return std::nullopt;
  const u128 hundredths = static_cast<u128>(part) * 10000 / whole;
  return hundredths > std::numeric_limits<uint64_t>::max() ? std::numeric_limits<uint64_t>::max()
                                                           : static_cast<uint64_t>(hundredths);
}

absl::StatusOr<std::vector<DecisionOutcome>> DeriveDecisions(
    const Manifest& manifest, uint64_t registered, uint64_t ballots_counted,
    const std::vector<std::vector<uint64_t>>& counts) {
  if (counts.size() != static_cast<size_t>(manifest.questions_size())) {
    return Invalid("decision.bad_counts",
                   Cat("got counts for ", counts.size(), " questions, the manifest has ",
                       manifest.questions_size(), "; give one vector per question in order"));
  }
  for (int qi = 0; qi < manifest.questions_size(); ++qi) {
    const Question& question = manifest.questions(qi);
    if (counts[qi].size() != static_cast<size_t>(question.options_size())) {
      return Invalid(
          "decision.bad_counts",
          Cat("question '", question.id(), "' has ", question.options_size(), " options but ",
              counts[qi].size(), " counts; give one count per option in manifest order"));
    }
  }
  if (ballots_counted > registered) {
    return Invalid(
        "decision.inconsistent_counts",
        Cat(ballots_counted, " ballots counted but only ", registered, " credentials registered"));
  }
  for (int qi = 0; qi < manifest.questions_size(); ++qi) {
    URNE_RETURN_IF_ERROR(
        CheckConsistentCounts(manifest.questions(qi), ballots_counted, counts[qi]));
  }

  std::vector<DecisionOutcome> outcomes;
  outcomes.reserve(manifest.decisions_size());
  for (int di = 0; di < manifest.decisions_size(); ++di) {
    const Decision& decision = manifest.decisions(di);
    const std::string context = Cat("decisions[", di, "] '", decision.id(), "': ");
    std::vector<QuestionCounts> read;
    for (const std::string& id : decision.question_ids()) {
      int found = -1;
      for (int qi = 0; qi < manifest.questions_size() && found < 0; ++qi) {
        if (manifest.questions(qi).id() == id) found = qi;
      }
      if (found < 0) {
        return WithContext(
            Invalid("decision.unknown_question", Cat("no question has id '", id, "'")), context);
      }
      read.push_back({&manifest.questions(found), counts[found]});
    }
    DecisionOutcome out;
    out.set_decision_id(decision.id());
    URNE_RETURN_IF_ERROR(
        WithContext(ApplyDecision(decision, read, registered, ballots_counted, out), context));
    outcomes.push_back(std::move(out));
  }
  return outcomes;
}

}  // namespace urne

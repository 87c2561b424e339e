#include "authority/results_report.h"

#include <google/protobuf/struct.pb.h>

#include <algorithm>

#include "authority/document_text.h"
#include "authority/messages.h"
#include "cli/json.h"
#include "cli/local_time.h"
#include "election/decision.h"
#include "election/manifest.h"
#include "status/status.h"

namespace urne::authority {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// A percentage with two decimals: "52,30 %" in French (decimal comma), "52.30 %" in English
// and in JSON ("en").
std::string Percent(uint64_t part, uint64_t whole, const std::string& lang = "en") {
  auto p = PercentHundredths(part, whole);
  if (!p) return "—";
  const uint64_t cents = *p % 100;
  return Cat(*p / 100, lang == "fr" ? "," : ".", cents < 10 ? "0" : "", cents, " %");
}

struct QuestionData {
  const v1::Question* question;
  std::vector<uint64_t> counts;
  uint64_t blank;
  uint64_t expressed;
};

struct Data {
  const v1::Manifest& manifest;
  const v1::Result& result;
  std::vector<QuestionData> questions;
  std::string election;
  std::string verify;
};

Data Collect(const ElectionState& state, const std::string& board) {
  const v1::Result& r = *state.result();
  Data d{state.manifest(), r, {}, ToHex(state.id()), ""};
  for (const auto& qr : r.questions()) {
    int qi = QuestionIndex(d.manifest, qr.question_id());
    if (qi < 0) continue;
    QuestionData q{&d.manifest.questions(qi), {qr.counts().begin(), qr.counts().end()}, 0, 0};
    q.blank = BlankVotes(*q.question, q.counts);
    q.expressed = ExpressedVotes(*q.question, q.counts);
    d.questions.push_back(std::move(q));
  }
  d.verify = Cat("urne-verify --board ", board, " --election ", d.election);
  return d;
}

bool IsChoiceOfOne(const v1::Question& q) {
  return q.kind() == v1::YES_NO || q.kind() == v1::ONE_OF;
}

// The share shown next to a count, and its base: of expressed votes for one-choice questions
// (blank: of ballots counted), of ballots counted for approval and budget questions.
struct Share {
  uint64_t part, whole;
  bool of_expressed;
  std::string Text(const std::string& lang) const { return Percent(part, whole, lang); }
  // "52,30 % des suffrages exprimés" / "52.30 % of expressed votes".
  std::string Said(const std::string& lang) const {
    if (lang == "fr") {
      return Cat(Text("fr"), of_expressed ? " des suffrages exprimés" : " des bulletins comptés");
    }
    return Cat(Text("en"), of_expressed ? " of expressed votes" : " of ballots counted");
  }
};
Share ShareOf(const QuestionData& q, int o, uint64_t ballots) {
  const auto& option = q.question->options(o);
  if (IsChoiceOfOne(*q.question) && !option.blank()) return {q.counts[o], q.expressed, true};
  return {q.counts[o], ballots, false};
}

const v1::Option* FindOption(const v1::Manifest& m, const v1::Decision* d, const std::string& id) {
  if (d == nullptr) return nullptr;
  for (const auto& qid : d->question_ids()) {
    int qi = QuestionIndex(m, qid);
    if (qi < 0) continue;
    for (const auto& o : m.questions(qi).options()) {
      if (o.id() == id) return &o;
    }
  }
  return nullptr;
}

std::string Hex(const std::string& bytes) { return ToHex(AsBytes(bytes)); }

}  // namespace

absl::StatusOr<ReportFormat> ParseReportFormat(const std::string& name) {
  if (name == "text") return ReportFormat::kText;
  if (name == "json") return ReportFormat::kJson;
  if (name == "html") return ReportFormat::kHtml;
  return Refuse(AdminMsg::kReportFormat, {name.substr(0, 40)});
}

OutcomeWords DescribeOutcome(const v1::Manifest& m, const v1::DecisionOutcome& outcome) {
  const v1::Decision* decision = nullptr;
  for (const auto& d : m.decisions()) {
    if (d.id() == outcome.decision_id()) decision = &d;
  }
  std::string fr_list;
  std::string en_list;
  for (const auto& w : outcome.winners()) {
    const v1::Option* o = FindOption(m, decision, w);
    fr_list += (fr_list.empty() ? "" : ", ") + (o ? o->label().fr() : w);
    en_list += (en_list.empty() ? "" : ", ") + (o ? o->label().en() : w);
  }
  const std::string& k = outcome.outcome();
  if (k == kOutcomeAdopted) return {"adopté", "adopted"};
  if (k == kOutcomeRejected) return {"rejeté", "rejected"};
  if (k == kOutcomeNoQuorum) {
    return {"non adopté : quorum non atteint (participation inférieure à 50 % des inscrits)",
            "not adopted: no quorum (turnout below 50 % of registered voters)"};
  }
  if (k == kOutcomeInitiative) return {"l'initiative est acceptée", "the initiative is accepted"};
  if (k == kOutcomeCounterProposal) {
    return {"le contre-projet est accepté", "the counter-proposal is accepted"};
  }
  if (k == kOutcomeNeither) {
    return {"ni l'initiative ni le contre-projet ne sont acceptés",
            "neither the initiative nor the counter-proposal is accepted"};
  }
  if (k == kOutcomeTie) {
    return {
        "égalité : les deux textes sont acceptés et la question subsidiaire ne les "
        "départage pas",
        "tie: both texts are accepted and the tie-break question does not decide"};
  }
  if (k == kOutcomeElected) return {"élu(s) : " + fr_list, "elected: " + en_list};
  if (k == kOutcomeFunded) {
    if (fr_list.empty())
      return {"aucun projet ne tient dans le budget", "no project fits the budget"};
    return {"projets financés : " + fr_list, "funded projects: " + en_list};
  }
  if (k == kOutcomeNoVotes) return {"aucun suffrage exprimé", "no votes expressed"};
  return {k, k};
}

namespace {

// When the result stood: the final signed tree head's time, in the manifest's time zone.
std::string When(const v1::Manifest& m, const v1::SignedTreeHead& head, const std::string& lang) {
  return cli::FormatLocalTime(head.timestamp_ms() / 1000, m.time_zone(), lang);
}

std::string RenderText(const Data& d, const v1::SignedTreeHead& head) {
  const auto& m = d.manifest;
  const auto& r = d.result;
  std::string s;
  s += Cat(m.title().fr(), " / ", m.title().en(), "\n", m.organiser().fr(), " / ",
           m.organiser().en(), "\nScrutin / Election: ", d.election, "\n\n");
  s += Cat("Inscrits / Registered:             ", r.registered(), "\n");
  s += Cat("Bulletins comptés / Ballots counted: ", r.ballots_counted(), "\n");
  s +=
      Cat("Participation / Turnout:           ", Percent(r.ballots_counted(), r.registered(), "fr"),
          " / ", Percent(r.ballots_counted(), r.registered()),
          " (des inscrits / of registered voters)\n");
  for (const auto& q : d.questions) {
    s += Cat("\n", q.question->title().fr(), " / ", q.question->title().en(), "\n");
    for (int o = 0; o < q.question->options_size(); ++o) {
      const auto& opt = q.question->options(o);
      std::string label = Cat(opt.label().fr(), " / ", opt.label().en());
      if (opt.cost() != 0) label += Cat(" (", opt.cost(), " ", q.question->unit(), ")");
      s += Cat("  ", label, std::string(label.size() < 44 ? 44 - label.size() : 1, ' '),
               q.counts[o], "  ", ShareOf(q, o, r.ballots_counted()).Said("fr"), " / ",
               ShareOf(q, o, r.ballots_counted()).Said("en"), "\n");
    }
    if (IsChoiceOfOne(*q.question)) {
      s += Cat("  Suffrages exprimés / Expressed votes: ", q.expressed, "\n");
      s += Cat("  Votes blancs / Blank votes:           ", q.blank, "\n");
    }
    if (q.question->kind() == v1::BUDGET) {
      s += Cat("  Budget: ", q.question->budget(), " ", q.question->unit(), "\n");
    }
  }
  s += "\nDécisions / Decisions\n";
  for (const auto& o : r.decisions()) {
    const v1::Decision* dec = nullptr;
    for (const auto& x : m.decisions()) {
      if (x.id() == o.decision_id()) dec = &x;
    }
    OutcomeWords w = DescribeOutcome(m, o);
    s += Cat("  ", dec ? dec->title().fr() : o.decision_id(), " : ", w.fr, "\n  ",
             dec ? dec->title().en() : o.decision_id(), ": ", w.en, "\n");
  }
  s += Cat("\nRésultat au / Result as of: ", When(m, head, "fr"), " / ", When(m, head, "en"), "\n");
  s += Cat("\nÉtat final du registre / Final tree head: size ", head.tree_size(), ", root ",
           Hex(head.root_hash()), "\n  signed by the board key ", Hex(head.board_key()), "\n");
  s += Cat("\nVérifier / Verify (anyone, from public data alone):\n  ", d.verify, "\n");
  return s;
}

Value Num(uint64_t n) {
  Value v;
  v.set_number_value(static_cast<double>(n));
  return v;
}
Value Str(const std::string& s) {
  Value v;
  v.set_string_value(s);
  return v;
}
Value TextValue(const v1::Text& t) {
  Value v;
  (*v.mutable_struct_value()->mutable_fields())["fr"] = Str(t.fr());
  (*v.mutable_struct_value()->mutable_fields())["en"] = Str(t.en());
  return v;
}

std::string RenderJson(const Data& d, const v1::SignedTreeHead& head) {
  const auto& m = d.manifest;
  const auto& r = d.result;
  Struct root;
  auto& f = *root.mutable_fields();
  f["election_id"] = Str(d.election);
  f["reference"] = Str(m.reference());
  f["title"] = TextValue(m.title());
  f["organiser"] = TextValue(m.organiser());
  f["registered"] = Num(r.registered());
  f["ballots_counted"] = Num(r.ballots_counted());
  f["turnout_percent"] = Str(Percent(r.ballots_counted(), r.registered()));
  Value questions;
  for (const auto& q : d.questions) {
    Value qv;
    auto& qf = *qv.mutable_struct_value()->mutable_fields();
    qf["id"] = Str(q.question->id());
    qf["title"] = TextValue(q.question->title());
    qf["blank_votes"] = Num(q.blank);
    qf["expressed_votes"] = Num(q.expressed);
    Value options;
    for (int o = 0; o < q.question->options_size(); ++o) {
      Value ov;
      auto& of = *ov.mutable_struct_value()->mutable_fields();
      of["id"] = Str(q.question->options(o).id());
      of["label"] = TextValue(q.question->options(o).label());
      of["votes"] = Num(q.counts[o]);
      const Share share = ShareOf(q, o, r.ballots_counted());
      of["percent"] = Str(share.Text("en"));
      of["percent_of"] = Str(share.of_expressed ? "expressed_votes" : "ballots_counted");
      if (q.question->options(o).blank()) of["blank"].set_bool_value(true);
      if (q.question->options(o).cost() != 0) of["cost"] = Num(q.question->options(o).cost());
      *options.mutable_list_value()->add_values() = ov;
    }
    qf["options"] = options;
    *questions.mutable_list_value()->add_values() = qv;
  }
  f["questions"] = questions;
  Value decisions;
  decisions.mutable_list_value();
  for (const auto& o : r.decisions()) {
    Value dv;
    auto& df = *dv.mutable_struct_value()->mutable_fields();
    df["id"] = Str(o.decision_id());
    df["outcome"] = Str(o.outcome());
    Value winners;
    winners.mutable_list_value();
    for (const auto& w : o.winners()) *winners.mutable_list_value()->add_values() = Str(w);
    df["winners"] = winners;
    OutcomeWords words = DescribeOutcome(m, o);
    v1::Text t;
    t.set_fr(words.fr);
    t.set_en(words.en);
    df["words"] = TextValue(t);
    *decisions.mutable_list_value()->add_values() = dv;
  }
  f["decisions"] = decisions;
  Value th;
  auto& tf = *th.mutable_struct_value()->mutable_fields();
  tf["tree_size"] = Num(head.tree_size());
  tf["root_hash"] = Str(Hex(head.root_hash()));
  tf["board_key"] = Str(Hex(head.board_key()));
  tf["timestamp_ms"] = Num(static_cast<uint64_t>(head.timestamp_ms()));
  f["final_tree_head"] = th;
  f["verify_command"] = Str(d.verify);
  return cli::ToJson(root, cli::JsonLayout::kIndented);
}

std::string Chart(const QuestionData& q, int index, uint64_t ballots) {
  std::vector<BarChartRow> rows;
  for (int o = 0; o < q.question->options_size(); ++o) {
    const auto& opt = q.question->options(o);
    rows.push_back(BarChartRow{opt.label().fr() == opt.label().en()
                                   ? opt.label().fr()
                                   : Cat(opt.label().fr(), " / ", opt.label().en()),
                               q.counts[o], ShareOf(q, o, ballots).Text("fr"), opt.blank()});
  }
  return SvgBarChart(Cat("chart-", index),
                     Cat(q.question->title().fr(), " / ", q.question->title().en(),
                         " — voir le tableau / see the table"),
                     rows);
}

std::string RenderHtml(const Data& d, const v1::SignedTreeHead& head) {
  const auto& m = d.manifest;
  const auto& r = d.result;
  std::string h = "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>Résultats — " + HtmlEscape(m.title().fr()) + "</title>\n";
  h += PageStyle();
  h += "\n</head>\n<body>\n<main>\n";
  h += "<p class=\"muted\">" + HtmlEscape(m.organiser().fr()) + " · <span lang=\"en\">" +
       HtmlEscape(m.organiser().en()) + "</span></p>\n";
  h += "<h1>Résultats · <span lang=\"en\">Results</span></h1>\n";
  h += "<p><strong>" + HtmlEscape(m.title().fr()) + "</strong><br><span lang=\"en\">" +
       HtmlEscape(m.title().en()) + "</span></p>\n";
  h += "<h2>Participation · <span lang=\"en\">Turnout</span></h2>\n<table>\n";
  h +=
      Cat("<tr><th scope=\"row\">Inscrits · <span lang=\"en\">Registered</span></th><td "
          "class=\"n\">",
          r.registered(), "</td></tr>\n");
  h +=
      Cat("<tr><th scope=\"row\">Bulletins comptés · <span lang=\"en\">Ballots counted</span>"
          "</th><td class=\"n\">",
          r.ballots_counted(), "</td></tr>\n");
  h +=
      Cat("<tr><th scope=\"row\">Participation · <span lang=\"en\">Turnout</span></th><td "
          "class=\"n\">",
          HtmlEscape(Percent(r.ballots_counted(), r.registered(), "fr")),
          " des inscrits · <span lang=\"en\">",
          HtmlEscape(Percent(r.ballots_counted(), r.registered())),
          " of registered voters</span></td></tr>\n</table>\n");
  h += Cat("<p>Résultat au <strong>", HtmlEscape(When(m, head, "fr")),
           "</strong> · <span lang=\"en\">Result as of <strong>", HtmlEscape(When(m, head, "en")),
           "</strong></span></p>\n");
  h += "<h2>Décisions · <span lang=\"en\">Decisions</span></h2>\n<ul>\n";
  for (const auto& o : r.decisions()) {
    const v1::Decision* dec = nullptr;
    for (const auto& x : m.decisions()) {
      if (x.id() == o.decision_id()) dec = &x;
    }
    OutcomeWords w = DescribeOutcome(m, o);
    h += "<li><strong>" + HtmlEscape(dec ? dec->title().fr() : o.decision_id()) +
         "</strong> : " + HtmlEscape(w.fr) + "<br><span lang=\"en\"><strong>" +
         HtmlEscape(dec ? dec->title().en() : o.decision_id()) + "</strong>: " + HtmlEscape(w.en) +
         "</span></li>\n";
  }
  h += "</ul>\n";
  int index = 0;
  for (const auto& q : d.questions) {
    ++index;
    h += "<section>\n<h2>" + HtmlEscape(q.question->title().fr()) + " · <span lang=\"en\">" +
         HtmlEscape(q.question->title().en()) + "</span></h2>\n";
    h += "<p>" + HtmlEscape(q.question->text().fr()) + "<br><span lang=\"en\">" +
         HtmlEscape(q.question->text().en()) + "</span></p>\n";
    h += Chart(q, index, r.ballots_counted());
    h += "<table>\n<caption>" + HtmlEscape(q.question->title().fr()) + " · <span lang=\"en\">" +
         HtmlEscape(q.question->title().en()) + "</span></caption>\n";
    h +=
        "<tr><th scope=\"col\">Option</th><th scope=\"col\">Voix · <span "
        "lang=\"en\">Votes</span></th><th scope=\"col\">Part · <span lang=\"en\">Share</span></th>";
    if (q.question->kind() == v1::BUDGET) {
      h += "<th scope=\"col\">Coût · <span lang=\"en\">Cost</span> (" +
           HtmlEscape(q.question->unit()) + ")</th>";
    }
    h += "</tr>\n";
    for (int o = 0; o < q.question->options_size(); ++o) {
      const auto& opt = q.question->options(o);
      h += "<tr><th scope=\"row\">" + HtmlEscape(opt.label().fr()) + " · <span lang=\"en\">" +
           HtmlEscape(opt.label().en()) + "</span></th><td class=\"n\">" + Cat(q.counts[o]) +
           "</td><td class=\"n\">" + HtmlEscape(ShareOf(q, o, r.ballots_counted()).Said("fr")) +
           "<br><span lang=\"en\">" + HtmlEscape(ShareOf(q, o, r.ballots_counted()).Said("en")) +
           "</span></td>";
      if (q.question->kind() == v1::BUDGET) h += "<td class=\"n\">" + Cat(opt.cost()) + "</td>";
      h += "</tr>\n";
    }
    h += "</table>\n";
    if (IsChoiceOfOne(*q.question)) {
      h += Cat("<p>Suffrages exprimés · <span lang=\"en\">Expressed votes</span> : ", q.expressed,
               " — Votes blancs · <span lang=\"en\">Blank votes</span> : ", q.blank, "</p>\n");
    }
    if (q.question->kind() == v1::BUDGET) {
      h += Cat("<p>Budget : ", q.question->budget(), " ", HtmlEscape(q.question->unit()), "</p>\n");
    }
    h += "</section>\n";
  }
  h += "<h2>Vérifier · <span lang=\"en\">Verify</span></h2>\n";
  h +=
      Cat("<p>État final du registre public · <span lang=\"en\">Final tree head of the public "
          "record</span> : ",
          head.tree_size(),
          " entrées · <span lang=\"en\">entries</span>, racine · <span "
          "lang=\"en\">root</span> <span class=\"mono\">",
          Hex(head.root_hash()),
          "</span>, clé du registre · <span lang=\"en\">board key</span> "
          "<span class=\"mono\">",
          Hex(head.board_key()), "</span>.</p>\n");
  h += "<p>Chacun peut refaire le dépouillement et la décision à partir des seules données "
       "publiques :<br><span lang=\"en\">Anyone can redo the count and the decision from "
       "public data alone:</span></p>\n<p class=\"mono\">" +
       HtmlEscape(d.verify) + "</p>\n";
  h += "<p class=\"muted\">Scrutin · <span lang=\"en\">Election</span> <span class=\"mono\">" +
       d.election + "</span></p>\n</main>\n</body>\n</html>\n";
  return h;
}

}  // namespace

absl::StatusOr<std::string> RenderResults(const ElectionState& state,
                                          const v1::SignedTreeHead& head, const std::string& board,
                                          ReportFormat format) {
  if (state.result() == nullptr) {
    return Refuse(AdminMsg::kNoResultYet, {PhaseName(state.phase())});
  }
  Data d = Collect(state, board);
  switch (format) {
    case ReportFormat::kJson:
      return RenderJson(d, head);
    case ReportFormat::kHtml:
      return RenderHtml(d, head);
    default:
      return RenderText(d, head);
  }
}

}  // namespace urne::authority

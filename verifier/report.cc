#include "verifier/report.h"

#include <algorithm>

#include "cli/html.h"
#include "cli/json.h"
#include "cli/messages.h"
#include "cli/reasons.h"
#include "status/status.h"

namespace urne::verifier {
namespace {

// The report's words in English and French: one table (issue #16 §6), indexed by Word.
enum class Word {
  kOk,
  kFailed,
  kNotChecked,
  kElection,
  kEntriesPhase,
  kBoardKey,
  kBoothDigest,
  kNoBooth,
  kNone,
  kFailedStep,
  kEntry,
  kEntries,
  kReplaced,
  kResults,
  kDecision,
  kValid,
  kValidSoFar,
  kInvalidStep,
  kInvalidUnfinished,
  kVerificationOf,
  kElectionRecord,
  kResultsHeading,
  kResultsNote,
  kCounts,
  kDecisionsHeading,
  kEveryStep,
  kStepHeader,
  kAndMore,
};
constexpr const char* kWords[][2] = {
    {"ok", "ok"},
    {"FAILED", "ÉCHEC"},
    {"not checked", "non vérifiée"},
    {"Election ", "Scrutin "},
    {" entries, phase ", " entrées, phase "},
    {", board key ", ", clé du tableau "},
    {"booth digest ", "empreinte de l'isoloir "},
    {"none (no hosted booth; voters use urne-vote)",
     "aucune (pas d'isoloir en ligne ; on vote avec urne-vote)"},
    {"none", "aucune"},
    {"FAILED step ", "ÉCHEC de l'étape "},
    {" — entry ", " — entrée "},
    {" — entries ", " — entrées "},
    {"Credentials replaced during the vote (lost or stolen letters): ",
     "Accréditations remplacées pendant le vote (lettres perdues ou volées) : "},
    {"Results (recomputed; {0} ballots counted of {1} registered)",
     "Résultats (recalculés ; {0} bulletins comptés sur {1} inscrits)"},
    {"  decision ", "  décision "},
    {"VALID: every step holds; the result is the decryption of the ballots",
     "VALIDE : toutes les étapes sont vérifiées ; le résultat est le déchiffrement des "
     "bulletins"},
    {"VALID SO FAR: every step holds; not finished: phase {0}",
     "VALIDE À CE STADE : toutes les étapes sont vérifiées ; pas fini : phase {0}"},
    {"INVALID: step {0} failed ({1})", "INVALIDE : l'étape {0} a échoué ({1})"},
    {"INVALID: not finished: phase {0}", "INVALIDE : pas fini : phase {0}"},
    {"Verification of ", "Vérification de "},
    {"Election record", "Enregistrement du scrutin"},
    {"Results", "Résultats"},
    {"{0} ballots counted of {1} registered. Counts recomputed by this verifier from the "
     "encrypted ballots and the trustees' proven partial decryptions. Credentials replaced "
     "during the vote (lost or stolen letters): {2}.",
     "{0} bulletins comptés sur {1} inscrits. Décomptes recalculés par ce vérificateur à partir "
     "des bulletins chiffrés et des déchiffrements partiels prouvés des garants. Accréditations "
     "remplacées pendant le vote (lettres perdues ou volées) : {2}."},
    {" (counts)", " (décomptes)"},
    {"Decisions (re-derived)", "Décisions (re-dérivées)"},
    {"Every step", "Toutes les étapes"},
    {"<th>Step</th><th>Check</th><th>Status</th><th>Details</th>",
     "<th>Étape</th><th>Vérification</th><th>État</th><th>Détails</th>"},
    {" and {0} more", " et {0} de plus"},
};

std::string W(Word w, ReportLang lang, const std::vector<std::string>& args = {}) {
  return cli::Fill(kWords[static_cast<int>(w)][lang == ReportLang::kFr ? 1 : 0], args);
}

std::string StatusWord(StepStatus s, ReportLang lang) {
  switch (s) {
    case StepStatus::kOk:
      return W(Word::kOk, lang);
    case StepStatus::kFailed:
      return W(Word::kFailed, lang);
    default:
      return W(Word::kNotChecked, lang);
  }
}

std::string_view StepTitle(const StepResult& s, ReportLang lang) {
  return lang == ReportLang::kFr ? InfoOf(s.step).title_fr : std::string_view(s.title);
}

// Characters, not bytes (for padding a UTF-8 word to a column).
size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string EntryList(const std::vector<uint64_t>& entries, ReportLang lang) {
  std::string out;
  for (size_t i = 0; i < entries.size() && i < 10; ++i) {
    out += (i ? ", " : "") + std::to_string(entries[i]);
  }
  if (entries.size() > 10) out += W(Word::kAndMore, lang, {std::to_string(entries.size() - 10)});
  return out;
}

// A step's details in `lang`: in French, the verifier's French note, else a failure's
// reason in French words (cli/reasons.def: the lower layers' messages are English only).
std::string Detail(const StepResult& s, ReportLang lang) {
  if (lang != ReportLang::kFr) return s.message;
  if (!s.message_fr.empty()) return s.message_fr;
  if (s.status == StepStatus::kFailed) {
    if (const cli::ReasonText* row = cli::FindReason(s.reason)) return std::string(row->fr);
  }
  return s.message;
}

std::string Summary(const VerifyReport& r, ReportLang lang = ReportLang::kEn) {
  if (r.valid) {
    return r.complete ? W(Word::kValid, lang) : W(Word::kValidSoFar, lang, {r.phase});
  }
  const StepResult* f = r.FirstFailure();
  if (f) return W(Word::kInvalidStep, lang, {f->id, f->reason});
  return W(Word::kInvalidUnfinished, lang, {r.phase});
}

}  // namespace

std::string FormatText(const VerifyReport& r, ReportLang lang) {
  const bool fr = lang == ReportLang::kFr;
  const std::string& title = fr ? r.title_fr : r.title;
  std::string out =
      Cat(W(Word::kElection, lang), r.election_id.empty() ? "?" : r.election_id, "\n");
  if (!title.empty()) out += Cat("  ", title, "\n");
  out += Cat("  ", r.entries, W(Word::kEntriesPhase, lang), r.phase.empty() ? "?" : r.phase,
             W(Word::kBoardKey, lang), r.board_key.empty() ? "?" : r.board_key, "\n");
  out += Cat("  ", W(Word::kBoothDigest, lang),
             r.booth_digest.empty() ? W(Word::kNoBooth, lang) : r.booth_digest, "\n\n");
  for (const auto& s : r.steps) {
    if (s.status == StepStatus::kFailed) {
      const char* colon = fr ? " : " : ": ";
      out += Cat(W(Word::kFailedStep, lang), s.id, colon, StepTitle(s, lang), " — ", s.reason,
                 colon, Detail(s, lang));
      if (!s.entries.empty()) {
        out += Cat(W(s.entries.size() == 1 ? Word::kEntry : Word::kEntries, lang),
                   EntryList(s.entries, lang));
      }
      out += "\n";
    } else {
      std::string word = StatusWord(s.status, lang);
      // A column of 12 characters, and at least one space after the word.
      word.resize(std::max<size_t>(12, Utf8Length(word) + 1) + (word.size() - Utf8Length(word)),
                  ' ');
      out += Cat(word, s.id, (s.id.size() < 4 ? "  " : " "), StepTitle(s, lang),
                 s.message.empty() ? "" : Cat(" (", Detail(s, lang), ")"), "\n");
    }
  }
  out += Cat("\n", W(Word::kReplaced, lang), r.replacements.size(), "\n");
  if (!r.tallies.empty()) {
    out += Cat(
        "\n",
        W(Word::kResults, lang, {std::to_string(r.ballots_counted), std::to_string(r.registered)}),
        "\n");
    for (const auto& q : r.tallies) {
      out += Cat("  ", fr ? q.title_fr : q.title, " [", q.id, "]\n");
      const auto& labels = fr ? q.option_labels_fr : q.option_labels;
      for (size_t o = 0; o < q.counts.size(); ++o) {
        out += Cat("    ", labels[o], fr ? " : " : ": ", q.counts[o], "\n");
      }
    }
    for (const auto& d : r.decisions) {
      std::string winners;
      for (const auto& w : d.winners()) winners += (winners.empty() ? "" : ", ") + w;
      out += Cat(W(Word::kDecision, lang), d.decision_id(), fr ? " : " : ": ", d.outcome(),
                 winners.empty() ? "" : Cat(" (", winners, ")"), "\n");
    }
  }
  return out + "\n" + Summary(r, lang) + "\n";
}

std::string FormatJson(const VerifyReport& r) {
  std::string out = Cat(
      "{\"valid\":", r.valid ? "true" : "false", ",\"complete\":", r.complete ? "true" : "false",
      ",\"phase\":", cli::JsonQuote(r.phase), ",\"election_id\":", cli::JsonQuote(r.election_id),
      ",\"board_key\":", cli::JsonQuote(r.board_key),
      ",\"booth_digest\":", cli::JsonQuote(r.booth_digest), ",\"entries\":", r.entries,
      ",\"registered\":", r.registered, ",\"ballots_counted\":", r.ballots_counted,
      ",\"summary\":", cli::JsonQuote(Summary(r)), ",\"replacements\":[");
  for (size_t i = 0; i < r.replacements.size(); ++i) {
    const auto& x = r.replacements[i];
    out += Cat(i ? "," : "", "{\"entry\":", x.entry, ",\"replaced_at\":", x.replaced_at,
               ",\"revoked_ballot_counted\":", x.revoked_ballot_counted ? "true" : "false", "}");
  }
  out += "],\"steps\":[";
  for (size_t i = 0; i < r.steps.size(); ++i) {
    const auto& s = r.steps[i];
    out += Cat(i ? "," : "", "{\"id\":", cli::JsonQuote(s.id),
               ",\"title\":", cli::JsonQuote(s.title), ",\"status\":",
               cli::JsonQuote(s.status == StepStatus::kOk       ? "ok"
                              : s.status == StepStatus::kFailed ? "failed"
                                                                : "not_checked"),
               ",\"reason\":", cli::JsonQuote(s.reason), ",\"message\":", cli::JsonQuote(s.message),
               ",\"entries\":[");
    for (size_t k = 0; k < s.entries.size(); ++k) out += Cat(k ? "," : "", s.entries[k]);
    out += "]}";
  }
  out += "],\"results\":[";
  for (size_t i = 0; i < r.tallies.size(); ++i) {
    const auto& q = r.tallies[i];
    out += Cat(i ? "," : "", "{\"id\":", cli::JsonQuote(q.id),
               ",\"title\":", cli::JsonQuote(q.title), ",\"options\":[");
    for (size_t o = 0; o < q.counts.size(); ++o) {
      out += Cat(o ? "," : "", "{\"label\":", cli::JsonQuote(q.option_labels[o]),
                 ",\"count\":", q.counts[o], "}");
    }
    out += "]}";
  }
  out += "],\"decisions\":[";
  for (size_t i = 0; i < r.decisions.size(); ++i) {
    const auto& d = r.decisions[i];
    out += Cat(i ? "," : "", "{\"id\":", cli::JsonQuote(d.decision_id()),
               ",\"outcome\":", cli::JsonQuote(d.outcome()), ",\"winners\":[");
    for (int w = 0; w < d.winners_size(); ++w)
      out += Cat(w ? "," : "", cli::JsonQuote(d.winners(w)));
    out += "]}";
  }
  return out + "]}\n";
}

std::string FormatHtml(const VerifyReport& r, ReportLang lang) {
  const bool fr = lang == ReportLang::kFr;
  const std::string& title = fr ? r.title_fr : r.title;
  std::string out =
      Cat("<!DOCTYPE html>\n<html lang=\"", fr ? "fr" : "en",
          "\"><head><meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>",
          W(Word::kVerificationOf, lang)) +
      HtmlEscape(title.empty() ? r.election_id : title) +
      "</title>\n<style>\n"
      "body{font-family:system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;"
      "color:#1a1a1a;line-height:1.5}\n"
      ".verdict{font-size:1.3rem;font-weight:bold;padding:.8rem 1rem;border-radius:.4rem}\n"
      ".valid{background:#e3f4e3;border:2px solid #1e6b1e}.invalid{background:#fbe4e4;"
      "border:2px solid #a11}\ntable{border-collapse:collapse;width:100%}\n"
      "td,th{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}"
      "\n.ok{color:#1e6b1e;font-weight:bold}.failed{color:#a11;font-weight:bold}"
      ".nc{color:#666}\ncode{word-break:break-all}\n</style></head><body>\n";
  out += Cat("<h1>", HtmlEscape(title.empty() ? W(Word::kElectionRecord, lang) : title), "</h1>\n");
  out += Cat("<p>", W(Word::kElection, lang), "<code>", HtmlEscape(r.election_id), "</code><br>",
             r.entries, W(Word::kEntriesPhase, lang), HtmlEscape(r.phase), W(Word::kBoardKey, lang),
             "<code>", HtmlEscape(r.board_key), "</code><br>", W(Word::kBoothDigest, lang),
             r.booth_digest.empty() ? W(Word::kNone, lang)
                                    : Cat("<code>", HtmlEscape(r.booth_digest), "</code>"),
             "</p>\n");
  out += Cat("<p class=\"verdict ", r.valid ? "valid" : "invalid", R"(" role="status">)",
             HtmlEscape(Summary(r, lang)), "</p>\n");
  if (!r.tallies.empty()) {
    out += Cat("<h2>", W(Word::kResultsHeading, lang), "</h2>\n<p>",
               HtmlEscape(W(Word::kResultsNote, lang,
                            {std::to_string(r.ballots_counted), std::to_string(r.registered),
                             std::to_string(r.replacements.size())})),
               "</p>\n");
    for (size_t i = 0; i < r.tallies.size(); ++i) {
      const auto& q = r.tallies[i];
      std::vector<BarChartRow> rows;
      const auto& labels = fr ? q.option_labels_fr : q.option_labels;
      const std::string& q_title = fr ? q.title_fr : q.title;
      for (size_t o = 0; o < q.counts.size(); ++o) {
        rows.push_back(BarChartRow{labels[o], q.counts[o], "", false});
      }
      out += Cat("<h3>", HtmlEscape(q_title), "</h3>\n",
                 SvgBarChart(Cat("tally-", i), Cat(q_title, W(Word::kCounts, lang)), rows));
    }
    if (!r.decisions.empty()) {
      out += Cat("<h3>", W(Word::kDecisionsHeading, lang), "</h3>\n<ul>\n");
      for (const auto& d : r.decisions) {
        std::string winners;
        for (const auto& w : d.winners()) winners += (winners.empty() ? "" : ", ") + w;
        out +=
            Cat("<li><strong>", HtmlEscape(d.decision_id()), "</strong>: ", HtmlEscape(d.outcome()),
                winners.empty() ? "" : Cat(" (", HtmlEscape(winners), ")"), "</li>\n");
      }
      out += "</ul>\n";
    }
  }
  out += Cat("<h2>", W(Word::kEveryStep, lang), "</h2>\n<table><thead><tr>",
             W(Word::kStepHeader, lang), "</tr></thead><tbody>\n");
  for (const auto& s : r.steps) {
    const char* cls = s.status == StepStatus::kOk       ? "ok"
                      : s.status == StepStatus::kFailed ? "failed"
                                                        : "nc";
    std::string details = s.status == StepStatus::kFailed
                              ? Cat(s.reason, fr ? " : " : ": ", Detail(s, lang))
                              : Detail(s, lang);
    if (!s.entries.empty()) details += Cat(W(Word::kEntries, lang), EntryList(s.entries, lang));
    out += Cat("<tr><td>", HtmlEscape(s.id), "</td><td>",
               HtmlEscape(std::string(StepTitle(s, lang))), "</td><td class=\"", cls, "\">",
               StatusWord(s.status, lang), "</td><td>", HtmlEscape(details), "</td></tr>\n");
  }
  return out + "</tbody></table>\n</body></html>\n";
}

std::string StepStatusLetters(const VerifyReport& report) {
  std::string s;
  for (const auto& step : report.steps) {
    s += step.status == StepStatus::kOk ? 'o' : step.status == StepStatus::kFailed ? 'f' : 'n';
  }
  return s;
}

std::string JoinEntryIndexes(const std::vector<uint64_t>& entries) {
  std::string s;
  for (uint64_t i : entries) {
    if (!s.empty()) s += ';';
    s += std::to_string(i);
  }
  return s;
}

}  // namespace urne::verifier

#include "verifier/report.h"

#include <algorithm>

#include "cli/html.h"
#include "cli/json.h"
#include "status/status.h"

namespace urne {
namespace {

const char* StatusWord(StepStatus s) {
  switch (s) {
    case StepStatus::kOk:
      return "ok";
    case StepStatus::kFailed:
      return "FAILED";
    default:
      return "not checked";
  }
}

std::string EntryList(const std::vector<uint64_t>& entries) {
  std::string out;
  for (size_t i = 0; i < entries.size() && i < 10; ++i) {
    out += (i ? ", " : "") + std::to_string(entries[i]);
  }
  if (entries.size() > 10) out += Cat(" and ", entries.size() - 10, " more");
  return out;
}

std::string Summary(const VerifyReport& r) {
  if (r.valid) {
    return r.complete ? "VALID: every step holds; the result is the decryption of the ballots"
                      : Cat("VALID SO FAR: every step holds; not finished: phase ", r.phase);
  }
  const StepResult* f = r.FirstFailure();
  if (f) return Cat("INVALID: step ", f->id, " failed (", f->reason, ")");
  return Cat("INVALID: not finished: phase ", r.phase);
}

}  // namespace

std::string FormatText(const VerifyReport& r) {
  std::string out = Cat("Election ", r.election_id.empty() ? "?" : r.election_id, "\n");
  if (!r.title.empty()) out += Cat("  ", r.title, "\n");
  out += Cat("  ", r.entries, " entries, phase ", r.phase.empty() ? "?" : r.phase, ", board key ",
             r.board_key.empty() ? "?" : r.board_key, "\n");
  out +=
      Cat("  booth digest ",
          r.booth_digest.empty() ? "none (no hosted booth; voters use urne-vote)" : r.booth_digest,
          "\n\n");
  for (const auto& s : r.steps) {
    if (s.status == StepStatus::kFailed) {
      out += Cat("FAILED step ", s.id, ": ", s.title, " — ", s.reason, ": ", s.message);
      if (!s.entries.empty()) {
        out += Cat(" — entr", s.entries.size() == 1 ? "y " : "ies ", EntryList(s.entries));
      }
      out += "\n";
    } else {
      std::string word = StatusWord(s.status);
      word.resize(12, ' ');
      out += Cat(word, s.id, (s.id.size() < 4 ? "  " : " "), s.title,
                 s.message.empty() ? "" : Cat(" (", s.message, ")"), "\n");
    }
  }
  out += Cat("\nCredentials replaced during the vote (lost or stolen letters): ",
             r.replacements.size(), "\n");
  if (!r.tallies.empty()) {
    out += Cat("\nResults (recomputed; ", r.ballots_counted, " ballots counted of ", r.registered,
               " registered)\n");
    for (const auto& q : r.tallies) {
      out += Cat("  ", q.title, " [", q.id, "]\n");
      for (size_t o = 0; o < q.counts.size(); ++o) {
        out += Cat("    ", q.option_labels[o], ": ", q.counts[o], "\n");
      }
    }
    for (const auto& d : r.decisions) {
      std::string winners;
      for (const auto& w : d.winners()) winners += (winners.empty() ? "" : ", ") + w;
      out += Cat("  decision ", d.decision_id(), ": ", d.outcome(),
                 winners.empty() ? "" : Cat(" (", winners, ")"), "\n");
    }
  }
  return out + "\n" + Summary(r) + "\n";
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

std::string FormatHtml(const VerifyReport& r) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Verification of " +
      HtmlEscape(r.title.empty() ? r.election_id : r.title) +
      "</title>\n<style>\n"
      "body{font-family:system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;"
      "color:#1a1a1a;line-height:1.5}\n"
      ".verdict{font-size:1.3rem;font-weight:bold;padding:.8rem 1rem;border-radius:.4rem}\n"
      ".valid{background:#e3f4e3;border:2px solid #1e6b1e}.invalid{background:#fbe4e4;"
      "border:2px solid #a11}\ntable{border-collapse:collapse;width:100%}\n"
      "td,th{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}"
      "\n.ok{color:#1e6b1e;font-weight:bold}.failed{color:#a11;font-weight:bold}"
      ".nc{color:#666}\ncode{word-break:break-all}\n</style></head><body>\n";
  out += Cat("<h1>", HtmlEscape(r.title.empty() ? "Election record" : r.title), "</h1>\n");
  out += Cat("<p>Election <code>", HtmlEscape(r.election_id), "</code><br>", r.entries,
             " entries, phase ", HtmlEscape(r.phase), ", board key <code>", HtmlEscape(r.board_key),
             "</code><br>booth digest ",
             r.booth_digest.empty() ? "none" : Cat("<code>", HtmlEscape(r.booth_digest), "</code>"),
             "</p>\n");
  out += Cat("<p class=\"verdict ", r.valid ? "valid" : "invalid", "\" role=\"status\">",
             HtmlEscape(Summary(r)), "</p>\n");
  if (!r.tallies.empty()) {
    out += Cat("<h2>Results</h2>\n<p>", r.ballots_counted, " ballots counted of ", r.registered,
               " registered. Counts recomputed by this verifier from the encrypted ballots and "
               "the trustees' proven partial decryptions. Credentials replaced during the vote "
               "(lost or stolen letters): ",
               r.replacements.size(), ".</p>\n");
    for (size_t i = 0; i < r.tallies.size(); ++i) {
      const auto& q = r.tallies[i];
      std::vector<BarChartRow> rows;
      for (size_t o = 0; o < q.counts.size(); ++o) {
        rows.push_back(BarChartRow{q.option_labels[o], q.counts[o], "", false});
      }
      out += Cat("<h3>", HtmlEscape(q.title), "</h3>\n",
                 SvgBarChart(Cat("tally-", i), Cat(q.title, " (counts)"), rows));
    }
    if (!r.decisions.empty()) {
      out += "<h3>Decisions (re-derived)</h3>\n<ul>\n";
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
  out +=
      "<h2>Every step</h2>\n<table><thead><tr><th>Step</th><th>Check</th><th>Status</th>"
      "<th>Details</th></tr></thead><tbody>\n";
  for (const auto& s : r.steps) {
    const char* cls = s.status == StepStatus::kOk       ? "ok"
                      : s.status == StepStatus::kFailed ? "failed"
                                                        : "nc";
    std::string details =
        s.status == StepStatus::kFailed ? Cat(s.reason, ": ", s.message) : s.message;
    if (!s.entries.empty()) details += Cat(" — entries ", EntryList(s.entries));
    out += Cat("<tr><td>", HtmlEscape(s.id), "</td><td>", HtmlEscape(s.title), "</td><td class=\"",
               cls, "\">", StatusWord(s.status), "</td><td>", HtmlEscape(details), "</td></tr>\n");
  }
  return out + "</tbody></table>\n</body></html>\n";
}

}  // namespace urne

// Renderings of a VerifyReport: the human report (one line per step and a summary), JSON
// (--json) and a self-contained HTML page (results as inline SVG bar charts, then every step).
// Pure; thread-safe.
#ifndef URNE_VERIFIER_REPORT_H_
#define URNE_VERIFIER_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "verifier/verify.h"

namespace urne::verifier {

// "ok    1.1 title" / "FAILED step 6.3: title — reason: message — entries 12, 14" lines, then
// the results (when recomputed) and a summary line "VALID" / "INVALID: …".
// The language of the human reports: step titles, headings, verdict (steps.def and the word
// table of report.cc); a step's details, reasons and the JSON stay as they are.
enum class ReportLang { kEn, kFr };

std::string FormatText(const VerifyReport& report, ReportLang lang = ReportLang::kEn);
// One JSON object: {"valid", "complete", "phase", "election_id", "board_key", "booth_digest"
// ("" when the manifest names no hosted booth), "entries",
// "registered", "ballots_counted", "steps": [{"id","title","status","reason","message",
// "entries"}], "results": [{"id","title","options":[{"label","count"}]}], "decisions": […]}.
std::string FormatJson(const VerifyReport& report);
// A complete HTML document with no external asset.
std::string FormatHtml(const VerifyReport& report, ReportLang lang = ReportLang::kEn);

// The compact forms of the record vectors (tests/vectors/README.md, file records.json): one
// letter per step in report order, 'o' ok, 'f' failed, 'n' not run ("statuses"); and entry
// indexes joined by ';' ("entries").
std::string StepStatusLetters(const VerifyReport& report);
std::string JoinEntryIndexes(const std::vector<uint64_t>& entries);

}  // namespace urne::verifier

#endif  // URNE_VERIFIER_REPORT_H_

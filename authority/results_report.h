// The results report (specs/results.md §4): what `urne-admin results` prints from a synced,
// verified election whose RESULT entry is on the log — per question the counts, blank and
// expressed votes; turnout; each decision's outcome in plain French and English; the final
// tree head; and how anyone re-checks it all with urne-verify. Three renderings: plain text
// (tables), JSON (protobuf's JSON mapping of google.protobuf.Struct) and a self-contained
// accessible HTML page with an inline SVG bar chart and a table per question. Pure;
// thread-safe.
#ifndef URNE_AUTHORITY_RESULTS_REPORT_H_
#define URNE_AUTHORITY_RESULTS_REPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "election/state.h"
#include "urne/v1/board.pb.h"

namespace urne::authority {

enum class ReportFormat { kText, kJson, kHtml };

// Reason "report.format" for anything but text, json, html.
absl::StatusOr<ReportFormat> ParseReportFormat(const std::string& name);

// The plain-words outcome of a decision, e.g. ("adopté", "adopted") or
// ("élus : Ana, Bruno", "elected: Ana, Bruno"), with winners shown by their labels.
struct OutcomeWords {
  std::string fr;
  std::string en;
};
OutcomeWords DescribeOutcome(const v1::Manifest& manifest, const v1::DecisionOutcome& outcome);

// Renders the report. Requires state.result() (else FAILED_PRECONDITION "phase.wrong" naming
// the current phase). `head` is the verified tree head the state was synced to; `board` is
// the address shown in the verification instructions.
absl::StatusOr<std::string> RenderResults(const ElectionState& state,
                                          const v1::SignedTreeHead& head, const std::string& board,
                                          ReportFormat format);

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_RESULTS_REPORT_H_

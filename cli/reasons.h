// Every stable error reason of urne in words for people, in English and French: the table
// cli/reasons.def (issue #16 §6). The layers below cli/ (crypto/, election/, board-client/)
// stay language-free and return English messages; this is where a program finds the French
// sentence of their reasons. The reason itself (what --json prints) never changes.
// Pure; thread-safe.
#ifndef URNE_CLI_REASONS_H_
#define URNE_CLI_REASONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace urne::cli {

// One row of cli/reasons.def.
struct ReasonText {
  std::string_view reason;  // "close.tree_head_mismatch"
  std::string_view en;      // a sentence, without the details of one occurrence
  std::string_view fr;
};

// Every row, sorted by reason (each reason once).
const std::vector<ReasonText>& ReasonTable();

// The row of `reason`, or nullptr when the table has none.
const ReasonText* FindReason(std::string_view reason);

// The message of `status` for people in `lang` ("fr" or "en"): in French, its own French
// text when it has one (a program's message table, e.g. authority/messages.def), else the
// French sentence of its reason, else its message; in English, its message (with the
// details of this occurrence), or the reason's English sentence when it has none.
std::string MessageFor(const absl::Status& status, std::string_view lang);

}  // namespace urne::cli

#endif  // URNE_CLI_REASONS_H_

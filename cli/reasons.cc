#include "cli/reasons.h"

#include <algorithm>

#include "status/status.h"

namespace urne::cli {

const std::vector<ReasonText>& ReasonTable() {
  static const auto* table = new std::vector<ReasonText>{
#define URNE_REASON(reason, en, fr) {reason, en, fr},
#include "cli/reasons.def"
#undef URNE_REASON
  };
  return *table;
}

const ReasonText* FindReason(std::string_view reason) {
  const auto& table = ReasonTable();
  auto it =
      std::lower_bound(table.begin(), table.end(), reason,
                       [](const ReasonText& row, std::string_view r) { return row.reason < r; });
  return it != table.end() && it->reason == reason ? &*it : nullptr;
}

std::string MessageFor(const absl::Status& status, std::string_view lang) {
  std::string own_fr = MessageIn(status, "fr");
  const bool has_fr = own_fr != status.message();
  const ReasonText* row = FindReason(ReasonOf(status));
  if (lang == "fr") {
    if (has_fr) return own_fr;
    if (row != nullptr) return std::string(row->fr);
  }
  if (status.message().empty() && row != nullptr) return std::string(row->en);
  return std::string(status.message());
}

}  // namespace urne::cli

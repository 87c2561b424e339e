#include "verifier/reasons.h"

#include <array>

namespace urne::verifier {
namespace {

struct ReasonRow {
  std::string_view name;
  Names names;
};

constexpr std::array kReasons = {
#define URNE_REASON_ROW(id, name, names) ReasonRow{name, Names::names},
    URNE_VERIFIER_REASONS(URNE_REASON_ROW)
#undef URNE_REASON_ROW
};

}  // namespace

std::string_view ReasonName(Reason reason) { return kReasons[static_cast<size_t>(reason)].name; }

std::optional<Reason> ParseReason(std::string_view name) {
  for (size_t i = 0; i < kReasons.size(); ++i) {
    if (kReasons[i].name == name) return static_cast<Reason>(i);
  }
  return std::nullopt;
}

Names NamesOf(Reason reason) { return kReasons[static_cast<size_t>(reason)].names; }

}  // namespace urne::verifier

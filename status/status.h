// Errors as values: every error urne produces carries a canonical absl code, a stable
// machine-readable reason (a payload, e.g. "element.not_in_subgroup") and a human message
// that says what was wrong and what to do. Tests assert the reason; the gRPC edge maps the
// code 1:1 and puts the reason first in the message. Thread-safe (pure functions).
#ifndef URNE_STATUS_STATUS_H_
#define URNE_STATUS_STATUS_H_

#include <string>
#include <string_view>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace urne {

// Concatenates strings, string views, characters and integers. (Debian 12's Abseil has its
// own absl::string_view, distinct from std::string_view, so absl::StrCat is not used.)
template <typename... Args>
std::string Cat(const Args&... args) {
  std::string out;
  auto add = [&out](const auto& a) {
    using T = std::decay_t<decltype(a)>;
    if constexpr (std::is_same_v<T, char>) {
      out.push_back(a);
    } else if constexpr (std::is_integral_v<T>) {
      out += std::to_string(a);
    } else {
      out += a;  // const char*, std::string or std::string_view
    }
  };
  (add(args), ...);
  return out;
}

// Makes a status with `code`, the stable `reason` and a human `message`.
absl::Status Error(absl::StatusCode code, std::string_view reason, std::string_view message);

// Shorthand for INVALID_ARGUMENT errors, the most common kind (malformed input, bad proof).
inline absl::Status Invalid(std::string_view reason, std::string_view message) {
  return Error(absl::StatusCode::kInvalidArgument, reason, message);
}

// A sentence for people in the two languages of urne's texts (issue #16): English, the
// status message that logs, gRPC and tests see, and French. Made from a message table
// (e.g. authority/messages.def), never by ad-hoc ifs.
struct Text {
  std::string en;
  std::string fr;
};

// Like Error(): the message is text.en; text.fr rides along as a payload for MessageIn().
absl::Status Error(absl::StatusCode code, std::string_view reason, const Text& text);
inline absl::Status Invalid(std::string_view reason, const Text& text) {
  return Error(absl::StatusCode::kInvalidArgument, reason, text);
}

// The message of `status` in `lang` ("fr" or "en"): its French text when "fr" and it has
// one, else its message.
std::string MessageIn(const absl::Status& status, std::string_view lang);

// The reason of a status made by Error(), or "" for OK and foreign statuses.
std::string ReasonOf(const absl::Status& status);

// Prefixes the message of a non-OK status with `context` (e.g. "questions[2].options[1]: "),
// keeping code and reason (and prefixing its French text too).
absl::Status WithContext(const absl::Status& status, std::string_view context);

}  // namespace urne

#define URNE_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::absl::Status urne_status_ = (expr);        \
    if (!urne_status_.ok()) return urne_status_; \
  } while (0)

#define URNE_CONCAT_INNER_(a, b) a##b
#define URNE_CONCAT_(a, b) URNE_CONCAT_INNER_(a, b)
// `lhs` may be a declaration ("Element a"), so it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define URNE_ASSIGN_OR_RETURN(lhs, expr) \
  URNE_ASSIGN_OR_RETURN_IMPL_(URNE_CONCAT_(urne_statusor_, __LINE__), lhs, expr)
#define URNE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(*tmp)
// NOLINTEND(bugprone-macro-parentheses)

#endif  // URNE_STATUS_STATUS_H_

#include "status/status.h"

#include "absl/strings/cord.h"

namespace urne {
namespace {
constexpr absl::string_view kReasonUrl = "type.urne.v1/reason";
constexpr absl::string_view kFrenchUrl = "type.urne.v1/message_fr";
}  // namespace

absl::Status Error(absl::StatusCode code, std::string_view reason, std::string_view message) {
  absl::Status status(code, std::string(message));
  status.SetPayload(kReasonUrl, absl::Cord(std::string(reason)));
  return status;
}

absl::Status Error(absl::StatusCode code, std::string_view reason, const Text& text) {
  absl::Status status = Error(code, reason, text.en);
  if (!text.fr.empty()) status.SetPayload(kFrenchUrl, absl::Cord(text.fr));
  return status;
}

std::string MessageIn(const absl::Status& status, std::string_view lang) {
  if (lang == "fr") {
    auto fr = status.GetPayload(kFrenchUrl);
    if (fr.has_value()) return std::string(*fr);
  }
  return std::string(status.message());
}

std::string ReasonOf(const absl::Status& status) {
  auto payload = status.GetPayload(kReasonUrl);
  return payload.has_value() ? std::string(*payload) : std::string();
}

absl::Status WithContext(const absl::Status& status, std::string_view context) {
  if (status.ok()) return status;
  absl::Status out(status.code(), Cat(context, std::string(status.message())));
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    out.SetPayload(url,
                   url == kFrenchUrl ? absl::Cord(Cat(context, std::string(payload))) : payload);
  });
  return out;
}

}  // namespace urne

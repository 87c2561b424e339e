#include "authority/messages.h"

#include "cli/messages.h"

namespace urne::authority {
namespace {

struct Entry {
  absl::StatusCode code;
  const char* reason;
  const char* en;
  const char* fr;
};

const Entry& Of(AdminMsg id) {
  static const Entry kTable[] = {
#define URNE_ADMIN_MESSAGE_ROW(id, code, reason, en, fr) {absl::StatusCode::code, reason, en, fr},
      URNE_ADMIN_MESSAGES(URNE_ADMIN_MESSAGE_ROW)
#undef URNE_ADMIN_MESSAGE_ROW
  };
  return kTable[static_cast<int>(id)];
}

}  // namespace

Text Say(AdminMsg id, const std::vector<std::string>& args) {
  return cli::FillBoth(Of(id).en, Of(id).fr, args);
}

std::string SayIn(AdminMsg id, const std::string& lang, const std::vector<std::string>& args) {
  return cli::Fill(lang == "fr" ? Of(id).fr : Of(id).en, args);
}

const char* ReasonOfMessage(AdminMsg id) { return Of(id).reason; }

const char* PatternOf(AdminMsg id, const std::string& lang) {
  return lang == "fr" ? Of(id).fr : Of(id).en;
}

absl::Status Refuse(AdminMsg id, const std::vector<std::string>& args) {
  return RefuseWith(id, Say(id, args));
}

absl::Status RefuseWith(AdminMsg id, const Text& text) {
  return Error(Of(id).code, Of(id).reason, text);
}

Text operator+(const Text& a, const Text& b) { return Text{a.en + b.en, a.fr + b.fr}; }

}  // namespace urne::authority

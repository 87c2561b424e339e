// urne-admin's messages for people in English and French: the table authority/messages.def
// (issue #16 §6), one entry per message with its stable reason. Say() fills a message's two
// patterns; Refuse() makes the error (English message, French payload; cli::Fail prints the
// language of --lang or LANG). Pure; thread-safe.
#ifndef URNE_AUTHORITY_MESSAGES_H_
#define URNE_AUTHORITY_MESSAGES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "authority/messages.def"
#include "status/status.h"

namespace urne::authority {

enum class AdminMsg {
#define URNE_ADMIN_MESSAGE_ID(id, code, reason, en, fr) id,
  URNE_ADMIN_MESSAGES(URNE_ADMIN_MESSAGE_ID)
#undef URNE_ADMIN_MESSAGE_ID
      kEndOfTable,  // not a message: the count
};

// How many messages the table has (AdminMsg values are 0 … kAdminMessages - 1).
inline constexpr int kAdminMessages = static_cast<int>(AdminMsg::kEndOfTable);

// The message's pattern in one language, unfilled ({0}, {1}, … as written).
const char* PatternOf(AdminMsg id, const std::string& lang);

// The message's two patterns filled with `args` ({0}, {1}, …).
Text Say(AdminMsg id, const std::vector<std::string>& args = {});
// The message's pattern in one language ("fr" or "en"), filled.
std::string SayIn(AdminMsg id, const std::string& lang, const std::vector<std::string>& args = {});
// The message's stable reason.
const char* ReasonOfMessage(AdminMsg id);
// The error of the message: its code, its reason, Say(id, args).
absl::Status Refuse(AdminMsg id, const std::vector<std::string>& args = {});
// An error of the message's code and reason with an already composed text (a list of
// problems, a context prefix).
absl::Status RefuseWith(AdminMsg id, const Text& text);

// Two texts joined, each language with its own.
Text operator+(const Text& a, const Text& b);

}  // namespace urne::authority

#endif  // URNE_AUTHORITY_MESSAGES_H_

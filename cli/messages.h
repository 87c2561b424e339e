// The language of a program's messages, and the one way texts of a message table are filled
// (issue #16: every command in French or English). A table (e.g. authority/messages.def)
// gives each message its stable reason and its English and French pattern; `{0}`, `{1}`, …
// stand for the arguments, in either language's order. Pure; thread-safe.
#ifndef URNE_CLI_MESSAGES_H_
#define URNE_CLI_MESSAGES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "status/status.h"

namespace urne::cli {

// The language of messages: `flag` if given ("fr" or "en"), else from LC_ALL, LC_MESSAGES
// or LANG, the first one set ("fr…" → "fr", anything else → "en"), else "en".
// INVALID_ARGUMENT "usage.lang" for another flag value.
absl::StatusOr<std::string> MessageLanguage(const std::string& flag);

// `pattern` with each "{N}" (N one digit) replaced by args[N]; a "{N}" without its argument
// stays as written.
std::string Fill(std::string_view pattern, const std::vector<std::string>& args);

// Both patterns filled with the same arguments.
Text FillBoth(std::string_view en, std::string_view fr, const std::vector<std::string>& args);

}  // namespace urne::cli

#endif  // URNE_CLI_MESSAGES_H_

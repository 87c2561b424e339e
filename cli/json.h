// JSON output of the urne programs (`--json`, `--format json`, roster entries): the one
// printer. A protobuf message (including google.protobuf.Struct documents) prints through
// protobuf's JSON mapping with proto field names; a document assembled by hand quotes every
// string with JsonQuote. Pure; thread-safe.
#ifndef URNE_CLI_JSON_H_
#define URNE_CLI_JSON_H_

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

namespace urne::cli {

// kCompact: one line, no spaces. kIndented: protobuf's indented layout (one field a line).
enum class JsonLayout { kCompact, kIndented };

// `message` in protobuf's JSON mapping, proto field names kept (snake_case).
std::string ToJson(const google::protobuf::Message& message,
                   JsonLayout layout = JsonLayout::kCompact);

// `s` as a JSON string literal, quotes included: '"' and '\' escaped, control characters
// as \u00XX; other bytes (UTF-8) unchanged.
std::string JsonQuote(std::string_view s);

}  // namespace urne::cli

#endif  // URNE_CLI_JSON_H_

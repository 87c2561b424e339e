// JSON output of the urne programs (`--json`, `--format json`, roster entries): the one
// printer. A protobuf message (including google.protobuf.Struct documents) prints through
// protobuf's JSON mapping with proto field names; a document assembled by hand quotes every
// string with JsonQuote. Pure; thread-safe.
#ifndef URNE_CLI_JSON_H_
#define URNE_CLI_JSON_H_

#include <google/protobuf/message.h>
#include <google/protobuf/struct.pb.h>

#include <string>
#include <string_view>

namespace urne::cli {

// kCompact: one line, no spaces. kIndented: protobuf's indented layout (one field a line).
enum class JsonLayout { kCompact, kIndented };

// `message` in protobuf's JSON mapping, proto field names kept (snake_case).
std::string ToJson(const google::protobuf::Message& message,
                   JsonLayout layout = JsonLayout::kCompact);

// A Struct document (`--format json`, `status --json`): the same bytes as protobuf's JSON
// printer gives, except that every object's members are in byte order of their names
// (protobuf prints a Struct's map in an order that changes from run to run), so the same
// document always prints the same. Strings are escaped as protobuf does ('<' and '>' as
// \u003c and \u003e, U+2028 and U+2029 too); numbers as protobuf's SimpleDtoa (%.15g, or
// %.17g when that does not round-trip).
std::string ToJson(const google::protobuf::Struct& document,
                   JsonLayout layout = JsonLayout::kCompact);

// `s` as a JSON string literal, quotes included: '"' and '\' escaped, control characters
// as \u00XX; other bytes (UTF-8) unchanged.
std::string JsonQuote(std::string_view s);

}  // namespace urne::cli

#endif  // URNE_CLI_JSON_H_

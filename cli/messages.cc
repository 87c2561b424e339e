#include "cli/messages.h"

#include <cstdlib>

namespace urne::cli {

absl::StatusOr<std::string> MessageLanguage(const std::string& flag) {
  if (flag == "fr" || flag == "en") return flag;
  if (!flag.empty()) {
    return Invalid("usage.lang",
                   Text{Cat("--lang is fr or en, not \"", flag.substr(0, 20), "\""),
                        Cat("--lang vaut fr ou en, pas « ", flag.substr(0, 20), " »")});
  }
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') continue;
    return std::string(v).rfind("fr", 0) == 0 ? "fr" : "en";
  }
  return std::string("en");
}

std::string Fill(std::string_view pattern, const std::vector<std::string>& args) {
  std::string out;
  out.reserve(pattern.size());
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        pattern[i + 1] >= '0' && pattern[i + 1] <= '9' &&
        static_cast<size_t>(pattern[i + 1] - '0') < args.size()) {
      out += args[pattern[i + 1] - '0'];
      i += 2;
    } else {
      out.push_back(pattern[i]);
    }
  }
  return out;
}

Text FillBoth(std::string_view en, std::string_view fr, const std::vector<std::string>& args) {
  return Text{Fill(en, args), Fill(fr, args)};
}

}  // namespace urne::cli

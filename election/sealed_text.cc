#include "election/sealed_text.h"

#include <charconv>

#include "crypto/transcript.h"
#include "status/status.h"

namespace urne {

std::string SealText(std::string body) {
  body += Cat("sha256 ", ToHex(Sha256(AsBytes(body))), "\n");
  return body;
}

absl::StatusOr<std::vector<std::string_view>> OpenSealedText(std::string_view text,
                                                             std::string_view reason_prefix,
                                                             std::string_view what) {
  // The digest line first: a damaged file is reported as such, not as a bad field.
  if (text.empty() || text.back() != '\n') {
    return Invalid(Cat(reason_prefix, ".malformed"),
                   Cat(what, " is empty or does not end with a newline"));
  }
  const size_t last = text.rfind('\n', text.size() - 2);
  const std::string_view body = last == std::string_view::npos ? "" : text.substr(0, last + 1);
  const std::string_view digest_line = text.substr(body.size(), text.size() - body.size() - 1);
  if (digest_line.substr(0, 7) != "sha256 ") {
    return Error(absl::StatusCode::kDataLoss, Cat(reason_prefix, ".corrupt"),
                 Cat(what, " does not end with its sha256 line (a truncated file?)"));
  }
  if (digest_line.substr(7) != ToHex(Sha256(AsBytes(body)))) {
    return Error(absl::StatusCode::kDataLoss, Cat(reason_prefix, ".corrupt"),
                 Cat(what, "'s bytes do not match its sha256 line (a damaged file)"));
  }
  std::vector<std::string_view> lines;
  for (size_t at = 0; at < body.size();) {
    const size_t end = body.find('\n', at);
    lines.push_back(body.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

bool ParseCanonicalDecimal(std::string_view s, uint64_t& out) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos ||
      (s.size() > 1 && s[0] == '0')) {
    return false;
  }
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

bool ParseLowerHex(std::string_view s, size_t bytes, Bytes& out) {
  if (s.empty() || s.size() % 2 != 0 ||
      s.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return false;
  }
  if (bytes != 0 && s.size() != 2 * bytes) return false;
  auto b = FromHex(s);
  if (!b.ok()) return false;
  out = std::move(*b);
  return true;
}

}  // namespace urne

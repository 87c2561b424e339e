#include "authority/public_credentials.h"

#include <algorithm>
#include <optional>

#include "crypto/bytes.h"
#include "crypto/transcript.h"
#include "election/credential.h"
#include "status/status.h"

namespace urne::authority {
namespace {

constexpr size_t kMaxListed = 20;

// The file's lines without their LF (and a CR before it); a final LF ends the last line.
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

bool IsLowerHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// True if the line, or one of its words, parses as a credential code. Words are split at
// every character that can neither be in a code nor be ignored inside one.
bool HoldsCode(std::string_view line) {
  if (ParseCredentialCode(line).ok()) return true;
  auto in_word = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
  };
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && !in_word(line[i])) ++i;
    size_t start = i;
    while (i < line.size() && in_word(line[i])) ++i;
    if (i > start && ParseCredentialCode(line.substr(start, i - start)).ok()) return true;
  }
  return false;
}

absl::Status Problems(const char* reason, const std::vector<std::string>& problems,
                      const std::string& advice) {
  std::string message;
  for (size_t i = 0; i < problems.size() && i < kMaxListed; ++i) message += problems[i] + "\n";
  if (problems.size() > kMaxListed) {
    message += Cat("… and ", problems.size() - kMaxListed, " more problems\n");
  }
  return Invalid(reason, message + advice);
}

}  // namespace

std::string PublicCredentialsToText(const ElectionId& election,
                                    std::vector<PublicKey> credentials) {
  std::sort(credentials.begin(), credentials.end(),
            [](const PublicKey& a, const PublicKey& b) { return a.bytes < b.bytes; });
  std::string out = Cat(kPublicCredentialsFormat, "\nelection ", ToHex(election), "\n");
  for (const PublicKey& c : credentials) out += ToHex(c.bytes) + "\n";
  return out;
}

absl::StatusOr<PublicCredentials> ParsePublicCredentials(std::string_view text) {
  const std::vector<std::string_view> lines = Lines(text);
  std::vector<std::string> problems;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (HoldsCode(lines[i])) problems.push_back(Cat("line ", i + 1, ": a credential code"));
  }
  if (!problems.empty()) {
    return Problems("credentials.contains_code", problems,
                    "This file holds voters' credential codes: it is not a public credentials "
                    "file, and codes must never reach the authority or a networked computer. "
                    "Nothing was posted. Destroy this copy and ask the generating party for "
                    "the public credentials file (urne-admin credentials --public).");
  }
  const std::string advice = Cat(
      "Nothing was posted. Use the file written by urne-admin credentials --public, unchanged.");
  if (lines.empty() || lines[0] != kPublicCredentialsFormat) {
    return Problems("credentials.file",
                    {Cat("line 1: not a public credentials file (the first line must be \"",
                         kPublicCredentialsFormat, "\")")},
                    advice);
  }
  PublicCredentials out;
  const std::string_view kElection = "election ";
  if (lines.size() < 2 || lines[1].substr(0, kElection.size()) != kElection ||
      lines[1].size() != kElection.size() + 64 || !IsLowerHex(lines[1].substr(kElection.size()))) {
    problems.emplace_back(
        "line 2: must be \"election \" and the 64 lower-case hex digits of the "
        "election id");
  } else {
    Bytes id = *FromHex(std::string(lines[1].substr(kElection.size())));
    std::copy(id.begin(), id.end(), out.election.begin());
  }
  std::optional<size_t> previous_line;
  for (size_t i = 2; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    const size_t n = i + 1;
    if (line.empty()) {
      problems.push_back(Cat("line ", n, ": empty line"));
      continue;
    }
    if (line.size() != 64 || !IsLowerHex(line)) {
      problems.push_back(Cat("line ", n,
                             ": a public credential is 64 lower-case hex digits (found ",
                             line.size(), " characters)"));
      continue;
    }
    auto key = ParsePublicKey(*FromHex(std::string(line)));
    if (!key.ok()) {
      problems.push_back(Cat("line ", n, ": not a valid public key (", ReasonOf(key.status()), ": ",
                             std::string(key.status().message()), ")"));
      continue;
    }
    if (!out.credentials.empty() && !(out.credentials.back().bytes < key->bytes)) {
      problems.push_back(out.credentials.back().bytes == key->bytes
                             ? Cat("line ", n, ": the same credential as line ", *previous_line)
                             : Cat("line ", n, ": not in ascending order (smaller than line ",
                                   *previous_line, ")"));
      continue;
    }
    out.credentials.push_back(*key);
    previous_line = n;
  }
  if (problems.empty() && out.credentials.empty()) {
    problems.push_back(Cat("line ", lines.size() + 1, ": the file lists no credential"));
  }
  if (!problems.empty()) return Problems("credentials.file", problems, advice);
  return out;
}

std::string PublicCredentialsFingerprint(std::string_view text) {
  return ToHex(Sha256(AsBytes(text)));
}

}  // namespace urne::authority

// Helpers for the tests of the sealed-text files (election/sealed_text.h: the tally checkpoint,
// the followed head): seal a body, take a file's body, and edit a text in place. Header-only.
#ifndef URNE_TESTS_ELECTION_SEALED_TEXT_EDITS_H_
#define URNE_TESTS_ELECTION_SEALED_TEXT_EDITS_H_

#include <gtest/gtest.h>

#include <string>

#include "election/sealed_text.h"

namespace urne::testing {

// `body` (every line but the digest) with its correct sha256 line.
inline std::string Sealed(const std::string& body) { return SealText(body); }

// A sealed text without its digest line.
inline std::string Body(const std::string& text) { return text.substr(0, text.rfind("sha256 ")); }

// `s` with the first `from` replaced by `to` (a failure if `from` is not there).
inline std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

}  // namespace urne::testing

#endif  // URNE_TESTS_ELECTION_SEALED_TEXT_EDITS_H_

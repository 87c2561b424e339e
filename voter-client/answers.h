// A voter's answers in the forms people type them — `--answer pool=yes`, an answers JSON
// file {"pool":["yes"]}, the booth's JSON — turned into Choices (election/ballot.h), and
// Choices described back in words. Option ids are those of the manifest; "blank" names the
// question's blank option. Pure; thread-safe. Implements specs/ballot.md "Answers".
#ifndef URNE_VOTER_CLIENT_ANSWERS_H_
#define URNE_VOTER_CLIENT_ANSWERS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "election/ballot.h"
#include "urne/v1/manifest.pb.h"

namespace urne::voter_client {

enum class Lang { kFr, kEn };
// "fr" or "en"; reason "usage.bad_lang" otherwise.
absl::StatusOr<Lang> ParseLang(const std::string& text);
const std::string& Tr(const v1::Text& text, Lang lang);

// Question id → selected option ids (possibly empty).
using Answers = std::map<std::string, std::vector<std::string>>;

// Parses "QUESTION=OPT[,OPT…]" flags (an empty value selects nothing). Reasons:
// "answers.syntax", "answers.duplicate_question".
absl::StatusOr<Answers> ParseAnswerFlags(const std::vector<std::string>& flags);
// Parses {"question": ["option", …], …}. Reason "answers.json".
absl::StatusOr<Answers> ParseAnswersJson(const std::string& json);

// Maps answers onto the manifest: every question answered exactly once, every option known,
// no option twice; then CheckChoices. Reasons: "answers.unknown_question",
// "answers.missing_question", "answers.unknown_option", "answers.duplicate_option",
// "ballot.choices". Messages name the question and list what is allowed.
absl::StatusOr<Choices> ToChoices(const v1::Manifest& manifest, const Answers& answers);

// The option ids selected in `choices` (the inverse of ToChoices).
Answers FromChoices(const v1::Manifest& manifest, const Choices& choices);

// One line per question: "Title: Label, Label" (or "(nothing)").
std::string DescribeChoices(const v1::Manifest& manifest, const Choices& choices, Lang lang);

}  // namespace urne::voter_client

#endif  // URNE_VOTER_CLIENT_ANSWERS_H_

#include "voter-client/answers.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <set>

#include "election/manifest.h"
#include "status/status.h"

namespace urne::voter_client {
namespace {

std::string OptionList(const v1::Question& q) {
  std::string out;
  for (const auto& o : q.options()) {
    if (!out.empty()) out += ", ";
    out += o.blank() ? Cat(o.id(), " (or \"blank\")") : o.id();
  }
  return out;
}

int OptionIndex(const v1::Question& q, const std::string& id) {
  for (int o = 0; o < q.options_size(); ++o) {
    if (q.options(o).id() == id) return o;
  }
  if (id == "blank") {
    for (int o = 0; o < q.options_size(); ++o) {
      if (q.options(o).blank()) return o;
    }
  }
  return -1;
}

}  // namespace

absl::StatusOr<Lang> ParseLang(const std::string& text) {
  if (text == "fr") return Lang::kFr;
  if (text == "en") return Lang::kEn;
  return Invalid("usage.bad_lang", Cat("unknown language \"", text, "\"; use fr or en"));
}

const std::string& Tr(const v1::Text& text, Lang lang) {
  return lang == Lang::kFr ? text.fr() : text.en();
}

absl::StatusOr<Answers> ParseAnswerFlags(const std::vector<std::string>& flags) {
  Answers out;
  for (const std::string& flag : flags) {
    size_t eq = flag.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Invalid(
          "answers.syntax",
          Cat("--answer \"", flag, "\" is not QUESTION=OPTION[,OPTION…]; e.g. --answer pool=yes"));
    }
    std::string question = flag.substr(0, eq);
    std::string value = flag.substr(eq + 1);
    if (out.contains(question)) {
      return Invalid("answers.duplicate_question",
                     Cat("question \"", question,
                         "\" is answered twice; give one --answer per "
                         "question with its options separated by commas"));
    }
    std::vector<std::string>& options = out[question];
    size_t start = 0;
    while (!value.empty() && start <= value.size()) {
      size_t comma = value.find(',', start);
      std::string id =
          value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (id.empty()) {
        return Invalid("answers.syntax",
                       Cat("--answer ", flag, ": an empty option between commas"));
      }
      options.push_back(id);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

absl::StatusOr<Answers> ParseAnswersJson(const std::string& json) {
  google::protobuf::Struct doc;
  auto status = google::protobuf::util::JsonStringToMessage(json, &doc);
  if (!status.ok()) {
    return Invalid("answers.json", Cat("the answers are not a JSON object like "
                                       "{\"pool\": [\"yes\"]}: ",
                                       std::string(status.message())));
  }
  Answers out;
  for (const auto& [question, value] : doc.fields()) {
    if (value.kind_case() != google::protobuf::Value::kListValue) {
      return Invalid("answers.json", Cat("question \"", question,
                                         "\": the answer must be a list of option ids, "
                                         "e.g. [\"yes\"] or []"));
    }
    auto& options = out[question];
    for (const auto& v : value.list_value().values()) {
      if (v.kind_case() != google::protobuf::Value::kStringValue) {
        return Invalid("answers.json", Cat("question \"", question, "\": option ids are strings"));
      }
      options.push_back(v.string_value());
    }
  }
  return out;
}

absl::StatusOr<Choices> ToChoices(const v1::Manifest& manifest, const Answers& answers) {
  std::string known;
  for (const auto& q : manifest.questions()) known += (known.empty() ? "" : ", ") + q.id();
  for (const auto& [question, options] : answers) {
    if (QuestionIndex(manifest, question) < 0) {
      return Invalid("answers.unknown_question", Cat("this votation has no question \"", question,
                                                     "\"; its questions are: ", known));
    }
  }
  Choices choices(manifest.questions_size());
  for (int q = 0; q < manifest.questions_size(); ++q) {
    const v1::Question& question = manifest.questions(q);
    auto it = answers.find(question.id());
    if (it == answers.end()) {
      return Invalid("answers.missing_question",
                     Cat("no answer for question \"", question.id(), "\"; answer it with --answer ",
                         question.id(), "=OPTION (options: ", OptionList(question),
                         "), or an empty value where nothing may be chosen"));
    }
    choices[q].assign(question.options_size(), 0);
    for (const std::string& id : it->second) {
      int o = OptionIndex(question, id);
      if (o < 0) {
        return Invalid("answers.unknown_option",
                       Cat("question \"", question.id(), "\" has no option \"", id,
                           "\"; its options are: ", OptionList(question)));
      }
      if (choices[q][o]) {
        return Invalid("answers.duplicate_option",
                       Cat("question \"", question.id(), "\": option \"", id, "\" is given twice"));
      }
      choices[q][o] = 1;
    }
  }
  URNE_RETURN_IF_ERROR(CheckChoices(manifest, choices));
  return choices;
}

Answers FromChoices(const v1::Manifest& manifest, const Choices& choices) {
  Answers out;
  for (int q = 0; q < manifest.questions_size() && q < static_cast<int>(choices.size()); ++q) {
    auto& ids = out[manifest.questions(q).id()];
    for (int o = 0;
         o < manifest.questions(q).options_size() && o < static_cast<int>(choices[q].size()); ++o) {
      if (choices[q][o]) ids.push_back(manifest.questions(q).options(o).id());
    }
  }
  return out;
}

std::string DescribeChoices(const v1::Manifest& manifest, const Choices& choices, Lang lang) {
  std::string out;
  for (int q = 0; q < manifest.questions_size() && q < static_cast<int>(choices.size()); ++q) {
    const auto& question = manifest.questions(q);
    std::string labels;
    for (int o = 0; o < question.options_size() && o < static_cast<int>(choices[q].size()); ++o) {
      if (!choices[q][o]) continue;
      if (!labels.empty()) labels += ", ";
      labels += Tr(question.options(o).label(), lang);
    }
    if (labels.empty()) labels = lang == Lang::kFr ? "(aucun choix)" : "(nothing)";
    out += Cat("  ", Tr(question.title(), lang), ": ", labels, "\n");
  }
  return out;
}

}  // namespace urne::voter_client

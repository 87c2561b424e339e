#include "election/manifest.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <set>

#include "crypto/ed25519.h"
#include "crypto/group.h"
#include "status/status.h"

namespace urne {
namespace {

constexpr size_t kMaxQuestions = 32;
constexpr size_t kMaxOptions = 64;
constexpr size_t kMaxTrustees = 9;

absl::Status Bad(const std::string& path, const std::string& what) {
  return Invalid("manifest.invalid", Cat(path, ": ", what));
}

bool IsIdentifier(const std::string& s, size_t max_len) {
  if (s.empty() || s.size() > max_len) return false;
  return std::ranges::all_of(
      s, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

absl::Status CheckText(const std::string& path, const v1::Text& text) {
  if (text.fr().empty()) return Bad(path + ".fr", "the French text is missing");
  if (text.en().empty()) return Bad(path + ".en", "the English text is missing");
  return absl::OkStatus();
}

absl::Status CheckOptionalText(const std::string& path, const v1::Text& text) {
  if (text.fr().empty() != text.en().empty()) {
    return Bad(path, "give the text in both French and English, or in neither");
  }
  return absl::OkStatus();
}

size_t CountBlank(const v1::Question& q) {
  size_t n = 0;
  for (const auto& o : q.options()) n += o.blank() ? 1 : 0;
  return n;
}

absl::Status CheckQuestion(const std::string& path, const v1::Question& q) {
  if (!IsIdentifier(q.id(), 32)) {
    return Bad(path + ".id", "use 1 to 32 characters among a-z, 0-9 and '-'");
  }
  URNE_RETURN_IF_ERROR(CheckText(path + ".title", q.title()));
  URNE_RETURN_IF_ERROR(CheckText(path + ".text", q.text()));
  if (q.options_size() < 2 || static_cast<size_t>(q.options_size()) > kMaxOptions) {
    return Bad(path + ".options",
               Cat("a question needs 2 to ", kMaxOptions, " options, it has ", q.options_size()));
  }
  std::set<std::string> ids;
  for (int i = 0; i < q.options_size(); ++i) {
    const auto& o = q.options(i);
    std::string op = Cat(path, ".options[", i, "]");
    if (!IsIdentifier(o.id(), 32)) {
      return Bad(op + ".id", "use 1 to 32 characters among a-z, 0-9 and '-'");
    }
    if (!ids.insert(o.id()).second) {
      return Bad(op + ".id", Cat("option id \"", o.id(), "\" is used twice in this question"));
    }
    URNE_RETURN_IF_ERROR(CheckText(op + ".label", o.label()));
    URNE_RETURN_IF_ERROR(CheckOptionalText(op + ".description", o.description()));
    bool budget = q.kind() == v1::BUDGET;
    if (budget && o.cost() == 0) {
      return Bad(op, "a budget question needs a cost for every option");
    }
    if (!budget && o.cost() != 0) {
      return Bad(op + ".cost", "only budget questions have costs");
    }
    bool blank_allowed = q.kind() == v1::YES_NO || q.kind() == v1::ONE_OF;
    if (o.blank() && !blank_allowed) {
      return Bad(op + ".blank",
                 "only yes/no and one-of questions have a blank option; approval and budget "
                 "questions allow an empty answer with min_selections = 0");
    }
  }
  if (CountBlank(q) > 1) return Bad(path + ".options", "at most one option may be blank");
  if (q.kind() != v1::BUDGET && !q.unit().empty()) {
    return Bad(path + ".unit", "only budget questions have a unit (their costs' currency)");
  }
  size_t non_blank = q.options_size() - CountBlank(q);
  switch (q.kind()) {
    case v1::YES_NO: {
      if (q.options(0).id() != "yes" || q.options(1).id() != "no" || q.options(0).blank() ||
          q.options(1).blank() || q.options_size() > 3 ||
          (q.options_size() == 3 && !q.options(2).blank())) {
        return Bad(path + ".options",
                   "a yes/no question has the options \"yes\", \"no\" and optionally a third, "
                   "blank option, in that order");
      }
      [[fallthrough]];
    }
    case v1::ONE_OF:
      if (q.min_selections() != 0 || q.max_selections() != 0 || q.budget() != 0) {
        return Bad(path,
                   "min_selections, max_selections and budget are only for approval and "
                   "budget questions (exactly one option is chosen here)");
      }
      if (non_blank < 2) return Bad(path + ".options", "at least two options must not be blank");
      return absl::OkStatus();
    case v1::APPROVAL:
    case v1::BUDGET:
      if (q.max_selections() < 1 || q.max_selections() > non_blank) {
        return Bad(path + ".max_selections",
                   Cat("must be between 1 and the number of options (", non_blank, ")"));
      }
      if (q.min_selections() > q.max_selections()) {
        return Bad(path + ".min_selections", "must not exceed max_selections");
      }
      if (q.kind() == v1::BUDGET && q.budget() == 0) {
        return Bad(path + ".budget", "a budget question needs a total budget above 0");
      }
      if (q.kind() == v1::APPROVAL && q.budget() != 0) {
        return Bad(path + ".budget", "only budget questions have a budget");
      }
      return absl::OkStatus();
    default:
      return Bad(path + ".kind", "choose YES_NO, ONE_OF, APPROVAL or BUDGET");
  }
}

absl::Status CheckDecision(const std::string& path, const v1::Decision& d, const v1::Manifest& m,
                           std::set<std::string>& used_questions) {
  if (!IsIdentifier(d.id(), 32)) {
    return Bad(path + ".id", "use 1 to 32 characters among a-z, 0-9 and '-'");
  }
  URNE_RETURN_IF_ERROR(CheckText(path + ".title", d.title()));
  std::vector<const v1::Question*> qs;
  for (int i = 0; i < d.question_ids_size(); ++i) {
    int qi = QuestionIndex(m, d.question_ids(i));
    std::string qp = Cat(path, ".question_ids[", i, "]");
    if (qi < 0) return Bad(qp, Cat("no question has the id \"", d.question_ids(i), "\""));
    if (!used_questions.insert(d.question_ids(i)).second) {
      return Bad(qp, Cat("question \"", d.question_ids(i), "\" is already read by a decision"));
    }
    qs.push_back(&m.questions(qi));
  }
  auto need = [&](size_t n, v1::QuestionKind kind, const char* what) -> absl::Status {
    if (qs.size() != n) {
      return Bad(path + ".question_ids", Cat("this rule reads ", n, " question(s)"));
    }
    for (const auto* q : qs) {
      if (q->kind() != kind) return Bad(path + ".rule", Cat("this rule needs ", what));
    }
    return absl::OkStatus();
  };
  if (d.seats() != 0 && d.rule() != v1::APPROVAL_TOP_K) {
    return Bad(path + ".seats", "only approval-top-k decisions have seats");
  }
  if (d.tie_break() == v1::LOWER_COST && d.rule() != v1::BUDGET_GREEDY) {
    return Bad(path + ".tie_break", "LOWER_COST applies only to budget-greedy decisions");
  }
  switch (d.rule()) {
    case v1::MAJORITY:
    case v1::FR_LOCAL_REFERENDUM:
      return need(1, v1::YES_NO, "a yes/no question");
    case v1::PLURALITY:
      return need(1, v1::ONE_OF, "a one-of question");
    case v1::APPROVAL_TOP_K: {
      URNE_RETURN_IF_ERROR(need(1, v1::APPROVAL, "an approval question"));
      if (d.seats() < 1 || d.seats() > static_cast<uint32_t>(qs[0]->options_size())) {
        return Bad(path + ".seats", "must be between 1 and the number of options");
      }
      return absl::OkStatus();
    }
    case v1::BUDGET_GREEDY:
      return need(1, v1::BUDGET, "a budget question");
    case v1::SWISS_INITIATIVE_COUNTER: {
      if (qs.size() != 3 || qs[0]->kind() != v1::YES_NO || qs[1]->kind() != v1::YES_NO ||
          qs[2]->kind() != v1::ONE_OF || qs[2]->options_size() - CountBlank(*qs[2]) != 2) {
        return Bad(path + ".question_ids",
                   "swiss-initiative-counter reads three questions: the initiative (yes/no), "
                   "the counter-proposal (yes/no) and the tie-break (one of two options: "
                   "initiative first, counter-proposal second)");
      }
      return absl::OkStatus();
    }
    default:
      return Bad(path + ".rule", "choose a decision rule");
  }
}

}  // namespace

namespace {

bool IsTimeZoneName(const std::string& tz) {
  if (tz.size() > 64 || tz.front() == '/' || tz.back() == '/' ||
      tz.find("..") != std::string::npos || tz.find("//") != std::string::npos) {
    return false;
  }
  return std::ranges::all_of(tz, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '_' || c == '-' || c == '+';
  });
}

// Collects the failures of ValidateManifest in its order; with `first_only`, stops at one.
class Problems {
 public:
  explicit Problems(bool first_only) : first_only_(first_only) {}
  // Records `s` if it failed; true when the caller must stop.
  bool Add(absl::Status s) {
    if (!s.ok()) list_.push_back(std::move(s));
    return first_only_ && !list_.empty();
  }
  std::vector<absl::Status> Take() { return std::move(list_); }

 private:
  bool first_only_;
  std::vector<absl::Status> list_;
};

#define URNE_MANIFEST_CHECK(expr) \
  if (p.Add(expr)) return

void CheckManifest(const v1::Manifest& m, Problems& p) {
  if (m.version() != 1) URNE_MANIFEST_CHECK(Bad("version", "must be 1"));
  if (!Group::ByName(m.group()).ok()) {
    URNE_MANIFEST_CHECK(Bad("group", "choose \"ristretto255\" or \"eg4096\""));
  }
  if (!IsIdentifier(m.reference(), 64)) {
    URNE_MANIFEST_CHECK(Bad("reference", "use 1 to 64 characters among a-z, 0-9 and '-'"));
  }
  URNE_MANIFEST_CHECK(CheckText("title", m.title()));
  URNE_MANIFEST_CHECK(CheckText("organiser", m.organiser()));
  URNE_MANIFEST_CHECK(CheckOptionalText("description", m.description()));
  if (m.questions_size() < 1 || static_cast<size_t>(m.questions_size()) > kMaxQuestions) {
    URNE_MANIFEST_CHECK(Bad("questions", Cat("a votation has 1 to ", kMaxQuestions, " questions")));
  }
  std::set<std::string> qids;
  for (int i = 0; i < m.questions_size(); ++i) {
    std::string path = Cat("questions[", i, "]");
    URNE_MANIFEST_CHECK(CheckQuestion(path, m.questions(i)));
    if (!qids.insert(m.questions(i).id()).second) {
      URNE_MANIFEST_CHECK(
          Bad(path + ".id", Cat("question id \"", m.questions(i).id(), "\" is used twice")));
    }
  }
  std::set<std::string> dids;
  std::set<std::string> used;
  for (int i = 0; i < m.decisions_size(); ++i) {
    std::string path = Cat("decisions[", i, "]");
    URNE_MANIFEST_CHECK(CheckDecision(path, m.decisions(i), m, used));
    if (!dids.insert(m.decisions(i).id()).second) {
      URNE_MANIFEST_CHECK(
          Bad(path + ".id", Cat("decision id \"", m.decisions(i).id(), "\" is used twice")));
    }
  }
  if (m.trustees_size() < 1 || static_cast<size_t>(m.trustees_size()) > kMaxTrustees) {
    URNE_MANIFEST_CHECK(Bad("trustees", Cat("an election has 1 to ", kMaxTrustees, " trustees")));
  }
  std::set<std::string> keys;
  auto pk = ParsePublicKey(AsBytes(m.authority_key()));
  if (!pk.ok()) {
    URNE_MANIFEST_CHECK(Bad("authority_key", Cat("not a valid Ed25519 public key (",
                                                 std::string(pk.status().message()), ")")));
  }
  keys.insert(m.authority_key());
  auto bk = ParsePublicKey(AsBytes(m.board_key()));
  if (!bk.ok()) {
    URNE_MANIFEST_CHECK(Bad(
        "board_key", Cat("not a valid Ed25519 public key (", std::string(bk.status().message()),
                         "); put the board's key here, as `urne-board key --data DIR` prints it")));
  } else if (!keys.insert(m.board_key()).second) {
    URNE_MANIFEST_CHECK(Bad("board_key", "the board signs with its own key, not the authority's"));
  }
  std::set<std::string> box_keys;
  for (int i = 0; i < m.trustees_size(); ++i) {
    const auto& t = m.trustees(i);
    std::string path = Cat("trustees[", i, "]");
    if (t.name().empty()) URNE_MANIFEST_CHECK(Bad(path + ".name", "the trustee's name is missing"));
    auto tk = ParsePublicKey(AsBytes(t.signing_key()));
    if (!tk.ok()) {
      URNE_MANIFEST_CHECK(Bad(path + ".signing_key", Cat("not a valid Ed25519 public key (",
                                                         std::string(tk.status().message()), ")")));
    } else if (!keys.insert(t.signing_key()).second) {
      URNE_MANIFEST_CHECK(Bad(path + ".signing_key",
                              "this key is already used by the authority, the board or a trustee"));
    }
    if (t.box_key().size() != 32) {
      URNE_MANIFEST_CHECK(Bad(path + ".box_key", "an X25519 key is 32 bytes"));
    } else if (!box_keys.insert(t.box_key()).second) {
      URNE_MANIFEST_CHECK(
          Bad(path + ".box_key", "this box key is already used by another trustee"));
    }
  }
  if (m.threshold() < 1 || m.threshold() > static_cast<uint32_t>(m.trustees_size())) {
    URNE_MANIFEST_CHECK(Bad("threshold", Cat("must be between 1 and the number of trustees (",
                                             m.trustees_size(), ")")));
  }
  if (!v1::RevotePolicy_IsValid(m.revote_policy())) {
    URNE_MANIFEST_CHECK(Bad("revote_policy", "choose LAST_BALLOT_COUNTS or SINGLE_BALLOT"));
  }
  if (m.opens_at() >= m.closes_at()) {
    URNE_MANIFEST_CHECK(Bad("closes_at", "must be after opens_at"));
  }
  if (m.ceremony_deadline() <= 0 || m.ceremony_deadline() > m.opens_at()) {
    URNE_MANIFEST_CHECK(
        Bad("ceremony_deadline",
            "must be a time no later than opens_at: the key ceremony ends before the vote "
            "opens (specs/ceremony.md §3)"));
  }
  if (!m.time_zone().empty() && !IsTimeZoneName(m.time_zone())) {
    URNE_MANIFEST_CHECK(Bad("time_zone",
                            "use a time zone name of the IANA database, such as "
                            "\"Europe/Paris\" or \"Europe/Zurich\""));
  }
  if (!m.booth_digest().empty() && m.booth_digest().size() != 32) {
    URNE_MANIFEST_CHECK(Bad("booth_digest",
                            "a SHA-256 digest is 32 bytes (64 hex digits, as `urne-board "
                            "booth-digest` prints it), or empty for no hosted booth"));
  }
}

#undef URNE_MANIFEST_CHECK

}  // namespace

absl::Status ValidateManifest(const v1::Manifest& m) {
  Problems p(/*first_only=*/true);
  CheckManifest(m, p);
  std::vector<absl::Status> found = p.Take();
  return found.empty() ? absl::OkStatus() : found.front();
}

std::vector<absl::Status> ManifestProblems(const v1::Manifest& m) {
  Problems p(/*first_only=*/false);
  CheckManifest(m, p);
  return p.Take();
}

absl::StatusOr<v1::Manifest> ParseManifestJson(const std::string& json) {
  v1::Manifest m;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(json, &m, options);
  if (!status.ok()) {
    return Invalid("manifest.json", Cat("the manifest is not valid JSON for urne.v1.Manifest: ",
                                        std::string(status.message())));
  }
  URNE_RETURN_IF_ERROR(ValidateManifest(m));
  return m;
}

std::string ManifestToJson(const v1::Manifest& manifest) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(manifest, &out, options);
  return out;
}

QuestionShape ShapeOf(const v1::Question& q) {
  QuestionShape shape{static_cast<size_t>(q.options_size()), 1, 1};
  if (q.kind() == v1::APPROVAL || q.kind() == v1::BUDGET) {
    shape.min_sum = q.min_selections();
    shape.max_sum = q.max_selections();
  }
  return shape;
}

v1::RevotePolicy RevotePolicyOf(const v1::Manifest& manifest) {
  return manifest.revote_policy() == v1::SINGLE_BALLOT ? v1::SINGLE_BALLOT : v1::LAST_BALLOT_COUNTS;
}

int QuestionIndex(const v1::Manifest& manifest, const std::string& id) {
  for (int i = 0; i < manifest.questions_size(); ++i) {
    if (manifest.questions(i).id() == id) return i;
  }
  return -1;
}

}  // namespace urne

#include "authority/manifest_template.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <map>
#include <utility>

#include "authority/manifest_source.h"
#include "cli/json.h"
#include "cli/local_time.h"
#include "status/status.h"
#include "urne/v1/manifest.pb.h"

namespace urne::authority {
namespace {

namespace pb = google::protobuf;

struct Comment {
  const char* en;
  const char* fr;
};

// Comments written above a field, by path with indexes removed ("questions.kind").
const std::map<std::string, Comment>& Comments() {
  static const auto* comments = new std::map<std::string, Comment>{
      {"version", {"Format version: always 1.", "Version du format : toujours 1."}},
      {"group",
       {R"(Cryptographic group: "ristretto255" (fast, recommended) or "eg4096".)",
        "Groupe cryptographique : \"ristretto255\" (rapide, recommandé) ou \"eg4096\"."}},
      {"reference",
       {"A reference unique to this votation: 1 to 64 characters among a-z, 0-9 and -.",
        "Une référence propre à cette votation : 1 à 64 caractères parmi a-z, 0-9 et -."}},
      {"title",
       {"The votation's title, in French and English.",
        "Le titre de la votation, en français et en anglais."}},
      {"organiser", {"Who organises it.", "Qui l'organise."}},
      {"description",
       {"Introduction shown to voters (optional).",
        "Introduction montrée aux votants (facultative)."}},
      {"questions",
       {"The questions (1 to 32). kind: YES_NO, ONE_OF, APPROVAL or BUDGET.",
        "Les questions (1 à 32). kind : YES_NO, ONE_OF, APPROVAL ou BUDGET."}},
      {"decisions",
       {"How each result is decided from the counts (rule: MAJORITY, FR_LOCAL_REFERENDUM, "
        "SWISS_INITIATIVE_COUNTER, PLURALITY, APPROVAL_TOP_K, BUDGET_GREEDY).",
        "Comment chaque résultat se décide à partir des décomptes (rule : MAJORITY, "
        "FR_LOCAL_REFERENDUM, SWISS_INITIATIVE_COUNTER, PLURALITY, APPROVAL_TOP_K, "
        "BUDGET_GREEDY)."}},
      {"revote_policy",
       {"LAST_BALLOT_COUNTS (a voter may vote again; the last ballot counts) or SINGLE_BALLOT.",
        "LAST_BALLOT_COUNTS (on peut revoter ; le dernier bulletin compte) ou SINGLE_BALLOT."}},
      {"trustees",
       {"The trustees who hold the decryption key together. Their keys are filled by "
        "`urne-admin manifest --template THIS-FILE --trustee NAME:SIGNHEX:BOXHEX …`.",
        "Les garants qui détiennent ensemble la clé de déchiffrement. Leurs clés sont "
        "remplies par `urne-admin manifest --template CE-FICHIER --trustee "
        "NOM:SIGNHEX:BOXHEX …`."}},
      {"threshold",
       {"How many trustees are needed to decrypt the result.",
        "Combien de garants sont nécessaires pour déchiffrer le résultat."}},
      {"authority_key",
       {"The authority's key and the board's key: filled by `urne-admin manifest --template`.",
        "La clé de l'autorité et celle du tableau : remplies par `urne-admin manifest "
        "--template`."}},
      {"booth_digest",
       {"The digest of the online polling station the board serves (`urne-board booth-digest`, "
        "or `urne-admin manifest --booth-digest`); empty: voters use urne-vote only.",
        "L'empreinte du bureau de vote en ligne que sert le tableau (`urne-board booth-digest`, "
        "ou `urne-admin manifest --booth-digest`) ; vide : les électeurs votent avec urne-vote "
        "seulement."}},
      {"time_zone",
       {"The town's time zone (IANA name); the times below are local times in this zone.",
        "Le fuseau horaire de la commune (nom IANA) ; les heures ci-dessous sont des heures "
        "locales de ce fuseau."}},
      {"ceremony_deadline",
       {"The trustees' key ceremony must be done by then (at the latest when voting opens).",
        "La cérémonie des clés des garants doit être finie à cette date (au plus tard à "
        "l'ouverture)."}},
      {"opens_at",
       {"Voting opens (date and time, local).", "Ouverture du vote (date et heure locales)."}},
      {"closes_at", {"Voting closes.", "Clôture du vote."}},
      {"min_counted_ballots",
       {"Secrecy floor: no result is decrypted if fewer ballots count (a tally of one or two "
        "ballots would show how they voted).",
        "Seuil de secret : aucun résultat n'est déchiffré si moins de bulletins comptent (le "
        "total d'un ou deux bulletins montrerait leur vote)."}},
  };
  return *comments;
}

std::string Indent(int depth) { return std::string(2 * static_cast<size_t>(depth), ' '); }

std::string StripIndexes(const std::string& path) {
  std::string out;
  bool skip = false;
  for (char c : path) {
    if (c == '[') skip = true;
    if (!skip) out += c;
    if (c == ']') skip = false;
  }
  return out;
}

class Writer {
 public:
  Writer(const std::string& lang, std::string tz) : fr_(lang == "fr"), tz_(std::move(tz)) {}

  std::string Document(const pb::Message& m) {
    out_ += fr_ ? "// Manifeste urne : modifiez les textes, les dates et les règles, puis\n"
                  "//   urne-admin manifest check CE-FICHIER\n"
                  "// Les lignes qui commencent par // sont des commentaires.\n"
                : "// urne manifest: edit the texts, dates and rules, then run\n"
                  "//   urne-admin manifest check THIS-FILE\n"
                  "// Lines starting with // are comments.\n";
    Object(m, "", 0);
    out_ += "\n";
    return out_;
  }

 private:
  void CommentFor(const std::string& path, int depth) {
    auto it = Comments().find(StripIndexes(path));
    if (it == Comments().end()) return;
    out_ += Indent(depth) + "// " + (fr_ ? it->second.fr : it->second.en) + "\n";
  }

  void Object(const pb::Message& m, const std::string& path, int depth) {
    const pb::Descriptor* d = m.GetDescriptor();
    const pb::Reflection* r = m.GetReflection();
    std::vector<const pb::FieldDescriptor*> fields;
    for (int i = 0; i < d->field_count(); ++i) {
      const pb::FieldDescriptor* f = d->field(i);
      const bool manifest = d->full_name() == "urne.v1.Manifest";
      const bool always = manifest && (f->name() == "time_zone" || f->name() == "authority_key" ||
                                       f->name() == "board_key" || f->name() == "booth_digest");
      const bool trustee_key = d->full_name() == "urne.v1.Trustee" && f->name() != "name";
      if (f->is_repeated() ? r->FieldSize(m, f) > 0
                           : (r->HasField(m, f) || always || trustee_key)) {
        fields.push_back(f);
      }
    }
    if (d->full_name() == "urne.v1.Manifest") {
      // The order people fill a manifest in: what, when (the zone before the times), the
      // questions and rules, then who holds the keys.
      static const std::vector<std::string> order = {"version",       "group",
                                                     "reference",     "title",
                                                     "organiser",     "description",
                                                     "time_zone",     "ceremony_deadline",
                                                     "opens_at",      "closes_at",
                                                     "questions",     "decisions",
                                                     "revote_policy", "min_counted_ballots",
                                                     "trustees",      "threshold",
                                                     "authority_key", "board_key",
                                                     "booth_digest"};
      auto rank = [&](const pb::FieldDescriptor* f) {
        auto it = std::find(order.begin(), order.end(), f->name());
        return it == order.end() ? order.size() : static_cast<size_t>(it - order.begin());
      };
      std::stable_sort(fields.begin(), fields.end(),
                       [&](auto* a, auto* b) { return rank(a) < rank(b); });
    }
    out_ += "{\n";
    for (size_t k = 0; k < fields.size(); ++k) {
      const pb::FieldDescriptor* f = fields[k];
      const std::string fpath = path.empty() ? f->name() : Cat(path, ".", f->name());
      CommentFor(fpath, depth + 1);
      out_ += Indent(depth + 1) + cli::JsonQuote(f->name()) + ": ";
      if (f->is_repeated()) {
        out_ += "[";
        const int n = r->FieldSize(m, f);
        const bool objects = f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
        for (int i = 0; i < n; ++i) {
          out_ += objects ? "\n" + Indent(depth + 2) : (i ? " " : "");
          if (objects) {
            Object(r->GetRepeatedMessage(m, f, i), Cat(fpath, "[", i, "]"), depth + 2);
          } else {
            out_ += cli::JsonQuote(r->GetRepeatedString(m, f, i));
          }
          if (i + 1 < n) out_ += ",";
        }
        out_ += objects ? "\n" + Indent(depth + 1) + "]" : "]";
      } else {
        Value(m, f, depth + 1);
      }
      out_ += k + 1 < fields.size() ? ",\n" : "\n";
    }
    out_ += Indent(depth) + "}";
  }

  void Value(const pb::Message& m, const pb::FieldDescriptor* f, int depth) {
    const pb::Reflection* r = m.GetReflection();
    const bool time =
        m.GetDescriptor()->full_name() == "urne.v1.Manifest" &&
        (f->name() == "opens_at" || f->name() == "closes_at" || f->name() == "ceremony_deadline");
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        Object(r->GetMessage(m, f), "", depth);
        return;
      case pb::FieldDescriptor::CPPTYPE_STRING:
        out_ += f->type() == pb::FieldDescriptor::TYPE_BYTES ? "\"\""
                                                             : cli::JsonQuote(r->GetString(m, f));
        return;
      case pb::FieldDescriptor::CPPTYPE_BOOL:
        out_ += r->GetBool(m, f) ? "true" : "false";
        return;
      case pb::FieldDescriptor::CPPTYPE_ENUM:
        out_ += cli::JsonQuote(r->GetEnum(m, f)->name());
        return;
      case pb::FieldDescriptor::CPPTYPE_INT64:
        if (time) {
          out_ += cli::JsonQuote(cli::UnixToLocal(r->GetInt64(m, f), tz_));
        } else {
          out_ += Cat(r->GetInt64(m, f));
        }
        return;
      case pb::FieldDescriptor::CPPTYPE_UINT64:
        out_ += Cat(r->GetUInt64(m, f));
        return;
      case pb::FieldDescriptor::CPPTYPE_UINT32:
        out_ += Cat(r->GetUInt32(m, f));
        return;
      case pb::FieldDescriptor::CPPTYPE_INT32:
        out_ += Cat(r->GetInt32(m, f));
        return;
      default:
        out_ += "null";
    }
  }

  bool fr_;
  std::string tz_;
  std::string out_;
};

// The consultation: one yes/no question decided by simple majority.
void MakeConsultation(v1::Manifest& m) {
  m.set_reference("consultation-2027");
  m.mutable_title()->set_fr("Consultation des habitants");
  m.mutable_title()->set_en("Residents' consultation");
  m.mutable_description()->set_fr("La commune consulte ses habitants sur la question suivante.");
  m.mutable_description()->set_en("The town asks its residents the following question.");
  v1::Question* q = m.mutable_questions(0);
  q->set_id("question");
  q->mutable_title()->set_fr("Votre avis");
  q->mutable_title()->set_en("Your opinion");
  q->mutable_text()->set_fr("Êtes-vous favorable au projet ?");
  q->mutable_text()->set_en("Are you in favour of the project?");
  v1::Decision* d = m.mutable_decisions(0);
  d->set_id("question");
  d->mutable_title()->set_fr("Avis des habitants");
  d->mutable_title()->set_en("Residents' opinion");
  d->set_rule(v1::MAJORITY);
  d->clear_question_ids();
  d->add_question_ids("question");
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& ManifestKinds() {
  static const auto* kinds = new std::vector<std::pair<std::string, std::string>>{
      {"local-referendum", "a French local referendum: one yes/no question with quorum"},
      {"swiss-day", "a Swiss-style votation day: initiative, counter-proposal, tie-break"},
      {"participatory-budget", "a participatory budget: projects with costs and a budget"},
      {"consultation", "a yes/no consultation decided by simple majority"},
  };
  return *kinds;
}

absl::StatusOr<std::string> ManifestTemplate(const std::string& kind, const std::string& lang,
                                             const std::string& time_zone) {
  URNE_RETURN_IF_ERROR(cli::CheckTimeZone(time_zone));
  const std::string source = kind == "consultation" ? "local-referendum" : kind;
  const std::string* json = nullptr;
  for (const auto& [name, text] : ExampleManifests()) {
    if (name == source) json = &text;
  }
  if (json == nullptr) {
    std::string kinds;
    for (const auto& [name, what] : ManifestKinds()) kinds += Cat("\n  ", name, ": ", what);
    return Invalid("manifest.kind",
                   Cat("no kind \"", kind.substr(0, 40), "\"; choose one of:", kinds));
  }
  // The examples are written as staff write manifests (local times in their time zone).
  ManifestSource example = ReadManifestSource(*json, "en", /*keys_required=*/false);
  if (!example.problems.empty()) {
    return Error(absl::StatusCode::kInternal, "manifest.example",
                 FormatManifestProblems(Cat("examples/", source, ".json"), example, "en"));
  }
  v1::Manifest m = std::move(example.manifest);
  if (kind == "consultation") MakeConsultation(m);
  m.set_time_zone(time_zone);
  m.clear_authority_key();
  m.clear_board_key();
  for (auto& t : *m.mutable_trustees()) {
    t.clear_signing_key();
    t.clear_box_key();
  }
  return Writer(lang, time_zone).Document(m);
}

}  // namespace urne::authority

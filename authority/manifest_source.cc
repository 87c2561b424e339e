#include "authority/manifest_source.h"

#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/escaping.h"
#include "cli/cli.h"
#include "cli/local_time.h"
#include "election/manifest.h"
#include "status/status.h"

namespace urne::authority {
namespace {

namespace pb = google::protobuf;
using Kind = JsonValue::Kind;

// French for election/manifest.cc's messages: "{}" stands for any text, in order.
struct Phrase {
  const char* en;
  const char* fr;
};
constexpr Phrase kPhrases[] = {
    {"must be 1", "doit valoir 1"},
    {R"(choose "ristretto255" or "eg4096")", R"(choisissez "ristretto255" ou "eg4096")"},
    {"use 1 to 64 characters among a-z, 0-9 and '-'",
     "utilisez de 1 à 64 caractères parmi a-z, 0-9 et « - »"},
    {"use 1 to 32 characters among a-z, 0-9 and '-'",
     "utilisez de 1 à 32 caractères parmi a-z, 0-9 et « - »"},
    {"the French text is missing", "le texte en français manque"},
    {"the English text is missing", "le texte en anglais manque"},
    {"give the text in both French and English, or in neither",
     "donnez le texte en français et en anglais, ou dans aucune des deux langues"},
    {"a votation has 1 to {} questions", "une votation a de 1 à {} questions"},
    {"question id \"{}\" is used twice", "l'identifiant de question \"{}\" est utilisé deux fois"},
    {"decision id \"{}\" is used twice", "l'identifiant de décision \"{}\" est utilisé deux fois"},
    {"an election has 1 to {} trustees", "une élection a de 1 à {} garants"},
    {"not a valid Ed25519 public key ({}); put the board's key here, as `urne-board key --data "
     "DIR` prints it",
     "ce n'est pas une clé publique Ed25519 valide ({}) ; mettez ici la clé du tableau, telle "
     "que `urne-board key --data DIR` l'affiche"},
    {"not a valid Ed25519 public key ({})", "ce n'est pas une clé publique Ed25519 valide ({})"},
    {"the board signs with its own key, not the authority's",
     "le tableau signe avec sa propre clé, pas avec celle de l'autorité"},
    {"the trustee's name is missing", "le nom du garant manque"},
    {"this key is already used by the authority, the board or a trustee",
     "cette clé est déjà celle de l'autorité, du tableau ou d'un garant"},
    {"an X25519 key is 32 bytes", "une clé X25519 fait 32 octets"},
    {"this box key is already used by another trustee",
     "cette clé de chiffrement est déjà celle d'un autre garant"},
    {"must be between 1 and the number of trustees ({})",
     "doit être entre 1 et le nombre de garants ({})"},
    {"choose LAST_BALLOT_COUNTS or SINGLE_BALLOT",
     "choisissez LAST_BALLOT_COUNTS ou SINGLE_BALLOT"},
    {"must be after opens_at", "doit être après l'ouverture (opens_at)"},
    {"must be a time no later than opens_at: the key ceremony ends before the vote opens "
     "(specs/ceremony.md §3)",
     "doit être au plus tard à l'ouverture (opens_at) : la cérémonie des clés se termine avant "
     "l'ouverture du vote (specs/ceremony.md §3)"},
    {"a SHA-256 digest is 32 bytes (64 hex digits, as `urne-board booth-digest` prints it), or "
     "empty for no hosted booth",
     "une empreinte SHA-256 fait 32 octets (64 chiffres hexadécimaux, comme les affiche "
     "`urne-board booth-digest`), ou reste vide sans bureau de vote en ligne"},
    {R"(use a time zone name of the IANA database, such as "Europe/Paris" or "Europe/Zurich")",
     "utilisez un nom de fuseau horaire de la base IANA, comme \"Europe/Paris\" ou "
     "\"Europe/Zurich\""},
    {"a question needs 2 to {} options, it has {}",
     "une question a de 2 à {} options, celle-ci en a {}"},
    {"option id \"{}\" is used twice in this question",
     "l'identifiant d'option \"{}\" est utilisé deux fois dans cette question"},
    {"a budget question needs a cost for every option",
     "une question de budget demande un coût pour chaque option"},
    {"only budget questions have costs", "seules les questions de budget ont des coûts"},
    {"only yes/no and one-of questions have a blank option; approval and budget questions "
     "allow an empty answer with min_selections = 0",
     "seules les questions oui/non et à choix unique ont une option « vote blanc » ; les "
     "questions d'approbation et de budget permettent une réponse vide avec min_selections = 0"},
    {"at most one option may be blank", "une seule option au plus peut être le vote blanc"},
    {"a yes/no question has the options \"yes\", \"no\" and optionally a third, blank option, in "
     "that order",
     "une question oui/non a les options \"yes\", \"no\" et éventuellement une troisième, le "
     "vote blanc, dans cet ordre"},
    {"min_selections, max_selections and budget are only for approval and budget questions "
     "(exactly one option is chosen here)",
     "min_selections, max_selections et budget ne servent qu'aux questions d'approbation et de "
     "budget (ici, on choisit exactement une option)"},
    {"at least two options must not be blank",
     "au moins deux options ne doivent pas être le vote blanc"},
    {"must be between 1 and the number of options ({})",
     "doit être entre 1 et le nombre d'options ({})"},
    {"must be between 1 and the number of options", "doit être entre 1 et le nombre d'options"},
    {"must not exceed max_selections", "ne doit pas dépasser max_selections"},
    {"a budget question needs a total budget above 0",
     "une question de budget demande un budget total supérieur à 0"},
    {"only budget questions have a budget", "seules les questions de budget ont un budget"},
    {"choose YES_NO, ONE_OF, APPROVAL or BUDGET", "choisissez YES_NO, ONE_OF, APPROVAL ou BUDGET"},
    {"no question has the id \"{}\"", "aucune question n'a l'identifiant \"{}\""},
    {"question \"{}\" is already read by a decision",
     "la question \"{}\" est déjà lue par une décision"},
    {"this rule reads {} question(s)", "cette règle lit {} question(s)"},
    {"this rule needs {}", "cette règle demande {}"},
    {"only approval-top-k decisions have seats",
     "seules les décisions approval-top-k ont des sièges"},
    {"LOWER_COST applies only to budget-greedy decisions",
     "LOWER_COST ne s'applique qu'aux décisions budget-greedy"},
    {"swiss-initiative-counter reads three questions: the initiative (yes/no), the "
     "counter-proposal (yes/no) and the tie-break (one of two options: initiative first, "
     "counter-proposal second)",
     "swiss-initiative-counter lit trois questions : l'initiative (oui/non), le contre-projet "
     "(oui/non) et la question subsidiaire (une option sur deux : l'initiative d'abord, le "
     "contre-projet ensuite)"},
    {"choose a decision rule", "choisissez une règle de décision"},
};

// Matches `text` against `pattern` ("{}" = any text); fills `parts`.
bool Match(const std::string& pattern, const std::string& text, std::vector<std::string>& parts) {
  parts.clear();
  size_t p = 0;
  size_t t = 0;
  while (p < pattern.size()) {
    size_t hole = pattern.find("{}", p);
    std::string lit = pattern.substr(p, hole == std::string::npos ? std::string::npos : hole - p);
    if (text.compare(t, lit.size(), lit) != 0) return false;
    t += lit.size();
    if (hole == std::string::npos) return t == text.size();
    p = hole + 2;
    size_t next = pattern.find("{}", p);
    std::string after = pattern.substr(p, next == std::string::npos ? std::string::npos : next - p);
    size_t end = after.empty() ? text.size() : text.find(after, t);
    if (end == std::string::npos) return false;
    parts.push_back(text.substr(t, end - t));
    t = end;
  }
  return t == text.size();
}

std::string Translate(const std::string& en, const std::string& lang) {
  if (lang != "fr") return en;
  std::vector<std::string> parts;
  for (const Phrase& phrase : kPhrases) {
    if (!Match(phrase.en, en, parts)) continue;
    std::string out;
    size_t k = 0;
    for (const char* c = phrase.fr; *c; ++c) {
      if (c[0] == '{' && c[1] == '}' && k < parts.size()) {
        out += parts[k++];
        ++c;
      } else {
        out += *c;
      }
    }
    return out;
  }
  return en;
}

// Names of the kind of JSON value, for messages.
std::string KindName(Kind kind, bool fr) {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return "true/false";  // JSON's own words in both languages
    case Kind::kNumber:
      return fr ? "un nombre" : "a number";
    case Kind::kString:
      return fr ? "un texte" : "a text";
    case Kind::kArray:
      return fr ? "une liste [ … ]" : "a list [ … ]";
    case Kind::kObject:
      return fr ? "un groupe { … }" : "a group { … }";
  }
  return "?";
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class Reader {
 public:
  Reader(const std::string& lang, std::vector<ManifestProblem>& problems)
      : fr_(lang == "fr"), lang_(lang), problems_(problems) {}

  void Problem(TextPosition at, const std::string& path, const std::string& en,
               const std::string& fr) {
    problems_.push_back({at, path, fr_ ? fr : en});
  }

  // A local time, read once the time zone is known.
  struct PendingTime {
    const pb::FieldDescriptor* field;
    std::string local;
    TextPosition at;
    std::string path;
  };
  std::vector<PendingTime> times;
  std::map<std::string, TextPosition> places;  // path → where its value is written

  void Message(const JsonValue& v, pb::Message& msg, const std::string& path) {
    places.emplace(path, v.at);
    if (v.kind != Kind::kObject) {
      Problem(v.at, path,
              Cat("a group of fields in { } is expected here, not ", KindName(v.kind, false)),
              Cat("un groupe de champs entre { } est attendu ici, pas ", KindName(v.kind, true)));
      return;
    }
    const pb::Descriptor* d = msg.GetDescriptor();
    std::set<const pb::FieldDescriptor*> seen;
    for (const auto& member : v.members) {
      const pb::FieldDescriptor* f = Field(*d, member.name);
      // An unknown field is named by its sentence, not by a path.
      const std::string fpath = f == nullptr   ? path
                                : path.empty() ? f->name()
                                               : Cat(path, ".", f->name());
      if (f == nullptr) {
        std::string best;
        size_t best_d = 4;
        for (int i = 0; i < d->field_count(); ++i) {
          size_t dist = EditDistance(member.name, d->field(i)->name());
          if (dist < best_d) {
            best_d = dist;
            best = d->field(i)->name();
          }
        }
        std::string hint_en = best.empty() ? "" : Cat(" (did you mean \"", best, "\"?)");
        std::string hint_fr = best.empty() ? "" : Cat(" (vouliez-vous dire \"", best, "\" ?)");
        Problem(member.at, fpath, Cat("unknown field \"", member.name, "\"", hint_en),
                Cat("champ inconnu \"", member.name, "\"", hint_fr));
        continue;
      }
      if (!seen.insert(f).second) {
        Problem(member.at, fpath, Cat("the field \"", f->name(), "\" is written twice"),
                Cat("le champ \"", f->name(), "\" est écrit deux fois"));
        continue;
      }
      if (member.value.kind == Kind::kNull) continue;
      if (f->is_repeated()) {
        places.emplace(fpath, member.value.at);
        if (member.value.kind != Kind::kArray) {
          Problem(member.value.at, fpath, "a list in [ ] is expected here",
                  "une liste entre [ ] est attendue ici");
          continue;
        }
        for (size_t i = 0; i < member.value.items.size(); ++i) {
          Scalar(member.value.items[i], msg, f, Cat(fpath, "[", i, "]"));
        }
      } else {
        Scalar(member.value, msg, f, fpath);
      }
    }
  }

 private:
  static const pb::FieldDescriptor* Field(const pb::Descriptor& d, const std::string& name) {
    if (const auto* f = d.FindFieldByName(name)) return f;
    if (const auto* f = d.FindFieldByCamelcaseName(name)) return f;
    if (d.full_name() == "urne.v1.Manifest") {
      if (name == "opens") return d.FindFieldByName("opens_at");
      if (name == "closes") return d.FindFieldByName("closes_at");
    }
    return nullptr;
  }

  static bool IsTimeField(const pb::FieldDescriptor* f) {
    return f->containing_type()->full_name() == "urne.v1.Manifest" &&
           (f->name() == "opens_at" || f->name() == "closes_at" ||
            f->name() == "ceremony_deadline");
  }

  void Scalar(const JsonValue& v, pb::Message& msg, const pb::FieldDescriptor* f,
              const std::string& path) {
    places.emplace(path, v.at);
    const pb::Reflection* r = msg.GetReflection();
    const bool rep = f->is_repeated();
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_MESSAGE: {
        pb::Message* sub = rep ? r->AddMessage(&msg, f) : r->MutableMessage(&msg, f);
        Message(v, *sub, path);
        return;
      }
      case pb::FieldDescriptor::CPPTYPE_STRING: {
        if (v.kind != Kind::kString) {
          Problem(v.at, path,
                  Cat("a text in double quotes is expected here, not ", KindName(v.kind, false)),
                  Cat("un texte entre guillemets est attendu ici, pas ", KindName(v.kind, true)));
          return;
        }
        std::string value = v.text;
        if (f->type() == pb::FieldDescriptor::TYPE_BYTES) {
          auto bytes = Key(v, path);
          if (!bytes) return;
          value = *bytes;
        }
        rep ? r->AddString(&msg, f, value) : r->SetString(&msg, f, value);
        return;
      }
      case pb::FieldDescriptor::CPPTYPE_BOOL:
        if (v.kind != Kind::kBool) {
          Problem(v.at, path, "true or false is expected here", "true ou false est attendu ici");
          return;
        }
        rep ? r->AddBool(&msg, f, v.boolean) : r->SetBool(&msg, f, v.boolean);
        return;
      case pb::FieldDescriptor::CPPTYPE_ENUM: {
        const pb::EnumDescriptor* e = f->enum_type();
        const pb::EnumValueDescriptor* ev =
            v.kind == Kind::kString ? e->FindValueByName(v.text) : nullptr;
        if (ev == nullptr || ev->number() == 0) {
          std::string choices;
          for (int i = 1; i < e->value_count(); ++i) {
            choices += Cat(i > 1 ? ", " : "", e->value(i)->name());
          }
          Problem(v.at, path, Cat("choose one of: ", choices), Cat("choisissez parmi : ", choices));
          return;
        }
        rep ? r->AddEnumValue(&msg, f, ev->number()) : r->SetEnumValue(&msg, f, ev->number());
        return;
      }
      default:
        break;
    }
    // Integers.
    if (IsTimeField(f) && v.kind == Kind::kString && !AllDigits(v.text)) {
      times.push_back({f, v.text, v.at, path});
      return;
    }
    std::string digits = v.text;
    bool negative = !digits.empty() && digits[0] == '-';
    if (negative) digits.erase(0, 1);
    if ((v.kind != Kind::kNumber && v.kind != Kind::kString) || !AllDigits(digits) ||
        digits.size() > 19) {
      if (IsTimeField(f)) {
        Problem(v.at, path, "a date and time such as \"2027-03-14 08:00\" is expected here",
                "une date et une heure comme \"2027-03-14 08:00\" sont attendues ici");
      } else {
        Problem(v.at, path, "a whole number is expected here", "un nombre entier est attendu ici");
      }
      return;
    }
    const uint64_t magnitude = std::stoull(digits);
    auto out_of_range = [&](const std::string& range) {
      Problem(v.at, path, Cat("this number is out of range (", range, ")"),
              Cat("ce nombre est hors limites (", range, ")"));
    };
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_UINT32:
        if (negative || magnitude > std::numeric_limits<uint32_t>::max()) {
          return out_of_range("0 to 4294967295");
        }
        rep ? r->AddUInt32(&msg, f, static_cast<uint32_t>(magnitude))
            : r->SetUInt32(&msg, f, static_cast<uint32_t>(magnitude));
        return;
      case pb::FieldDescriptor::CPPTYPE_UINT64:
        if (negative) return out_of_range("0 or more");
        rep ? r->AddUInt64(&msg, f, magnitude) : r->SetUInt64(&msg, f, magnitude);
        return;
      case pb::FieldDescriptor::CPPTYPE_INT64: {
        if (magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          return out_of_range("too large");
        }
        int64_t value =
            negative ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
        rep ? r->AddInt64(&msg, f, value) : r->SetInt64(&msg, f, value);
        return;
      }
      case pb::FieldDescriptor::CPPTYPE_INT32: {
        if (magnitude > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
          return out_of_range("too large");
        }
        auto value = static_cast<int32_t>(negative ? -static_cast<int64_t>(magnitude)
                                                   : static_cast<int64_t>(magnitude));
        rep ? r->AddInt32(&msg, f, value) : r->SetInt32(&msg, f, value);
        return;
      }
      default:
        Problem(v.at, path, "this field cannot be written here",
                "ce champ ne peut pas être écrit ici");
    }
  }

  // A 32-byte key: 64 hex digits, or standard base64; empty stays empty (a starting file).
  std::optional<std::string> Key(const JsonValue& v, const std::string& path) {
    if (v.text.empty()) return std::string();
    if (v.text.size() == 64) {
      auto hex = FromHex(v.text);
      if (hex.ok()) return std::string(hex->begin(), hex->end());
    }
    std::string decoded;
    if (v.text.size() == 44 && absl::Base64Unescape(v.text, &decoded) && decoded.size() == 32) {
      return decoded;
    }
    if (path == "booth_digest") {
      Problem(v.at, path,
              "the booth digest is the 64 hexadecimal digits `urne-board booth-digest` prints",
              "l'empreinte du bureau de vote est les 64 chiffres hexadécimaux qu'affiche "
              "`urne-board booth-digest`");
    } else {
      Problem(v.at, path, "a key is 64 hexadecimal digits (or 44 base64 characters)",
              "une clé s'écrit en 64 chiffres hexadécimaux (ou 44 caractères base64)");
    }
    return std::nullopt;
  }

  bool fr_;
  std::string lang_;
  std::vector<ManifestProblem>& problems_;
};

bool Placeholder(const std::string& key) { return key.empty() || key == std::string(32, '\0'); }

bool KeysMissing(const v1::Manifest& m) {
  if (Placeholder(m.authority_key()) || Placeholder(m.board_key())) return true;
  return std::ranges::any_of(m.trustees(), [](const auto& t) {
    return Placeholder(t.signing_key()) || Placeholder(t.box_key());
  });
}

bool IsKeyPath(const std::string& path) {
  auto ends = [&](const std::string& s) {
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  return path == "authority_key" || path == "board_key" || ends(".signing_key") || ends(".box_key");
}

}  // namespace

ManifestSource ReadManifestSource(const std::string& text, const std::string& lang,
                                  bool keys_required) {
  ManifestSource out;
  auto tree = ParseJsonTree(text, lang);
  if (!tree.ok()) {
    // "line L, column C: what" — keep the place apart from the sentence.
    std::string msg(tree.status().message());
    TextPosition at;
    if (std::sscanf(msg.c_str(), lang == "fr" ? "ligne %d, colonne %d" : "line %d, column %d",
                    &at.line, &at.column) != 2) {
      at = TextPosition{};
    }
    size_t colon = msg.find(": ");
    if (colon == std::string::npos) colon = msg.find(" : ");
    out.problems.push_back(
        {at, "", colon == std::string::npos ? msg : msg.substr(msg.find(':') + 2)});
    return out;
  }
  Reader reader(lang, out.problems);
  reader.Message(*tree, out.manifest, "");
  v1::Manifest& m = out.manifest;
  const TextPosition top = tree->at;
  auto place = [&](const std::string& path) {
    std::string p = path;
    for (;;) {
      auto it = reader.places.find(p);
      if (it != reader.places.end()) return it->second;
      size_t cut = p.find_last_of(".[");
      if (cut == std::string::npos || cut == 0) return top;
      p = p.substr(0, cut);
    }
  };
  const bool fr = lang == "fr";
  if (absl::Status tz = cli::CheckTimeZone(m.time_zone()); !tz.ok()) {
    out.problems.push_back(
        {place("time_zone"), "time_zone",
         fr ? Cat("\"", m.time_zone(),
                  "\" n'est pas un fuseau horaire de la base tz ; utilisez un nom comme "
                  "\"Europe/Paris\", \"Europe/Zurich\" ou \"America/Montreal\"")
            : std::string(tz.message())});
  } else {
    for (const auto& t : reader.times) {
      auto unix = cli::LocalToUnix(t.local, m.time_zone());
      if (!unix.ok()) {
        const std::string reason = ReasonOf(unix.status());
        std::string en(unix.status().message());
        std::string fr_text =
            reason == "time.nonexistent"
                ? Cat("\"", t.local, "\" n'existe pas dans le fuseau ", m.time_zone(),
                      " (passage à l'heure d'été cette nuit-là) ; choisissez une autre heure")
            : reason == "time.ambiguous"
                ? Cat("\"", t.local, "\" arrive deux fois dans le fuseau ", m.time_zone(),
                      " (retour à l'heure d'hiver cette nuit-là) ; choisissez une autre heure")
                : Cat("\"", t.local,
                      R"(" n'est pas une date et une heure de la forme "2027-03-14 08:00")");
        out.problems.push_back({t.at, t.path, fr ? fr_text : en});
        continue;
      }
      v1::Manifest::GetReflection()->SetInt64(&m, t.field, *unix);
    }
  }
  out.keys_missing = KeysMissing(m);
  if (!out.problems.empty()) return out;  // rules on a half-read manifest would mislead
  for (const absl::Status& s : ManifestProblems(m)) {
    std::string msg(s.message());
    size_t colon = msg.find(": ");
    std::string path = colon == std::string::npos ? "" : msg.substr(0, colon);
    std::string what = colon == std::string::npos ? msg : msg.substr(colon + 2);
    if (!keys_required && out.keys_missing && IsKeyPath(path)) continue;
    out.problems.push_back({place(path), path, Translate(what, lang)});
  }
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const ManifestProblem& a, const ManifestProblem& b) {
                     return a.at.line != b.at.line ? a.at.line < b.at.line
                                                   : a.at.column < b.at.column;
                   });
  return out;
}

std::string FormatManifestProblems(const std::string& file, const ManifestSource& source,
                                   const std::string& lang) {
  const bool fr = lang == "fr";
  std::string out;
  for (const auto& p : source.problems) {
    out += Cat(file, ":", p.at.line, ":", p.at.column, ": ");
    if (!p.path.empty()) out += Cat(p.path, fr ? " : " : ": ");
    out += p.message + "\n";
  }
  const size_t n = source.problems.size();
  if (n > 0) {
    out += fr ? Cat(n, n == 1 ? " problème" : " problèmes", " ; rien n'a été écrit ni publié\n")
              : Cat(n, n == 1 ? " problem" : " problems", "; nothing was written or posted\n");
  }
  return out;
}

absl::StatusOr<v1::Manifest> LoadManifestFile(const std::string& file, const std::string& lang) {
  URNE_ASSIGN_OR_RETURN(std::string text, cli::ReadTextFile(file));
  ManifestSource source = ReadManifestSource(text, lang, /*keys_required=*/true);
  if (!source.problems.empty()) {
    // The listing in both languages (the error carries both; cli::Fail prints one).
    auto listing = [&](const std::string& in) {
      std::string listed = FormatManifestProblems(
          file, in == lang ? source : ReadManifestSource(text, in, /*keys_required=*/true), in);
      if (!listed.empty() && listed.back() == '\n') listed.pop_back();
      return Cat("\n", listed);
    };
    return Invalid("manifest.invalid", Text{listing("en"), listing("fr")});
  }
  return std::move(source.manifest);
}

}  // namespace urne::authority

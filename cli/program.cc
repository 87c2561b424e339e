#include "cli/program.h"

#include <openssl/crypto.h>

#include <algorithm>

#include "cli/messages.h"
#include "cli/reasons.h"
#include "status/status.h"

namespace urne::cli {
namespace {

namespace po = boost::program_options;

// "a, b or c" / "a, b, c".
std::string VerbList(const Program& p, std::string_view last_separator) {
  std::string out;
  for (size_t i = 0; i < p.verbs.size(); ++i) {
    if (i > 0) out += i + 1 == p.verbs.size() ? std::string(last_separator) : ", ";
    out += p.verbs[i].name;
  }
  return out;
}

// The --lang value on the command line ("--lang X" or "--lang=X"), or "".
std::string LangFlagOf(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a(argv[i]);
    if (a == "--lang" && i + 1 < argc) return argv[i + 1];
    if (a.rfind("--lang=", 0) == 0) return std::string(a.substr(7));
  }
  return "";
}

}  // namespace

// The French texts of the options every program shares (RunProgram, cli/transport.h).
const std::map<std::string, std::string>& CommonOptionsFr() {
  static const auto* texts = new std::map<std::string, std::string>{
      {"help", "afficher cette aide"},
      {"lang",
       "langue des messages, fr ou en (par défaut selon LC_ALL, LC_MESSAGES ou LANG : "
       "fr s'il commence par fr) ; les raisons de --json restent les mêmes"},
      {"tls-ca",
       "faire confiance aux certificats de tableau signés par cette autorité (PEM) "
       "plutôt qu'aux racines du système ; --board https://HÔTE:PORT"},
      {"insecure",
       "autoriser une connexion en clair vers une autre machine (avec "
       "avertissement ; jamais pour un vrai vote)"},
      {"tls-cert", "servir en TLS avec cette chaîne de certificats (PEM)"},
      {"tls-key", "la clé privée du certificat (PEM)"},
  };
  return *texts;
}

void PrintHelpFr(std::ostream& out, const po::options_description& options,
                 const std::string& caption, const std::map<std::string, std::string>& texts) {
  out << caption << " :\n";
  std::vector<std::pair<std::string, std::string>> rows;
  size_t width = 0;
  for (const auto& option : options.options()) {
    std::string name = option->format_name();
    std::string parameter = option->format_parameter();
    if (!parameter.empty()) name += " " + parameter;
    auto fr = texts.find(option->long_name());
    auto common = CommonOptionsFr().find(option->long_name());
    rows.emplace_back(name, fr != texts.end()                   ? fr->second
                            : common != CommonOptionsFr().end() ? common->second
                                                                : option->description());
    width = std::max(width, name.size());
  }
  width = std::min<size_t>(width, 38);
  for (const auto& [name, text] : rows) {
    out << "  " << name;
    if (name.size() > width) {
      out << "\n  " << std::string(width, ' ');
    } else {
      out << std::string(width - name.size(), ' ');
    }
    out << "  ";
    // Words wrapped at 100 columns (counted in bytes: a little short with accents).
    size_t column = width + 4;
    std::string_view rest(text);
    bool first = true;
    while (!rest.empty()) {
      size_t space = rest.find(' ');
      std::string_view word = rest.substr(0, space);
      if (!first && column + 1 + word.size() > 100) {
        out << "\n" << std::string(width + 4, ' ');
        column = width + 4;
      } else if (!first) {
        out << ' ';
        ++column;
      }
      out << word;
      column += word.size();
      first = false;
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    out << "\n";
  }
}

int ExitCodeOf(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  return ReasonOf(status).rfind("verify.", 0) == 0 ? kExitVerificationFailed : kExitUsage;
}

int ReportError(std::ostream& err, std::string_view program, const absl::Status& status,
                ErrorStyle style, std::string_view lang) {
  if (status.ok()) return kExitOk;
  err << program << ": ";
  if (style == ErrorStyle::kReasonAndMessage) {
    std::string reason = ReasonOf(status);
    err << (reason.empty() ? "error" : reason) << ": ";
  }
  err << MessageFor(status, lang) << "\n";
  return ExitCodeOf(status);
}

int RunProgram(const Program& p, int argc, char** argv, po::variables_map& vm, std::ostream& out,
               std::ostream& err) {
  // OpenSSL's own exit handler (OPENSSL_cleanup) deletes its thread-local keys while gRPC's
  // worker threads may still be running: a worker that ends after it can no longer free its
  // 904-byte error queue (ERR_STATE), which LeakSanitizer then reports (once in several hundred
  // runs, under scripts/test-sanitizers.sh). The first initialisation decides, so this comes
  // before gRPC or anything else touches OpenSSL; the process's memory goes back at exit.
  OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr);
  const bool has_verbs = !p.verbs.empty();
  const std::string positional_name = has_verbs ? "command" : p.operand_name;
  std::string verb;
  std::string* positional = has_verbs ? &verb : p.operand;
  std::string lang = "en";
  if (p.lang != nullptr) {
    auto chosen = MessageLanguage(LangFlagOf(argc, argv));
    if (!chosen.ok()) return ReportError(err, p.name, chosen.status());
    lang = *chosen;
  }
  const bool fr = lang == "fr";
  auto help = [&] {
    if (fr && !p.usage_fr.empty()) {
      PrintHelpFr(out, *p.options, p.usage_fr,
                  p.options_fr != nullptr ? *p.options_fr : std::map<std::string, std::string>{});
    } else {
      out << *p.options << "\n";
    }
    if (p.extra != nullptr) out << *p.extra << "\n";
  };
  const std::string try_help = Cat(fr ? "Essayez " : "Try ", p.name, " --help.");
  po::options_description all;
  all.add(*p.options);
  if (p.extra != nullptr) all.add(*p.extra);
  po::positional_options_description pos;
  if (!positional_name.empty() && positional != nullptr) {
    all.add_options()(positional_name.c_str(), po::value(positional));
    pos.add(positional_name.c_str(), 1);
  }
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    if (vm.count("help")) {
      help();
      return kExitOk;
    }
    if (argc == 1 && p.empty_is_usage) {
      help();
      return kExitUsage;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    err << p.name << ": " << e.what() << "\n" << try_help << "\n";
    return kExitUsage;
  }
  if (p.lang != nullptr) *p.lang = lang;
  if (!has_verbs) return p.run();

  if (verb.empty() && !p.missing_verb_is_unknown) {
    err << p.name << (fr ? ": donnez une commande (" : ": give a command (") << VerbList(p, ", ")
        << "). " << try_help << "\n";
    return kExitUsage;
  }
  for (const Verb& v : p.verbs) {
    if (v.name != verb) continue;
    for (const std::string& flag : v.required) {
      if (!vm.count(flag)) {
        err << p.name << " " << verb << ": --" << flag
            << (fr ? " est obligatoire. " : " is required. ") << try_help << "\n";
        return kExitUsage;
      }
    }
    return v.run();
  }
  if (fr) {
    err << p.name << ": commande inconnue « " << verb << " »"
        << (p.unknown_verb_hint_fr.empty() ? " ; utilisez " + VerbList(p, " ou ") + ". " + try_help
                                           : p.unknown_verb_hint_fr)
        << "\n";
    return kExitUsage;
  }
  err << p.name << ": unknown command \"" << verb << "\""
      << (p.unknown_verb_hint.empty() ? "; use " + VerbList(p, " or ") + ". " + try_help
                                      : p.unknown_verb_hint)
      << "\n";
  return kExitUsage;
}

}  // namespace urne::cli

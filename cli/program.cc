#include "cli/program.h"

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

}  // namespace

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
  err << MessageIn(status, lang) << "\n";
  return ExitCodeOf(status);
}

int RunProgram(const Program& p, int argc, char** argv, po::variables_map& vm, std::ostream& out,
               std::ostream& err) {
  const bool has_verbs = !p.verbs.empty();
  const std::string positional_name = has_verbs ? "command" : p.operand_name;
  std::string verb;
  std::string* positional = has_verbs ? &verb : p.operand;
  auto help = [&] {
    out << *p.options << "\n";
    if (p.extra != nullptr) out << *p.extra << "\n";
  };
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
    err << p.name << ": " << e.what() << "\nTry " << p.name << " --help.\n";
    return kExitUsage;
  }
  if (!has_verbs) return p.run();

  if (verb.empty() && !p.missing_verb_is_unknown) {
    err << p.name << ": give a command (" << VerbList(p, ", ") << "). Try " << p.name
        << " --help.\n";
    return kExitUsage;
  }
  for (const Verb& v : p.verbs) {
    if (v.name != verb) continue;
    for (const std::string& flag : v.required) {
      if (!vm.count(flag)) {
        err << p.name << " " << verb << ": --" << flag << " is required. Try " << p.name
            << " --help.\n";
        return kExitUsage;
      }
    }
    return v.run();
  }
  err << p.name << ": unknown command \"" << verb << "\""
      << (p.unknown_verb_hint.empty()
              ? "; use " + VerbList(p, " or ") + ". Try " + p.name + " --help."
              : p.unknown_verb_hint)
      << "\n";
  return kExitUsage;
}

}  // namespace urne::cli

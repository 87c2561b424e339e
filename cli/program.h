// The command-line frame of every urne program: a program is a table of verbs
// (`urne-<role> <verb> [flags]`, DESIGN.md §6), each declaring the flags it requires, and one
// exit-code rule. A main declares its flags (Boost.Program_options) and its verb table, then
// returns RunProgram(...). Not thread-safe (CLI use).
//
// Exit codes: 0 ok; 1 verification failed (an error whose reason starts with "verify.", the
// namespace of verification failures); 2 usage or input error (everything else). A program may
// add its own codes above 2 (urne-vote's 3), returned by its verbs.
#ifndef URNE_CLI_PROGRAM_H_
#define URNE_CLI_PROGRAM_H_

#include <boost/program_options.hpp>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace urne::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitVerificationFailed = 1;
inline constexpr int kExitUsage = 2;

// THE exit-code rule: kExitOk for OK, kExitVerificationFailed for a "verify.*" reason, else
// kExitUsage.
int ExitCodeOf(const absl::Status& status);

// How a program prints an error: "PROGRAM: message", or "PROGRAM: reason: message" (the
// reason "error" when the status has none).
enum class ErrorStyle { kMessage, kReasonAndMessage };

// Prints the error of a non-OK `status` to `err` in `style` (nothing for OK), its message in
// `lang` ("fr" or "en": status/status.h MessageIn); returns ExitCodeOf(status).
int ReportError(std::ostream& err, std::string_view program, const absl::Status& status,
                ErrorStyle style = ErrorStyle::kMessage, std::string_view lang = "en");

// One verb of a program's table.
struct Verb {
  std::string name;
  // Flags (without "--") the verb needs, checked in this order; the first missing one stops
  // the program with "PROGRAM VERB: --FLAG is required. Try PROGRAM --help." (exit 2).
  std::vector<std::string> required;
  // Runs the verb once the flags are parsed; returns the exit code.
  std::function<int()> run;
};

struct Program {
  Program(std::string name, const boost::program_options::options_description& options)
      : name(std::move(name)), options(&options) {}

  std::string name;  // "urne-admin"
  // Shown by --help (its caption is the usage text); `extra`, when set, is parsed too and
  // shown after it (e.g. testing faults).
  const boost::program_options::options_description* options;
  const boost::program_options::options_description* extra = nullptr;
  // The verbs. Empty: the program has none, its one positional argument (if
  // `operand_name` is set) goes to `*operand`, and `run` runs.
  std::vector<Verb> verbs;
  std::string operand_name;        // programs without verbs: e.g. "record"
  std::string* operand = nullptr;  // where the operand goes
  std::function<int()> run;        // programs without verbs
  // What follows `PROGRAM: unknown command "X"` (default: "; use A, B or C. Try PROGRAM
  // --help."); and whether a missing verb is reported that way too (else: "PROGRAM: give a
  // command (A, B, C). Try PROGRAM --help.").
  std::string unknown_verb_hint;
  bool missing_verb_is_unknown = false;
  // An empty command line prints the help and exits 2 (else it runs with the defaults).
  bool empty_is_usage = true;

  // The language of messages (issue #16 §6). When `lang` is set, the program declares a
  // "lang" option bound to it; RunProgram reads --lang (else LC_ALL, LC_MESSAGES, LANG:
  // cli/messages.h MessageLanguage) before anything is printed, writes "fr" or "en" into
  // *lang before a verb runs, and prints the help and its own usage errors in that language.
  // The French help is `usage_fr` (the caption) and, for each option, `options_fr`'s text
  // by long name (an option without one keeps its English text).
  std::string* lang = nullptr;
  std::string usage_fr;
  const std::map<std::string, std::string>* options_fr = nullptr;
  std::string unknown_verb_hint_fr;
};

// Prints `options` as --help does, in French: `caption` instead of the options' caption, and
// each option's French text from `texts` (by long name) where it has one.
void PrintHelpFr(std::ostream& out, const boost::program_options::options_description& options,
                 const std::string& caption, const std::map<std::string, std::string>& texts);

// Parses argv into `vm` and runs the verb (or `run`): --help prints the help and returns 0;
// an empty command line prints it and returns 2 (unless !empty_is_usage); a flag error prints
// "PROGRAM: what was wrong\nTry PROGRAM --help." and returns 2; so do a missing or unknown verb and
// a missing required flag (see Verb). `out` gets the help, `err` the errors.
int RunProgram(const Program& program, int argc, char** argv,
               boost::program_options::variables_map& vm, std::ostream& out, std::ostream& err);

}  // namespace urne::cli

#endif  // URNE_CLI_PROGRAM_H_

// Command-line parsing shared by the urne programs: the visible options (shown by --help),
// optional hidden-but-documented extras (e.g. testing faults), and one positional argument
// (a verb, or a file). Not thread-safe (CLI use).
#ifndef URNE_CLI_ARGS_H_
#define URNE_CLI_ARGS_H_

#include <boost/program_options.hpp>
#include <optional>
#include <string>

namespace urne::cli {

// Parses argv. Returns an exit code when the program must stop now: 0 after printing the
// help for --help, 2 (usage) after printing it for an empty command line or an error
// ("PROGRAM: what was wrong\nTry PROGRAM --help."); std::nullopt to go on, with `vm`
// filled and notified and `*positional` set when given. `extra`, when not null, is parsed
// and printed after `visible` in the help.
std::optional<int> ParseArgs(const std::string& program, int argc, char** argv,
                             const boost::program_options::options_description& visible,
                             const boost::program_options::options_description* extra,
                             const std::string& positional_name, std::string* positional,
                             boost::program_options::variables_map& vm);

}  // namespace urne::cli

#endif  // URNE_CLI_ARGS_H_

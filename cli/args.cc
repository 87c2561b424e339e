#include "cli/args.h"

#include <iostream>

#include "cli/cli.h"

namespace urne::cli {

namespace po = boost::program_options;

std::optional<int> ParseArgs(const std::string& program, int argc, char** argv,
                             const po::options_description& visible,
                             const po::options_description* extra,
                             const std::string& positional_name, std::string* positional,
                             po::variables_map& vm) {
  auto help = [&] {
    std::cout << visible << "\n";
    if (extra != nullptr) std::cout << *extra << "\n";
  };
  po::options_description all;
  all.add(visible);
  if (extra != nullptr) all.add(*extra);
  all.add_options()(positional_name.c_str(), po::value(positional));
  po::positional_options_description pos;
  pos.add(positional_name.c_str(), 1);
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    if (vm.count("help")) {
      help();
      return kExitOk;
    }
    if (argc == 1) {
      help();
      return kExitUsage;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << program << ": " << e.what() << "\nTry " << program << " --help.\n";
    return kExitUsage;
  }
  return std::nullopt;
}

}  // namespace urne::cli

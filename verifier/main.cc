// urne-verify: the independent verifier. Thin main: flags, then verifier/run.h.
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/program.h"
#include "cli/transport.h"
#include "verifier/run.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  po::options_description opts(
      "urne-verify RECORD_FILE\n"
      "urne-verify --board https://HOST:PORT --election ID [--save RECORD_FILE]\n\n"
      "Checks a whole election from public data alone (specs/verification.md): signed tree\n"
      "heads, every entry's signature, the key ceremony, the roll, every ballot and audit,\n"
      "the close, the encrypted tally, every partial decryption, the counts and decisions.\n"
      "Prints one line per step. Exit code 0 valid, 1 invalid, 2 unusable input.\n"
      "The board's address is https://HOST:PORT (TLS; --tls-ca FILE for a private CA), or\n"
      "HOST:PORT in plain text to this machine only (elsewhere with --insecure). Options");
  urne::VerifyCommand command;
  opts.add_options()("help,h", "show this help")("board", po::value(&command.board),
                                                 "fetch the record from this board")(
      "election", po::value(&command.election), "election id (64 hex digits) on --board")(
      "save", po::value(&command.save), "write the fetched record to this file (specs/record.md)")(
      "json", po::bool_switch(&command.json), "print the report as JSON")(
      "html", po::value(&command.html), "also write a self-contained HTML report to this file")(
      "receipts", po::value(&command.receipts),
      "a folder of voters' receipt files (*.json): their tree heads are checked as earlier "
      "heads of the record (step 1.5)")(
      "allow-incomplete", po::bool_switch(&command.allow_incomplete),
      "accept an election that is not finished yet (checks everything posted so far)")(
      "threads", po::value(&command.threads)->default_value(0), "threads (0 = all cores)")(
      "lang", po::value(&command.lang),
      "the report's language, fr or en (default from LC_ALL, LC_MESSAGES or LANG: fr when it "
      "starts with fr); --json is the same in both");
  urne::cli::AddClientTransportOptions(opts, &command.tls);
  po::variables_map vm;
  urne::cli::Program program("urne-verify", opts);
  program.operand_name = "record";
  program.operand = &command.record_file;
  program.run = [&] {
    bool from_board = !command.board.empty() || !command.election.empty();
    if (from_board == !command.record_file.empty() ||
        (from_board && (command.board.empty() || command.election.empty()))) {
      std::cerr << "urne-verify: give either RECORD_FILE, or --board URL and --election ID\n"
                   "Try urne-verify --help.\n";
      return urne::cli::kExitUsage;
    }
    return urne::RunVerify(command, std::cout, std::cerr);
  };
  return urne::cli::RunProgram(program, argc, argv, vm, std::cout, std::cerr);
}

// The urne-vote commands as library functions (main.cc only parses flags): each writes what
// the voter reads to `out`, errors to `err`, and returns the exit code (0 ok, 1 verification
// failed, 2 usage or input error; DESIGN.md §6). specs/ballot.md describes what they do.
// Not thread-safe (CLI use).
#ifndef URNE_VOTER_CLIENT_COMMANDS_H_
#define URNE_VOTER_CLIENT_COMMANDS_H_

#include <iosfwd>
#include <string>
#include <vector>

#include "board-client/endpoint.h"

namespace urne::voter {

struct ShowOptions {
  std::string board;  // https://HOST:PORT, or HOST:PORT (board-client/endpoint.h)
  ClientTls tls;
  std::string election;
  std::string lang = "fr";
  bool json = false;
};
int ShowCommand(const ShowOptions& options, std::ostream& out, std::ostream& err);

struct CastOptions {
  std::string board;
  ClientTls tls;
  std::string election;
  std::string credential;
  std::string answers_file;
  std::vector<std::string> answers;  // QUESTION=OPTION[,OPTION…]
  bool audit = false;
  // Ask "cast or audit again?" after an audit (a terminal on stdin).
  bool interactive = false;
  std::string receipt;  // path; default "urne-receipt-<tracking code>.json"
  std::string lang = "fr";
  bool json = false;
};
int CastCommand(const CastOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

struct CheckOptions {
  std::string receipt;
  std::string board;  // default: the board named in the receipt
  ClientTls tls;
  bool json = false;
};
int CheckCommand(const CheckOptions& options, std::ostream& out, std::ostream& err);

}  // namespace urne::voter

#endif  // URNE_VOTER_CLIENT_COMMANDS_H_

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

namespace urne::voter_client {

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
  std::string receipt;       // path; default "urne-receipt-<tracking code>.json"
  std::string receipts_dir;  // where a copy is kept (receipt_store.h); "" = nowhere
  std::string lang = "fr";
  bool json = false;
};
int CastCommand(const CastOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

// Exit code of `check` when a ballot this device did not cast superseded one it did
// (specs/credentials.md §7.2), or when the code's credential was replaced (§8).
inline constexpr int kExitSupersededByOther = 3;

// `check` has two forms. With receipts: each receipt's entry is still on the board, and
// whether it counts (specs/ballot.md §9). Without: the abstainer check from the code alone
// (specs/credentials.md §7.1), needing `board` and `election`; the code comes from `code`
// or, if empty, from `in` (one line; without echo when `prompt`, i.e. `in` is a terminal).
// Both compare what is on the board with this device's receipts (`receipts_dir` and the
// receipt files given) and warn when a ballot not cast from this device superseded one that
// was: exit kExitSupersededByOther.
struct CheckOptions {
  std::vector<std::string> receipts;  // receipt files
  std::string board;                  // default with receipts: the board named in the receipt
  ClientTls tls;
  std::string election;
  std::string code;
  std::string tracking_code;  // check a ballot by the tracking code shown when casting
  bool prompt = false;
  std::string receipts_dir;  // this device's kept receipts (receipt_store.h); "" = none
  std::string lang = "fr";
  bool json = false;
};
int CheckCommand(const CheckOptions& options, std::istream& in, std::ostream& out,
                 std::ostream& err);

}  // namespace urne::voter_client

#endif  // URNE_VOTER_CLIENT_COMMANDS_H_

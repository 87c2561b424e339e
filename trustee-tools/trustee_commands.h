// The urne-trustee program's commands (init, ceremony, decrypt, status) as a library that
// trustee-tools/main.cc wires to flags and the tests link. Each command talks to a board
// through BoardClient (which verifies and replays everything it fetches), reads and writes
// the trustee's key file (trustee-tools/trustee_key_file.h) and uses the protocol steps of
// election/trustee_steps.h. Implements the trustee's side of specs/ceremony.md. Output for
// people goes to `out`; errors are returned. Not thread-safe (one command per process).
#ifndef URNE_TRUSTEE_TOOLS_TRUSTEE_COMMANDS_H_
#define URNE_TRUSTEE_TOOLS_TRUSTEE_COMMANDS_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "board-client/endpoint.h"

namespace urne::trustee_tools {

// Deliberate protocol violations, for tests of the rules only (hidden in --help under
// "testing faults"). A real trustee never sets them.
struct Faults {
  uint32_t bad_share_to = 0;      // seal a wrong share to this trustee (complaint follows)
  bool no_reveal = false;         // never answer complaints against this trustee
  bool wrong_decryption = false;  // post a partial decryption whose share is wrong
};

struct InitOptions {
  std::string name;
  std::string out;
  std::string passphrase_file;  // empty: prompt on the terminal (twice)
  std::string lang = "en";      // what is printed: "fr" or "en"
};

struct BoardOptions {
  std::optional<BoardEndpoint> board;  // from --board, --tls-ca, --insecure
  std::string election;                // 64 hex digits
  std::string key;                     // key file path
  std::string passphrase_file;
  int wait_seconds = 0;    // ceremony: keep polling up to this long until this part is done
  std::string close_root;  // decrypt: the CLOSE root (hex) announced out of band, or empty
  // decrypt: the tally checkpoint `follow` wrote (empty: replay the whole log)
  std::string tally_checkpoint;
  std::string follow_dir;    // follow: the follower's folder
  int interval_seconds = 5;  // follow: between updates
  Faults faults;
  std::string lang = "en";  // what is printed: "fr" or "en"
};

// Creates the key file and prints the public keys and the roster entry for the manifest.
absl::Status Init(const InitOptions& options, std::ostream& out);
// Does the next step of this trustee's ceremony (all of them with wait_seconds > 0).
// "nothing to do" once the aggregate share is stored. Reason "trustee.wait_timeout" when
// waiting for the others took longer than wait_seconds.
absl::Status Ceremony(const BoardOptions& options, std::ostream& out);
// Posts this trustee's partial decryption of the tally it recomputed; idempotent. Prints the
// CLOSE's size and root for trustees to compare out of band. Decrypts at most one closed log
// per election: the CLOSE's (size, root) is stored in the key file before posting, and any
// other is refused (reason "verify.second_close", both views in the message), as is a CLOSE
// whose root is not `close_root` when given ("verify.close_root").
// With tally_checkpoint, the tally is the one in that checkpoint (written by Follow, read with
// cli::ReadTallyCheckpoint: "checkpoint.wrong_election", "checkpoint.malformed",
// "checkpoint.corrupt") and only the setup and the entries from the CLOSE on are fetched
// (SyncAfterClose: "checkpoint.not_on_board"); every other rule is the same.
absl::Status Decrypt(const BoardOptions& options, std::ostream& out);
// Follows the election during the vote, needing no key file (public data only), and writes
// the tally checkpoint into follow_dir once the log holds CLOSE (cli/follow_command.h);
// wait_seconds > 0 bounds the wait ("follow.timeout").
absl::Status Follow(const BoardOptions& options, std::ostream& out);
// The election's phase, this trustee's index, what it posted and what is next.
absl::Status Status(const BoardOptions& options, std::ostream& out);

// Prints "urne-trustee: REASON: message" to stderr, the message in `lang` ("fr" or "en";
// cli/reasons.h MessageFor), and returns the exit code (cli::Fail's convention: 0 ok,
// 1 verification failure, 2 usage or input error).
int Report(const std::string& lang, const absl::Status& status);

}  // namespace urne::trustee_tools

#endif  // URNE_TRUSTEE_TOOLS_TRUSTEE_COMMANDS_H_

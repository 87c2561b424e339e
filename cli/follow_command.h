// The `follow` command shared by urne-trustee and urne-admin (issue #18 point 4,
// specs/entries.md §3.1): follows an election's log during the vote with a verifying Follower
// (board-client/follow.h) and, once the log holds CLOSE, writes the tally checkpoint
// DIR/<election hex>.tally (specs/entries.md §3.2) durably and exclusively
// (cli/private_file.h); after every update that moved it, the followed head DIR/<election
// hex>.head (specs/entries.md §3.4, replaced atomically), from which `urne-admin close
// --follow-dir` signs, and beside it the status document DIR/<election hex>.status.json
// (cli/status_document.h, specs/entries.md §3.5) for `urne-admin status --follow-dir`; and
// the reading of such a checkpoint for `decrypt` and `tally`. It
// needs no key: it verifies public data only. Progress for people goes to `out`. Not
// thread-safe (one command per process).
#ifndef URNE_CLI_FOLLOW_COMMAND_H_
#define URNE_CLI_FOLLOW_COMMAND_H_

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "board-client/client.h"
#include "election/tally_checkpoint.h"

namespace urne::cli {

struct FollowOptions {
  std::string dir;           // the follower's folder (created if missing)
  int interval_seconds = 5;  // between updates
  int max_seconds = 0;       // give up after this long (0: follow until CLOSE)
  unsigned threads = 0;      // ballot verification threads (0: all cores)
  std::string lang = "en";   // what is printed: "fr" or "en"
};

// Follows until the log holds CLOSE, writes the checkpoint and returns its path. A
// checkpoint already there with the same bytes is fine (a second run); another one is
// ALREADY_EXISTS "file.exists" (it is never replaced). An unreachable board is tried again at
// the next interval; any other Follower error stops (follow.not_consistent,
// sync.root_mismatch, …). Reasons also "usage.interval" (interval < 1), "follow.timeout"
// (DEADLINE_EXCEEDED after max_seconds).
absl::StatusOr<std::string> FollowUntilClosed(BoardClient& board, const ElectionId& election,
                                              const FollowOptions& options, std::ostream& out);

// Reads the checkpoint at `path` (ParseTallyCheckpoint's rules) and checks it is of
// `election` ("checkpoint.wrong_election"). Reasons also "file.unreadable".
absl::StatusOr<TallyCheckpoint> ReadTallyCheckpoint(const std::string& path,
                                                    const ElectionId& election);

}  // namespace urne::cli

#endif  // URNE_CLI_FOLLOW_COMMAND_H_

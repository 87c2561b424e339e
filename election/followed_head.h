// FollowedHead: what a follower (board-client/follow.h) has verified so far, written by the
// `follow` command after each update so that another process of the same party can act on
// that verified log without replaying it: `urne-admin close --follow-dir` signs the CLOSE
// over exactly the log its follower verified (specs/entries.md §3.3). The log's size and root,
// the phase there, the manifest's authority and board keys, and the CLOSE that log holds, if
// any. The file format is specs/entries.md §3.4, byte for byte; EncodeFollowedHead and
// ParseFollowedHead are its only writer and reader (strict: one canonical encoding). Like the
// tally checkpoint, nothing here authenticates the file: it is trusted as the party's own
// computation. Thread-safe (pure).
#ifndef URNE_ELECTION_FOLLOWED_HEAD_H_
#define URNE_ELECTION_FOLLOWED_HEAD_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "election/entry.h"
#include "election/state.h"

namespace urne {

struct FollowedHead {
  ElectionId election{};
  uint64_t tree_size = 0;        // entries verified, >= 1
  std::string root_hash;         // the root of those entries (32 bytes)
  v1::Phase phase = v1::SETUP;   // the state's phase after them
  std::string authority_key;     // the manifest's (32 bytes)
  std::string board_key;         // the manifest's (32 bytes)
  uint64_t close_tree_size = 0;  // the size the log's CLOSE countersigns; 0: no CLOSE
  std::string close_root_hash;   // the root it countersigns (32 zero bytes without CLOSE)
};

// The head of a state (at least the MANIFEST applied): its size, root and phase.
FollowedHead FollowedHeadOf(const ElectionState& state);

// The file's bytes (specs/entries.md §3.4).
std::string EncodeFollowedHead(const FollowedHead& head);
// The strict inverse: other bytes give INVALID_ARGUMENT "followed_head.malformed" naming the
// line; a file whose last line's digest does not match the bytes before it gives DATA_LOSS
// "followed_head.corrupt".
absl::StatusOr<FollowedHead> ParseFollowedHead(std::string_view text);

// "<election id hex>.head": the file's name in a follower's folder.
std::string FollowedHeadName(const ElectionId& election);

}  // namespace urne

#endif  // URNE_ELECTION_FOLLOWED_HEAD_H_

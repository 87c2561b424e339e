// Follower: verifies an election's log incrementally while the vote runs, so that the tally
// is ready, verified by this party itself, the moment the log holds CLOSE (issue #18 point 4,
// specs/entries.md §3.1 "What each party keeps"). It keeps an ElectionState and the last tree
// head it verified; each Update() fetches the board's current signed head, checks its
// signature and that it is by the board key the manifest names, checks a consistency proof
// from the last verified head to it (a board that rewrites history is caught:
// "follow.not_consistent" with both sizes and roots), streams only the new entries, applies
// them as ReplayInto does (ballots prechecked in batches on several threads) and checks that
// the log so applied has the head's root. The new entries come a window of 4,096 at a time
// (in BoardClient's calls of kEntriesPerCall entries), verified between calls, never while
// one is open: a call's deadline covers only the download of its page, however far behind
// the follower is (one stream for the whole catch-up, verified as it was read, ran past the
// client's 120-s deadline about 160,000 R5 ballots behind on one thread). Memory stays bounded:
// entries are not held; the state reads back the few it needs (a superseded ballot's ciphertexts)
// from an append-only file in the follower's folder, DIR/<election hex>.entries (each entry as a
// record frame, specs/record.md: u32 length ‖ leaf data), checked against the leaf hash the state
// holds. A failed Update leaves the follower unusable (every later Update returns the same error):
// its state may then hold entries the board's head does not cover. Not thread-safe.
//
// SyncAfterClose is the other half: from a TallyCheckpoint this party wrote, it fetches only
// the setup (SyncSetup) and the entries after CLOSE, ties the checkpoint's CLOSE to the
// board's signed head, and resumes the state there (ElectionState::ResumeAtClose).
#ifndef URNE_BOARD_CLIENT_FOLLOW_H_
#define URNE_BOARD_CLIENT_FOLLOW_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "board-client/client.h"
#include "election/state.h"
#include "election/tally_checkpoint.h"

namespace urne {

// The board's signed `head` is of `election` and signed by `board_key` (the manifest's).
// Errors tree_head.* (signature, key, election).
absl::Status CheckTreeHeadOf(const v1::SignedTreeHead& head, const ElectionId& election,
                             const std::string& board_key);

// The board's signed `head` extends the log of `size` entries and root `root` that this party
// verified: the same size and root, or a larger size and a consistency proof from the board
// (specs/entries.md §3.1 step 2). Errors DATA_LOSS "follow.not_consistent" (both views in the
// message: evidence that the board rewrote its log), and the board's.
absl::Status CheckExtends(BoardClient& board, const ElectionId& election, uint64_t size,
                          const std::string& root, const v1::SignedTreeHead& head);

class Follower {
 public:
  // Follows `election` on `board` (which must outlive the follower), keeping its entry file
  // in `dir` (created if missing; an entry file there from an earlier run is replaced: a new
  // follower verifies from the start). `threads` as for ReplayInto (0 = all cores).
  // Error "file.unwritable".
  static absl::StatusOr<std::unique_ptr<Follower>> Start(BoardClient& board,
                                                         const ElectionId& election,
                                                         const std::string& dir,
                                                         unsigned threads = 0);
  ~Follower();
  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;

  // Catches up with the board's current signed head; returns the number of entries applied.
  // Errors: tree_head.* (signature, key, election), "follow.not_consistent" (the head does
  // not extend the last verified one: both views in the message), "sync.root_mismatch" (the
  // entries sent do not have the head's root), "sync.gap"/"sync.short", replay errors
  // "entry N (KIND): …", "follow.local_corrupt" (the entry file no longer holds what was
  // written), "file.unwritable", and the board's.
  absl::StatusOr<uint64_t> Update();

  // The state after the last successful Update (nullptr before the first). After an Update
  // that failed with a retryable error (a dropped stream) it may also hold entries past head()
  // that no signed head covers yet: decide nothing from it until an Update succeeds, whose
  // root check covers them.
  const ElectionState* state() const { return state_.get(); }
  // The last verified head (tree_size 0 before the first Update).
  const v1::SignedTreeHead& head() const { return head_; }
  const std::string& entry_file() const { return path_; }

 private:
  Follower(BoardClient& board, const ElectionId& election, std::string path, int fd,
           unsigned threads)
      : board_(board), election_(election), path_(std::move(path)), fd_(fd), threads_(threads) {}
  absl::Status CheckHead(const v1::SignedTreeHead& head);
  // Entries [next, end) of the log (end > next): entry 0 starts the state, the others are
  // appended to `window`. Errors as Update's, and the board's.
  absl::Status Fetch(uint64_t& next, uint64_t end, const v1::SignedTreeHead& head,
                     std::vector<v1::Entry>& window);
  absl::Status ApplyWindow(std::vector<v1::Entry>& window);
  absl::StatusOr<v1::Entry> ReadBack(uint64_t index) const;

  BoardClient& board_;
  ElectionId election_;
  std::string path_;
  int fd_;
  unsigned threads_;
  std::string board_key_;  // from the manifest, once entry 0 is applied
  std::unique_ptr<ElectionState> state_;
  v1::SignedTreeHead head_;
  std::vector<uint64_t> offsets_;  // offsets_[i]: where entry i's frame starts in the file
  uint64_t file_end_ = 0;
  absl::Status broken_;
};

// The state after CLOSE from `checkpoint` without replaying the ballots: SyncSetup (the log up
// to OPEN, so the keys are derived, not trusted, and the current head, checked as in Sync),
// then a consistency proof from the checkpoint's log (close_tree_size, close_root_hash) to that
// head, the entries from the CLOSE on, each checked by an inclusion proof in the head, and
// ElectionState::ResumeAtClose + ReplayInto (the CLOSE must countersign the checkpoint's log;
// partial decryptions are checked against the checkpoint's tally). `entries` of the result
// holds only the entries from close_tree_size on; received_ms is empty. Errors:
// "checkpoint.wrong_election", "checkpoint.not_on_board" (the head's log does not extend the
// checkpoint's with its CLOSE), "sync.root_mismatch", replay errors, and SyncSetup's.
absl::StatusOr<SyncedElection> SyncAfterClose(BoardClient& board,
                                              const TallyCheckpoint& checkpoint);

}  // namespace urne

#endif  // URNE_BOARD_CLIENT_FOLLOW_H_

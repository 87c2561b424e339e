#include "cli/follow_command.h"

#include <chrono>
#include <thread>

#include "board-client/follow.h"
#include "cli/cli.h"
#include "cli/json.h"
#include "cli/private_file.h"
#include "cli/status_document.h"
#include "election/followed_head.h"
#include "status/status.h"

namespace urne::cli {
namespace {

// A tally checkpoint holds one ciphertext per option in hex: at most 32 questions of 64
// options in eg4096 (2,048 hex digits each) is about 4 MiB.
constexpr uintmax_t kMaxCheckpointBytes = uintmax_t{64} << 20;

}  // namespace

absl::StatusOr<std::string> FollowUntilClosed(BoardClient& board, const ElectionId& election,
                                              const FollowOptions& o, std::ostream& out) {
  if (o.interval_seconds < 1) {
    return Invalid("usage.interval", "--interval is a whole number of seconds, at least 1");
  }
  const bool fr = o.lang == "fr";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.max_seconds);
  URNE_ASSIGN_OR_RETURN(std::unique_ptr<Follower> follower,
                        Follower::Start(board, election, o.dir, o.threads));
  uint64_t shown = 0;
  for (;;) {
    absl::StatusOr<uint64_t> applied = follower->Update();
    if (!applied.ok() && !(IsRetryable(applied.status()) && follower->state() != nullptr)) {
      return applied.status();
    }
    // After a failed update the state may hold entries no signed head covers yet: nothing is
    // written or decided from it until an update succeeds.
    const ElectionState* state = applied.ok() ? follower->state() : nullptr;
    if (!applied.ok()) {
      out << (fr ? "tableau injoignable, nouvel essai : " : "board unreachable, trying again: ")
          << applied.status().message() << "\n";
    }
    if (state != nullptr && state->size() != shown) {
      shown = state->size();
      // What is verified now, for `urne-admin close --follow-dir` (specs/entries.md §3.3).
      URNE_RETURN_IF_ERROR(ReplacePrivateFile(Cat(o.dir, "/", FollowedHeadName(election)),
                                              EncodeFollowedHead(FollowedHeadOf(*state))));
      // And the counts, for `urne-admin status --follow-dir` (specs/entries.md §3.5).
      URNE_RETURN_IF_ERROR(
          ReplacePrivateFile(Cat(o.dir, "/", StatusDocumentName(election)),
                             ToJson(StatusDocument(*state), JsonLayout::kIndented)));
      out << (fr ? "vérifié jusqu'à l'entrée " : "verified up to entry ") << shown - 1 << " ("
          << PhaseName(state->phase()) << ", " << state->ballots()
          << (fr ? " bulletins)\n" : " ballots)\n");
    }
    if (state != nullptr && state->close() != nullptr) break;
    if (o.max_seconds > 0 && std::chrono::steady_clock::now() >= deadline) {
      return Error(absl::StatusCode::kDeadlineExceeded, "follow.timeout",
                   Cat("the vote is still open after ", o.max_seconds,
                       " s; run the same command again (it verifies from the start)"));
    }
    std::this_thread::sleep_for(std::chrono::seconds(o.interval_seconds));
  }
  URNE_ASSIGN_OR_RETURN(TallyCheckpoint checkpoint, CheckpointOf(*follower->state()));
  const std::string bytes = EncodeTallyCheckpoint(checkpoint);
  const std::string path = Cat(o.dir, "/", TallyCheckpointName(election));
  absl::Status written = CreatePrivateFile(path, bytes);
  if (ReasonOf(written) == "file.exists") {
    absl::StatusOr<std::string> there = ReadTextFile(path, kMaxCheckpointBytes);
    if (!there.ok() || *there != bytes) {
      return Error(absl::StatusCode::kAlreadyExists, "file.exists",
                   Cat(path, " already holds another tally checkpoint; it is never replaced"));
    }
  } else {
    URNE_RETURN_IF_ERROR(written);
  }
  out << (fr ? "clôture : registre de taille " : "closed: log of size ")
      << checkpoint.close_tree_size << (fr ? ", racine " : ", root ")
      << ToHex(AsBytes(checkpoint.close_root_hash)) << "; " << checkpoint.ballots_counted
      << (fr ? " bulletins comptés\npoint de reprise du dépouillement : "
             : " ballots counted\ntally checkpoint: ")
      << path << "\n";
  return path;
}

absl::StatusOr<TallyCheckpoint> ReadTallyCheckpoint(const std::string& path,
                                                    const ElectionId& election) {
  URNE_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path, kMaxCheckpointBytes));
  absl::StatusOr<TallyCheckpoint> checkpoint = ParseTallyCheckpoint(text);
  if (!checkpoint.ok()) return WithContext(checkpoint.status(), Cat(path, ": "));
  if (checkpoint->election != election) {
    return Invalid("checkpoint.wrong_election",
                   Cat(path, " is the tally checkpoint of election ", ToHex(checkpoint->election),
                       ", not of ", ToHex(election), " (--election)"));
  }
  return checkpoint;
}

}  // namespace urne::cli

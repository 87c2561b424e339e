// HeadEvidence: the latest signed tree head of every election, kept outside the database
// (specs/board.md §5.5 "Crash evidence").
//
// SQLite may lose committed transactions without an error (a damaged WAL frame drops it and
// every later frame), and a store file can be truncated, deleted or swapped. The board
// therefore records, next to the store, the last head it signed for each election, in
// DIR/heads/<election id hex>.head (a deterministically serialized urne.v1.SignedTreeHead),
// written to a temporary file, fsynced, renamed over the old one, and the directory fsynced.
// A head is recorded after its entries are committed and before any receipt naming it is
// sent, so at start the store must hold at least that many entries, with that root.
//
// Thread-safe for Record() calls on different elections; Record() on one election must not
// run concurrently with itself (the board's single writer thread records).
#ifndef URNE_BULLETIN_BOARD_EVIDENCE_H_
#define URNE_BULLETIN_BOARD_EVIDENCE_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "urne/v1/board.pb.h"

namespace urne::bulletin_board {

class HeadEvidence {
 public:
  // DIR/heads, created if missing. UNAVAILABLE "board.io" if it cannot be.
  static absl::StatusOr<HeadEvidence> Open(const std::string& dir);

  // Every recorded head, by raw election id. DATA_LOSS "evidence.corrupt" naming a file that
  // does not parse or whose name is not its head's election.
  absl::StatusOr<std::map<std::string, v1::SignedTreeHead>> ReadAll() const;

  // Durably replaces the election's recorded head. UNAVAILABLE "board.io" on failure.
  absl::Status Record(const v1::SignedTreeHead& head) const;

  const std::string& path() const { return path_; }

 private:
  explicit HeadEvidence(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace urne::bulletin_board

#endif  // URNE_BULLETIN_BOARD_EVIDENCE_H_

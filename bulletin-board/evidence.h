// HeadEvidence: the latest signed tree head of every election, kept outside the database
// (specs/board.md §5.5 "Crash evidence").
//
// SQLite may lose committed transactions without an error (a damaged WAL frame drops it and
// every later frame), and a store file can be truncated, deleted or swapped. The board
// therefore records, next to the store, the last head it signed for each election, in
// DIR/heads/<election id hex>.head. A head is recorded after its entries are committed and
// before any receipt naming it is sent, so at start the store must hold at least that many
// entries, with that root.
//
// The file has two checksummed slots of 512 bytes (specs/board.md §5.5). An election's first
// head in a process is written with its file whole (a temporary file, fsynced, renamed over
// the old one, the directory fsynced); each later head overwrites the slot that does not
// hold the latest head and is fdatasynced: one small write and one flush per group commit,
// instead of a new file, a rename and two flushes. A write torn by a crash leaves the other
// slot's head, which no receipt went beyond. Files of one serialized head (before the slots)
// are still read.
//
// Record() on one election must not run concurrently with itself (the board's single writer
// thread records); ReadAll() runs before any Record().
#ifndef URNE_BULLETIN_BOARD_EVIDENCE_H_
#define URNE_BULLETIN_BOARD_EVIDENCE_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "urne/v1/board.pb.h"

namespace urne::bulletin_board {

class HeadEvidence {
 public:
  // DIR/heads, created if missing. UNAVAILABLE "board.io" if it cannot be.
  static absl::StatusOr<HeadEvidence> Open(const std::string& dir);

  // Every recorded head, by raw election id: of each file's two slots, the valid one with
  // the larger tree size. DATA_LOSS "evidence.corrupt" naming a file with no valid slot (or,
  // in the older format, that does not parse), or a head not of the election the file is
  // named after.
  absl::StatusOr<std::map<std::string, v1::SignedTreeHead>> ReadAll() const;

  // Durably records `head` as the election's latest. UNAVAILABLE "board.io" on failure.
  absl::Status Record(const v1::SignedTreeHead& head);

  const std::string& path() const { return path_; }

 private:
  explicit HeadEvidence(std::string path)
      : path_(std::move(path)), slots_(std::make_unique<Slots>()) {}
  absl::Status WriteWhole(const std::string& file, const std::string& slot);

  // The slot each election's next head goes to, once its file was written whole by this
  // process (an election absent here is written whole).
  struct Slots {
    absl::Mutex mu;
    std::map<std::string, size_t> next ABSL_GUARDED_BY(mu);
  };
  std::string path_;
  std::unique_ptr<Slots> slots_;
};

}  // namespace urne::bulletin_board

#endif  // URNE_BULLETIN_BOARD_EVIDENCE_H_

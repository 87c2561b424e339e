#include "board-client/follow.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "crypto/merkle.h"
#include "election/replay.h"
#include "election/tree_head.h"
#include "status/status.h"

namespace urne {
namespace {

// Entries applied at once: enough for ReplayInto's batches on every core, a few tens of MB
// (four of BoardClient's calls).
constexpr size_t kWindow = 4096;

std::string Str(const Digest32& d) { return {d.begin(), d.end()}; }

std::string View(uint64_t size, const std::string& root) {
  return Cat("size ", size, ", root ", ToHex(AsBytes(root)));
}

absl::Status NotConsistent(uint64_t old_size, const std::string& old_root,
                           const v1::SignedTreeHead& head, std::string_view why) {
  return Error(absl::StatusCode::kDataLoss, "follow.not_consistent",
               Cat("the board's signed log no longer extends the one already verified (", why,
                   "): verified ", View(old_size, old_root), "; the board now shows ",
                   View(head.tree_size(), head.root_hash()),
                   ". Two signed heads of different histories are proof that the board rewrote "
                   "its log: keep this message as evidence, stop, and alert the authority"));
}

absl::Status CheckHeadFor(const v1::SignedTreeHead& head, const ElectionId& election) {
  URNE_RETURN_IF_ERROR(VerifyTreeHeadSignature(head));
  if (head.election_id() != Str(election)) {
    return Invalid("tree_head.wrong_election", "the board answered for another election");
  }
  return absl::OkStatus();
}

uint32_t U32At(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

absl::Status Unwritable(const std::string& path) {
  return Invalid("file.unwritable", Cat("cannot write ", path, " (disk full or no permission)"));
}

}  // namespace

absl::Status CheckTreeHeadOf(const v1::SignedTreeHead& head, const ElectionId& election,
                             const std::string& board_key) {
  URNE_RETURN_IF_ERROR(CheckHeadFor(head, election));
  return VerifyTreeHead(head, board_key);
}

absl::Status CheckExtends(BoardClient& board, const ElectionId& election, uint64_t size,
                          const std::string& root, const v1::SignedTreeHead& head) {
  if (head.tree_size() < size) return NotConsistent(size, root, head, "the log got shorter");
  if (head.tree_size() == size) {
    if (head.root_hash() != root) return NotConsistent(size, root, head, "same size, another root");
    return absl::OkStatus();
  }
  URNE_ASSIGN_OR_RETURN(auto response, board.ConsistencyProof(election, size, head.tree_size()));
  auto proof = DecodeMerklePath(response.proof(), "merkle.consistency.invalid");
  auto old_root = DecodeDigest(AsBytes(root), "tree_head.malformed");
  auto new_root = DecodeDigest(AsBytes(head.root_hash()), "tree_head.malformed");
  if (!proof.ok() || !old_root.ok() || !new_root.ok() ||
      !VerifyConsistency(size, head.tree_size(), *old_root, *new_root, *proof).ok()) {
    return NotConsistent(size, root, head, "its consistency proof fails");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Follower>> Follower::Start(BoardClient& board,
                                                          const ElectionId& election,
                                                          const std::string& dir,
                                                          unsigned threads) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return Unwritable(dir);
  std::string path = Cat(dir, "/", ToHex(election), ".entries");
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Unwritable(path);
  return std::unique_ptr<Follower>(new Follower(board, election, std::move(path), fd, threads));
}

Follower::~Follower() { ::close(fd_); }

absl::StatusOr<v1::Entry> Follower::ReadBack(uint64_t index) const {
  auto corrupt = [&] {
    return Error(absl::StatusCode::kDataLoss, "follow.local_corrupt",
                 Cat(path_, " no longer holds entry ", index,
                     " as it was verified; the follower must start again"));
  };
  if (index >= offsets_.size()) return corrupt();
  const uint64_t start = offsets_[index];
  const uint64_t end = index + 1 < offsets_.size() ? offsets_[index + 1] : file_end_;
  Bytes frame(end - start);
  if (frame.size() < 4 ||
      ::pread(fd_, frame.data(), frame.size(), static_cast<off_t>(start)) !=
          static_cast<ssize_t>(frame.size()) ||
      U32At(frame.data()) != frame.size() - 4) {
    return corrupt();
  }
  auto entry = ParseEntryLeafData(ByteView(frame.data() + 4, frame.size() - 4));
  if (!entry.ok() || index >= state_->tree().Size() ||
      EntryLeafHash(*entry) != state_->tree().Leaf(index)) {
    return corrupt();
  }
  return std::move(*entry);
}

absl::Status Follower::ApplyWindow(std::vector<v1::Entry>& window) {
  if (window.empty()) return absl::OkStatus();
  // Written first: a revote in this window reads back the ballot it supersedes.
  Bytes frames;
  for (const v1::Entry& e : window) {
    offsets_.push_back(file_end_ + frames.size());
    AppendFramed(frames, EntryLeafData(e));
  }
  for (size_t done = 0; done < frames.size();) {
    ssize_t n = ::pwrite(fd_, frames.data() + done, frames.size() - done,
                         static_cast<off_t>(file_end_ + done));
    if (n <= 0) return Unwritable(path_);
    done += static_cast<size_t>(n);
  }
  file_end_ += frames.size();
  URNE_RETURN_IF_ERROR(ReplayInto(*state_, window, threads_));
  window.clear();
  return absl::OkStatus();
}

absl::Status Follower::CheckHead(const v1::SignedTreeHead& head) {
  if (state_ == nullptr) return CheckHeadFor(head, election_);  // the key: once entry 0 is in
  URNE_RETURN_IF_ERROR(CheckTreeHeadOf(head, election_, board_key_));
  // No head verified yet (the first update was cut short): the root check covers everything.
  if (head_.tree_size() == 0) return absl::OkStatus();
  return CheckExtends(board_, election_, head_.tree_size(), head_.root_hash(), head);
}

absl::Status Follower::Fetch(uint64_t& next, uint64_t end, const v1::SignedTreeHead& head,
                             std::vector<v1::Entry>& window) {
  absl::Status streamed = board_.ForEachEntry(
      election_, next,
      [&](v1::Entry entry) -> absl::Status {
        if (state_ == nullptr) {
          // Entry 0, the manifest: it names the board key every head must be signed by.
          absl::StatusOr<std::string> key = ManifestBoardKey(entry, election_);
          if (!key.ok()) return key.status();
          URNE_RETURN_IF_ERROR(VerifyTreeHead(head, *key));
          auto begun = ElectionState::Begin(entry);
          if (!begun.ok()) return WithContext(begun.status(), "entry 0 (MANIFEST): ");
          board_key_ = std::move(*key);
          state_ = std::move(*begun);
          state_->SetEntryReader([this](uint64_t index) { return ReadBack(index); });
          offsets_.push_back(0);
          Bytes frame;
          AppendFramed(frame, EntryLeafData(entry));
          if (::pwrite(fd_, frame.data(), frame.size(), 0) != static_cast<ssize_t>(frame.size())) {
            return Unwritable(path_);
          }
          file_end_ = frame.size();
        } else {
          window.push_back(std::move(entry));
        }
        ++next;
        return absl::OkStatus();
      },
      end);
  URNE_RETURN_IF_ERROR(streamed);
  if (next < end) {
    return Error(
        absl::StatusCode::kDataLoss, "sync.short",
        Cat("the board's tree head covers ", head.tree_size(), " entries but it sent ", next));
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Follower::Update() {
  URNE_RETURN_IF_ERROR(broken_);
  auto fail = [this](absl::Status s) {
    broken_ = s;
    return s;
  };
  URNE_ASSIGN_OR_RETURN(v1::SignedTreeHead head, board_.TreeHead(election_));
  if (absl::Status s = CheckHead(head); !s.ok()) return fail(s);
  const uint64_t from = state_ ? state_->size() : 0;
  const uint64_t to = head.tree_size();
  // A window at a time, verified between the calls that fetch it, never while one is open.
  std::vector<v1::Entry> window;
  for (uint64_t next = from; next < to;) {
    absl::Status fetched = Fetch(next, std::min<uint64_t>(to, next + kWindow), head, window);
    if (!fetched.ok()) {
      // An unreachable board or a dropped stream is worth another try. The entries applied
      // before the drop stay: they are the log's next entries if the board is honest, and
      // the next update's root check against a signed head covers them with the rest (if
      // they were not, that check fails). Anything else stops the follower.
      if (IsRetryable(fetched)) return fetched;
      return fail(fetched);
    }
    if (absl::Status s = ApplyWindow(window); !s.ok()) return fail(s);
  }
  if (state_ == nullptr) {  // a head of size 0
    return fail(Error(absl::StatusCode::kDataLoss, "sync.short",
                      "the board's tree head covers no entry, not even the manifest"));
  }
  if (Str(state_->tree().Root()) != head.root_hash()) {
    return fail(Error(absl::StatusCode::kDataLoss, "sync.root_mismatch",
                      "the entries the board sent do not match its signed tree head"));
  }
  head_ = std::move(head);
  return to - from;
}

absl::StatusOr<SyncedElection> SyncAfterClose(BoardClient& board,
                                              const TallyCheckpoint& checkpoint) {
  // The roll's keys are not checked again: this party's follower checked that ROLL entry,
  // which the checkpoint's CLOSE root covers (step 2 below ties it to the board's log).
  // Checking them was the one part of resuming that grew with the electorate (40 s at a
  // million voters).
  URNE_ASSIGN_OR_RETURN(
      SyncedElection out,
      board.SyncSetup(checkpoint.election, BoardClient::RollCheck::kLengthAndOrder));
  const v1::SignedTreeHead& head = out.tree_head;
  const uint64_t close_at = checkpoint.close_tree_size;
  auto not_on_board = [&](std::string_view why) {
    return Error(
        absl::StatusCode::kDataLoss, "checkpoint.not_on_board",
        Cat("the board's signed log (", View(head.tree_size(), head.root_hash()),
            ") does not hold the tally checkpoint's CLOSE over ",
            View(close_at, checkpoint.close_root_hash), " (", why,
            "); nothing was done from the checkpoint: a trustee decrypts nothing, the authority "
            "posts nothing"));
  };
  if (head.tree_size() <= close_at) return not_on_board("the board's log is not longer");
  URNE_ASSIGN_OR_RETURN(Digest32 head_root,
                        DecodeDigest(AsBytes(head.root_hash()), "tree_head.malformed"));
  {
    URNE_ASSIGN_OR_RETURN(auto response,
                          board.ConsistencyProof(checkpoint.election, close_at, head.tree_size()));
    auto proof = DecodeMerklePath(response.proof(), "merkle.consistency.invalid");
    auto close_root = DecodeDigest(AsBytes(checkpoint.close_root_hash), "checkpoint.malformed");
    if (!proof.ok() || !close_root.ok() ||
        !VerifyConsistency(close_at, head.tree_size(), *close_root, head_root, *proof).ok()) {
      return not_on_board("its consistency proof fails");
    }
  }
  // The CLOSE and what follows (the partial decryptions and the RESULT: a few entries, as the
  // board takes no ballot after CLOSE), each proved to be in the head's log where it says.
  std::vector<v1::Entry> after;
  uint64_t next = close_at;
  absl::Status streamed = board.ForEachEntry(
      checkpoint.election, close_at,
      [&](v1::Entry entry) -> absl::Status {
        URNE_ASSIGN_OR_RETURN(auto response,
                              board.InclusionProof(checkpoint.election, next, head.tree_size()));
        auto path = DecodeMerklePath(response.path(), "merkle.inclusion.invalid");
        if (!path.ok() ||
            !VerifyInclusion(EntryLeafHash(entry), next, head.tree_size(), *path, head_root).ok()) {
          return Error(absl::StatusCode::kDataLoss, "sync.root_mismatch",
                       Cat("entry ", next, " as the board sent it is not in its signed log"));
        }
        after.push_back(std::move(entry));
        ++next;
        return absl::OkStatus();
      },
      head.tree_size());
  URNE_RETURN_IF_ERROR(streamed);
  if (next < head.tree_size()) {
    return Error(
        absl::StatusCode::kDataLoss, "sync.short",
        Cat("the board's tree head covers ", head.tree_size(), " entries but it sent ", next));
  }
  if (after.front().kind() != v1::CLOSE) return not_on_board("the entry there is not a CLOSE");
  URNE_ASSIGN_OR_RETURN(out.state, ElectionState::ResumeAtClose(std::move(out.state), checkpoint));
  URNE_RETURN_IF_ERROR(ReplayInto(*out.state, after, 1));
  out.entries = std::move(after);
  out.received_ms.clear();
  return out;
}

}  // namespace urne

#include "bulletin-board/board.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "crypto/merkle.h"
#include "crypto/status.h"
#include "election/entry.h"
#include "election/replay.h"
#include "election/tree_head.h"

namespace urne {
namespace {

constexpr size_t kMaxBatch = 512;

}  // namespace

absl::StatusOr<SigningKey> LoadOrCreateBoardKey(const std::string& dir) {
  EnsureSodiumInitialized();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::string path = dir + "/board.key";
  if (std::filesystem::exists(path)) {
    std::ifstream in(path, std::ios::binary);
    std::string seed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (seed.size() != kSeedBytes) {
      return Error(absl::StatusCode::kDataLoss, "board.key_corrupt",
                   Cat(path,
                       " is not a 32-byte board key; restore it from a backup (a new "
                       "key would not match the tree heads already signed)"));
    }
    std::array<uint8_t, kSeedBytes> s;
    std::copy(seed.begin(), seed.end(), s.begin());
    SigningKey key = SigningKey::FromSeed(s);
    sodium_memzero(s.data(), s.size());
    sodium_memzero(seed.data(), seed.size());
    return key;
  }
  SigningKey key = SigningKey::Generate();
  SecretBytes seed = key.seed();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    return Error(absl::StatusCode::kUnavailable, "board.io", Cat("cannot create ", path));
  }
  bool ok = ::write(fd, seed.data(), seed.size()) == static_cast<ssize_t>(seed.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Error(absl::StatusCode::kUnavailable, "board.io", Cat("cannot write ", path));
  return key;
}

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Str(const Digest32& d) { return std::string(d.begin(), d.end()); }

absl::Status NotFound(const std::string& election) {
  return Error(absl::StatusCode::kNotFound, "election.unknown",
               Cat("no election ", ToHex(AsBytes(election)), " on this board"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Board>> Board::Open(const std::string& dir, BoardLimits limits,
                                                   const ReplayProgress& progress) {
  EnsureSodiumInitialized();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  URNE_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(dir));
  URNE_ASSIGN_OR_RETURN(SigningKey key, LoadOrCreateBoardKey(dir));
  std::unique_ptr<Board> board(new Board(std::move(store), std::move(key), limits));
  URNE_ASSIGN_OR_RETURN(auto elections, board->store_->Elections());
  for (const auto& e : elections) {
    std::vector<v1::Entry> entries;
    entries.reserve(e.count);
    URNE_RETURN_IF_ERROR(board->store_->ReadAll(e.election_id, [&](const Store::Entry& row) {
      URNE_ASSIGN_OR_RETURN(v1::Entry entry, ParseEntryLeafData(row.entry));
      entries.push_back(std::move(entry));
      return absl::OkStatus();
    }));
    auto state = Replay(entries, limits.verify_threads, progress);
    if (!state.ok()) {
      return Error(absl::StatusCode::kDataLoss, "store.inconsistent",
                   Cat("election ", ToHex(e.election_id), ": the stored log no longer replays (",
                       std::string(state.status().message()),
                       "). The store was not changed; inspect it before restarting"));
    }
    auto slot = std::make_shared<Slot>();
    slot->state = std::move(*state);
    slot->committed = slot->state->size();
    board->Snapshot(std::string(e.election_id.begin(), e.election_id.end()), *slot);
    board->elections_.emplace(std::string(e.election_id.begin(), e.election_id.end()), slot);
  }
  board->writer_ = std::thread([b = board.get()] { b->WriteLoop(); });
  unsigned n = limits.verify_threads ? limits.verify_threads
                                     : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < n; ++i) {
    board->verifiers_.emplace_back([b = board.get()] { b->VerifyLoop(); });
  }
  return board;
}

Board::Board(std::unique_ptr<Store> store, SigningKey key, BoardLimits limits)
    : store_(std::move(store)), key_(std::move(key)), limits_(limits) {}

Board::~Board() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  verify_cv_.notify_all();
  write_cv_.notify_all();
  for (auto& t : verifiers_) t.join();
  if (writer_.joinable()) writer_.join();
}

std::shared_ptr<Board::Slot> Board::Find(const std::string& election) {
  std::shared_lock lock(elections_mu_);
  auto it = elections_.find(election);
  return it == elections_.end() ? nullptr : it->second;
}

void Board::Post(v1::Entry entry, const std::string& client, PostDone done) {
  if (entry.payload().size() > limits_.max_entry_bytes) {
    done(Error(absl::StatusCode::kResourceExhausted, "limit.entry_size",
               Cat("entries are limited to ", limits_.max_entry_bytes, " bytes of payload")));
    return;
  }
  {
    std::lock_guard lock(queue_mu_);
    if (verify_queue_.size() + write_queue_.size() >= limits_.max_queue) {
      done(Error(absl::StatusCode::kResourceExhausted, "limit.queue",
                 "the board is busy; retry in a moment"));
      return;
    }
    size_t& mine = in_flight_[client];
    if (mine >= limits_.max_in_flight_per_client) {
      done(Error(absl::StatusCode::kResourceExhausted, "limit.in_flight",
                 Cat("at most ", limits_.max_in_flight_per_client,
                     " posts in flight per client; wait for answers before posting more")));
      return;
    }
    ++mine;
    verify_queue_.push_back(Job{std::move(entry), client, std::move(done)});
  }
  verify_cv_.notify_one();
}

void Board::Finish(Job& job, absl::StatusOr<v1::Receipt> result) {
  {
    std::lock_guard lock(queue_mu_);
    auto it = in_flight_.find(job.client);
    if (it != in_flight_.end() && --it->second == 0) in_flight_.erase(it);
  }
  job.done(std::move(result));
}

void Board::VerifyLoop() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(queue_mu_);
      verify_cv_.wait(lock, [&] { return stopping_ || !verify_queue_.empty(); });
      if (verify_queue_.empty()) return;
      job = std::move(verify_queue_.front());
      verify_queue_.pop_front();
    }
    if (job.entry.kind() != v1::MANIFEST) {
      auto slot = Find(job.entry.election_id());
      if (!slot) {
        Finish(job, NotFound(job.entry.election_id()));
        continue;
      }
      std::shared_lock lock(slot->mu);
      job.prechecked = slot->state->Precheck(job.entry);
      if (!job.prechecked.ok()) {
        lock.unlock();
        Finish(job, job.prechecked.status());
        continue;
      }
    }
    {
      std::lock_guard lock(queue_mu_);
      write_queue_.push_back(std::move(job));
    }
    write_cv_.notify_one();
  }
}

void Board::WriteLoop() {
  for (;;) {
    std::vector<Job> jobs;
    {
      std::unique_lock lock(queue_mu_);
      write_cv_.wait(lock,
                     [&] { return !write_queue_.empty() || (stopping_ && verify_queue_.empty()); });
      if (write_queue_.empty()) return;
      while (!write_queue_.empty() && jobs.size() < kMaxBatch) {
        jobs.push_back(std::move(write_queue_.front()));
        write_queue_.pop_front();
      }
    }
    WriteBatch(jobs);
  }
}

void Board::WriteBatch(std::vector<Job>& jobs) {
  struct Accepted {
    Job* job;
    std::shared_ptr<Slot> slot;
    uint64_t index;
  };
  std::vector<Accepted> accepted;
  std::vector<Store::Append> appends;
  std::vector<std::pair<std::string, std::shared_ptr<Slot>>> created;
  for (Job& job : jobs) {
    const std::string& id = job.entry.election_id();
    std::shared_ptr<Slot> slot = Find(id);
    if (job.entry.kind() == v1::MANIFEST) {
      bool pending = false;
      for (auto& [cid, s] : created) pending |= cid == id;
      if (slot || pending) {
        Finish(job, Error(absl::StatusCode::kAlreadyExists, "manifest.already_posted",
                          "this election already exists on the board"));
        continue;
      }
      auto state = ElectionState::Begin(job.entry);
      if (!state.ok()) {
        Finish(job, state.status());
        continue;
      }
      PublicKey own = key_.public_key();
      if ((*state)->manifest().board_key() != std::string(own.bytes.begin(), own.bytes.end())) {
        // Every tree head of the election would fail the clients' pinned-key check.
        Finish(job,
               Error(absl::StatusCode::kFailedPrecondition, "manifest.wrong_board",
                     Cat("the manifest's board_key is not this board's key (", ToHex(own.bytes),
                         "); name this board's key in the manifest, as `urne-board key` "
                         "prints it")));
        continue;
      }
      slot = std::make_shared<Slot>();
      slot->state = std::move(*state);
      created.emplace_back(id, slot);
      accepted.push_back({&job, slot, 0});
    } else {
      if (!slot) {
        for (auto& [cid, s] : created) {
          if (cid == id) slot = s;
        }
      }
      if (!slot) {
        Finish(job, NotFound(id));
        continue;
      }
      std::unique_lock lock(slot->mu);
      if (slot->state->size() >= limits_.max_entries_per_election) {
        lock.unlock();
        Finish(job, Error(absl::StatusCode::kResourceExhausted, "limit.entries",
                          "this election has reached the board's entry limit"));
        continue;
      }
      uint64_t index = slot->state->size();
      absl::Status s = job.entry.kind() == v1::BALLOT
                           ? slot->state->ApplyPrechecked(job.entry, std::move(*job.prechecked))
                           : slot->state->Apply(job.entry);
      lock.unlock();
      if (!s.ok()) {
        Finish(job, s);
        continue;
      }
      accepted.push_back({&job, slot, index});
    }
    Bytes leaf = EntryLeafData(job.entry);
    Digest32 leaf_hash = LeafHash(leaf);
    appends.push_back(Store::Append{Bytes(id.begin(), id.end()), accepted.back().index,
                                    std::move(leaf), leaf_hash});
  }
  if (appends.empty()) return;
  absl::Status committed = store_->AppendBatch(appends);
  if (!committed.ok()) {
    // The in-memory states are ahead of the disk: stop, so that a restart replays the store.
    std::fprintf(stderr, "urne-board: FATAL: could not commit to the store: %s\n",
                 committed.ToString().c_str());
    std::abort();
  }
  {
    std::unique_lock lock(elections_mu_);
    for (auto& [id, slot] : created) elections_.emplace(id, slot);
  }
  // Publish the new sizes, then answer with one signed tree head per election.
  std::map<Slot*, v1::SignedTreeHead> heads;
  for (auto& a : accepted) {
    std::unique_lock lock(a.slot->mu);
    a.slot->committed = std::max(a.slot->committed, a.index + 1);
    // Every entry the state holds is now committed: the status may show them.
    Snapshot(a.job->entry.election_id(), *a.slot);
  }
  for (auto& a : accepted) {
    std::shared_lock lock(a.slot->mu);
    const std::string& id = a.job->entry.election_id();
    auto it = heads.find(a.slot.get());
    if (it == heads.end()) {
      it = heads.emplace(a.slot.get(), SignedHead(id, *a.slot, a.slot->committed)).first;
    }
    v1::Receipt receipt;
    receipt.set_election_id(id);
    receipt.set_index(a.index);
    Digest32 leaf = a.slot->state->tree().Leaf(a.index);
    receipt.set_leaf_hash(Str(leaf));
    *receipt.mutable_tree_head() = it->second;
    auto path = a.slot->state->tree().InclusionProof(a.index, it->second.tree_size());
    for (const auto& h : *path) receipt.add_inclusion_path(Str(h));
    lock.unlock();
    Finish(*a.job, std::move(receipt));
  }
}

v1::SignedTreeHead Board::SignedHead(const std::string& election, const Slot& slot, uint64_t size) {
  v1::SignedTreeHead head;
  head.set_election_id(election);
  head.set_tree_size(size);
  head.set_root_hash(Str(*slot.state->tree().Root(size)));
  head.set_timestamp_ms(NowMs());
  SignTreeHead(head, key_);
  return head;
}

absl::StatusOr<std::vector<v1::IndexedEntry>> Board::Entries(const std::string& election,
                                                             uint64_t from, uint64_t limit) {
  auto slot = Find(election);
  if (!slot) return NotFound(election);
  URNE_ASSIGN_OR_RETURN(auto rows,
                        store_->Read(Bytes(election.begin(), election.end()), from, limit));
  std::vector<v1::IndexedEntry> out;
  for (const auto& row : rows) {
    v1::IndexedEntry e;
    e.set_index(row.index);
    e.set_received_ms(row.received_ms);
    URNE_ASSIGN_OR_RETURN(*e.mutable_entry(), ParseEntryLeafData(row.entry));
    out.push_back(std::move(e));
  }
  return out;
}

absl::StatusOr<v1::SignedTreeHead> Board::TreeHead(const std::string& election) {
  auto slot = Find(election);
  if (!slot) return NotFound(election);
  std::shared_lock lock(slot->mu);
  return SignedHead(election, *slot, slot->committed);
}

absl::StatusOr<v1::InclusionProofResponse> Board::InclusionProof(const std::string& election,
                                                                 uint64_t index, uint64_t size) {
  auto slot = Find(election);
  if (!slot) return NotFound(election);
  std::shared_lock lock(slot->mu);
  if (size > slot->committed || index >= size) {
    return Invalid("merkle.bad_index",
                   Cat("need index < tree_size <= ", slot->committed, " (the current size)"));
  }
  URNE_ASSIGN_OR_RETURN(auto path, slot->state->tree().InclusionProof(index, size));
  v1::InclusionProofResponse out;
  out.set_leaf_hash(Str(slot->state->tree().Leaf(index)));
  for (const auto& h : path) out.add_path(Str(h));
  return out;
}

absl::StatusOr<v1::ConsistencyProofResponse> Board::ConsistencyProof(const std::string& election,
                                                                     uint64_t old_size,
                                                                     uint64_t new_size) {
  auto slot = Find(election);
  if (!slot) return NotFound(election);
  std::shared_lock lock(slot->mu);
  if (old_size < 1 || old_size > new_size || new_size > slot->committed) {
    return Invalid("merkle.bad_size", Cat("need 0 < old_size <= new_size <= ", slot->committed,
                                          " (the current size)"));
  }
  URNE_ASSIGN_OR_RETURN(auto proof, slot->state->tree().ConsistencyProof(old_size, new_size));
  v1::ConsistencyProofResponse out;
  for (const auto& h : proof) out.add_proof(Str(h));
  return out;
}

void Board::Snapshot(const std::string& election, Slot& slot) {
  const ElectionState& s = *slot.state;
  v1::ElectionStatus& out = slot.status;
  out.set_election_id(election);
  out.set_reference(s.manifest().reference());
  out.set_title_fr(s.manifest().title().fr());
  out.set_title_en(s.manifest().title().en());
  out.set_phase(s.phase());
  out.set_registered(s.roll().size());
  out.set_ballots(s.ballots());
  out.set_revotes(s.revotes());
  out.set_audits(s.audits());
  out.set_tree_size(slot.committed);
}

v1::ElectionStatus Board::StatusOf(Slot& slot) {
  std::shared_lock lock(slot.mu);
  return slot.status;
}

std::vector<v1::ElectionStatus> Board::ListElections() {
  std::vector<std::pair<std::string, std::shared_ptr<Slot>>> all;
  {
    std::shared_lock lock(elections_mu_);
    all.assign(elections_.begin(), elections_.end());
  }
  std::vector<v1::ElectionStatus> out;
  for (auto& [id, slot] : all) out.push_back(StatusOf(*slot));
  return out;
}

absl::StatusOr<v1::ElectionStatus> Board::Status(const std::string& election) {
  auto slot = Find(election);
  if (!slot) return NotFound(election);
  return StatusOf(*slot);
}

}  // namespace urne

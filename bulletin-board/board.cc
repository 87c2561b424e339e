#include "bulletin-board/board.h"

#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "cli/private_file.h"
#include "crypto/merkle.h"
#include "election/ballot_batch.h"
#include "election/entry.h"
#include "election/field_count.h"
#include "election/payload_bounds.h"
#include "election/replay.h"
#include "election/tree_head.h"
#include "status/status.h"

namespace urne::bulletin_board {
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
  if (!cli::CreatePrivateFile(path, seed.view()).ok()) {
    return Error(absl::StatusCode::kUnavailable, "board.io", Cat("cannot create ", path));
  }
  return key;
}

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Str(const Digest32& d) { return std::string(d.begin(), d.end()); }

// Never echoes an id of another length than 32 bytes (it could be megabytes long).
absl::Status NotFound(const std::string& election) {
  if (election.size() != 32) {
    return Invalid("election.bad_id",
                   Cat("an election id is 32 bytes; this one has ", election.size()));
  }
  return Error(absl::StatusCode::kNotFound, "election.unknown",
               Cat("no election ", ToHex(AsBytes(election)), " on this board"));
}

absl::Status SizeExceeded(v1::EntryKind kind, size_t size, size_t limit) {
  // The roll's bound is the operator's --max-entry-bytes alone (the other kinds' bounds follow
  // from the manifest): say how to raise it for a town that large.
  const std::string raise =
      kind == v1::ROLL ? Cat(". A roll this large needs the board restarted with --max-entry-bytes "
                             "of at least ",
                             size, " (specs/board.md §5.3)")
                       : "";
  return Error(absl::StatusCode::kResourceExhausted, "limit.entry_size",
               Cat(v1::EntryKind_IsValid(kind) ? v1::EntryKind_Name(kind) : std::string("entry"),
                   " payloads are limited to ", limit, " bytes here; this one has ", size, raise));
}

// board.stopping: a post refused because the board is shutting down (Board::Stop).
absl::Status Stopping() {
  return Error(absl::StatusCode::kUnavailable, "board.stopping",
               "the board is shutting down and did not record this post; post it again when "
               "the board is back");
}

// store.behind_head: the store holds fewer entries than a tree head the board signed.
absl::Status BehindHead(const std::string& hex, uint64_t size, uint64_t signed_size) {
  return Error(absl::StatusCode::kDataLoss, "store.behind_head",
               Cat("election ", hex, ": the store holds ", size,
                   " entries but the board signed a tree head of ", signed_size,
                   " (acknowledged entries are missing: a damaged, truncated, deleted or "
                   "replaced store). The store was not changed; restore it from a backup"));
}

}  // namespace

absl::Status CheckEntryClock(const v1::Entry& entry, int64_t now_s) {
  int64_t claimed = 0;
  const char* reason = nullptr;
  const char* what = nullptr;
  if (entry.kind() == v1::OPEN) {
    v1::Open open;
    if (!ParseStrict(entry.payload(), open).ok()) return absl::OkStatus();
    claimed = open.opened_at();
    reason = "open.clock_skew";
    what = "OPEN says it was made at ";
  } else if (entry.kind() == v1::CREDENTIAL_REPLACEMENT) {
    v1::CredentialReplacement r;
    if (!ParseStrict(entry.payload(), r).ok()) return absl::OkStatus();
    claimed = r.replaced_at();
    reason = "replacement.clock_skew";
    what = "CREDENTIAL_REPLACEMENT says it was made at ";
  } else {
    return absl::OkStatus();
  }
  const int64_t skew = claimed - now_s;
  if (skew > kOpenClockToleranceS || skew < -kOpenClockToleranceS) {
    return Invalid(reason, Cat(what, claimed, " (Unix seconds) but the board's clock reads ", now_s,
                               ": more than ", kOpenClockToleranceS,
                               " s apart. Check the authority computer's clock and try again"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Board>> Board::Open(const std::string& dir, BoardLimits limits,
                                                   AuthorityAllowlist authorities,
                                                   const ReplayProgress& progress) {
  EnsureSodiumInitialized();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  URNE_ASSIGN_OR_RETURN(HeadEvidence evidence, HeadEvidence::Open(dir));
  URNE_ASSIGN_OR_RETURN(auto heads, evidence.ReadAll());
  if (!heads.empty() && !std::filesystem::exists(dir + "/board.key")) {
    return Error(absl::StatusCode::kDataLoss, "board.key_missing",
                 Cat(dir, "/board.key is missing but the board has signed tree heads of ",
                     heads.size(), " election(s) with it (", evidence.path(),
                     "); restore the key from a backup (a new key would not match them)"));
  }
  URNE_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(dir));
  URNE_ASSIGN_OR_RETURN(SigningKey key, LoadOrCreateBoardKey(dir));
  std::unique_ptr<Board> board(new Board(std::move(store), std::move(key), limits,
                                         std::move(authorities), std::move(evidence)));
  URNE_ASSIGN_OR_RETURN(auto elections, board->store_->Elections());
  for (const auto& e : elections) {
    auto slot = std::make_shared<Slot>();
    // Every proof is checked again (about 0.8 ms of CPU per R5 ballot, minutes at a million
    // ballots): a long replay says on stderr how far it is, each tenth of the log.
    const auto started = std::chrono::steady_clock::now();
    uint64_t tenths = 0;
    auto report = [&](uint64_t done, uint64_t total) {
      if (progress) progress(done, total);
      if (total < limits.replay_report_entries || done * 10 / total <= tenths) return;
      tenths = done * 10 / total;
      if (done < total) {
        std::cerr << "urne-board: election " << ToHex(e.election_id) << ": " << done << " of "
                  << total << " entries checked again\n";
      }
    };
    auto state = board->ReplayStored(e, *slot, limits.verify_threads, report);
    if (!state.ok()) return state.status();
    std::cerr << "urne-board: election " << ToHex(e.election_id) << ": " << e.count
              << " entries replayed and checked in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count()
              << " ms\n";
    const std::string id(e.election_id.begin(), e.election_id.end());
    {
      absl::MutexLock lock(&slot->mu);
      slot->state = std::move(*state);
      slot->committed = slot->state->size();
      board->SetPayloadLimits(*slot);
      Snapshot(id, *slot);
    }
    absl::MutexLock lock(&board->elections_mu_);
    board->elections_.emplace(id, slot);
  }
  URNE_RETURN_IF_ERROR(board->CheckEvidence(heads));
  // Named for `top -H` and for the load benchmark's CPU per role (tests/bulletin-board).
  board->writer_ = std::thread([b = board.get()] {
    pthread_setname_np(pthread_self(), "urne-writer");
    b->WriteLoop();
  });
  unsigned n = limits.verify_threads ? limits.verify_threads
                                     : std::max(1u, std::thread::hardware_concurrency());
  board->verifier_count_ = n;
  for (unsigned i = 0; i < n; ++i) {
    board->verifiers_.emplace_back([b = board.get()] {
      pthread_setname_np(pthread_self(), "urne-verifier");
      b->VerifyLoop();
    });
  }
  return board;
}

namespace {

absl::Status NoLongerReplays(const Store::Election& election, const absl::Status& why) {
  return Error(absl::StatusCode::kDataLoss, "store.inconsistent",
               Cat("election ", ToHex(election.election_id), ": the stored log no longer replays (",
                   std::string(why.message()),
                   "). The store was not changed; inspect it before restarting"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<ElectionState>> Board::ReplayStored(const Store::Election& election,
                                                                   Slot& slot, unsigned threads,
                                                                   const ReplayProgress& progress) {
  std::unique_ptr<ElectionState> state;
  uint64_t from = 0;
  while (from < election.count) {
    URNE_ASSIGN_OR_RETURN(auto rows, store_->Read(election.election_id, from,
                                                  std::max<uint64_t>(1, limits_.replay_page)));
    if (rows.empty()) break;
    std::vector<v1::Entry> entries;
    entries.reserve(rows.size());
    for (const auto& row : rows) {
      URNE_ASSIGN_OR_RETURN(v1::Entry entry, ParseEntryLeafData(row.entry));
      entries.push_back(std::move(entry));
    }
    std::span<const v1::Entry> rest(entries);
    if (!state) {
      auto begun = ElectionState::Begin(entries[0]);
      if (!begun.ok()) {
        return NoLongerReplays(
            election, WithContext(begun.status(),
                                  Cat("entry 0 (", v1::EntryKind_Name(entries[0].kind()), "): ")));
      }
      state = std::move(*begun);
      state->SetEntryReader(ReaderFor(
          std::string(election.election_id.begin(), election.election_id.end()), slot, *state));
      rest = rest.subspan(1);
    }
    const uint64_t done = from + (entries.size() - rest.size());  // the manifest, once
    ReplayProgress page_progress;
    if (progress) {
      page_progress = [&](uint64_t k, uint64_t) { progress(done + k, election.count); };
    }
    absl::Status replayed = ReplayInto(*state, rest, threads, page_progress);
    if (!replayed.ok()) return NoLongerReplays(election, replayed);
    from += rows.size();
  }
  if (!state) return NoLongerReplays(election, Invalid("replay.empty", "the log is empty"));
  return state;
}

EntryReader Board::ReaderFor(const std::string& election, Slot& slot, const ElectionState& state) {
  return [this, id = Bytes(election.begin(), election.end()), unstored = &slot.unstored,
          state = &state](uint64_t index) -> absl::StatusOr<v1::Entry> {
    if (auto it = unstored->find(index); it != unstored->end()) return *it->second;
    auto row = store_->ReadOne(id, index);
    if (!row.ok() && row.status().code() == absl::StatusCode::kNotFound) {
      return absl::InternalError(
          Cat("entry ", index, " was applied but is neither stored nor being written"));
    }
    if (!row.ok()) return row.status();
    // The bytes the state hashed into its tree, or the store changed under the board.
    if (LeafHash(row->entry) != state->tree().Leaf(index)) {
      absl::Status corrupt = Error(
          absl::StatusCode::kDataLoss, "store.corrupt",
          Cat("election ", ToHex(id), ", entry ", index,
              ": the stored entry is not the one the board applied (its leaf hash differs); stop "
              "the board and inspect the store"));
      std::cerr << "urne-board: " << corrupt.message() << "\n";
      return corrupt;
    }
    return ParseEntryLeafData(row->entry);
  };
}

Board::Board(std::unique_ptr<Store> store, SigningKey key, BoardLimits limits,
             AuthorityAllowlist authorities, HeadEvidence evidence)
    : store_(std::move(store)),
      key_(std::move(key)),
      limits_(limits),
      authorities_(std::move(authorities)),
      evidence_(std::move(evidence)),
      host_rates_(limits.host_rate, limits.host_burst),
      credential_rates_(limits.credential_rate, limits.credential_burst) {}

absl::Status Board::CheckEvidence(const std::map<std::string, v1::SignedTreeHead>& heads) {
  const PublicKey mine = key_.public_key();
  absl::ReaderMutexLock elections_lock(&elections_mu_);
  for (const auto& [id, head] : heads) {
    const std::string hex = ToHex(AsBytes(id));
    if (!VerifyTreeHead(head, std::string(mine.bytes.begin(), mine.bytes.end())).ok()) {
      return Error(absl::StatusCode::kDataLoss, "board.key_mismatch",
                   Cat("election ", hex, ": its last signed tree head (", evidence_.path(),
                       ") was not signed by this board.key; restore the key the board had"));
    }
    // A head of size 0 claims nothing; any other needs its election (never dereference end()).
    auto it = elections_.find(id);
    if (it == elections_.end() && head.tree_size() == 0) continue;
    if (it == elections_.end()) return BehindHead(hex, 0, head.tree_size());
    Slot& slot = *it->second;
    absl::ReaderMutexLock lock(&slot.mu);
    if (slot.committed < head.tree_size()) {
      return BehindHead(hex, slot.committed, head.tree_size());
    }
    auto root = slot.state->tree().Root(head.tree_size());
    if (!root.ok() || Str(*root) != head.root_hash()) {
      return Error(absl::StatusCode::kDataLoss, "store.head_mismatch",
                   Cat("election ", hex,
                       ": the stored log is not consistent with the tree "
                       "head of size ",
                       head.tree_size(),
                       " the board signed (entries were changed). The store was not changed; "
                       "restore it from a backup"));
    }
  }
  return absl::OkStatus();
}

void Board::SetPayloadLimits(Slot& slot) const {
  for (int kind = v1::MANIFEST; kind <= v1::EntryKind_MAX; ++kind) {
    size_t bound = MaxPayloadBytes(static_cast<v1::EntryKind>(kind), slot.state->manifest(),
                                   slot.state->group());
    if (kind == v1::MANIFEST) bound = limits_.max_manifest_bytes;
    if (kind == v1::ROLL) bound = limits_.max_entry_bytes;
    slot.max_payload[kind] = std::min(bound, limits_.max_entry_bytes);
  }
}

size_t Board::MaxPayload(const std::string& election, v1::EntryKind kind) {
  if (kind == v1::MANIFEST) return std::min(limits_.max_manifest_bytes, limits_.max_entry_bytes);
  auto slot = Find(election);
  if (!slot || kind < v1::MANIFEST || kind > v1::EntryKind_MAX) return 0;
  return slot->max_payload[kind];
}

void Board::Stop() {
  // The posts no verifier has taken are refused here and now, while their calls can still be
  // answered (a full queue is minutes of verification, for calls gRPC cancels 200 ms later).
  // Their clients post them again to the restarted board. What the verifiers hold is
  // finished and written; nothing acknowledged is dropped.
  std::deque<Job> refused;
  {
    absl::MutexLock lock(&queue_mu_);
    stopping_ = true;
    refused.swap(verify_queue_);
    refused_stopping_ += refused.size();
  }
  verify_cv_.SignalAll();
  write_cv_.SignalAll();
  for (Job& job : refused) Finish(job, Stopping());
}

Board::~Board() {
  Stop();
  for (auto& t : verifiers_) t.join();
  if (writer_.joinable()) writer_.join();
  absl::MutexLock lock(&queue_mu_);
  if (refused_stopping_ > 0) {
    std::cerr << "urne-board: stopped; " << refused_stopping_
              << " post(s) not yet verified were refused (board.stopping): their clients post "
                 "them again\n";
  }
}

std::shared_ptr<Board::Slot> Board::Find(const std::string& election) {
  absl::ReaderMutexLock lock(&elections_mu_);
  auto it = elections_.find(election);
  return it == elections_.end() ? nullptr : it->second;
}

void Board::Post(v1::Entry entry, const std::string& client, PostDone done) {
  const size_t size = entry.payload().size();
  if (entry.kind() == v1::MANIFEST) {
    size_t limit = MaxPayload(entry.election_id(), v1::MANIFEST);
    if (size > limit) return done(SizeExceeded(entry.kind(), size, limit));
    if (absl::Status allowed = authorities_.Check(entry.author()); !allowed.ok()) {
      return done(allowed);
    }
  } else {
    if (!Find(entry.election_id())) return done(NotFound(entry.election_id()));
    // Unknown kinds fall through to the state's own check (entry.malformed).
    size_t limit = v1::EntryKind_IsValid(entry.kind()) && entry.kind() != 0
                       ? MaxPayload(entry.election_id(), entry.kind())
                       : limits_.max_entry_bytes;
    if (size > limit) return done(SizeExceeded(entry.kind(), size, limit));
  }
  // Before anything parses it: no more fields than a valid payload of its kind can have.
  if (absl::Status fields = CheckFieldCount(entry.kind(), entry.payload()); !fields.ok()) {
    return done(fields);
  }
  if (!host_rates_.Take(client)) {
    return done(Error(absl::StatusCode::kResourceExhausted, "limit.rate",
                      absl::StrCat("at most ", limits_.host_rate,
                                   " posts per second from one host; retry in a moment")));
  }
  if (!credential_rates_.Take(entry.author())) {
    return done(Error(absl::StatusCode::kResourceExhausted, "limit.rate",
                      absl::StrCat("at most ", limits_.credential_rate,
                                   " posts per second by one key; retry in a moment")));
  }
  {
    absl::MutexLock lock(&queue_mu_);
    if (stopping_) {
      ++refused_stopping_;
      done(Stopping());
      return;
    }
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
    if (in_flight_bytes_ + size > limits_.max_in_flight_bytes) {
      if (mine == 0) in_flight_.erase(client);
      done(Error(absl::StatusCode::kResourceExhausted, "limit.in_flight_bytes",
                 "the board holds as many posted bytes as it may; retry in a moment"));
      return;
    }
    ++mine;
    in_flight_bytes_ += size;
    verify_queue_.push_back(Job{std::move(entry), client, std::move(done), Prechecked{}, size});
  }
  verify_cv_.Signal();
}

void Board::Finish(Job& job, absl::StatusOr<v1::Receipt> result) {
  {
    absl::MutexLock lock(&queue_mu_);
    auto it = in_flight_.find(job.client);
    if (it != in_flight_.end() && --it->second == 0) in_flight_.erase(it);
    in_flight_bytes_ -= job.bytes;
    job.bytes = 0;
  }
  job.done(std::move(result));
}

void Board::VerifyLoop() {
  for (;;) {
    std::vector<Job> jobs;
    {
      absl::MutexLock lock(&queue_mu_);
      while (!stopping_ && verify_queue_.empty()) verify_cv_.Wait(&queue_mu_);
      if (verify_queue_.empty()) return;
      // An equal share of the posts waiting now among all the verifiers, busy or not: the
      // rest is left to the next verifier that is free, so the verifiers' batches end at
      // different times and none waits idle while the writer commits and the clients post
      // again (with each free verifier taking a share among the free ones only, the cores
      // were idle 6-7 % of the time under 64 clients; now about 3 %). A free verifier always
      // takes at least one post and comes back for more. Their ballots are verified together
      // (one batch per election).
      const size_t share = std::min(kBallotsPerBatch,
                                    (verify_queue_.size() + verifier_count_ - 1) / verifier_count_);
      while (!verify_queue_.empty() && jobs.size() < std::max<size_t>(1, share)) {
        jobs.push_back(std::move(verify_queue_.front()));
        verify_queue_.pop_front();
      }
      ++busy_verifiers_;
    }
    VerifyJobs(jobs);
    std::vector<Job> passed;
    for (Job& job : jobs) {
      if (job.entry.kind() != v1::MANIFEST && !job.prechecked.ok()) {
        Finish(job, job.prechecked.status());
      } else {
        passed.push_back(std::move(job));
      }
    }
    {
      absl::MutexLock lock(&queue_mu_);
      for (Job& job : passed) write_queue_.push_back(std::move(job));
      --busy_verifiers_;
    }
    write_cv_.Signal();  // also when nothing passed: a stopping writer waits for every batch
  }
}

void Board::VerifyJobs(std::vector<Job>& jobs) {
  // The BALLOT posts of each election, verified together below; the others one by one.
  std::map<std::string, std::vector<Job*>> ballots;
  for (Job& job : jobs) {
    if (job.entry.kind() == v1::MANIFEST) continue;
    auto slot = Find(job.entry.election_id());
    if (!slot) {
      job.prechecked = NotFound(job.entry.election_id());
    } else if (absl::Status clock = CheckEntryClock(job.entry, NowMs() / 1000); !clock.ok()) {
      job.prechecked = clock;
    } else if (job.entry.kind() == v1::BALLOT) {
      ballots[job.entry.election_id()].push_back(&job);
    } else {
      absl::ReaderMutexLock lock(&slot->mu);
      job.prechecked = slot->state->Precheck(job.entry);
    }
  }
  for (auto& [id, group] : ballots) {
    auto slot = Find(id);
    if (!slot) {
      for (Job* job : group) job->prechecked = NotFound(id);
      continue;
    }
    // Each result is what Precheck(entry) alone returns (election/ballot_batch.h): a bad
    // ballot gets its own error, the good ones of its batch are accepted. The slot is held
    // only while the ballots' phase, voter and duplicate are checked, not while their proofs
    // are verified: the writer applies other posts meanwhile.
    std::vector<v1::Entry> entries;
    entries.reserve(group.size());
    for (Job* job : group) entries.push_back(std::move(job->entry));
    // The state lives as long as the slot, which `slot` holds.
    const ElectionState* state = slot->state.get();
    std::vector<absl::StatusOr<Prechecked>> results = PrecheckBallotsOutsideState(
        *state,
        [&slot](const std::function<void()>& read) {
          absl::ReaderMutexLock lock(&slot->mu);
          read();
        },
        entries, /*threads=*/1, group.size());
    for (size_t k = 0; k < group.size(); ++k) {
      group[k]->entry = std::move(entries[k]);
      group[k]->prechecked = std::move(results[k]);
    }
  }
}

void Board::WriteLoop() {
  for (;;) {
    std::vector<Job> jobs;
    {
      absl::MutexLock lock(&queue_mu_);
      // Stopping, the writer ends once no post is queued or being verified: what a verifier
      // holds when the board stops is still written and answered.
      while (write_queue_.empty() &&
             !(stopping_ && verify_queue_.empty() && busy_verifiers_ == 0)) {
        write_cv_.Wait(&queue_mu_);
      }
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
      (*state)->SetEntryReader(ReaderFor(id, *slot, **state));
      {
        absl::MutexLock lock(&slot->mu);
        slot->state = std::move(*state);
        SetPayloadLimits(*slot);
      }
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
      uint64_t index = 0;
      absl::Status s;
      {
        absl::MutexLock lock(&slot->mu);
        index = slot->state->size();
        if (index >= limits_.max_entries_per_election) {
          s = Error(absl::StatusCode::kResourceExhausted, "limit.entries",
                    "this election has reached the board's entry limit");
        } else {
          s = job.entry.kind() == v1::BALLOT
                  ? slot->state->ApplyPrechecked(job.entry, std::move(*job.prechecked))
                  : slot->state->Apply(job.entry);
        }
      }
      if (!s.ok()) {
        Finish(job, s);
        continue;
      }
      slot->unstored.emplace(index, &job.entry);
      accepted.push_back({&job, slot, index});
    }
    Bytes leaf = EntryLeafData(job.entry);
    Digest32 leaf_hash;  // LeafHash(leaf), as the state's tree has it: not hashed twice
    {
      absl::ReaderMutexLock lock(&accepted.back().slot->mu);
      leaf_hash = accepted.back().slot->state->tree().Leaf(accepted.back().index);
    }
    appends.push_back(Store::Append{Bytes(id.begin(), id.end()), accepted.back().index,
                                    std::move(leaf), leaf_hash});
  }
  if (appends.empty()) return;
  absl::Status committed = store_->AppendBatch(appends);
  if (!committed.ok()) {
    // The in-memory states are ahead of the disk: stop, so that a restart replays the store.
    std::cerr << "urne-board: FATAL: could not commit to the store: " << committed.ToString()
              << "\n";
    std::abort();
  }
  for (auto& a : accepted) a.slot->unstored.clear();
  {
    absl::MutexLock lock(&elections_mu_);
    for (auto& [id, slot] : created) elections_.emplace(id, slot);
  }
  // Publish the new sizes, then answer with one signed tree head per election.
  std::map<Slot*, v1::SignedTreeHead> heads;
  for (auto& a : accepted) {
    absl::MutexLock lock(&a.slot->mu);
    a.slot->committed = std::max(a.slot->committed, a.index + 1);
    // Every entry the state holds is now committed: the status may show them.
    Snapshot(a.job->entry.election_id(), *a.slot);
  }
  // Sign one head per election and record it outside the database before any receipt
  // names it (evidence.h).
  for (auto& a : accepted) {
    if (heads.contains(a.slot.get())) continue;
    v1::SignedTreeHead head;
    {
      absl::ReaderMutexLock lock(&a.slot->mu);
      head = SignedHead(a.job->entry.election_id(), *a.slot, a.slot->committed);
    }
    absl::Status recorded = evidence_.Record(head);
    if (!recorded.ok()) {
      std::cerr << "urne-board: FATAL: could not record a signed tree head: " << recorded.ToString()
                << "\n";
      std::abort();
    }
    heads.emplace(a.slot.get(), std::move(head));
  }
  for (auto& a : accepted) {
    const std::string& id = a.job->entry.election_id();
    auto it = heads.find(a.slot.get());
    v1::Receipt receipt;
    receipt.set_election_id(id);
    receipt.set_index(a.index);
    *receipt.mutable_tree_head() = it->second;
    {
      absl::ReaderMutexLock lock(&a.slot->mu);
      Digest32 leaf = a.slot->state->tree().Leaf(a.index);
      receipt.set_leaf_hash(Str(leaf));
      auto path = a.slot->state->tree().InclusionProof(a.index, it->second.tree_size());
      for (const auto& h : *path) receipt.add_inclusion_path(Str(h));
    }
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
  absl::ReaderMutexLock lock(&slot->mu);
  return SignedHead(election, *slot, slot->committed);
}

absl::StatusOr<v1::InclusionProofResponse> Board::InclusionProof(const std::string& election,
                                                                 uint64_t index, uint64_t size) {
  auto slot = Find(election);
  if (!slot) return NotFound(election);
  absl::ReaderMutexLock lock(&slot->mu);
  if (size > slot->committed) {
    return Error(absl::StatusCode::kOutOfRange, "merkle.bad_size",
                 Cat("tree_size ", size, " is beyond the log's current size ", slot->committed));
  }
  if (index >= size) {
    return Invalid("merkle.bad_index", Cat("need index < tree_size (", size, ")"));
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
  absl::ReaderMutexLock lock(&slot->mu);
  if (new_size > slot->committed) {
    return Error(absl::StatusCode::kOutOfRange, "merkle.bad_size",
                 Cat("new_size ", new_size, " is beyond the log's current size ", slot->committed));
  }
  if (old_size < 1 || old_size > new_size) {
    return Invalid("merkle.bad_size", "need 0 < old_size <= new_size");
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
  absl::ReaderMutexLock lock(&slot.mu);
  return slot.status;
}

std::vector<v1::ElectionStatus> Board::ListElections(const std::string& after, uint32_t page_size,
                                                     std::string* next) {
  if (page_size == 0 || page_size > limits_.max_list_page) page_size = limits_.max_list_page;
  std::vector<std::pair<std::string, std::shared_ptr<Slot>>> page;
  bool more = false;
  {
    absl::ReaderMutexLock lock(&elections_mu_);
    auto it = after.empty() ? elections_.begin() : elections_.upper_bound(after);
    for (; it != elections_.end() && page.size() < page_size; ++it) page.emplace_back(*it);
    more = it != elections_.end();
  }
  std::vector<v1::ElectionStatus> out;
  out.reserve(page.size());
  for (auto& [id, slot] : page) out.push_back(StatusOf(*slot));
  if (next) *next = more && !page.empty() ? page.back().first : std::string();
  return out;
}

absl::StatusOr<v1::ElectionStatus> Board::Status(const std::string& election) {
  auto slot = Find(election);
  if (!slot) return NotFound(election);
  return StatusOf(*slot);
}

absl::StatusOr<uint64_t> EntriesEnd(uint64_t from, uint64_t to, uint64_t committed) {
  if (to != 0 && to < from) {
    return Invalid("entries.bad_range",
                   Cat("to_index ", to, " is below from_index ", from,
                       "; ask for from_index <= to_index, or to_index 0 for the end of the log"));
  }
  return to == 0 ? committed : std::min(committed, to);
}

}  // namespace urne::bulletin_board

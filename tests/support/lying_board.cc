#include "tests/support/lying_board.h"

#include <chrono>
#include <fstream>
#include <iterator>
#include <optional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "board-client/channel.h"
#include "crypto/merkle.h"
#include "election/replay.h"
#include "election/tree_head.h"
#include "status/status.h"
#include "tests/support/process.h"

namespace urne::testing {
namespace {

std::string Str(const Digest32& d) { return std::string(d.begin(), d.end()); }

SigningKey Copy(const SigningKey& key) {
  SecretBytes seed = key.seed();
  return SigningKey::FromSeed(std::span<const uint8_t, kSeedBytes>(seed.data(), kSeedBytes));
}

grpc::Status ToGrpc(const absl::Status& s) {
  if (s.ok()) return grpc::Status::OK;
  std::string reason = ReasonOf(s);
  std::string message(s.message());
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()),
                      reason.empty() ? message : reason + ": " + message);
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

v1::SignedTreeHead Head(const std::string& election, const MerkleTree& tree,
                        const SigningKey& key) {
  v1::SignedTreeHead head;
  head.set_election_id(election);
  head.set_tree_size(tree.Size());
  head.set_root_hash(Str(tree.Root()));
  head.set_timestamp_ms(NowMs());
  SignTreeHead(head, key);
  return head;
}

// A receipt for the entry at `index` of `tree`, its head signed by `key`.
v1::Receipt MakeReceipt(const std::string& election, const MerkleTree& tree, uint64_t index,
                        const SigningKey& key) {
  v1::Receipt receipt;
  receipt.set_election_id(election);
  receipt.set_index(index);
  receipt.set_leaf_hash(Str(tree.Leaf(index)));
  *receipt.mutable_tree_head() = Head(election, tree, key);
  auto path = tree.InclusionProof(index, tree.Size());
  if (path.ok()) {
    for (const auto& h : *path) receipt.add_inclusion_path(Str(h));
  }
  return receipt;
}

}  // namespace

class LyingBoard::Service final : public v1::Board::Service {
 public:
  explicit Service(const BoardEndpoint& real) : stub_(v1::Board::NewStub(MakeBoardChannel(real))) {}

  void ForwardAll() {
    absl::MutexLock lock(&mu_);
    mode_ = Mode::kForward;
    drop_after_.reset();
    per_entry_ = std::chrono::milliseconds(0);
  }
  void DropEntryStreamsAfter(size_t n) {
    absl::MutexLock lock(&mu_);
    drop_after_ = n;
  }
  void SlowEntryStreams(std::chrono::milliseconds per_entry) {
    absl::MutexLock lock(&mu_);
    per_entry_ = per_entry;
  }
  void OwnReceipts(const SigningKey& key) {
    absl::MutexLock lock(&mu_);
    key_.emplace(Copy(key));
    mode_ = Mode::kOwnReceipts;
  }
  absl::Status ServeFork(std::vector<v1::Entry> log, const SigningKey& board_key,
                         bool refuse_and_switch) {
    if (log.empty()) return absl::InvalidArgumentError("a fork has at least its manifest");
    // A log the state machine refuses is served all the same (entries, heads, proofs), as a
    // lying board would; posts and status then need a valid log.
    auto state = Replay(log, 1);
    absl::MutexLock lock(&mu_);
    fork_tree_ = MerkleTree();
    for (const auto& e : log) fork_tree_.Append(EntryLeafHash(e));
    fork_ = std::move(log);
    fork_state_ = state.ok() ? std::move(*state) : nullptr;
    election_ = fork_[0].election_id();
    key_.emplace(Copy(board_key));
    refuse_and_switch_ = refuse_and_switch;
    mode_ = Mode::kFork;
    return absl::OkStatus();
  }
  void ServeEmptyLog(const std::string& election, const SigningKey& board_key) {
    absl::MutexLock lock(&mu_);
    fork_tree_ = MerkleTree();
    fork_.clear();
    fork_state_ = nullptr;
    election_ = election;
    key_.emplace(Copy(board_key));
    refuse_and_switch_ = false;
    mode_ = Mode::kFork;
  }
  std::vector<v1::Entry> fork() const {
    absl::MutexLock lock(&mu_);
    return fork_;
  }
  int intercepted() const {
    absl::MutexLock lock(&mu_);
    return intercepted_;
  }
  void RefusePosts(int n, grpc::Status status) {
    absl::MutexLock lock(&mu_);
    refusals_left_ = n;
    refusal_ = std::move(status);
  }

  grpc::Status Post(grpc::ServerContext* /*context*/, const v1::Entry* entry,
                    v1::Receipt* out) override {
    Mode mode;
    {
      absl::MutexLock lock(&mu_);
      if (refusals_left_ > 0) {
        --refusals_left_;
        ++intercepted_;
        return refusal_;
      }
      if (Forked(entry->election_id())) return PostToFork(*entry, out);
      mode = mode_;
    }
    if (mode == Mode::kOwnReceipts) {
      // The real log as the real board shows it, plus this entry, signed with our key.
      MerkleTree tree;
      grpc::Status read = ReadReal(entry->election_id(), tree);
      if (!read.ok()) return read;
      tree.Append(EntryLeafHash(*entry));
      absl::MutexLock lock(&mu_);
      ++intercepted_;
      *out = MakeReceipt(entry->election_id(), tree, tree.Size() - 1, *key_);
      return grpc::Status::OK;
    }
    grpc::ClientContext context;
    return stub_->Post(&context, *entry, out);
  }

  grpc::Status Entries(grpc::ServerContext* /*context*/, const v1::EntriesRequest* request,
                       grpc::ServerWriter<v1::IndexedEntry>* writer) override {
    std::optional<std::vector<v1::Entry>> forked;
    {
      absl::MutexLock lock(&mu_);
      if (Forked(request->election_id())) forked = fork_;
    }
    if (forked) {
      // The forked log ignores to_index, as a lying board may: a client stops at its bound.
      const std::vector<v1::Entry>& log = *forked;
      for (uint64_t i = request->from_index(); i < log.size(); ++i) {
        v1::IndexedEntry e;
        e.set_index(i);
        *e.mutable_entry() = log[i];
        if (!writer->Write(e)) break;
      }
      return grpc::Status::OK;
    }
    std::optional<size_t> drop_after;
    std::chrono::milliseconds per_entry;
    {
      absl::MutexLock lock(&mu_);
      drop_after = drop_after_;
      per_entry = per_entry_;
    }
    grpc::ClientContext context;
    auto reader = stub_->Entries(&context, *request);
    v1::IndexedEntry e;
    for (size_t sent = 0; reader->Read(&e); ++sent) {
      if (drop_after && sent == *drop_after) {
        context.TryCancel();
        return {grpc::StatusCode::UNAVAILABLE, "the test board dropped the stream"};
      }
      std::this_thread::sleep_for(per_entry);
      if (!writer->Write(e)) {
        context.TryCancel();
        break;
      }
    }
    return reader->Finish();
  }

  grpc::Status TreeHead(grpc::ServerContext* /*context*/, const v1::TreeHeadRequest* request,
                        v1::SignedTreeHead* out) override {
    {
      absl::MutexLock lock(&mu_);
      if (Forked(request->election_id())) {
        *out = Head(election_, fork_tree_, *key_);
        return grpc::Status::OK;
      }
    }
    grpc::ClientContext context;
    return stub_->TreeHead(&context, *request, out);
  }

  grpc::Status InclusionProof(grpc::ServerContext* /*context*/,
                              const v1::InclusionProofRequest* request,
                              v1::InclusionProofResponse* out) override {
    {
      absl::MutexLock lock(&mu_);
      if (Forked(request->election_id())) {
        const MerkleTree& tree = fork_tree_;
        auto path = tree.InclusionProof(request->index(), request->tree_size());
        if (!path.ok()) return ToGrpc(path.status());
        out->set_leaf_hash(Str(tree.Leaf(request->index())));
        for (const auto& h : *path) out->add_path(Str(h));
        return grpc::Status::OK;
      }
    }
    grpc::ClientContext context;
    return stub_->InclusionProof(&context, *request, out);
  }

  grpc::Status ConsistencyProof(grpc::ServerContext* /*context*/,
                                const v1::ConsistencyProofRequest* request,
                                v1::ConsistencyProofResponse* out) override {
    {
      absl::MutexLock lock(&mu_);
      if (Forked(request->election_id())) {
        auto proof = fork_tree_.ConsistencyProof(request->old_size(), request->new_size());
        if (!proof.ok()) return ToGrpc(proof.status());
        for (const auto& h : *proof) out->add_proof(Str(h));
        return grpc::Status::OK;
      }
    }
    grpc::ClientContext context;
    return stub_->ConsistencyProof(&context, *request, out);
  }

  grpc::Status ListElections(grpc::ServerContext* /*context*/,
                             const v1::ListElectionsRequest* request,
                             v1::ListElectionsResponse* out) override {
    grpc::ClientContext context;
    return stub_->ListElections(&context, *request, out);
  }

  grpc::Status GetElectionStatus(grpc::ServerContext* /*context*/,
                                 const v1::ElectionStatusRequest* request,
                                 v1::ElectionStatus* out) override {
    {
      absl::MutexLock lock(&mu_);
      if (Forked(request->election_id()) && fork_state_) {
        const ElectionState& s = *fork_state_;
        out->set_election_id(election_);
        out->set_reference(s.manifest().reference());
        out->set_title_fr(s.manifest().title().fr());
        out->set_title_en(s.manifest().title().en());
        out->set_phase(s.phase());
        out->set_registered(s.roll().size());
        out->set_ballots(s.ballots());
        out->set_revotes(s.revotes());
        out->set_audits(s.audits());
        out->set_tree_size(s.size());
        return grpc::Status::OK;
      }
    }
    grpc::ClientContext context;
    return stub_->GetElectionStatus(&context, *request, out);
  }

 private:
  enum class Mode { kForward, kOwnReceipts, kFork };

  bool Forked(const std::string& election) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return mode_ == Mode::kFork && election == election_;
  }

  // Applies a post to the fork as a board would, and answers with the liar's receipt.
  grpc::Status PostToFork(const v1::Entry& entry, v1::Receipt* out)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!fork_state_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "fork not replayable");
    absl::Status applied = fork_state_->Apply(entry);
    if (!applied.ok()) return ToGrpc(applied);
    fork_.push_back(entry);
    fork_tree_.Append(EntryLeafHash(entry));
    ++intercepted_;
    if (refuse_and_switch_) {
      mode_ = Mode::kForward;
      return ToGrpc(Invalid("close.tree_head_mismatch",
                            "CLOSE must countersign the log as it stands (ballots arrived)"));
    }
    *out = MakeReceipt(election_, fork_tree_, fork_.size() - 1, *key_);
    return grpc::Status::OK;
  }

  // The real board's whole log of `election` into `tree` (read as is: the liar checks nothing).
  grpc::Status ReadReal(const std::string& election, MerkleTree& tree) {
    grpc::ClientContext context;
    v1::EntriesRequest request;
    request.set_election_id(election);
    auto reader = stub_->Entries(&context, request);
    v1::IndexedEntry e;
    while (reader->Read(&e)) tree.Append(EntryLeafHash(e.entry()));
    return reader->Finish();
  }

  std::unique_ptr<v1::Board::Stub> stub_;
  mutable absl::Mutex mu_;
  Mode mode_ ABSL_GUARDED_BY(mu_) = Mode::kForward;
  std::optional<size_t> drop_after_ ABSL_GUARDED_BY(mu_);
  std::chrono::milliseconds per_entry_ ABSL_GUARDED_BY(mu_){0};
  std::optional<SigningKey> key_ ABSL_GUARDED_BY(mu_);
  std::vector<v1::Entry> fork_ ABSL_GUARDED_BY(mu_);
  MerkleTree fork_tree_ ABSL_GUARDED_BY(mu_);
  // Null if the fork does not replay.
  std::unique_ptr<ElectionState> fork_state_ ABSL_GUARDED_BY(mu_) ABSL_PT_GUARDED_BY(mu_);
  std::string election_ ABSL_GUARDED_BY(mu_);
  bool refuse_and_switch_ ABSL_GUARDED_BY(mu_) = false;
  int intercepted_ ABSL_GUARDED_BY(mu_) = 0;
  int refusals_left_ ABSL_GUARDED_BY(mu_) = 0;
  grpc::Status refusal_ ABSL_GUARDED_BY(mu_);
};

absl::StatusOr<std::unique_ptr<LyingBoard>> LyingBoard::Start(const BoardEndpoint& real) {
  std::unique_ptr<LyingBoard> board(new LyingBoard());
  board->service_ = std::make_unique<Service>(real);
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  grpc::SslServerCredentialsOptions tls(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  tls.pem_key_cert_pairs.push_back({read(TestTls().key_file), read(TestTls().cert_file)});
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::SslServerCredentials(tls), &port);
  builder.RegisterService(board->service_.get());
  board->server_ = builder.BuildAndStart();
  if (!board->server_ || port == 0) {
    return absl::UnavailableError("the lying board cannot listen on 127.0.0.1");
  }
  board->address_ = Cat("https://127.0.0.1:", port);
  return board;
}

BoardEndpoint LyingBoard::endpoint() const {
  return ParseBoardEndpoint(address_, {TestTls().ca_file, false}).value();
}

LyingBoard::~LyingBoard() {
  if (server_) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
}

void LyingBoard::ForwardAll() { service_->ForwardAll(); }
void LyingBoard::DropEntryStreamsAfter(size_t n) { service_->DropEntryStreamsAfter(n); }
void LyingBoard::SlowEntryStreams(std::chrono::milliseconds per_entry) {
  service_->SlowEntryStreams(per_entry);
}
void LyingBoard::OwnReceipts(const SigningKey& key) { service_->OwnReceipts(key); }
absl::Status LyingBoard::ServeFork(std::vector<v1::Entry> log, const SigningKey& board_key,
                                   bool refuse_and_switch) {
  return service_->ServeFork(std::move(log), board_key, refuse_and_switch);
}
void LyingBoard::ServeEmptyLog(const std::string& election, const SigningKey& board_key) {
  service_->ServeEmptyLog(election, board_key);
}
std::vector<v1::Entry> LyingBoard::fork() const { return service_->fork(); }
int LyingBoard::intercepted() const { return service_->intercepted(); }
void LyingBoard::RefusePosts(int n, grpc::Status status) {
  service_->RefusePosts(n, std::move(status));
}

}  // namespace urne::testing

#include "board-client/client.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <optional>
#include <random>
#include <thread>
#include <utility>

#include "board-client/channel.h"
#include "crypto/merkle.h"
#include "election/tree_head.h"
#include "status/status.h"
#include "urne/v1/board.grpc.pb.h"

namespace urne {
namespace {

std::string Str(const ElectionId& id) { return {id.begin(), id.end()}; }

// The head must be signed by the board the manifest (entry 0, whose hash is the election id)
// names: another server relaying the real entries cannot sign for it.
absl::Status CheckPinnedKey(const v1::SignedTreeHead& head, const std::vector<v1::Entry>& entries,
                            const ElectionId& election) {
  if (entries.empty()) {
    return Error(absl::StatusCode::kDataLoss, "sync.short",
                 "the board sent no entry, not even the manifest");
  }
  URNE_ASSIGN_OR_RETURN(std::string board_key, ManifestBoardKey(entries[0], election));
  return VerifyTreeHead(head, board_key);
}

bool Contains(const std::string& text, std::string_view word) {
  auto it = std::search(text.begin(), text.end(), word.begin(), word.end(),
                        [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  return it != text.end();
}

// gRPC's refusal of a message over a size limit, "Received message larger than max (X vs. Y)"
// (or "Sent …"), named: the board's limit is its --max-entry-bytes plus 64 KiB
// (specs/board.md §5.3), this program's is kBoardClientMaxMessage. Empty for other messages.
std::optional<absl::Status> MessageSizeRefusal(const std::string& message) {
  constexpr std::string_view kLead = "message larger than max (";
  constexpr std::string_view kVs = " vs. ";
  const size_t lead = message.find(kLead);
  if (lead == std::string::npos) return std::nullopt;
  const std::string_view rest = std::string_view(message).substr(lead + kLead.size());
  const size_t vs = rest.find(kVs);
  const size_t close = rest.find(')');
  if (vs == std::string_view::npos || close == std::string_view::npos || close < vs) {
    return std::nullopt;
  }
  auto number = [](std::string_view digits) -> std::optional<uint64_t> {
    uint64_t n = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return n;
  };
  const std::optional<uint64_t> size = number(rest.substr(0, vs));
  const std::optional<uint64_t> limit =
      number(rest.substr(vs + kVs.size(), close - vs - kVs.size()));
  if (!size || !limit) return std::nullopt;
  const bool ours = *limit == static_cast<uint64_t>(kBoardClientMaxMessage);
  if (ours) {
    return Error(absl::StatusCode::kResourceExhausted, "limit.message_size",
                 Cat("a message of ", *size, " bytes is more than this program sends or receives (",
                     *limit, " bytes); nothing was posted"));
  }
  return Error(absl::StatusCode::kResourceExhausted, "limit.message_size",
               Cat("the board refused a message of ", *size, " bytes: it takes at most ", *limit,
                   " bytes per message (its --max-entry-bytes, plus 64 KiB), and nothing was "
                   "posted. An entry this large (a roll of more than about 490,000 voters under "
                   "the default limit) needs the board restarted with --max-entry-bytes of at "
                   "least ",
                   *size, " (specs/board.md §5.3)"));
}

}  // namespace

struct BoardClient::Grpc {
  const BoardEndpoint& endpoint;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::Board::Stub> stub;

  static std::unique_ptr<grpc::ClientContext> Context(int deadline_s) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(deadline_s));
    return context;
  }

  // grpc status → absl status; a "reason: message" message gets its reason back as payload.
  absl::Status From(const grpc::Status& status) const {
    if (status.ok()) return absl::OkStatus();
    auto code = static_cast<absl::StatusCode>(status.error_code());
    const std::string& message = status.error_message();
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE && Contains(message, "handshake")) {
      return Error(code, "tls.handshake_failed",
                   Cat("the TLS handshake with the board failed, nothing was sent (", message,
                       "); the board's certificate must be signed by a CA you trust (the "
                       "system's, or --tls-ca FILE) and name the host in --board, and the "
                       "board must serve TLS"));
    }
    // The board's own UNAVAILABLE (specs/board.md §5.2): it is up, but stopping. Retried
    // (IsRetryable) like an unreachable board, with the board's words.
    constexpr std::string_view kStopping = "board.stopping: ";
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE && message.starts_with(kStopping)) {
      return Error(code, "board.stopping", message.substr(kStopping.size()));
    }
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
        status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
      return Error(code, "board.unreachable",
                   Cat("cannot reach the board (", message,
                       "); check the --board address and that urne-board is running",
                       endpoint.tls() ? "" : " (a board serving TLS needs https://HOST:PORT)"));
    }
    if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      if (auto refused = MessageSizeRefusal(message)) return *refused;
    }
    size_t colon = message.find(": ");
    if (colon < 64 && message.find(' ') > colon) {  // npos is not < 64
      return Error(code, message.substr(0, colon), message.substr(colon + 2));
    }
    return {code, message};
  }
};

BoardClient::BoardClient(BoardEndpoint endpoint, int deadline_s)
    : endpoint_(std::move(endpoint)), deadline_s_(deadline_s) {
  grpc_ = std::make_unique<Grpc>(Grpc{endpoint_, nullptr, nullptr});
  grpc_->channel = MakeBoardChannel(endpoint_);
  grpc_->stub = v1::Board::NewStub(grpc_->channel);
}

BoardClient::~BoardClient() = default;

bool IsRetryable(const absl::Status& status) {
  // A refused certificate does not get better by waiting.
  if (status.code() == absl::StatusCode::kUnavailable) {
    return ReasonOf(status) != "tls.handshake_failed";
  }
  if (status.code() != absl::StatusCode::kResourceExhausted) return false;
  const std::string reason = ReasonOf(status);
  return reason == "limit.rate" || reason == "limit.in_flight" ||
         reason == "limit.in_flight_bytes" || reason == "limit.queue";
}

absl::StatusOr<v1::Receipt> BoardClient::Post(const v1::Entry& entry) {
  thread_local std::minstd_rand jitter(std::random_device{}());
  int backoff_ms = retry_.initial_backoff_ms;
  for (int attempt = 1;; ++attempt) {
    v1::Receipt receipt;
    auto context = grpc_->Context(deadline_s_);
    absl::Status status = grpc_->From(grpc_->stub->Post(context.get(), entry, &receipt));
    if (status.ok()) return receipt;
    if (attempt >= retry_.max_attempts || !IsRetryable(status)) return status;
    std::uniform_int_distribution<int> spread(backoff_ms / 2, backoff_ms + backoff_ms / 2);
    const auto until = std::chrono::system_clock::now() + std::chrono::milliseconds(spread(jitter));
    if (status.code() == absl::StatusCode::kUnavailable) {
      // No connection: reconnect now and drive that connection while waiting. Without this,
      // gRPC reconnects on its own schedule (1 s, then 1.6 times longer each time), every
      // attempt meanwhile fails at once with the last connection error, and with no call in
      // progress nothing polls the new connection but gRPC's backup poller (every 5 s): one
      // failed connection attempt then made every retry fail for about 15 s.
      grpc::experimental::ChannelResetConnectionBackoff(grpc_->channel.get());
      grpc_->channel->WaitForConnected(until);
    }
    std::this_thread::sleep_until(until);
    backoff_ms = std::min(retry_.max_backoff_ms, backoff_ms * 2);
  }
}

absl::Status BoardClient::ForEachIndexed(const ElectionId& election, uint64_t from, uint64_t until,
                                         const std::function<absl::Status(v1::IndexedEntry&)>& fn) {
  if (until == kLogEnd) {
    // Only a bound for the calls below: the caller checks what it gets against a signed head.
    URNE_ASSIGN_OR_RETURN(v1::SignedTreeHead head, TreeHead(election));
    until = head.tree_size();
  }
  for (uint64_t next = from; next < until;) {
    v1::EntriesRequest request;
    request.set_election_id(Str(election));
    request.set_from_index(next);
    const uint64_t page_end = std::min<uint64_t>(until, next + entries_per_call_);
    request.set_to_index(page_end);
    auto context = grpc_->Context(deadline_s_);
    auto reader = grpc_->stub->Entries(context.get(), request);
    absl::Status s;
    v1::IndexedEntry e;
    while (s.ok() && next < page_end && reader->Read(&e)) {
      s = e.index() == next
              ? fn(e)
              : Error(absl::StatusCode::kDataLoss, "sync.gap",
                      Cat("the board sent entry ", e.index(), " where ", next, " was expected"));
      if (s.ok()) ++next;
    }
    if (!s.ok() || next == page_end) {
      context->TryCancel();
      (void)reader->Finish();  // the page is complete, or the caller's error is the answer
      URNE_RETURN_IF_ERROR(s);
      continue;
    }
    // The stream ended before the page: the board's log ends here, or the call failed.
    return grpc_->From(reader->Finish());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Entry>> BoardClient::Entries(const ElectionId& election,
                                                            uint64_t from,
                                                            std::vector<int64_t>* received_ms,
                                                            uint64_t until) {
  std::vector<v1::Entry> out;
  URNE_RETURN_IF_ERROR(
      ForEachIndexed(election, from, until, [&](v1::IndexedEntry& e) -> absl::Status {
        out.push_back(std::move(*e.mutable_entry()));
        if (received_ms != nullptr) received_ms->push_back(e.received_ms());
        return absl::OkStatus();
      }));
  return out;
}

absl::Status BoardClient::ForEachEntry(const ElectionId& election, uint64_t from,
                                       const std::function<absl::Status(v1::Entry)>& fn,
                                       uint64_t until) {
  return ForEachIndexed(election, from, until,
                        [&fn](v1::IndexedEntry& e) { return fn(std::move(*e.mutable_entry())); });
}

absl::StatusOr<v1::SignedTreeHead> BoardClient::TreeHead(const ElectionId& election) {
  v1::TreeHeadRequest request;
  request.set_election_id(Str(election));
  v1::SignedTreeHead head;
  auto context = grpc_->Context(deadline_s_);
  URNE_RETURN_IF_ERROR(grpc_->From(grpc_->stub->TreeHead(context.get(), request, &head)));
  return head;
}

absl::StatusOr<v1::InclusionProofResponse> BoardClient::InclusionProof(const ElectionId& election,
                                                                       uint64_t index,
                                                                       uint64_t size) {
  v1::InclusionProofRequest request;
  request.set_election_id(Str(election));
  request.set_index(index);
  request.set_tree_size(size);
  v1::InclusionProofResponse out;
  auto context = grpc_->Context(deadline_s_);
  URNE_RETURN_IF_ERROR(grpc_->From(grpc_->stub->InclusionProof(context.get(), request, &out)));
  return out;
}

absl::StatusOr<v1::ConsistencyProofResponse> BoardClient::ConsistencyProof(
    const ElectionId& election, uint64_t old_size, uint64_t new_size) {
  v1::ConsistencyProofRequest request;
  request.set_election_id(Str(election));
  request.set_old_size(old_size);
  request.set_new_size(new_size);
  v1::ConsistencyProofResponse out;
  auto context = grpc_->Context(deadline_s_);
  URNE_RETURN_IF_ERROR(grpc_->From(grpc_->stub->ConsistencyProof(context.get(), request, &out)));
  return out;
}

absl::StatusOr<std::vector<v1::ElectionStatus>> BoardClient::ListElections() {
  std::vector<v1::ElectionStatus> all;
  v1::ListElectionsRequest request;
  for (;;) {
    v1::ListElectionsResponse page;
    auto context = grpc_->Context(deadline_s_);
    URNE_RETURN_IF_ERROR(grpc_->From(grpc_->stub->ListElections(context.get(), request, &page)));
    all.insert(all.end(), page.elections().begin(), page.elections().end());
    if (page.next_page_token().empty()) return all;
    if (page.next_page_token() <= request.page_token() || page.elections().empty()) {
      return Error(absl::StatusCode::kDataLoss, "sync.bad_page",
                   "the board's election pages do not advance");
    }
    request.set_page_token(page.next_page_token());
  }
}

absl::StatusOr<v1::ElectionStatus> BoardClient::Status(const ElectionId& election) {
  v1::ElectionStatusRequest request;
  request.set_election_id(Str(election));
  v1::ElectionStatus out;
  auto context = grpc_->Context(deadline_s_);
  URNE_RETURN_IF_ERROR(grpc_->From(grpc_->stub->GetElectionStatus(context.get(), request, &out)));
  return out;
}

absl::StatusOr<SyncedElection> BoardClient::Sync(const ElectionId& election, unsigned threads,
                                                 const ReplayProgress& progress) {
  SyncedElection out;
  URNE_ASSIGN_OR_RETURN(out.tree_head, TreeHead(election));
  URNE_RETURN_IF_ERROR(VerifyTreeHeadSignature(out.tree_head));
  if (out.tree_head.election_id() != Str(election)) {
    return Invalid("tree_head.wrong_election", "the board answered for another election");
  }
  URNE_ASSIGN_OR_RETURN(out.entries,
                        Entries(election, 0, &out.received_ms, out.tree_head.tree_size()));
  URNE_RETURN_IF_ERROR(CheckPinnedKey(out.tree_head, out.entries, election));
  if (out.entries.size() < out.tree_head.tree_size()) {
    return Error(absl::StatusCode::kDataLoss, "sync.short",
                 Cat("the board's tree head covers ", out.tree_head.tree_size(),
                     " entries but it sent ", out.entries.size()));
  }
  out.entries.resize(out.tree_head.tree_size());  // later entries come with a later head
  out.received_ms.resize(out.tree_head.tree_size());
  MerkleTree tree;
  for (const auto& e : out.entries) tree.Append(EntryLeafHash(e));
  Digest32 root = tree.Root();
  if (out.tree_head.root_hash() != std::string(root.begin(), root.end())) {
    return Error(absl::StatusCode::kDataLoss, "sync.root_mismatch",
                 "the entries the board sent do not match its signed tree head");
  }
  URNE_ASSIGN_OR_RETURN(out.state, Replay(out.entries, threads, progress));
  return out;
}

absl::StatusOr<SyncedElection> BoardClient::SyncSetup(const ElectionId& election, RollCheck roll) {
  SyncedElection out;
  URNE_ASSIGN_OR_RETURN(out.tree_head, TreeHead(election));
  URNE_RETURN_IF_ERROR(VerifyTreeHeadSignature(out.tree_head));
  if (out.tree_head.election_id() != Str(election)) {
    return Invalid("tree_head.wrong_election", "the board answered for another election");
  }
  const uint64_t size = out.tree_head.tree_size();
  {
    v1::EntriesRequest request;
    request.set_election_id(Str(election));
    request.set_to_index(size);
    auto context = grpc_->Context(deadline_s_);
    auto reader = grpc_->stub->Entries(context.get(), request);
    v1::IndexedEntry e;
    bool opened = false;
    while (!opened && out.entries.size() < size && reader->Read(&e)) {
      if (e.index() != out.entries.size()) {
        return Error(absl::StatusCode::kDataLoss, "sync.gap", "the board skipped entries");
      }
      opened = e.entry().kind() == v1::OPEN;
      out.entries.push_back(std::move(*e.mutable_entry()));
      out.received_ms.push_back(e.received_ms());
    }
    context->TryCancel();
    grpc::Status finished = reader->Finish();
    if (!opened && out.entries.size() < size) URNE_RETURN_IF_ERROR(grpc_->From(finished));
  }
  if (out.entries.empty()) return Error(absl::StatusCode::kDataLoss, "sync.short", "empty log");
  URNE_RETURN_IF_ERROR(CheckPinnedKey(out.tree_head, out.entries, election));
  MerkleTree tree;
  for (const auto& e : out.entries) tree.Append(EntryLeafHash(e));
  URNE_ASSIGN_OR_RETURN(Digest32 head_root,
                        DecodeDigest(AsBytes(out.tree_head.root_hash()), "tree_head.malformed"));
  std::vector<Digest32> proof;
  if (tree.Size() < size) {
    URNE_ASSIGN_OR_RETURN(auto response, ConsistencyProof(election, tree.Size(), size));
    URNE_ASSIGN_OR_RETURN(proof, DecodeMerklePath(response.proof(), "merkle.consistency.invalid"));
  }
  if (!VerifyConsistency(tree.Size(), size, tree.Root(), head_root, proof).ok()) {
    return Error(absl::StatusCode::kDataLoss, "sync.root_mismatch",
                 "the entries the board sent are not a prefix of its signed log");
  }
  URNE_ASSIGN_OR_RETURN(out.state, Replay(out.entries, 1, {}, [roll](ElectionState& state) {
                          if (roll == RollCheck::kLengthAndOrder) state.SetRollCheckedBefore();
                        }));
  return out;
}

absl::StatusOr<ElectionId> ParseElectionId(const std::string& hex) {
  auto bytes = FromHex(hex);
  if (!bytes.ok() || bytes->size() != 32) {
    return Invalid("election.bad_id",
                   "an election id is 64 lower-case hex digits, as printed by urne-admin create");
  }
  ElectionId id;
  std::copy(bytes->begin(), bytes->end(), id.begin());
  return id;
}

}  // namespace urne

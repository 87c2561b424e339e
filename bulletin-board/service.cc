#include "bulletin-board/service.h"

#include <grpcpp/health_check_service_interface.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "bulletin-board/conn_gate.h"
#include "crypto/bytes.h"
#include "status/status.h"

namespace urne::bulletin_board {
namespace {

constexpr uint64_t kEntriesPage = 256;

template <typename T>
grpc::ServerUnaryReactor* Respond(grpc::CallbackServerContext* context, absl::StatusOr<T> result,
                                  T* response) {
  auto* reactor = context->DefaultReactor();
  if (result.ok()) {
    *response = std::move(*result);
    reactor->Finish(grpc::Status::OK);
  } else {
    reactor->Finish(ToGrpc(result.status()));
  }
  return reactor;
}

// Streams committed entries page by page up to the request's to_index, or to the end of the
// log at the time of the call when that comes first or to_index is 0 (specs/board.md §5).
class EntriesWriter final : public grpc::ServerWriteReactor<v1::IndexedEntry> {
 public:
  EntriesWriter(Board& board, const v1::EntriesRequest& request)
      : board_(board), election_(request.election_id()), next_(request.from_index()) {
    auto head = board_.TreeHead(election_);
    if (!head.ok()) {
      Finish(ToGrpc(head.status()));
      return;
    }
    auto end = EntriesEnd(request.from_index(), request.to_index(), head->tree_size());
    if (!end.ok()) {
      Finish(ToGrpc(end.status()));
      return;
    }
    end_ = *end;
    NextWrite();
  }
  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "client went away"));
      return;
    }
    NextWrite();
  }
  void OnDone() override { delete this; }

 private:
  void NextWrite() {
    if (pos_ == page_.size()) {
      if (next_ >= end_) {
        Finish(grpc::Status::OK);
        return;
      }
      auto page = board_.Entries(election_, next_, std::min(kEntriesPage, end_ - next_));
      if (!page.ok()) {
        Finish(ToGrpc(page.status()));
        return;
      }
      if (page->empty()) {
        Finish(grpc::Status::OK);
        return;
      }
      page_ = std::move(*page);
      pos_ = 0;
      next_ = page_.back().index() + 1;
    }
    StartWrite(&page_[pos_++]);
  }
  Board& board_;
  std::string election_;
  uint64_t next_;
  uint64_t end_ = 0;
  std::vector<v1::IndexedEntry> page_;
  size_t pos_ = 0;
};

// Written by the signal handler, so of the one type a handler may write (a plain bool
// read in a loop could be read once and never again).
volatile std::sig_atomic_t stop_requested = 0;
void OnSignal(int /*signal*/) {
  // Only sets a flag; the main thread polls it.
  stop_requested = 1;
}

}  // namespace

std::string ClientHostOfPeer(std::string_view peer) {
  for (std::string_view scheme : {"ipv4:", "ipv6:"}) {
    if (peer.substr(0, scheme.size()) == scheme) peer.remove_prefix(scheme.size());
  }
  std::string_view host = peer;
  if (!peer.empty() && peer.front() == '[') {
    size_t close = peer.find(']');
    if (close != std::string_view::npos) host = peer.substr(1, close - 1);
  } else if (size_t colon = peer.rfind(':'); colon != std::string_view::npos) {
    host = peer.substr(0, colon);
  }
  constexpr std::string_view kMapped = "::ffff:";
  if (host.size() > kMapped.size() && host.substr(0, kMapped.size()) == kMapped &&
      host.find('.') != std::string_view::npos) {
    host.remove_prefix(kMapped.size());
  }
  return std::string(host);
}

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  std::string reason = ReasonOf(status);
  std::string message(status.message());
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      reason.empty() ? message : Cat(reason, ": ", message));
}

grpc::ServerUnaryReactor* BoardServiceImpl::Post(grpc::CallbackServerContext* context,
                                                 const v1::Entry* request, v1::Receipt* response) {
  auto* reactor = context->DefaultReactor();
  // Limit per client host, not per ephemeral port.
  board_.Post(*request, ClientHostOfPeer(context->peer()),
              [reactor, response](absl::StatusOr<v1::Receipt> result) {
                if (result.ok()) {
                  *response = std::move(*result);
                  reactor->Finish(grpc::Status::OK);
                } else {
                  reactor->Finish(ToGrpc(result.status()));
                }
              });
  return reactor;
}

grpc::ServerWriteReactor<v1::IndexedEntry>* BoardServiceImpl::Entries(
    grpc::CallbackServerContext* /*context*/, const v1::EntriesRequest* request) {
  return new EntriesWriter(board_, *request);
}

grpc::ServerUnaryReactor* BoardServiceImpl::TreeHead(grpc::CallbackServerContext* context,
                                                     const v1::TreeHeadRequest* request,
                                                     v1::SignedTreeHead* response) {
  return Respond(context, board_.TreeHead(request->election_id()), response);
}

grpc::ServerUnaryReactor* BoardServiceImpl::InclusionProof(grpc::CallbackServerContext* context,
                                                           const v1::InclusionProofRequest* request,
                                                           v1::InclusionProofResponse* response) {
  return Respond(
      context,
      board_.InclusionProof(request->election_id(), request->index(), request->tree_size()),
      response);
}

grpc::ServerUnaryReactor* BoardServiceImpl::ConsistencyProof(
    grpc::CallbackServerContext* context, const v1::ConsistencyProofRequest* request,
    v1::ConsistencyProofResponse* response) {
  return Respond(
      context,
      board_.ConsistencyProof(request->election_id(), request->old_size(), request->new_size()),
      response);
}

grpc::ServerUnaryReactor* BoardServiceImpl::ListElections(grpc::CallbackServerContext* context,
                                                          const v1::ListElectionsRequest* request,
                                                          v1::ListElectionsResponse* response) {
  v1::ListElectionsResponse out;
  std::string next;
  for (auto& e : board_.ListElections(request->page_token(), request->page_size(), &next)) {
    *out.add_elections() = std::move(e);
  }
  out.set_next_page_token(next);
  return Respond(context, absl::StatusOr<v1::ListElectionsResponse>(std::move(out)), response);
}

grpc::ServerUnaryReactor* BoardServiceImpl::GetElectionStatus(
    grpc::CallbackServerContext* context, const v1::ElectionStatusRequest* request,
    v1::ElectionStatus* response) {
  return Respond(context, board_.Status(request->election_id()), response);
}

absl::Status Serve(const std::string& dir, const Listener& listener, BoardLimits limits,
                   AuthorityAllowlist authorities, ConnectionLimits connections,
                   const WebOptions* web) {
  const std::string& listen = listener.address;
  const bool tls = !listener.cert_pem.empty();
  // Descriptors: as many as allowed, and connections capped well below that, so that
  // accept() never fails with EMFILE (conn_gate.h).
  const uint64_t descriptors = RaiseDescriptorLimit();
  const uint64_t room = descriptors > 512 ? descriptors - 256 : descriptors / 2;
  size_t max_connections = connections.max_connections ? connections.max_connections : 4096;
  if (max_connections > room) max_connections = room;
  SetConnectionCap(max_connections);

  // Declared before the board, so destroyed after it: a post the board answers while
  // stopping still finds the HTTP server's queue (http_server.h).
  std::unique_ptr<HttpServer> http;
  std::unique_ptr<HttpFront> front;
  auto board = Board::Open(dir, limits, std::move(authorities));
  if (!board.ok()) return board.status();
  if (web) {
    front = std::make_unique<HttpFront>(**board, *web->booth, !web->listener.cert_pem.empty());
    HttpConnectionLimits http_limits;
    http_limits.max_connections = max_connections;
    http_limits.handshake_timeout_ms = connections.handshake_timeout_ms;
    auto started = HttpServer::Start(web->listener, *front, http_limits);
    if (!started.ok()) return started.status();
    http = std::move(*started);
    const std::string& address = web->listener.address;
    std::printf("urne-board booth on %s%s:%d/\n",
                web->listener.cert_pem.empty() ? "http://" : "https://",
                address.substr(0, address.rfind(':')).c_str(), http->port());
    std::printf("booth digest %s (%zu files)\n", ToHex(web->booth->digest()).c_str(),
                web->booth->size());
  }
  BoardServiceImpl service(**board);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int port = 0;
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
  if (tls) {
    grpc::SslServerCredentialsOptions options(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    options.pem_key_cert_pairs.push_back({listener.key_pem, listener.cert_pem});
    credentials = grpc::SslServerCredentials(options);
  }
  builder.AddListeningPort(listen, credentials, &port);
  builder.RegisterService(&service);
  const int max_message = static_cast<int>(limits.max_entry_bytes + kEnvelopeBytes);
  builder.SetMaxReceiveMessageSize(max_message);
  builder.SetMaxSendMessageSize(max_message);
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS,
                             connections.handshake_timeout_ms);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, connections.idle_timeout_ms);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, connections.keepalive_time_ms);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, connections.keepalive_timeout_ms);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, connections.max_streams);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    return Error(absl::StatusCode::kUnavailable, "board.listen",
                 Cat("cannot listen on ", listen,
                     tls ? " (address in use or invalid, or the TLS certificate and key are not "
                           "a matching PEM pair)"
                         : " (address in use or invalid)"));
  }
  std::string host = listen.substr(0, listen.rfind(':'));
  std::printf("urne-board listening on %s%s:%d\n", tls ? "https://" : "", host.c_str(), port);
  std::printf("board key %s\n", ToHex((*board)->key().bytes).c_str());
  std::printf("at most %zu connections (descriptor limit %llu)\n", max_connections,
              static_cast<unsigned long long>(descriptors));
  static_cast<void>(std::fflush(stdout));            // a closed stdout only loses these lines
  static_cast<void>(std::signal(SIGINT, OnSignal));  // cannot fail for these signals
  static_cast<void>(std::signal(SIGTERM, OnSignal));
  while (stop_requested == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // Posts not yet verified are refused at once (their clients see why); then the calls in
  // progress get 200 ms. Every acknowledged post is committed: the rest can be cut short.
  (*board)->Stop();
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(200));
  if (http) http->Stop();
  return absl::OkStatus();
}

}  // namespace urne::bulletin_board

// BoardServiceImpl: the urne.v1.Board gRPC service over a Board (callback API).
// Errors map 1:1 from absl codes; the message starts with the stable reason
// ("phase.wrong: …"). Thread-safe.
#ifndef URNE_BULLETIN_BOARD_SERVICE_H_
#define URNE_BULLETIN_BOARD_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "bulletin-board/board.h"
#include "bulletin-board/booth_files.h"
#include "bulletin-board/http_server.h"
#include "urne/v1/board.grpc.pb.h"

namespace urne::bulletin_board {

// The client host of a gRPC peer name ("ipv4:127.0.0.1:5000" → "127.0.0.1",
// "ipv6:[::1]:5000" → "::1", an IPv4-mapped IPv6 address → its IPv4 form): the key of the
// per-host rate and in-flight limits, the same form the HTTPS port uses (http_server.cc), so
// that one host shares one budget across both ports.
std::string ClientHostOfPeer(std::string_view peer);

// absl status → grpc status, message "reason: message".
grpc::Status ToGrpc(const absl::Status& status);

class BoardServiceImpl final : public v1::Board::CallbackService {
 public:
  explicit BoardServiceImpl(Board& board) : board_(board) {}

  grpc::ServerUnaryReactor* Post(grpc::CallbackServerContext* context, const v1::Entry* request,
                                 v1::Receipt* response) override;
  grpc::ServerWriteReactor<v1::IndexedEntry>* Entries(grpc::CallbackServerContext* context,
                                                      const v1::EntriesRequest* request) override;
  grpc::ServerUnaryReactor* TreeHead(grpc::CallbackServerContext* context,
                                     const v1::TreeHeadRequest* request,
                                     v1::SignedTreeHead* response) override;
  grpc::ServerUnaryReactor* InclusionProof(grpc::CallbackServerContext* context,
                                           const v1::InclusionProofRequest* request,
                                           v1::InclusionProofResponse* response) override;
  grpc::ServerUnaryReactor* ConsistencyProof(grpc::CallbackServerContext* context,
                                             const v1::ConsistencyProofRequest* request,
                                             v1::ConsistencyProofResponse* response) override;
  grpc::ServerUnaryReactor* ListElections(grpc::CallbackServerContext* context,
                                          const v1::ListElectionsRequest* request,
                                          v1::ListElectionsResponse* response) override;
  grpc::ServerUnaryReactor* GetElectionStatus(grpc::CallbackServerContext* context,
                                              const v1::ElectionStatusRequest* request,
                                              v1::ElectionStatus* response) override;

 private:
  Board& board_;
};

// Where and how the board listens: `address` is HOST:PORT; with a certificate chain and key
// (PEM) it serves TLS (gRPC SSL server credentials, no client certificates), else plain text.
// Which of the two is allowed where is the caller's rule (cli/transport.h).
struct Listener {
  std::string address;
  std::string cert_pem;  // empty: plain text
  std::string key_pem;
};

// How the server treats connections (specs/board.md §5.3 "Connections").
struct ConnectionLimits {
  // Connections held at once; 0: 4096, and never more than the descriptor limit minus 256.
  size_t max_connections = 0;
  // A connection that has not completed its HTTP/2 (and TLS) handshake within this is closed.
  int handshake_timeout_ms = 10'000;
  // A connection without any call for this long is closed (GOAWAY).
  int idle_timeout_ms = 300'000;
  // The server pings a connection idle for this long and closes it if no answer comes within
  // keepalive_timeout_ms (half-open connections).
  int keepalive_time_ms = 60'000;
  int keepalive_timeout_ms = 20'000;
  // Concurrent calls per connection.
  int max_streams = 256;
};

// The board's HTTPS port: the booth and the JSON API (specs/board.md §7, specs/booth.md §7).
struct WebOptions {
  HttpListener listener;
  const BoothRelease* booth = nullptr;  // required; must outlive Serve
};

// Runs a board server on `listener` until the process gets SIGINT / SIGTERM. Raises the
// descriptor limit to its hard limit and caps connections below it first (conn_gate.h).
// With `web`, also serves the HTTPS port, and prints "urne-board booth on https://HOST:PORT/"
// (or http:// in plain text) and "booth digest HEX" first. Then prints
// "urne-board listening on https://HOST:PORT" (TLS) or "… on HOST:PORT" (plain) once
// ready, PORT resolved when 0. Reason "board.listen" when an address cannot be bound or the
// certificate and key are not usable.
absl::Status Serve(const std::string& dir, const Listener& listener, BoardLimits limits,
                   AuthorityAllowlist authorities, ConnectionLimits connections = {},
                   const WebOptions* web = nullptr);

}  // namespace urne::bulletin_board

#endif  // URNE_BULLETIN_BOARD_SERVICE_H_

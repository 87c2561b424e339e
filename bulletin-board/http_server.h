// HttpServer: the board's HTTPS port (specs/board.md §7 "Connections", §6 transport):
// HTTP/1.1 over TLS (OpenSSL through Boost.Asio, TLS 1.2 and 1.3 only) or, where the caller
// allows it, plain text; Boost.Beast parses requests. Each request's head is checked
// (HttpFront::BodyLimit) before its body is read; the answer comes from HttpFront::Handle
// and carries HttpFront::common_headers().
//
// Runs on its own two threads from Start until Stop (or destruction). The front must outlive
// the server; answers that arrive after Stop (a post committed late) are dropped safely as
// long as the server object itself is destroyed after whatever calls them (the Board).
#ifndef URNE_BULLETIN_BOARD_HTTP_SERVER_H_
#define URNE_BULLETIN_BOARD_HTTP_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "bulletin-board/http_api.h"

namespace urne::bulletin_board {

struct HttpListener {
  std::string address;   // HOST:PORT (PORT 0: any free port)
  std::string cert_pem;  // empty: plain text
  std::string key_pem;
};

struct HttpConnectionLimits {
  size_t max_connections = 4096;
  int handshake_timeout_ms = 10'000;
  // A complete request must arrive within this of the handshake or the previous answer, and
  // an answer must be taken within it.
  int request_timeout_ms = 30'000;
  // Largest request head.
  uint32_t max_head_bytes = 16 << 10;
};

class HttpServer {
 public:
  // Binds `listener.address` and starts serving. Reason "board.listen" when the address
  // cannot be bound or the certificate and key are not a usable PEM pair.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(const HttpListener& listener,
                                                           HttpFront& front,
                                                           HttpConnectionLimits limits);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port (resolved when 0 was asked).
  uint16_t port() const;
  // Stops accepting and serving, and joins the threads. Idempotent.
  void Stop();

  struct Impl;

 private:
  explicit HttpServer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

}  // namespace urne::bulletin_board

#endif  // URNE_BULLETIN_BOARD_HTTP_SERVER_H_

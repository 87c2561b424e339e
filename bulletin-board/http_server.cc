#include "bulletin-board/http_server.h"

#include <openssl/ssl.h>

#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <limits>
#include <optional>
#include <thread>
#include <vector>

#include "bulletin-board/conn_gate.h"
#include "status/status.h"

namespace urne::bulletin_board {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

struct HttpServer::Impl {
  HttpFront* front = nullptr;
  HttpConnectionLimits limits;
  std::atomic<size_t> connections{0};
  std::optional<ssl::context> tls;
  // Declared after what sessions use, so that sessions still queued in it when it is
  // destroyed find those alive.
  net::io_context ioc{2};
  std::optional<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  std::atomic<bool> stopped{false};
  uint16_t port = 0;

  void Accept();
};

namespace {

using Request = http::request<http::string_body>;

std::string HostOf(const tcp::socket& socket) {
  beast::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  auto address = endpoint.address();
  // An IPv4 client on a dual-stack socket: key it as IPv4, like gRPC's peer names.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return address.to_v6().to_v4().to_string();
  }
  return address.to_string();
}

// One connection: reads requests one after the other and answers each (HTTP/1.1
// keep-alive). Stream is beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>.
template <typename Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(HttpServer::Impl& server, Stream stream, std::string client)
      : server_(server), stream_(std::move(stream)), client_(std::move(client)) {}
  ~Session() { server_.connections.fetch_sub(1); }

  void Start() {
    if constexpr (kTls) {
      Lowest().expires_after(std::chrono::milliseconds(server_.limits.handshake_timeout_ms));
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->Read();
                              });
    } else {
      Read();
    }
  }

 private:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  void Read() {
    parser_.emplace();
    parser_->header_limit(server_.limits.max_head_bytes);
    // Beast checks a declared length against the body limit while reading the head; the
    // front decides the limit (and the answer to a longer body) once the head is read.
    parser_->body_limit(std::numeric_limits<uint64_t>::max());
    Lowest().expires_after(std::chrono::milliseconds(server_.limits.request_timeout_ms));
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnHead(ec); });
  }

  void OnHead(beast::error_code ec) {
    if (ec) return Close();
    const Request& request = parser_->get();
    head_ = HttpRequestHead{};
    head_.method = std::string(request.method_string());
    head_.target = std::string(request.target());
    head_.content_type = std::string(request[http::field::content_type]);
    head_.accept_encoding = std::string(request[http::field::accept_encoding]);
    head_.if_none_match = std::string(request[http::field::if_none_match]);
    if (auto length = parser_->content_length()) head_.content_length = *length;
    head_.client = client_;
    keep_alive_ = request.keep_alive();
    auto limit = server_.front->BodyLimit(head_);
    if (auto* refusal = std::get_if<HttpResponse>(&limit)) {
      return Refuse(std::move(*refusal));
    }
    const uint64_t max_body = std::get<uint64_t>(limit);
    if (max_body == 0 && (parser_->chunked() || head_.content_length.value_or(0) > 0)) {
      return Refuse(
          HttpFront::ErrorResponse(Error(absl::StatusCode::kResourceExhausted, "limit.message_size",
                                         "this request takes no body"),
                                   413));
    }
    parser_->body_limit(max_body);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  // Answers without reading the body, then closes. The unread body is read and dropped for a
  // while first (at most kDrainBytes, within the request timeout): closing a socket with
  // unread data resets the connection, and the client could lose the answer.
  void Refuse(HttpResponse response) {
    keep_alive_ = false;
    draining_ = true;
    Write(std::move(response));
  }

  void Drain() {
    auto scratch = std::make_shared<std::array<char, 16384>>();
    stream_.async_read_some(net::buffer(*scratch), [self = this->shared_from_this(), scratch](
                                                       beast::error_code ec, size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > kDrainBytes) return self->Close();
      self->Drain();
    });
  }

  void OnBody(beast::error_code ec) {
    if (ec) return Close();
    Lowest().expires_never();  // a post may wait for its commit
    std::string body = std::move(parser_->get().body());
    auto self = this->shared_from_this();
    server_.front->Handle(head_, body, [self](HttpResponse response) {
      net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->Write(std::move(response));
      });
    });
  }

  void Write(HttpResponse response) {
    auto out = std::make_shared<http::response<http::string_body>>();
    out->version(11);
    out->result(static_cast<unsigned>(response.status));
    for (const auto& [name, value] : server_.front->common_headers()) out->set(name, value);
    for (const auto& [name, value] : response.headers) out->set(name, value);
    out->body() = std::move(response.body);
    out->prepare_payload();
    if (head_.method == "HEAD" || response.status == 304) out->body().clear();
    if (response.status == 304) out->erase(http::field::content_length);
    out->keep_alive(keep_alive_);
    Lowest().expires_after(std::chrono::milliseconds(server_.limits.request_timeout_ms));
    http::async_write(stream_, *out,
                      [self = this->shared_from_this(), out](beast::error_code ec, size_t) {
                        if (ec) return self->Close();
                        if (self->keep_alive_) return self->Read();
                        if (self->draining_) return self->Drain();
                        self->Close();
                      });
  }

  void Close() {
    if constexpr (kTls) {
      Lowest().expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
        beast::error_code ignored;
        self->Lowest().socket().close(ignored);
      });
    } else {
      beast::error_code ignored;
      Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
      Lowest().socket().close(ignored);
    }
  }

  HttpServer::Impl& server_;
  Stream stream_;
  std::string client_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpRequestHead head_;
  bool keep_alive_ = false;
  bool draining_ = false;
  size_t drained_ = 0;
  static constexpr size_t kDrainBytes = 1 << 20;
};

}  // namespace

void HttpServer::Impl::Accept() {
  acceptor->async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || stopped) return;
    if (!ec) {
      // This port's own bound, then the process-wide cap shared with the gRPC port
      // (conn_gate.h): beyond either, the connection is closed as soon as it is accepted.
      if (connections.fetch_add(1) >= limits.max_connections ||
          !AdmitConnection(socket.native_handle())) {
        connections.fetch_sub(1);
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        // Answers go out as soon as they are written: without this, a response written as
        // more than one segment (head, then body) waits for the client's delayed ACK (Nagle).
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        std::string client = HostOf(socket);
        if (tls) {
          std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
              *this, beast::ssl_stream<beast::tcp_stream>(std::move(socket), *tls),
              std::move(client))
              ->Start();
        } else {
          std::make_shared<Session<beast::tcp_stream>>(*this, beast::tcp_stream(std::move(socket)),
                                                       std::move(client))
              ->Start();
        }
      }
    }
    if (ec) {
      // E.g. out of descriptors: wait a little instead of spinning on the error.
      auto timer = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(100));
      timer->async_wait([this, timer](beast::error_code) {
        if (!stopped) Accept();
      });
      return;
    }
    Accept();
  });
}

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpListener& listener,
                                                              HttpFront& front,
                                                              HttpConnectionLimits limits) {
  auto impl = std::make_shared<Impl>();
  impl->front = &front;
  impl->limits = limits;
  auto refuse = [&](std::string_view why) {
    return Error(absl::StatusCode::kUnavailable, "board.listen",
                 Cat("cannot serve HTTP on ", listener.address, ": ", why));
  };
  if (!listener.cert_pem.empty()) {
    impl->tls.emplace(ssl::context::tls_server);
    SSL_CTX* ctx = impl->tls->native_handle();
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    // TLS 1.2: ECDHE with AEAD only (TLS 1.3 suites are all AEAD).
    SSL_CTX_set_cipher_list(ctx, "ECDHE+AESGCM:ECDHE+CHACHA20");
    impl->tls->set_options(ssl::context::default_workarounds | ssl::context::no_compression |
                           ssl::context::single_dh_use);
    beast::error_code ec;
    impl->tls->use_certificate_chain(net::buffer(listener.cert_pem), ec);
    if (!ec) impl->tls->use_private_key(net::buffer(listener.key_pem), ssl::context::pem, ec);
    if (ec || SSL_CTX_check_private_key(ctx) != 1) {
      return refuse("the TLS certificate and key are not a matching PEM pair");
    }
  }
  size_t colon = listener.address.rfind(':');
  if (colon == std::string::npos) return refuse("not HOST:PORT");
  std::string host = listener.address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string port = listener.address.substr(colon + 1);
  beast::error_code ec;
  tcp::resolver resolver(impl->ioc);
  auto endpoints = resolver.resolve(host, port, tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty())
    return refuse(Cat("the address does not resolve (", ec.message(), ")"));
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  impl->acceptor.emplace(impl->ioc);
  impl->acceptor->open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor->bind(endpoint, ec);
  if (!ec) impl->acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (!ec) impl->port = impl->acceptor->local_endpoint(ec).port();
  if (ec) return refuse(Cat("address in use or invalid (", ec.message(), ")"));
  impl->Accept();
  for (int i = 0; i < 2; ++i) impl->threads.emplace_back([impl = impl.get()] { impl->ioc.run(); });
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::~HttpServer() { Stop(); }

uint16_t HttpServer::port() const { return impl_->port; }

void HttpServer::Stop() {
  if (impl_->stopped.exchange(true)) return;
  net::post(impl_->ioc, [impl = impl_.get()] {
    beast::error_code ignored;
    impl->acceptor->close(ignored);
  });
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace urne::bulletin_board

#include "tests/support/http_client.h"

#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "tests/support/process.h"

namespace urne::testing {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

absl::Status Failed(const std::string& what, const beast::error_code& ec) {
  return absl::UnavailableError(what + ": " + ec.message());
}

template <typename Stream>
absl::StatusOr<HttpReply> Exchange(Stream& stream, const std::string& host, const HttpCall& call) {
  beast::error_code ec;
  http::request<http::string_body> request;
  request.method_string(call.method);
  request.target(call.target);
  request.version(11);
  request.set(http::field::host, host);
  request.keep_alive(false);
  for (const auto& [name, value] : call.headers) request.set(name, value);
  if (call.head_only_length) {
    request.content_length(*call.head_only_length);
    http::request_serializer<http::string_body> serializer(request);
    http::write_header(stream, serializer, ec);
    if (ec) return Failed("write", ec);
  } else {
    request.body() = call.body;
    if (call.chunked) {
      request.chunked(true);
    } else if (!call.body.empty() || call.method == "POST") {
      request.prepare_payload();
    }
    http::write(stream, request, ec);
    if (ec) return Failed("write", ec);
  }
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  if (call.method == "HEAD") parser.skip(true);
  http::read(stream, buffer, parser, ec);
  if (ec && ec != http::error::end_of_stream) return Failed("read", ec);
  HttpReply reply;
  auto& response = parser.get();
  reply.status = static_cast<int>(response.result_int());
  for (const auto& field : response) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    reply.headers[name] = std::string(field.value());
  }
  reply.body = std::move(response.body());
  return reply;
}

}  // namespace

absl::StatusOr<HttpReply> HttpDo(const std::string& base, const HttpCall& call) {
  const bool tls = base.rfind("https://", 0) == 0;
  std::string rest = base.substr(tls ? 8 : 7);
  size_t colon = rest.rfind(':');
  std::string host = rest.substr(0, colon);
  std::string port = rest.substr(colon + 1);
  net::io_context ioc;
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  auto endpoints = resolver.resolve(host, port, ec);
  if (ec) return Failed("resolve", ec);
  if (!tls) {
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(30));
    stream.connect(endpoints, ec);
    if (ec) return Failed("connect", ec);
    return Exchange(stream, host, call);
  }
  ssl::context ctx(ssl::context::tls_client);
  ctx.load_verify_file(TestTls().ca_file, ec);
  if (ec) return Failed("CA file", ec);
  ctx.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
  stream.set_verify_callback(ssl::host_name_verification(host));
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
  beast::get_lowest_layer(stream).connect(endpoints, ec);
  if (ec) return Failed("connect", ec);
  stream.handshake(ssl::stream_base::client, ec);
  if (ec) return Failed("TLS handshake", ec);
  return Exchange(stream, host, call);
}

}  // namespace urne::testing

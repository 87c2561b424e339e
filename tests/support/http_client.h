// A minimal HTTPS/1.1 client for the tests of the board's HTTP port (Boost.Beast over
// OpenSSL): one request per connection, the server certificate checked against the test CA
// (TestTls()) and the host name. It can send what a browser never would (a target with "..",
// a Content-Length without its body, a chunked body) so that the tests can show the board
// refuses it. Not thread-safe per call; no state between calls.
#ifndef URNE_TESTS_SUPPORT_HTTP_CLIENT_H_
#define URNE_TESTS_SUPPORT_HTTP_CLIENT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace urne::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

struct HttpCall {
  std::string method = "GET";
  std::string target = "/";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Send only the head, with this Content-Length (the body is never sent).
  std::optional<uint64_t> head_only_length;
  bool chunked = false;  // send `body` with Transfer-Encoding: chunked
};

// `base` is "https://HOST:PORT" (or "http://HOST:PORT" for a plain-text port). Fails with
// UNAVAILABLE when the connection, TLS handshake or exchange fails (the message says which).
absl::StatusOr<HttpReply> HttpDo(const std::string& base, const HttpCall& call);

inline absl::StatusOr<HttpReply> HttpGet(const std::string& base, const std::string& target) {
  HttpCall call;
  call.target = target;
  return HttpDo(base, call);
}

inline absl::StatusOr<HttpReply> HttpPostJson(const std::string& base, const std::string& target,
                                              std::string body) {
  HttpCall call;
  call.method = "POST";
  call.target = target;
  call.body = std::move(body);
  call.headers = {{"Content-Type", "application/json"}};
  return HttpDo(base, call);
}

}  // namespace urne::testing

#endif  // URNE_TESTS_SUPPORT_HTTP_CLIENT_H_

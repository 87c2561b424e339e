// HttpFront: what the board's HTTPS port answers (specs/board.md §7, specs/booth.md §7): the
// JSON mapping of the Board methods and the booth's static files, as plain request → response
// values. The connections, TLS and timeouts are http_server.h's; this file decides routes,
// statuses, headers and bodies only.
//
// Every API route calls the same Board method as the gRPC service (same validation, limits
// and durable acknowledgment); nothing is kept between requests. Thread-safe (the Board is,
// and the release is immutable); the Board and the release must outlive the front.
#ifndef URNE_BULLETIN_BOARD_HTTP_API_H_
#define URNE_BULLETIN_BOARD_HTTP_API_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "bulletin-board/board.h"
#include "bulletin-board/booth_files.h"

namespace urne::bulletin_board {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// The head of a request, as read before its body.
struct HttpRequestHead {
  std::string method;  // "GET", "HEAD", "POST", …
  std::string target;  // as received: path and query
  std::string content_type;
  std::optional<uint64_t> content_length;  // absent: no Content-Length (e.g. chunked)
  std::string accept_encoding;
  std::string if_none_match;
  std::string client;  // the peer's host, without port: the Board's rate and in-flight key
};

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;  // the common headers (common_headers()) are added by the server
  std::string body;     // for HEAD, the server sends the headers only
};

class HttpFront {
 public:
  // Entries per page of GET …/entries.
  static constexpr uint64_t kEntriesPage = 1000;

  HttpFront(Board& board, const BoothRelease& booth, bool tls);

  // Headers every response carries (specs/booth.md §7.2).
  const HttpHeaders& common_headers() const { return common_; }

  // The largest body a request with this head may have, or the refusal to answer at once
  // without reading its body (411 http.length_required, 413 limit.message_size, 415
  // http.content_type). Only POST /v1/entries takes a body; other requests get 0.
  std::variant<uint64_t, HttpResponse> BodyLimit(const HttpRequestHead& head) const;

  using Respond = std::function<void(HttpResponse)>;
  // Answers a request whose body was read in full. `respond` is called exactly once, on this
  // thread or, for a post, on a board thread after the commit.
  void Handle(const HttpRequestHead& head, const std::string& body, Respond respond);

  // The JSON error answer for `status` (its HTTP status from its code unless `http_status`).
  static HttpResponse ErrorResponse(const absl::Status& status, int http_status = 0);

 private:
  void Api(const HttpRequestHead& head, std::string_view path, std::string_view query,
           const std::string& body, Respond respond);
  HttpResponse Static(const HttpRequestHead& head, std::string_view path) const;
  // OK when the election's manifest names the digest of the booth this front serves; else
  // booth.digest_mismatch (specs/booth.md §7.4). The election's own errors (not found) pass
  // through. The answer is kept: a manifest never changes.
  absl::Status CheckServed(const std::string& election);

  Board& board_;
  const BoothRelease& booth_;
  HttpHeaders common_;
  uint64_t max_body_;
  absl::Mutex served_mu_;
  std::map<std::string, bool> served_ ABSL_GUARDED_BY(served_mu_);  // election id → digest matches
};

// The HTTP status of an absl code (specs/board.md §7).
int HttpStatusOf(absl::StatusCode code);

}  // namespace urne::bulletin_board

#endif  // URNE_BULLETIN_BOARD_HTTP_API_H_

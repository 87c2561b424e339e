#include "bulletin-board/http_api.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <map>

#include "crypto/bytes.h"
#include "status/status.h"
#include "urne/v1/manifest.pb.h"

namespace urne::bulletin_board {
namespace {

namespace pbu = google::protobuf::util;

constexpr std::string_view kElections = "/v1/elections/";
constexpr std::string_view kEntries = "/v1/entries";

HttpResponse Json(const google::protobuf::Message& message) {
  HttpResponse out;
  pbu::JsonPrintOptions options;  // lowerCamelCase names, defaults omitted, enums by name
  (void)pbu::MessageToJsonString(message, &out.body, options);
  out.headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}};
  return out;
}

absl::Status Malformed(std::string_view message) { return Invalid("request.malformed", message); }

// Query parameters of a route: every one a decimal number below 2^64, each named once, none
// the route does not know, every `required` one present.
absl::StatusOr<std::map<std::string, uint64_t>> ParseQuery(
    std::string_view query, std::initializer_list<std::string_view> known, bool required) {
  std::map<std::string, uint64_t> out;
  std::string names;
  for (auto k : known) names += Cat(names.empty() ? "" : ", ", k);
  size_t start = 0;
  while (!query.empty()) {
    size_t amp = query.find('&', start);
    std::string_view pair = query.substr(start, amp == std::string_view::npos ? amp : amp - start);
    size_t eq = pair.find('=');
    std::string key(pair.substr(0, eq));
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return Malformed(Cat("unknown query parameter \"", key.substr(0, 32),
                           "\"; this route takes: ", names.empty() ? "none" : names));
    }
    std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    if (value.empty() || value.size() > 20 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Malformed(Cat("query parameter ", key, " must be a decimal number"));
    }
    unsigned __int128 n = 0;
    for (char c : value) n = n * 10 + static_cast<unsigned>(c - '0');
    if (n >> 64) return Malformed(Cat("query parameter ", key, " is 2^64 or more"));
    if (!out.emplace(key, static_cast<uint64_t>(n)).second) {
      return Malformed(Cat("query parameter ", key, " is given twice"));
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  if (required && out.size() != known.size()) {
    return Malformed(Cat("this route needs the query parameters ", names));
  }
  return out;
}

absl::StatusOr<std::string> ElectionIdFromPath(std::string_view hex) {
  auto bytes = FromHex(hex);
  if (hex.size() != 64 || !bytes.ok()) {
    return Invalid("election.bad_id",
                   Cat("the election id in the path must be 64 lower-case hex digits (got ",
                       hex.size(), " characters)"));
  }
  return std::string(bytes->begin(), bytes->end());
}

HttpResponse MethodNotAllowed(std::string_view allow) {
  HttpResponse out =
      HttpFront::ErrorResponse(Invalid("http.method", Cat("this path takes only ", allow)), 405);
  out.headers.emplace_back("Allow", std::string(allow));
  return out;
}

template <typename T>
HttpResponse JsonOr(const absl::StatusOr<T>& result) {
  return result.ok() ? Json(*result) : HttpFront::ErrorResponse(result.status());
}

bool MediaTypeIsJson(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  std::string lower(type);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return lower == "application/json";
}

}  // namespace

int HttpStatusOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
      return 409;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

HttpFront::HttpFront(Board& board, const BoothRelease& booth, bool tls)
    : board_(board), booth_(booth), max_body_(board.limits().max_entry_bytes + kEnvelopeBytes) {
  std::string scripts = "'self'";
  if (!booth.script_hashes().empty()) scripts += " " + booth.script_hashes();
  common_ = {
      {"Content-Security-Policy",
       Cat("default-src 'self'; script-src ", scripts,
           "; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
           "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
  };
  if (tls) common_.emplace_back("Strict-Transport-Security", "max-age=31536000");
}

HttpResponse HttpFront::ErrorResponse(const absl::Status& status, int http_status) {
  google::protobuf::Struct body;
  auto& fields = *body.mutable_fields();
  fields["code"].set_string_value(absl::StatusCodeToString(status.code()));
  fields["reason"].set_string_value(ReasonOf(status));
  fields["message"].set_string_value(std::string(status.message()));
  HttpResponse out = Json(body);
  out.status = http_status ? http_status : HttpStatusOf(status.code());
  return out;
}

std::variant<uint64_t, HttpResponse> HttpFront::BodyLimit(const HttpRequestHead& head) const {
  std::string_view path = std::string_view(head.target).substr(0, head.target.find('?'));
  if (head.method != "POST" || path != kEntries) return uint64_t{0};
  if (!head.content_length) {
    return ErrorResponse(Invalid("http.length_required",
                                 "a POST needs a Content-Length (chunked bodies are refused)"),
                         411);
  }
  if (*head.content_length > max_body_) {
    return ErrorResponse(Error(absl::StatusCode::kResourceExhausted, "limit.message_size",
                               Cat("the body has ", *head.content_length,
                                   " bytes; this board takes at most ", max_body_)),
                         413);
  }
  if (!MediaTypeIsJson(head.content_type)) {
    return ErrorResponse(
        Invalid("http.content_type", "the body must be JSON (Content-Type: application/json)"),
        415);
  }
  return max_body_;
}

void HttpFront::Handle(const HttpRequestHead& head, const std::string& body, Respond respond) {
  std::string_view target = head.target;
  size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? "" : target.substr(q + 1);
  if (path == kEntries || path.substr(0, 4) == "/v1/" || path == "/v1") {
    return Api(head, path, query, body, std::move(respond));
  }
  respond(Static(head, path));
}

HttpResponse HttpFront::Static(const HttpRequestHead& head, std::string_view path) const {
  if (head.method != "GET" && head.method != "HEAD") return MethodNotAllowed("GET, HEAD");
  const BoothFile* file = booth_.Find(path);
  if (!file) {
    return ErrorResponse(
        Error(absl::StatusCode::kNotFound, "http.not_found", "no such file in the booth"));
  }
  HttpResponse out;
  out.headers = {{"Content-Type", file->content_type},
                 {"Cache-Control", "no-cache"},
                 {"ETag", file->etag},
                 {"Vary", "Accept-Encoding"}};
  if (head.if_none_match == file->etag) {
    out.status = 304;
    return out;
  }
  if (!file->gzip.empty() && head.accept_encoding.find("gzip") != std::string::npos) {
    out.headers.emplace_back("Content-Encoding", "gzip");
    out.body = file->gzip;
  } else {
    out.body = file->content;
  }
  return out;
}

absl::Status HttpFront::CheckServed(const std::string& election) {
  {
    absl::MutexLock lock(&served_mu_);
    if (auto it = served_.find(election); it != served_.end()) {
      if (it->second) return absl::OkStatus();
    }
  }
  auto first = board_.Entries(election, 0, 1);
  if (!first.ok()) return first.status();
  v1::Manifest manifest;
  if (first->empty() || !manifest.ParseFromString(first->front().entry().payload())) {
    return Error(absl::StatusCode::kInternal, "board.internal", "the election has no manifest");
  }
  const BoothDigest& served = booth_.digest();
  const bool matches =
      manifest.booth_digest() ==
      std::string_view(reinterpret_cast<const char*>(served.data()), served.size());
  {
    absl::MutexLock lock(&served_mu_);
    served_[election] = matches;
  }
  if (matches) return absl::OkStatus();
  return Error(
      absl::StatusCode::kFailedPrecondition, "booth.digest_mismatch",
      manifest.booth_digest().empty()
          ? "this election was not set up for a hosted booth (its manifest names no "
            "booth digest): its voters use urne-vote"
          : Cat("this election's manifest names the booth ",
                ToHex(AsBytes(manifest.booth_digest())), " and this board serves the booth ",
                ToHex(served), "; vote with urne-vote or ask the town hall (specs/booth.md §7.4)"));
}

void HttpFront::Api(const HttpRequestHead& head, std::string_view path, std::string_view query,
                    const std::string& body, Respond respond) {
  if (path == kEntries) {
    if (head.method != "POST") return respond(MethodNotAllowed("POST"));
    if (!query.empty()) return respond(ErrorResponse(Malformed("POST /v1/entries takes no query")));
    v1::Entry entry;
    pbu::JsonParseOptions options;  // unknown fields are errors
    if (auto parsed = pbu::JsonStringToMessage(body, &entry, options); !parsed.ok()) {
      return respond(ErrorResponse(
          Malformed(Cat("the body is not JSON of an urne.v1.Entry (protobuf's JSON mapping): ",
                        std::string(parsed.message()).substr(0, 200)))));
    }
    if (entry.kind() != v1::MANIFEST && entry.election_id().size() == 32) {
      // An entry of an existing election: only through the booth that election names.
      absl::Status served = CheckServed(entry.election_id());
      if (!served.ok() && ReasonOf(served) == "booth.digest_mismatch") {
        return respond(ErrorResponse(served));
      }
    }
    board_.Post(std::move(entry), head.client,
                [respond = std::move(respond)](const absl::StatusOr<v1::Receipt>& receipt) {
                  respond(JsonOr(receipt));
                });
    return;
  }
  auto not_found = [] {
    return ErrorResponse(Error(absl::StatusCode::kNotFound, "http.not_found",
                               "no such route; see specs/board.md §7"));
  };
  if (path.substr(0, kElections.size()) != kElections) return respond(not_found());
  std::string_view rest = path.substr(kElections.size());
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return respond(not_found());
  std::string_view route = rest.substr(slash + 1);
  static constexpr std::string_view kRoutes[] = {"entries", "tree-head", "inclusion-proof",
                                                 "consistency-proof", "status"};
  if (std::find(std::begin(kRoutes), std::end(kRoutes), route) == std::end(kRoutes)) {
    return respond(not_found());
  }
  if (head.method != "GET" && head.method != "HEAD") return respond(MethodNotAllowed("GET, HEAD"));
  auto election = ElectionIdFromPath(rest.substr(0, slash));
  if (!election.ok()) return respond(ErrorResponse(election.status()));
  const std::string& id = *election;
  if (absl::Status served = CheckServed(id); !served.ok()) return respond(ErrorResponse(served));

  if (route == "entries") {
    auto params = ParseQuery(query, {"from_index", "to_index"}, false);
    if (!params.ok()) return respond(ErrorResponse(params.status()));
    const uint64_t from = (*params)["from_index"];
    auto status = board_.Status(id);
    if (!status.ok()) return respond(ErrorResponse(status.status()));
    // The range's end: nextFromIndex stays within it.
    auto end = EntriesEnd(from, (*params)["to_index"], status->tree_size());
    if (!end.ok()) return respond(ErrorResponse(end.status()));
    v1::EntriesPage page;
    if (from < *end) {
      auto entries = board_.Entries(id, from, std::min(kEntriesPage, *end - from));
      if (!entries.ok()) return respond(ErrorResponse(entries.status()));
      for (auto& e : *entries) *page.add_entries() = std::move(e);
      const uint64_t next = from + page.entries_size();
      if (next < *end) page.set_next_from_index(next);
    }
    return respond(Json(page));
  }
  if (route == "tree-head") {
    auto params = ParseQuery(query, {}, false);
    if (!params.ok()) return respond(ErrorResponse(params.status()));
    return respond(JsonOr(board_.TreeHead(id)));
  }
  if (route == "status") {
    auto params = ParseQuery(query, {}, false);
    if (!params.ok()) return respond(ErrorResponse(params.status()));
    return respond(JsonOr(board_.Status(id)));
  }
  if (route == "inclusion-proof") {
    auto params = ParseQuery(query, {"index", "tree_size"}, true);
    if (!params.ok()) return respond(ErrorResponse(params.status()));
    return respond(JsonOr(board_.InclusionProof(id, (*params)["index"], (*params)["tree_size"])));
  }
  auto params = ParseQuery(query, {"old_size", "new_size"}, true);
  if (!params.ok()) return respond(ErrorResponse(params.status()));
  respond(JsonOr(board_.ConsistencyProof(id, (*params)["old_size"], (*params)["new_size"])));
}

}  // namespace urne::bulletin_board

#include "voter-client/booth.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <sodium.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "cli/json.h"
#include "crypto/status.h"
#include "election/credential.h"
#include "election/manifest.h"
#include "voter-client/answers.h"
#include "voter-client/booth_page.h"
#include "voter-client/receipt_file.h"

namespace urne::voter {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

std::string Json(const google::protobuf::Message& m) { return cli::ToJson(m); }

Value Str(const std::string& s) {
  Value v;
  v.set_string_value(s);
  return v;
}

Value Num(double d) {
  Value v;
  v.set_number_value(d);
  return v;
}

Value AnswersValue(const Answers& answers) {
  Value v;
  auto* fields = v.mutable_struct_value()->mutable_fields();
  for (const auto& [q, ids] : answers) {
    auto* list = (*fields)[q].mutable_list_value();
    for (const auto& id : ids) *list->add_values() = Str(id);
  }
  return v;
}

HttpResponse Ok(const Struct& s) { return HttpResponse{200, "application/json", Json(s)}; }

// {"error": {"reason", "message", "field"}}; field names the input the error belongs to.
HttpResponse ErrorResponse(int http, const absl::Status& status, const std::string& field = "") {
  Struct s;
  auto& e = *(*s.mutable_fields())["error"].mutable_struct_value()->mutable_fields();
  e["reason"] = Str(ReasonOf(status));
  e["message"] = Str(std::string(status.message()));
  if (!field.empty()) e["field"] = Str(field);
  return HttpResponse{http, "application/json", Json(s)};
}

int HttpStatusOf(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return 400;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
      return 409;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return 503;
    default:
      return 500;
  }
}

HttpResponse FromStatus(const absl::Status& status, const std::string& field = "") {
  return ErrorResponse(HttpStatusOf(status), status, field);
}

absl::StatusOr<Struct> ParseBody(const std::string& body) {
  Struct s;
  auto st = google::protobuf::util::JsonStringToMessage(body, &s);
  if (!st.ok()) return Invalid("request.json", "the request body is not a JSON object");
  return s;
}

absl::StatusOr<std::string> StringField(const Struct& s, const char* key, size_t max_len) {
  auto it = s.fields().find(key);
  if (it == s.fields().end() || it->second.kind_case() != Value::kStringValue ||
      it->second.string_value().size() > max_len) {
    return Invalid("request.field", Cat("the request needs a string \"", key, "\""));
  }
  return it->second.string_value();
}

std::string RandomToken() {
  uint8_t bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  return ToHex(ByteView(bytes, sizeof bytes));
}

}  // namespace

BoothBackend::BoothBackend(const BoardEndpoint& board, ElectionId election)
    : board_(board), election_(election) {}

bool BoothBackend::AllowedHost(const std::string& host) const {
  return host == Cat("127.0.0.1:", port_) || host == Cat("localhost:", port_);
}

HttpResponse BoothBackend::Handle(const HttpRequest& r) {
  // Only pages served from this booth may talk to it (DNS rebinding, other local sites).
  if (!AllowedHost(r.host) || (!r.origin.empty() && r.origin != Cat("http://", r.host))) {
    return ErrorResponse(403, Error(absl::StatusCode::kPermissionDenied, "request.origin",
                                    "requests must come from the booth's own page"));
  }
  if (r.method == "GET") {
    if (r.target == "/" || r.target == "/index.html") {
      return HttpResponse{200, "text/html; charset=utf-8", std::string(kBoothHtml)};
    }
    if (r.target == "/booth.css") {
      return HttpResponse{200, "text/css; charset=utf-8", std::string(kBoothCss)};
    }
    if (r.target == "/booth.js") {
      return HttpResponse{200, "text/javascript; charset=utf-8", std::string(kBoothJs)};
    }
    if (r.target == "/api/election") return Election();
    return ErrorResponse(404, Error(absl::StatusCode::kNotFound, "request.route", "not found"));
  }
  if (r.method != "POST") {
    return ErrorResponse(405, Invalid("request.method", "use GET or POST"));
  }
  if (r.content_type.rfind("application/json", 0) != 0) {
    return ErrorResponse(415, Invalid("request.content_type", "POST bodies are JSON"));
  }
  if (r.body.size() > kBoothMaxBody) {
    return ErrorResponse(413, Invalid("request.too_large", "request too large"));
  }
  if (r.target == "/api/credential") return Credential(r.body);
  if (r.target == "/api/encrypt") return Encrypt(r.body);
  if (r.target == "/api/cast") return Cast(r.body);
  if (r.target == "/api/audit") return Audit(r.body);
  return ErrorResponse(404, Error(absl::StatusCode::kNotFound, "request.route", "not found"));
}

HttpResponse BoothBackend::Election() {
  auto synced = board_.SyncSetup(election_);
  if (!synced.ok()) return FromStatus(synced.status());
  const ElectionState& st = *synced->state;
  const v1::Phase phase = CurrentPhase(board_, election_, st);
  Struct s;
  auto& f = *s.mutable_fields();
  f["election_id"] = Str(ToHex(election_));
  f["phase"] = Str(PhaseName(phase));
  Struct manifest;
  (void)google::protobuf::util::JsonStringToMessage(ManifestToJson(st.manifest()), &manifest);
  *f["manifest"].mutable_struct_value() = manifest;
  auto* shapes = f["shapes"].mutable_list_value();
  for (const auto& q : st.manifest().questions()) {
    QuestionShape shape = ShapeOf(q);
    Value v;
    (*v.mutable_struct_value()->mutable_fields())["min"] = Num(static_cast<double>(shape.min_sum));
    (*v.mutable_struct_value()->mutable_fields())["max"] = Num(static_cast<double>(shape.max_sum));
    *shapes->add_values() = v;
  }
  return Ok(s);
}

HttpResponse BoothBackend::Credential(const std::string& body) {
  auto req = ParseBody(body);
  if (!req.ok()) return FromStatus(req.status());
  auto text = StringField(*req, "code", 128);
  if (!text.ok()) return FromStatus(text.status(), "code");
  auto code = ParseCredentialCode(*text);
  if (!code.ok()) return FromStatus(code.status(), "code");
  auto session = VoterSession::Open(board_, election_, *code);
  if (!session.ok()) {
    bool on_code = ReasonOf(session.status()) == "credential.not_on_roll";
    return FromStatus(session.status(), on_code ? "code" : "");
  }
  if (visits_.size() > 1000) visits_.clear();  // a booth serves one voter at a time
  std::string token = RandomToken();
  visits_[token].session = std::move(*session);
  Struct s;
  (*s.mutable_fields())["token"] = Str(token);
  return Ok(s);
}

absl::StatusOr<BoothBackend::Visit*> BoothBackend::FindVisit(const std::string& token) {
  auto it = visits_.find(token);
  if (it == visits_.end()) {
    return Error(absl::StatusCode::kNotFound, "booth.no_session",
                 "this voting session has ended; start again with your code");
  }
  return &it->second;
}

absl::StatusOr<BoothBackend::VisitRequest> BoothBackend::OpenVisit(const std::string& body,
                                                                   bool need_ballot) {
  VisitRequest r;
  URNE_ASSIGN_OR_RETURN(r.body, ParseBody(body));
  URNE_ASSIGN_OR_RETURN(r.token, StringField(r.body, "token", 64));
  URNE_ASSIGN_OR_RETURN(r.visit, FindVisit(r.token));
  if (need_ballot && !r.visit->ballot) {
    return Error(absl::StatusCode::kFailedPrecondition, "booth.no_ballot",
                 "encrypt your ballot first");
  }
  return r;
}

HttpResponse BoothBackend::Encrypt(const std::string& body) {
  auto req = OpenVisit(body, /*need_ballot=*/false);
  if (!req.ok()) return FromStatus(req.status());
  Visit* visit = req->visit;
  auto it = req->body.fields().find("answers");
  if (it == req->body.fields().end() || it->second.kind_case() != Value::kStructValue) {
    return FromStatus(Invalid("request.field", "the request needs \"answers\""));
  }
  auto answers = ParseAnswersJson(Json(it->second));
  if (!answers.ok()) return FromStatus(answers.status(), "answers");
  auto choices = ToChoices(visit->session->manifest(), *answers);
  if (!choices.ok()) return FromStatus(choices.status(), "answers");
  auto ballot = visit->session->Encrypt(*choices);
  if (!ballot.ok()) return FromStatus(ballot.status());
  visit->choices = *choices;
  visit->ballot = std::move(*ballot);
  Struct s;
  (*s.mutable_fields())["tracking_code"] = Str(FormatTrackingCode(visit->ballot->tracking_code));
  return Ok(s);
}

HttpResponse BoothBackend::Cast(const std::string& body) {
  auto req = OpenVisit(body, /*need_ballot=*/true);
  if (!req.ok()) return FromStatus(req.status());
  auto receipt = req->visit->session->Cast(*req->visit->ballot);
  if (!receipt.ok()) return FromStatus(receipt.status());
  visits_.erase(req->token);
  Struct s;
  auto& f = *s.mutable_fields();
  f["tracking_code"] = Str(receipt->tracking_code);
  f["index"] = Num(static_cast<double>(receipt->receipt.index()));
  f["receipt"] = Str(ReceiptToJson(*receipt));
  return Ok(s);
}

HttpResponse BoothBackend::Audit(const std::string& body) {
  auto req = OpenVisit(body, /*need_ballot=*/true);
  if (!req.ok()) return FromStatus(req.status());
  Visit& v = *req->visit;
  auto outcome = v.session->Audit(*v.ballot, v.choices);
  v.ballot.reset();  // an audited ballot can never be cast
  if (!outcome.ok()) return FromStatus(outcome.status());
  Struct s;
  auto& f = *s.mutable_fields();
  f["audited_tracking_code"] = Str(outcome->tracking_code);
  f["audit_index"] = Num(static_cast<double>(outcome->receipt.index()));
  f["revealed"] = AnswersValue(FromChoices(v.session->manifest(), outcome->revealed));
  Value matches;
  matches.set_bool_value(outcome->matches);
  f["matches"] = matches;
  if (outcome->matches) {
    auto fresh = v.session->Encrypt(v.choices);
    if (!fresh.ok()) return FromStatus(fresh.status());
    v.ballot = std::move(*fresh);
    f["tracking_code"] = Str(FormatTrackingCode(v.ballot->tracking_code));
  }
  return Ok(s);
}

absl::Status RunBooth(const BoardEndpoint& board, const ElectionId& election, uint16_t port,
                      const std::function<void(uint16_t)>& on_ready) {
  namespace asio = boost::asio;
  namespace http = boost::beast::http;
  using tcp = asio::ip::tcp;
  asio::io_context io;
  tcp::acceptor acceptor(io);
  boost::system::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error(
        absl::StatusCode::kUnavailable, "booth.listen",
        Cat("cannot listen on 127.0.0.1:", port, ": ", ec.message(), "; choose another --port"));
  }
  BoothBackend backend(board, election);
  uint16_t bound = acceptor.local_endpoint().port();
  backend.set_port(bound);
  on_ready(bound);
  for (;;) {
    tcp::socket socket(io);
    acceptor.accept(socket, ec);
    if (ec) continue;
    boost::beast::flat_buffer buffer;
    http::request_parser<http::string_body> parser;
    parser.body_limit(kBoothMaxBody);
    http::read(socket, buffer, parser, ec);
    HttpResponse out;
    if (ec) {
      out = ErrorResponse(400, Invalid("request.malformed", "malformed or too large request"));
    } else {
      const auto& req = parser.get();
      HttpRequest r;
      r.method = std::string(req.method_string());
      r.target = std::string(req.target());
      r.host = std::string(req[http::field::host]);
      r.origin = std::string(req[http::field::origin]);
      r.content_type = std::string(req[http::field::content_type]);
      r.body = req.body();
      out = backend.Handle(r);
    }
    http::response<http::string_body> res{static_cast<http::status>(out.status), 11};
    res.set(http::field::content_type, out.content_type);
    res.set(http::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Frame-Options", "DENY");
    res.set("Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            "img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'");
    res.keep_alive(false);
    res.body() = std::move(out.body);
    res.prepare_payload();
    http::write(socket, res, ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }
}

}  // namespace urne::voter

// The voting booth: a local web page served on 127.0.0.1 (Boost.Beast) and the JSON API
// behind it, which does what `urne-vote cast` does (specs/ballot.md "The booth"). The page
// (booth_page.h) only talks to this backend; the credential code never leaves the machine
// (the board receives signed entries only).
//
// BoothBackend answers one HTTP request at a time and is not thread-safe; RunBooth serves
// requests sequentially on one thread. The backend owns the voters' sessions (their signing
// keys, wiped on destruction) until they cast.
#ifndef URNE_VOTER_CLIENT_BOOTH_H_
#define URNE_VOTER_CLIENT_BOOTH_H_

#include <google/protobuf/struct.pb.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "board-client/client.h"
#include "voter-client/session.h"

namespace urne::voter {

struct HttpRequest {
  std::string method;        // "GET", "POST"
  std::string target;        // "/api/cast"
  std::string host;          // Host header
  std::string origin;        // Origin header, may be empty
  std::string content_type;  // Content-Type header
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// Largest request body the booth reads.
inline constexpr size_t kBoothMaxBody = 64 * 1024;

class BoothBackend {
 public:
  BoothBackend(const BoardEndpoint& board, ElectionId election);
  // The port the page is served on (for the Host and Origin checks).
  void set_port(uint16_t port) { port_ = port; }

  // Routes: GET / /booth.css /booth.js /api/election; POST /api/credential {"code"},
  // /api/encrypt {"token","answers"}, /api/cast {"token"}, /api/audit {"token"}.
  // Refuses foreign Host/Origin (403), non-JSON POSTs (415), unknown routes (404).
  HttpResponse Handle(const HttpRequest& request);

 private:
  struct Visit {
    std::unique_ptr<VoterSession> session;
    Choices choices;
    std::optional<EncryptedBallot> ballot;
  };
  HttpResponse Election();
  HttpResponse Credential(const std::string& body);
  HttpResponse Encrypt(const std::string& body);
  HttpResponse Cast(const std::string& body);
  HttpResponse Audit(const std::string& body);
  absl::StatusOr<Visit*> FindVisit(const std::string& token);
  // A request that continues a visit: its parsed body, its "token" and the visit, which must
  // already hold an encrypted ballot when `need_ballot` (else "booth.no_ballot").
  struct VisitRequest {
    google::protobuf::Struct body;
    std::string token;
    Visit* visit = nullptr;
  };
  absl::StatusOr<VisitRequest> OpenVisit(const std::string& body, bool need_ballot);
  bool AllowedHost(const std::string& host) const;

  BoardClient board_;
  ElectionId election_;
  uint16_t port_ = 0;
  std::map<std::string, Visit> visits_;
};

// Serves the booth on 127.0.0.1:`port` (0 = any free port) until the process ends; calls
// `on_ready(port)` once listening. Reason "booth.listen" if the port cannot be bound. It
// listens on loopback only, so it serves plain HTTP (specs/board.md "Transport"); it talks
// to the board at `board` over that endpoint's transport.
absl::Status RunBooth(const BoardEndpoint& board, const ElectionId& election, uint16_t port,
                      const std::function<void(uint16_t)>& on_ready);

}  // namespace urne::voter

#endif  // URNE_VOTER_CLIENT_BOOTH_H_

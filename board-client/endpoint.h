// BoardEndpoint: where a board is and how to reach it safely (specs/board.md "Transport").
// "https://HOST[:PORT]" is TLS, the server's certificate checked against the system roots or
// a given CA file; a bare "HOST:PORT" is plain text, allowed only when HOST is a loopback
// address or name, or when the caller explicitly allows insecure transport. An endpoint is
// made only by ParseBoardEndpoint, so one that exists obeys that rule. No gRPC types here;
// board-client/client.cc builds the channel credentials from it. Plain values, thread-safe.
#ifndef URNE_BOARD_CLIENT_ENDPOINT_H_
#define URNE_BOARD_CLIENT_ENDPOINT_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace urne {

// The client's transport choices, as given by --tls-ca and --insecure.
struct ClientTls {
  std::string ca_file;    // PEM roots to trust instead of the system's; empty: system roots
  bool insecure = false;  // allow plain text to a host that is not loopback
};

class BoardEndpoint {
 public:
  // The address as the user wrote it (printed in messages, saved in receipts).
  const std::string& address() const { return address_; }
  // "HOST:PORT" for gRPC (IPv6 hosts in brackets).
  const std::string& target() const { return target_; }
  const std::string& host() const { return host_; }
  bool tls() const { return tls_; }
  // PEM roots from --tls-ca; empty: the system's roots.
  const std::string& root_certs() const { return root_certs_; }
  // Plain text to a host that is not loopback (allowed by --insecure): callers warn.
  bool insecure_remote() const { return !tls_ && !loopback_; }

 private:
  friend absl::StatusOr<BoardEndpoint> ParseBoardEndpoint(std::string_view /*address*/,
                                                          const ClientTls& /*tls*/);
  BoardEndpoint() = default;
  std::string address_, target_, host_, root_certs_;
  bool tls_ = false;
  bool loopback_ = false;
};

// Parses "https://HOST[:PORT][/]" (PORT defaults to 443) or "HOST:PORT"; HOST is a name, an
// IPv4 address or a bracketed IPv6 address. Reasons: "board.bad_address" (empty, another
// scheme, no port, a path), "tls.plaintext_refused" (plain text to a non-loopback host
// without `tls.insecure`), "tls.ca_unreadable" (--tls-ca cannot be read or holds no PEM
// certificate).
absl::StatusOr<BoardEndpoint> ParseBoardEndpoint(std::string_view address, const ClientTls& tls);

// True for "localhost", any 127.0.0.0/8 address, ::1 and ::ffff:127.x.y.z (no brackets).
bool IsLoopbackHost(std::string_view host);

// Splits "HOST:PORT" / "[V6]:PORT" into host (brackets removed) and port text. False when
// there is no ":PORT" or the brackets do not match.
bool SplitHostPort(std::string_view address, std::string* host, std::string* port);

}  // namespace urne

#endif  // URNE_BOARD_CLIENT_ENDPOINT_H_

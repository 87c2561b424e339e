// The transport flags every urne program shares, parsed in one place (specs/board.md
// "Transport"). Clients: --tls-ca FILE and --insecure, turned into a BoardEndpoint
// (board-client/endpoint.h). Servers: --tls-cert FILE, --tls-key FILE and --insecure; plain
// text is served only on a loopback address, or off loopback with --insecure and a warning.
// Warnings go to the given stream. Not thread-safe (CLI use).
#ifndef URNE_CLI_TRANSPORT_H_
#define URNE_CLI_TRANSPORT_H_

#include <boost/program_options.hpp>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "board-client/endpoint.h"

namespace urne::cli {

// Adds --tls-ca and --insecure, stored into `*tls` (which must outlive parsing).
void AddClientTransportOptions(boost::program_options::options_description& options,
                               ClientTls* tls);

// The endpoint for `address` (--board) under `tls`; see ParseBoardEndpoint for the reasons.
// With --insecure and a host that is not loopback, prints "PROGRAM: WARNING: …" on `err`.
absl::StatusOr<BoardEndpoint> BoardEndpointFromFlags(const std::string& program,
                                                     const std::string& address,
                                                     const ClientTls& tls, std::ostream& err);

struct ServerTransportFlags {
  std::string tls_cert;  // PEM certificate chain file
  std::string tls_key;   // PEM private key file
  bool insecure = false;
};

// Adds --tls-cert, --tls-key and --insecure, stored into `*flags`.
void AddServerTransportOptions(boost::program_options::options_description& options,
                               ServerTransportFlags* flags);

// What a server listening on `listen` (HOST:PORT) serves: TLS with the PEM texts, or plain
// text (`tls` false). Reasons: "tls.incomplete" (only one of --tls-cert, --tls-key),
// "tls.cert_unreadable", "tls.key_unreadable" (file missing or not PEM), "board.bad_address"
// (no :PORT), "tls.plaintext_refused" (plain text off loopback without --insecure). Prints
// "PROGRAM: WARNING: …" on `err` when --insecure lets it serve plain text off loopback.
struct ServerTransport {
  bool tls = false;
  std::string cert_pem;
  std::string key_pem;
};
absl::StatusOr<ServerTransport> ServerTransportFromFlags(const std::string& program,
                                                         const std::string& listen,
                                                         const ServerTransportFlags& flags,
                                                         std::ostream& err);

}  // namespace urne::cli

#endif  // URNE_CLI_TRANSPORT_H_

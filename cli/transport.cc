#include "cli/transport.h"

#include "cli/cli.h"
#include "status/status.h"

namespace urne::cli {

namespace po = boost::program_options;

namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, std::string_view flag,
                                    std::string_view reason, std::string_view marker) {
  auto text = ReadTextFile(path);
  if (!text.ok() || text->find(marker) == std::string::npos) {
    return Invalid(reason, Cat("cannot read a PEM ", flag == "--tls-cert" ? "certificate" : "key",
                               " from ", flag, " ", path));
  }
  return std::move(*text);
}

}  // namespace

void AddClientTransportOptions(po::options_description& options, ClientTls* tls) {
  options.add_options()("tls-ca", po::value(&tls->ca_file),
                        "trust the board certificates this CA signed (PEM) instead of the "
                        "system's roots; --board https://HOST:PORT")(
      "insecure", po::bool_switch(&tls->insecure),
      "allow --board HOST:PORT in plain text to another machine (warns; never for voting)");
}

absl::StatusOr<BoardEndpoint> BoardEndpointFromFlags(const std::string& program,
                                                     const std::string& address,
                                                     const ClientTls& tls, std::ostream& err) {
  URNE_ASSIGN_OR_RETURN(BoardEndpoint endpoint, ParseBoardEndpoint(address, tls));
  if (endpoint.insecure_remote()) {
    err << program << ": WARNING: --insecure: talking to the board at " << endpoint.target()
        << " in plain text; anyone on the network can read and change what it says. Use "
           "https://.\n";
  }
  return endpoint;
}

void AddServerTransportOptions(po::options_description& options, ServerTransportFlags* flags) {
  options.add_options()("tls-cert", po::value(&flags->tls_cert),
                        "serve TLS with this certificate chain (PEM)")(
      "tls-key", po::value(&flags->tls_key), "the certificate's private key (PEM)")(
      "insecure", po::bool_switch(&flags->insecure),
      "allow plain text on an address that is not loopback (warns)");
}

absl::StatusOr<ServerTransport> ServerTransportFromFlags(const std::string& program,
                                                         const std::string& listen,
                                                         const ServerTransportFlags& flags,
                                                         std::ostream& err) {
  ServerTransport out;
  if (flags.tls_cert.empty() != flags.tls_key.empty()) {
    return Invalid("tls.incomplete", "give both --tls-cert FILE and --tls-key FILE to serve TLS");
  }
  if (!flags.tls_cert.empty()) {
    out.tls = true;
    URNE_ASSIGN_OR_RETURN(out.cert_pem, ReadPem(flags.tls_cert, "--tls-cert", "tls.cert_unreadable",
                                                "-----BEGIN CERTIFICATE"));
    URNE_ASSIGN_OR_RETURN(out.key_pem,
                          ReadPem(flags.tls_key, "--tls-key", "tls.key_unreadable", "PRIVATE KEY"));
    return out;
  }
  std::string host;
  std::string port;
  if (!SplitHostPort(listen, &host, &port)) {
    return Invalid("board.bad_address", Cat("--listen \"", listen, "\" is not HOST:PORT"));
  }
  if (IsLoopbackHost(host)) return out;
  if (!flags.insecure) {
    return Error(absl::StatusCode::kFailedPrecondition, "tls.plaintext_refused",
                 Cat("refusing to serve plain text on ", listen,
                     ", which is reachable from other machines: give --tls-cert FILE and "
                     "--tls-key FILE, listen on 127.0.0.1, or add --insecure to accept the risk"));
  }
  err << program << ": WARNING: --insecure: serving plain text on " << listen
      << "; anyone on the network can read and change the traffic. Use --tls-cert and "
         "--tls-key.\n";
  return out;
}

}  // namespace urne::cli

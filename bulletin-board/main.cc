// urne-board: the bulletin board server. Thin main: flags, then bulletin-board/service.h.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "bulletin-board/board.h"
#include "bulletin-board/service.h"
#include "cli/args.h"
#include "cli/transport.h"
#include "crypto/status.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  po::options_description opts(
      "urne-board serve --data DIR --listen HOST:PORT [--tls-cert FILE --tls-key FILE]\n"
      "urne-board key --data DIR\n\n"
      "serve runs the urne bulletin board: a gRPC server (urne.v1.Board) keeping every\n"
      "election's signed, append-only log in DIR (SQLite). The board key is created in DIR on\n"
      "first use. It serves TLS with --tls-cert and --tls-key; plain text only on a loopback\n"
      "address (127.0.0.1, ::1, localhost) unless --insecure. key prints the board's public\n"
      "key in hex (creating it if needed): every manifest names it (urne-admin manifest\n"
      "--board-key). Options");
  std::string data, listen;
  urne::BoardLimits limits;
  opts.add_options()("help,h", "show this help")("data", po::value(&data)->required(),
                                                 "data directory (created if missing)")(
      "listen", po::value(&listen)->default_value("127.0.0.1:50051"), "address to listen on")(
      "max-entry-bytes", po::value(&limits.max_entry_bytes)->default_value(limits.max_entry_bytes),
      "largest accepted entry payload")(
      "max-in-flight",
      po::value(&limits.max_in_flight_per_client)->default_value(limits.max_in_flight_per_client),
      "posts in flight per client")("threads", po::value(&limits.verify_threads)->default_value(0),
                                    "verification threads (0 = all cores)");
  urne::cli::ServerTransportFlags transport;
  urne::cli::AddServerTransportOptions(opts, &transport);
  std::string command;
  po::variables_map vm;
  if (auto exit =
          urne::cli::ParseArgs("urne-board", argc, argv, opts, nullptr, "command", &command, vm)) {
    return *exit;
  }
  if (command == "key") {
    auto key = urne::LoadOrCreateBoardKey(data);
    if (!key.ok()) {
      std::cerr << "urne-board: " << urne::ReasonOf(key.status()) << ": " << key.status().message()
                << "\n";
      return 2;
    }
    std::cout << urne::ToHex(key->public_key().bytes) << "\n";
    return 0;
  }
  if (command != "serve") {
    std::cerr << "urne-board: unknown command \"" << command
              << "\"; use: urne-board serve, or urne-board key\n";
    return 2;
  }
  auto served = urne::cli::ServerTransportFromFlags("urne-board", listen, transport, std::cerr);
  absl::Status status = served.status();
  if (served.ok()) status = urne::Serve(data, {listen, served->cert_pem, served->key_pem}, limits);
  if (!status.ok()) {
    std::cerr << "urne-board: " << urne::ReasonOf(status) << ": " << status.message() << "\n";
    return 2;
  }
  return 0;
}

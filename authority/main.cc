// urne-admin: the election authority's program. Thin main: flags, then authority/admin.h.
#include <boost/program_options.hpp>
#include <iostream>

#include "authority/admin.h"
#include "authority/signed_once.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/transport.h"
#include "crypto/status.h"

namespace po = boost::program_options;

namespace {

constexpr char kUsage[] =
    "urne-admin COMMAND [options]\n\n"
    "The election authority's program: define a votation, register voters, run the phases,\n"
    "publish the result. Commands:\n"
    "  init      --out KEYFILE                          create the authority's signing key\n"
    "  manifest  --template T.json --authority-key K --board-key B\n"
    "            --trustee NAME:SIGNHEX:BOXHEX ... --threshold T --out M.json\n"
    "                                                   fill a manifest template\n"
    "  create    --board H:P --manifest M.json --key KEYFILE      post the manifest\n"
    "  credentials --manifest M.json --election ID --voters ROLL.csv --board H:P\n"
    "            --out DIR --public FILE     OFFLINE: codes, letters into DIR, the public\n"
    "                                        credentials into FILE; no network, no key\n"
    "                                        (--board is only printed in the letters)\n"
    "  post-roll --board H:P --election ID --credentials FILE --key KEYFILE\n"
    "                                        ONLINE: sign and post the public credentials\n"
    "                                        as the roll; never sees a code\n"
    "  roll      --board H:P --election ID --voters ROLL.csv --key KEYFILE --out DIR\n"
    "                                        both steps on one machine (the town then\n"
    "                                        holds the codes; see specs/credentials.md §7)\n"
    "  open | close  --board H:P --election ID --key KEYFILE [--state DIR]\n"
    "            each signed once per election, ever (recorded in DIR, default KEYFILE.signed)\n"
    "  tally     --board H:P --election ID --key KEYFILE [--wait SECONDS]\n"
    "  results   --board H:P --election ID [--format text|json|html] [--out FILE]\n"
    "  status    --board H:P --election ID [--json]\n"
    "H:P is https://HOST:PORT (TLS; --tls-ca FILE for a private CA), or HOST:PORT in plain\n"
    "text to this machine only (elsewhere with --insecure).\n\n"
    "Exit codes: 0 ok, 1 verification failed, 2 usage or input error. Options";

}  // namespace

int main(int argc, char** argv) {
  const std::string program = "urne-admin";
  po::options_description opts(kUsage);
  std::string board, manifest, key, passphrase_file, election, voters, out, format, tmpl,
      authority_key, board_key, public_out, credentials, state_dir;
  std::vector<std::string> trustees;
  uint32_t threshold = 0;
  int wait = 600;
  opts.add_options()("help,h", "show this help")("board", po::value(&board),
                                                 "bulletin board https://HOST:PORT")(
      "election", po::value(&election), "election id (64 hex digits)")(
      "key", po::value(&key), "authority key file (from init)")(
      "passphrase-file", po::value(&passphrase_file),
      "read the key passphrase from this file's first line (else prompted)")(
      "manifest", po::value(&manifest), "manifest JSON file")("voters", po::value(&voters),
                                                              "electoral roll CSV")(
      "out", po::value(&out), "output file or folder")("wait", po::value(&wait)->default_value(600),
                                                       "tally: seconds to wait for trustees")(
      "format", po::value(&format)->default_value("text"), "results: text, json or html")(
      "json", "status: machine-readable output")("template", po::value(&tmpl),
                                                 "manifest: template JSON")(
      "authority-key", po::value(&authority_key), "manifest: KEYFILE.pub or the key in hex")(
      "board-key", po::value(&board_key),
      "manifest: the board's key (hex, as `urne-board key --data DIR` prints it, or a file)")(
      "trustee", po::value(&trustees)->composing(), "manifest: NAME:SIGNHEX:BOXHEX (repeat)")(
      "threshold", po::value(&threshold), "manifest: trustees needed to decrypt")(
      "public", po::value(&public_out), "credentials: where to write the public credentials")(
      "credentials", po::value(&credentials), "post-roll: the public credentials file")(
      "state", po::value(&state_dir),
      "open, close: where the signed OPEN and CLOSE are recorded (default KEYFILE.signed)");
  urne::ClientTls tls;
  urne::cli::AddClientTransportOptions(opts, &tls);
  std::string command;
  po::variables_map vm;
  if (auto exit =
          urne::cli::ParseArgs(program, argc, argv, opts, nullptr, "command", &command, vm)) {
    return *exit;
  }
  if (command.empty()) {
    std::cerr << program
              << ": give a command (init, manifest, create, credentials, post-roll, roll, "
                 "open, close, tally, results, status). Try urne-admin --help.\n";
    return urne::cli::kExitUsage;
  }
  auto need = [&](std::initializer_list<const char*> names) -> bool {
    for (const char* n : names) {
      if (!vm.count(n)) {
        std::cerr << program << " " << command << ": --" << n
                  << " is required. Try urne-admin --help.\n";
        return false;
      }
    }
    return true;
  };
  urne::AdminIo io{std::cout, std::cerr};
  absl::Status status;
  auto election_id = [&]() -> absl::StatusOr<urne::ElectionId> {
    return urne::ParseElectionId(election);
  };
  if (command == "init") {
    if (!need({"out"})) return urne::cli::kExitUsage;
    auto pass = urne::cli::ReadPassphrase(passphrase_file, "New passphrase for the key: ", true);
    if (!pass.ok()) return urne::cli::Fail(program, pass.status());
    status = urne::AdminInit(
        out, std::string_view(reinterpret_cast<const char*>(pass->data()), pass->size()), io);
  } else if (command == "manifest") {
    if (!need({"template", "authority-key", "board-key", "out"})) return urne::cli::kExitUsage;
    status = urne::AdminManifest(tmpl, authority_key, board_key, trustees, threshold, out, io);
  } else if (command == "credentials") {
    // Offline: no BoardClient, no key.
    if (!need({"manifest", "election", "voters", "board", "out", "public"})) {
      return urne::cli::kExitUsage;
    }
    auto id = election_id();
    if (!id.ok()) return urne::cli::Fail(program, id.status());
    status = urne::AdminCredentials(manifest, *id, voters, board, out, public_out, io);
  } else if (command == "create" || command == "roll" || command == "post-roll" ||
             command == "open" || command == "close" || command == "tally") {
    if (!need({"board", "key"})) return urne::cli::kExitUsage;
    if (command == "create" && !need({"manifest"})) return urne::cli::kExitUsage;
    if (command != "create" && !need({"election"})) return urne::cli::kExitUsage;
    if (command == "roll" && !need({"voters", "out"})) return urne::cli::kExitUsage;
    if (command == "post-roll" && !need({"credentials"})) return urne::cli::kExitUsage;
    auto endpoint = urne::cli::BoardEndpointFromFlags(program, board, tls, std::cerr);
    if (!endpoint.ok()) return urne::cli::Fail(program, endpoint.status());
    urne::BoardClient client(*endpoint);
    absl::StatusOr<urne::ElectionId> id;
    if (command != "create") {
      id = election_id();
      if (!id.ok()) return urne::cli::Fail(program, id.status());
    }
    auto signing = urne::OpenAuthorityKey(key, passphrase_file);
    if (!signing.ok()) return urne::cli::Fail(program, signing.status());
    if (command == "create") status = urne::AdminCreate(client, manifest, *signing, io);
    if (command == "roll") status = urne::AdminRoll(client, *id, voters, *signing, out, io);
    if (command == "post-roll") {
      status = urne::AdminPostRoll(client, *id, credentials, *signing, io);
    }
    if (state_dir.empty()) state_dir = urne::DefaultSignedDir(key);
    if (command == "open") status = urne::AdminOpen(client, *id, *signing, state_dir, io);
    if (command == "close") status = urne::AdminClose(client, *id, *signing, state_dir, io);
    if (command == "tally") status = urne::AdminTally(client, *id, *signing, wait, io);
  } else if (command == "results" || command == "status") {
    if (!need({"board", "election"})) return urne::cli::kExitUsage;
    auto id = election_id();
    if (!id.ok()) return urne::cli::Fail(program, id.status());
    auto endpoint = urne::cli::BoardEndpointFromFlags(program, board, tls, std::cerr);
    if (!endpoint.ok()) return urne::cli::Fail(program, endpoint.status());
    urne::BoardClient client(*endpoint);
    if (command == "status") {
      status = urne::AdminStatus(client, *id, vm.count("json") > 0, io);
    } else {
      auto fmt = urne::ParseReportFormat(format);
      if (!fmt.ok()) return urne::cli::Fail(program, fmt.status());
      status = urne::AdminResults(client, *id, *fmt, out, io);
    }
  } else {
    std::cerr << program << ": unknown command \"" << command << "\". Try urne-admin --help.\n";
    return urne::cli::kExitUsage;
  }
  return urne::cli::Fail(program, status);
}

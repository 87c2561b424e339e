// urne-test-election: a test helper (never shipped) that creates an election in VOTING phase
// on a real board with the scripted election library, or reports an election's counts.
//   urne-test-election create --board URL [--tls-ca FILE] --board-key HEX [--voters N]
//     → {"election_id": "<hex>", "codes": ["<credential code>", …]}
//   urne-test-election status --board URL [--tls-ca FILE] --election ID
//     → {"phase": "VOTING", "ballots": N, "audits": N, "revotes": N}
#include <iostream>
#include <string>

#include "board-client/client.h"
#include "crypto/bytes.h"
#include "election/state.h"
#include "tests/support/scripted_election.h"

namespace {

std::string Arg(int argc, char** argv, const std::string& name, const std::string& fallback) {
  for (int i = 2; i + 1 < argc; ++i) {
    if (argv[i] == "--" + name) return argv[i + 1];
  }
  return fallback;
}

int Fail(const absl::Status& status) {
  std::cerr << "urne-test-election: " << status << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string command = argc > 1 ? argv[1] : "";
  std::string board_address = Arg(argc, argv, "board", "");
  if (board_address.empty() || (command != "create" && command != "status")) {
    std::cerr << "usage: urne-test-election create --board URL [--tls-ca FILE] --board-key HEX"
                 " [--voters N]\n"
                 "       urne-test-election status --board URL [--tls-ca FILE] --election ID\n";
    return 2;
  }
  auto endpoint = urne::ParseBoardEndpoint(board_address, {Arg(argc, argv, "tls-ca", "")});
  if (!endpoint.ok()) return Fail(endpoint.status());
  urne::BoardClient board(*endpoint);
  if (command == "status") {
    auto id = urne::ParseElectionId(Arg(argc, argv, "election", ""));
    if (!id.ok()) return Fail(id.status());
    auto status = board.Status(*id);
    if (!status.ok()) return Fail(status.status());
    std::cout << "{\"phase\": \"" << urne::PhaseName(status->phase())
              << "\", \"ballots\": " << status->ballots() << ", \"audits\": " << status->audits()
              << ", \"revotes\": " << status->revotes() << "}\n";
    return 0;
  }
  urne::testing::ScriptOptions options;
  auto board_key = urne::FromHex(Arg(argc, argv, "board-key", ""));
  if (!board_key.ok() || board_key->size() != 32) {
    std::cerr << "urne-test-election: --board-key is the board's key, 64 hex digits (urne-board "
                 "key --data DIR)\n";
    return 2;
  }
  options.board_key.assign(board_key->begin(), board_key->end());
  options.voters = std::stoul(Arg(argc, argv, "voters", "4"));
  options.reference = Arg(argc, argv, "reference", "booth-test");
  urne::testing::ScriptedElection election(
      options, [&](const urne::v1::Entry& e) { return board.Post(e).status(); });
  absl::Status s = election.Create();
  if (s.ok()) s = election.Ceremony();
  if (s.ok()) s = election.Open();
  if (!s.ok()) return Fail(s);
  std::cout << "{\"election_id\": \"" << urne::ToHex(election.id()) << "\", \"codes\": [";
  for (size_t i = 0; i < election.voter_codes().size(); ++i) {
    std::cout << (i ? ", " : "") << "\"" << election.voter_codes()[i] << "\"";
  }
  std::cout << "]}\n";
  return 0;
}

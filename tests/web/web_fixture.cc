// urne-web-fixture: the C++ side of the cross-implementation tests of the browser's voter
// crypto (voter-client/web/, test/cross.test.js). Never shipped.
//
//   urne-web-fixture make DIR [--group G] [--complaint none|answered|unanswered]
//     Runs a scripted election (tests/support) up to OPEN and writes, as entry lines (below):
//       DIR/setup.tsv   every entry from the MANIFEST to the OPEN, in log order;
//       DIR/cpp.tsv     a BALLOT of voter 0 and an AUDIT of voter 1 made by the C++ code;
//     and DIR/codes.txt (the voters' credential codes, one per line, voter 0 first),
//     DIR/cpp_choices.txt (the choices of those two entries, one line each: 0/1 per option,
//     questions separated by '|') and DIR/cpp_receipt.json, the receipt file (specs/ballot.md
//     §8, written by urne-vote's own writer) of the BALLOT, with a tree head signed by the
//     manifest's board key as a board would sign it.
//   urne-web-fixture check DIR FILE
//     Replays DIR/setup.tsv through the election state machine (election/state.h), then
//     applies every entry line of FILE in order and compares the outcome with the line's
//     expectation ("ok" or the refusal's reason). Prints one line per entry; exit 0 iff
//     every outcome is the expected one, 1 otherwise, 2 on usage or input errors.
//
// Entry line: expect TAB election_id TAB kind TAB payload TAB author TAB signature (lower-case
// hex, kind in decimal).
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "crypto/bytes.h"
#include "election/entry.h"
#include "election/state.h"
#include "election/tree_head.h"
#include "status/status.h"
#include "tools/scripted_election.h"
#include "voter-client/receipt_file.h"

namespace {

using urne::v1::Entry;

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "urne-web-fixture: " << message << "\n";
  std::exit(2);
}

std::string Line(const std::string& expect, const Entry& e) {
  auto hex = [](const std::string& s) { return urne::ToHex(urne::AsBytes(s)); };
  return expect + "\t" + hex(e.election_id()) + "\t" + std::to_string(e.kind()) + "\t" +
         hex(e.payload()) + "\t" + hex(e.author()) + "\t" + hex(e.signature()) + "\n";
}

std::vector<std::pair<std::string, Entry>> ReadLines(const std::string& path) {
  std::ifstream in(path);
  if (!in) Die("cannot read " + path);
  std::vector<std::pair<std::string, Entry>> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string part;
    while (std::getline(ss, part, '\t')) f.push_back(part);
    if (f.size() == 5 && line.back() == '\t') f.emplace_back();
    if (f.size() != 6) Die(path + ": an entry line has 6 tab-separated fields");
    auto bytes = [&](const std::string& h) {
      auto b = urne::FromHex(h);
      if (!b.ok()) Die(path + ": " + std::string(b.status().message()));
      return std::string(b->begin(), b->end());
    };
    Entry e;
    e.set_election_id(bytes(f[1]));
    e.set_kind(static_cast<urne::v1::EntryKind>(std::stoi(f[2])));
    e.set_payload(bytes(f[3]));
    e.set_author(bytes(f[4]));
    e.set_signature(bytes(f[5]));
    out.emplace_back(f[0], std::move(e));
  }
  return out;
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) Die("cannot write " + path);
}

std::string ChoicesText(const urne::Choices& choices) {
  std::string out;
  for (size_t q = 0; q < choices.size(); ++q) {
    if (q) out += "|";
    for (uint32_t m : choices[q]) out += std::to_string(m);
  }
  return out + "\n";
}

int Make(const std::string& dir, const std::string& group, const std::string& complaint) {
  urne::testing::ScriptOptions options;
  options.group = group;
  options.voters = 8;
  options.reference = "web-cross";
  std::vector<Entry> log;
  urne::testing::ScriptedElection election(options, [&](const Entry& e) {
    log.push_back(e);
    return absl::OkStatus();
  });
  absl::Status s = election.Create();
  if (s.ok()) {
    if (complaint == "none") {
      s = election.Ceremony();
    } else if (complaint == "answered" || complaint == "unanswered") {
      s = election.Ceremony(/*bad_dealer=*/1, /*victim=*/2, complaint == "answered");
    } else {
      Die("--complaint is none, answered or unanswered");
    }
  }
  // An unanswered complaint excludes its dealer only at the ceremony deadline
  // (specs/ceremony.md §3): open then.
  if (s.ok())
    s = complaint == "unanswered" ? election.Open(options.ceremony_deadline) : election.Open();
  if (!s.ok()) Die(s.ToString());
  std::string setup;
  for (const Entry& e : log) setup += Line("ok", e);
  urne::Choices ballot = urne::testing::TestChoices(0, {1, 0, 1}, {0, 1, 1});
  urne::Choices audited = urne::testing::TestChoices(2, {0, 0, 0}, {1, 0, 0});
  auto cast = election.Cast(0, ballot);
  if (!cast.ok()) Die(cast.status().ToString());
  auto audit = election.Audit(1, audited);
  if (!audit.ok()) Die(audit.status().ToString());
  // The receipt a board would return for the ballot (index = its position in the log), over
  // the whole log so far, signed with the script's board key (the manifest's board_key).
  const urne::MerkleTree& tree = election.state().tree();
  const uint64_t index = log.size() - 2;
  const std::string id(election.id().begin(), election.id().end());
  urne::v1::Receipt receipt;
  receipt.set_election_id(id);
  receipt.set_index(index);
  urne::Digest32 leaf = urne::EntryLeafHash(*cast);
  receipt.set_leaf_hash(std::string(leaf.begin(), leaf.end()));
  urne::v1::SignedTreeHead* head = receipt.mutable_tree_head();
  head->set_election_id(id);
  head->set_tree_size(tree.Size());
  urne::Digest32 root = tree.Root();
  head->set_root_hash(std::string(root.begin(), root.end()));
  head->set_timestamp_ms(1764000000123);
  urne::SignTreeHead(*head, election.board_signing_key());
  auto path = tree.InclusionProof(index, tree.Size());
  if (!path.ok()) Die(path.status().ToString());
  for (const urne::Digest32& h : *path) receipt.add_inclusion_path(std::string(h.begin(), h.end()));
  urne::voter_client::ReceiptFile file{
      urne::FormatTrackingCode(urne::TrackingCode(cast->payload())), urne::ToHex(election.id()),
      "127.0.0.1:50051", receipt, *cast};
  Write(dir + "/cpp_receipt.json", urne::voter_client::ReceiptToJson(file));
  Write(dir + "/setup.tsv", setup);
  Write(dir + "/cpp.tsv", Line("ok", *cast) + Line("ok", *audit));
  Write(dir + "/cpp_choices.txt", ChoicesText(ballot) + ChoicesText(audited));
  std::string codes;
  for (const std::string& c : election.voter_codes()) codes += c + "\n";
  Write(dir + "/codes.txt", codes);
  std::cout << "election " << urne::ToHex(election.id()) << " (" << group << "): " << log.size() - 2
            << " setup entries, a ballot and an audit\n";
  return 0;
}

int Check(const std::string& dir, const std::string& file) {
  auto setup = ReadLines(dir + "/setup.tsv");
  if (setup.empty()) Die("setup.tsv is empty");
  auto state = urne::ElectionState::Begin(setup[0].second);
  if (!state.ok()) Die("MANIFEST: " + state.status().ToString());
  for (size_t i = 1; i < setup.size(); ++i) {
    absl::Status s = (*state)->Apply(setup[i].second);
    if (!s.ok()) Die("setup entry " + std::to_string(i) + ": " + s.ToString());
  }
  int failures = 0;
  for (const auto& [expect, entry] : ReadLines(file)) {
    absl::Status s = (*state)->Apply(entry);
    std::string got = s.ok() ? "ok" : urne::ReasonOf(s);
    bool as_expected = got == expect;
    failures += as_expected ? 0 : 1;
    std::cout << (as_expected ? "as expected: " : "UNEXPECTED: ") << "kind " << entry.kind()
              << " expected " << expect << ", got " << (s.ok() ? "ok" : s.ToString()) << "\n";
  }
  return failures == 0 ? 0 : 1;
}

std::string Flag(int argc, char** argv, const std::string& name, const std::string& fallback) {
  for (int i = 3; i + 1 < argc; ++i) {
    if (argv[i] == "--" + name) return argv[i + 1];
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  std::string command = argc > 2 ? argv[1] : "";
  if (command == "make") {
    return Make(argv[2], Flag(argc, argv, "group", "ristretto255"),
                Flag(argc, argv, "complaint", "none"));
  }
  if (command == "check" && argc == 4) return Check(argv[2], argv[3]);
  std::cerr
      << "usage: urne-web-fixture make DIR [--group G] [--complaint none|answered|unanswered]\n"
         "       urne-web-fixture check DIR FILE\n";
  return 2;
}

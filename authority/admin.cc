#include "authority/admin.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <thread>

#include "authority/admin_common.h"
#include "authority/admin_key.h"
#include "authority/steps.h"
#include "cli/cli.h"
#include "crypto/status.h"
#include "election/entry.h"
#include "election/manifest.h"

namespace urne {
absl::Status CheckAuthority(const ElectionState& state, const SigningKey& key) {
  PublicKey pk = key.public_key();
  if (state.manifest().authority_key() != std::string(pk.bytes.begin(), pk.bytes.end())) {
    return Invalid("key.not_authority",
                   Cat("this key (", ToHex(pk.bytes),
                       ") is not the election's authority key; use the key file given to "
                       "`urne-admin create`"));
  }
  return absl::OkStatus();
}

absl::Status WrongPhase(const ElectionState& state, const std::string& what) {
  return Error(absl::StatusCode::kFailedPrecondition, "phase.wrong",
               Cat(what, "; the election is ", PhaseName(state.phase())));
}

absl::StatusOr<SyncedElection> SyncAndCheck(BoardClient& board, const ElectionId& election) {
  auto synced = board.Sync(election);
  if (!synced.ok()) {
    return WithContext(synced.status(), Cat("board ", board.address(), ": "));
  }
  return synced;
}

namespace {

absl::Status PostEntry(BoardClient& board, const v1::Entry& entry) {
  auto receipt = board.Post(entry);
  if (!receipt.ok()) {
    return WithContext(receipt.status(),
                       Cat("the board refused the ", v1::EntryKind_Name(entry.kind()), " entry: "));
  }
  return absl::OkStatus();
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

absl::StatusOr<SigningKey> OpenAuthorityKey(const std::string& key_path,
                                            const std::string& passphrase_file) {
  URNE_ASSIGN_OR_RETURN(
      SecretBytes pass,
      cli::ReadPassphrase(passphrase_file, Cat("Passphrase of ", key_path, ": "), false));
  return LoadAuthorityKey(
      key_path, std::string_view(reinterpret_cast<const char*>(pass.data()), pass.size()));
}

absl::Status AdminInit(const std::string& key_path, std::string_view passphrase, AdminIo io) {
  URNE_ASSIGN_OR_RETURN(SigningKey key, CreateAuthorityKey(key_path, passphrase));
  PublicKey pk = key.public_key();
  io.out << "authority key created: " << key_path << " (public key also in " << key_path
         << ".pub)\n"
         << "public key (hex):    " << ToHex(pk.bytes) << "\n"
         << "public key (base64, the manifest's \"authority_key\"): " << Base64(pk.bytes) << "\n";
  return absl::OkStatus();
}

absl::Status AdminManifest(const std::string& template_path, const std::string& authority_key,
                           const std::string& board_key, const std::vector<std::string>& trustees,
                           uint32_t threshold, const std::string& out_path, AdminIo io) {
  URNE_ASSIGN_OR_RETURN(std::string json, cli::ReadTextFile(template_path));
  v1::Manifest m;
  google::protobuf::util::JsonParseOptions options;
  auto parsed = google::protobuf::util::JsonStringToMessage(json, &m, options);
  if (!parsed.ok()) {
    return Invalid("manifest.json", Cat(template_path, ": not valid JSON for urne.v1.Manifest: ",
                                        std::string(parsed.message())));
  }
  URNE_ASSIGN_OR_RETURN(PublicKey authority, ReadPublicKeyArgument(authority_key));
  m.set_authority_key(authority.bytes.data(), authority.bytes.size());
  auto board = ReadPublicKeyArgument(board_key);
  if (!board.ok()) return WithContext(board.status(), "--board-key: ");
  m.set_board_key(board->bytes.data(), board->bytes.size());
  if (!trustees.empty()) {
    std::vector<std::string> names;
    for (const auto& t : m.trustees()) names.push_back(t.name());
    m.clear_trustees();
    for (size_t i = 0; i < trustees.size(); ++i) {
      const std::string& arg = trustees[i];
      size_t c2 = arg.rfind(':');
      size_t c1 = c2 == std::string::npos || c2 == 0 ? std::string::npos : arg.rfind(':', c2 - 1);
      if (c1 == std::string::npos) {
        return Invalid("trustee.bad_argument", Cat("--trustee \"", arg,
                                                   "\": use NAME:SIGNHEX:BOXHEX (NAME may be empty "
                                                   "to keep the template's name)"));
      }
      std::string name = arg.substr(0, c1);
      if (name.empty() && i < names.size()) name = names[i];
      auto sign = FromHex(arg.substr(c1 + 1, c2 - c1 - 1));
      auto box = FromHex(arg.substr(c2 + 1));
      if (!sign.ok() || !box.ok() || sign->size() != 32 || box->size() != 32) {
        return Invalid("trustee.bad_argument",
                       Cat("--trustee \"", arg, "\": the signing and box keys are 64 hex digits"));
      }
      auto* t = m.add_trustees();
      t->set_name(name);
      t->set_signing_key(sign->data(), sign->size());
      t->set_box_key(box->data(), box->size());
    }
  }
  if (threshold != 0) m.set_threshold(threshold);
  URNE_RETURN_IF_ERROR(ValidateManifest(m));
  URNE_RETURN_IF_ERROR(cli::WriteFileAtomic(out_path, ManifestToJson(m) + "\n"));
  io.out << "manifest written to " << out_path << " (" << m.trustees_size() << " trustees, "
         << "threshold " << m.threshold() << ")\n";
  return absl::OkStatus();
}

absl::Status AdminCreate(BoardClient& board, const std::string& manifest_path,
                         const SigningKey& key, AdminIo io) {
  URNE_ASSIGN_OR_RETURN(std::string json, cli::ReadTextFile(manifest_path));
  auto manifest = ParseManifestJson(json);
  if (!manifest.ok()) return WithContext(manifest.status(), Cat(manifest_path, ": "));
  PublicKey pk = key.public_key();
  if (manifest->authority_key() != std::string(pk.bytes.begin(), pk.bytes.end())) {
    return Invalid("key.not_authority",
                   Cat(manifest_path,
                       ": authority_key does not match the key file (its public "
                       "key is ",
                       Base64(pk.bytes), " in base64); fix the manifest or use the right key"));
  }
  std::string payload = Serialize(*manifest);
  ElectionId id = ComputeElectionId(AsBytes(payload));
  v1::Entry entry = MakeEntry(id, v1::MANIFEST, payload, key);
  auto receipt = board.Post(entry);
  if (!receipt.ok()) {
    if (ReasonOf(receipt.status()) == "manifest.already_posted") {
      io.err << "this manifest is already on the board " << board.address() << "; nothing to do\n";
      io.out << ToHex(id) << "\n";
      return absl::OkStatus();
    }
    return WithContext(receipt.status(), "the board refused the manifest: ");
  }
  io.err << "election \"" << manifest->reference() << "\" created on " << board.address()
         << "; next: urne-admin roll\n";
  io.out << ToHex(id) << "\n";
  return absl::OkStatus();
}

absl::Status AdminOpen(BoardClient& board, const ElectionId& election, const SigningKey& key,
                       AdminIo io) {
  URNE_ASSIGN_OR_RETURN(SyncedElection synced, SyncAndCheck(board, election));
  const ElectionState& state = *synced.state;
  URNE_RETURN_IF_ERROR(CheckAuthority(state, key));
  if (state.phase() == v1::VOTING) {
    io.out << "the vote is already open (VOTING); nothing to do\n";
    return absl::OkStatus();
  }
  if (state.phase() != v1::READY && state.phase() != v1::KEY_CEREMONY) {
    return WrongPhase(state, "the vote opens after the roll and the key ceremony (READY)");
  }
  if (!state.roll_posted()) {
    return WrongPhase(state, "post the electoral roll (urne-admin roll) before opening");
  }
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  URNE_RETURN_IF_ERROR(
      PostEntry(board, MakeEntry(election, v1::OPEN, Serialize(MakeOpen(state, now)), key)));
  io.out << "the vote is open\n";
  return absl::OkStatus();
}

absl::Status AdminClose(BoardClient& board, const ElectionId& election, const SigningKey& key,
                        AdminIo io) {
  for (int attempt = 0;; ++attempt) {
    URNE_ASSIGN_OR_RETURN(SyncedElection synced, SyncAndCheck(board, election));
    const ElectionState& state = *synced.state;
    URNE_RETURN_IF_ERROR(CheckAuthority(state, key));
    if (state.phase() == v1::CLOSED || state.phase() == v1::TALLIED) {
      io.out << "the vote is already closed (" << PhaseName(state.phase()) << "); nothing to do\n";
      return absl::OkStatus();
    }
    if (state.phase() != v1::VOTING) return WrongPhase(state, "only an open vote can be closed");
    v1::Close close = MakeClose(state);
    auto receipt = board.Post(MakeEntry(election, v1::CLOSE, Serialize(close), key));
    if (receipt.ok()) {
      io.out << "the vote is closed at tree size " << close.tree_size() << ", root "
             << ToHex(AsBytes(close.root_hash())) << "\n";
      return absl::OkStatus();
    }
    // Ballots arrived between the sync and the close: countersign the new head.
    bool moved = ReasonOf(receipt.status()) == "close.tree_head_mismatch" ||
                 Contains(std::string(receipt.status().message()), "close.tree_head_mismatch");
    if (!moved || attempt >= 5) {
      return WithContext(receipt.status(), "the board refused the CLOSE entry: ");
    }
  }
}

absl::Status AdminTally(BoardClient& board, const ElectionId& election, const SigningKey& key,
                        int wait_seconds, AdminIo io) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  for (;;) {
    URNE_ASSIGN_OR_RETURN(SyncedElection synced, SyncAndCheck(board, election));
    const ElectionState& state = *synced.state;
    URNE_RETURN_IF_ERROR(CheckAuthority(state, key));
    if (state.phase() == v1::TALLIED) {
      io.err << "the result is already on the board; nothing to do\n";
      URNE_ASSIGN_OR_RETURN(
          std::string report,
          RenderResults(state, synced.tree_head, board.address(), ReportFormat::kText));
      io.out << report;
      return absl::OkStatus();
    }
    if (state.phase() != v1::CLOSED) {
      return WrongPhase(state, "the tally is computed once the vote is CLOSED");
    }
    auto result = ComputeResult(state);
    if (!result.ok() && ReasonOf(result.status()) == "tally.waiting") {
      if (std::chrono::steady_clock::now() >= deadline) {
        return WithContext(result.status(), Cat("waited ", wait_seconds, " s (raise --wait): "));
      }
      io.err << result.status().message() << "\n";
      std::this_thread::sleep_for(std::chrono::seconds(1));
      continue;
    }
    URNE_RETURN_IF_ERROR(result.status());
    auto receipt = board.Post(MakeEntry(election, v1::RESULT, Serialize(*result), key));
    if (!receipt.ok() && absl::IsFailedPrecondition(receipt.status()) &&
        ReasonOf(receipt.status()) == "phase.wrong") {
      continue;  // someone posted the result meanwhile: report it
    }
    if (!receipt.ok()) return WithContext(receipt.status(), "the board refused the RESULT entry: ");
    URNE_ASSIGN_OR_RETURN(SyncedElection after, SyncAndCheck(board, election));
    URNE_ASSIGN_OR_RETURN(std::string report, RenderResults(*after.state, after.tree_head,
                                                            board.address(), ReportFormat::kText));
    io.out << report;
    return absl::OkStatus();
  }
}

absl::Status AdminResults(BoardClient& board, const ElectionId& election, ReportFormat format,
                          const std::string& out_path, AdminIo io) {
  URNE_ASSIGN_OR_RETURN(SyncedElection synced, SyncAndCheck(board, election));
  URNE_ASSIGN_OR_RETURN(std::string report,
                        RenderResults(*synced.state, synced.tree_head, board.address(), format));
  if (out_path.empty()) {
    io.out << report;
    return absl::OkStatus();
  }
  URNE_RETURN_IF_ERROR(cli::WriteFileAtomic(out_path, report));
  io.err << "results written to " << out_path << "\n";
  return absl::OkStatus();
}

absl::Status AdminStatus(BoardClient& board, const ElectionId& election, bool json, AdminIo io) {
  URNE_ASSIGN_OR_RETURN(SyncedElection synced, SyncAndCheck(board, election));
  const ElectionState& s = *synced.state;
  const v1::Manifest& m = s.manifest();
  if (json) {
    google::protobuf::Struct root;
    auto& f = *root.mutable_fields();
    auto num = [](uint64_t n) {
      google::protobuf::Value v;
      v.set_number_value(static_cast<double>(n));
      return v;
    };
    f["election_id"].set_string_value(ToHex(election));
    f["reference"].set_string_value(m.reference());
    f["phase"].set_string_value(PhaseName(s.phase()));
    f["registered"] = num(s.roll().size());
    f["ballots"] = num(s.ballots());
    f["revotes"] = num(s.revotes());
    f["audits"] = num(s.audits());
    f["ballots_counted"] = num(s.ballots_counted());
    f["partial_decryptions"] = num(s.partials().size());
    f["threshold"] = num(m.threshold());
    f["tree_size"] = num(s.size());
    std::string out;
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    (void)google::protobuf::util::MessageToJsonString(root, &out, options);
    io.out << out;
    return absl::OkStatus();
  }
  io.out << m.title().fr() << " / " << m.title().en() << "\n"
         << "election:            " << ToHex(election) << " (" << m.reference() << ")\n"
         << "phase:               " << PhaseName(s.phase()) << "\n"
         << "registered:          " << s.roll().size() << (s.roll_posted() ? "" : " (no roll yet)")
         << "\n"
         << "ballots:             " << s.ballots() << " (" << s.revotes() << " revotes, "
         << s.ballots_counted() << " counted)\n"
         << "audits:              " << s.audits() << "\n"
         << "partial decryptions: " << s.partials().size() << " of " << m.threshold() << " needed\n"
         << "log size:            " << s.size() << "\n";
  return absl::OkStatus();
}

}  // namespace urne

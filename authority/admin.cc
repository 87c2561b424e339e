#include "authority/admin.h"

#include <fcntl.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <sodium.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "authority/admin_key.h"
#include "authority/letters.h"
#include "authority/roll_csv.h"
#include "authority/steps.h"
#include "cli/cli.h"
#include "crypto/status.h"
#include "election/credential.h"
#include "election/entry.h"
#include "election/manifest.h"

namespace urne {
namespace fs = std::filesystem;
namespace {

void Wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}

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

// Writes a private file: created exclusively with mode 0600, fsynced.
absl::Status WritePrivateFile(const fs::path& path, const std::string& data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Invalid("file.unwritable", Cat("cannot create ", path.string()));
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) {
      ::close(fd);
      return Invalid("file.unwritable", Cat("cannot write ", path.string()));
    }
    done += static_cast<size_t>(n);
  }
  bool ok = ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok) return Invalid("file.unwritable", Cat("cannot write ", path.string()));
  return absl::OkStatus();
}

void SyncDirectory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)::fsync(fd);
    ::close(fd);
  }
}

absl::StatusOr<SyncedElection> SyncAndCheck(BoardClient& board, const ElectionId& election) {
  auto synced = board.Sync(election);
  if (!synced.ok()) {
    return WithContext(synced.status(), Cat("board ", board.address(), ": "));
  }
  return synced;
}

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

absl::Status AdminRoll(BoardClient& board, const ElectionId& election, const std::string& csv_path,
                       const SigningKey& key, const std::string& letters_dir, AdminIo io) {
  URNE_ASSIGN_OR_RETURN(std::string csv, cli::ReadTextFile(csv_path));
  auto voters = ParseRollCsv(csv);
  if (!voters.ok()) return WithContext(voters.status(), Cat(csv_path, ": "));
  URNE_ASSIGN_OR_RETURN(SyncedElection synced, SyncAndCheck(board, election));
  const ElectionState& state = *synced.state;
  URNE_RETURN_IF_ERROR(CheckAuthority(state, key));
  if (state.roll_posted()) {
    return Error(
        absl::StatusCode::kAlreadyExists, "roll.already_posted",
        Cat("the electoral roll of this election is already on the board (", state.roll().size(),
            " credentials); an election has exactly one roll. Nothing was generated."));
  }
  v1::Phase phase = state.phase();
  if (phase != v1::SETUP && phase != v1::KEY_CEREMONY && phase != v1::READY) {
    return WrongPhase(state, "the roll is posted before the vote opens");
  }
  fs::path dir = fs::absolute(fs::path(letters_dir)).lexically_normal();
  if (dir.has_filename() == false) dir = dir.parent_path();
  fs::path tmp = dir;
  tmp += ".tmp";
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    return Invalid("letters.exists", Cat(dir.string(),
                                         " already exists; give a new folder to --out (letters are "
                                         "never overwritten)"));
  }
  if (fs::exists(tmp, ec)) {
    // A run that stopped before posting: its codes were never on the board; useless.
    fs::remove_all(tmp, ec);
    io.err << "removed " << tmp.string() << " left by an interrupted run (never posted)\n";
  }
  if (!fs::create_directory(tmp, ec) || ec) {
    return Invalid("file.unwritable", Cat("cannot create ", tmp.string()));
  }
  fs::permissions(tmp, fs::perms::owner_all, ec);
  auto cleanup = [&](const fs::path& p) {
    std::error_code ignored;
    fs::remove_all(p, ignored);
  };

  LetterContext context{state.manifest(), election, board.address()};
  std::vector<PublicKey> credentials;
  std::string merge = LettersCsvHeader();
  cli::Progress progress("letters");
  for (size_t i = 0; i < voters->size(); ++i) {
    const Voter& v = (*voters)[i];
    CredentialCode code = GenerateCredentialCode();
    credentials.push_back(PublicCredential(election, code));
    SecretBytes display = code.Display();
    std::string shown(reinterpret_cast<const char*>(display.data()), display.size());
    std::string file = LetterFileName(i, v.id);
    std::string html = RenderLetter(context, v, shown);
    std::string row = LettersCsvRow(v, shown, file);
    merge += row;
    absl::Status written = WritePrivateFile(tmp / file, html);
    Wipe(html);
    Wipe(row);
    Wipe(shown);
    if (!written.ok()) {
      Wipe(merge);
      cleanup(tmp);
      return written;
    }
    progress.Update(i + 1, voters->size());
  }
  progress.Done();
  absl::Status written = WritePrivateFile(tmp / "letters.csv", merge);
  Wipe(merge);
  if (!written.ok()) {
    cleanup(tmp);
    return written;
  }
  SyncDirectory(tmp);
  fs::rename(tmp, dir, ec);
  if (ec) {
    cleanup(tmp);
    return Invalid("file.unwritable", Cat("cannot rename ", tmp.string(), " to ", dir.string()));
  }
  SyncDirectory(dir.parent_path());

  auto roll = MakeRoll(credentials);
  if (!roll.ok()) {
    cleanup(dir);
    return roll.status();
  }
  v1::Entry entry = MakeEntry(election, v1::ROLL, Serialize(*roll), key);
  auto receipt = board.Post(entry);
  if (!receipt.ok()) {
    // The answer may be lost while the board recorded the roll: ask before deleting.
    auto again = board.Sync(election);
    if (!again.ok()) {
      return WithContext(receipt.status(),
                         Cat("posting the roll failed and the board cannot be asked whether it "
                             "recorded it; the letters in ",
                             dir.string(),
                             " are KEPT: run `urne-admin status`, and delete that folder if no "
                             "roll is posted: "));
    }
    bool ours = again->state->roll_posted() &&
                again->state->roll() == std::vector<std::string>(roll->credentials().begin(),
                                                                 roll->credentials().end());
    if (!ours) {
      cleanup(dir);
      return WithContext(receipt.status(),
                         Cat("the board refused the roll; the letters were deleted: "));
    }
  }
  io.out << "roll posted: " << voters->size() << " voters; letters in " << dir.string()
         << " (one HTML letter each, letters.csv for mail merge)\n"
         << "These are the only copies of the voters' codes: print and mail them, then delete "
            "the folder.\n";
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
  URNE_RETURN_IF_ERROR(PostEntry(board, MakeEntry(election, v1::OPEN, Serialize(v1::Open()), key)));
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

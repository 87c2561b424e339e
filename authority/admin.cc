#include "authority/admin.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <iterator>
#include <optional>
#include <thread>
#include <utility>

#include "authority/admin_common.h"
#include "authority/authority_key_file.h"
#include "authority/manifest_source.h"
#include "authority/messages.h"
#include "authority/signed_once.h"
#include "board-client/follow.h"
#include "cli/cli.h"
#include "cli/follow_command.h"
#include "cli/json.h"
#include "cli/reasons.h"
#include "cli/status_document.h"
#include "election/authority_steps.h"
#include "election/entry.h"
#include "election/manifest.h"
#include "status/status.h"

namespace urne::authority {
absl::Status CheckAuthority(const ElectionState& state, const SigningKey& key) {
  PublicKey pk = key.public_key();
  if (state.manifest().authority_key() != std::string(pk.bytes.begin(), pk.bytes.end())) {
    return Refuse(AdminMsg::kNotAuthority, {ToHex(pk.bytes)});
  }
  return absl::OkStatus();
}

absl::Status WrongPhase(const ElectionState& state, AdminMsg what) {
  const std::string phase = PhaseName(state.phase());
  return RefuseWith(AdminMsg::kWrongPhase,
                    Text{SayIn(AdminMsg::kWrongPhase, "en", {SayIn(what, "en"), phase}),
                         SayIn(AdminMsg::kWrongPhase, "fr", {SayIn(what, "fr"), phase})});
}

std::string View(uint64_t size, const std::string& root) {
  return Cat("size ", size, ", root ", ToHex(AsBytes(root)));
}

absl::Status SignedRecordStuck(const SignedRecord& signed_once, const std::string& board_view,
                               bool extends, const std::string& state_dir, const std::string& why) {
  const char* name = signed_once.kind == v1::OPEN ? "OPEN" : "CLOSE";
  std::string message = Cat(why, "\n  signed by this authority (", state_dir, "): ", name, " over ",
                            View(signed_once.tree_size, signed_once.root_hash),
                            "\n  the board now shows: ", board_view, "\n");
  if (extends) {
    message +=
        Cat("The board's log extends the one signed: entries arrived after the signature (or the "
            "board held them back). ",
            name, " is signed once per election and never again for another log.");
    return Error(absl::StatusCode::kAborted,
                 signed_once.kind == v1::OPEN ? "open.refused" : "close.refused", message);
  }
  message +=
      Cat("The two are DIFFERENT HISTORIES: the board showed two logs of this election (a fork). "
          "Keep both views as evidence. This authority never signs a second ",
          name,
          " (a second CLOSE would let a board have trustees decrypt a chosen ballot); tell the "
          "trustees not to decrypt, and report the board.");
  return Error(absl::StatusCode::kAborted, "verify.board_fork", message);
}

absl::StatusOr<SyncedElection> SyncAndCheck(BoardClient& board, const ElectionId& election) {
  auto synced = board.Sync(election);
  if (!synced.ok()) {
    return WithContext(synced.status(), Cat("board ", board.address(), ": "));
  }
  return synced;
}

namespace {

std::optional<uint64_t> IndexOfKind(const std::vector<v1::Entry>& entries, v1::EntryKind kind) {
  for (uint64_t i = 0; i < entries.size(); ++i) {
    if (entries[i].kind() == kind) return i;
  }
  return std::nullopt;
}

// The signed record could not be placed on the log `now`, replayed here.
absl::Status TwoViews(const SignedRecord& signed_once, const SyncedElection& now,
                      const std::string& state_dir, const std::string& why) {
  const ElectionState& state = *now.state;
  Digest32 root_now = state.tree().Root();
  auto prefix = state.tree().Root(signed_once.tree_size);
  bool extends = state.size() >= signed_once.tree_size && prefix.ok() &&
                 std::string(prefix->begin(), prefix->end()) == signed_once.root_hash;
  return SignedRecordStuck(signed_once,
                           Cat(View(state.size(), std::string(root_now.begin(), root_now.end())),
                               " (phase ", PhaseName(state.phase()), ")"),
                           extends, state_dir, why);
}

// OPEN or CLOSE: signed at most once per election, ever. The record is stored (durably,
// exclusively) before the entry is posted; a later run re-posts the same bytes or, if the
// board shows another log, stops and shows both views.
absl::Status SignOnce(BoardClient& board, const ElectionId& election, const SigningKey& key,
                      v1::EntryKind kind, const std::string& state_dir, AdminIo io) {
  const bool open = kind == v1::OPEN;
  const char* name = open ? "OPEN" : "CLOSE";
  URNE_ASSIGN_OR_RETURN(std::optional<SignedRecord> recorded,
                        LoadSigned(state_dir, election, kind));
  int refusals = 0;
  for (int attempt = 0;; ++attempt) {
    URNE_ASSIGN_OR_RETURN(SyncedElection synced, SyncAndCheck(board, election));
    const ElectionState& state = *synced.state;
    URNE_RETURN_IF_ERROR(CheckAuthority(state, key));
    // (An OPEN on the board of a closed election: reported as the wrong phase below.)
    if (auto at = IndexOfKind(synced.entries, kind); at && (!open || state.phase() == v1::VOTING)) {
      const v1::Entry& posted = synced.entries[*at];
      if (recorded && EntryLeafHash(posted) != EntryLeafHash(recorded->entry)) {
        return TwoViews(*recorded, synced, state_dir,
                        Cat("the board holds another ", name, " (entry ", *at,
                            ") than the one this authority signed and recorded"));
      }
      io.out << SayIn(open ? AdminMsg::kOutAlreadyOpen : AdminMsg::kOutAlreadyClosed, io.lang,
                      {name, std::to_string(*at)});
      return absl::OkStatus();
    }
    if (open && state.phase() != v1::READY && state.phase() != v1::KEY_CEREMONY) {
      return WrongPhase(state, AdminMsg::kPhaseOpen);
    }
    if (open && !state.roll_posted()) {
      return WrongPhase(state, AdminMsg::kPhaseOpenNoRoll);
    }
    if (!open && state.phase() != v1::VOTING) {
      return WrongPhase(state, AdminMsg::kPhaseClose);
    }
    if (!recorded) {
      // The log must not move between this sync and the signature: an entry arriving in
      // between would make the only OPEN or CLOSE unplaceable.
      URNE_ASSIGN_OR_RETURN(v1::SignedTreeHead head, board.TreeHead(election));
      if (head.tree_size() != state.size()) {
        if (attempt >= 50) {
          return Error(absl::StatusCode::kUnavailable, "admin.log_moving",
                       Cat("the log keeps growing (", state.size(), " then ", head.tree_size(),
                           " entries); nothing was signed. Run again when no more entries "
                           "arrive"));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        continue;
      }
      SignedRecord mine;
      mine.election = election;
      mine.kind = kind;
      mine.tree_size = state.size();
      Digest32 root = state.tree().Root();
      mine.root_hash.assign(root.begin(), root.end());
      mine.entry =
          MakeEntry(election, kind,
                    open ? Serialize(MakeOpen(state, static_cast<int64_t>(std::time(nullptr))))
                         : Serialize(MakeClose(state)),
                    key);
      URNE_ASSIGN_OR_RETURN(SignedRecord stored, StoreSignedOnce(state_dir, mine));
      recorded = std::move(stored);
    }
    Digest32 root = state.tree().Root();
    if (state.size() != recorded->tree_size ||
        std::string(root.begin(), root.end()) != recorded->root_hash) {
      return TwoViews(
          *recorded, synced, state_dir,
          Cat("this authority already signed ", name,
              " for this election, over another log; it signs one ", name, " per election, ever"));
    }
    auto receipt = board.Post(recorded->entry);
    if (receipt.ok()) {
      io.out << SayIn(open ? AdminMsg::kOutOpened : AdminMsg::kOutClosed, io.lang,
                      {name, View(recorded->tree_size, recorded->root_hash)});
      return absl::OkStatus();
    }
    if (ReasonOf(receipt.status()) == "board.unreachable") {
      return WithContext(receipt.status(),
                         Cat("the signed ", name, " is recorded in ", state_dir,
                             "; run the same command again to post it (the same entry): "));
    }
    // Refused, or the answer was lost: the next round asks the board what it holds now, and
    // posts the same entry again only if the board still shows the log it countersigns.
    io.err << SayIn(AdminMsg::kOutRefusedAsking, io.lang,
                    {name, ReasonOf(receipt.status()), cli::MessageFor(receipt.status(), io.lang)});
    if (++refusals >= 3) {
      URNE_ASSIGN_OR_RETURN(SyncedElection now, SyncAndCheck(board, election));
      return TwoViews(*recorded, now, state_dir,
                      Cat("the board keeps refusing the ", name, " this authority signed"));
    }
  }
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
  io.out << SayIn(AdminMsg::kOutKeyCreated, io.lang, {key_path, ToHex(pk.bytes), Base64(pk.bytes)});
  return absl::OkStatus();
}

absl::Status AdminManifest(const std::string& template_path, const ManifestFill& fill,
                           const std::string& out_path, AdminIo io) {
  const std::vector<std::string>& trustees = fill.trustees;
  URNE_ASSIGN_OR_RETURN(std::string json, cli::ReadTextFile(template_path));
  // The template as staff write it (comments, local times); its keys may be placeholders.
  ManifestSource source = ReadManifestSource(json, "en", /*keys_required=*/false);
  if (!source.problems.empty()) {
    std::string listed = FormatManifestProblems(template_path, source, "en");
    listed.pop_back();
    std::string listed_fr = FormatManifestProblems(
        template_path, ReadManifestSource(json, "fr", /*keys_required=*/false), "fr");
    listed_fr.pop_back();
    return Invalid("manifest.invalid", Text{Cat("\n", listed), Cat("\n", listed_fr)});
  }
  v1::Manifest m = std::move(source.manifest);
  URNE_ASSIGN_OR_RETURN(PublicKey authority, ReadPublicKeyArgument(fill.authority_key));
  m.set_authority_key(authority.bytes.data(), authority.bytes.size());
  auto board = ReadPublicKeyArgument(fill.board_key);
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
  if (fill.threshold != 0) m.set_threshold(fill.threshold);
  if (!fill.booth_digest.empty()) {
    auto digest = FromHex(fill.booth_digest);
    if (!digest.ok() || digest->size() != 32) {
      return Invalid("booth.bad_digest",
                     Cat("--booth-digest \"", fill.booth_digest.substr(0, 80),
                         "\": give the 64 hex digits that `urne-board booth-digest` prints"));
    }
    m.set_booth_digest(digest->data(), digest->size());
  }
  URNE_RETURN_IF_ERROR(ValidateManifest(m));
  URNE_RETURN_IF_ERROR(cli::WriteFileAtomic(out_path, ManifestToJson(m) + "\n"));
  io.out << SayIn(AdminMsg::kOutManifestWritten, io.lang,
                  {out_path, std::to_string(m.trustees_size()), std::to_string(m.threshold())});
  return absl::OkStatus();
}

absl::Status AdminCreate(BoardClient& board, const std::string& manifest_path,
                         const SigningKey& key, AdminIo io) {
  auto manifest = LoadManifestFile(manifest_path, io.lang);
  if (!manifest.ok()) return manifest.status();
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
      io.err << SayIn(AdminMsg::kOutManifestThere, io.lang, {board.address()});
      io.out << ToHex(id) << "\n";
      return absl::OkStatus();
    }
    return WithContext(receipt.status(), "the board refused the manifest: ");
  }
  io.err << SayIn(AdminMsg::kOutCreated, io.lang, {manifest->reference(), board.address()});
  io.out << ToHex(id) << "\n";
  return absl::OkStatus();
}

absl::Status AdminOpen(BoardClient& board, const ElectionId& election, const SigningKey& key,
                       const std::string& state_dir, AdminIo io) {
  return SignOnce(board, election, key, v1::OPEN, state_dir, std::move(io));
}

absl::Status AdminClose(BoardClient& board, const ElectionId& election, const SigningKey& key,
                        const std::string& state_dir, AdminIo io) {
  return SignOnce(board, election, key, v1::CLOSE, state_dir, std::move(io));
}

namespace {

// tally.waiting's sentence (election/authority_steps.h ComputeResult) in both languages:
// who decrypted and who is still missing, by index and the manifest's name.
Text TallyWaiting(const ElectionState& state) {
  const v1::Manifest& manifest = state.manifest();
  const uint32_t t = manifest.threshold();
  Text done;
  Text missing;
  for (int i = 0; i < manifest.trustees_size(); ++i) {
    const auto j = static_cast<uint32_t>(i + 1);
    Text& list = state.partials().contains(j) ? done : missing;
    const std::string& name = manifest.trustees(i).name();
    Text who = Say(AdminMsg::kTrustee, {std::to_string(j)});
    if (!name.empty()) who = who + Text{Cat(" (", name, ")"), Cat(" (", name, ")")};
    if (!list.en.empty()) list = list + Text{", ", ", "};
    list = list + who;
  }
  const size_t have = state.partials().size();
  auto with = [&](const std::string& lang) {
    const std::string& d = lang == "fr" ? done.fr : done.en;
    return SayIn(AdminMsg::kTallyWaiting, lang,
                 {std::to_string(have), std::to_string(t),
                  d.empty() ? "" : SayIn(AdminMsg::kTallyWaitingFrom, lang, {d}),
                  lang == "fr" ? missing.fr : missing.en, std::to_string(t - have)});
  };
  return Text{with("en"), with("fr")};
}

}  // namespace

absl::Status AdminFollow(BoardClient& board, const ElectionId& election, const std::string& dir,
                         int interval_seconds, AdminIo io) {
  cli::FollowOptions follow;
  follow.dir = dir;
  follow.interval_seconds = interval_seconds;
  follow.lang = io.lang;
  return cli::FollowUntilClosed(board, election, follow, io.out).status();
}

namespace {

// The whole log replayed, or, with a checkpoint, the state resumed after CLOSE from it.
absl::StatusOr<SyncedElection> SyncOrResume(BoardClient& board, const ElectionId& election,
                                            const std::optional<TallyCheckpoint>& checkpoint) {
  if (!checkpoint) return SyncAndCheck(board, election);
  auto synced = SyncAfterClose(board, *checkpoint);
  if (!synced.ok()) return WithContext(synced.status(), Cat("board ", board.address(), ": "));
  return synced;
}

absl::StatusOr<std::optional<TallyCheckpoint>> ReadCheckpointIfAny(const std::string& path,
                                                                   const ElectionId& election) {
  if (path.empty()) return std::nullopt;
  return cli::ReadTallyCheckpoint(path, election);
}

}  // namespace

absl::Status AdminTally(BoardClient& board, const ElectionId& election, const SigningKey& key,
                        int wait_seconds, AdminIo io, const std::string& tally_checkpoint) {
  URNE_ASSIGN_OR_RETURN(std::optional<TallyCheckpoint> checkpoint,
                        ReadCheckpointIfAny(tally_checkpoint, election));
  auto sync = [&] { return SyncOrResume(board, election, checkpoint); };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  std::string last_printed;  // --wait prints only when who is missing changes
  for (;;) {
    URNE_ASSIGN_OR_RETURN(SyncedElection synced, sync());
    const ElectionState& state = *synced.state;
    URNE_RETURN_IF_ERROR(CheckAuthority(state, key));
    if (state.phase() == v1::TALLIED) {
      io.err << SayIn(AdminMsg::kOutResultThere, io.lang);
      URNE_ASSIGN_OR_RETURN(
          std::string report,
          RenderResults(state, synced.tree_head, board.address(), ReportFormat::kText));
      io.out << report;
      return absl::OkStatus();
    }
    if (state.phase() != v1::CLOSED) {
      return WrongPhase(state, AdminMsg::kPhaseTally);
    }
    URNE_RETURN_IF_ERROR(state.CheckSecrecyFloor());
    auto result = ComputeResult(state);
    if (!result.ok() && ReasonOf(result.status()) == "tally.waiting") {
      const Text waiting = TallyWaiting(state);
      if (std::chrono::steady_clock::now() >= deadline) {
        return RefuseWith(AdminMsg::kTallyWaiting,
                          Say(AdminMsg::kTallyWaited, {std::to_string(wait_seconds)}) + waiting);
      }
      const std::string line = io.lang == "fr" ? waiting.fr : waiting.en;
      if (line != last_printed) {
        last_printed = line;
        io.err << last_printed << "\n";
      }
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
    URNE_ASSIGN_OR_RETURN(SyncedElection after, sync());
    URNE_ASSIGN_OR_RETURN(std::string report, RenderResults(*after.state, after.tree_head,
                                                            board.address(), ReportFormat::kText));
    io.out << report;
    return absl::OkStatus();
  }
}

absl::Status AdminResults(BoardClient& board, const ElectionId& election, ReportFormat format,
                          const std::string& out_path, AdminIo io,
                          const std::string& tally_checkpoint) {
  URNE_ASSIGN_OR_RETURN(std::optional<TallyCheckpoint> checkpoint,
                        ReadCheckpointIfAny(tally_checkpoint, election));
  URNE_ASSIGN_OR_RETURN(SyncedElection synced, SyncOrResume(board, election, checkpoint));
  URNE_ASSIGN_OR_RETURN(std::string report,
                        RenderResults(*synced.state, synced.tree_head, board.address(), format));
  if (out_path.empty()) {
    io.out << report;
    return absl::OkStatus();
  }
  URNE_RETURN_IF_ERROR(cli::WriteFileAtomic(out_path, report));
  io.err << SayIn(AdminMsg::kOutResultsWritten, io.lang, {out_path});
  return absl::OkStatus();
}

namespace {

// The status document as `status` prints it: JSON as it is, or the text table.
void PrintStatus(const google::protobuf::Struct& doc, bool json, AdminIo io) {
  if (json) {
    io.out << cli::ToJson(doc, cli::JsonLayout::kIndented);
    return;
  }
  // Both sources have every member: StatusDocument, and ReadFollowedStatus's checks.
  const auto& f = doc.fields();
  auto text = [&f](const char* name) { return f.at(name).string_value(); };
  auto n = [&f](const char* name) {
    return std::to_string(static_cast<uint64_t>(f.at(name).number_value()));
  };
  const bool roll_posted = f.at("roll_posted").bool_value();
  io.out << SayIn(AdminMsg::kOutStatusHead, io.lang,
                  {text("title_fr"), text("title_en"), text("election_id"), text("reference"),
                   text("phase"), n("registered"),
                   roll_posted ? "" : SayIn(AdminMsg::kOutNoRollYet, io.lang)})
         << SayIn(AdminMsg::kOutStatusTail, io.lang,
                  {n("ballots"), n("revotes"), n("ballots_counted"), n("audits"),
                   n("partial_decryptions"), n("threshold"), n("tree_size")});
}

// The document `follow` keeps in `dir` (cli/status_document.h), checked to be of `election`
// and to carry every member `status` prints, of the right kind.
absl::StatusOr<google::protobuf::Struct> ReadFollowedStatus(const std::string& dir,
                                                            const ElectionId& election) {
  const std::string path = Cat(dir, "/", cli::StatusDocumentName(election));
  // follow writes a few hundred bytes, and at most about 6 MiB: its texts come from a manifest
  // (at most 1 MiB on a board's default limits) and each byte escapes to at most 6. Anything
  // larger is not its document (and is not read into memory).
  constexpr uintmax_t kMaxBytes = uintmax_t{8} << 20;
  std::error_code size_error;
  const uintmax_t size = std::filesystem::file_size(path, size_error);
  if (!size_error && size > kMaxBytes) {
    return Refuse(AdminMsg::kStatusMalformed, {path, Cat(size, " bytes, more than ", kMaxBytes)});
  }
  absl::StatusOr<std::string> text = cli::ReadTextFile(path);
  if (size_error || !text.ok()) {
    // A missing file is the usual case; another error (a folder of another user) is named.
    const bool missing = size_error == std::errc::no_such_file_or_directory;
    const std::string what =
        size_error && !missing ? Cat(path, " (", size_error.message(), ")") : path;
    return Refuse(AdminMsg::kStatusNoFollower, {what, dir, ToHex(election)});
  }
  google::protobuf::Struct doc;
  if (auto parsed = google::protobuf::util::JsonStringToMessage(*text, &doc); !parsed.ok()) {
    return Refuse(AdminMsg::kStatusMalformed, {path, std::string(parsed.message())});
  }
  static constexpr const char* kStrings[] = {"election_id", "reference", "title_fr", "title_en",
                                             "phase"};
  static constexpr const char* kCounts[] = {"registered", "ballots",         "revotes",
                                            "audits",     "ballots_counted", "partial_decryptions",
                                            "threshold",  "tree_size"};
  const auto& f = doc.fields();
  for (const char* name : kStrings) {
    auto it = f.find(name);
    if (it == f.end() || !it->second.has_string_value()) {
      return Refuse(AdminMsg::kStatusMalformed, {path, Cat("no text member \"", name, "\"")});
    }
  }
  // A count is a whole number from 0 to 2^53 (every such double is exact), checked before
  // any conversion to an integer.
  constexpr double kMaxCount = 9007199254740992.0;
  for (const char* name : kCounts) {
    auto it = f.find(name);
    if (it == f.end() || !it->second.has_number_value() || !(it->second.number_value() >= 0) ||
        it->second.number_value() > kMaxCount ||
        std::floor(it->second.number_value()) != it->second.number_value()) {
      return Refuse(AdminMsg::kStatusMalformed, {path, Cat("no count member \"", name, "\"")});
    }
  }
  bool known_phase = false;
  for (int p = v1::SETUP; p <= v1::TALLIED; ++p) {
    known_phase |= f.at("phase").string_value() == PhaseName(static_cast<v1::Phase>(p));
  }
  if (!known_phase) {
    return Refuse(
        AdminMsg::kStatusMalformed,
        {path, Cat(R"("phase" is ")", f.at("phase").string_value(),
                   "\", not one of SETUP, KEY_CEREMONY, READY, VOTING, CLOSED, TALLIED")});
  }
  if (auto it = f.find("roll_posted"); it == f.end() || !it->second.has_bool_value()) {
    return Refuse(AdminMsg::kStatusMalformed, {path, "no true/false member \"roll_posted\""});
  }
  // Exactly these members (specs/entries.md §3.5): nothing else is printed as if follow wrote it.
  if (f.size() != std::size(kStrings) + std::size(kCounts) + 1) {
    for (const auto& member : f) {
      const std::string& name = member.first;
      const auto known = [&name](const char* k) { return name == k; };
      if (name != "roll_posted" && std::none_of(std::begin(kStrings), std::end(kStrings), known) &&
          std::none_of(std::begin(kCounts), std::end(kCounts), known)) {
        return Refuse(AdminMsg::kStatusMalformed, {path, Cat("unknown member \"", name, "\"")});
      }
    }
  }
  if (f.at("election_id").string_value() != ToHex(election)) {
    return Refuse(AdminMsg::kStatusWrongElection,
                  {path, f.at("election_id").string_value(), ToHex(election)});
  }
  return doc;
}

}  // namespace

absl::Status AdminStatus(BoardClient& board, const ElectionId& election, bool json,
                         const std::string& follow_dir, AdminIo io) {
  if (follow_dir.empty()) {
    URNE_ASSIGN_OR_RETURN(SyncedElection synced, SyncAndCheck(board, election));
    PrintStatus(cli::StatusDocument(*synced.state), json, io);
    return absl::OkStatus();
  }
  // After CLOSE the follower has left its tally checkpoint: the state is resumed from it (the
  // partial decryptions and the result are read and checked, the ballots are not replayed).
  const std::string checkpoint_path = Cat(follow_dir, "/", TallyCheckpointName(election));
  std::error_code exists_error;
  if (std::filesystem::exists(checkpoint_path, exists_error)) {
    URNE_ASSIGN_OR_RETURN(TallyCheckpoint checkpoint,
                          cli::ReadTallyCheckpoint(checkpoint_path, election));
    URNE_ASSIGN_OR_RETURN(SyncedElection synced, SyncOrResume(board, election, checkpoint));
    PrintStatus(cli::StatusDocument(*synced.state), json, io);
    return absl::OkStatus();
  }
  // During the vote: the counts the follower wrote with the log it verified.
  URNE_ASSIGN_OR_RETURN(google::protobuf::Struct doc, ReadFollowedStatus(follow_dir, election));
  PrintStatus(doc, json, io);
  if (!json) {
    const auto size = static_cast<uint64_t>(doc.fields().at("tree_size").number_value());
    io.out << SayIn(AdminMsg::kOutStatusFollowed, io.lang,
                    {follow_dir, std::to_string(size == 0 ? 0 : size - 1)});
  }
  return absl::OkStatus();
}

}  // namespace urne::authority

// The roll commands of urne-admin (specs/credentials.md §10): `credentials` (offline: codes,
// letters, the public credentials file), `post-roll` (online: signs and posts that file) and
// `roll` (both in one run, for a town that generates its own codes).

#include <filesystem>

#include "authority/admin.h"
#include "authority/admin_common.h"
#include "authority/letters.h"
#include "authority/manifest_source.h"
#include "authority/messages.h"
#include "authority/public_credentials.h"
#include "authority/roll_csv.h"
#include "authority/voter_map.h"
#include "cli/cli.h"
#include "cli/private_file.h"
#include "election/authority_steps.h"
#include "election/credential.h"
#include "election/entry.h"
#include "election/manifest.h"
#include "status/status.h"

namespace urne::authority {
namespace fs = std::filesystem;

void Wipe(std::string& s) { WipeText(s); }

namespace {

void RemoveAll(const fs::path& p) {
  std::error_code ignored;
  fs::remove_all(p, ignored);
}

fs::path LettersPath(const std::string& letters_dir) {
  fs::path dir = fs::absolute(fs::path(letters_dir)).lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();
  return dir;
}

absl::Status RefuseExisting(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    return Refuse(AdminMsg::kLettersFolderExists, {dir.string()});
  }
  return absl::OkStatus();
}

}  // namespace

std::string DefaultVoterMapPath(const std::string& letters_dir) {
  return LettersPath(letters_dir).string() + "-voter-map.csv";
}

namespace {

absl::Status RefuseExistingMap(const std::string& map_path) {
  std::error_code ec;
  if (fs::exists(map_path, ec)) {
    return Refuse(AdminMsg::kVoterMapExists, {map_path});
  }
  return absl::OkStatus();
}

// The staff's private voter map (specs/credentials.md §10.4): created exclusively, mode 0600.
absl::Status WriteVoterMap(const std::string& map_path, const ElectionId& election,
                           const std::vector<Voter>& voters,
                           const std::vector<PublicKey>& credentials) {
  VoterMap map;
  map.election = election;
  for (size_t i = 0; i < voters.size(); ++i) {
    map.rows.push_back({voters[i].id, credentials[i], std::nullopt});
  }
  return cli::CreatePrivateFile(map_path, VoterMapToText(map));
}

// For each voter, in file order: a fresh code, its public credential and the letter, written
// into DIR.tmp — the letters in letters.html (or files of kLettersPerFile letters), the
// mail-merge letters.csv — which is then renamed to DIR (specs/credentials.md §10.1). Returns
// the public credentials. On error nothing is left behind.
absl::StatusOr<std::vector<PublicKey>> WriteLetters(const LetterContext& context,
                                                    const std::vector<Voter>& voters,
                                                    const fs::path& dir, AdminIo io) {
  URNE_RETURN_IF_ERROR(RefuseExisting(dir));
  fs::path tmp = dir;
  tmp += ".tmp";
  std::error_code ec;
  if (fs::exists(tmp, ec)) {
    // A run that stopped before finishing: its codes were never handed over or posted.
    RemoveAll(tmp);
    io.err << "removed " << tmp.string() << " left by an interrupted run (never posted)\n";
  }
  if (!fs::create_directory(tmp, ec) || ec) {
    return Invalid("file.unwritable", Cat("cannot create ", tmp.string()));
  }
  fs::permissions(tmp, fs::perms::owner_all, ec);
  auto fail = [&](absl::Status status) {
    RemoveAll(tmp);
    return status;
  };
  std::vector<PublicKey> credentials;
  credentials.reserve(voters.size());
  cli::PrivateFileWriter merge((tmp / "letters.csv").string());
  std::string header = LettersCsvHeader();
  const std::string common = LettersCsvCommon(context);
  if (absl::Status s = merge.Append(header); !s.ok()) return fail(s);
  cli::Progress progress(io.lang == "fr" ? "lettres" : "letters");
  for (size_t first = 0, file = 0; first < voters.size(); first += kLettersPerFile, ++file) {
    const size_t end = std::min(voters.size(), first + kLettersPerFile);
    const std::string name = LettersFileName(file, voters.size());
    cli::PrivateFileWriter letters((tmp / name).string());
    std::string start = LettersDocumentStart(context.manifest,
                                             voters.size() <= kLettersPerFile
                                                 ? Cat(voters.size(), " lettres · letters")
                                                 : Cat("lettres · letters ", first + 1, "–", end));
    if (absl::Status s = letters.Append(start); !s.ok()) return fail(s);
    for (size_t i = first; i < end; ++i) {
      const Voter& v = voters[i];
      CredentialCode code = GenerateCredentialCode();
      credentials.push_back(PublicCredential(context.election, code));
      SecretBytes display = code.Display();
      std::string shown(reinterpret_cast<const char*>(display.data()), display.size());
      std::string html = RenderLetterBody(context, v, shown);
      std::string row = LettersCsvRow(v, shown, name, i - first + 1, common);
      Wipe(shown);
      absl::Status s = letters.Append(html);
      if (s.ok()) s = merge.Append(row);
      Wipe(html);
      Wipe(row);
      if (!s.ok()) return fail(s);
      progress.Update(i + 1, voters.size());
    }
    std::string finish = LettersDocumentEnd();
    if (absl::Status s = letters.Append(finish); !s.ok()) return fail(s);
    if (absl::Status s = letters.Finish(); !s.ok()) return fail(s);
  }
  progress.Done();
  if (absl::Status s = merge.Finish(); !s.ok()) return fail(s);
  cli::SyncDirectory(tmp.string());
  fs::rename(tmp, dir, ec);
  if (ec) {
    return fail(
        Invalid("file.unwritable", Cat("cannot rename ", tmp.string(), " to ", dir.string())));
  }
  cli::SyncDirectory(dir.parent_path().string());
  return credentials;
}

}  // namespace

absl::StatusOr<std::vector<Voter>> ReadVoters(const std::string& csv_path,
                                              const RollCsvOptions& options) {
  URNE_ASSIGN_OR_RETURN(std::string csv, cli::ReadTextFile(csv_path));
  auto voters = ParseRollCsv(csv, options);
  if (!voters.ok()) return WithContext(voters.status(), Cat(csv_path, ": "));
  return voters;
}

namespace {

// The checks before a roll may be posted: the authority's key, no roll yet, before OPEN.
absl::Status CheckRollAllowed(const ElectionState& state, const SigningKey& key,
                              const std::string& nothing_done) {
  URNE_RETURN_IF_ERROR(CheckAuthority(state, key));
  if (state.roll_posted()) {
    return Error(
        absl::StatusCode::kAlreadyExists, "roll.already_posted",
        Cat("the electoral roll of this election is already on the board (", state.roll().size(),
            " credentials); an election has exactly one roll. ", nothing_done));
  }
  v1::Phase phase = state.phase();
  if (phase != v1::SETUP && phase != v1::KEY_CEREMONY && phase != v1::READY) {
    return WrongPhase(state, AdminMsg::kPhaseRoll);
  }
  return absl::OkStatus();
}

bool SameRoll(const ElectionState& state, const v1::Roll& roll) {
  return state.roll_posted() && state.roll() == std::vector<std::string>(roll.credentials().begin(),
                                                                         roll.credentials().end());
}

// Signs and posts the roll. OK if the board holds it afterwards (also when the answer was
// lost but the board recorded it). On an error the board does not hold it, unless it could
// not be asked (`*unknown` set).
absl::Status PostRoll(BoardClient& board, const ElectionId& election, const v1::Roll& roll,
                      const SigningKey& key, bool* unknown) {
  *unknown = false;
  v1::Entry entry = MakeEntry(election, v1::ROLL, Serialize(roll), key);
  auto receipt = board.Post(entry);
  if (receipt.ok()) return absl::OkStatus();
  // The answer may be lost while the board recorded the roll: ask.
  auto again = board.Sync(election);
  if (!again.ok()) {
    *unknown = true;
    return receipt.status();
  }
  if (SameRoll(*again->state, roll)) return absl::OkStatus();
  return receipt.status();
}

}  // namespace

absl::Status AdminRoll(BoardClient& board, const ElectionId& election, const std::string& csv_path,
                       const SigningKey& key, const std::string& letters_dir, AdminIo io,
                       const RollCsvOptions& csv, const std::string& booth_url,
                       std::string map_path) {
  if (map_path.empty()) map_path = DefaultVoterMapPath(letters_dir);
  URNE_ASSIGN_OR_RETURN(std::string booth, CheckBoothUrl(booth_url));
  URNE_ASSIGN_OR_RETURN(std::vector<Voter> voters, ReadVoters(csv_path, csv));
  URNE_ASSIGN_OR_RETURN(SyncedElection synced, SyncAndCheck(board, election));
  URNE_RETURN_IF_ERROR(CheckRollAllowed(*synced.state, key, "Nothing was generated."));
  URNE_RETURN_IF_ERROR(RefuseExistingMap(map_path));
  const fs::path dir = LettersPath(letters_dir);
  LetterContext context{synced.state->manifest(), election, board.address(), booth};
  URNE_ASSIGN_OR_RETURN(std::vector<PublicKey> credentials, WriteLetters(context, voters, dir, io));
  auto roll = MakeRoll(credentials);
  if (!roll.ok()) {
    RemoveAll(dir);
    return roll.status();
  }
  if (absl::Status written = WriteVoterMap(map_path, election, voters, credentials);
      !written.ok()) {
    RemoveAll(dir);
    return WithContext(written, "the letters were deleted: ");
  }
  bool unknown = false;
  absl::Status posted = PostRoll(board, election, *roll, key, &unknown);
  if (!posted.ok() && unknown) {
    return WithContext(posted, Cat("posting the roll failed and the board cannot be asked "
                                   "whether it recorded it; the letters in ",
                                   dir.string(),
                                   " are KEPT: run `urne-admin status`, and delete that folder "
                                   "if no roll is posted: "));
  }
  if (!posted.ok()) {
    RemoveAll(dir);
    RemoveAll(map_path);
    return WithContext(posted, "the board refused the roll; the letters were deleted: ");
  }
  io.out << SayIn(AdminMsg::kOutRollPostedLetters, io.lang,
                  {std::to_string(voters.size()), dir.string(), map_path});
  return absl::OkStatus();
}

absl::Status AdminCredentials(const std::string& manifest_path, const ElectionId& election,
                              const std::string& csv_path, const std::string& board_address,
                              const std::string& letters_dir, const std::string& public_path,
                              AdminIo io, const RollCsvOptions& csv, const std::string& booth_url,
                              std::string map_path) {
  if (map_path.empty()) map_path = DefaultVoterMapPath(letters_dir);
  URNE_ASSIGN_OR_RETURN(std::string booth, CheckBoothUrl(booth_url));
  URNE_ASSIGN_OR_RETURN(std::vector<Voter> voters, ReadVoters(csv_path, csv));
  auto manifest = LoadManifestFile(manifest_path, io.lang);
  if (!manifest.ok()) return manifest.status();
  // The codes' public credentials depend on the election id: it must be the posted one.
  const ElectionId computed = ComputeElectionId(AsBytes(Serialize(*manifest)));
  if (computed != election) {
    return Invalid("credentials.wrong_election",
                   Cat(manifest_path, " is the manifest of election ", ToHex(computed), ", not of ",
                       ToHex(election),
                       "; use the manifest file that was posted (urne-admin create printed its "
                       "id). Nothing was generated."));
  }
  std::error_code ec;
  if (fs::exists(public_path, ec)) {
    return Invalid("credentials.exists",
                   Cat(public_path,
                       " already exists; give a new file to --public (a public "
                       "credentials file is never overwritten). Nothing was "
                       "generated."));
  }
  URNE_RETURN_IF_ERROR(RefuseExistingMap(map_path));
  const fs::path dir = LettersPath(letters_dir);
  LetterContext context{*manifest, election, board_address, booth};
  URNE_ASSIGN_OR_RETURN(std::vector<PublicKey> credentials, WriteLetters(context, voters, dir, io));
  if (absl::Status written = WriteVoterMap(map_path, election, voters, credentials);
      !written.ok()) {
    RemoveAll(dir);
    return WithContext(written, "the letters were deleted: ");
  }
  const std::string text = PublicCredentialsToText(election, credentials);
  absl::Status written = cli::WriteFileAtomic(public_path, text, 0644);
  if (!written.ok()) {
    RemoveAll(dir);  // letters whose credentials cannot be handed over are useless
    RemoveAll(map_path);
    return WithContext(written, "the letters were deleted: ");
  }
  io.out << SayIn(AdminMsg::kOutCredentialsWritten, io.lang,
                  {std::to_string(voters.size()), dir.string(), public_path, map_path,
                   PublicCredentialsFingerprint(text)});
  return absl::OkStatus();
}

absl::Status AdminPostRoll(BoardClient& board, const ElectionId& election,
                           const std::string& public_path, const SigningKey& key, AdminIo io) {
  URNE_ASSIGN_OR_RETURN(std::string text, cli::ReadTextFile(public_path));
  auto parsed = ParsePublicCredentials(text);
  if (!parsed.ok()) return WithContext(parsed.status(), Cat(public_path, ":\n"));
  if (parsed->election != election) {
    return Invalid("credentials.wrong_election",
                   Cat(public_path, " lists the credentials of election ", ToHex(parsed->election),
                       ", not of ", ToHex(election), ". Nothing was posted."));
  }
  URNE_ASSIGN_OR_RETURN(v1::Roll roll, MakeRoll(parsed->credentials));
  const std::string fingerprint = PublicCredentialsFingerprint(text);
  URNE_ASSIGN_OR_RETURN(SyncedElection synced, SyncAndCheck(board, election));
  if (SameRoll(*synced.state, roll)) {
    URNE_RETURN_IF_ERROR(CheckAuthority(*synced.state, key));
    io.err << SayIn(AdminMsg::kOutRollThere, io.lang);
    io.out << SayIn(AdminMsg::kOutRollFingerprint, io.lang,
                    {std::to_string(roll.credentials_size()), fingerprint});
    return absl::OkStatus();
  }
  URNE_RETURN_IF_ERROR(CheckRollAllowed(*synced.state, key, "Nothing was posted."));
  bool unknown = false;
  absl::Status posted = PostRoll(board, election, roll, key, &unknown);
  if (!posted.ok()) {
    return WithContext(posted, unknown ? "posting the roll failed and the board cannot be asked "
                                         "whether it recorded it; run urne-admin status: "
                                       : "the board refused the roll: ");
  }
  io.out << SayIn(AdminMsg::kOutRollPosted, io.lang,
                  {std::to_string(roll.credentials_size()), fingerprint});
  return absl::OkStatus();
}

}  // namespace urne::authority

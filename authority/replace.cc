// urne-admin replace-credential (specs/credentials.md §8.3): a lost or stolen letter replaced
// during the vote by a public CREDENTIAL_REPLACEMENT entry (specs/entries.md §2.10).
#include <ctime>
#include <filesystem>

#include "authority/admin.h"
#include "authority/admin_common.h"
#include "authority/letters.h"
#include "authority/messages.h"
#include "authority/voter_map.h"
#include "cli/cli.h"
#include "cli/local_time.h"
#include "cli/private_file.h"
#include "election/authority_steps.h"
#include "election/credential.h"
#include "status/status.h"

namespace urne::authority {
namespace fs = std::filesystem;
namespace {

std::string Str(const PublicKey& pk) { return std::string(pk.bytes.begin(), pk.bytes.end()); }

absl::StatusOr<VoterMap> ReadVoterMap(const std::string& path, const ElectionId& election) {
  URNE_ASSIGN_OR_RETURN(std::string text, cli::ReadTextFile(path));
  auto map = ParseVoterMap(text);
  if (!map.ok()) return WithContext(map.status(), Cat(path, ": "));
  if (map->election != election) {
    return Refuse(AdminMsg::kMapWrongElection, {path, ToHex(map->election), ToHex(election)});
  }
  return map;
}

// The board's answer to a post whose answer was lost: the replacement's index if the board
// holds exactly this replacement.
std::optional<uint64_t> Recorded(const ElectionState& state, const PublicKey& old,
                                 const PublicKey& fresh) {
  const ElectionState::Replacement* r = state.RevokedBy(Str(old));
  if (r != nullptr && r->replacement == Str(fresh)) return r->index;
  return std::nullopt;
}

}  // namespace

absl::Status AdminReplaceCredential(BoardClient& board, const ElectionId& election,
                                    const SigningKey& key, const std::string& voter_id,
                                    const std::string& csv_path, const RollCsvOptions& csv,
                                    const std::string& map_path, const std::string& letter_path,
                                    const std::string& booth_url, AdminIo io) {
  std::string booth;
  if (!booth_url.empty()) {
    URNE_ASSIGN_OR_RETURN(booth, CheckBoothUrl(booth_url));
  }
  URNE_ASSIGN_OR_RETURN(VoterMap map, ReadVoterMap(map_path, election));
  const VoterMapRow* row = map.Current(voter_id);
  if (row == nullptr) {
    return Refuse(AdminMsg::kVoterNotInMap, {voter_id, map_path});
  }
  const PublicKey old = row->credential;
  URNE_ASSIGN_OR_RETURN(std::vector<Voter> voters, ReadVoters(csv_path, csv));
  const Voter* voter = nullptr;
  for (const Voter& v : voters) {
    if (v.id == voter_id) voter = &v;
  }
  if (voter == nullptr) {
    return Refuse(AdminMsg::kVoterNotInRoll, {voter_id, csv_path});
  }
  std::error_code ec;
  if (fs::exists(letter_path, ec)) {
    return Refuse(AdminMsg::kLetterFileExists, {letter_path});
  }
  URNE_ASSIGN_OR_RETURN(SyncedElection synced, SyncAndCheck(board, election));
  const ElectionState& state = *synced.state;
  URNE_RETURN_IF_ERROR(CheckAuthority(state, key));
  if (state.phase() != v1::VOTING) {
    return WrongPhase(state, AdminMsg::kPhaseReplace);
  }
  if (const ElectionState::Replacement* r = state.RevokedBy(Str(old))) {
    return Refuse(AdminMsg::kAlreadyReplaced, {voter_id, map_path, std::to_string(r->index)});
  }
  if (!state.OnRoll(Str(old))) {
    return Refuse(AdminMsg::kMapCredentialNotOnRoll, {voter_id, map_path});
  }

  // The new code and letter, written before posting: a posted replacement without its letter
  // would leave the voter without a code (as roll does, specs/credentials.md §10.3).
  CredentialCode code = GenerateCredentialCode();
  const PublicKey fresh = PublicCredential(election, code);
  {
    SecretBytes display = code.Display();
    std::string shown(reinterpret_cast<const char*>(display.data()), display.size());
    LetterContext context{state.manifest(), election, board.address(), booth};
    std::string html = RenderLetter(context, *voter, shown);
    absl::Status written = cli::CreatePrivateFile(letter_path, html);
    Wipe(html);
    Wipe(shown);
    URNE_RETURN_IF_ERROR(written);
  }
  const auto now = static_cast<int64_t>(std::time(nullptr));
  v1::Entry entry = MakeEntry(election, v1::CREDENTIAL_REPLACEMENT,
                              Serialize(MakeCredentialReplacement(old, fresh, now)), key);
  std::optional<uint64_t> index;
  auto receipt = board.Post(entry);
  if (receipt.ok()) {
    index = receipt->index();
  } else {
    auto again = board.Sync(election);
    if (!again.ok()) {
      return WithContext(receipt.status(),
                         Cat("posting the replacement failed and the board cannot be asked "
                             "whether it recorded it; the new letter ",
                             letter_path,
                             " is KEPT and the map unchanged: run this command again later (it "
                             "says so if the old credential is already replaced): "));
    }
    index = Recorded(*again->state, old, fresh);
    if (!index) {
      std::error_code ignored;
      fs::remove(letter_path, ignored);
      return WithContext(receipt.status(),
                         "the board refused the replacement; the new letter "
                         "was deleted and nothing changed: ");
    }
  }

  // The map: the old row revoked by this entry, a new current row.
  for (auto& r : map.rows) {
    if (r.id == voter_id && !r.revoked_by) r.revoked_by = *index;
  }
  map.rows.push_back({voter_id, fresh, std::nullopt});
  const std::string tz = state.manifest().time_zone();
  io.out << SayIn(AdminMsg::kOutReplaced, io.lang,
                  {voter_id, std::to_string(*index),
                   Cat(cli::UnixToLocal(now, tz), " ", tz.empty() ? "UTC" : tz), letter_path});
  absl::Status mapped = cli::WriteFileAtomic(map_path, VoterMapToText(map), 0600);
  if (!mapped.ok()) {
    return WithContext(
        mapped, Cat("the replacement is posted (entry ", *index, ") and the letter written, but ",
                    map_path, " could not be rewritten; add by hand the line \"",
                    CsvField(voter_id), ",", ToHex(fresh.bytes), ",\" and put ", *index,
                    " in the last column of the old credential's line: "));
  }
  return absl::OkStatus();
}

}  // namespace urne::authority

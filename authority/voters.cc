// urne-admin voters (specs/credentials.md §11): who voted, from the staff's private voter map
// and the public board — never how.
#include "authority/admin.h"
#include "authority/admin_common.h"
#include "authority/messages.h"
#include "authority/roll_csv.h"
#include "authority/voter_map.h"
#include "cli/cli.h"
#include "cli/local_time.h"
#include "status/status.h"

namespace urne::authority {
namespace {

std::string Str(const PublicKey& pk) { return std::string(pk.bytes.begin(), pk.bytes.end()); }

struct Line {
  std::string id;
  uint64_t entry = 0;       // the counted BALLOT (voted only)
  int64_t received_ms = 0;  // the board's receive time of that ballot; 0 = unknown
};

}  // namespace

absl::Status AdminVoters(BoardClient& board, const ElectionId& election,
                         const std::string& map_path, VotersWanted wanted, bool csv, AdminIo io) {
  URNE_ASSIGN_OR_RETURN(std::string text, cli::ReadTextFile(map_path));
  auto map = ParseVoterMap(text);
  if (!map.ok()) return WithContext(map.status(), Cat(map_path, ": "));
  if (map->election != election) {
    return Refuse(AdminMsg::kMapWrongElection, {map_path, ToHex(map->election), ToHex(election)});
  }
  URNE_ASSIGN_OR_RETURN(SyncedElection synced, SyncAndCheck(board, election));
  const ElectionState& state = *synced.state;
  if (!state.roll_posted()) {
    return WrongPhase(state, AdminMsg::kPhaseVoters);
  }
  std::vector<Line> voted;
  std::vector<Line> not_voted;
  std::vector<std::string> stale;
  std::vector<std::string> foreign;
  for (const VoterMapRow* row : map->CurrentRows()) {
    const std::string credential = Str(row->credential);
    if (const ElectionState::Replacement* r = state.RevokedBy(credential)) {
      stale.push_back(Cat(row->id, " (replaced by entry ", r->index, ")"));
      continue;
    }
    if (!state.OnRoll(credential)) {
      foreign.push_back(row->id);
      continue;
    }
    if (auto counted = state.CountedBallotIndex(credential)) {
      const int64_t ms = *counted < synced.received_ms.size() ? synced.received_ms[*counted] : 0;
      voted.push_back({row->id, *counted, ms});
    } else {
      not_voted.push_back({row->id});
    }
  }
  // The first ids, then "and N more" in `lang`.
  auto listed = [](const std::vector<std::string>& ids, const std::string& lang) {
    std::string out;
    for (size_t i = 0; i < ids.size() && i < 10; ++i) out += Cat(i ? ", " : "", ids[i]);
    if (ids.size() > 10) out += SayIn(AdminMsg::kListMore, lang, {std::to_string(ids.size() - 10)});
    return out;
  };
  // The message in each language with the list in that language.
  auto refuse = [&](AdminMsg id, const std::vector<std::string>& ids,
                    const std::vector<std::string>& args) {
    std::vector<std::string> en = args;
    std::vector<std::string> fr = args;
    en.push_back(listed(ids, "en"));
    fr.push_back(listed(ids, "fr"));
    return RefuseWith(id, Text{SayIn(id, "en", en), SayIn(id, "fr", fr)});
  };
  if (!foreign.empty()) {
    return refuse(AdminMsg::kMapNotOnRoll, foreign, {std::to_string(foreign.size()), map_path});
  }
  if (!stale.empty()) return refuse(AdminMsg::kMapStale, stale, {map_path});
  const std::string tz = state.manifest().time_zone();
  auto when = [&](int64_t ms) { return ms == 0 ? std::string() : cli::UnixToLocal(ms / 1000, tz); };
  const bool want_voted = wanted == VotersWanted::kVoted;
  const std::vector<Line>& lines = want_voted ? voted : not_voted;
  if (csv) {
    io.out << (want_voted ? "id,ballot_entry,received\n" : "id\n");
    for (const Line& l : lines) {
      io.out << CsvField(l.id);
      if (want_voted) io.out << "," << l.entry << "," << when(l.received_ms);
      io.out << "\n";
    }
    return absl::OkStatus();
  }
  const size_t total = voted.size() + not_voted.size();
  io.out << SayIn(
      AdminMsg::kOutVotersSummary, io.lang,
      {std::to_string(voted.size()), std::to_string(total), std::to_string(not_voted.size()),
       PhaseName(state.phase()), std::to_string(synced.tree_head.tree_size()),
       SayIn(want_voted ? AdminMsg::kOutVoted : AdminMsg::kOutNotVoted, io.lang)});
  for (const Line& l : lines) {
    io.out << "  " << l.id;
    if (want_voted) {
      io.out << SayIn(AdminMsg::kOutVoterEntry, io.lang, {std::to_string(l.entry)});
      if (l.received_ms != 0) {
        io.out << "  " << when(l.received_ms) << " " << (tz.empty() ? "UTC" : tz)
               << SayIn(AdminMsg::kOutBoardClock, io.lang);
      }
    }
    io.out << "\n";
  }
  return absl::OkStatus();
}

}  // namespace urne::authority

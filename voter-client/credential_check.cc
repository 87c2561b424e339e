#include "voter-client/credential_check.h"

#include <ctime>

#include "cli/json.h"
#include "cli/local_time.h"
#include "election/entry.h"
#include "status/status.h"
#include "voter-client/receipt_file.h"

namespace urne::voter_client {

const char* VerdictName(CredentialReport::Verdict verdict) {
  switch (verdict) {
    case CredentialReport::Verdict::kNoRollYet:
      return "no_roll_yet";
    case CredentialReport::Verdict::kNotOnRoll:
      return "not_on_roll";
    case CredentialReport::Verdict::kNothingPosted:
      return "nothing_posted";
    case CredentialReport::Verdict::kPosted:
      return "posted";
    case CredentialReport::Verdict::kSupersededByOther:
      return "superseded_by_other";
    case CredentialReport::Verdict::kRevoked:
      return "revoked";
  }
  return "unknown";
}

absl::StatusOr<SyncedElection> SyncForCheck(BoardClient& board, const ElectionId& election,
                                            CheckedLog& log, v1::Manifest* manifest) {
  auto synced = board.Sync(election);
  if (!synced.ok()) {
    const std::string reason = ReasonOf(synced.status());
    if (reason.rfind("sync.", 0) == 0 || reason.rfind("tree_head.", 0) == 0) {
      return Error(absl::StatusCode::kDataLoss, "verify.sync",
                   Cat("the board's log does not check: ", std::string(synced.status().message()),
                       "; nothing it says can be trusted"));
    }
    return synced;
  }
  log.phase = PhaseName(synced->state->phase());
  log.tree_size = synced->tree_head.tree_size();
  log.tree_head_ms = synced->tree_head.timestamp_ms();
  if (manifest != nullptr) *manifest = synced->state->manifest();
  return synced;
}

absl::StatusOr<CredentialReport> CheckCredential(BoardClient& board, const ElectionId& election,
                                                 const PublicKey& credential, const OwnEntries& own,
                                                 v1::Manifest* manifest) {
  CredentialReport out;
  auto synced = SyncForCheck(board, election, out, manifest);
  if (!synced.ok()) return synced.status();
  const ElectionState& state = *synced->state;
  out.own_receipts = own.size();
  out.skipped_receipts = own.skipped;
  if (!state.roll_posted()) {
    out.verdict = CredentialReport::Verdict::kNoRollYet;
    return out;
  }
  const std::string author(credential.bytes.begin(), credential.bytes.end());
  const ElectionState::Replacement* revoked = state.RevokedBy(author);
  if (revoked != nullptr) {
    out.revoked_by = revoked->index;
    out.revoked_at = revoked->replaced_at;
  }
  if (revoked == nullptr && !state.OnRoll(author)) {
    out.verdict = CredentialReport::Verdict::kNotOnRoll;
    return out;
  }
  out.counted_index = state.CountedBallotIndex(author);
  std::optional<uint64_t> first_own_ballot;
  bool counted_is_own = false;
  for (uint64_t i = 0; i < synced->entries.size(); ++i) {
    const v1::Entry& e = synced->entries[i];
    if (e.author() != author || (e.kind() != v1::BALLOT && e.kind() != v1::AUDIT)) continue;
    CredentialEntry c;
    c.index = i;
    c.audit = e.kind() == v1::AUDIT;
    // The entry replayed, so its payload parses; the ballot is its tracking code's input.
    URNE_ASSIGN_OR_RETURN(std::string ballot, BallotPayloadOf(e));
    c.tracking_code = FormatTrackingCode(TrackingCode(ballot));
    c.received_ms = i < synced->received_ms.size() ? synced->received_ms[i] : 0;
    c.counts = out.counted_index == i;
    c.from_this_device = own.Contains(EntryLeafHash(e));
    if (!c.audit && c.from_this_device && !first_own_ballot) first_own_ballot = i;
    if (c.counts) counted_is_own = c.from_this_device;
    out.entries.push_back(std::move(c));
  }
  if (revoked != nullptr) {
    out.verdict = CredentialReport::Verdict::kRevoked;
  } else if (out.entries.empty()) {
    out.verdict = CredentialReport::Verdict::kNothingPosted;
  } else if (out.counted_index && !counted_is_own && first_own_ballot &&
             *first_own_ballot < *out.counted_index) {
    out.verdict = CredentialReport::Verdict::kSupersededByOther;
  } else {
    out.verdict = CredentialReport::Verdict::kPosted;
  }
  return out;
}

}  // namespace urne::voter_client

namespace urne::voter_client {
namespace {

// A board time (milliseconds) in the manifest's time zone, named (specs/ballot.md §9).
std::string BoardTime(int64_t ms, const v1::Manifest& m) {
  return cli::LocalTimeWithSeconds(ms / 1000, m.time_zone());
}

std::string EntryNumbers(const std::vector<uint64_t>& indexes) {
  std::string out;
  for (size_t i = 0; i < indexes.size(); ++i) out += Cat(i == 0 ? "" : ", ", indexes[i]);
  return out;
}

}  // namespace

std::string DescribeCredentialReport(const CredentialReport& r, const v1::Manifest& m,
                                     const std::string& election_hex, Lang lang) {
  using V = CredentialReport::Verdict;
  const bool fr = lang == Lang::kFr;
  const std::string who = Tr(m.organiser(), lang).empty()
                              ? (fr ? "l'organisateur du scrutin" : "the election's organiser")
                              : Tr(m.organiser(), lang);
  const bool open = r.phase == "VOTING";
  std::string s =
      Cat(Tr(m.title(), lang), "\n", fr ? "Scrutin " : "Election ", election_hex, "\n",
          fr ? "Phase : " : "Phase: ", r.phase,
          fr ? " ; registre public vérifié : " : "; public log checked: ", r.tree_size,
          fr ? " entrées, signées par le registre le " : " entries, signed by the board at ",
          BoardTime(r.tree_head_ms, m), "\n\n");
  switch (r.verdict) {
    case V::kNoRollYet:
      return s + (fr ? "La liste électorale n'est pas encore publiée : aucun bulletin ne peut "
                       "avoir été déposé avec votre code. Vérifiez à nouveau pendant ou après le "
                       "vote.\n"
                     : "The electoral roll is not posted yet: no ballot can have been cast with "
                       "your code. Check again during or after the vote.\n");
    case V::kNotOnRoll:
      return s + (fr ? Cat("Votre code ne figure pas sur la liste électorale de ce scrutin. "
                           "Vérifiez que le numéro de scrutin ci-dessus est celui imprimé sur "
                           "votre lettre. S'il l'est, contactez ",
                           who, " : votre accréditation manque à la liste.\n")
                     : Cat("Your code is not on this election's roll. Check that the election "
                           "id above is the one printed on your letter. If it is, contact ",
                           who, ": your credential is missing from the roll.\n"));
    case V::kNothingPosted:
      if (open) {
        return s + (fr ? "Personne n'a déposé de bulletin ni d'audit avec votre code (à ce jour ; "
                         "le vote est ouvert).\n"
                       : "Nobody has cast a ballot or an audit with your code (so far; the vote "
                         "is open).\n");
      }
      return s + (fr ? "Personne n'a déposé de bulletin ni d'audit avec votre code.\n"
                     : "Nobody cast a ballot or an audit with your code.\n");
    case V::kRevoked:
      s += fr ? Cat("Votre code a été REMPLACÉ par la mairie (entrée ", *r.revoked_by, ", le ",
                    BoardTime(r.revoked_at * 1000, m),
                    ") : il ne fonctionne plus et aucun bulletin déposé avec lui ne compte. Si "
                    "vous n'avez pas demandé de nouvelle lettre, quelqu'un l'a fait à votre "
                    "place : contactez ",
                    who, " sans attendre en indiquant l'entrée ", *r.revoked_by,
                    ", et gardez votre lettre comme preuve.\n")
              : Cat("Your code was REPLACED by the town (entry ", *r.revoked_by, ", at ",
                    BoardTime(r.revoked_at * 1000, m),
                    "): it no longer works and no ballot cast with it counts. If you did not ask "
                    "for a new letter, someone did so in your place: contact ",
                    who, " at once, giving entry number ", *r.revoked_by,
                    ", and keep your letter as proof.\n");
      if (r.entries.empty()) return s;
      s += "\n";
      break;
    case V::kPosted:
    case V::kSupersededByOther:
      break;
  }
  const bool know_device = r.own_receipts > 0;
  s += fr ? Cat(r.entries.size(), r.entries.size() == 1 ? " entrée déposée" : " entrées déposées",
                " avec votre code :\n")
          : Cat(r.entries.size(), r.entries.size() == 1 ? " entry was" : " entries were",
                " posted with your code:\n");
  std::vector<uint64_t> foreign;
  for (const CredentialEntry& e : r.entries) {
    s += Cat(fr ? "  entrée " : "  entry ", e.index, ": ",
             e.audit ? (fr ? "audit (jamais compté)" : "audit (never counts)")
                     : (fr ? "bulletin" : "ballot"),
             fr ? ", code de suivi " : ", tracking code ", e.tracking_code);
    if (e.received_ms > 0) {
      s += Cat(fr ? ", reçu le " : ", received ", BoardTime(e.received_ms, m),
               fr ? " (horloge du registre)" : " (the board's clock)");
    }
    if (know_device) {
      s += e.from_this_device
               ? (fr ? ", déposé depuis cet appareil" : ", cast from this device")
               : (fr ? ", PAS déposé depuis cet appareil" : ", NOT cast from this device");
    }
    if (e.counts) s += fr ? " — C'EST LUI QUI COMPTE" : " — THIS IS THE ONE THAT COUNTS";
    s += "\n";
    if (!know_device || !e.from_this_device) foreign.push_back(e.index);
  }
  if (!r.counted_index) {
    s += fr ? "Aucun bulletin ne compte (les audits ne comptent jamais).\n"
            : "No ballot counts (audits never count).\n";
  } else if (open) {
    s += fr ? "Tant que le vote est ouvert, seul le dernier bulletin compte.\n"
            : "While the vote is open, only the last ballot counts.\n";
  }
  s += "\n";
  const CredentialEntry* own = nullptr;
  for (const CredentialEntry& e : r.entries) {
    if (!e.audit && e.from_this_device && own == nullptr) own = &e;
  }
  // CheckCredential gives this verdict only with a ballot of this device and a counted one.
  if (r.verdict == V::kSupersededByOther && own != nullptr && r.counted_index) {
    const uint64_t counted = *r.counted_index;
    s += fr ? Cat("ATTENTION : votre bulletin (entrée ", own->index,
                  ", déposé depuis cet appareil) a été REMPLACÉ par l'entrée ", counted,
                  ", qui n'a pas été déposée depuis cet appareil. Si vous ne l'avez pas déposée "
                  "vous-même depuis un autre appareil, quelqu'un d'autre détient votre code : "
                  "contactez ",
                  who, " sans attendre en indiquant l'entrée ", counted, ".",
                  open ? " Le vote est ouvert : votez à nouveau, votre nouveau bulletin comptera."
                       : "",
                  "\n")
            : Cat("WARNING: your ballot (entry ", own->index,
                  ", cast from this device) was REPLACED by entry ", counted,
                  ", which was not cast from this device. If you did not cast it yourself from "
                  "another device, someone else holds your code: contact ",
                  who, " at once and give them entry number ", counted, ".",
                  open ? " The vote is open: vote again, and your new ballot will count." : "",
                  "\n");
    return s;
  }
  if (!foreign.empty()) {
    s += fr ? Cat("Si vous n'avez pas déposé vous-même ",
                  foreign.size() == 1 ? "cette entrée" : "ces entrées",
                  ", quelqu'un d'autre détient votre code : contactez ", who, " en indiquant ",
                  foreign.size() == 1 ? "le numéro d'entrée " : "les numéros d'entrée ",
                  EntryNumbers(foreign), ", et gardez votre lettre.\n")
            : Cat("If you did not cast ", foreign.size() == 1 ? "this entry" : "these entries",
                  " yourself, someone else holds your code: contact ", who, " and give them ",
                  foreign.size() == 1 ? "the entry number " : "the entry numbers ",
                  EntryNumbers(foreign), "; keep your letter.\n");
  }
  return s;
}

std::string CredentialReportJson(const CredentialReport& r, const std::string& election_hex) {
  const bool on_roll = r.verdict != CredentialReport::Verdict::kNotOnRoll &&
                       r.verdict != CredentialReport::Verdict::kNoRollYet &&
                       r.verdict != CredentialReport::Verdict::kRevoked;
  std::string s = Cat(
      R"({"ok": true, "status": )", cli::JsonQuote(VerdictName(r.verdict)),
      ", \"election_id\": ", cli::JsonQuote(election_hex), ", \"phase\": ", cli::JsonQuote(r.phase),
      ", \"tree_size\": ", r.tree_size, ", \"tree_head_timestamp_ms\": ", r.tree_head_ms,
      ", \"on_roll\": ", on_roll ? "true" : "false", ", \"own_receipts\": ", r.own_receipts,
      ", \"counted_index\": ", r.counted_index ? Cat(*r.counted_index) : std::string("null"),
      ", \"entries\": [");
  for (size_t i = 0; i < r.entries.size(); ++i) {
    const CredentialEntry& e = r.entries[i];
    s += Cat(i == 0 ? "" : ", ", "{\"index\": ", e.index,
             ", \"kind\": ", cli::JsonQuote(e.audit ? "audit" : "ballot"),
             ", \"tracking_code\": ", cli::JsonQuote(e.tracking_code),
             ", \"received_ms\": ", e.received_ms, ", \"counts\": ", e.counts ? "true" : "false",
             ", \"from_this_device\": ", e.from_this_device ? "true" : "false", "}");
  }
  return s + Cat("], \"revoked_by\": ", r.revoked_by ? Cat(*r.revoked_by) : std::string("null"),
                 ", \"revoked_at\": ", r.revoked_by ? Cat(r.revoked_at) : std::string("null"),
                 "}\n");
}

}  // namespace urne::voter_client

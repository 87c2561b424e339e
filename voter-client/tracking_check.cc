#include "voter-client/tracking_check.h"

#include <ctime>

#include "cli/json.h"
#include "cli/local_time.h"
#include "election/entry.h"
#include "status/status.h"
#include "voter-client/credential_check.h"
#include "voter-client/receipt_file.h"

namespace urne::voter_client {
namespace {

std::string Canonical(const std::string& displayed) {
  std::string out;
  for (char c : displayed) {
    if (c != '-') out.push_back(c);
  }
  return out;
}

// A board time (milliseconds) in the manifest's time zone, named (specs/ballot.md §9).
std::string BoardTime(int64_t ms, const v1::Manifest& m) {
  return cli::LocalTimeWithSeconds(ms / 1000, m.time_zone());
}

const char* VerdictName(TrackingReport::Verdict v) {
  using V = TrackingReport::Verdict;
  switch (v) {
    case V::kNotFound:
      return "not_found";
    case V::kCounts:
      return "counts";
    case V::kSuperseded:
      return "superseded";
    case V::kRevoked:
      return "revoked";
    case V::kAudit:
      return "audit";
  }
  return "unknown";
}

}  // namespace

absl::StatusOr<std::string> ParseTrackingCodeText(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == ' ' || c == '\t' || c == '-') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<unsigned char>(c - 'a' + 'A');
    if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) {
      std::string shown = (c >= 0x21 && c < 0x7f)
                              ? Cat("'", std::string(1, static_cast<char>(c)), "'")
                              : Cat("byte ", static_cast<int>(c));
      return Invalid("tracking_code.bad_character",
                     Cat("a tracking code holds only the letters A to Z and the digits 2 to 7 "
                         "(no 0, 1, 8 or 9), not ",
                         shown));
    }
    out.push_back(static_cast<char>(c));
  }
  if (out.size() != 32) {
    return Invalid(
        "tracking_code.wrong_length",
        Cat("a tracking code has 32 letters and digits (8 groups of 4), not ", out.size()));
  }
  return out;
}

absl::StatusOr<TrackingReport> CheckTrackingCode(BoardClient& board, const ElectionId& election,
                                                 const std::string& canonical_code,
                                                 v1::Manifest* manifest) {
  TrackingReport out;
  auto synced = SyncForCheck(board, election, out, manifest);
  if (!synced.ok()) return synced.status();
  const ElectionState& state = *synced->state;
  for (size_t k = 0; k < canonical_code.size(); ++k) {
    if (k > 0 && k % 4 == 0) out.tracking_code.push_back('-');
    out.tracking_code.push_back(canonical_code[k]);
  }
  for (uint64_t i = 0; i < synced->entries.size(); ++i) {
    const v1::Entry& e = synced->entries[i];
    if (e.kind() != v1::BALLOT && e.kind() != v1::AUDIT) continue;
    // The entry replayed, so its payload parses.
    URNE_ASSIGN_OR_RETURN(std::string ballot, BallotPayloadOf(e));
    const std::string shown = FormatTrackingCode(TrackingCode(ballot));
    if (Canonical(shown) != canonical_code) continue;
    out.tracking_code = shown;
    out.index = i;
    out.received_ms = i < synced->received_ms.size() ? synced->received_ms[i] : 0;
    using V = TrackingReport::Verdict;
    if (e.kind() == v1::AUDIT) {
      out.verdict = V::kAudit;
    } else if (const ElectionState::Replacement* r = state.RevokedBy(e.author())) {
      out.verdict = V::kRevoked;
      out.by = r->index;
    } else if (auto counted = state.CountedBallotIndex(e.author()); counted == i) {
      out.verdict = V::kCounts;
    } else {
      out.verdict = V::kSuperseded;
      out.by = counted;
    }
    return out;
  }
  return out;
}

std::string DescribeTrackingReport(const TrackingReport& r, const v1::Manifest& m, Lang lang) {
  using V = TrackingReport::Verdict;
  const bool fr = lang == Lang::kFr;
  const std::string who = Tr(m.organiser(), lang).empty()
                              ? (fr ? "l'organisateur du scrutin" : "the election's organiser")
                              : Tr(m.organiser(), lang);
  const bool open = r.phase == "VOTING";
  std::string s =
      Cat(Tr(m.title(), lang), "\n", fr ? "Phase : " : "Phase: ", r.phase,
          fr ? " ; registre public vérifié : " : "; public log checked: ", r.tree_size,
          fr ? " entrées, signées par le registre le " : " entries, signed by the board at ",
          BoardTime(r.tree_head_ms, m), "\n\n");
  if (r.verdict == V::kNotFound) {
    return s + (fr ? Cat("Aucun bulletin de ce registre n'a ce code de suivi. Vérifiez le code "
                         "(8 groupes de 4) et le numéro de scrutin. S'ils sont justes, votre "
                         "bulletin manque : contactez ",
                         who, " avec ce code de suivi.\n")
                   : Cat("No ballot on this board has this tracking code. Check the code (8 "
                         "groups of 4) and the election id. If they are right, your ballot is "
                         "missing: contact ",
                         who, " with this tracking code.\n"));
  }
  s += Cat(fr ? "Entrée " : "Entry ", r.index, fr ? ", code de suivi " : ", tracking code ",
           r.tracking_code);
  if (r.received_ms > 0) {
    s += Cat(fr ? ", reçue le " : ", received ", BoardTime(r.received_ms, m),
             fr ? " (horloge du registre)" : " (the board's clock)");
  }
  s += "\n";
  switch (r.verdict) {
    case V::kCounts:
      s += open ? (fr ? "Ce bulletin est sur le registre et c'est lui qui compte (à ce jour : "
                        "le vote est ouvert et seul le dernier bulletin compte).\n"
                      : "This ballot is on the board and it is the one that counts (so far: the "
                        "vote is open and only the last ballot counts).\n")
                : (fr ? "Ce bulletin est sur le registre et il compte.\n"
                      : "This ballot is on the board and it counts.\n");
      break;
    case V::kSuperseded:
      s += fr ? Cat("Ce bulletin est sur le registre mais a été REMPLACÉ par un bulletin plus "
                    "récent déposé avec le même code (entrée ",
                    r.by ? Cat(*r.by) : "?",
                    "). Si vous n'avez pas revoté, quelqu'un d'autre détient votre code : "
                    "contactez ",
                    who, " en indiquant ce numéro d'entrée.\n")
              : Cat("This ballot is on the board but was REPLACED by a later ballot cast with "
                    "the same code (entry ",
                    r.by ? Cat(*r.by) : "?",
                    "). If you did not vote again, someone else holds your code: contact ", who,
                    " and give that entry number.\n");
      break;
    case V::kRevoked:
      s += fr ? Cat("Ce bulletin est sur le registre mais ne compte plus : la mairie a remplacé "
                    "le code avec lequel il a été déposé (entrée ",
                    *r.by, "). Si vous n'avez pas demandé de nouvelle lettre, contactez ", who,
                    " en indiquant ce numéro d'entrée.\n")
              : Cat("This ballot is on the board but no longer counts: the town replaced the "
                    "code it was cast with (entry ",
                    *r.by, "). If you did not ask for a new letter, contact ", who,
                    " and give that entry number.\n");
      break;
    case V::kAudit:
      s += fr ? "C'est un bulletin audité : publié ouvert pour vérifier l'appareil, il ne compte "
                "jamais.\n"
              : "This is an audited ballot: published opened to check the device, it never "
                "counts.\n";
      break;
    case V::kNotFound:
      break;
  }
  return s;
}

std::string TrackingReportJson(const TrackingReport& r) {
  const bool found = r.verdict != TrackingReport::Verdict::kNotFound;
  return Cat(R"({"ok": true, "status": )", cli::JsonQuote(VerdictName(r.verdict)),
             ", \"tracking_code\": ", cli::JsonQuote(r.tracking_code),
             ", \"phase\": ", cli::JsonQuote(r.phase), ", \"tree_size\": ", r.tree_size,
             ", \"tree_head_timestamp_ms\": ", r.tree_head_ms,
             ", \"index\": ", found ? Cat(r.index) : std::string("null"),
             ", \"received_ms\": ", r.received_ms,
             ", \"by\": ", r.by ? Cat(*r.by) : std::string("null"), "}\n");
}

}  // namespace urne::voter_client

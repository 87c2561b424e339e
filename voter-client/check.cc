#include "voter-client/check.h"

#include <vector>

#include "crypto/merkle.h"
#include "election/entry.h"
#include "election/tree_head.h"
#include "status/status.h"

namespace urne::voter_client {
namespace {

absl::Status Cheating(std::string_view reason, const std::string& what) {
  return Error(absl::StatusCode::kDataLoss, reason,
               Cat("NOT FOUND: the board is cheating — keep this receipt. ", what));
}

}  // namespace

absl::StatusOr<CheckOutcome> CheckReceipt(BoardClient& board, const ReceiptFile& file,
                                          const OwnEntries& own) {
  const v1::Receipt& receipt = file.receipt;
  // Self-consistent first (no board needed); the key is compared with the manifest's below.
  absl::Status ok = VerifyReceipt(receipt, file.entry, receipt.tree_head().board_key());
  if (!ok.ok()) {
    return Error(absl::StatusCode::kDataLoss, "verify.receipt",
                 Cat("the receipt does not verify (", std::string(ok.message()),
                     "): it was altered, or the board signed a false receipt"));
  }
  // VerifyReceipt checked the 32-byte election id and roots.
  URNE_ASSIGN_OR_RETURN(ElectionId election,
                        DecodeDigest(AsBytes(file.entry.election_id()), "receipt.wrong_election"));
  // The current log, checked against its signed head and replayed.
  auto synced = board.Sync(election);
  if (!synced.ok()) {
    if (synced.status().code() == absl::StatusCode::kNotFound) {
      return Cheating("verify.not_found",
                      Cat("the board no longer knows election ", file.election_id));
    }
    if (ReasonOf(synced.status()).rfind("sync.", 0) == 0 ||
        ReasonOf(synced.status()).rfind("tree_head.", 0) == 0) {
      return Error(absl::StatusCode::kDataLoss, "verify.sync",
                   Cat("the board's log does not check: ", std::string(synced.status().message())));
    }
    return synced.status();
  }
  const v1::SignedTreeHead& now = synced->tree_head;  // signed by the manifest's board key
  if (receipt.tree_head().board_key() != synced->state->manifest().board_key()) {
    return Error(
        absl::StatusCode::kDataLoss, "verify.board_key",
        Cat("your receipt is signed by the key ", ToHex(AsBytes(receipt.tree_head().board_key())),
            ", not by this election's board (", ToHex(AsBytes(now.board_key())),
            "): the server that took your ballot was not the election's board, and "
            "your ballot may never have reached it; keep this receipt and report it"));
  }
  uint64_t old_size = receipt.tree_head().tree_size();
  if (now.tree_size() < old_size) {
    return Cheating("verify.inconsistent",
                    Cat("The log shrank from ", old_size, " to ", now.tree_size(), " entries."));
  }
  // Consistency: the tree your receipt names is a prefix of today's tree.
  auto consistency = board.ConsistencyProof(election, old_size, now.tree_size());
  if (!consistency.ok()) {
    return Cheating("verify.inconsistent", Cat("The board gave no consistency proof (",
                                               std::string(consistency.status().message()), ")."));
  }
  URNE_ASSIGN_OR_RETURN(auto proof, DecodeMerklePath(consistency->proof(), "verify.inconsistent"));
  URNE_ASSIGN_OR_RETURN(Digest32 old_root, DecodeDigest(AsBytes(receipt.tree_head().root_hash()),
                                                        "tree_head.malformed"));
  URNE_ASSIGN_OR_RETURN(Digest32 now_root,
                        DecodeDigest(AsBytes(now.root_hash()), "tree_head.malformed"));
  ok = VerifyConsistency(old_size, now.tree_size(), old_root, now_root, proof);
  if (!ok.ok()) {
    return Cheating("verify.inconsistent",
                    Cat("Today's log does not extend the one your receipt was signed for (",
                        std::string(ok.message()), ")."));
  }
  // Inclusion in today's tree.
  Digest32 leaf = EntryLeafHash(file.entry);
  auto inclusion = board.InclusionProof(election, receipt.index(), now.tree_size());
  if (!inclusion.ok()) {
    return Cheating("verify.not_found", Cat("The board gave no inclusion proof (",
                                            std::string(inclusion.status().message()), ")."));
  }
  URNE_ASSIGN_OR_RETURN(auto path, DecodeMerklePath(inclusion->path(), "verify.not_found"));
  ok = VerifyInclusion(leaf, receipt.index(), now.tree_size(), path, now_root);
  if (!ok.ok()) {
    return Cheating("verify.not_found",
                    Cat("Your entry is not in today's log (", std::string(ok.message()), ")."));
  }
  CheckOutcome out;
  out.index = receipt.index();
  out.tree_size = now.tree_size();
  out.phase = PhaseName(synced->state->phase());
  const v1::Manifest& manifest = synced->state->manifest();
  out.organiser =
      manifest.organiser().en().empty() ? manifest.organiser().fr() : manifest.organiser().en();
  if (file.entry.kind() == v1::AUDIT) {
    out.verdict = CheckOutcome::Verdict::kAudited;
    return out;
  }
  auto counted = synced->state->CountedBallotIndex(file.entry.author());
  if (!counted) {
    return Cheating("verify.not_found", "Your credential has no counted ballot.");
  }
  if (*counted == out.index) {
    out.verdict = CheckOutcome::Verdict::kCounts;
  } else if (*counted > out.index) {
    const v1::Entry& later = synced->entries[*counted];
    out.verdict = own.Contains(EntryLeafHash(later)) ? CheckOutcome::Verdict::kSuperseded
                                                     : CheckOutcome::Verdict::kSupersededByOther;
    out.counted_index = *counted;
    out.counted_tracking_code = FormatTrackingCode(TrackingCode(later.payload()));
    if (*counted < synced->received_ms.size()) {
      out.counted_received_ms = synced->received_ms[*counted];
    }
  } else {
    return Cheating("verify.not_found",
                    Cat("An older ballot (index ", *counted, ") counts instead of yours."));
  }
  return out;
}

std::string DescribeOutcome(const CheckOutcome& o, const std::string& tracking_code,
                            const std::string& lang) {
  if (lang == "fr") {
    std::string head = Cat("bulletin ", tracking_code, " (entrée ", o.index, " sur ", o.tree_size,
                           ", scrutin ", o.phase, ") : ");
    switch (o.verdict) {
      case CheckOutcome::Verdict::kCounts:
        return head + "votre bulletin est sur le tableau et il compte.";
      case CheckOutcome::Verdict::kSuperseded:
        return head + Cat("votre bulletin est sur le tableau mais a été remplacé par votre "
                          "bulletin plus récent, entrée ",
                          o.counted_index, ", qui est celui qui compte.");
      case CheckOutcome::Verdict::kSupersededByOther:
        return head + Cat("ATTENTION : votre bulletin est sur le tableau mais a été REMPLACÉ par "
                          "un bulletin plus récent déposé avec votre code, qui n'a pas été "
                          "déposé depuis cet appareil : entrée ",
                          o.counted_index, " (code de suivi ", o.counted_tracking_code,
                          "), qui est désormais celui qui compte. Si vous ne l'avez pas déposé "
                          "vous-même depuis un autre appareil, quelqu'un d'autre détient votre "
                          "code : contactez ",
                          o.organiser.empty() ? "l'organisateur du scrutin" : o.organiser,
                          " en donnant le numéro d'entrée ", o.counted_index,
                          ". Tant que le vote est ouvert, voter à nouveau fait compter votre "
                          "nouveau bulletin.");
      case CheckOutcome::Verdict::kAudited:
        return head +
               "ce bulletin audité (mis à l'épreuve) est sur le tableau ; les bulletins audités "
               "ne comptent jamais.";
    }
    return head;
  }
  std::string head = Cat("ballot ", tracking_code, " (entry ", o.index, " of ", o.tree_size,
                         ", election ", o.phase, "): ");
  switch (o.verdict) {
    case CheckOutcome::Verdict::kCounts:
      return head + "your ballot is on the board and counts.";
    case CheckOutcome::Verdict::kSuperseded:
      return head + Cat("your ballot is on the board but was superseded by your later ballot at "
                        "index ",
                        o.counted_index, ", which is the one that counts.");
    case CheckOutcome::Verdict::kSupersededByOther:
      return head + Cat("WARNING: your ballot is on the board but was REPLACED by a later ballot "
                        "under your code that was not cast from this device: entry ",
                        o.counted_index, " (tracking code ", o.counted_tracking_code,
                        "), which is now the one that counts. If you did not cast it yourself "
                        "from another device, someone else holds your code: contact ",
                        o.organiser.empty() ? "the election's organiser" : o.organiser,
                        " and give them entry number ", o.counted_index,
                        ". While the vote is open, voting again makes your new ballot count.");
    case CheckOutcome::Verdict::kAudited:
      return head +
             "this audited (challenged) ballot is on the board; audited ballots never "
             "count.";
  }
  return head;
}

}  // namespace urne::voter_client

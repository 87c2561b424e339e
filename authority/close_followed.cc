// urne-admin close --follow-dir: the CLOSE signed over exactly the log this authority's own
// follower verified (specs/entries.md §3.3), so closing a city-sized vote replays nothing.
#include <chrono>
#include <filesystem>
#include <thread>

#include "authority/admin.h"
#include "authority/admin_common.h"
#include "authority/messages.h"
#include "authority/signed_once.h"
#include "board-client/follow.h"
#include "cli/cli.h"
#include "cli/reasons.h"
#include "election/authority_steps.h"
#include "election/followed_head.h"
#include "status/status.h"

namespace urne::authority {
namespace {

std::string Str(ByteView b) { return {b.begin(), b.end()}; }

// The follower's file, of this election.
absl::StatusOr<FollowedHead> ReadFollowedHead(const std::string& dir, const ElectionId& election) {
  const std::string path = Cat(dir, "/", FollowedHeadName(election));
  // A few hundred bytes as follow writes it; a pipe, a device or a far longer file is refused
  // unread.
  absl::StatusOr<std::string> text = cli::ReadTextFile(path, uintmax_t{64} << 10);
  if (!text.ok()) {
    std::error_code error;
    if (std::filesystem::exists(path, error)) return text.status();
    return Refuse(AdminMsg::kCloseNoFollower, {path, dir, ToHex(election)});
  }
  absl::StatusOr<FollowedHead> head = ParseFollowedHead(*text);
  if (!head.ok()) return WithContext(head.status(), Cat(path, ": "));
  if (head->election != election) {
    return Invalid("followed_head.wrong_election",
                   Cat(path, " is of election ", ToHex(head->election), ", not of ",
                       ToHex(election), " (--election)"));
  }
  return head;
}

// The signed CLOSE cannot be placed on the log the board shows now (`now`): whether that log
// extends the signed one is asked of the board (a consistency proof).
absl::Status SignedCloseStuck(BoardClient& board, const SignedRecord& signed_once,
                              const v1::SignedTreeHead& now, const std::string& state_dir,
                              const std::string& why) {
  const absl::Status extension =
      CheckExtends(board, signed_once.election, signed_once.tree_size, signed_once.root_hash, now);
  if (!extension.ok() && ReasonOf(extension) != "follow.not_consistent") {
    return WithContext(extension, Cat(why,
                                      "; asking the board whether its log extends the "
                                      "signed one: "));  // unreachable, say: not a fork
  }
  return SignedRecordStuck(signed_once, View(now.tree_size(), now.root_hash()), extension.ok(),
                           state_dir, why);
}

}  // namespace

absl::Status AdminCloseFollowed(BoardClient& board, const ElectionId& election,
                                const SigningKey& key, const std::string& state_dir,
                                const FollowedClose& followed, AdminIo io) {
  URNE_ASSIGN_OR_RETURN(std::optional<SignedRecord> recorded,
                        LoadSigned(state_dir, election, v1::CLOSE));
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(followed.wait_seconds);
  uint64_t waiting_shown = 0;
  int refusals = 0;
  for (;;) {
    URNE_ASSIGN_OR_RETURN(FollowedHead verified, ReadFollowedHead(followed.dir, election));
    const PublicKey pk = key.public_key();
    if (verified.authority_key != Str(pk.bytes)) {
      return Refuse(AdminMsg::kNotAuthority, {ToHex(pk.bytes)});
    }
    URNE_ASSIGN_OR_RETURN(v1::SignedTreeHead head, board.TreeHead(election));
    URNE_RETURN_IF_ERROR(CheckTreeHeadOf(head, election, verified.board_key));
    if (verified.close_tree_size != 0) {
      // The follower verified a CLOSE: this authority's, from an earlier run, or none of its.
      if (recorded && (recorded->tree_size != verified.close_tree_size ||
                       recorded->root_hash != verified.close_root_hash)) {
        return SignedCloseStuck(
            board, *recorded, head, state_dir,
            Cat("the log verified by the follower in ", followed.dir, " holds another CLOSE (over ",
                View(verified.close_tree_size, verified.close_root_hash),
                ") than the one this authority signed and recorded"));
      }
      io.out << SayIn(AdminMsg::kOutAlreadyClosed, io.lang,
                      {"CLOSE", std::to_string(verified.close_tree_size)});
      return absl::OkStatus();
    }
    if (verified.phase != v1::VOTING) {
      const std::string phase = PhaseName(verified.phase);
      return RefuseWith(
          AdminMsg::kWrongPhase,
          Text{SayIn(AdminMsg::kWrongPhase, "en", {SayIn(AdminMsg::kPhaseClose, "en"), phase}),
               SayIn(AdminMsg::kWrongPhase, "fr", {SayIn(AdminMsg::kPhaseClose, "fr"), phase})});
    }
    // The board's log must extend the verified one (else it rewrote its history) ...
    if (absl::Status s =
            CheckExtends(board, election, verified.tree_size, verified.root_hash, head);
        !s.ok()) {
      if (ReasonOf(s) != "follow.not_consistent") return s;
      return Error(absl::StatusCode::kAborted, "verify.board_fork",
                   Cat(std::string(s.message()), ". Nothing was signed."));
    }
    // ... and be that very log: entries the follower has not verified yet are waited for.
    if (head.tree_size() > verified.tree_size) {
      if (std::chrono::steady_clock::now() >= deadline) {
        return Refuse(AdminMsg::kCloseFollowerBehind,
                      {followed.dir, std::to_string(verified.tree_size),
                       std::to_string(head.tree_size()), std::to_string(followed.wait_seconds)});
      }
      if (waiting_shown != verified.tree_size) {
        waiting_shown = verified.tree_size;
        io.err << SayIn(
            AdminMsg::kOutWaitingFollower, io.lang,
            {followed.dir, std::to_string(verified.tree_size), std::to_string(head.tree_size())});
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      continue;
    }
    if (!recorded) {
      SignedRecord mine;
      mine.election = election;
      mine.kind = v1::CLOSE;
      mine.tree_size = verified.tree_size;
      mine.root_hash = verified.root_hash;
      v1::Close close;
      close.set_tree_size(verified.tree_size);
      close.set_root_hash(verified.root_hash);
      mine.entry = MakeEntry(election, v1::CLOSE, Serialize(close), key);
      URNE_ASSIGN_OR_RETURN(SignedRecord stored, StoreSignedOnce(state_dir, mine));
      recorded = std::move(stored);
    }
    if (recorded->tree_size != verified.tree_size || recorded->root_hash != verified.root_hash) {
      return SignedCloseStuck(board, *recorded, head, state_dir,
                              "this authority already signed CLOSE for this election, over "
                              "another log; it signs one CLOSE per election, ever");
    }
    auto receipt = board.Post(recorded->entry);
    if (receipt.ok()) {
      io.out << SayIn(AdminMsg::kOutClosed, io.lang,
                      {"CLOSE", View(recorded->tree_size, recorded->root_hash)});
      return absl::OkStatus();
    }
    if (ReasonOf(receipt.status()) == "board.unreachable") {
      return WithContext(receipt.status(),
                         Cat("the signed CLOSE is recorded in ", state_dir,
                             "; run the same command again to post it (the same entry): "));
    }
    // Refused, or the answer was lost: the next round reads what the follower verified since.
    io.err << SayIn(
        AdminMsg::kOutRefusedAsking, io.lang,
        {"CLOSE", ReasonOf(receipt.status()), cli::MessageFor(receipt.status(), io.lang)});
    if (++refusals >= 3) {
      return SignedCloseStuck(board, *recorded, head, state_dir,
                              "the board keeps refusing the CLOSE this authority signed");
    }
  }
}

}  // namespace urne::authority

#include "election/followed_head.h"

#include <algorithm>
#include <array>

#include "election/sealed_text.h"
#include "status/status.h"

namespace urne {
namespace {

constexpr std::string_view kMagic = "urne-followed-head/1";

absl::Status Malformed(size_t line, std::string_view what) {
  return Invalid("followed_head.malformed",
                 Cat("followed head line ", line, ": ", what,
                     "; the file is written by `urne-admin follow` and never edited: stop "
                     "follow, and follow the board again into an empty folder"));
}

constexpr std::array<v1::Phase, 6> kPhases = {v1::SETUP,  v1::KEY_CEREMONY, v1::READY,
                                              v1::VOTING, v1::CLOSED,       v1::TALLIED};

}  // namespace

FollowedHead FollowedHeadOf(const ElectionState& state) {
  FollowedHead out;
  out.election = state.id();
  out.tree_size = state.size();
  const Digest32 root = state.tree().Root();
  out.root_hash.assign(root.begin(), root.end());
  out.phase = state.phase();
  out.authority_key = state.manifest().authority_key();
  out.board_key = state.manifest().board_key();
  out.close_root_hash.assign(32, '\0');
  if (state.close() != nullptr) {
    out.close_tree_size = state.close()->tree_size();
    out.close_root_hash = state.close()->root_hash();
  }
  return out;
}

std::string EncodeFollowedHead(const FollowedHead& h) {
  return SealText(Cat(kMagic, "\nelection ", ToHex(h.election), "\ntree_size ", h.tree_size,
                      "\nroot_hash ", ToHex(AsBytes(h.root_hash)), "\nphase ", PhaseName(h.phase),
                      "\nauthority_key ", ToHex(AsBytes(h.authority_key)), "\nboard_key ",
                      ToHex(AsBytes(h.board_key)), "\nclose_tree_size ", h.close_tree_size,
                      "\nclose_root_hash ", ToHex(AsBytes(h.close_root_hash)), "\n"));
}

absl::StatusOr<FollowedHead> ParseFollowedHead(std::string_view text) {
  URNE_ASSIGN_OR_RETURN(std::vector<std::string_view> lines,
                        OpenSealedText(text, "followed_head", "the followed head"));
  constexpr std::array<std::string_view, 8> kFields = {
      "election",      "tree_size", "root_hash",       "phase",
      "authority_key", "board_key", "close_tree_size", "close_root_hash"};
  if (lines.empty() || lines[0] != kMagic) {
    return Malformed(1, Cat("the first line must be \"", kMagic, "\""));
  }
  if (lines.size() != kFields.size() + 1) {
    return Malformed(std::min(lines.size(), kFields.size() + 1) + 1,
                     Cat("the file has ", lines.size() + 1, " lines, not ", kFields.size() + 2));
  }
  FollowedHead out;
  std::array<std::string*, 8> hex = {
      nullptr,        nullptr, &out.root_hash,      nullptr, &out.authority_key,
      &out.board_key, nullptr, &out.close_root_hash};
  for (size_t f = 0; f < kFields.size(); ++f) {
    const std::string_view line = lines[f + 1];
    const std::string prefix = Cat(kFields[f], " ");
    if (line.substr(0, prefix.size()) != prefix) {
      return Malformed(f + 2, Cat("expected \"", kFields[f], " …\""));
    }
    const std::string_view value = line.substr(prefix.size());
    Bytes bytes;
    if (kFields[f] == "tree_size" || kFields[f] == "close_tree_size") {
      uint64_t& n = kFields[f] == "tree_size" ? out.tree_size : out.close_tree_size;
      if (!ParseCanonicalDecimal(value, n)) {
        return Malformed(f + 2, Cat(kFields[f], " must be a canonical decimal number"));
      }
    } else if (kFields[f] == "phase") {
      bool known = false;
      for (v1::Phase p : kPhases) {
        if (value == PhaseName(p)) {
          out.phase = p;
          known = true;
        }
      }
      if (!known) return Malformed(f + 2, "phase must be one of SETUP … TALLIED in capitals");
    } else if (!ParseLowerHex(value, 32, bytes)) {
      return Malformed(f + 2, Cat(kFields[f], " must be 64 lower-case hex digits"));
    } else if (hex[f] == nullptr) {
      std::copy(bytes.begin(), bytes.end(), out.election.begin());
    } else {
      hex[f]->assign(bytes.begin(), bytes.end());
    }
  }
  if (out.tree_size == 0) return Malformed(3, "tree_size cannot be 0");
  const bool closed = out.close_tree_size != 0;
  if (closed != (out.phase == v1::CLOSED || out.phase == v1::TALLIED)) {
    return Malformed(8, "close_tree_size is not 0 exactly when the phase is CLOSED or TALLIED");
  }
  if (closed ? out.close_tree_size >= out.tree_size
             : out.close_root_hash != std::string(32, '\0')) {
    return Malformed(closed ? 8 : 9,
                     closed ? "the CLOSE countersigns a log at least as long as the head's (it "
                              "must be shorter: the CLOSE entry itself is in the head's log)"
                            : "close_root_hash must be 64 zeros without CLOSE");
  }
  return out;
}

std::string FollowedHeadName(const ElectionId& election) { return Cat(ToHex(election), ".head"); }

}  // namespace urne

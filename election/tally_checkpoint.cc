#include "election/tally_checkpoint.h"

#include "election/sealed_text.h"
#include "status/status.h"

namespace urne {
namespace {

constexpr std::string_view kMagic = "urne-tally-checkpoint/1";

absl::Status Malformed(size_t line, std::string_view what) {
  return Invalid("checkpoint.malformed",
                 Cat("tally checkpoint line ", line, ": ", what,
                     "; a checkpoint is written by `urne-trustee follow` or `urne-admin follow` "
                     "and never edited: follow the board again into an empty folder"));
}

}  // namespace

absl::StatusOr<TallyCheckpoint> CheckpointOf(const ElectionState& state) {
  if (state.close() == nullptr) {
    return Error(absl::StatusCode::kFailedPrecondition, "phase.wrong",
                 Cat("a tally checkpoint is taken once the log holds CLOSE; the election is ",
                     PhaseName(state.phase())));
  }
  TallyCheckpoint out;
  out.election = state.id();
  out.close_tree_size = state.close()->tree_size();
  out.close_root_hash = state.close()->root_hash();
  out.ballots = state.ballots();
  out.revotes = state.revotes();
  out.audits = state.audits();
  out.ballots_counted = state.ballots_counted();
  for (const auto& question : state.encrypted_tally()) {
    auto& row = out.tally.emplace_back();
    for (const Ciphertext& c : question) row.push_back(EncodeCiphertext(c));
  }
  return out;
}

std::string EncodeTallyCheckpoint(const TallyCheckpoint& c) {
  std::string text = Cat(kMagic, "\nelection ", ToHex(c.election), "\nclose_tree_size ",
                         c.close_tree_size, "\nclose_root_hash ", ToHex(AsBytes(c.close_root_hash)),
                         "\nballots ", c.ballots, "\nrevotes ", c.revotes, "\naudits ", c.audits,
                         "\nballots_counted ", c.ballots_counted, "\n");
  for (size_t q = 0; q < c.tally.size(); ++q) {
    for (size_t o = 0; o < c.tally[q].size(); ++o) {
      text += Cat("tally ", q, " ", o, " ", ToHex(c.tally[q][o]), "\n");
    }
  }
  return SealText(std::move(text));
}

absl::StatusOr<TallyCheckpoint> ParseTallyCheckpoint(std::string_view text) {
  URNE_ASSIGN_OR_RETURN(std::vector<std::string_view> lines,
                        OpenSealedText(text, "checkpoint", "the tally checkpoint"));
  TallyCheckpoint out;
  const char* const kFields[] = {"election", "close_tree_size", "close_root_hash", "ballots",
                                 "revotes",  "audits",          "ballots_counted"};
  if (lines.size() < 8 || lines[0] != kMagic) {
    return Malformed(1, Cat("the first line must be \"", kMagic, "\""));
  }
  uint64_t* const numbers[] = {
      nullptr,     &out.close_tree_size, nullptr, &out.ballots, &out.revotes,
      &out.audits, &out.ballots_counted};
  for (size_t f = 0; f < 7; ++f) {
    const std::string_view line = lines[f + 1];
    const std::string prefix = Cat(kFields[f], " ");
    if (line.substr(0, prefix.size()) != prefix) {
      return Malformed(f + 2, Cat("expected \"", kFields[f], " …\""));
    }
    const std::string_view value = line.substr(prefix.size());
    Bytes bytes;
    if (numbers[f] != nullptr) {
      if (!ParseCanonicalDecimal(value, *numbers[f])) {
        return Malformed(f + 2, Cat(kFields[f], " must be a canonical decimal number"));
      }
    } else if (!ParseLowerHex(value, 32, bytes)) {
      return Malformed(f + 2, Cat(kFields[f], " must be 64 lower-case hex digits"));
    } else if (f == 0) {
      std::copy(bytes.begin(), bytes.end(), out.election.begin());
    } else {
      out.close_root_hash.assign(bytes.begin(), bytes.end());
    }
  }
  if (out.close_tree_size == 0) return Malformed(3, "close_tree_size cannot be 0");
  if (out.ballots_counted > out.ballots) {
    return Malformed(9, "ballots_counted cannot exceed ballots");
  }
  for (size_t i = 8; i < lines.size(); ++i) {
    // "tally Q O HEX", Q and O in order: the next option, or option 0 of the next question.
    const std::string_view line = lines[i];
    uint64_t q = 0;
    uint64_t o = 0;
    Bytes c;
    const size_t s1 = line.find(' ');
    const size_t s2 = line.find(' ', s1 + 1);
    const size_t s3 = line.find(' ', s2 + 1);
    if (line.substr(0, s1) != "tally" || s3 == std::string_view::npos ||
        !ParseCanonicalDecimal(line.substr(s1 + 1, s2 - s1 - 1), q) ||
        !ParseCanonicalDecimal(line.substr(s2 + 1, s3 - s2 - 1), o) ||
        !ParseLowerHex(line.substr(s3 + 1), 0, c)) {
      return Malformed(i + 1, "expected \"tally QUESTION OPTION HEX\"");
    }
    const bool next_option =
        !out.tally.empty() && q == out.tally.size() - 1 && o == out.tally.back().size();
    const bool next_question = q == out.tally.size() && o == 0;
    if (!next_option && !next_question) {
      return Malformed(i + 1, "tally lines must go through questions and options in order from 0");
    }
    if (next_question) out.tally.emplace_back();
    out.tally.back().push_back(std::move(c));
  }
  if (out.tally.empty()) return Malformed(lines.size(), "no tally line");
  return out;
}

std::string TallyCheckpointName(const ElectionId& election) {
  return Cat(ToHex(election), ".tally");
}

}  // namespace urne

namespace urne {

absl::StatusOr<std::unique_ptr<ElectionState>> ElectionState::ResumeAtClose(
    std::unique_ptr<ElectionState> setup, const TallyCheckpoint& checkpoint) {
  if (setup->id_ != checkpoint.election) {
    return Invalid("checkpoint.wrong_election",
                   Cat("the tally checkpoint is of election ", ToHex(checkpoint.election),
                       ", not of ", ToHex(setup->id_)));
  }
  if (setup->phase_ != v1::VOTING || setup->resumed_root_ ||
      setup->size() > checkpoint.close_tree_size) {
    return Error(absl::StatusCode::kFailedPrecondition, "phase.wrong",
                 Cat("a state resumes at CLOSE from the log up to OPEN (", setup->size(),
                     " entries, phase ", PhaseName(setup->phase_), ")"));
  }
  if (checkpoint.tally.size() != setup->tally_.size()) {
    return Invalid("checkpoint.malformed",
                   Cat("the tally checkpoint has ", checkpoint.tally.size(),
                       " questions; the manifest has ", setup->tally_.size()));
  }
  std::vector<std::vector<Ciphertext>> tally(checkpoint.tally.size());
  for (size_t q = 0; q < tally.size(); ++q) {
    if (checkpoint.tally[q].size() != setup->tally_[q].size()) {
      return Invalid("checkpoint.malformed",
                     Cat("the tally checkpoint's question ", q, " has ", checkpoint.tally[q].size(),
                         " options; the manifest's has ", setup->tally_[q].size()));
    }
    for (const Bytes& encoded : checkpoint.tally[q]) {
      auto c = DecodeCiphertext(*setup->group_, encoded);
      if (!c.ok()) {
        return Invalid("checkpoint.malformed", Cat("the tally checkpoint's question ", q, ": ",
                                                   std::string(c.status().message())));
      }
      tally[q].push_back(*c);
    }
  }
  setup->tally_ = std::move(tally);
  setup->tree_ = MerkleTree();
  setup->resumed_size_ = checkpoint.close_tree_size;
  setup->resumed_root_ = checkpoint.close_root_hash;
  setup->resumed_counted_ = checkpoint.ballots_counted;
  setup->ballots_ = checkpoint.ballots;
  setup->revotes_ = checkpoint.revotes;
  setup->audits_ = checkpoint.audits;
  return setup;
}

}  // namespace urne

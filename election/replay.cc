#include "election/replay.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "election/ballot_batch.h"
#include "status/status.h"

namespace urne {
namespace {

// Batches per thread in a window of ballots.
constexpr size_t kWindowBatches = 2;

absl::Status AtEntry(const absl::Status& status, uint64_t index, const v1::Entry& entry) {
  return WithContext(status, Cat("entry ", index, " (", v1::EntryKind_Name(entry.kind()), "): "));
}

}  // namespace

absl::Status ReplayInto(ElectionState& state, std::span<const v1::Entry> entries, unsigned threads,
                        const ReplayProgress& progress, const BallotVerified& on_ballot) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const uint64_t base = state.size();
  size_t i = 0;
  while (i < entries.size()) {
    // A run of ballots while voting: their prechecks depend only on the roll, the joint key
    // and the phase, which ballots do not change.
    size_t end = i;
    if (state.phase() == v1::VOTING) {
      while (end < entries.size() && entries[end].kind() == v1::BALLOT) ++end;
    }
    if (end - i >= 2) {
      // In windows, so that only a window's decoded ballots are held at once; each window's
      // proofs are checked across ballots (election/ballot_batch.h).
      const size_t window = std::min(end - i, kWindowBatches * kBallotsPerBatch * threads);
      std::vector<absl::StatusOr<Prechecked>> pre =
          PrecheckBallots(state, entries.subspan(i, window), threads);
      for (size_t k = i; k < i + window; ++k) {
        if (on_ballot && pre[k - i].ok() && pre[k - i]->ballot) {
          on_ballot(base + k, *pre[k - i]->ballot);
        }
        absl::Status s = pre[k - i].ok() ? state.ApplyPrechecked(entries[k], std::move(*pre[k - i]))
                                         : pre[k - i].status();
        if (!s.ok()) return AtEntry(s, base + k, entries[k]);
        if (progress && (k + 1) % 256 == 0) progress(k + 1, entries.size());
      }
      i += window;
      continue;
    }
    absl::StatusOr<Prechecked> pre = state.Precheck(entries[i]);
    if (on_ballot && pre.ok() && pre->ballot) on_ballot(base + i, *pre->ballot);
    absl::Status s = pre.ok() ? state.ApplyPrechecked(entries[i], std::move(*pre)) : pre.status();
    if (!s.ok()) return AtEntry(s, base + i, entries[i]);
    ++i;
    if (progress && i % 256 == 0) progress(i, entries.size());
  }
  if (progress) progress(entries.size(), entries.size());
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ElectionState>> Replay(
    std::span<const v1::Entry> entries, unsigned threads, const ReplayProgress& progress,
    const std::function<void(ElectionState&)>& prepare) {
  if (entries.empty()) return Invalid("replay.empty", "the log is empty");
  auto state = ElectionState::Begin(entries[0]);
  if (!state.ok()) return AtEntry(state.status(), 0, entries[0]);
  if (prepare) prepare(**state);
  URNE_RETURN_IF_ERROR(ReplayInto(**state, entries.subspan(1), threads, progress));
  return std::move(*state);
}

}  // namespace urne

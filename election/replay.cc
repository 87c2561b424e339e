#include "election/replay.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "status/status.h"

namespace urne {
namespace {

absl::Status AtEntry(const absl::Status& status, uint64_t index, const v1::Entry& entry) {
  return WithContext(status, Cat("entry ", index, " (", v1::EntryKind_Name(entry.kind()), "): "));
}

}  // namespace

absl::Status ReplayInto(ElectionState& state, std::span<const v1::Entry> entries, unsigned threads,
                        const ReplayProgress& progress) {
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
    if (end - i >= 2 && threads > 1) {
      std::vector<absl::StatusOr<Prechecked>> pre(end - i, absl::UnknownError("unset"));
      std::atomic<size_t> next{i};
      auto work = [&] {
        for (size_t k = next++; k < end; k = next++) pre[k - i] = state.Precheck(entries[k]);
      };
      std::vector<std::thread> pool;
      for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
      work();
      for (auto& t : pool) t.join();
      for (size_t k = i; k < end; ++k) {
        absl::Status s = pre[k - i].ok() ? state.ApplyPrechecked(entries[k], std::move(*pre[k - i]))
                                         : pre[k - i].status();
        if (!s.ok()) return AtEntry(s, base + k, entries[k]);
        if (progress && (k + 1) % 256 == 0) progress(k + 1, entries.size());
      }
      i = end;
      continue;
    }
    absl::Status s = state.Apply(entries[i]);
    if (!s.ok()) return AtEntry(s, base + i, entries[i]);
    ++i;
    if (progress && i % 256 == 0) progress(i, entries.size());
  }
  if (progress) progress(entries.size(), entries.size());
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ElectionState>> Replay(std::span<const v1::Entry> entries,
                                                      unsigned threads,
                                                      const ReplayProgress& progress) {
  if (entries.empty()) return Invalid("replay.empty", "the log is empty");
  auto state = ElectionState::Begin(entries[0]);
  if (!state.ok()) return AtEntry(state.status(), 0, entries[0]);
  URNE_RETURN_IF_ERROR(ReplayInto(**state, entries.subspan(1), threads, progress));
  return std::move(*state);
}

}  // namespace urne

#include "election/ballot_batch.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "crypto/batch_verifier.h"
#include "status/status.h"

namespace urne {
namespace {

using Results = std::vector<absl::StatusOr<Prechecked>>;

// Prechecks ballots[k] for k in `items` into one batch; true iff the batch verifies.
// Results go to out[k] when `out` is given (they hold only if the batch verifies); `queued`
// receives the items whose equations were queued (the others already have their error).
bool Batch(const ElectionState& state, std::span<const v1::Entry> ballots,
           std::span<const size_t> items, Results* out, std::vector<size_t>* queued) {
  BatchVerifier batch(state.group(), BatchVerifier::Fallback::kNone);
  for (size_t k : items) {
    auto pre = state.Precheck(ballots[k], &batch);
    if (pre.ok() && queued != nullptr) queued->push_back(k);
    if (out != nullptr) (*out)[k] = std::move(pre);
  }
  return batch.Verify().ok();
}

// The position in `items` of the first ballot whose proofs fail, for items whose batch
// failed: the first half is checked again (fresh weights); the failure is in it if it
// fails, else in the second half.
size_t FirstBad(const ElectionState& state, std::span<const v1::Entry> ballots,
                std::span<const size_t> items) {
  size_t base = 0;
  while (items.size() > 1) {
    const size_t mid = items.size() / 2;
    if (!Batch(state, ballots, items.first(mid), nullptr, nullptr)) {
      items = items.first(mid);
    } else {
      base += mid;
      items = items.subspan(mid);
    }
  }
  return base;
}

// Fills out[k] for k in `items` (consecutive ballots of one batch).
void CheckBatch(const ElectionState& state, std::span<const v1::Entry> ballots,
                std::vector<size_t> items, Results& out) {
  while (!items.empty()) {
    std::vector<size_t> queued;
    if (Batch(state, ballots, items, &out, &queued)) return;
    const size_t bad = FirstBad(state, ballots, queued);
    const size_t k = queued[bad];
    out[k] = state.Precheck(ballots[k]);  // alone: the exact error
    if (out[k].ok()) {
      // Only a failed bisection (probability ≤ 2^-128) or a bug gets here: refuse.
      out[k] = Error(absl::StatusCode::kInternal, "proof.batch.inconsistent",
                     "a batch of ballot proofs failed but the ballot it was narrowed to "
                     "verifies alone; report this bug");
    }
    // The ballots after it were only checked together with it: again, without it.
    items.assign(queued.begin() + static_cast<std::ptrdiff_t>(bad) + 1, queued.end());
  }
}

}  // namespace

Results PrecheckBallots(const ElectionState& state, std::span<const v1::Entry> ballots,
                        unsigned threads, size_t per_batch) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const size_t n = ballots.size();
  Results out(n, absl::UnknownError("unset"));
  if (n == 0) return out;
  // Every thread gets work even for short runs.
  per_batch = std::max<size_t>(1, std::min(per_batch, (n + threads - 1) / threads));
  const size_t batches = (n + per_batch - 1) / per_batch;
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t b = next++; b < batches; b = next++) {
      std::vector<size_t> items;
      for (size_t k = b * per_batch; k < std::min(n, (b + 1) * per_batch); ++k) items.push_back(k);
      CheckBatch(state, ballots, std::move(items), out);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads && t < batches; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return out;
}

}  // namespace urne

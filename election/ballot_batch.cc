#include "election/ballot_batch.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

#include "crypto/batch_verifier.h"
#include "election/entry.h"
#include "status/status.h"

namespace urne {
namespace {

using Results = std::vector<absl::StatusOr<Prechecked>>;

// How ballot k is prechecked: its proof equations queued in `batch`, or (batch == nullptr)
// verified alone, for its exact error.
using CheckOne = std::function<absl::StatusOr<Prechecked>(size_t k, BatchVerifier* batch)>;

// Prechecks ballot k for k in `items` into one batch; true iff the batch verifies.
// Results go to out[k] when `out` is given (they hold only if the batch verifies); `queued`
// receives the items whose equations were queued (the others already have their error).
// `batch` (Fallback::kNone) is cleared first: one verifier per thread serves all its batches.
bool Batch(BatchVerifier& batch, const CheckOne& check, std::span<const size_t> items, Results* out,
           std::vector<size_t>* queued) {
  batch.Clear();
  for (size_t k : items) {
    auto pre = check(k, &batch);
    if (pre.ok() && queued != nullptr) queued->push_back(k);
    if (out != nullptr) (*out)[k] = std::move(pre);
  }
  return batch.Verify().ok();
}

// The position in `items` of the first ballot whose proofs fail, for items whose batch
// failed: the first half is checked again (fresh weights); the failure is in it if it
// fails, else in the second half.
size_t FirstBad(BatchVerifier& batch, const CheckOne& check, std::span<const size_t> items) {
  size_t base = 0;
  while (items.size() > 1) {
    const size_t mid = items.size() / 2;
    if (!Batch(batch, check, items.first(mid), nullptr, nullptr)) {
      items = items.first(mid);
    } else {
      base += mid;
      items = items.subspan(mid);
    }
  }
  return base;
}

// Fills out[k] for k in `items` (consecutive ballots of one batch).
void CheckBatch(BatchVerifier& batch, const CheckOne& check, std::vector<size_t> items,
                Results& out) {
  while (!items.empty()) {
    std::vector<size_t> queued;
    if (Batch(batch, check, items, &out, &queued)) return;
    const size_t bad = FirstBad(batch, check, queued);
    const size_t k = queued[bad];
    out[k] = check(k, nullptr);  // alone: the exact error
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

// Cuts ballots 0..n-1 into batches of `per_batch` and checks them on `threads` threads.
Results CheckAll(const Group& group, const CheckOne& check, size_t n, unsigned threads,
                 size_t per_batch) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  Results out(n, absl::UnknownError("unset"));
  if (n == 0) return out;
  // Every thread gets work even for short runs.
  per_batch = std::max<size_t>(1, std::min(per_batch, (n + threads - 1) / threads));
  const size_t batches = (n + per_batch - 1) / per_batch;
  std::atomic<size_t> next{0};
  auto work = [&] {
    BatchVerifier batch(group, BatchVerifier::Fallback::kNone);
    for (size_t b = next++; b < batches; b = next++) {
      std::vector<size_t> items;
      for (size_t k = b * per_batch; k < std::min(n, (b + 1) * per_batch); ++k) items.push_back(k);
      CheckBatch(batch, check, std::move(items), out);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads && t < batches; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return out;
}

}  // namespace

Results PrecheckBallots(const ElectionState& state, std::span<const v1::Entry> ballots,
                        unsigned threads, size_t per_batch) {
  CheckOne check = [&](size_t k, BatchVerifier* batch) {
    return batch != nullptr ? state.Precheck(ballots[k], batch) : state.Precheck(ballots[k]);
  };
  return CheckAll(state.group(), check, ballots.size(), threads, per_batch);
}

Results PrecheckBallotsOutsideState(const ElectionState& state, const StateReader& read_state,
                                    std::span<const v1::Entry> ballots, unsigned threads,
                                    size_t per_batch) {
  const size_t n = ballots.size();
  // Steps 1 and 2 of ElectionState::PrecheckEnvelope / PrecheckBallotState, in that order:
  // the envelope outside the state, then every ballot's state checks at one reading.
  std::vector<absl::Status> envelope(n);
  std::vector<Digest32> codes(n);
  for (size_t k = 0; k < n; ++k) {
    envelope[k] = state.PrecheckEnvelope(ballots[k]);
    if (envelope[k].ok()) codes[k] = TrackingCode(ballots[k].payload());
  }
  std::vector<std::optional<absl::StatusOr<BallotStatement>>> statements(n);
  read_state([&] {
    for (size_t k = 0; k < n; ++k) {
      if (envelope[k].ok()) statements[k].emplace(state.PrecheckBallotState(ballots[k], codes[k]));
    }
  });
  // Step 3, the proofs, against the statements alone.
  CheckOne check = [&](size_t k, BatchVerifier* batch) -> absl::StatusOr<Prechecked> {
    if (!envelope[k].ok()) return envelope[k];
    const absl::StatusOr<BallotStatement>& statement = *statements[k];
    if (!statement.ok()) return statement.status();
    Prechecked out;
    out.tracking_code = codes[k];
    URNE_ASSIGN_OR_RETURN(
        out.ballot, batch != nullptr ? VerifyBallotInto(*statement, ballots[k].payload(), *batch)
                                     : VerifyBallot(*statement, ballots[k].payload()));
    return out;
  };
  return CheckAll(state.group(), check, n, threads, per_batch);
}

}  // namespace urne

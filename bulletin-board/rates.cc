#include "bulletin-board/rates.h"

#include <algorithm>
#include <vector>

namespace urne::bulletin_board {

bool TokenBuckets::Take(const std::string& key, Clock::time_point now) {
  if (rate_ <= 0) return true;
  absl::MutexLock lock(&mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= kMaxKeys) Prune(now);
    it = buckets_.emplace(key, Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  double elapsed = std::chrono::duration<double>(now - b.updated).count();
  b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * rate_);
  b.updated = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

void TokenBuckets::Prune(Clock::time_point now) {
  // Forget buckets that would be full again (their key has been idle long enough).
  const double refill_s = burst_ / rate_;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    double idle = std::chrono::duration<double>(now - it->second.updated).count();
    it = idle >= refill_s ? buckets_.erase(it) : std::next(it);
  }
  // Still full: drop the least recently used half.
  if (buckets_.size() >= kMaxKeys) {
    std::vector<Clock::time_point> times;
    times.reserve(buckets_.size());
    for (auto& [k, b] : buckets_) times.push_back(b.updated);
    auto mid = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
    std::nth_element(times.begin(), mid, times.end());
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      it = it->second.updated <= *mid ? buckets_.erase(it) : std::next(it);
    }
  }
}

}  // namespace urne::bulletin_board

// TokenBuckets: per-key rate limits (specs/board.md §5.3 "Rates"). Each key (a client host,
// or an entry's author credential) has a bucket of `burst` tokens refilled at `rate` tokens
// per second; a post takes one token or is refused. rate = 0 disables the limit.
//
// Memory is bounded: when more than kMaxKeys keys are tracked, buckets that have refilled
// completely (idle keys) are forgotten, and if that is not enough the oldest are.
// Thread-safe.
#ifndef URNE_BULLETIN_BOARD_RATES_H_
#define URNE_BULLETIN_BOARD_RATES_H_

#include <chrono>
#include <string>
#include <unordered_map>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace urne::bulletin_board {

class TokenBuckets {
 public:
  static constexpr size_t kMaxKeys = 200'000;
  using Clock = std::chrono::steady_clock;

  TokenBuckets(double rate, double burst) : rate_(rate), burst_(burst < 1 ? 1 : burst) {}

  // Takes one token from `key`'s bucket; false if it is empty.
  bool Take(const std::string& key, Clock::time_point now = Clock::now());
  double rate() const { return rate_; }
  double burst() const { return burst_; }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void Prune(Clock::time_point now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  const double rate_;
  const double burst_;
  std::unordered_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace urne::bulletin_board

#endif  // URNE_BULLETIN_BOARD_RATES_H_

#include "crypto/dlog.h"

#include <cassert>
#include <cmath>

#include "status/status.h"

namespace urne {
namespace {

std::string Key(const Group& group, const Element& e) {
  Bytes b = group.Encode(e);
  return {b.begin(), b.end()};
}

uint64_t CeilSqrt(uint64_t x) {
  auto r = static_cast<uint64_t>(std::sqrt(static_cast<double>(x)));
  while (r * r < x) ++r;
  while (r > 0 && (r - 1) * (r - 1) >= x) --r;
  return r;
}

}  // namespace

DiscreteLog::DiscreteLog(const Element& base, uint64_t max)
    : group_(base.group()),
      max_(max),
      n_(CeilSqrt(max + 1)),
      giant_(group_.Inverse(group_.VartimeExp(base, group_.ScalarFromU64(n_)))) {
  assert(max <= kLargestMax);
  baby_.reserve(n_);
  Element x = group_.identity();
  for (uint64_t j = 0; j < n_; ++j) {
    baby_.emplace(Key(group_, x), static_cast<uint32_t>(j));
    x = group_.Mul(x, base);
  }
}

absl::StatusOr<uint64_t> DiscreteLog::Solve(const Element& y) const {
  // y·B^{−n·i} = B^j with 0 ≤ j < n gives m = n·i + j; every m < n·(i_max+1) has exactly one
  // such (i, j), so the first hit is the answer.
  const uint64_t giant_steps = (max_ + 1 + n_ - 1) / n_;
  Element x = y;
  for (uint64_t i = 0; i < giant_steps; ++i) {
    auto it = baby_.find(Key(group_, x));
    if (it != baby_.end()) {
      const uint64_t m = i * n_ + it->second;
      if (m <= max_) return m;
      break;
    }
    x = group_.Mul(x, giant_);
  }
  return Error(absl::StatusCode::kOutOfRange, "dlog.out_of_range",
               Cat("the decrypted value is not K^m for any 0 <= m <= ", max_,
                   "; the tally exceeds the expected bound or the decryption is wrong"));
}

}  // namespace urne

// Bounded discrete logarithm by baby-step giant-step (specs/crypto-proofs.md §4): recovers
// m from B^m for 0 ≤ m ≤ max and a public base B (the election key K: decrypted tallies are
// K^count).
//
// Construction computes n = ⌈√(max+1)⌉ baby steps B^0 … B^{n−1}, kept in a hash table keyed
// by the elements' canonical encodings (n·element_bytes bytes: ~100 KB for ristretto255 and
// ~1.6 MB for eg4096 at max = 10^7). Solve needs at most ⌈(max+1)/n⌉ giant steps. Only for
// public values (variable time). Immutable after construction; Solve is thread-safe.
#ifndef URNE_CRYPTO_DLOG_H_
#define URNE_CRYPTO_DLOG_H_

#include <cstdint>
#include <string>
#include <unordered_map>

#include "absl/status/statusor.h"
#include "crypto/group.h"

namespace urne {

class DiscreteLog {
 public:
  // The largest supported `max` (tables stay below ~8 MB for eg4096).
  static constexpr uint64_t kLargestMax = 1ULL << 28;

  // Requires max ≤ kLargestMax and base ≠ 1.
  DiscreteLog(const Element& base, uint64_t max);

  uint64_t max() const { return max_; }

  // m with B^m = y and 0 ≤ m ≤ max. Errors: OUT_OF_RANGE with reason "dlog.out_of_range"
  // when no such m exists (m > max, or y is not a small power of B at all).
  absl::StatusOr<uint64_t> Solve(const Element& y) const;

 private:
  const Group& group_;
  uint64_t max_;
  uint64_t n_;                                      // baby steps
  Element giant_;                                   // B^{−n}
  std::unordered_map<std::string, uint32_t> baby_;  // encode(B^j) → j
};

}  // namespace urne

#endif  // URNE_CRYPTO_DLOG_H_

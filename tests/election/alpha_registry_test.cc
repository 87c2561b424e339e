// The α registry's table (election/alpha_registry.h): every key added is found, no other
// is, across growth and after Reserve; the all-zero key (the table's empty mark) is kept
// apart; adding a key twice counts it once. The reuse rules themselves (ballot.ciphertext_reused
// for a ballot, an audit, inside a ballot) are the state's and the tamper suite's tests.
#include "election/alpha_registry.h"

#include <gtest/gtest.h>

#include <random>

namespace urne {
namespace {

using Key = AlphaRegistry::Key;

std::vector<Key> RandomKeys(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Key> keys(n);
  for (auto& k : keys) {
    for (auto& b : k) b = static_cast<uint8_t>(rng());
  }
  return keys;
}

void ExpectHolds(const AlphaRegistry& r, const std::vector<Key>& in, const std::vector<Key>& out) {
  for (const Key& k : in) ASSERT_TRUE(r.Contains(k));
  for (const Key& k : out) ASSERT_FALSE(r.Contains(k));
}

TEST(AlphaRegistryTable, EveryKeyAddedIsFoundAcrossGrowth) {
  const std::vector<Key> in = RandomKeys(50'000, 1);
  const std::vector<Key> out = RandomKeys(50'000, 2);
  AlphaRegistry r;
  EXPECT_FALSE(r.Contains(in[0]));
  for (size_t i = 0; i < in.size(); i += 15) {
    const auto from = static_cast<std::ptrdiff_t>(i);
    const auto to = static_cast<std::ptrdiff_t>(std::min(in.size(), i + 15));
    r.Add(std::vector<Key>(in.begin() + from, in.begin() + to));
    EXPECT_EQ(r.size(), std::min(in.size(), i + 15));
  }
  ExpectHolds(r, in, out);
  r.Add({in[7], in[8]});  // again: counted once
  EXPECT_EQ(r.size(), in.size());
}

TEST(AlphaRegistryTable, ReserveThenAddBeyondIt) {
  const std::vector<Key> in = RandomKeys(20'000, 3);
  const std::vector<Key> out = RandomKeys(1'000, 4);
  AlphaRegistry r;
  r.Reserve(10'000);
  r.Add(std::vector<Key>(in.begin(), in.begin() + 10'000));
  ExpectHolds(r, std::vector<Key>(in.begin(), in.begin() + 10'000), out);
  r.Add(std::vector<Key>(in.begin() + 10'000, in.end()));  // grows past the reservation
  r.Reserve(5);                                            // never shrinks
  ExpectHolds(r, in, out);
  EXPECT_EQ(r.size(), in.size());
}

TEST(AlphaRegistryTable, TheAllZeroKeyIsAKeyLikeAnyOther) {
  AlphaRegistry r;
  const Key zero{};
  EXPECT_FALSE(r.Contains(zero));
  r.Add({zero});
  EXPECT_TRUE(r.Contains(zero));
  EXPECT_EQ(r.size(), 1u);
  r.Add({zero});
  EXPECT_EQ(r.size(), 1u);
  Key one{};
  one[15] = 1;
  EXPECT_FALSE(r.Contains(one));
}

}  // namespace
}  // namespace urne

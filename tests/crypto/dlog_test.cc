#include "crypto/dlog.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

#include "status/status.h"

namespace urne {
namespace {

// Decrypted tallies are powers of the election key K, so the base is a random element.
class DiscreteLogTest : public ::testing::TestWithParam<std::string> {
 protected:
  static const Group& group() { return **Group::ByName(GetParam()); }
  Element Pow(uint64_t m) const { return group().VartimeExp(base_, group().ScalarFromU64(m)); }
  const Element base_ = group().ExpG(group().RandomNonZeroScalar());
};

TEST_P(DiscreteLogTest, SmallTable) {
  for (uint64_t max : {0, 1, 2, 3, 15, 16, 17, 99}) {
    DiscreteLog dlog(base_, max);
    for (uint64_t m = 0; m <= max; ++m) {
      auto got = dlog.Solve(Pow(m));
      ASSERT_TRUE(got.ok()) << max << " " << m << " " << got.status();
      EXPECT_EQ(*got, m);
    }
    auto over = dlog.Solve(Pow(max + 1));
    EXPECT_EQ(over.status().code(), absl::StatusCode::kOutOfRange) << max;
    EXPECT_EQ(ReasonOf(over.status()), "dlog.out_of_range") << max;
  }
}

TEST_P(DiscreteLogTest, LargeTableEndsAndRandomValues) {
  // eg4096 exponentiations are slow: a smaller bound keeps the test quick there.
  const uint64_t max = group().name() == "ristretto255" ? 10'000'000 : 100'000;
  DiscreteLog dlog(base_, max);
  std::vector<uint64_t> values = {0, 1, max - 1, max};
  for (int i = 0; i < 5; ++i) values.push_back(randombytes_uniform(static_cast<uint32_t>(max)));
  for (uint64_t m : values) {
    auto got = dlog.Solve(Pow(m));
    ASSERT_TRUE(got.ok()) << m << " " << got.status();
    EXPECT_EQ(*got, m);
  }
  EXPECT_EQ(ReasonOf(dlog.Solve(Pow(max + 1)).status()), "dlog.out_of_range");
  EXPECT_EQ(ReasonOf(dlog.Solve(Pow(3 * max)).status()), "dlog.out_of_range");
  // A random element is (overwhelmingly) not a small power of the base, nor is g.
  EXPECT_EQ(ReasonOf(dlog.Solve(group().ExpG(group().RandomScalar())).status()),
            "dlog.out_of_range");
  EXPECT_EQ(ReasonOf(dlog.Solve(group().generator()).status()), "dlog.out_of_range");
  // B^{-1} = B^{q-1}.
  EXPECT_EQ(ReasonOf(dlog.Solve(group().Inverse(base_)).status()), "dlog.out_of_range");
}

INSTANTIATE_TEST_SUITE_P(Groups, DiscreteLogTest, ::testing::Values("ristretto255", "eg4096"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace urne

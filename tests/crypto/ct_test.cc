#include "crypto/ct.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "crypto/group.h"

namespace urne {
namespace {

const std::vector<uint64_t> kEdges = {0,
                                      1,
                                      2,
                                      1000,
                                      (uint64_t{1} << 63) - 1,
                                      uint64_t{1} << 63,
                                      (uint64_t{1} << 63) + 1,
                                      std::numeric_limits<uint64_t>::max() - 1,
                                      std::numeric_limits<uint64_t>::max()};

TEST(Ct, ComparisonsAgreeWithTheOperatorsOnEdgeValues) {
  for (uint64_t a : kEdges) {
    for (uint64_t b : kEdges) {
      EXPECT_EQ(ct::Eq(a, b), a == b ? 1u : 0u) << a << " " << b;
      EXPECT_EQ(ct::Lt(a, b), a < b ? 1u : 0u) << a << " " << b;
    }
    EXPECT_EQ(ct::NonZero(a), a != 0 ? 1u : 0u) << a;
  }
  EXPECT_EQ(ct::Mask(0), 0u);
  EXPECT_EQ(ct::Mask(1), std::numeric_limits<uint64_t>::max());
}

class SelectTest : public ::testing::TestWithParam<std::string> {
 protected:
  static const Group& group() { return **Group::ByName(GetParam()); }
};

TEST_P(SelectTest, PicksTheSecondOperandOnlyForOne) {
  const Group& g = group();
  Scalar x = g.RandomScalar();
  Scalar y = g.RandomScalar();
  EXPECT_TRUE(g.Select(0, x, y) == x);
  EXPECT_TRUE(g.Select(1, x, y) == y);
}

INSTANTIATE_TEST_SUITE_P(Groups, SelectTest, ::testing::Values("ristretto255", "eg4096"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace urne

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/group.h"

namespace urne {
namespace {

class FixedBaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  const Group& group() const { return **Group::ByName(GetParam()); }
};

TEST_P(FixedBaseTest, ExpAgreesWithVariableBaseExponentiation) {
  const Group& g = group();
  const Element base = g.ExpG(g.RandomNonZeroScalar());
  auto table = g.Precompute(base);
  const std::vector<Scalar> exponents = {g.ScalarFromU64(0), g.ScalarFromU64(1),
                                         g.Neg(g.ScalarFromU64(1)), g.RandomScalar()};
  for (const Scalar& e : exponents) {
    EXPECT_TRUE(g.Equal(table->Exp(e), g.VartimeExp(base, e)));
    EXPECT_TRUE(g.Equal(table->Exp(e), g.Exp(base, e)));
  }
}

INSTANTIATE_TEST_SUITE_P(Groups, FixedBaseTest, ::testing::Values("ristretto255", "eg4096"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace urne

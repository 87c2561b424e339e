#include <gtest/gtest.h>

#include "crypto/group.h"
#include "status/status.h"

namespace urne {
namespace {

TEST(Ristretto255, GeneratorRoundTrips) {
  const Group& g = Group::Ristretto255();
  Bytes enc = g.Encode(g.generator());
  EXPECT_EQ(ToHex(enc), "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76");
  auto back = g.DecodeElement(enc, Identity::kForbidden);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(*back == g.generator());
}

}  // namespace
}  // namespace urne

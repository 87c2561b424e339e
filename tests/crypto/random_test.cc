#include "crypto/random.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace urne {
namespace {

std::vector<uint8_t> Draw(size_t n) {
  std::vector<uint8_t> out(n);
  RandomBytes(out);
  return out;
}

std::string Str(const std::vector<uint8_t>& b) { return {b.begin(), b.end()}; }

// Each byte value of `bytes` appears between half and twice its expected count: a generator
// that repeats, sticks or leaves part of its output zero fails this by far.
void ExpectSpread(const std::vector<uint8_t>& bytes) {
  std::array<size_t, 256> count{};
  for (uint8_t b : bytes) ++count[b];
  const size_t expected = bytes.size() / 256;
  for (size_t v = 0; v < 256; ++v) {
    EXPECT_GT(count[v], expected / 2) << "byte value " << v;
    EXPECT_LT(count[v], expected * 2) << "byte value " << v;
  }
}

TEST(RandomBytes, EveryLengthAroundTheRefillIsFilledAndFresh) {
  // 480 output bytes per refill: lengths below, at and across it, and spanning several. From
  // 16 bytes on, two equal draws (or an all-zero one) would happen by chance with probability
  // below 2^-128; shorter draws are only taken, between the others, to move the buffer's
  // position.
  std::set<std::string> seen;
  const std::vector<size_t> lengths = {1, 16, 31, 32, 33, 3, 64, 479, 480, 481, 960, 1024, 5000};
  for (size_t n : lengths) {
    std::vector<uint8_t> a = Draw(n);
    std::vector<uint8_t> b = Draw(n);
    ASSERT_EQ(a.size(), n);
    if (n < 16) continue;
    EXPECT_NE(a, b) << n << " bytes drawn twice alike";
    EXPECT_TRUE(seen.insert(Str(a)).second) << n;
    EXPECT_TRUE(seen.insert(Str(b)).second) << n;
    EXPECT_NE(a, std::vector<uint8_t>(n, 0)) << n;
  }
  EXPECT_NO_FATAL_FAILURE(RandomBytes({}));
}

TEST(RandomBytes, OutputIsSpreadOverAllByteValues) {
  // Many small draws (as RandomScalar makes) and one large one.
  std::vector<uint8_t> small;
  for (int i = 0; i < 4096; ++i) {
    std::vector<uint8_t> d = Draw(64);
    small.insert(small.end(), d.begin(), d.end());
  }
  ExpectSpread(small);
  ExpectSpread(Draw(size_t{256} * 1024));
}

TEST(RandomBytes, ThreadsHaveTheirOwnStreams) {
  constexpr int kThreads = 4;
  std::vector<std::vector<uint8_t>> out(kThreads);
  std::vector<std::thread> pool;
  pool.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) pool.emplace_back([&out, t] { out[t] = Draw(64); });
  for (auto& th : pool) th.join();
  std::set<std::string> distinct;
  for (const auto& o : out) distinct.insert(Str(o));
  distinct.insert(Str(Draw(64)));
  EXPECT_EQ(distinct.size(), kThreads + 1u);
}

TEST(RandomBytes, AForkedChildDoesNotRepeatItsParent) {
  Draw(16);  // the parent's stream exists before the fork, with bytes left in its buffer
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::vector<uint8_t> child = Draw(64);
    const bool written = write(fds[1], child.data(), child.size()) == 64;
    _exit(written ? 0 : 1);
  }
  close(fds[1]);
  std::vector<uint8_t> parent = Draw(64);
  std::vector<uint8_t> child(64);
  ssize_t got = 0;
  while (got < 64) {
    const ssize_t n = read(fds[0], child.data() + got, 64 - got);
    ASSERT_GT(n, 0);
    got += n;
  }
  close(fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  // Without the reseed, both would be the next 64 bytes of one stream.
  EXPECT_NE(parent, child);
  EXPECT_NE(child, std::vector<uint8_t>(64, 0));
}

}  // namespace
}  // namespace urne

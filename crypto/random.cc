#include "crypto/random.h"

#include <pthread.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "crypto/ed25519.h"

namespace urne {
namespace {

constexpr size_t kKeyBytes = crypto_stream_chacha20_ietf_KEYBYTES;  // 32
constexpr size_t kBlockBytes = 512;  // one refill: the next key, then 480 bytes of output

// Bumped by every fork, in the parent and in the child: a thread whose state was seeded in
// another generation reseeds before its next output.
std::atomic<uint64_t> fork_generation{1};

void OnFork() { fork_generation.fetch_add(1, std::memory_order_relaxed); }

class Generator {
 public:
  Generator() = default;
  Generator(const Generator&) = delete;
  Generator& operator=(const Generator&) = delete;
  ~Generator() { sodium_memzero(this, sizeof(*this)); }

  void Fill(std::span<uint8_t> out) {
    if (generation_ != fork_generation.load(std::memory_order_relaxed)) Seed();
    size_t done = 0;
    while (done < out.size()) {
      if (left_ == 0) Refill();
      const size_t n = std::min(left_, out.size() - done);
      uint8_t* from = block_.data() + (kBlockBytes - left_);
      std::memcpy(out.data() + done, from, n);
      sodium_memzero(from, n);
      left_ -= n;
      done += n;
    }
  }

 private:
  void Seed() {
    // Registered once per process, before the first seed: children of later forks reseed.
    static const int registered = pthread_atfork(nullptr, OnFork, OnFork);
    if (registered != 0) std::abort();  // cannot happen but for lack of memory
    EnsureSodiumInitialized();
    generation_ = fork_generation.load(std::memory_order_relaxed);
    randombytes_buf(key_.data(), key_.size());
    sodium_memzero(block_.data(), block_.size());
    left_ = 0;
  }

  void Refill() {
    static constexpr std::array<uint8_t, crypto_stream_chacha20_ietf_NONCEBYTES> kNonce{};
    crypto_stream_chacha20_ietf(block_.data(), block_.size(), kNonce.data(), key_.data());
    std::memcpy(key_.data(), block_.data(), kKeyBytes);  // fast key erasure
    sodium_memzero(block_.data(), kKeyBytes);
    left_ = kBlockBytes - kKeyBytes;
  }

  std::array<uint8_t, kKeyBytes> key_{};
  std::array<uint8_t, kBlockBytes> block_{};
  size_t left_ = 0;          // output bytes not handed out yet: block_[kBlockBytes − left_, …)
  uint64_t generation_ = 0;  // 0: never seeded
};

thread_local Generator generator;

}  // namespace

void RandomBytes(std::span<uint8_t> out) { generator.Fill(out); }

}  // namespace urne

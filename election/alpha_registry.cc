#include "election/alpha_registry.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "status/status.h"

namespace urne {

AlphaRegistry::Key AlphaRegistry::KeyOf(const Element& alpha) {
  Bytes encoding = alpha.group().Encode(alpha);
  uint8_t digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, encoding.data(), encoding.size());
  Key key;
  std::copy(digest, digest + key.size(), key.begin());
  return key;
}

absl::StatusOr<std::vector<AlphaRegistry::Key>> AlphaRegistry::CheckFresh(
    const v1::Manifest& manifest, const BallotCiphertexts& ciphertexts) const {
  std::vector<Key> keys;
  // (question, option) of each key of this ballot, to name the earlier copy of a reuse.
  absl::flat_hash_map<Key, std::pair<size_t, size_t>> seen;
  auto name = [&](size_t q, size_t o) {
    const auto& question = manifest.questions(static_cast<int>(q));
    return Cat("question \"", question.id(), "\", option \"",
               question.options(static_cast<int>(o)).id(), "\"");
  };
  for (size_t q = 0; q < ciphertexts.size(); ++q) {
    for (size_t o = 0; o < ciphertexts[q].size(); ++o) {
      Key key = KeyOf(ciphertexts[q][o].alpha);
      if (Contains(key)) {
        return Error(absl::StatusCode::kAlreadyExists, "ballot.ciphertext_reused",
                     Cat(name(q, o),
                         ": this ciphertext's randomness (alpha) is already on the board in an "
                         "earlier ballot or audit; every ciphertext must be a fresh encryption"));
      }
      auto [same, fresh] = seen.emplace(key, std::make_pair(q, o));
      if (!fresh) {
        auto [q0, o0] = same->second;
        return Error(absl::StatusCode::kAlreadyExists, "ballot.ciphertext_reused",
                     Cat(name(q, o),
                         ": this ciphertext's randomness (alpha) is the same as that "
                         "of ",
                         name(q0, o0),
                         " of this ballot; every ciphertext must be a fresh "
                         "encryption"));
      }
      keys.push_back(key);
    }
  }
  return keys;
}

namespace {

using Key = AlphaRegistry::Key;
constexpr Key kEmpty{};

// Slots for `keys` keys at most 3/4 full.
size_t CapacityFor(size_t keys) { return std::max<size_t>(16, keys + keys / 3 + 1); }

}  // namespace

size_t AlphaRegistry::Find(const Key& key) const {
  uint64_t h = 0;
  std::memcpy(&h, key.data(), sizeof h);
  // (h · capacity) / 2^64: a uniform slot without a power-of-two capacity.
  auto i = static_cast<size_t>((static_cast<unsigned __int128>(h) * slots_.size()) >> 64);
  while (slots_[i] != kEmpty && slots_[i] != key) i = i + 1 == slots_.size() ? 0 : i + 1;
  return i;
}

bool AlphaRegistry::Contains(const Key& key) const {
  if (key == kEmpty) return zero_;
  return !slots_.empty() && slots_[Find(key)] == key;
}

void AlphaRegistry::Rehash(size_t capacity) {
  std::vector<Key> old;
  old.swap(slots_);
  slots_.assign(capacity, kEmpty);
  for (const Key& k : old) {
    if (k != kEmpty) slots_[Find(k)] = k;
  }
}

void AlphaRegistry::Reserve(size_t keys) {
  if (CapacityFor(keys) > slots_.size()) Rehash(CapacityFor(keys));
}

void AlphaRegistry::Add(const std::vector<Key>& keys) {
  for (const Key& key : keys) {
    if (key == kEmpty) {
      size_ += zero_ ? 0 : 1;
      zero_ = true;
      continue;
    }
    // Keep the table at most 3/4 full: grow by half again of what it holds.
    if (CapacityFor(size_ + 1) > slots_.size()) Rehash(CapacityFor(size_ + size_ / 2 + 1));
    Key& slot = slots_[Find(key)];
    if (slot == kEmpty) {
      slot = key;
      ++size_;
    }
  }
}

}  // namespace urne

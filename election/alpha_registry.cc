#include "election/alpha_registry.h"

#include <sodium.h>

#include <algorithm>

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
      if (keys_.contains(key)) {
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

void AlphaRegistry::Add(const std::vector<Key>& keys) { keys_.insert(keys.begin(), keys.end()); }

}  // namespace urne

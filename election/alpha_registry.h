// AlphaRegistry: every ciphertext randomness α = g^r posted to one election's board, in
// BALLOT and AUDIT entries alike, so that no ciphertext is counted or opened twice
// (specs/ballot.md §4 rule 6, §5). A ciphertext re-proved under fresh proofs, or under
// another credential, keeps its α: an audited ballot's ciphertexts cast again would count a
// vote whose plaintext is public, and a counted ballot's ciphertexts opened by a later AUDIT
// would publish a receipt of a counted vote. Equal α with another β also means the same
// nonce r, which leaks β/β' = K^{m−m'}.
//
// Each α is kept as the first 16 bytes of SHA-256 of its encoding (crypto.md §2), whatever
// the group (an eg4096 α is 512 bytes). Equal encodings always give equal keys; distinct ones
// collide only with a 128-bit second preimage of a group element whose discrete logarithm
// the poster knows (the range proofs prove knowledge of r), so comparing keys is comparing
// encodings. The keys live in one open-addressing table of 16-byte slots (linear probing on
// the key's first 8 bytes, uniform as SHA-256 output; at most 3/4 full): 21–43 bytes per
// ciphertext, and with Reserve exactly n·4/3·16 bytes and no rehash — what a verifier of a
// million ballots (15 million ciphertexts) can hold in its memory bound (issue #18).
// Not thread-safe; owned by ElectionState.
#ifndef URNE_ELECTION_ALPHA_REGISTRY_H_
#define URNE_ELECTION_ALPHA_REGISTRY_H_

#include <array>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "election/ballot.h"
#include "urne/v1/manifest.pb.h"

namespace urne {

class AlphaRegistry {
 public:
  using Key = std::array<uint8_t, 16>;

  // The key of one α: SHA-256(encoding of alpha)[0:16].
  static Key KeyOf(const Element& alpha);

  // The keys of every α of `ciphertexts` (per question, per option), if none is registered
  // and no two are equal. Otherwise ALREADY_EXISTS, reason "ballot.ciphertext_reused", the
  // message naming the question and option ids of the first reuse in ballot order (and, for
  // a reuse inside the ballot, the earlier question and option).
  absl::StatusOr<std::vector<Key>> CheckFresh(const v1::Manifest& manifest,
                                              const BallotCiphertexts& ciphertexts) const;
  // Registers keys returned by CheckFresh.
  void Add(const std::vector<Key>& keys);
  // Room for `keys` keys in all, allocated at once (no rehash, which holds the old and the
  // new table together, as the registry grows to them).
  void Reserve(size_t keys);

  bool Contains(const Key& key) const;
  size_t size() const { return size_; }

 private:
  // The slot where `key` is, or the empty slot where it would go.
  size_t Find(const Key& key) const;
  void Rehash(size_t capacity);

  // An all-zero slot is empty; the all-zero key itself is kept apart (zero_).
  std::vector<Key> slots_;
  size_t size_ = 0;
  bool zero_ = false;
};

}  // namespace urne

#endif  // URNE_ELECTION_ALPHA_REGISTRY_H_

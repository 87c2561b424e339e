// The Merkle log: the RFC 6962 §2.1 Merkle Tree Hash over SHA-256, with inclusion and
// consistency proofs and their verification (specs/board.md §"Merkle log").
//
//   LeafHash(d)    = SHA-256(0x00 ‖ d)
//   NodeHash(l, r) = SHA-256(0x01 ‖ l ‖ r)
//   MTH({})        = SHA-256("")
//   MTH(D[n])      = LeafHash(d(0))                                if n = 1
//                  = NodeHash(MTH(D[0:k]), MTH(D[k:n]))            otherwise, k the largest
//                                                                  power of two < n
//
// MerkleTree holds the leaf hashes of one log and every complete ("perfect") subtree hash, so
// appending costs O(1) amortised hashes, and Root, InclusionProof and ConsistencyProof for
// any size up to the current one cost O(log n) hashes. Memory: about 64 bytes per leaf.
// MerkleTree is a value owning its hashes; it is thread-compatible: const methods may run
// concurrently with each other, never concurrently with Append (the caller locks).
//
// The Verify… functions are the RFC 9162 §2.1.3.2 / §2.1.4.2 algorithms; they are pure and
// thread-safe, and run on untrusted proofs.
#ifndef URNE_CRYPTO_MERKLE_H_
#define URNE_CRYPTO_MERKLE_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crypto/bytes.h"
#include "crypto/transcript.h"

namespace urne {

// SHA-256(0x00 ‖ data): the hash of one log entry's bytes.
Digest32 LeafHash(ByteView data);
// SHA-256(0x01 ‖ left ‖ right): an interior node.
Digest32 NodeHash(const Digest32& left, const Digest32& right);
// SHA-256 of the empty string: the root of the empty tree.
Digest32 EmptyTreeHash();

class MerkleTree {
 public:
  MerkleTree() = default;

  // Appends a leaf hash (normally LeafHash(entry bytes)); the new leaf's index is the
  // previous Size().
  void Append(const Digest32& leaf_hash);

  // Number of leaves.
  uint64_t Size() const { return levels_.empty() ? 0 : levels_[0].size(); }

  // The leaf hash at `index`; requires index < Size().
  const Digest32& Leaf(uint64_t index) const { return levels_[0][index]; }

  // MTH of the first `size` leaves. Fails with OUT_OF_RANGE "merkle.bad_size" if
  // size > Size(). Root(0) is EmptyTreeHash().
  absl::StatusOr<Digest32> Root(uint64_t size) const;
  // MTH of all leaves.
  Digest32 Root() const;

  // PATH(index, D[size]) of RFC 6962 §2.1.1: the sibling hashes from the leaf up to the root,
  // the leaf's sibling first. Fails with INVALID_ARGUMENT "merkle.bad_index" if
  // index >= size, OUT_OF_RANGE "merkle.bad_size" if size > Size().
  absl::StatusOr<std::vector<Digest32>> InclusionProof(uint64_t index, uint64_t size) const;

  // PROOF(old_size, D[new_size]) of RFC 6962 §2.1.2; empty if old_size == new_size. Fails with
  // INVALID_ARGUMENT "merkle.bad_size" unless 0 < old_size <= new_size, OUT_OF_RANGE
  // "merkle.bad_size" if new_size > Size().
  absl::StatusOr<std::vector<Digest32>> ConsistencyProof(uint64_t old_size,
                                                         uint64_t new_size) const;

 private:
  // MTH(D[start : start+size]) for 1 <= size, start+size <= Size(), where the range is either
  // a perfect subtree or the right part of an RFC 6962 split.
  Digest32 SubtreeHash(uint64_t start, uint64_t size) const;
  void Path(uint64_t index, uint64_t start, uint64_t size, std::vector<Digest32>& out) const;
  void SubProof(uint64_t m, uint64_t start, uint64_t size, bool complete,
                std::vector<Digest32>& out) const;

  // levels_[h][i] = MTH of leaves [i·2^h, (i+1)·2^h); levels_[0] holds the leaf hashes.
  std::vector<std::vector<Digest32>> levels_;
};

// The root of a growing log without its leaves: a running stack of the roots of its perfect
// subtrees (one per set bit of the size, largest first), so O(log n) memory and O(1)
// amortised hashes per Append. Root() is MerkleTree::Root() of the same leaves. For a
// verifier that reads a log once (issue #18). A value; thread-compatible.
class MerkleFrontier {
 public:
  void Append(const Digest32& leaf_hash);
  uint64_t Size() const { return size_; }
  // MTH of the leaves so far (EmptyTreeHash() for none).
  Digest32 Root() const;

 private:
  uint64_t size_ = 0;
  std::vector<Digest32> stack_;
};

// RFC 9162 §2.1.3.2: checks that `leaf_hash` is the leaf at `index` of the tree of `size`
// leaves whose root is `root`, given `path` = InclusionProof(index, size).
// Errors (INVALID_ARGUMENT): "merkle.bad_index" if index >= size; "merkle.inclusion.invalid"
// if the path has the wrong length or does not lead to `root`.
[[nodiscard]] absl::Status VerifyInclusion(const Digest32& leaf_hash, uint64_t index, uint64_t size,
                                           std::span<const Digest32> path, const Digest32& root);

// RFC 9162 §2.1.4.2: checks that the tree of `old_size` leaves with root `old_root` is a
// prefix of the tree of `new_size` leaves with root `new_root`, given
// `proof` = ConsistencyProof(old_size, new_size). When old_size == new_size the proof must
// be empty and the roots equal.
// Errors (INVALID_ARGUMENT): "merkle.bad_size" unless 0 < old_size <= new_size;
// "merkle.consistency.invalid" if the proof has the wrong length or does not reproduce
// both roots.
[[nodiscard]] absl::Status VerifyConsistency(uint64_t old_size, uint64_t new_size,
                                             const Digest32& old_root, const Digest32& new_root,
                                             std::span<const Digest32> proof);

// Decodes a SHA-256 hash of the log (a root, a leaf hash, a hash of a path or proof) from
// untrusted bytes. Error INVALID_ARGUMENT with the caller's `reason` (which check it serves,
// e.g. "merkle.inclusion.invalid") unless exactly 32 bytes; never pads nor truncates.
absl::StatusOr<Digest32> DecodeDigest(ByteView bytes, std::string_view reason);

// Decodes every hash of an inclusion path or consistency proof as received (a range of byte
// strings, such as a protobuf repeated bytes field), with DecodeDigest's rule and `reason`
// for the first hash of the wrong length. This and DecodeDigest are the only decoders of
// hashes received from elsewhere.
template <typename Strings>
absl::StatusOr<std::vector<Digest32>> DecodeMerklePath(const Strings& hashes,
                                                       std::string_view reason) {
  std::vector<Digest32> out;
  for (const auto& h : hashes) {
    absl::StatusOr<Digest32> d = DecodeDigest(AsBytes(h), reason);
    if (!d.ok()) return d.status();
    out.push_back(*d);
  }
  return out;
}

}  // namespace urne

#endif  // URNE_CRYPTO_MERKLE_H_

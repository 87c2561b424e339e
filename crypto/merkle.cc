#include "crypto/merkle.h"

#include <algorithm>
#include <bit>
#include <string_view>

#include "status/status.h"

namespace urne {
namespace {

// The split point k of RFC 6962 §2.1: the largest power of two strictly smaller than n >= 2.
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

absl::Status BadSize(absl::StatusCode code, std::string_view message) {
  return Error(code, "merkle.bad_size", message);
}

}  // namespace

Digest32 LeafHash(ByteView data) {
  static constexpr uint8_t kLeafPrefix[1] = {0x00};
  return Sha256(kLeafPrefix, data);
}

Digest32 NodeHash(const Digest32& left, const Digest32& right) {
  uint8_t buffer[1 + 32 + 32];
  buffer[0] = 0x01;
  std::copy(left.begin(), left.end(), buffer + 1);
  std::copy(right.begin(), right.end(), buffer + 33);
  return Sha256(buffer);
}

Digest32 EmptyTreeHash() { return Sha256(ByteView()); }

void MerkleTree::Append(const Digest32& leaf_hash) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf_hash);
  // Completing a left-right pair at level h completes a perfect subtree at level h+1.
  for (size_t h = 0; levels_[h].size() % 2 == 0; ++h) {
    if (levels_.size() == h + 1) levels_.emplace_back();
    const auto& level = levels_[h];
    Digest32 parent = NodeHash(level[level.size() - 2], level[level.size() - 1]);
    levels_[h + 1].push_back(parent);
  }
}

void MerkleFrontier::Append(const Digest32& leaf_hash) {
  Digest32 node = leaf_hash;
  // Each trailing 1 bit of the old size is a perfect subtree that the new leaf completes:
  // it is the left sibling of the node built so far.
  for (uint64_t n = size_; n & 1; n >>= 1) {
    node = NodeHash(stack_.back(), node);
    stack_.pop_back();
  }
  stack_.push_back(node);
  ++size_;
}

Digest32 MerkleFrontier::Root() const {
  if (stack_.empty()) return EmptyTreeHash();
  // RFC 6962's split puts the largest perfect subtree on the left at every level: fold the
  // subtree roots from the right.
  Digest32 root = stack_.back();
  for (size_t i = stack_.size() - 1; i-- > 0;) root = NodeHash(stack_[i], root);
  return root;
}

Digest32 MerkleTree::SubtreeHash(uint64_t start, uint64_t size) const {
  if (size > 0 && std::has_single_bit(size) && start % size == 0) {
    return levels_[std::countr_zero(size)][start / size];
  }
  // Only the right spine of a split is ever imperfect, so this recursion is O(log n) deep
  // and every left call is a table look-up.
  const uint64_t k = SplitPoint(size);
  return NodeHash(SubtreeHash(start, k), SubtreeHash(start + k, size - k));
}

absl::StatusOr<Digest32> MerkleTree::Root(uint64_t size) const {
  if (size > Size()) {
    return BadSize(absl::StatusCode::kOutOfRange,
                   Cat("tree size ", size, " requested but the log has only ", Size(),
                       " leaves; ask for a size up to the current one"));
  }
  if (size == 0) return EmptyTreeHash();
  return SubtreeHash(0, size);
}

Digest32 MerkleTree::Root() const { return Size() == 0 ? EmptyTreeHash() : SubtreeHash(0, Size()); }

// PATH(m, D[start : start+size]) of RFC 6962 §2.1.1, appended to `out` leaf-sibling first.
void MerkleTree::Path(uint64_t index, uint64_t start, uint64_t size,
                      std::vector<Digest32>& out) const {
  if (size == 1) return;
  const uint64_t k = SplitPoint(size);
  if (index < k) {
    Path(index, start, k, out);
    out.push_back(SubtreeHash(start + k, size - k));
  } else {
    Path(index - k, start + k, size - k, out);
    out.push_back(SubtreeHash(start, k));
  }
}

absl::StatusOr<std::vector<Digest32>> MerkleTree::InclusionProof(uint64_t index,
                                                                 uint64_t size) const {
  if (size > Size()) {
    return BadSize(absl::StatusCode::kOutOfRange,
                   Cat("inclusion proof requested for tree size ", size, " but the log has only ",
                       Size(), " leaves"));
  }
  if (index >= size) {
    return Invalid("merkle.bad_index", Cat("leaf index ", index, " is not in a tree of ", size,
                                           " leaves; the index must be below the tree size"));
  }
  std::vector<Digest32> path;
  Path(index, 0, size, path);
  return path;
}

// SUBPROOF(m, D[start : start+size], complete) of RFC 6962 §2.1.2, appended to `out`.
void MerkleTree::SubProof(uint64_t m, uint64_t start, uint64_t size, bool complete,
                          std::vector<Digest32>& out) const {
  if (m == size) {
    if (!complete) out.push_back(SubtreeHash(start, size));
    return;
  }
  const uint64_t k = SplitPoint(size);
  if (m <= k) {
    SubProof(m, start, k, complete, out);
    out.push_back(SubtreeHash(start + k, size - k));
  } else {
    SubProof(m - k, start + k, size - k, false, out);
    out.push_back(SubtreeHash(start, k));
  }
}

absl::StatusOr<std::vector<Digest32>> MerkleTree::ConsistencyProof(uint64_t old_size,
                                                                   uint64_t new_size) const {
  if (new_size > Size()) {
    return BadSize(absl::StatusCode::kOutOfRange,
                   Cat("consistency proof requested up to tree size ", new_size,
                       " but the log has only ", Size(), " leaves"));
  }
  if (old_size == 0 || old_size > new_size) {
    return BadSize(absl::StatusCode::kInvalidArgument,
                   Cat("consistency proof from size ", old_size, " to size ", new_size,
                       " is undefined; it needs 0 < old size <= new size"));
  }
  std::vector<Digest32> proof;
  SubProof(old_size, 0, new_size, true, proof);
  return proof;
}

// RFC 9162 §2.1.3.2, in its notation: fn, sn, r.
absl::Status VerifyInclusion(const Digest32& leaf_hash, uint64_t index, uint64_t size,
                             std::span<const Digest32> path, const Digest32& root) {
  if (index >= size) {
    return Invalid("merkle.bad_index", Cat("leaf index ", index, " is not in a tree of ", size,
                                           " leaves; the index must be below the tree size"));
  }
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Digest32 r = leaf_hash;
  for (const Digest32& p : path) {
    if (sn == 0) {
      return Invalid("merkle.inclusion.invalid",
                     Cat("inclusion path for leaf ", index, " in a tree of ", size,
                         " leaves is too long (", path.size(), " hashes)"));
    }
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return Invalid("merkle.inclusion.invalid",
                   Cat("inclusion path for leaf ", index, " in a tree of ", size,
                       " leaves is too short (", path.size(), " hashes)"));
  }
  if (r != root) {
    return Invalid("merkle.inclusion.invalid",
                   Cat("inclusion path for leaf ", index, " in a tree of ", size,
                       " leaves does not lead to the given root: the leaf, the path or the "
                       "tree head is wrong"));
  }
  return absl::OkStatus();
}

// RFC 9162 §2.1.4.2, in its notation: fn, sn, fr, sr.
absl::Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Digest32& old_root,
                               const Digest32& new_root, std::span<const Digest32> proof) {
  if (old_size == 0 || old_size > new_size) {
    return BadSize(absl::StatusCode::kInvalidArgument,
                   Cat("consistency from size ", old_size, " to size ", new_size,
                       " is undefined; it needs 0 < old size <= new size"));
  }
  auto invalid = [&](std::string_view why) {
    return Invalid("merkle.consistency.invalid",
                   Cat("consistency proof from size ", old_size, " to size ", new_size, " ", why));
  };
  if (old_size == new_size) {
    if (!proof.empty()) return invalid("must be empty for equal sizes");
    if (old_root != new_root) return invalid("fails: equal sizes but different roots");
    return absl::OkStatus();
  }
  if (proof.empty()) return invalid("is empty");

  // Step 2: if old_size is a power of two, the old root is the first node of the path.
  const bool prepend = std::has_single_bit(old_size);
  const size_t length = proof.size() + (prepend ? 1 : 0);
  auto node = [&](size_t i) -> const Digest32& {
    return prepend ? (i == 0 ? old_root : proof[i - 1]) : proof[i];
  };
  uint64_t fn = old_size - 1;
  uint64_t sn = new_size - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Digest32 fr = node(0);
  Digest32 sr = node(0);
  for (size_t i = 1; i < length; ++i) {
    const Digest32& c = node(i);
    if (sn == 0) return invalid(Cat("is too long (", proof.size(), " hashes)"));
    if ((fn & 1) == 1 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return invalid(Cat("is too short (", proof.size(), " hashes)"));
  if (fr != old_root) return invalid("does not reproduce the old root");
  if (sr != new_root) return invalid("does not reproduce the new root");
  return absl::OkStatus();
}

absl::StatusOr<Digest32> DecodeDigest(ByteView bytes, std::string_view reason) {
  Digest32 out;
  if (bytes.size() != out.size()) {
    return Invalid(reason, Cat("a hash of the log is ", out.size(), " bytes, got ", bytes.size()));
  }
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

}  // namespace urne

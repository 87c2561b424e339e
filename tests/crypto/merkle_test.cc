// Tests for crypto/merkle.h against an independent, literal transcription of RFC 6962 §2.1
// (MTH, PATH, PROOF over a list of entries) and the known roots of the RFC 6962 reference
// test tree (certificate-transparency's merkle tree tests, recomputed here with Python's
// hashlib from the definition).
#include "crypto/merkle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/bytes.h"
#include "crypto/transcript.h"
#include "status/status.h"

namespace urne {
namespace {

// ---- Reference implementation: the RFC's recursive definitions over entry bytes. ----

Digest32 RefLeaf(const Bytes& d) {
  Bytes in = {0x00};
  in.insert(in.end(), d.begin(), d.end());
  return Sha256(in);
}

Digest32 RefNode(const Digest32& l, const Digest32& r) {
  Bytes in = {0x01};
  in.insert(in.end(), l.begin(), l.end());
  in.insert(in.end(), r.begin(), r.end());
  return Sha256(in);
}

uint64_t RefSplit(uint64_t n) {
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

using Entries = std::vector<Bytes>;

Entries Slice(const Entries& d, uint64_t from, uint64_t to) {
  return Entries(d.begin() + static_cast<std::ptrdiff_t>(from),
                 d.begin() + static_cast<std::ptrdiff_t>(to));
}

Digest32 RefMth(const Entries& d) {
  if (d.empty()) return Sha256(ByteView());
  if (d.size() == 1) return RefLeaf(d[0]);
  const uint64_t k = RefSplit(d.size());
  return RefNode(RefMth(Slice(d, 0, k)), RefMth(Slice(d, k, d.size())));
}

std::vector<Digest32> RefPath(uint64_t m, const Entries& d) {
  if (d.size() <= 1) return {};
  const uint64_t k = RefSplit(d.size());
  std::vector<Digest32> out;
  if (m < k) {
    out = RefPath(m, Slice(d, 0, k));
    out.push_back(RefMth(Slice(d, k, d.size())));
  } else {
    out = RefPath(m - k, Slice(d, k, d.size()));
    out.push_back(RefMth(Slice(d, 0, k)));
  }
  return out;
}

std::vector<Digest32> RefSubProof(uint64_t m, const Entries& d, bool b) {
  if (m == d.size()) {
    if (b) return {};
    return {RefMth(d)};
  }
  const uint64_t k = RefSplit(d.size());
  std::vector<Digest32> out;
  if (m <= k) {
    out = RefSubProof(m, Slice(d, 0, k), b);
    out.push_back(RefMth(Slice(d, k, d.size())));
  } else {
    out = RefSubProof(m - k, Slice(d, k, d.size()), false);
    out.push_back(RefMth(Slice(d, 0, k)));
  }
  return out;
}

// ---- Fixtures. ----

Entries MakeEntries(uint64_t n) {
  Entries d;
  for (uint64_t i = 0; i < n; ++i) {
    std::string s = Cat("entry #", i);
    d.emplace_back(s.begin(), s.end());
  }
  return d;
}

MerkleTree TreeOf(const Entries& d) {
  MerkleTree tree;
  for (const Bytes& e : d) tree.Append(LeafHash(e));
  return tree;
}

Digest32 Flip(Digest32 h, size_t byte = 0) {
  h[byte] ^= 0x01;
  return h;
}

std::string Hex(const Digest32& h) { return ToHex(h); }

constexpr uint64_t kMaxSize = 40;

// ---- Hashes and roots. ----

TEST(MerkleHash, EmptyTreeIsSha256OfEmptyString) {
  EXPECT_EQ(Hex(EmptyTreeHash()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  MerkleTree tree;
  EXPECT_EQ(tree.Size(), 0u);
  EXPECT_EQ(tree.Root(), EmptyTreeHash());
  EXPECT_EQ(*tree.Root(0), EmptyTreeHash());
}

TEST(MerkleHash, LeafAndNodePrefixes) {
  // SHA-256(0x00) and SHA-256(0x00 ‖ 0x00) are well-known values.
  EXPECT_EQ(Hex(LeafHash({})), "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  const Bytes data = {1, 2, 3};
  EXPECT_EQ(LeafHash(data), RefLeaf(data));
  const Digest32 l = LeafHash(AsBytes("l"));
  const Digest32 r = LeafHash(AsBytes("r"));
  EXPECT_EQ(NodeHash(l, r), RefNode(l, r));
  EXPECT_NE(NodeHash(l, r), NodeHash(r, l));
  // A leaf whose bytes are l ‖ r does not collide with the node (domain separation).
  Bytes concat(l.begin(), l.end());
  concat.insert(concat.end(), r.begin(), r.end());
  EXPECT_NE(LeafHash(concat), NodeHash(l, r));
}

TEST(MerkleTree, KnownRootsOfTheRfc6962ReferenceTree) {
  const Entries d = {{},
                     {0x00},
                     {0x10},
                     {0x20, 0x21},
                     {0x30, 0x31},
                     {0x40, 0x41, 0x42, 0x43},
                     {0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57},
                     {0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c,
                      0x6d, 0x6e, 0x6f}};
  const char* roots[] = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  };
  const MerkleTree tree = TreeOf(d);
  for (uint64_t n = 1; n <= d.size(); ++n) {
    EXPECT_EQ(Hex(*tree.Root(n)), roots[n - 1]) << "size " << n;
    EXPECT_EQ(Hex(RefMth(Slice(d, 0, n))), roots[n - 1]) << "reference, size " << n;
  }
  EXPECT_EQ(Hex(tree.Root()), roots[7]);
}

TEST(MerkleTree, RootOfEveryPrefixMatchesTheDefinition) {
  const Entries d = MakeEntries(kMaxSize);
  MerkleTree growing;
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    growing.Append(LeafHash(d[n - 1]));
    const Digest32 expected = RefMth(Slice(d, 0, n));
    EXPECT_EQ(growing.Root(), expected) << "size " << n;
    EXPECT_EQ(growing.Leaf(n - 1), RefLeaf(d[n - 1]));
  }
  // Historical roots from the full tree.
  for (uint64_t n = 0; n <= kMaxSize; ++n) {
    EXPECT_EQ(*growing.Root(n), RefMth(Slice(d, 0, n))) << "size " << n;
  }
}

TEST(MerkleFrontier, RootOfEveryPrefixMatchesTheDefinition) {
  const Entries d = MakeEntries(kMaxSize);
  MerkleFrontier frontier;
  EXPECT_EQ(frontier.Root(), EmptyTreeHash());
  EXPECT_EQ(frontier.Size(), 0u);
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    frontier.Append(LeafHash(d[n - 1]));
    EXPECT_EQ(frontier.Size(), n);
    EXPECT_EQ(frontier.Root(), RefMth(Slice(d, 0, n))) << "size " << n;
  }
}

TEST(MerkleFrontier, KnownRootsOfTheRfc6962ReferenceTree) {
  const Entries d = {{}, {0x00}, {0x10}, {0x20, 0x21}, {0x30, 0x31}};
  const char* roots[] = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  };
  MerkleFrontier frontier;
  for (size_t n = 0; n < d.size(); ++n) {
    frontier.Append(LeafHash(d[n]));
    EXPECT_EQ(Hex(frontier.Root()), roots[n]) << "size " << n + 1;
  }
}

TEST(MerkleTree, RootBeyondSizeIsRefused) {
  const MerkleTree tree = TreeOf(MakeEntries(5));
  auto root = tree.Root(6);
  ASSERT_FALSE(root.ok());
  EXPECT_EQ(root.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ReasonOf(root.status()), "merkle.bad_size");
}

// ---- Inclusion. ----

TEST(MerkleInclusion, EveryProofMatchesTheDefinitionAndVerifies) {
  const Entries d = MakeEntries(kMaxSize);
  const MerkleTree tree = TreeOf(d);
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    const Entries prefix = Slice(d, 0, n);
    const Digest32 root = *tree.Root(n);
    for (uint64_t i = 0; i < n; ++i) {
      auto path = tree.InclusionProof(i, n);
      ASSERT_TRUE(path.ok()) << path.status();
      EXPECT_EQ(*path, RefPath(i, prefix)) << "index " << i << " size " << n;
      EXPECT_TRUE(VerifyInclusion(LeafHash(d[i]), i, n, *path, root).ok())
          << "index " << i << " size " << n;
    }
  }
}

TEST(MerkleInclusion, SingleLeafTreeHasEmptyPath) {
  const Entries d = MakeEntries(1);
  const MerkleTree tree = TreeOf(d);
  auto path = tree.InclusionProof(0, 1);
  ASSERT_TRUE(path.ok());
  EXPECT_TRUE(path->empty());
  EXPECT_TRUE(VerifyInclusion(LeafHash(d[0]), 0, 1, *path, tree.Root()).ok());
  EXPECT_EQ(ReasonOf(VerifyInclusion(LeafHash(AsBytes("other")), 0, 1, *path, tree.Root())),
            "merkle.inclusion.invalid");
}

void ExpectInclusionInvalid(const absl::Status& status, const std::string& what) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << what;
  EXPECT_EQ(ReasonOf(status), "merkle.inclusion.invalid") << what;
}

TEST(MerkleInclusion, EveryTamperingIsRejected) {
  const Entries d = MakeEntries(kMaxSize);
  const MerkleTree tree = TreeOf(d);
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    const Digest32 root = *tree.Root(n);
    for (uint64_t i = 0; i < n; ++i) {
      const std::string at = Cat("index ", i, " size ", n);
      const std::vector<Digest32> path = *tree.InclusionProof(i, n);
      const Digest32 leaf = LeafHash(d[i]);
      // Wrong leaf: a different entry, and the raw entry hash without the leaf prefix.
      ExpectInclusionInvalid(VerifyInclusion(LeafHash(d[(i + 1) % kMaxSize]), i, n, path, root),
                             at + " other leaf");
      ExpectInclusionInvalid(VerifyInclusion(Sha256(d[i]), i, n, path, root), at + " no prefix");
      // Wrong root.
      ExpectInclusionInvalid(VerifyInclusion(leaf, i, n, path, Flip(root, 31)), at + " root");
      // Wrong index in the same tree.
      for (uint64_t j = 0; j < n; ++j) {
        if (j == i) continue;
        ExpectInclusionInvalid(VerifyInclusion(leaf, j, n, path, root), at + Cat(" as ", j));
      }
      // Wrong size, with the root of that size (a tree head that does exist).
      for (uint64_t m = i + 1; m <= kMaxSize; ++m) {
        if (m == n) continue;
        ExpectInclusionInvalid(VerifyInclusion(leaf, i, m, path, *tree.Root(m)),
                               at + Cat(" claimed size ", m));
      }
      // Each path element altered.
      for (size_t k = 0; k < path.size(); ++k) {
        std::vector<Digest32> bad = path;
        bad[k] = Flip(bad[k], k % 32);
        ExpectInclusionInvalid(VerifyInclusion(leaf, i, n, bad, root), at + Cat(" elem ", k));
      }
      // Truncated, extended, and swapped paths.
      if (!path.empty()) {
        std::vector<Digest32> shorter(path.begin(), path.end() - 1);
        ExpectInclusionInvalid(VerifyInclusion(leaf, i, n, shorter, root), at + " truncated");
      }
      std::vector<Digest32> longer = path;
      longer.push_back(root);
      ExpectInclusionInvalid(VerifyInclusion(leaf, i, n, longer, root), at + " extended");
      if (path.size() >= 2) {
        std::vector<Digest32> swapped = path;
        std::swap(swapped[0], swapped[1]);
        ExpectInclusionInvalid(VerifyInclusion(leaf, i, n, swapped, root), at + " swapped");
      }
    }
  }
}

TEST(MerkleInclusion, IndexAtOrBeyondSizeIsRefused) {
  const MerkleTree tree = TreeOf(MakeEntries(8));
  for (uint64_t index : {8u, 9u, 1000u}) {
    auto path = tree.InclusionProof(index, 8);
    ASSERT_FALSE(path.ok());
    EXPECT_EQ(path.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ReasonOf(path.status()), "merkle.bad_index");
    const absl::Status status = VerifyInclusion(tree.Leaf(0), index, 8, {}, tree.Root());
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ReasonOf(status), "merkle.bad_index");
  }
  EXPECT_EQ(ReasonOf(VerifyInclusion(tree.Leaf(0), 0, 0, {}, EmptyTreeHash())), "merkle.bad_index");
  auto beyond = tree.InclusionProof(0, 9);
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ReasonOf(beyond.status()), "merkle.bad_size");
}

// ---- Consistency. ----

TEST(MerkleConsistency, EveryProofMatchesTheDefinitionAndVerifies) {
  const Entries d = MakeEntries(kMaxSize);
  const MerkleTree tree = TreeOf(d);
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    const Entries prefix = Slice(d, 0, n);
    for (uint64_t m = 1; m <= n; ++m) {
      auto proof = tree.ConsistencyProof(m, n);
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_EQ(*proof, RefSubProof(m, prefix, true)) << "m " << m << " n " << n;
      EXPECT_TRUE(VerifyConsistency(m, n, *tree.Root(m), *tree.Root(n), *proof).ok())
          << "m " << m << " n " << n;
    }
  }
}

TEST(MerkleConsistency, EqualSizesNeedAnEmptyProofAndEqualRoots) {
  const MerkleTree tree = TreeOf(MakeEntries(6));
  const Digest32 root = *tree.Root(6);
  auto proof = tree.ConsistencyProof(6, 6);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(proof->empty());
  EXPECT_TRUE(VerifyConsistency(6, 6, root, root, {}).ok());
  EXPECT_EQ(ReasonOf(VerifyConsistency(6, 6, root, Flip(root), {})), "merkle.consistency.invalid");
  const std::vector<Digest32> one = {root};
  EXPECT_EQ(ReasonOf(VerifyConsistency(6, 6, root, root, one)), "merkle.consistency.invalid");
}

void ExpectConsistencyInvalid(const absl::Status& status, const std::string& what) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << what;
  EXPECT_EQ(ReasonOf(status), "merkle.consistency.invalid") << what;
}

TEST(MerkleConsistency, EveryTamperingIsRejected) {
  const Entries d = MakeEntries(kMaxSize);
  const MerkleTree tree = TreeOf(d);
  // A different log sharing nothing with `tree`.
  Entries other_entries = MakeEntries(kMaxSize);
  for (Bytes& e : other_entries) e.push_back('!');
  const MerkleTree other = TreeOf(other_entries);
  for (uint64_t n = 2; n <= kMaxSize; ++n) {
    const Digest32 new_root = *tree.Root(n);
    for (uint64_t m = 1; m < n; ++m) {
      const std::string at = Cat("m ", m, " n ", n);
      const Digest32 old_root = *tree.Root(m);
      const std::vector<Digest32> proof = *tree.ConsistencyProof(m, n);
      ExpectConsistencyInvalid(VerifyConsistency(m, n, Flip(old_root), new_root, proof),
                               at + " old root");
      ExpectConsistencyInvalid(VerifyConsistency(m, n, old_root, Flip(new_root, 7), proof),
                               at + " new root");
      ExpectConsistencyInvalid(VerifyConsistency(m, n, *other.Root(m), new_root, proof),
                               at + " foreign old root");
      ExpectConsistencyInvalid(VerifyConsistency(m, n, old_root, *other.Root(n), proof),
                               at + " foreign new root");
      // Wrong sizes, each with the genuine root of that size.
      for (uint64_t m2 = 1; m2 < n; ++m2) {
        if (m2 == m) continue;
        ExpectConsistencyInvalid(VerifyConsistency(m2, n, *tree.Root(m2), new_root, proof),
                                 at + Cat(" claimed old size ", m2));
      }
      for (uint64_t n2 = m + 1; n2 <= kMaxSize; ++n2) {
        if (n2 == n) continue;
        ExpectConsistencyInvalid(VerifyConsistency(m, n2, old_root, *tree.Root(n2), proof),
                                 at + Cat(" claimed new size ", n2));
      }
      for (size_t k = 0; k < proof.size(); ++k) {
        std::vector<Digest32> bad = proof;
        bad[k] = Flip(bad[k], k % 32);
        ExpectConsistencyInvalid(VerifyConsistency(m, n, old_root, new_root, bad),
                                 at + Cat(" elem ", k));
      }
      std::vector<Digest32> shorter(proof.begin(), proof.end() - 1);
      ExpectConsistencyInvalid(VerifyConsistency(m, n, old_root, new_root, shorter),
                               at + " truncated");
      std::vector<Digest32> longer = proof;
      longer.push_back(new_root);
      ExpectConsistencyInvalid(VerifyConsistency(m, n, old_root, new_root, longer),
                               at + " extended");
      if (proof.size() >= 2) {
        std::vector<Digest32> swapped = proof;
        std::swap(swapped[0], swapped[1]);
        ExpectConsistencyInvalid(VerifyConsistency(m, n, old_root, new_root, swapped),
                                 at + " swapped");
      }
    }
  }
}

TEST(MerkleConsistency, BadSizesAreRefused) {
  const MerkleTree tree = TreeOf(MakeEntries(8));
  const Digest32 root = tree.Root();
  auto zero = tree.ConsistencyProof(0, 8);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(zero.status()), "merkle.bad_size");
  auto backwards = tree.ConsistencyProof(5, 4);
  ASSERT_FALSE(backwards.ok());
  EXPECT_EQ(ReasonOf(backwards.status()), "merkle.bad_size");
  auto beyond = tree.ConsistencyProof(4, 9);
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ReasonOf(beyond.status()), "merkle.bad_size");

  const absl::Status from_zero = VerifyConsistency(0, 8, EmptyTreeHash(), root, {});
  EXPECT_EQ(from_zero.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(from_zero), "merkle.bad_size");
  const std::vector<Digest32> proof = *tree.ConsistencyProof(4, 8);
  EXPECT_EQ(ReasonOf(VerifyConsistency(8, 4, root, *tree.Root(4), proof)), "merkle.bad_size");
  EXPECT_EQ(ReasonOf(VerifyConsistency(4, 8, *tree.Root(4), root, {})),
            "merkle.consistency.invalid");
}

// ---- Scale: a large tree stays correct (timings live in bench/, not here). ----

TEST(MerkleTree, LargeTreeProofsVerify) {
  constexpr uint64_t kLeaves = 100'003;
  MerkleTree tree;
  Digest32 leaf{};
  for (uint64_t i = 0; i < kLeaves; ++i) {
    leaf[0] = static_cast<uint8_t>(i);
    leaf[1] = static_cast<uint8_t>(i >> 8);
    leaf[2] = static_cast<uint8_t>(i >> 16);
    tree.Append(leaf);
  }
  const Digest32 root = tree.Root();
  for (uint64_t i : std::vector<uint64_t>{0, 1, 65'535, 65'536, 99'999, kLeaves - 1}) {
    auto path = tree.InclusionProof(i, kLeaves);
    ASSERT_TRUE(path.ok());
    EXPECT_LE(path->size(), 17u);
    EXPECT_TRUE(VerifyInclusion(tree.Leaf(i), i, kLeaves, *path, root).ok()) << i;
  }
  for (uint64_t m : std::vector<uint64_t>{1, 3, 65'536, 77'777, kLeaves - 1}) {
    auto proof = tree.ConsistencyProof(m, kLeaves);
    ASSERT_TRUE(proof.ok());
    EXPECT_TRUE(VerifyConsistency(m, kLeaves, *tree.Root(m), root, *proof).ok()) << m;
  }
}

// The one decoder of received hashes: exactly 32 bytes, else the caller's reason; a short
// hash is never zero-filled and a long one never truncated.
TEST(MerkleDecode, DigestOfExactly32BytesOnly) {
  std::string good(32, '\x5a');
  auto d = DecodeDigest(AsBytes(good), "merkle.inclusion.invalid");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(std::string(d->begin(), d->end()), good);
  for (size_t n : {size_t{0}, size_t{1}, size_t{31}, size_t{33}, size_t{64}}) {
    absl::StatusOr<Digest32> bad = DecodeDigest(AsBytes(std::string(n, '\0')), "test.reason");
    EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument) << n;
    EXPECT_EQ(ReasonOf(bad.status()), "test.reason") << n;
  }
}

TEST(MerkleDecode, PathRefusesAnyHashOfTheWrongLength) {
  MerkleTree tree;
  for (int i = 0; i < 5; ++i) tree.Append(LeafHash(Bytes{static_cast<uint8_t>(i)}));
  auto path = tree.InclusionProof(2, 5);
  ASSERT_TRUE(path.ok());
  std::vector<std::string> wire;
  for (const Digest32& h : *path) wire.emplace_back(h.begin(), h.end());
  auto decoded = DecodeMerklePath(wire, "merkle.inclusion.invalid");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, *path);
  EXPECT_TRUE(VerifyInclusion(tree.Leaf(2), 2, 5, *decoded, *tree.Root(5)).ok());
  for (size_t k = 0; k < wire.size(); ++k) {
    for (int delta : {-1, +1}) {
      std::vector<std::string> bad = wire;
      if (delta < 0) bad[k].pop_back();
      if (delta > 0) bad[k].push_back('\0');
      auto refused = DecodeMerklePath(bad, "merkle.inclusion.invalid");
      EXPECT_EQ(ReasonOf(refused.status()), "merkle.inclusion.invalid") << k << " " << delta;
    }
  }
  EXPECT_TRUE(DecodeMerklePath(std::vector<std::string>{}, "x").ok());  // an empty path
}

}  // namespace
}  // namespace urne

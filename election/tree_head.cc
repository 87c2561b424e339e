#include "election/tree_head.h"

#include "crypto/merkle.h"
#include "crypto/transcript.h"
#include "election/entry.h"
#include "status/status.h"
#include "urne/v1/manifest.pb.h"

namespace urne {

Bytes TreeHeadSigningBytes(const v1::SignedTreeHead& head) {
  return Transcript("urne/v1/tree-head")
      .Append("election", AsBytes(head.election_id()))
      .AppendU64("size", head.tree_size())
      .Append("root", AsBytes(head.root_hash()))
      .AppendU64("timestamp_ms", static_cast<uint64_t>(head.timestamp_ms()))
      .Append("board", AsBytes(head.board_key()))
      .bytes();
}

void SignTreeHead(v1::SignedTreeHead& head, const SigningKey& board_key) {
  PublicKey pk = board_key.public_key();
  head.set_board_key(pk.bytes.data(), pk.bytes.size());
  Bytes sig = board_key.Sign(TreeHeadSigningBytes(head));
  head.set_signature(sig.data(), sig.size());
}

absl::Status VerifyTreeHeadSignature(const v1::SignedTreeHead& head) {
  if (head.election_id().size() != 32 || head.root_hash().size() != 32) {
    return Invalid("tree_head.malformed", "a tree head has a 32-byte election id and root");
  }
  URNE_ASSIGN_OR_RETURN(PublicKey key, ParsePublicKey(AsBytes(head.board_key())));
  return WithContext(Verify(key, TreeHeadSigningBytes(head), AsBytes(head.signature())),
                     "tree head: ");
}

absl::Status VerifyTreeHead(const v1::SignedTreeHead& head, const std::string& board_key) {
  if (head.board_key() != board_key) {
    return Invalid(
        "tree_head.wrong_key",
        Cat("the tree head is signed by the key ", ToHex(AsBytes(head.board_key())),
            ", not by the board the election's manifest names (", ToHex(AsBytes(board_key)),
            "): this server is not the election's board, or it is cheating"));
  }
  return VerifyTreeHeadSignature(head);
}

absl::StatusOr<std::string> ManifestBoardKey(const v1::Entry& manifest_entry,
                                             const ElectionId& election) {
  if (manifest_entry.kind() != v1::MANIFEST) {
    return Error(absl::StatusCode::kFailedPrecondition, "phase.wrong",
                 "an election's first entry must be its MANIFEST");
  }
  ElectionId id = ComputeElectionId(AsBytes(manifest_entry.payload()));
  if (id != election) {
    return Invalid("entry.wrong_election",
                   "the first entry is not the manifest of this election (its hash is not the "
                   "election id)");
  }
  v1::Manifest manifest;
  URNE_RETURN_IF_ERROR(ParseStrict(manifest_entry.payload(), manifest));
  return manifest.board_key();
}

absl::Status VerifyReceipt(const v1::Receipt& receipt, const v1::Entry& entry,
                           const std::string& board_key) {
  Digest32 leaf = EntryLeafHash(entry);
  if (receipt.leaf_hash() != std::string(leaf.begin(), leaf.end())) {
    return Invalid("receipt.wrong_entry", "the receipt is for another entry");
  }
  if (receipt.election_id() != entry.election_id() ||
      receipt.tree_head().election_id() != entry.election_id()) {
    return Invalid("receipt.wrong_election", "the receipt is for another election");
  }
  URNE_RETURN_IF_ERROR(VerifyTreeHead(receipt.tree_head(), board_key));
  URNE_ASSIGN_OR_RETURN(std::vector<Digest32> path,
                        DecodeMerklePath(receipt.inclusion_path(), "merkle.inclusion.invalid"));
  URNE_ASSIGN_OR_RETURN(
      Digest32 root, DecodeDigest(AsBytes(receipt.tree_head().root_hash()), "tree_head.malformed"));
  return VerifyInclusion(leaf, receipt.index(), receipt.tree_head().tree_size(), path, root);
}

}  // namespace urne

#include "tools/recorded_election.h"

#include <cstdlib>
#include <iostream>

#include "crypto/merkle.h"
#include "election/entry.h"
#include "election/tree_head.h"

namespace urne::testing {
namespace {

void Check(const absl::Status& s, const char* what) {
  if (!s.ok()) {
    std::cerr << "recorded election: " << what << ": " << s << "\n";
    std::abort();
  }
}

Choices Vote(uint32_t pool, std::vector<uint32_t> council, std::vector<uint32_t> budget) {
  return testing::TestChoices(pool, std::move(council), std::move(budget));
}

}  // namespace

RecordedElection::RecordedElection(ScriptOptions options) {
  script_ = std::make_unique<ScriptedElection>(std::move(options), [this](const v1::Entry& e) {
    entries_.push_back(e);
    return absl::OkStatus();
  });
}

std::unique_ptr<RecordedElection> RecordedElection::Make(ScriptOptions options,
                                                         const SigningKey* board) {
  std::optional<SigningKey> copy;
  if (board != nullptr) {
    SecretBytes seed = board->seed();
    copy.emplace(
        SigningKey::FromSeed(std::span<const uint8_t, kSeedBytes>(seed.data(), kSeedBytes)));
    PublicKey pk = copy->public_key();
    options.board_key.assign(pk.bytes.begin(), pk.bytes.end());
  }
  std::unique_ptr<RecordedElection> r(new RecordedElection(std::move(options)));
  r->board_ = std::move(copy);
  ScriptedElection& e = *r->script_;
  Check(e.Create(), "create");
  Check(e.Ceremony(/*bad_dealer=*/2, /*victim=*/3, /*dealer_answers=*/true), "ceremony");
  Check(e.Open(), "open");
  Check(e.Cast(0, Vote(0, {1, 1, 0}, {1, 0, 0})).status(), "cast 0");
  Check(e.Cast(1, Vote(1, {1, 0, 0}, {0, 1, 1})).status(), "cast 1");
  Check(e.Audit(2, Vote(1, {0, 0, 0}, {0, 0, 0})).status(), "audit 2");
  Check(e.Cast(2, Vote(0, {0, 0, 1}, {1, 1, 0})).status(), "cast 2");
  Check(e.Cast(1, Vote(2, {0, 1, 0}, {0, 1, 0})).status(), "revote 1");
  Check(e.Cast(3, Vote(0, {1, 0, 1}, {0, 0, 1})).status(), "cast 3");
  // Voter 1's letter is reported stolen: its credential is replaced (its counted ballot stops
  // counting) and the voter casts the same choices again with the new letter.
  // A minute after the OPEN, so that neither time flipped by one second reorders them.
  Check(e.ReplaceCredential(1, e.state().open()->opened_at() + 60).status(), "replace 1");
  Check(e.Cast(1, Vote(2, {0, 1, 0}, {0, 1, 0})).status(), "cast 1 with the new credential");
  Check(e.Close(), "close");
  Check(e.Decrypt(3).status(), "decrypt 3");
  Check(e.Decrypt(1).status(), "decrypt 1");
  Check(e.PublishResult().status(), "result");
  return r;
}

const SigningKey* RecordedElection::KeyOf(const std::string& author) const {
  auto is = [&](const SigningKey& k) {
    PublicKey pk = k.public_key();
    return author == std::string(pk.bytes.begin(), pk.bytes.end());
  };
  if (is(script_->authority())) return &script_->authority();
  for (uint32_t i = 1; i <= script_->options().trustees; ++i) {
    if (is(script_->trustee_key(i))) return &script_->trustee_key(i);
  }
  for (size_t v = 0; v < script_->options().voters; ++v) {
    if (is(script_->voter(v))) return &script_->voter(v);
  }
  for (const SigningKey& k : script_->retired_voters()) {
    if (is(k)) return &k;
  }
  return nullptr;
}

Record RecordedElection::Sign(const std::vector<v1::Entry>& entries) const {
  Record record;
  record.entries = entries;
  MerkleTree tree;
  for (const auto& e : entries) tree.Append(EntryLeafHash(e));
  v1::SignedTreeHead head;
  ElectionId id = ComputeElectionId(AsBytes(entries.empty() ? "" : entries[0].payload()));
  head.set_election_id(std::string(id.begin(), id.end()));
  head.set_tree_size(entries.size());
  Digest32 root = tree.Root();
  head.set_root_hash(std::string(root.begin(), root.end()));
  head.set_timestamp_ms(1'800'100'000'000);
  SignTreeHead(head, board_key());
  record.tree_heads.push_back(std::move(head));
  return record;
}

v1::Entry Resign(v1::Entry entry, const SigningKey& key) {
  PublicKey pk = key.public_key();
  entry.set_author(std::string(pk.bytes.begin(), pk.bytes.end()));
  Bytes signature = key.Sign(EntrySigningBytes(entry));
  entry.set_signature(std::string(signature.begin(), signature.end()));
  return entry;
}

}  // namespace urne::testing

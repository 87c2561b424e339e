// ValidateManifest on the keys a manifest names (specs/manifest.md §3.1, §3.4): the board key
// is required, is a valid Ed25519 key, and is neither the authority's nor a trustee's.
#include "election/manifest.h"

#include <gtest/gtest.h>

#include "election/trustee_steps.h"
#include "status/status.h"
#include "tools/scripted_election.h"

namespace urne {
namespace {

std::string Str(const PublicKey& pk) { return std::string(pk.bytes.begin(), pk.bytes.end()); }

class ManifestKeys : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ScriptOptions options;
    options.board_key = Str(board_.public_key());
    std::vector<PublicKey> keys;
    std::vector<Bytes> boxes;
    for (const auto& trustee : trustees_) {
      keys.push_back(trustee.public_key());
      boxes.push_back(BoxKeyPair::Generate().public_key);
    }
    manifest_ = testing::TestManifest(options, authority_.public_key(), keys, boxes);
  }
  void ExpectInvalid(const std::string& message_start) {
    absl::Status s = ValidateManifest(manifest_);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    EXPECT_EQ(ReasonOf(s), "manifest.invalid") << s;
    EXPECT_EQ(std::string(s.message()).rfind(message_start, 0), 0u) << s;
  }
  SigningKey authority_ = SigningKey::Generate();
  SigningKey board_ = SigningKey::Generate();
  SigningKey trustees_[3] = {SigningKey::Generate(), SigningKey::Generate(),
                             SigningKey::Generate()};
  v1::Manifest manifest_;
};

TEST_F(ManifestKeys, AValidBoardKeyIsAccepted) { EXPECT_TRUE(ValidateManifest(manifest_).ok()); }

TEST_F(ManifestKeys, MissingBoardKey) {
  manifest_.clear_board_key();
  ExpectInvalid("board_key: not a valid Ed25519 public key (an Ed25519 public key is 32 bytes");
}

TEST_F(ManifestKeys, BoardKeyOfTheWrongLength) {
  manifest_.set_board_key(manifest_.board_key() + "x");
  ExpectInvalid("board_key: not a valid Ed25519 public key (an Ed25519 public key is 32 bytes");
}

TEST_F(ManifestKeys, BoardKeyNotOnTheCurveOrOfSmallOrder) {
  manifest_.set_board_key(std::string(32, '\0'));  // the examples' placeholder
  ExpectInvalid("board_key: not a valid Ed25519 public key (not a canonical Ed25519 point");
  std::string not_canonical(32, '\xff');  // y ≥ p
  manifest_.set_board_key(not_canonical);
  ExpectInvalid("board_key: not a valid Ed25519 public key");
}

TEST_F(ManifestKeys, BoardKeyIsNotTheAuthorityKey) {
  manifest_.set_board_key(manifest_.authority_key());
  ExpectInvalid("board_key: the board signs with its own key, not the authority's");
}

TEST_F(ManifestKeys, ATrusteeKeyIsNotTheBoardKey) {
  manifest_.mutable_trustees(1)->set_signing_key(manifest_.board_key());
  ExpectInvalid(
      "trustees[1].signing_key: this key is already used by the authority, the board or a "
      "trustee");
}

// specs/manifest.md §3.1: the key ceremony's deadline is required and comes no later than
// the vote opens (specs/ceremony.md §3).
TEST_F(ManifestKeys, CeremonyDeadlineIsRequiredAndBeforeTheVote) {
  EXPECT_TRUE(ValidateManifest(manifest_).ok());
  manifest_.set_ceremony_deadline(manifest_.opens_at());
  EXPECT_TRUE(ValidateManifest(manifest_).ok());
  for (int64_t bad : {int64_t{0}, int64_t{-1}, manifest_.opens_at() + 1}) {
    manifest_.set_ceremony_deadline(bad);
    ExpectInvalid("ceremony_deadline: must be a time no later than opens_at");
  }
}

}  // namespace
}  // namespace urne

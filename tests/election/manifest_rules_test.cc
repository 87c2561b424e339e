// ValidateManifest on the rules an independent verifier had to guess (issue #17 point 12;
// specs/manifest.md §3.1–§3.3): white-space texts, a unit on a non-budget question, an explicit
// OPTION_ORDER tie-break, one question twice in a decision, a negative opening time.
#include <gtest/gtest.h>

#include "election/manifest.h"
#include "election/trustee_steps.h"
#include "status/status.h"
#include "tools/scripted_election.h"

namespace urne {
namespace {

class ManifestRules : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ScriptOptions options;
    PublicKey board = SigningKey::Generate().public_key();
    options.board_key.assign(board.bytes.begin(), board.bytes.end());
    std::vector<PublicKey> keys;
    std::vector<Bytes> boxes;
    for (int i = 0; i < 3; ++i) {
      keys.push_back(SigningKey::Generate().public_key());
      boxes.push_back(BoxKeyPair::Generate().public_key);
    }
    manifest_ = testing::TestManifest(options, SigningKey::Generate().public_key(), keys, boxes);
    ASSERT_TRUE(ValidateManifest(manifest_).ok());
  }
  void ExpectInvalid(const std::string& message_start) {
    absl::Status s = ValidateManifest(manifest_);
    EXPECT_EQ(ReasonOf(s), "manifest.invalid") << s;
    EXPECT_EQ(std::string(s.message()).rfind(message_start, 0), 0u) << s;
  }
  v1::Manifest manifest_;
};

TEST_F(ManifestRules, WhiteSpaceTextIsAText) {
  manifest_.mutable_title()->set_fr(" ");
  manifest_.mutable_questions(0)->mutable_options(0)->mutable_label()->set_en("\t ");
  EXPECT_TRUE(ValidateManifest(manifest_).ok());
  manifest_.mutable_title()->set_fr("");
  ExpectInvalid("title.fr: the French text is missing");
}

TEST_F(ManifestRules, UnitOnlyOnBudgetQuestions) {
  manifest_.mutable_questions(0)->set_unit("EUR");  // YES_NO
  ExpectInvalid("questions[0].unit: only budget questions have a unit");
  manifest_.mutable_questions(0)->clear_unit();
  manifest_.mutable_questions(1)->set_unit("EUR");  // APPROVAL
  ExpectInvalid("questions[1].unit: only budget questions have a unit");
  manifest_.mutable_questions(1)->clear_unit();
  manifest_.mutable_questions(2)->set_unit("CHF");  // BUDGET
  EXPECT_TRUE(ValidateManifest(manifest_).ok());
}

TEST_F(ManifestRules, OptionOrderWithEveryRule) {
  for (int d = 0; d < manifest_.decisions_size(); ++d) {
    manifest_.mutable_decisions(d)->set_tie_break(v1::OPTION_ORDER);
  }
  EXPECT_TRUE(ValidateManifest(manifest_).ok());
  manifest_.mutable_decisions(1)->set_tie_break(v1::LOWER_COST);  // APPROVAL_TOP_K
  ExpectInvalid("decisions[1].tie_break: LOWER_COST applies only to budget-greedy decisions");
}

TEST_F(ManifestRules, OneQuestionTwiceInADecision) {
  manifest_.mutable_decisions(0)->add_question_ids("pool");
  ExpectInvalid("decisions[0].question_ids[1]: question \"pool\" is already read by a decision");
}

TEST_F(ManifestRules, NegativeOpeningTime) {
  manifest_.set_opens_at(-5);
  manifest_.set_closes_at(100);
  ExpectInvalid("ceremony_deadline: must be a time");
  manifest_.set_ceremony_deadline(-10);
  ExpectInvalid("ceremony_deadline: must be a time");
}

// booth_digest (specs/manifest.md §3, booth.md §7.4): empty or exactly 32 bytes.
TEST_F(ManifestRules, BoothDigestIsEmptyOrThirtyTwoBytes) {
  manifest_.set_booth_digest(std::string(32, '\x01'));
  EXPECT_TRUE(ValidateManifest(manifest_).ok());
  for (size_t size : {1, 31, 33, 64}) {
    manifest_.set_booth_digest(std::string(size, '\x01'));
    ExpectInvalid("booth_digest: a SHA-256 digest is 32 bytes");
  }
}

}  // namespace
}  // namespace urne

// ElectionState::SetRollCheckedBefore (SyncAfterClose's replay of the setup, specs/entries.md
// §3.1): the ROLL's credentials are checked for length and order only, not as points; without
// it every credential must be a valid key.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "election/replay.h"
#include "election/state.h"
#include "status/status.h"
#include "tools/scripted_election.h"

namespace urne {
namespace {

using testing::ScriptedElection;
using testing::ScriptOptions;

class RollCheckedBeforeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ScriptOptions options;
    options.voters = 3;
    e_ = std::make_unique<ScriptedElection>(options, [this](const v1::Entry& x) {
      log_.push_back(x);
      return absl::OkStatus();
    });
    ASSERT_TRUE(e_->Create().ok());
    ASSERT_FALSE(log_.empty());
    for (size_t v = 0; v < 3; ++v) {
      const PublicKey pk = e_->voter(v).public_key();
      voters_.emplace_back(pk.bytes.begin(), pk.bytes.end());
    }
    std::sort(voters_.begin(), voters_.end());
  }

  // The manifest, then a ROLL of `credentials` signed by the authority, replayed.
  absl::Status ReplayRoll(const std::vector<std::string>& credentials, bool checked_before) {
    v1::Roll roll;
    for (const std::string& c : credentials) roll.add_credentials(c);
    std::vector<v1::Entry> entries = {log_[0], e_->Sign(v1::ROLL, roll, e_->authority())};
    auto state = Replay(entries, 1, {}, [checked_before](ElectionState& s) {
      if (checked_before) s.SetRollCheckedBefore();
    });
    if (!state.ok()) return state.status();
    EXPECT_TRUE((*state)->roll_posted());
    EXPECT_EQ((*state)->roll().size(), credentials.size());
    return absl::OkStatus();
  }

  // A 32-byte string that is not a valid key and sorts before every real one: all zeros
  // (y = 0 encodes a point of order 4).
  static std::string NotAPoint() { return std::string(32, '\0'); }

  std::vector<v1::Entry> log_;
  std::vector<std::string> voters_;  // ascending
  std::unique_ptr<ScriptedElection> e_;
};

TEST_F(RollCheckedBeforeTest, EveryKeyIsCheckedByDefault) {
  EXPECT_TRUE(ReplayRoll(voters_, false).ok());
  std::vector<std::string> bad = voters_;
  bad.insert(bad.begin(), NotAPoint());
  absl::Status s = ReplayRoll(bad, false);
  EXPECT_EQ(ReasonOf(s), "key.invalid") << s;
  EXPECT_NE(std::string(s.message()).find("credentials[0]: "), std::string::npos) << s;
}

TEST_F(RollCheckedBeforeTest, CheckedBeforeSkipsOnlyThePointChecks) {
  std::vector<std::string> bad = voters_;
  bad.insert(bad.begin(), NotAPoint());
  EXPECT_TRUE(ReplayRoll(bad, true).ok());
  // Length and order are still checked, with their own reasons and the credential's index.
  std::vector<std::string> short_key = voters_;
  short_key[1] = short_key[1].substr(0, 31);
  std::sort(short_key.begin(), short_key.end());
  absl::Status s = ReplayRoll(short_key, true);
  EXPECT_EQ(ReasonOf(s), "key.wrong_length") << s;
  EXPECT_NE(std::string(s.message()).find("credentials["), std::string::npos) << s;
  std::vector<std::string> swapped = voters_;
  std::swap(swapped[0], swapped[2]);
  EXPECT_EQ(ReasonOf(ReplayRoll(swapped, true)), "roll.not_sorted");
  std::vector<std::string> twice = {voters_[0], voters_[0], voters_[1]};
  EXPECT_EQ(ReasonOf(ReplayRoll(twice, true)), "roll.not_sorted");
}

}  // namespace
}  // namespace urne

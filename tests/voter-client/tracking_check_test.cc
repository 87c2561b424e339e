// `urne-vote check --tracking-code` (specs/ballot.md §9.1): a voter who kept only the
// tracking code shown when casting finds the ballot on a real board and learns whether it
// counts, was superseded, was revoked with its credential, or is an audit; a mistyped or
// unknown code is said so, each with its reason and exit code.
#include "voter-client/tracking_check.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include "board-client/client.h"
#include "crypto/bytes.h"
#include "election/entry.h"
#include "status/status.h"
#include "tests/support/process.h"
#include "tools/scripted_election.h"
#include "voter-client/receipt_file.h"

namespace urne::voter_client {
namespace {

using testing::BoardProcess;
using testing::RunResult;
using testing::ScriptedElection;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string CodeOf(const v1::Entry& entry) {
  auto ballot = voter_client::BallotPayloadOf(entry);
  EXPECT_TRUE(ballot.ok());
  return FormatTrackingCode(TrackingCode(*ballot));
}

TEST(TrackingCodeText, LenientOnFormStrictOnContent) {
  auto ok = voter_client::ParseTrackingCodeText(" mzxw-6ytb oi3d-ENRT-GQ2D-KNJW-G4ZT-MNBV ");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ok, "MZXW6YTBOI3DENRTGQ2DKNJWG4ZTMNBV");
  auto bad = voter_client::ParseTrackingCodeText("MZXW-6YTB-OI3D-ENRT-GQ2D-KNJW-G4ZT-MNB1");
  EXPECT_EQ(ReasonOf(bad.status()), "tracking_code.bad_character");
  EXPECT_TRUE(Has(std::string(bad.status().message()), "not '1'")) << bad.status();
  EXPECT_EQ(ReasonOf(voter_client::ParseTrackingCodeText("MZXW-6YTB").status()),
            "tracking_code.wrong_length");
  EXPECT_EQ(
      ReasonOf(
          voter_client::ParseTrackingCodeText("MZXW-6YTB-OI3D-ENRT-GQ2D-KNJW-G4ZT-MNBVA").status()),
      "tracking_code.wrong_length");
  EXPECT_EQ(ReasonOf(voter_client::ParseTrackingCodeText("MZXW\xC3\xA9").status()),
            "tracking_code.bad_character");
}

class TrackingCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("urne-tracking-check");
    setenv("URNE_RECEIPTS_DIR", (dir_ + "/device").c_str(), 1);
    auto board = BoardProcess::Start(dir_ + "/board");
    ASSERT_TRUE(board.ok()) << board.status();
    board_ = std::move(*board);
    client_ = std::make_unique<BoardClient>(board_->endpoint());
    testing::ScriptOptions options;
    options.board_key = board_->board_key();
    e_ = std::make_unique<ScriptedElection>(
        options, [this](const v1::Entry& x) { return client_->Post(x).status(); });
    ASSERT_TRUE(e_->Create().ok());
    ASSERT_TRUE(e_->Ceremony().ok());
    ASSERT_TRUE(e_->Open().ok());
  }
  void TearDown() override {
    board_.reset();
    std::filesystem::remove_all(dir_);
  }
  RunResult Check(const std::string& code, std::vector<std::string> extra = {"--json"}) {
    std::vector<std::string> args = {"check",      "--board",       board_->address(),
                                     "--election", ToHex(e_->id()), "--tracking-code",
                                     code};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::RunClient("urne-vote", std::move(args));
  }
  std::string dir_;
  std::unique_ptr<BoardProcess> board_;
  std::unique_ptr<BoardClient> client_;
  std::unique_ptr<ScriptedElection> e_;
};

TEST_F(TrackingCheckTest, TheCodeShownAtCastingIsEnough) {
  // urne-vote cast prints the tracking code; that line is all the voter kept.
  std::vector<std::string> args = {"cast",
                                   "--board",
                                   board_->address(),
                                   "--election",
                                   ToHex(e_->id()),
                                   "--credential",
                                   e_->voter_codes()[0],
                                   "--answer",
                                   "pool=yes",
                                   "--answer",
                                   "council=ana",
                                   "--answer",
                                   "budget=park",
                                   "--lang",
                                   "en"};
  RunResult cast = testing::RunClient("urne-vote", args);
  ASSERT_EQ(cast.exit_code, 0) << cast.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(cast.out, m, std::regex("Tracking code: ([A-Z2-7-]{39})")))
      << cast.out;
  const std::string shown = m[1];
  // Typed in lower case with spaces, as a voter copies it from a note.
  std::string typed = shown;
  for (char& c : typed) c = c == '-' ? ' ' : static_cast<char>(tolower(c));
  RunResult found = Check(typed);
  EXPECT_EQ(found.exit_code, 0) << found.err;
  EXPECT_TRUE(Has(found.out, "\"status\": \"counts\"")) << found.out;
  EXPECT_TRUE(Has(found.out, "\"tracking_code\": \"" + shown + "\"")) << found.out;
  RunResult text = Check(shown, {"--lang", "en"});
  EXPECT_TRUE(Has(text.out, "This ballot is on the board and it is the one that counts (so far"))
      << text.out;
}

TEST_F(TrackingCheckTest, SupersededRevokedAuditAndUnknown) {
  auto first = e_->Cast(1, testing::TestChoices(0, {0, 0, 0}, {0, 0, 0}));
  ASSERT_TRUE(first.ok());
  auto second = e_->Cast(1, testing::TestChoices(1, {0, 0, 0}, {0, 0, 0}));
  ASSERT_TRUE(second.ok());
  auto audit = e_->Audit(2, testing::TestChoices(1, {0, 0, 0}, {0, 0, 0}));
  ASSERT_TRUE(audit.ok());
  auto voter3 = e_->Cast(3, testing::TestChoices(1, {0, 0, 0}, {0, 0, 0}));
  ASSERT_TRUE(voter3.ok());
  auto replaced = e_->ReplaceCredential(3);
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  const uint64_t size = e_->state().size();
  const uint64_t second_index = *e_->state().CountedBallotIndex(second->author());

  RunResult superseded = Check(CodeOf(*first));
  EXPECT_EQ(superseded.exit_code, 3) << superseded.err;
  EXPECT_TRUE(Has(superseded.out, "\"status\": \"superseded\"")) << superseded.out;
  EXPECT_TRUE(Has(superseded.out, Cat("\"by\": ", second_index))) << superseded.out;
  RunResult counts = Check(CodeOf(*second));
  EXPECT_EQ(counts.exit_code, 0);
  EXPECT_TRUE(
      Has(counts.out, Cat("\"status\": \"counts\", \"tracking_code\": \"", CodeOf(*second))))
      << counts.out;
  RunResult audited = Check(CodeOf(*audit));
  EXPECT_EQ(audited.exit_code, 0);
  EXPECT_TRUE(Has(audited.out, "\"status\": \"audit\"")) << audited.out;
  RunResult revoked = Check(CodeOf(*voter3), {"--lang", "en"});
  EXPECT_EQ(revoked.exit_code, 3);
  EXPECT_TRUE(Has(revoked.out, Cat("no longer counts: the town replaced the code it was cast "
                                   "with (entry ",
                                   size - 1, ")")))
      << revoked.out;

  // A code of no ballot: exit 1, said plainly; a mistyped one: exit 2 before any network.
  RunResult unknown = Check("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(Has(unknown.out, "\"status\": \"not_found\"")) << unknown.out;
  EXPECT_TRUE(Has(unknown.out, "\"index\": null")) << unknown.out;
  RunResult typo = Check("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAA8", {"--lang", "en"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_TRUE(Has(typo.err, "not '8'")) << typo.err;
  // --tracking-code with --code is a usage error.
  RunResult both = Check(CodeOf(*second), {"--code", e_->voter_codes()[0]});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_TRUE(Has(both.err, "--tracking-code CODE goes with --board URL --election ID"))
      << both.err;
}

}  // namespace
}  // namespace urne::voter_client

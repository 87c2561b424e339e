// The booth backend (voter-client/booth.h) against a real board: a visit goes credential →
// encrypt → audit → encrypt again → cast, and every request that does not continue a live
// visit with a ballot is refused with its own reason and HTTP status, changing nothing.
#include "voter-client/booth.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "board-client/client.h"
#include "tests/support/process.h"
#include "tests/support/scripted_election.h"

namespace urne::voter {
namespace {

using google::protobuf::Struct;
using testing::BoardProcess;
using testing::ScriptedElection;
using testing::ScriptOptions;

constexpr uint16_t kPort = 8765;  // only for the Host/Origin check; nothing listens

class BoothTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("urne-booth-test");
    auto board = BoardProcess::Start(dir_ + "/board");
    ASSERT_TRUE(board.ok()) << board.status();
    board_ = std::move(*board);
    client_ = std::make_unique<BoardClient>(board_->endpoint());
    ScriptOptions options;
    options.board_key = board_->board_key();
    options.voters = 2;
    election_ = std::make_unique<ScriptedElection>(
        options, [this](const v1::Entry& entry) { return client_->Post(entry).status(); });
    ASSERT_TRUE(election_->Create().ok());
    ASSERT_TRUE(election_->Ceremony().ok());
    ASSERT_TRUE(election_->Open().ok());
    booth_ = std::make_unique<BoothBackend>(board_->endpoint(), election_->id());
    booth_->set_port(kPort);
  }
  void TearDown() override {
    board_.reset();
    std::filesystem::remove_all(dir_);
  }

  struct Answer {
    int status;
    Struct body;
  };
  Answer Post(const std::string& target, const std::string& body) {
    HttpResponse r = booth_->Handle(
        {"POST", target, "127.0.0.1:" + std::to_string(kPort), "", "application/json", body});
    Answer a{r.status, {}};
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(r.body, &a.body).ok()) << r.body;
    return a;
  }
  static std::string Field(const Struct& s, const std::string& key) {
    auto it = s.fields().find(key);
    return it == s.fields().end() ? "" : it->second.string_value();
  }
  static std::string Reason(const Answer& a) {
    auto it = a.body.fields().find("error");
    return it == a.body.fields().end() ? "" : Field(it->second.struct_value(), "reason");
  }
  std::string Token(size_t voter) {
    Answer a = Post("/api/credential", R"({"code": ")" + election_->voter_codes()[voter] + R"("})");
    EXPECT_EQ(a.status, 200) << Reason(a);
    return Field(a.body, "token");
  }
  static std::string WithToken(const std::string& token, const std::string& rest = "") {
    return R"({"token": ")" + token + "\"" + rest + "}";
  }
  uint64_t Ballots() {
    auto status = client_->Status(election_->id());
    EXPECT_TRUE(status.ok()) << status.status();
    return status.ok() ? status->ballots() : 0;
  }

  const std::string answers_ =
      R"(, "answers": {"pool": ["yes"], "council": ["ana"], "budget": ["park"]})";
  std::string dir_;
  std::unique_ptr<BoardProcess> board_;
  std::unique_ptr<BoardClient> client_;
  std::unique_ptr<ScriptedElection> election_;
  std::unique_ptr<BoothBackend> booth_;
};

TEST_F(BoothTest, EncryptAuditEncryptAgainAndCast) {
  const std::string token = Token(0);
  Answer first = Post("/api/encrypt", WithToken(token, answers_));
  ASSERT_EQ(first.status, 200) << Reason(first);
  Answer audit = Post("/api/audit", WithToken(token));
  ASSERT_EQ(audit.status, 200) << Reason(audit);
  EXPECT_TRUE(audit.body.fields().at("matches").bool_value());
  // The audited ballot is spent; the booth encrypted a fresh one with the same answers.
  EXPECT_EQ(Field(audit.body, "audited_tracking_code"), Field(first.body, "tracking_code"));
  EXPECT_NE(Field(audit.body, "tracking_code"), Field(first.body, "tracking_code"));
  Answer cast = Post("/api/cast", WithToken(token));
  ASSERT_EQ(cast.status, 200) << Reason(cast);
  EXPECT_EQ(Field(cast.body, "tracking_code"), Field(audit.body, "tracking_code"));
  EXPECT_EQ(Ballots(), 1u);
  // The visit ended with the cast: the token is no longer valid.
  Answer again = Post("/api/cast", WithToken(token));
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(Reason(again), "booth.no_session");
  EXPECT_EQ(Ballots(), 1u);
}

TEST_F(BoothTest, RequestsOutsideALiveVisitAreRefusedAndChangeNothing) {
  const std::string token = Token(1);
  // Cast or audit before any ballot was encrypted.
  for (const char* target : {"/api/cast", "/api/audit"}) {
    Answer a = Post(target, WithToken(token));
    EXPECT_EQ(a.status, 409) << target;
    EXPECT_EQ(Reason(a), "booth.no_ballot") << target;
  }
  // A token the booth never gave out.
  Answer unknown = Post("/api/encrypt", WithToken(std::string(64, 'a'), answers_));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Reason(unknown), "booth.no_session");
  // No token, a body that is not JSON, and encrypt without answers.
  EXPECT_EQ(Reason(Post("/api/cast", "{}")), "request.field");
  EXPECT_EQ(Reason(Post("/api/cast", "not json")), "request.json");
  EXPECT_EQ(Reason(Post("/api/encrypt", WithToken(token))), "request.field");
  EXPECT_EQ(Ballots(), 0u);
  // The visit is still usable.
  EXPECT_EQ(Post("/api/encrypt", WithToken(token, answers_)).status, 200);
  EXPECT_EQ(Post("/api/cast", WithToken(token)).status, 200);
  EXPECT_EQ(Ballots(), 1u);
}

}  // namespace
}  // namespace urne::voter

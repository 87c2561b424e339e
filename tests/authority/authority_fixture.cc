#include "tests/authority/authority_fixture.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "election/credential.h"
#include "election/entry.h"
#include "status/status.h"

namespace urne::testing {
namespace fs = std::filesystem;

void AdminTest::SetUp() {
  BoardTest::SetUp();
  ASSERT_FALSE(HasFatalFailure());
  pass_ = WriteFile("passphrase", "correct horse battery staple\n");
  key_ = dir_ + "/authority.key";
  RunResult init = Admin({"init", "--out", key_, "--passphrase-file", pass_});
  ASSERT_EQ(init.exit_code, 0) << init.err;
}

std::string AdminTest::WriteFile(const std::string& name, const std::string& content) {
  std::string path = dir_ + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

RunResult AdminTest::Admin(std::vector<std::string> args) {
  return RunClient("urne-admin", std::move(args));
}

std::vector<std::string> AdminTest::KeyArgs() const {
  return {"--key", key_, "--passphrase-file", pass_};
}

void AdminTest::SetSecrecyFloor(const std::string& path, uint32_t min_counted_ballots) {
  std::string json = testing::ReadFileText(path);
  const std::string floor = "\"min_counted_ballots\": 10";
  size_t at = json.find(floor);
  ASSERT_NE(at, std::string::npos) << json;
  json.replace(at, floor.size(), Cat("\"min_counted_ballots\": ", min_counted_ballots));
  std::ofstream(path, std::ios::trunc) << json;
}

std::string AdminTest::FillExample(const std::string& example, uint32_t trustees,
                                   uint32_t threshold, uint32_t min_counted_ballots) {
  trustees_.clear();
  std::vector<std::string> args = {"manifest",
                                   "--template",
                                   std::string(URNE_EXAMPLES_DIR) + "/" + example,
                                   "--authority-key",
                                   key_ + ".pub",
                                   "--board-key",
                                   ToHex(AsBytes(board_->board_key())),
                                   "--threshold",
                                   std::to_string(threshold)};
  for (uint32_t i = 0; i < trustees; ++i) {
    trustees_.push_back(Trustee{SigningKey::Generate(), BoxKeyPair::Generate(), nullptr, {}});
    args.emplace_back("--trustee");
    args.push_back(Cat(":", ToHex(trustees_.back().sign.public_key().bytes), ":",
                       ToHex(trustees_.back().box.public_key)));
  }
  std::string out = dir_ + "/" + example;
  args.emplace_back("--out");
  args.push_back(out);
  RunResult r = Admin(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  if (min_counted_ballots != 10) SetSecrecyFloor(out, min_counted_ballots);
  return out;
}

std::string AdminTest::Create(const std::string& manifest_path) {
  std::vector<std::string> args = {"create", "--board", board_->address(), "--manifest",
                                   manifest_path};
  for (auto& a : KeyArgs()) args.push_back(a);
  RunResult r = Admin(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  election_ = r.out.substr(0, r.out.find('\n'));
  auto id = ParseElectionId(election_);
  EXPECT_TRUE(id.ok()) << r.out;
  if (id.ok()) id_ = *id;
  return election_;
}

std::vector<std::string> AdminTest::Roll(size_t n, const std::string& letters) {
  std::string csv = "id,name,postal_address,notes\n";
  for (size_t i = 0; i < n; ++i) {
    csv += Cat("V", 1000 + i, ",Électeur ", i, ",\"", i, " rue de la Paix, 75000 Démocracité\",\n");
  }
  std::string path = WriteFile("roll.csv", csv);
  std::vector<std::string> args = {"roll",       "--board", board_->address(),
                                   "--election", election_, "--voters",
                                   path,         "--out",   letters};
  for (auto& a : KeyArgs()) args.push_back(a);
  RunResult r = Admin(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(letters + "/letters.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  return FindCodes(ss.str());
}

SyncedElection AdminTest::Sync() {
  auto s = client_->Sync(id_);
  EXPECT_TRUE(s.ok()) << s.status();
  return std::move(*s);
}

void AdminTest::SetUpProgramTrusteesVote(const std::string& open_board,
                                         uint32_t min_counted_ballots) {
  std::vector<std::string> args = {"manifest",
                                   "--template",
                                   std::string(URNE_EXAMPLES_DIR) + "/local-referendum.json",
                                   "--authority-key",
                                   key_ + ".pub",
                                   "--board-key",
                                   ToHex(AsBytes(board_->board_key())),
                                   "--threshold",
                                   "1"};
  for (uint32_t i = 1; i <= 2; ++i) {
    RunResult init = TrusteeRun(
        {"init", "--name", Cat("Trustee ", i), "--out", TrusteeKey(i), "--passphrase-file", pass_});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    auto after = [&](const std::string& label) {
      size_t at = init.out.find(label);
      return at == std::string::npos ? std::string() : init.out.substr(at + label.size(), 64);
    };
    args.emplace_back("--trustee");
    args.push_back(Cat("Trustee ", i, ":", after("signing key: "), ":", after("box key: ")));
  }
  args.emplace_back("--out");
  args.push_back(dir_ + "/manifest.json");
  RunResult manifest = Admin(args);
  ASSERT_EQ(manifest.exit_code, 0) << manifest.err;
  if (min_counted_ballots != 10) SetSecrecyFloor(dir_ + "/manifest.json", min_counted_ballots);
  Create(dir_ + "/manifest.json");
  codes_ = Roll(4, dir_ + "/letters");
  ASSERT_EQ(codes_.size(), 4u);
  std::vector<RunResult> ceremony(2);
  std::vector<std::thread> threads;
  for (uint32_t i = 1; i <= 2; ++i) {
    threads.emplace_back([&, i] {
      ceremony[i - 1] =
          TrusteeRun({"ceremony", "--board", board_->address(), "--election", election_, "--key",
                      TrusteeKey(i), "--passphrase-file", pass_, "--wait", "120"});
    });
  }
  for (auto& t : threads) t.join();
  for (const RunResult& r : ceremony) ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  RunResult open = AdminOn(open_board, "open");
  ASSERT_EQ(open.exit_code, 0) << open.err;
}

RunResult AdminTest::TrusteeRun(std::vector<std::string> args) {
  if (args[0] == "init") return urne::testing::Run(Program("urne-trustee"), args);
  return RunClient("urne-trustee", std::move(args));
}

RunResult AdminTest::AdminOn(const std::string& board, const std::string& verb,
                             std::vector<std::string> extra) {
  std::vector<std::string> args = {verb, "--board", board, "--election", election_};
  for (auto& a : KeyArgs()) args.push_back(a);
  args.insert(args.end(), extra.begin(), extra.end());
  return Admin(args);
}

void AdminTest::Ceremony() {
  SyncedElection s = Sync();
  const Group& group = s.state->group();
  uint32_t t = s.state->manifest().threshold();
  for (uint32_t i = 1; i <= trustees_.size(); ++i) {
    Trustee& tr = trustees_[i - 1];
    tr.polynomial = std::make_unique<Polynomial>(Polynomial::Random(group, t));
    v1::Entry e = MakeEntry(id_, v1::TRUSTEE_COMMITMENT,
                            Serialize(MakeCommitment(id_, i, *tr.polynomial)), tr.sign);
    ASSERT_TRUE(client_->Post(e).ok());
  }
  for (uint32_t i = 1; i <= trustees_.size(); ++i) {
    Trustee& tr = trustees_[i - 1];
    auto shares = MakeSealedShares(s.state->manifest(), i, *tr.polynomial);
    ASSERT_TRUE(shares.ok()) << shares.status();
    ASSERT_TRUE(client_->Post(MakeEntry(id_, v1::SEALED_SHARES, Serialize(*shares), tr.sign)).ok());
  }
  s = Sync();
  for (uint32_t i = 1; i <= trustees_.size(); ++i) {
    Trustee& tr = trustees_[i - 1];
    auto received = OpenShares(*s.state, i, tr.box);
    ASSERT_TRUE(received.ok()) << received.status();
    ASSERT_TRUE(received->complaints.empty());
    tr.received = std::move(received->shares);
    auto posted =
        client_->Post(MakeEntry(id_, v1::SHARE_VERDICT, Serialize(MakeVerdict(i, {})), tr.sign));
    ASSERT_TRUE(posted.ok()) << posted.status();
  }
}

void AdminTest::Cast(const std::string& code_text, const Picks& picks) {
  auto code = ParseCredentialCode(code_text);
  ASSERT_TRUE(code.ok()) << code.status();
  SigningKey key = DeriveCredentialKey(id_, *code);
  SyncedElection s = Sync();
  BallotStatement st{s.state->manifest(), s.state->group(), id_, *s.state->joint_key(),
                     key.public_key()};
  Choices choices;
  for (int q = 0; q < s.state->manifest().questions_size(); ++q) {
    choices.emplace_back(s.state->manifest().questions(q).options_size(), 0);
    if (static_cast<size_t>(q) < picks.size()) {
      for (int o : picks[q]) choices.back()[o] = 1;
    }
  }
  auto ballot = EncryptBallot(st, choices, s.tree_head.tree_size());
  ASSERT_TRUE(ballot.ok()) << ballot.status();
  auto posted = client_->Post(MakeEntry(id_, v1::BALLOT, ballot->payload, key));
  ASSERT_TRUE(posted.ok()) << posted.status();
}

void AdminTest::Decrypt(uint32_t i) {
  SyncedElection s = Sync();
  Trustee& tr = trustees_[i - 1];
  auto share = AggregateShare(*s.state, i, *tr.polynomial, tr.received);
  ASSERT_TRUE(share.ok()) << share.status();
  auto pd = MakePartialDecryption(*s.state, i, *share);
  ASSERT_TRUE(pd.ok()) << pd.status();
  auto posted = client_->Post(MakeEntry(id_, v1::PARTIAL_DECRYPTION, Serialize(*pd), tr.sign));
  ASSERT_TRUE(posted.ok()) << posted.status();
}

std::vector<std::string> FindCodes(const std::string& text) {
  static const std::regex re("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it) {
    out.push_back(it->str());
  }
  return out;
}

std::map<std::string, std::string> ReadTree(const std::string& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    out[e.path().string()] = ss.str();
  }
  return out;
}

}  // namespace urne::testing

// The roll made by a party other than the authority (specs/credentials.md §7, §10): the
// offline `urne-admin credentials` needs no network and no key and writes the letters and
// the public credentials file; the online `urne-admin post-roll` reads only that file and
// posts exactly the codes' credentials. The online step's inputs hold no code; a file with
// a code, or a malformed one, is refused naming the line, and nothing is posted.
#include <gtest/gtest.h>

#include <filesystem>

#include "authority/public_credentials.h"
#include "election/credential.h"
#include "status/status.h"
#include "tests/authority/authority_fixture.h"

namespace urne::testing {
namespace {
namespace fs = std::filesystem;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string Canonical(const std::string& code) {
  std::string out;
  for (char c : code) {
    if (c != '-') out.push_back(c);
  }
  return out;
}

class RollSplitTest : public AdminTest {
 protected:
  void SetUp() override {
    AdminTest::SetUp();
    manifest_ = FillExample("local-referendum.json");
    Create(manifest_);
    csv_ = WriteFile("roll.csv",
                     "id,name,postal_address\nA1,Ana,1 rue Haute\nB2,Bruno,2 rue Basse\n"
                     "C3,Chloé,3 place du Marché\n");
    fs::create_directories(dir_ + "/offline");
    fs::create_directories(dir_ + "/online");
  }
  // The offline step, with a board address that does not even resolve: it never connects.
  RunResult Offline(const std::string& letters, const std::string& public_file,
                    const std::string& election = "") {
    return Admin({"credentials", "--manifest", manifest_, "--election",
                  election.empty() ? election_ : election, "--voters", csv_, "--board",
                  "vote.example.invalid:443", "--out", letters, "--public", public_file});
  }
  RunResult Online(const std::string& public_file) {
    return Admin({"post-roll", "--board", board_->address(), "--election", election_,
                  "--credentials", public_file, "--key", key_, "--passphrase-file", pass_});
  }
  size_t LogSize() { return Sync().state->size(); }

  std::string manifest_, csv_;
};

TEST_F(RollSplitTest, OfflineCodesOnlinePublicListAndTheRollIsTheCodes) {
  const std::string letters = dir_ + "/offline/letters";
  const std::string offline_public = dir_ + "/offline/public-credentials.txt";
  RunResult offline = Offline(letters, offline_public);
  ASSERT_EQ(offline.exit_code, 0) << offline.err;
  EXPECT_TRUE(Has(offline.out, "3 voters: letters in")) << offline.out;
  const std::vector<std::string> codes = FindCodes(ReadTree(letters)[letters + "/letters.csv"]);
  ASSERT_EQ(codes.size(), 3u);
  EXPECT_TRUE(Has(ReadTree(letters)[letters + "/letters.html"], "vote.example.invalid:443"));
  EXPECT_EQ(LogSize(), 1u);  // nothing reached the board

  // The hand-over: only the public file goes to the online machine.
  const std::string text = ReadTree(dir_ + "/offline")[offline_public];
  const std::string handed = WriteFile("online/public-credentials.txt", text);
  const std::string fingerprint = authority::PublicCredentialsFingerprint(text);
  EXPECT_TRUE(Has(offline.out, "fingerprint (SHA-256 of that file): " + fingerprint))
      << offline.out;

  // Everything the online step reads — the public file, the key, its passphrase, the
  // manifest, every argument — holds no code, in any form.
  std::vector<std::string> inputs = {text, ReadTree(dir_)[key_], ReadTree(dir_)[pass_],
                                     ReadTree(dir_)[manifest_]};
  for (const std::string& arg :
       {std::string("post-roll"), board_->address(), election_, handed, key_, pass_}) {
    inputs.push_back(arg);
  }
  for (const std::string& input : inputs) {
    EXPECT_TRUE(FindCodes(input).empty());
    for (const std::string& code : codes) {
      EXPECT_FALSE(Has(input, code));
      EXPECT_FALSE(Has(input, Canonical(code)));
    }
  }

  RunResult online = Online(handed);
  ASSERT_EQ(online.exit_code, 0) << online.err;
  EXPECT_TRUE(Has(online.out, "roll posted: 3 credentials, fingerprint " + fingerprint))
      << online.out;
  // The posted roll is exactly the codes' public credentials.
  std::vector<std::string> expected;
  for (const std::string& code : codes) {
    auto parsed = ParseCredentialCode(code);
    ASSERT_TRUE(parsed.ok());
    PublicKey pk = PublicCredential(id_, *parsed);
    expected.emplace_back(pk.bytes.begin(), pk.bytes.end());
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Sync().state->roll(), expected);

  // Again: nothing to do. Another list now: refused, nothing posted.
  RunResult again = Online(handed);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(Has(again.err, "already on the board; nothing to do")) << again.err;
  const std::string other = dir_ + "/offline/other.txt";
  ASSERT_EQ(Offline(dir_ + "/offline/letters2", other).exit_code, 0);
  const size_t size = LogSize();
  RunResult second = Online(other);
  EXPECT_EQ(second.exit_code, 2);
  EXPECT_TRUE(Has(second.err, "already on the board (3 credentials)")) << second.err;
  EXPECT_EQ(LogSize(), size);
}

TEST_F(RollSplitTest, OnlineStepRefusesAFileHoldingCodesAndPostsNothing) {
  const std::string letters = dir_ + "/offline/letters";
  const std::string pub = dir_ + "/offline/public.txt";
  ASSERT_EQ(Offline(letters, pub).exit_code, 0);
  const std::string merge = ReadTree(letters)[letters + "/letters.csv"];
  const std::vector<std::string> codes = FindCodes(merge);
  // The mail-merge file given by mistake.
  RunResult wrong_file = Online(letters + "/letters.csv");
  EXPECT_EQ(wrong_file.exit_code, 2);
  EXPECT_TRUE(Has(wrong_file.err, "line 2: a credential code")) << wrong_file.err;
  EXPECT_TRUE(Has(wrong_file.err, "Nothing was posted")) << wrong_file.err;
  // The public file with one code pasted in.
  std::string text = ReadTree(dir_ + "/offline")[pub];
  RunResult pasted = Online(WriteFile("online/pasted.txt", text + codes[1] + "\n"));
  EXPECT_EQ(pasted.exit_code, 2);
  EXPECT_TRUE(Has(pasted.err, "line 6: a credential code")) << pasted.err;
  for (const RunResult* r : {&wrong_file, &pasted}) {
    for (const std::string& code : codes) {
      EXPECT_FALSE(Has(r->out + r->err, code));
      EXPECT_FALSE(Has(r->out + r->err, Canonical(code)));
    }
  }
  EXPECT_EQ(LogSize(), 1u);
  EXPECT_FALSE(Sync().state->roll_posted());
}

TEST_F(RollSplitTest, OnlineStepRefusesAMalformedFileNamingTheLine) {
  const std::string pub = dir_ + "/offline/public.txt";
  ASSERT_EQ(Offline(dir_ + "/offline/letters", pub).exit_code, 0);
  const std::string text = ReadTree(dir_ + "/offline")[pub];
  const size_t third = text.find('\n', text.find('\n', text.find('\n') + 1) + 1);  // end line 3
  struct Case {
    std::string text;
    std::string expected;
  };
  std::string truncated = text;
  truncated.erase(third - 3, 3);  // line 3 loses three digits
  std::string swapped_election = text;
  swapped_election[40] = swapped_election[40] == 'a' ? 'b' : 'a';
  const std::vector<Case> cases = {
      {"id,name,postal_address\n", "line 1: not a public credentials file"},
      {truncated, "line 3: a public credential is 64 lower-case hex digits (found 61"},
      {text + text.substr(text.find('\n', text.find('\n') + 1) + 1, 65),
       "line 6: not in ascending order"},
      {swapped_election, "lists the credentials of election"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    RunResult r = Online(WriteFile(Cat("online/bad", i, ".txt"), cases[i].text));
    EXPECT_EQ(r.exit_code, 2) << i;
    EXPECT_TRUE(Has(r.err, cases[i].expected)) << i << ": " << r.err;
    EXPECT_TRUE(Has(r.err, "Nothing was posted")) << i << ": " << r.err;
  }
  RunResult missing = Online(dir_ + "/online/absent.txt");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(Has(missing.err, "cannot read")) << missing.err;
  EXPECT_EQ(LogSize(), 1u);
  EXPECT_FALSE(Sync().state->roll_posted());
}

TEST_F(RollSplitTest, OfflineStepRefusalsLeaveNothingWritten) {
  // Another election's id: the manifest given is not the posted one.
  std::string other = election_;
  other[0] = other[0] == 'a' ? 'b' : 'a';
  RunResult wrong = Offline(dir_ + "/offline/l1", dir_ + "/offline/p1.txt", other);
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_TRUE(Has(wrong.err, "is the manifest of election " + election_)) << wrong.err;
  // An existing public file is never overwritten; an existing letters folder neither.
  const std::string existing = WriteFile("offline/existing.txt", "keep me");
  RunResult exists = Offline(dir_ + "/offline/l2", existing);
  EXPECT_EQ(exists.exit_code, 2);
  EXPECT_TRUE(Has(exists.err, "already exists; give a new file to --public")) << exists.err;
  EXPECT_EQ(ReadTree(dir_ + "/offline")[existing], "keep me");
  fs::create_directories(dir_ + "/offline/l3");
  RunResult folder = Offline(dir_ + "/offline/l3", dir_ + "/offline/p3.txt");
  EXPECT_EQ(folder.exit_code, 2);
  EXPECT_TRUE(Has(folder.err, "already exists; give a new folder to --out")) << folder.err;
  // A bad CSV.
  csv_ = WriteFile("bad.csv", "id,name\nA,B\n");
  RunResult bad = Offline(dir_ + "/offline/l4", dir_ + "/offline/p4.txt");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Has(bad.err, "line 1")) << bad.err;
  // Nothing was written but the two files the test made.
  std::map<std::string, std::string> left = ReadTree(dir_ + "/offline");
  EXPECT_EQ(left.size(), 1u);
  EXPECT_TRUE(fs::is_empty(dir_ + "/offline/l3"));
  EXPECT_EQ(LogSize(), 1u);
  // Usage: every input is required.
  RunResult usage = Admin({"credentials", "--manifest", manifest_});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_TRUE(Has(usage.err, "--election is required")) << usage.err;
}

}  // namespace
}  // namespace urne::testing

// The end-to-end record vectors of tests/vectors/records.json (issue #17; format in
// tests/vectors/README.md): every record gives its verdict, failing step, reason, entries and
// step statuses through urne-verify's library; and `--receipts DIR` (specs/verification.md
// §14) checks voters' receipts as earlier tree heads.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "crypto/merkle.h"
#include "election/entry.h"
#include "election/tree_head.h"
#include "status/status.h"
#include "tests/support/process.h"
#include "tests/vectors/vector_reader.h"
#include "tools/recorded_election.h"
#include "verifier/report.h"
#include "verifier/run.h"
#include "verifier/verify.h"

namespace urne::verifier {
namespace {

TEST(RecordVectors, EveryRecordGivesItsVerdict) {
  auto vectors = vectors::ReadVectors("records.json");
  std::set<std::string> failing_groups;
  size_t valid = 0;
  for (const auto& v : vectors) {
    if (v.at("kind") != "record") continue;
    SCOPED_TRACE(v.at("name"));
    auto record = DecodeRecord(testing::ReadFileBytes(Cat(URNE_VECTORS_DIR, "/", v.at("file"))));
    if (v.at("verdict") == "unusable") {
      EXPECT_EQ(ReasonOf(record.status()), v.at("reason"));
      continue;
    }
    ASSERT_TRUE(record.ok()) << record.status();
    VerifyOptions options;
    options.threads = 2;
    VerifyReport report = VerifyRecord(*record, options);
    EXPECT_EQ(report.valid ? "valid" : "invalid", v.at("verdict"));
    const StepResult* f = report.FirstFailure();
    EXPECT_EQ(f ? f->id : "", v.at("step"));
    EXPECT_EQ(f ? f->reason : "", v.at("reason"));
    EXPECT_EQ(f ? JoinEntryIndexes(f->entries) : "", v.at("entries"));
    EXPECT_EQ(StepStatusLetters(report), v.at("statuses"));
    if (report.valid) ++valid;
    if (f) failing_groups.insert(f->id.substr(0, f->id.find('.')));
  }
  EXPECT_GE(valid, 2u);
  // One rejection class per step group (9, the recomputed tally, fails only if the state
  // machine is wrong).
  EXPECT_EQ(failing_groups, (std::set<std::string>{"1", "2", "3", "4", "5", "6", "7", "8", "10",
                                                   "11", "12", "13"}));
}

TEST(RecordVectors, UnusableInputPrintsNoJson) {
  VerifyCommand command;
  command.record_file = Cat(URNE_VECTORS_DIR, "/records/entry_kind_zero.urnerec");
  command.json = true;
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(RunVerify(command, out, err), 2);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str().rfind("urne-verify: record.malformed: ", 0), 0u) << err.str();
}

// Group 1's order (specs/verification.md §1): the head's signature before the empty check.
TEST(RecordVectors, EmptyRecordFailsAfterTheHeadSignature) {
  auto election = testing::RecordedElection::Make();
  Record record = election->Sign({});
  VerifyReport report = VerifyRecord(record);
  EXPECT_EQ(report.Step(StepId::k1_1).status, StepStatus::kOk);
  EXPECT_EQ(report.Step(StepId::k1_2).reason, "verify.empty");
  EXPECT_EQ(report.Step(StepId::k1_3).status, StepStatus::kNotChecked);
  record.tree_heads[0].mutable_signature()->at(0) ^= 1;
  report = VerifyRecord(record);
  EXPECT_EQ(report.Step(StepId::k1_1).reason, "signature.invalid");
  EXPECT_EQ(report.Step(StepId::k1_2).status, StepStatus::kNotChecked);
}

class ReceiptsOption : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { election_ = testing::RecordedElection::Make().release(); }
  static void TearDownTestSuite() { delete election_; }

  // A receipt file (specs/ballot.md §8; the members the verifier reads) whose head is the
  // board's signature over `entries`.
  static void WriteReceipt(const std::string& dir, const std::vector<v1::Entry>& entries) {
    Record signed_prefix = election_->Sign(entries);
    v1::Receipt receipt;
    receipt.set_election_id(signed_prefix.tree_heads[0].election_id());
    receipt.set_index(entries.size() - 1);
    Digest32 leaf = EntryLeafHash(entries.back());
    receipt.set_leaf_hash(std::string(leaf.begin(), leaf.end()));
    *receipt.mutable_tree_head() = signed_prefix.tree_heads[0];
    std::string json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(receipt, &json).ok());
    std::ofstream(dir + "/receipt.json")
        << R"({"format": "urne-receipt/1", "receipt": )" << json << "}\n";
  }
  static int Verify(const Record& record, const std::string& receipts, std::string* out_text) {
    std::string dir = testing::MakeTempDir("urne-receipts-test");
    std::string file = dir + "/record.urnerec";
    Bytes bytes = EncodeRecord(record);
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    VerifyCommand command;
    command.record_file = file;
    command.receipts = receipts;
    command.allow_incomplete = true;
    command.threads = 2;
    std::ostringstream out;
    std::ostringstream err;
    int code = RunVerify(command, out, err);
    *out_text = out.str() + err.str();
    return code;
  }
  static testing::RecordedElection* election_;
};
testing::RecordedElection* ReceiptsOption::election_ = nullptr;

size_t CloseIndex(const std::vector<v1::Entry>& entries) {
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].kind() == v1::CLOSE) return i;
  }
  return 0;
}

TEST_F(ReceiptsOption, HonestReceiptsPass) {
  const auto& all = election_->entries();
  size_t close = CloseIndex(all);
  std::string receipts = testing::MakeTempDir("urne-receipts");
  WriteReceipt(receipts, std::vector<v1::Entry>(all.begin(),
                                                all.begin() + static_cast<std::ptrdiff_t>(close)));
  std::string text;
  EXPECT_EQ(Verify(election_->record(), receipts, &text), 0) << text;
  EXPECT_NE(text.find("2 tree head(s)"), std::string::npos) << text;
}

// The board drops the last ballot before the authority countersigns: the CLOSE, signed by an
// honest authority over what it was shown, is consistent, and the record passes every step —
// except 1.5 once the dropped ballot's receipt is given.
TEST_F(ReceiptsOption, DroppedBallotIsCaught) {
  const auto& all = election_->entries();
  size_t close = CloseIndex(all);
  ASSERT_EQ(all[close - 1].kind(), v1::BALLOT);
  std::string receipts = testing::MakeTempDir("urne-receipts");
  WriteReceipt(receipts, std::vector<v1::Entry>(all.begin(),
                                                all.begin() + static_cast<std::ptrdiff_t>(close)));
  std::vector<v1::Entry> dropped(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(close) - 1);
  MerkleTree tree;
  for (const auto& e : dropped) tree.Append(EntryLeafHash(e));
  v1::Close c;
  c.set_tree_size(dropped.size());
  Digest32 root = tree.Root();
  c.set_root_hash(std::string(root.begin(), root.end()));
  v1::Entry entry = all[close];
  entry.set_payload(Serialize(c));
  dropped.push_back(testing::Resign(entry, *election_->KeyOf(entry.author())));
  Record record = election_->Sign(dropped);
  std::string text;
  EXPECT_EQ(Verify(record, "", &text), 0) << text;  // valid so far without the receipt
  EXPECT_EQ(Verify(record, receipts, &text), 1) << text;
  EXPECT_NE(text.find("verify.tree_head_inconsistent"), std::string::npos) << text;
}

// Issue #16 §6: the report in French (--lang fr, or LANG=fr_FR.UTF-8 without the flag)
// gives a failed step's details in French words, from its stable reason (election/ speaks
// English only); --json is the same in both languages and keeps the reason.
TEST(RecordVectors, FailedStepInFrenchFromLangOrEnvironmentWithTheSameReasonInJson) {
  const std::string record = Cat(URNE_VECTORS_DIR, "/records/close_wrong_root.urnerec");
  const std::string line =
      "— close.tree_head_mismatch : la clôture ne désigne pas le registre tel qu'il est "
      "(taille et racine de Merkle) — entrée 21";
  testing::RunResult fr = testing::Run(testing::Program("urne-verify"), {record, "--lang", "fr"});
  EXPECT_EQ(fr.exit_code, 1) << fr.err;
  EXPECT_NE(fr.out.find("ÉCHEC de l'étape 8.1 : "), std::string::npos) << fr.out;
  EXPECT_NE(fr.out.find(line), std::string::npos) << fr.out;
  EXPECT_EQ(fr.out.find("countersign"), std::string::npos) << "no English detail: " << fr.out;
  EXPECT_NE(fr.out.find("(clé du tableau "), std::string::npos) << fr.out;  // an ok step's note
  {
    testing::ScopedLang french("fr_FR.UTF-8");
    testing::RunResult env = testing::Run(testing::Program("urne-verify"), {record});
    EXPECT_EQ(env.out, fr.out);
  }
  testing::RunResult en = testing::Run(testing::Program("urne-verify"), {record, "--lang", "en"});
  EXPECT_NE(en.out.find("FAILED step 8.1: "), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("— close.tree_head_mismatch: entry 21 (CLOSE): CLOSE must countersign"),
            std::string::npos)
      << en.out;
  testing::RunResult json_fr =
      testing::Run(testing::Program("urne-verify"), {record, "--lang", "fr", "--json"});
  testing::RunResult json_en =
      testing::Run(testing::Program("urne-verify"), {record, "--lang", "en", "--json"});
  EXPECT_EQ(json_fr.exit_code, 1);
  EXPECT_EQ(json_fr.out, json_en.out);
  EXPECT_NE(json_fr.out.find("\"reason\":\"close.tree_head_mismatch\""), std::string::npos)
      << json_fr.out;
  // An unusable record: the reason, then the French sentence.
  testing::RunResult unusable =
      testing::Run(testing::Program("urne-verify"),
                   {Cat(URNE_VECTORS_DIR, "/records/entry_kind_zero.urnerec"), "--lang", "fr"});
  EXPECT_EQ(unusable.exit_code, 2);
  EXPECT_EQ(unusable.err.rfind("urne-verify: record.malformed: le fichier d'enregistrement est "
                               "abîmé ou n'en est pas un ; téléchargez-le à nouveau\n",
                               0),
            0u)
      << unusable.err;
}

}  // namespace
}  // namespace urne::verifier

// urne-verify in bounded memory (issue #18, specs/verification.md "Reading the record"): a
// record file read a window of entries at a time (verifier/record_file.h, VerifyRecordSource)
// gives exactly the report of the record verified in memory, for every record vector and
// any window; a bad proof among many ballots is named exactly; revotes and replacements
// across windows read the superseded ballot back and the running tally matches.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "election/entry.h"
#include "election/tree_head.h"
#include "status/status.h"
#include "tests/support/process.h"
#include "tests/vectors/vector_reader.h"
#include "tools/recorded_election.h"
#include "tools/scripted_election.h"
#include "verifier/record_file.h"
#include "verifier/verify.h"

namespace urne::verifier {
namespace {

std::string WriteTemp(const std::string& name, const Bytes& bytes) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  return path;
}

// Every field of the two reports, step by step.
void ExpectSameReport(const VerifyReport& a, const VerifyReport& b) {
  EXPECT_EQ(a.valid, b.valid);
  EXPECT_EQ(a.complete, b.complete);
  EXPECT_EQ(a.phase, b.phase);
  EXPECT_EQ(a.election_id, b.election_id);
  EXPECT_EQ(a.entries, b.entries);
  EXPECT_EQ(a.registered, b.registered);
  EXPECT_EQ(a.ballots_counted, b.ballots_counted);
  EXPECT_EQ(a.replacements.size(), b.replacements.size());
  ASSERT_EQ(a.steps.size(), b.steps.size());
  for (size_t i = 0; i < a.steps.size(); ++i) {
    SCOPED_TRACE(a.steps[i].id);
    EXPECT_EQ(a.steps[i].status, b.steps[i].status);
    EXPECT_EQ(a.steps[i].reason, b.steps[i].reason);
    EXPECT_EQ(a.steps[i].message, b.steps[i].message);
    EXPECT_EQ(a.steps[i].entries, b.steps[i].entries);
  }
  ASSERT_EQ(a.tallies.size(), b.tallies.size());
  for (size_t q = 0; q < a.tallies.size(); ++q) EXPECT_EQ(a.tallies[q].counts, b.tallies[q].counts);
}

TEST(StreamingVerify, RecordFileGivesTheInMemoryReportForEveryVectorAndWindow) {
  size_t checked = 0;
  for (const auto& v : vectors::ReadVectors("records.json")) {
    if (v.at("kind") != "record") continue;
    SCOPED_TRACE(v.at("name"));
    const std::string path = Cat(URNE_VECTORS_DIR, "/", v.at("file"));
    auto in_memory = DecodeRecord(testing::ReadFileBytes(path));
    auto file = RecordFile::Open(path);
    if (v.at("verdict") == "unusable") {
      // Found when opening (framing, heads) or when the entry is reached.
      absl::Status s = file.ok() ? VerifyRecordSource(**file).status() : file.status();
      EXPECT_EQ(ReasonOf(s), v.at("reason"));
      EXPECT_EQ(ReasonOf(in_memory.status()), v.at("reason"));
      continue;
    }
    ASSERT_TRUE(file.ok()) << file.status();
    ASSERT_TRUE(in_memory.ok());
    VerifyOptions options;
    options.threads = 2;
    const VerifyReport expected = VerifyRecord(*in_memory, options);
    for (uint64_t window : {1, 2, 5, 4096}) {
      SCOPED_TRACE(Cat("window ", window));
      options.window = window;
      auto streamed = VerifyRecordSource(**file, options);
      ASSERT_TRUE(streamed.ok()) << streamed.status();
      ExpectSameReport(*streamed, expected);
    }
    ++checked;
  }
  EXPECT_GE(checked, 25u);
}

TEST(StreamingVerify, RevoteAndReplacementAcrossWindowsKeepTheTally) {
  // 5 ballots with a revote, an audit, a replacement whose revoked credential had a counted
  // ballot (tools/recorded_election.h): with a window of one entry, every superseded or
  // revoked ballot is read back from the file.
  auto election = testing::RecordedElection::Make();
  const std::string path = WriteTemp("revotes.urnerec", EncodeRecord(election->record()));
  auto file = RecordFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status();
  VerifyOptions options;
  options.window = 1;
  auto report = VerifyRecordSource(**file, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->valid) << (report->FirstFailure() ? report->FirstFailure()->reason : "");
  EXPECT_EQ(report->Step(StepId::k9_1).status, StepStatus::kOk);
  EXPECT_EQ(report->replacements.size(), 1u);
  EXPECT_TRUE(report->replacements[0].revoked_ballot_counted);
  ExpectSameReport(*report, VerifyRecord(election->record()));
}

// An election of `voters` ballots (voters 0–9 vote again after everyone), left open.
struct ManyBallots {
  std::vector<v1::Entry> entries;
  std::unique_ptr<testing::ScriptedElection> script;
  size_t first_ballot = 0;
};

ManyBallots CastMany(size_t voters) {
  ManyBallots out;
  testing::ScriptOptions options;
  options.voters = voters;
  out.script = std::make_unique<testing::ScriptedElection>(options, [&](const v1::Entry& e) {
    out.entries.push_back(e);
    return absl::OkStatus();
  });
  auto& e = *out.script;
  EXPECT_TRUE(e.Create().ok());
  EXPECT_TRUE(e.Ceremony().ok());
  EXPECT_TRUE(e.Open().ok());
  out.first_ballot = out.entries.size();
  for (size_t v = 0; v < voters + 10; ++v) {
    const auto odd = static_cast<uint32_t>(v & 1);
    auto cast = e.Cast(
        v % voters, testing::TestChoices(static_cast<uint32_t>(v % 3), {odd, 0, 0}, {0, 1, odd}));
    EXPECT_TRUE(cast.ok()) << cast.status();
  }
  return out;
}

Record Signed(const std::vector<v1::Entry>& entries, const SigningKey& board) {
  Record record;
  record.entries = entries;
  MerkleTree tree;
  for (const auto& e : entries) tree.Append(EntryLeafHash(e));
  v1::SignedTreeHead head;
  head.set_election_id(entries[0].election_id());
  head.set_tree_size(entries.size());
  const Digest32 root = tree.Root();
  head.set_root_hash(std::string(root.begin(), root.end()));
  head.set_timestamp_ms(1'800'000'000'000);
  SignTreeHead(head, board);
  record.tree_heads.push_back(std::move(head));
  return record;
}

TEST(StreamingVerify, OneBadProofAmongManyBallotsNamesExactlyThatBallot) {
  constexpr size_t kVoters = 300;
  ManyBallots many = CastMany(kVoters);
  ASSERT_EQ(many.entries.size(), many.first_ballot + kVoters + 10);
  const SigningKey& board = many.script->board_signing_key();
  VerifyOptions options;
  options.threads = 2;
  options.window = 64;  // the ballots span several windows and batches
  options.allow_incomplete = true;

  // The untouched record: valid so far, every counted ballot summed once (10 revotes).
  auto good =
      RecordFile::Open(WriteTemp("many.urnerec", EncodeRecord(Signed(many.entries, board))));
  ASSERT_TRUE(good.ok()) << good.status();
  auto report = VerifyRecordSource(**good, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->valid) << (report->FirstFailure() ? report->FirstFailure()->message : "");
  EXPECT_EQ(report->Step(StepId::k9_1).message, Cat(kVoters, " ballots counted"));

  // Ballot 211: one response of its first range proof changed, signed again by its voter.
  const size_t bad = many.first_ballot + 211;
  v1::Entry& entry = many.entries[bad];
  v1::Ballot ballot;
  ASSERT_TRUE(ParseStrict(entry.payload(), ballot).ok());
  std::string* proof = ballot.mutable_questions(0)->mutable_range_proofs(0);
  (*proof)[proof->size() - 32] ^= 1;  // the low byte of the last branch's response v
  entry = MakeEntry(many.script->id(), v1::BALLOT, Serialize(ballot), many.script->voter(211));
  auto tampered =
      RecordFile::Open(WriteTemp("many-bad.urnerec", EncodeRecord(Signed(many.entries, board))));
  ASSERT_TRUE(tampered.ok()) << tampered.status();
  report = VerifyRecordSource(**tampered, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->valid);
  const StepResult* f = report->FirstFailure();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->id, "6.3");
  EXPECT_EQ(f->reason, "proof.range.invalid");
  EXPECT_EQ(f->entries, std::vector<uint64_t>{bad});
  EXPECT_NE(f->message.find(Cat("entry ", bad, " (BALLOT)")), std::string::npos) << f->message;
  // The ballots before it passed their steps; nothing after it was checked as counted.
  EXPECT_EQ(report->Step(StepId::k1_4).status, StepStatus::kOk);
  EXPECT_EQ(report->Step(StepId::k9_1).status, StepStatus::kNotChecked);
}

TEST(StreamingVerify, MalformedEntryInTheFileIsUnusableInput) {
  auto election = testing::RecordedElection::Make();
  Bytes bytes = EncodeRecord(election->record());
  // Entry 0's leaf data starts after magic, count and its frame length: break its label.
  bytes[8 + 4 + 4 + 4] ^= 0xff;
  auto file = RecordFile::Open(WriteTemp("malformed.urnerec", bytes));
  ASSERT_TRUE(file.ok()) << file.status();  // the framing is intact
  auto report = VerifyRecordSource(**file);
  EXPECT_EQ(ReasonOf(report.status()), "record.malformed");
  EXPECT_NE(std::string(report.status().message()).find("entry 0"), std::string::npos)
      << report.status();
}

TEST(StreamingVerify, TruncatedFileIsRefusedWhenOpened) {
  auto election = testing::RecordedElection::Make();
  Bytes bytes = EncodeRecord(election->record());
  bytes.resize(bytes.size() - 1);
  auto file = RecordFile::Open(WriteTemp("truncated.urnerec", bytes));
  EXPECT_EQ(ReasonOf(file.status()), "record.malformed");
  EXPECT_EQ(ReasonOf(RecordFile::Open(::testing::TempDir() + "/no-such.urnerec").status()),
            "file.unreadable");
}

}  // namespace
}  // namespace urne::verifier

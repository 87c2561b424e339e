// Field counting on the wire before parsing (election/field_count.h, specs/board.md §5.3).
#include "election/field_count.h"

#include <gtest/gtest.h>

#include "election/entry.h"
#include "status/status.h"
#include "urne/v1/manifest.pb.h"

namespace urne {
namespace {

void SetText(v1::Text* t, const std::string& s) {
  t->set_fr(s + " (fr)");
  t->set_en(s + " (en)");
}

// The largest manifest the rules allow in fields: 32 questions of 64 options, every text and
// description set, a decision per question, 9 trustees.
v1::Manifest LargestManifest() {
  v1::Manifest m;
  m.set_version(1);
  m.set_group("ristretto255");
  m.set_reference("largest");
  SetText(m.mutable_title(), "t");
  SetText(m.mutable_organiser(), "o");
  SetText(m.mutable_description(), "d");
  for (int q = 0; q < 32; ++q) {
    v1::Question* question = m.add_questions();
    question->set_id(Cat("q", q));
    SetText(question->mutable_title(), "t");
    SetText(question->mutable_text(), "x");
    question->set_kind(v1::BUDGET);
    question->set_min_selections(1);
    question->set_max_selections(64);
    question->set_budget(1000);
    question->set_unit("EUR");
    for (int o = 0; o < 64; ++o) {
      v1::Option* option = question->add_options();
      option->set_id(Cat("o", o));
      SetText(option->mutable_label(), "l");
      SetText(option->mutable_description(), "d");
      option->set_cost(10);
      option->set_blank(true);
    }
    v1::Decision* d = m.add_decisions();
    d->set_id(Cat("d", q));
    SetText(d->mutable_title(), "t");
    d->set_rule(v1::BUDGET_GREEDY);
    d->add_question_ids(question->id());
    d->set_seats(3);
    d->set_tie_break(v1::LOWER_COST);
  }
  for (int t = 0; t < 9; ++t) {
    v1::Trustee* trustee = m.add_trustees();
    trustee->set_name("trustee");
    trustee->set_signing_key(std::string(32, 'k'));
    trustee->set_box_key(std::string(32, 'b'));
  }
  m.set_threshold(5);
  m.set_authority_key(std::string(32, 'a'));
  m.set_board_key(std::string(32, 'b'));
  m.set_revote_policy(v1::SINGLE_BALLOT);
  m.set_opens_at(2);
  m.set_closes_at(3);
  m.set_ceremony_deadline(1);
  m.set_min_counted_ballots(10);
  return m;
}

TEST(FieldCount, CountsEveryFieldAtEveryDepth) {
  v1::Manifest m;
  m.set_version(1);                  // 1
  SetText(m.mutable_title(), "t");   // 3: title, fr, en
  m.add_questions()->add_options();  // 2: questions, options (empty)
  m.add_trustees()->set_name("n");   // 2
  const std::string wire = Serialize(m);
  EXPECT_EQ(CountFields(wire, *v1::Manifest::descriptor(), 100), 8u);
  // Counting stops just past the limit.
  EXPECT_EQ(CountFields(wire, *v1::Manifest::descriptor(), 3), 4u);
  // Bytes fields are not read as messages: a credential that happens to look like fields
  // counts once.
  v1::Roll roll;
  roll.add_credentials(std::string("\x0a\x00\x0a\x00", 4) + std::string(28, '\0'));
  EXPECT_EQ(CountFields(Serialize(roll), *v1::Roll::descriptor(), 100), 1u);
}

TEST(FieldCount, MalformedWireDataEndsTheCount) {
  // A length beyond the end, a truncated varint, a group wire type: the count stops there
  // (the strict parser names the error later).
  EXPECT_EQ(CountFields(std::string("\x08\x01\x3a\x7f", 4), *v1::Manifest::descriptor(), 100), 2u);
  EXPECT_EQ(CountFields(std::string("\x08\xff", 2), *v1::Manifest::descriptor(), 100), 1u);
  EXPECT_EQ(CountFields(std::string("\x0b\x08\x01", 3), *v1::Manifest::descriptor(), 100), 1u);
}

TEST(FieldCount, TheLargestValidManifestIsWithinTheLimit) {
  const std::string wire = Serialize(LargestManifest());
  const size_t count = CountFields(wire, *v1::Manifest::descriptor(), SIZE_MAX);
  EXPECT_GT(count, 20'000u);
  EXPECT_LE(count, MaxFields(v1::MANIFEST, wire.size()));
  EXPECT_TRUE(CheckFieldCount(v1::MANIFEST, wire).ok());
}

TEST(FieldCount, EmptyRepeatedFieldsAreRefusedWithTheReason) {
  std::string bomb;
  for (int i = 0; i < 40'000; ++i) bomb += std::string("\x3a\x00", 2);  // empty questions
  absl::Status s = CheckFieldCount(v1::MANIFEST, bomb);
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted) << s;
  EXPECT_EQ(ReasonOf(s), "limit.field_count") << s;

  // A roll: every valid credential field is 34 bytes; 3 of them pass, empty ones do not.
  v1::Roll roll;
  for (int i = 0; i < 3; ++i) roll.add_credentials(std::string(32, static_cast<char>('a' + i)));
  EXPECT_TRUE(CheckFieldCount(v1::ROLL, Serialize(roll)).ok());
  std::string empty_credentials;
  for (int i = 0; i < 51; ++i) empty_credentials += std::string("\x0a\x00", 2);
  EXPECT_EQ(ReasonOf(CheckFieldCount(v1::ROLL, empty_credentials)), "limit.field_count");
  // Kinds the manifest bounds exactly are not counted.
  EXPECT_TRUE(CheckFieldCount(v1::BALLOT, bomb).ok());
}

}  // namespace
}  // namespace urne

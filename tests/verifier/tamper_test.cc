// The tamper suite: a real recorded election, then (1) every field of every entry's payload,
// found by protobuf reflection from the message definitions, changed one at a time — once
// re-signed with the real author key (the semantic check must fail) and once not (the
// signature check must fail); (2) every envelope field changed; (3) structural attacks, each
// asserting the step that names it (specs/verification.md).
#include <gtest/gtest.h>

#include <functional>
#include <optional>

#include "crypto/ed25519.h"
#include "crypto/merkle.h"
#include "election/entry.h"
#include "election/tree_head.h"
#include "status/status.h"
#include "tools/recorded_election.h"
#include "verifier/verify.h"

namespace urne::verifier {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using testing::RecordedElection;
using testing::Resign;

// The payload message of each entry kind.
std::unique_ptr<Message> PayloadFor(v1::EntryKind kind) {
  switch (kind) {
    case v1::MANIFEST:
      return std::make_unique<v1::Manifest>();
    case v1::ROLL:
      return std::make_unique<v1::Roll>();
    case v1::TRUSTEE_COMMITMENT:
      return std::make_unique<v1::TrusteeCommitment>();
    case v1::SEALED_SHARES:
      return std::make_unique<v1::SealedShares>();
    case v1::SHARE_VERDICT:
      return std::make_unique<v1::ShareVerdict>();
    case v1::SHARE_REVEAL:
      return std::make_unique<v1::ShareReveal>();
    case v1::OPEN:
      return std::make_unique<v1::Open>();
    case v1::BALLOT:
      return std::make_unique<v1::Ballot>();
    case v1::AUDIT:
      return std::make_unique<v1::Audit>();
    case v1::CLOSE:
      return std::make_unique<v1::Close>();
    case v1::PARTIAL_DECRYPTION:
      return std::make_unique<v1::PartialDecryption>();
    case v1::RESULT:
      return std::make_unique<v1::Result>();
    case v1::CREDENTIAL_REPLACEMENT:
      return std::make_unique<v1::CredentialReplacement>();
    default:
      return nullptr;
  }
}

std::string FlipBit(std::string s) {
  if (s.empty()) return "\x01";
  s[s.size() / 2] ^= 1;
  return s;
}

// Walks every field of `m` recursively in descriptor order, counting mutation points: a set
// scalar/string/bytes/enum changed (one bit flipped), the first element of a repeated field
// changed (recursing into messages), an empty repeated field given one element, an absent
// message field set. When the running count reaches `target`, applies that mutation, sets
// `name` and returns true. With target < 0 it only counts.
bool MutateAt(Message& m, int target, int& count, std::string& name, const std::string& prefix) {
  const Reflection* r = m.GetReflection();
  const auto* d = m.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    std::string path = Cat(prefix, f->name());
    auto hit = [&](const std::string& what) {
      if (count++ != target) return false;
      name = Cat(path, what);
      return true;
    };
    if (f->is_repeated()) {
      int size = r->FieldSize(m, f);
      if (size == 0) {
        if (!hit("[+]")) continue;
        switch (f->cpp_type()) {
          case FieldDescriptor::CPPTYPE_MESSAGE:
            r->AddMessage(&m, f);
            break;
          case FieldDescriptor::CPPTYPE_STRING:
            r->AddString(&m, f, "\x01");
            break;
          case FieldDescriptor::CPPTYPE_UINT32:
            r->AddUInt32(&m, f, 1);
            break;
          case FieldDescriptor::CPPTYPE_UINT64:
            r->AddUInt64(&m, f, 1);
            break;
          case FieldDescriptor::CPPTYPE_INT32:
            r->AddInt32(&m, f, 1);
            break;
          case FieldDescriptor::CPPTYPE_INT64:
            r->AddInt64(&m, f, 1);
            break;
          case FieldDescriptor::CPPTYPE_ENUM:
            r->AddEnumValue(&m, f, 1);
            break;
          case FieldDescriptor::CPPTYPE_BOOL:
            r->AddBool(&m, f, true);
            break;
          default:
            ADD_FAILURE() << "unhandled field type of " << path;
        }
        return true;
      }
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        if (MutateAt(*r->MutableRepeatedMessage(&m, f, 0), target, count, name,
                     Cat(path, "[0]."))) {
          return true;
        }
        continue;
      }
      if (!hit("[0]")) continue;
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING:
          r->SetRepeatedString(&m, f, 0, FlipBit(r->GetRepeatedString(m, f, 0)));
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          r->SetRepeatedUInt32(&m, f, 0, r->GetRepeatedUInt32(m, f, 0) ^ 1);
          break;
        case FieldDescriptor::CPPTYPE_UINT64:
          r->SetRepeatedUInt64(&m, f, 0, r->GetRepeatedUInt64(m, f, 0) ^ 1);
          break;
        case FieldDescriptor::CPPTYPE_INT32:
          r->SetRepeatedInt32(&m, f, 0, r->GetRepeatedInt32(m, f, 0) ^ 1);
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          r->SetRepeatedInt64(&m, f, 0, r->GetRepeatedInt64(m, f, 0) ^ 1);
          break;
        case FieldDescriptor::CPPTYPE_ENUM:
          r->SetRepeatedEnumValue(&m, f, 0, r->GetRepeatedEnumValue(m, f, 0) ^ 1);
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          r->SetRepeatedBool(&m, f, 0, !r->GetRepeatedBool(m, f, 0));
          break;
        default:
          ADD_FAILURE() << "unhandled field type of " << path;
      }
      return true;
    }
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (!r->HasField(m, f)) {
        if (!hit("{}")) continue;
        r->MutableMessage(&m, f);
        return true;
      }
      if (MutateAt(*r->MutableMessage(&m, f), target, count, name, Cat(path, "."))) return true;
      continue;
    }
    if (!hit("")) continue;
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        r->SetString(&m, f, FlipBit(r->GetString(m, f)));
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        r->SetUInt32(&m, f, r->GetUInt32(m, f) ^ 1);
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        r->SetUInt64(&m, f, r->GetUInt64(m, f) ^ 1);
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        r->SetInt32(&m, f, r->GetInt32(m, f) ^ 1);
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        r->SetInt64(&m, f, r->GetInt64(m, f) ^ 1);
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        r->SetEnumValue(&m, f, r->GetEnumValue(m, f) ^ 1);
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        r->SetBool(&m, f, !r->GetBool(m, f));
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE:
        r->SetDouble(&m, f, r->GetDouble(m, f) + 1);
        break;
      case FieldDescriptor::CPPTYPE_FLOAT:
        r->SetFloat(&m, f, r->GetFloat(m, f) + 1);
        break;
      default:
        ADD_FAILURE() << "unhandled field type of " << path;
    }
    return true;
  }
  return false;
}

int CountPoints(const Message& m) {
  std::unique_ptr<Message> copy(m.New());
  copy->CopyFrom(m);
  int count = 0;
  std::string name;
  MutateAt(*copy, -1, count, name, "");
  return count;
}

VerifyReport Check(const Record& record) {
  VerifyOptions options;
  options.threads = 2;
  return VerifyRecord(record, options);
}

std::string Describe(const VerifyReport& r) {
  const StepResult* f = r.FirstFailure();
  if (!f) return r.valid ? "valid" : "invalid without a failed step";
  std::string out = Cat("step ", f->id, " ", f->reason, ": ", f->message, " entries");
  for (uint64_t e : f->entries) out += Cat(" ", e);
  return out;
}

class TamperTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { election_ = RecordedElection::Make().release(); }
  static void TearDownTestSuite() {
    delete election_;
    election_ = nullptr;
  }
  static RecordedElection& E() { return *election_; }
  static const std::vector<v1::Entry>& Log() { return election_->entries(); }
  static uint64_t IndexOf(v1::EntryKind kind, int nth = 0) {
    for (uint64_t i = 0; i < Log().size(); ++i) {
      if (Log()[i].kind() == kind && nth-- == 0) return i;
    }
    ADD_FAILURE() << "no " << v1::EntryKind_Name(kind);
    return 0;
  }
  // Verifies `entries` under a fresh, correctly signed tree head and expects `step` to fail.
  static void ExpectStep(const std::vector<v1::Entry>& entries, const std::string& step,
                         const std::string& reason = "") {
    VerifyReport r = Check(E().Sign(entries));
    EXPECT_FALSE(r.valid);
    const StepResult* f = r.FirstFailure();
    ASSERT_NE(f, nullptr) << Describe(r);
    EXPECT_EQ(f->id, step) << Describe(r);
    if (!reason.empty()) {
      EXPECT_EQ(f->reason, reason) << Describe(r);
    }
  }
  // What a colluding authority and trustees would re-sign after entry `changed` of `log` was
  // altered: every OPEN and CLOSE after it countersigns the altered log, and every partial
  // decryption after a re-signed CLOSE names that CLOSE.
  static void Recountersign(std::vector<v1::Entry>& log, uint64_t changed) {
    MerkleTree tree;
    std::optional<v1::Close> close;
    for (uint64_t k = 0; k < log.size(); ++k) {
      v1::Entry& e = log[k];
      if (k > changed && (e.kind() == v1::OPEN || e.kind() == v1::CLOSE)) {
        Digest32 root = tree.Root();
        v1::Open open;
        v1::Close c;
        open.set_tree_size(k);
        open.set_root_hash(std::string(root.begin(), root.end()));
        c.set_tree_size(k);
        c.set_root_hash(std::string(root.begin(), root.end()));
        e.set_election_id(log[0].election_id());
        e.set_payload(e.kind() == v1::OPEN ? Serialize(open) : Serialize(c));
        if (e.kind() == v1::CLOSE) close = c;
        e = Resign(e, E().script().authority());
      } else if (k > changed && e.kind() == v1::PARTIAL_DECRYPTION && close) {
        v1::PartialDecryption pd;
        if (ParseStrict(e.payload(), pd).ok() && E().KeyOf(e.author()) != nullptr) {
          pd.set_close_tree_size(close->tree_size());
          pd.set_close_root_hash(close->root_hash());
          e.set_payload(Serialize(pd));
          e = Resign(e, *E().KeyOf(e.author()));
        }
      }
      tree.Append(EntryLeafHash(e));
    }
  }
  // The OPEN or CLOSE (`kind`) the authority would sign over log[0, at).
  static v1::Entry CountersignedAt(const std::vector<v1::Entry>& log, uint64_t at,
                                   v1::EntryKind kind) {
    MerkleTree tree;
    for (uint64_t i = 0; i < at; ++i) tree.Append(EntryLeafHash(log[i]));
    Digest32 root = tree.Root();
    v1::Open open;
    open.set_tree_size(at);
    open.set_root_hash(std::string(root.begin(), root.end()));
    v1::Close close;
    close.set_tree_size(at);
    close.set_root_hash(std::string(root.begin(), root.end()));
    return MakeEntry(E().script().id(), kind, kind == v1::OPEN ? Serialize(open) : Serialize(close),
                     E().script().authority());
  }
  static RecordedElection* election_;
};
RecordedElection* TamperTest::election_ = nullptr;

TEST_F(TamperTest, TheUntouchedRecordVerifies) {
  VerifyReport r = Check(E().record());
  EXPECT_TRUE(r.valid) << Describe(r);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.phase, "TALLIED");
  for (const auto& s : r.steps) EXPECT_EQ(s.status, StepStatus::kOk) << s.id;
  ASSERT_EQ(r.tallies.size(), 3u);
  // Counted: voter 0 (yes), voter 1's revote (blank), voter 2 (yes), voter 3 (yes).
  EXPECT_EQ(r.tallies[0].counts, (std::vector<uint64_t>{3, 0, 1}));
  EXPECT_EQ(r.ballots_counted, 4u);
  EXPECT_EQ(r.registered, 6u);
  // The record file round-trips.
  auto decoded = DecodeRecord(EncodeRecord(E().record()));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_TRUE(Check(*decoded).valid);
}

// Every field of every entry, found by reflection: adding a field to a message adds its
// mutations here with no edit.
TEST_F(TamperTest, EveryPayloadFieldMutatedIsRejected) {
  int mutations = 0;
  std::set<std::string> kinds_mutated;
  for (uint64_t i = 0; i < Log().size(); ++i) {
    const v1::Entry& original = Log()[i];
    std::unique_ptr<Message> payload = PayloadFor(original.kind());
    ASSERT_TRUE(payload != nullptr);
    ASSERT_TRUE(ParseStrict(original.payload(), *payload).ok());
    const SigningKey* key = E().KeyOf(original.author());
    ASSERT_NE(key, nullptr);
    int points = CountPoints(*payload);
    for (int k = 0; k < points; ++k) {
      std::unique_ptr<Message> mutated(payload->New());
      mutated->CopyFrom(*payload);
      int count = 0;
      std::string field;
      ASSERT_TRUE(MutateAt(*mutated, k, count, field, ""));
      std::string what = Cat("entry ", i, " (", v1::EntryKind_Name(original.kind()), ") ",
                             payload->GetDescriptor()->name(), ".", field);
      std::vector<v1::Entry> log = Log();
      log[i].set_payload(Serialize(*mutated));
      ++mutations;
      kinds_mutated.insert(v1::EntryKind_Name(original.kind()));
      // Not re-signed: the author's signature no longer holds.
      {
        VerifyReport r = Check(E().Sign(log));
        EXPECT_FALSE(r.valid) << what;
        const StepResult* f = r.FirstFailure();
        ASSERT_NE(f, nullptr) << what;
        if (original.kind() == v1::MANIFEST) {
          // The manifest's hash is the election id: every entry now names another election.
          EXPECT_EQ(f->id, "1.3") << what << ": " << Describe(r);
        } else {
          EXPECT_EQ(f->id, "1.4") << what << ": " << Describe(r);
          EXPECT_EQ(f->entries, std::vector<uint64_t>{i}) << what;
        }
      }
      // And the board's original tree head no longer matches.
      {
        Record record = E().record();
        record.entries = log;
        VerifyReport r = Check(record);
        ASSERT_NE(r.FirstFailure(), nullptr) << what;
        EXPECT_EQ(r.FirstFailure()->id, "1.2") << what << ": " << Describe(r);
      }
      // Re-signed with the real author key, OPEN and CLOSE re-countersigned by the authority,
      // partial decryptions re-bound by the trustees and the tree head re-signed by the board
      // (all colluding): a semantic step still fails.
      log[i] = Resign(log[i], *key);
      Recountersign(log, i);
      VerifyReport r = Check(E().Sign(log));
      if (field == "shares[0].sealed") {
        // A sealed share is opaque to everyone but its recipient: the dealer may seal
        // anything; the recipient's verdict (4.4) is the check, not the verifier's.
        EXPECT_TRUE(r.valid) << what << ": " << Describe(r);
        continue;
      }
      if (original.kind() == v1::BALLOT && field == "seen_tree_size") {
        // The tree size a voter's client saw is the voter's word: any value from just above
        // the credential's previous ballot up to the ballot's own index is a ballot the
        // voter could have signed (specs/ballot.md §4 rules 8–9); outside it, step 6.7.
        v1::Ballot changed;
        ASSERT_TRUE(changed.ParseFromString(log[i].payload()));
        uint64_t previous = 0;
        bool has_previous = false;
        for (uint64_t j = 0; j < i; ++j) {
          if (Log()[j].kind() == v1::BALLOT && Log()[j].author() == original.author()) {
            previous = j;
            has_previous = true;
          }
        }
        const uint64_t seen = changed.seen_tree_size();
        const bool allowed = seen <= i && (!has_previous || seen > previous);
        EXPECT_EQ(r.valid, allowed) << what << " = " << seen << ": " << Describe(r);
        if (!allowed) {
          ASSERT_NE(r.FirstFailure(), nullptr) << what;
          EXPECT_EQ(r.FirstFailure()->id, "6.7") << what << ": " << Describe(r);
        }
        continue;
      }
      if (original.kind() == v1::OPEN && field == "opened_at") {
        // The time of OPEN is the authority's word, checked against the board's clock when
        // posted (specs/board.md); the replay reads it only to allow an exclusion, and this
        // ceremony is complete: another time is a record the authority could have signed.
        EXPECT_TRUE(r.valid) << what << ": " << Describe(r);
        continue;
      }
      if (original.kind() == v1::CREDENTIAL_REPLACEMENT && field == "replaced_at") {
        // The authority's time, checked against the board's clock when posted: any time at
        // or after the OPEN's is a record the authority could have signed; before it, 5.2.
        v1::CredentialReplacement changed;
        v1::Open open;
        ASSERT_TRUE(changed.ParseFromString(log[i].payload()));
        ASSERT_TRUE(open.ParseFromString(Log()[IndexOf(v1::OPEN)].payload()));
        const bool allowed = changed.replaced_at() >= open.opened_at();
        EXPECT_EQ(r.valid, allowed) << what << ": " << Describe(r);
        if (!allowed) {
          ASSERT_NE(r.FirstFailure(), nullptr) << what;
          EXPECT_EQ(r.FirstFailure()->id, "5.2") << what << ": " << Describe(r);
          EXPECT_EQ(r.FirstFailure()->reason, "replacement.time_order") << what;
        }
        continue;
      }
      if (original.kind() == v1::ROLL && field == "credentials[0]" && r.valid) {
        // The lowest credential flipped into another valid key, still in order: if its
        // voter never voted, nothing public contradicts the new roll (the letters are
        // private), so a colluding authority and board go unseen by the verifier — that
        // voter notices on trying to vote (credential.not_on_roll). If the voter voted, the
        // record must be refused. (Random keys make this case rare, so it is checked here
        // rather than expected.)
        v1::Roll roll;
        v1::Roll changed;
        ASSERT_TRUE(roll.ParseFromString(original.payload()));
        ASSERT_TRUE(changed.ParseFromString(log[i].payload()));
        EXPECT_TRUE(ParsePublicKey(AsBytes(changed.credentials(0))).ok()) << what;
        for (const v1::Entry& entry : log) {
          EXPECT_FALSE(entry.author() == roll.credentials(0)) << what << ": its voter voted";
        }
        continue;
      }
      EXPECT_FALSE(r.valid) << what << ": " << Describe(r);
      const StepResult* f = r.FirstFailure();
      ASSERT_NE(f, nullptr) << what;
      EXPECT_NE(f->id, "1.1") << what;
      EXPECT_NE(f->id, "1.2") << what;
      EXPECT_NE(f->id, "1.4") << what;
      if (original.kind() != v1::CLOSE) {
        EXPECT_NE(f->id, "8.1") << what << ": " << Describe(r);
      }
      if (original.kind() == v1::MANIFEST) {
        // A changed manifest is another election: its id no longer matches the entries'.
        EXPECT_EQ(f->id, "1.3") << what << ": " << Describe(r);
      }
    }
  }
  // Every kind, OPEN included (it countersigns the log it opens).
  EXPECT_EQ(kinds_mutated.size(), 13u) << "every entry kind is in the recorded election";
  EXPECT_EQ(kinds_mutated.count("OPEN"), 1u);
  EXPECT_GT(mutations, 100);
}

TEST_F(TamperTest, EveryEnvelopeFieldMutatedIsRejected) {
  const auto* d = v1::Entry::descriptor();
  for (uint64_t i = 0; i < Log().size(); ++i) {
    for (int fi = 0; fi < d->field_count(); ++fi) {
      const FieldDescriptor* f = d->field(fi);
      std::vector<v1::Entry> log = Log();
      const Reflection* r = log[i].GetReflection();
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
        r->SetEnumValue(&log[i], f, r->GetEnumValue(log[i], f) ^ 1);
      } else {
        r->SetString(&log[i], f, FlipBit(r->GetString(log[i], f)));
      }
      std::string what = Cat("entry ", i, " envelope ", f->name());
      VerifyReport rep = Check(E().Sign(log));
      EXPECT_FALSE(rep.valid) << what;
      const StepResult* fail = rep.FirstFailure();
      ASSERT_NE(fail, nullptr) << what;
      if (f->name() == "election_id") {
        EXPECT_EQ(fail->id, "1.3") << what << ": " << Describe(rep);
      } else if (!(i == 0 && f->name() == "payload")) {
        EXPECT_EQ(fail->id, "1.4") << what << ": " << Describe(rep);
      }
    }
  }
}

// Reordering ballots: the later one now sits before the log its client saw (6.7), and the
// countersigned CLOSE would not match either (8.1).
TEST_F(TamperTest, SwappedBallotsBreakTheirOrderAndTheCountersignedClose) {
  std::vector<v1::Entry> log = Log();
  std::swap(log[IndexOf(v1::BALLOT, 0)], log[IndexOf(v1::BALLOT, 1)]);
  ExpectStep(log, "6.7", "ballot.seen_ahead");
  EXPECT_EQ(Check(E().Sign(log)).FirstFailure()->entries,
            std::vector<uint64_t>{IndexOf(v1::BALLOT, 0)});
}

// Unique entries (specs/entries.md §3): a second OPEN or CLOSE, even validly countersigning
// the log as it stands, is refused by name, and the failure names both entries.
TEST_F(TamperTest, SecondCloseIsRefusedByName) {
  std::vector<v1::Entry> log = Log();
  uint64_t c = IndexOf(v1::CLOSE);
  log.insert(log.begin() + static_cast<std::ptrdiff_t>(c) + 1,
             CountersignedAt(log, c + 1, v1::CLOSE));
  ExpectStep(log, "8.1", "close.already_posted");
  EXPECT_EQ(Check(E().Sign(log)).FirstFailure()->entries, (std::vector<uint64_t>{c, c + 1}));
}

TEST_F(TamperTest, SecondOpenIsRefusedByName) {
  std::vector<v1::Entry> log = Log();
  uint64_t o = IndexOf(v1::OPEN);
  log.insert(log.begin() + static_cast<std::ptrdiff_t>(o) + 1,
             CountersignedAt(log, o + 1, v1::OPEN));
  Recountersign(log, o + 1);
  ExpectStep(log, "5.1", "open.already_posted");
  EXPECT_EQ(Check(E().Sign(log)).FirstFailure()->entries, (std::vector<uint64_t>{o, o + 1}));
}

// The OPEN fixes the log it opens (roll, ceremony, hence the qualified dealers): the same
// entries in another order, as a board could serve them, no longer match it, even with the
// CLOSE and partial decryptions re-signed over the reordered log.
TEST_F(TamperTest, OpenThatDoesNotMatchItsLog) {
  std::vector<v1::Entry> log = Log();
  uint64_t a = IndexOf(v1::TRUSTEE_COMMITMENT, 0);
  uint64_t b = IndexOf(v1::TRUSTEE_COMMITMENT, 1);
  std::swap(log[a], log[b]);
  Recountersign(log, IndexOf(v1::OPEN));
  ExpectStep(log, "5.1", "open.tree_head_mismatch");
  // An OPEN countersigning a shorter log.
  std::vector<v1::Entry> early = Log();
  uint64_t o = IndexOf(v1::OPEN);
  early[o] = CountersignedAt(early, o - 1, v1::OPEN);
  Recountersign(early, o);
  ExpectStep(early, "5.1", "open.tree_head_mismatch");
}

// A trustee's partial decryption of another closed log of this election (a fork) does not
// count here, even validly signed by that trustee.
TEST_F(TamperTest, PartialDecryptionOfAnotherCloseIsRefused) {
  std::vector<v1::Entry> log = Log();
  uint64_t p = IndexOf(v1::PARTIAL_DECRYPTION);
  v1::PartialDecryption pd;
  ASSERT_TRUE(ParseStrict(log[p].payload(), pd).ok());
  pd.set_close_root_hash(std::string(32, '\x17'));
  log[p].set_payload(Serialize(pd));
  log[p] = Resign(log[p], *E().KeyOf(log[p].author()));
  ExpectStep(log, "10.1", "decryption.wrong_close");
}

TEST_F(TamperTest, SwappedPartialAndResultIsRejected) {
  std::vector<v1::Entry> log = Log();
  std::swap(log[IndexOf(v1::PARTIAL_DECRYPTION, 1)], log[IndexOf(v1::RESULT)]);
  ExpectStep(log, "11.2", "result.trustees");
}

TEST_F(TamperTest, RemovedBallotBreaksTheCountersignedClose) {
  // The last ballot: nothing after it moves, only the CLOSE no longer matches.
  std::vector<v1::Entry> log = Log();
  log.erase(log.begin() + static_cast<std::ptrdiff_t>(IndexOf(v1::BALLOT, 5)));
  ExpectStep(log, "8.1", "close.tree_head_mismatch");
  // An earlier one: every later ballot now claims to have seen past its own index.
  log = Log();
  log.erase(log.begin() + static_cast<std::ptrdiff_t>(IndexOf(v1::BALLOT, 2)));
  ExpectStep(log, "6.7", "ballot.seen_ahead");
}

TEST_F(TamperTest, RemovedResultIsAnUnfinishedElection) {
  std::vector<v1::Entry> log = Log();
  log.pop_back();
  ExpectStep(log, "13.1", "verify.incomplete");
  VerifyOptions allow;
  allow.threads = 2;
  allow.allow_incomplete = true;
  VerifyReport r = VerifyRecord(E().Sign(log), allow);
  EXPECT_TRUE(r.valid) << Describe(r);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.phase, "CLOSED");
}

TEST_F(TamperTest, DuplicatedBallotNamesBothEntries) {
  std::vector<v1::Entry> log = Log();
  uint64_t b = IndexOf(v1::BALLOT, 1);
  log.insert(log.begin() + static_cast<std::ptrdiff_t>(b) + 1, log[b]);
  ExpectStep(log, "6.5", "ballot.duplicate");
  VerifyReport r = Check(E().Sign(log));
  EXPECT_EQ(r.FirstFailure()->entries, (std::vector<uint64_t>{b, b + 1}));
}

TEST_F(TamperTest, DuplicatedPartialDecryption) {
  std::vector<v1::Entry> log = Log();
  uint64_t p = IndexOf(v1::PARTIAL_DECRYPTION, 0);
  log.insert(log.begin() + static_cast<std::ptrdiff_t>(p) + 1, log[p]);
  ExpectStep(log, "10.1", "decryption.duplicate");
}

TEST_F(TamperTest, BallotCopiedUnderAnotherCredential) {
  std::vector<v1::Entry> log = Log();
  uint64_t b = IndexOf(v1::BALLOT, 0);
  // Voter 5 never voted; they re-sign voter 0's ballot as their own.
  v1::Entry copy = Resign(log[b], E().script().voter(5));
  log.insert(log.begin() + static_cast<std::ptrdiff_t>(b) + 1, copy);
  ExpectStep(log, "6.3");
  EXPECT_EQ(Check(E().Sign(log)).FirstFailure()->entries, std::vector<uint64_t>{b + 1});
}

TEST_F(TamperTest, EntryResignedByTheWrongRole) {
  {
    std::vector<v1::Entry> log = Log();
    uint64_t c = IndexOf(v1::CLOSE);
    log[c] = Resign(log[c], E().script().trustee_key(1));
    ExpectStep(log, "8.1", "role.wrong_author");
  }
  {
    std::vector<v1::Entry> log = Log();
    uint64_t r = IndexOf(v1::RESULT);
    log[r] = Resign(log[r], E().script().voter(0));
    ExpectStep(log, "11.1", "role.wrong_author");
  }
  {
    std::vector<v1::Entry> log = Log();
    uint64_t r = IndexOf(v1::ROLL);
    log[r] = Resign(log[r], E().script().trustee_key(2));
    ExpectStep(log, "3.1", "role.wrong_author");
  }
  {
    std::vector<v1::Entry> log = Log();
    uint64_t p = IndexOf(v1::PARTIAL_DECRYPTION);
    log[p] = Resign(log[p], E().script().authority());
    ExpectStep(log, "10.1", "role.wrong_author");
  }
  {
    std::vector<v1::Entry> log = Log();
    uint64_t c = IndexOf(v1::TRUSTEE_COMMITMENT);
    log[c] = Resign(log[c], E().script().trustee_key(3));
    ExpectStep(log, "4.1", "role.wrong_author");
  }
}

v1::Entry ChangeResult(const v1::Entry& entry, const SigningKey& authority,
                       const std::function<void(v1::Result&)>& change) {
  v1::Result result;
  EXPECT_TRUE(ParseStrict(entry.payload(), result).ok());
  change(result);
  v1::Entry out = entry;
  out.set_payload(Serialize(result));
  return Resign(out, authority);
}

TEST_F(TamperTest, ResultWithOneCountChanged) {
  std::vector<v1::Entry> log = Log();
  uint64_t r = IndexOf(v1::RESULT);
  log[r] = ChangeResult(log[r], E().script().authority(), [](v1::Result& res) {
    res.mutable_questions(0)->set_counts(0, res.questions(0).counts(0) - 1);
  });
  ExpectStep(log, "11.3", "result.counts");
}

TEST_F(TamperTest, DecisionFlipped) {
  std::vector<v1::Entry> log = Log();
  uint64_t r = IndexOf(v1::RESULT);
  log[r] = ChangeResult(log[r], E().script().authority(), [](v1::Result& res) {
    auto* d = res.mutable_decisions(0);
    d->set_outcome(d->outcome() == "adopted" ? "rejected" : "adopted");
  });
  ExpectStep(log, "12.1", "result.decision");
}

TEST_F(TamperTest, TreeHeadFromAnotherLog) {
  // Another election's tree head, validly signed by the same board.
  auto other = RecordedElection::Make({}, &E().board_key());
  Record record = E().record();
  record.tree_heads = other->Sign(Log()).tree_heads;  // same entries, head re-signed: fine
  EXPECT_TRUE(Check(record).valid);
  Record foreign = E().record();
  v1::SignedTreeHead head = other->record().tree_heads[0];
  head.set_tree_size(Log().size());
  head.set_root_hash(E().record().tree_heads[0].root_hash());
  SignTreeHead(head, E().board_key());
  foreign.tree_heads = {head};
  VerifyReport r = Check(foreign);
  ASSERT_NE(r.FirstFailure(), nullptr);
  EXPECT_EQ(r.FirstFailure()->id, "1.3");
  // A re-signed head with another root.
  Record rerooted = E().record();
  rerooted.tree_heads[0].set_root_hash(std::string(32, '\x42'));
  SignTreeHead(rerooted.tree_heads[0], E().board_key());
  r = Check(rerooted);
  ASSERT_NE(r.FirstFailure(), nullptr);
  EXPECT_EQ(r.FirstFailure()->id, "1.2");
  EXPECT_EQ(r.FirstFailure()->reason, "verify.root_mismatch");
  // The other election's own head, unchanged.
  Record swapped = E().record();
  swapped.tree_heads = other->record().tree_heads;
  r = Check(swapped);
  ASSERT_NE(r.FirstFailure(), nullptr);
  EXPECT_TRUE(r.FirstFailure()->id == "1.2" || r.FirstFailure()->id == "1.3") << Describe(r);
  // A head whose signature is broken.
  Record forged = E().record();
  forged.tree_heads[0].set_tree_size(forged.tree_heads[0].tree_size() - 1);
  r = Check(forged);
  ASSERT_NE(r.FirstFailure(), nullptr);
  EXPECT_EQ(r.FirstFailure()->id, "1.1");
  EXPECT_EQ(r.FirstFailure()->reason, "signature.invalid");
}

// A server that relays the real entries but signs with its own key (issue #13 "a fake
// board"): the head is well formed and validly signed, but not by the key the manifest names.
TEST_F(TamperTest, TreeHeadSignedByAKeyOtherThanTheManifests) {
  SigningKey fake = SigningKey::Generate();
  Record record = E().record();
  SignTreeHead(record.tree_heads[0], fake);
  VerifyReport r = Check(record);
  EXPECT_FALSE(r.valid);
  ASSERT_NE(r.FirstFailure(), nullptr);
  EXPECT_EQ(r.FirstFailure()->id, "1.6") << Describe(r);
  EXPECT_EQ(r.FirstFailure()->reason, "tree_head.wrong_key") << Describe(r);
  EXPECT_NE(r.FirstFailure()->message.find(ToHex(fake.public_key().bytes)), std::string::npos);
  // Every head signed by that other key, consistently: still refused.
  Record all = E().Sign(Log());
  SignTreeHead(all.tree_heads[0], fake);
  std::vector<v1::Entry> prefix(Log().begin(), Log().begin() + 5);
  Record early = E().Sign(prefix);
  SignTreeHead(early.tree_heads[0], fake);
  all.tree_heads.insert(all.tree_heads.begin(), early.tree_heads[0]);
  r = Check(all);
  ASSERT_NE(r.FirstFailure(), nullptr);
  EXPECT_EQ(r.FirstFailure()->id, "1.6") << Describe(r);
  EXPECT_EQ(r.FirstFailure()->reason, "tree_head.wrong_key");
}

TEST_F(TamperTest, EarlierTreeHeadOfAnotherHistory) {
  Record record = E().record();
  std::vector<v1::Entry> prefix(Log().begin(), Log().begin() + 5);
  Record early = E().Sign(prefix);
  record.tree_heads.insert(record.tree_heads.begin(), early.tree_heads[0]);
  EXPECT_TRUE(Check(record).valid);
  std::swap(prefix[3], prefix[4]);
  record.tree_heads[0] = E().Sign(prefix).tree_heads[0];
  VerifyReport r = Check(record);
  ASSERT_NE(r.FirstFailure(), nullptr);
  EXPECT_EQ(r.FirstFailure()->id, "1.5");
  EXPECT_EQ(r.FirstFailure()->reason, "verify.tree_head_inconsistent");
}

TEST_F(TamperTest, EntryAfterTheResult) {
  std::vector<v1::Entry> log = Log();
  log.push_back(Resign(log[IndexOf(v1::OPEN)], E().script().authority()));
  ExpectStep(log, "13.1", "phase.wrong");
}

// Step 6.6: the audited ballot's ciphertexts proved again with fresh proofs (a new tracking
// code) and cast by the same voter; both entries named.
TEST_F(TamperTest, AuditedCiphertextsCastAgain) {
  std::vector<v1::Entry> log = Log();
  const uint64_t a = IndexOf(v1::AUDIT);
  v1::Audit opened;
  ASSERT_TRUE(opened.ParseFromString(log[a].payload()));
  const uint64_t at = a + 1;
  auto again = E().script().Reprove(2, opened, at);
  ASSERT_TRUE(again.ok()) << again.status();
  log.insert(log.begin() + static_cast<std::ptrdiff_t>(at),
             MakeEntry(E().script().id(), v1::BALLOT, again->ballot(), E().script().voter(2)));
  ExpectStep(log, "6.6", "ballot.ciphertext_reused");
  EXPECT_EQ(Check(E().Sign(log)).FirstFailure()->entries, (std::vector<uint64_t>{a, at}));
}

// Step 7.4: a counted ballot's ciphertexts opened by a later AUDIT (a public receipt of a
// counted vote), re-proved so that its tracking code is new.
TEST_F(TamperTest, CountedCiphertextsOpenedByAnAudit) {
  std::vector<v1::Entry> log = Log();
  const uint64_t b = IndexOf(v1::BALLOT, 0);
  const v1::Audit* opening = E().script().OpeningOf(log[b]);
  ASSERT_NE(opening, nullptr);
  const uint64_t at = b + 1;
  auto reproved = E().script().Reprove(0, *opening, at);
  ASSERT_TRUE(reproved.ok()) << reproved.status();
  log.insert(log.begin() + static_cast<std::ptrdiff_t>(at),
             MakeEntry(E().script().id(), v1::AUDIT, Serialize(*reproved), E().script().voter(0)));
  ExpectStep(log, "7.4", "ballot.ciphertext_reused");
  EXPECT_EQ(Check(E().Sign(log)).FirstFailure()->entries, (std::vector<uint64_t>{b, at}));
}

// Step 6.6 across credentials: voter 5 proves voter 0's ciphertexts again under its own
// credential, so every proof is valid for it (unlike BallotCopiedUnderAnotherCredential).
TEST_F(TamperTest, CiphertextsCopiedAndReprovedUnderAnotherCredential) {
  std::vector<v1::Entry> log = Log();
  const uint64_t b = IndexOf(v1::BALLOT, 0);
  const uint64_t at = b + 1;
  auto copy = E().script().Reprove(5, *E().script().OpeningOf(log[b]), at);
  ASSERT_TRUE(copy.ok()) << copy.status();
  log.insert(log.begin() + static_cast<std::ptrdiff_t>(at),
             MakeEntry(E().script().id(), v1::BALLOT, copy->ballot(), E().script().voter(5)));
  ExpectStep(log, "6.6", "ballot.ciphertext_reused");
  EXPECT_EQ(Check(E().Sign(log)).FirstFailure()->entries, (std::vector<uint64_t>{b, at}));
}

// Step 6.7: voter 1's older ballot (made before its first ballot was posted) delivered after
// its revote; and a ballot claiming to have seen itself.
TEST_F(TamperTest, OlderBallotAfterTheRevote) {
  std::vector<v1::Entry> log = Log();
  const uint64_t first = IndexOf(v1::BALLOT, 1);  // voter 1's first ballot
  const uint64_t revote = IndexOf(v1::BALLOT, 3);
  ASSERT_EQ(log[first].author(), log[revote].author());
  // Voter 1's credential was replaced later in the record: its first key is the retired one.
  const SigningKey& voter1 = E().script().retired_voters().at(0);
  auto older = E().script().EncryptAs(voter1.public_key(),
                                      testing::TestChoices(1, {0, 0, 0}, {0, 0, 0}), first);
  ASSERT_TRUE(older.ok()) << older.status();
  log.insert(log.begin() + static_cast<std::ptrdiff_t>(revote) + 1,
             MakeEntry(E().script().id(), v1::BALLOT, older->payload, voter1));
  ExpectStep(log, "6.7", "ballot.stale");
  EXPECT_EQ(Check(E().Sign(log)).FirstFailure()->entries,
            (std::vector<uint64_t>{first, revote, revote + 1}));

  log = Log();
  auto ahead = E().script().Encrypt(4, testing::TestChoices(0, {0, 0, 0}, {0, 0, 0}), revote + 2);
  ASSERT_TRUE(ahead.ok());
  log.insert(log.begin() + static_cast<std::ptrdiff_t>(revote) + 1,
             MakeEntry(E().script().id(), v1::BALLOT, ahead->payload, E().script().voter(4)));
  ExpectStep(log, "6.7", "ballot.seen_ahead");
}

// Credential replacements (step 5.2 and the revocation in 6.1, 7.1, 9.1). In the recorded
// election voter 1's credential (retired_voters()[0]) is replaced after it voted twice.
class ReplacementTamperTest : public TamperTest {
 protected:
  static uint64_t R() { return IndexOf(v1::CREDENTIAL_REPLACEMENT); }
  static v1::CredentialReplacement Payload() {
    v1::CredentialReplacement r;
    EXPECT_TRUE(ParseStrict(Log()[R()].payload(), r).ok());
    return r;
  }
  static v1::Entry Signed(const v1::CredentialReplacement& r, const SigningKey* key = nullptr) {
    return MakeEntry(E().script().id(), v1::CREDENTIAL_REPLACEMENT, Serialize(r),
                     key != nullptr ? *key : E().script().authority());
  }
  static std::string Key(const SigningKey& k) {
    PublicKey pk = k.public_key();
    return std::string(pk.bytes.begin(), pk.bytes.end());
  }
};

TEST_F(ReplacementTamperTest, TheReportCountsReplacementsAndTheirTimes) {
  VerifyReport r = Check(E().record());
  ASSERT_TRUE(r.valid) << Describe(r);
  ASSERT_EQ(r.replacements.size(), 1u);
  EXPECT_EQ(r.replacements[0].entry, R());
  EXPECT_EQ(r.replacements[0].replaced_at, Payload().replaced_at());
  EXPECT_TRUE(r.replacements[0].revoked_ballot_counted);
  EXPECT_NE(r.Step("5.2")->message.find("1 credential(s) replaced: entry "), std::string::npos)
      << r.Step("5.2")->message;
}

// The revoked credential votes again after the replacement: 6.1, naming the replacement.
TEST_F(ReplacementTamperTest, BallotOfARevokedCredential) {
  std::vector<v1::Entry> log = Log();
  const SigningKey& old = E().script().retired_voters().at(0);
  const uint64_t at = R() + 1;
  auto ballot =
      E().script().EncryptAs(old.public_key(), testing::TestChoices(0, {0, 0, 0}, {0, 0, 0}), at);
  ASSERT_TRUE(ballot.ok());
  log.insert(log.begin() + static_cast<std::ptrdiff_t>(at),
             MakeEntry(E().script().id(), v1::BALLOT, ballot->payload, old));
  Recountersign(log, at);
  ExpectStep(log, "6.1", "credential.revoked");
  EXPECT_EQ(Check(E().Sign(log)).FirstFailure()->entries, (std::vector<uint64_t>{R(), at}));
}

// The replacement removed (as a board hiding it would): the new credential's ballot is by a
// credential not on the roll.
TEST_F(ReplacementTamperTest, RemovedReplacementLeavesTheNewCredentialOffTheRoll) {
  std::vector<v1::Entry> log = Log();
  log.erase(log.begin() + static_cast<std::ptrdiff_t>(R()));
  Recountersign(log, R() - 1);
  ExpectStep(log, "6.1", "credential.not_on_roll");
}

TEST_F(ReplacementTamperTest, EveryReplacementRuleNamesStep52) {
  auto insert_after = [](const v1::Entry& extra) {
    std::vector<v1::Entry> log = Log();
    log.insert(log.begin() + static_cast<std::ptrdiff_t>(R()) + 1, extra);
    Recountersign(log, R() + 1);
    return log;
  };
  const v1::CredentialReplacement original = Payload();
  // The same credential revoked twice: names the first replacement too.
  {
    v1::CredentialReplacement again = original;
    again.set_replacement(Key(SigningKey::Generate()));
    auto log = insert_after(Signed(again));
    ExpectStep(log, "5.2", "replacement.already_revoked");
    EXPECT_EQ(Check(E().Sign(log)).FirstFailure()->entries, (std::vector<uint64_t>{R(), R() + 1}));
  }
  // A replacement that is already on the roll (voter 4's credential).
  {
    v1::CredentialReplacement taken;
    taken.set_revoked(Key(E().script().voter(5)));
    taken.set_replacement(Key(E().script().voter(4)));
    taken.set_replaced_at(original.replaced_at());
    ExpectStep(insert_after(Signed(taken)), "5.2", "replacement.not_fresh");
  }
  // A revoked credential that was never on the roll.
  {
    v1::CredentialReplacement stranger = original;
    stranger.set_revoked(Key(SigningKey::Generate()));
    stranger.set_replacement(Key(SigningKey::Generate()));
    ExpectStep(insert_after(Signed(stranger)), "5.2", "replacement.not_on_roll");
  }
  // Dated before the previous one.
  {
    v1::CredentialReplacement early;
    early.set_revoked(Key(E().script().voter(5)));
    early.set_replacement(Key(SigningKey::Generate()));
    early.set_replaced_at(original.replaced_at() - 1);
    ExpectStep(insert_after(Signed(early)), "5.2", "replacement.time_order");
  }
  // Signed by a trustee.
  {
    v1::CredentialReplacement ok = original;
    ok.set_revoked(Key(E().script().voter(5)));
    ok.set_replacement(Key(SigningKey::Generate()));
    ExpectStep(insert_after(Signed(ok, &E().script().trustee_key(1))), "5.2", "role.wrong_author");
  }
  // After the CLOSE.
  {
    std::vector<v1::Entry> log = Log();
    v1::CredentialReplacement late = original;
    late.set_revoked(Key(E().script().voter(5)));
    late.set_replacement(Key(SigningKey::Generate()));
    const uint64_t c = IndexOf(v1::CLOSE);
    log.insert(log.begin() + static_cast<std::ptrdiff_t>(c) + 1, Signed(late));
    ExpectStep(log, "5.2", "phase.wrong");
  }
}

// A state machine that forgot the revocation would count voter 1 twice: the verifier's own
// recomputation (9.1) excludes the revoked credential's ballot, and the published count of
// 4 ballots is what it finds.
TEST_F(ReplacementTamperTest, RecomputedTallyExcludesTheRevokedBallot) {
  VerifyReport r = Check(E().record());
  ASSERT_TRUE(r.valid) << Describe(r);
  EXPECT_EQ(r.ballots_counted, 4u);
  EXPECT_EQ(r.Step("9.1")->message, "4 ballots counted");
}

// Step 4.6: dealer 2's reveal removed, so its complaint is unanswered; an OPEN before the
// ceremony deadline cannot exclude it.
TEST_F(TamperTest, ExclusionBeforeTheCeremonyDeadline) {
  std::vector<v1::Entry> log = Log();
  log.erase(log.begin() + static_cast<std::ptrdiff_t>(IndexOf(v1::SHARE_REVEAL)));
  const uint64_t o = IndexOf(v1::OPEN) - 1;
  v1::Open open;
  // Countersigns the shortened log exactly (step 5.1 holds), so 4.6 is what fails.
  MerkleTree before;
  for (uint64_t i = 0; i < o; ++i) before.Append(EntryLeafHash(log[i]));
  Digest32 root = before.Root();
  open.set_tree_size(o);
  open.set_root_hash(root.data(), root.size());
  open.set_opened_at(E().script().state().manifest().ceremony_deadline() - 1);
  log[o].set_payload(Serialize(open));
  log[o] = Resign(log[o], E().script().authority());
  ExpectStep(log, "4.6", "ceremony.incomplete");
}

}  // namespace
}  // namespace urne::verifier

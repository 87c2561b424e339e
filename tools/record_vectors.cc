#include "tools/record_vectors.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include "cli/cli.h"
#include "crypto/merkle.h"
#include "election/authority_steps.h"
#include "election/entry.h"
#include "election/tree_head.h"
#include "election/trustee_steps.h"
#include "status/status.h"
#include "tools/recorded_election.h"
#include "verifier/report.h"
#include "verifier/verify.h"

namespace urne::tools {
namespace {

using testing::RecordedElection;
using testing::Resign;
using Entries = std::vector<v1::Entry>;

// One record vector: the record and what a verifier must say about it.
struct Case {
  std::string name;
  std::string about;    // one line, for records.json
  std::string verdict;  // "valid", "invalid" or "unusable"
  std::string step;     // the first failed step ("" when valid or unusable)
  std::string reason;   // its reason (unusable: the decoder's reason)
  Record record;
};

std::string Str(const Digest32& d) { return std::string(d.begin(), d.end()); }

// A record of `entries` whose one (final) tree head is signed by `board`.
Record SignRecord(const Entries& entries, const SigningKey& board) {
  Record record;
  record.entries = entries;
  MerkleTree tree;
  for (const auto& e : entries) tree.Append(EntryLeafHash(e));
  v1::SignedTreeHead head;
  ElectionId id = ComputeElectionId(AsBytes(entries[0].payload()));
  head.set_election_id(std::string(id.begin(), id.end()));
  head.set_tree_size(entries.size());
  head.set_root_hash(Str(tree.Root()));
  head.set_timestamp_ms(1'800'100'000'000);
  SignTreeHead(head, board);
  record.tree_heads.push_back(std::move(head));
  return record;
}

size_t IndexOf(const Entries& entries, v1::EntryKind kind, size_t nth = 0) {
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].kind() == kind && nth-- == 0) return i;
  }
  std::cerr << "record vectors: no entry of kind " << v1::EntryKind_Name(kind) << "\n";
  std::abort();
}

Entries Prefix(const Entries& entries, size_t n) {
  return Entries(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(n));
}

template <typename M>
M Parse(const v1::Entry& e) {
  M m;
  if (!m.ParseFromString(e.payload())) std::abort();
  return m;
}

// Replaces entry i's payload (re-signed by its author) and cuts the log after it.
Entries Changed(const RecordedElection& r, size_t i, const std::string& payload) {
  Entries out = Prefix(r.entries(), i + 1);
  out[i].set_payload(payload);
  out[i] = Resign(out[i], *r.KeyOf(out[i].author()));
  return out;
}

// The log of a two-trustee (t = 2) election whose dealers use `coefficients`, up to and with
// the last verdict, which the ceremony refuses (an identity key).
Case IdentityKeyCase(const std::string& name, const std::string& about,
                     std::map<uint32_t, std::vector<Scalar>> coefficients) {
  testing::ScriptOptions options;
  options.trustees = 2;
  options.threshold = 2;
  options.coefficients = std::move(coefficients);
  Entries entries;
  testing::ScriptedElection e(options, [&](const v1::Entry& x) {
    entries.push_back(x);
    return absl::OkStatus();
  });
  if (!e.Create().ok() || e.Ceremony().ok()) std::abort();
  entries.push_back(e.Sign(v1::SHARE_VERDICT, MakeVerdict(2, {}), e.trustee_key(2)));
  return {name,
          about,
          "invalid",
          "4.5",
          "element.identity",
          SignRecord(entries, e.board_signing_key())};
}

std::vector<Case> Cases() {
  const Group& g = Group::Ristretto255();
  auto r = RecordedElection::Make();
  const Entries& all = r->entries();
  const SigningKey& board = r->board_key();
  auto sign = [&](const Entries& e) { return SignRecord(e, board); };
  const size_t roll = IndexOf(all, v1::ROLL);
  const size_t open = IndexOf(all, v1::OPEN);
  const size_t close = IndexOf(all, v1::CLOSE);
  const size_t result = IndexOf(all, v1::RESULT);
  const size_t ballot0 = IndexOf(all, v1::BALLOT);
  const size_t audit = IndexOf(all, v1::AUDIT);
  const size_t partial = IndexOf(all, v1::PARTIAL_DECRYPTION);
  const Entries setup = Prefix(all, roll + 1);  // manifest, roll
  std::vector<Case> cases;
  auto add = [&](std::string name, std::string about, std::string verdict, std::string step,
                 std::string reason, Record record) {
    cases.push_back({std::move(name), std::move(about), std::move(verdict), std::move(step),
                     std::move(reason), std::move(record)});
  };

  add("valid_election",
      "3 trustees t=2 with a complaint answered by a reveal; 5 ballots with a revote; an audit; "
      "voter 1's credential replaced and a 6th ballot under the new one; 2 partials; result",
      "valid", "", "", sign(all));
  {
    Entries none;
    testing::ScriptOptions options;
    options.reference = "no-ballot";
    testing::ScriptedElection e(options, [&](const v1::Entry& x) {
      none.push_back(x);
      return absl::OkStatus();
    });
    if (!e.Create().ok() || !e.Ceremony().ok() || !e.Open().ok() || !e.Close().ok() ||
        !e.Decrypt(1).ok() || !e.Decrypt(2).ok() || !e.PublishResult().ok()) {
      std::abort();
    }
    add("valid_no_ballots",
        "nobody voted: the tally is (1, 1), decrypted with shares and proofs over the identity",
        "valid", "", "", SignRecord(none, e.board_signing_key()));
  }
  add("not_finished", "the log stops before the RESULT", "invalid", "13.1", "verify.incomplete",
      sign(Prefix(all, result)));

  // 1. The record is authentic.
  {
    Record rec = sign(setup);
    std::string& sig = *rec.tree_heads[0].mutable_signature();
    sig[5] = static_cast<char>(sig[5] ^ 1);
    add("head_bad_signature", "one bit of the final head's signature flipped", "invalid", "1.1",
        "signature.invalid", rec);
    rec = sign(setup);
    rec.tree_heads[0].mutable_signature()->resize(63);
    add("head_short_signature", "the final head's signature is 63 bytes", "invalid", "1.1",
        "signature.wrong_length", rec);
  }
  {
    Entries commitments = Prefix(all, roll + 3);
    Record rec = sign(commitments);
    std::swap(rec.entries[roll + 1], rec.entries[roll + 2]);
    add("entries_reordered", "two commitments swapped under the same head", "invalid", "1.2",
        "verify.root_mismatch", rec);
  }
  {
    Entries e = setup;
    e[roll].set_election_id(std::string(32, '\x07'));
    e[roll] = Resign(e[roll], *r->KeyOf(e[roll].author()));
    add("entry_foreign_election", "the ROLL names another election id", "invalid", "1.3",
        "entry.wrong_election", sign(e));
    e = setup;
    e[roll].mutable_election_id()->resize(31);
    e[roll] = Resign(e[roll], *r->KeyOf(e[roll].author()));
    add("entry_short_election_id", "the ROLL's election id is 31 bytes", "invalid", "1.3",
        "entry.wrong_election", sign(e));
  }
  {
    Entries e = setup;
    std::string& sig = *e[roll].mutable_signature();
    sig[9] = static_cast<char>(sig[9] ^ 0x40);
    add("entry_bad_signature", "one bit of the ROLL's signature flipped", "invalid", "1.4",
        "signature.invalid", sign(e));
    e = setup;
    e[roll].mutable_author()->resize(31);
    add("entry_short_author", "the ROLL's author is 31 bytes", "invalid", "1.4", "key.wrong_length",
        sign(e));
    e = setup;
    e[roll].set_kind(v1::ENTRY_KIND_UNSPECIFIED);
    add("entry_kind_zero", "the ROLL's kind is 0: not leaf data, the file is unusable", "unusable",
        "", "record.malformed", sign(e));
  }
  {
    Entries other = setup;
    auto roll_payload = Parse<v1::Roll>(other[roll]);
    roll_payload.mutable_credentials()->RemoveLast();
    other[roll] = Changed(*r, roll, Serialize(roll_payload))[roll];
    Record rec = sign(Prefix(all, roll + 3));
    Record fork = sign(other);  // a head of the same size over another roll
    rec.tree_heads.insert(rec.tree_heads.begin(), fork.tree_heads[0]);
    add("earlier_head_forked", "an earlier head of the board over a log with another ROLL",
        "invalid", "1.5", "verify.tree_head_inconsistent", rec);
  }
  {
    SigningKey other = SigningKey::Generate();
    add("head_wrong_board_key", "the head is signed by a key the manifest does not name", "invalid",
        "1.6", "tree_head.wrong_key", SignRecord(setup, other));
  }
  // 2–3. Manifest and roll.
  {
    auto m = Parse<v1::Manifest>(all[0]);
    m.set_group("p256");
    v1::Entry e = all[0];
    e.set_payload(Serialize(m));
    ElectionId id = ComputeElectionId(AsBytes(e.payload()));
    e.set_election_id(std::string(id.begin(), id.end()));
    e = Resign(e, *r->KeyOf(e.author()));
    add("manifest_unknown_group", "the manifest names the group p256", "invalid", "2.2",
        "manifest.invalid", sign({e}));
  }
  {
    auto p = Parse<v1::Roll>(all[roll]);
    p.mutable_credentials()->SwapElements(0, 1);
    add("roll_not_sorted", "two credentials of the roll swapped", "invalid", "3.2",
        "roll.not_sorted", sign(Changed(*r, roll, Serialize(p))));
  }
  // 4. Ceremony.
  {
    auto c = Parse<v1::TrusteeCommitment>(all[roll + 1]);
    c.mutable_proofs()->SwapElements(0, 1);
    add("commitment_bad_proof", "a commitment's two Schnorr proofs swapped", "invalid", "4.2",
        "proof.schnorr.challenge_mismatch", sign(Changed(*r, roll + 1, Serialize(c))));
  }
  {
    Scalar x = g.RandomNonZeroScalar();
    cases.push_back(
        IdentityKeyCase("joint_key_identity",
                        "colluding dealers with a_10 + a_20 = 0: the joint key is the identity",
                        {{1, {x, g.RandomScalar()}}, {2, {g.Neg(x), g.RandomScalar()}}}));
    Scalar a = g.RandomNonZeroScalar();
    Scalar b = g.RandomNonZeroScalar();
    Scalar c = g.RandomNonZeroScalar();
    Scalar d = g.Neg(g.Add(g.Add(a, b), c));
    cases.push_back(IdentityKeyCase(
        "verification_key_identity",
        "colluding dealers with P_1(1) + P_2(1) = 0: trustee 1's verification key is the identity",
        {{1, {a, b}}, {2, {c, d}}}));
  }
  // 5. Opening.
  {
    auto o = Parse<v1::Open>(all[open]);
    o.set_root_hash(std::string(32, '\x01'));
    add("open_wrong_root", "the OPEN countersigns another root", "invalid", "5.1",
        "open.tree_head_mismatch", sign(Changed(*r, open, Serialize(o))));
    o = Parse<v1::Open>(all[open]);
    std::string twice = Serialize(o);
    v1::Open size_only;
    size_only.set_tree_size(o.tree_size());
    twice += Serialize(size_only);  // field 1 a second time: a repeated singular field
    add("open_non_canonical", "the OPEN's payload repeats its tree_size field", "invalid", "5.1",
        "payload.non_canonical", sign(Changed(*r, open, twice)));
  }
  // 6–8. Ballots, audits, close.
  {
    Entries e = Prefix(all, ballot0 + 1);
    const SigningKey& voter5 = r->script().voter(5);
    e.push_back(Resign(all[ballot0], voter5));
    add("ballot_other_credential", "voter 0's ballot signed and posted by voter 5", "invalid",
        "6.3", "proof.range.challenge_mismatch", sign(e));
    e = Prefix(all, ballot0 + 1);
    e.push_back(all[ballot0]);
    add("ballot_duplicate", "the same BALLOT entry twice", "invalid", "6.5", "ballot.duplicate",
        sign(e));
  }
  {
    auto a = Parse<v1::Audit>(all[audit]);
    std::swap(*a.mutable_questions(0)->mutable_nonces(0),
              *a.mutable_questions(0)->mutable_nonces(1));
    add("audit_wrong_nonce", "an audit's first two nonces swapped", "invalid", "7.3",
        "audit.mismatch", sign(Changed(*r, audit, Serialize(a))));
  }
  {
    auto c = Parse<v1::Close>(all[close]);
    c.set_tree_size(c.tree_size() - 1);
    add("close_wrong_root", "the CLOSE countersigns one entry less", "invalid", "8.1",
        "close.tree_head_mismatch", sign(Changed(*r, close, Serialize(c))));
  }
  // 5.2 and 6.1. Credential replacements.
  {
    const size_t replacement = IndexOf(all, v1::CREDENTIAL_REPLACEMENT);
    auto key_of = [](const SigningKey& k) {
      PublicKey pk = k.public_key();
      return std::string(pk.bytes.begin(), pk.bytes.end());
    };
    auto rp = Parse<v1::CredentialReplacement>(all[replacement]);
    rp.set_replacement(key_of(r->script().voter(4)));
    add("replacement_not_fresh", "the CREDENTIAL_REPLACEMENT's new credential is voter 4's",
        "invalid", "5.2", "replacement.not_fresh", sign(Changed(*r, replacement, Serialize(rp))));
    rp = Parse<v1::CredentialReplacement>(all[replacement]);
    rp.set_replaced_at(Parse<v1::Open>(all[open]).opened_at() - 1);
    add("replacement_before_open", "the CREDENTIAL_REPLACEMENT is dated before the OPEN", "invalid",
        "5.2", "replacement.time_order", sign(Changed(*r, replacement, Serialize(rp))));
    // The revoked credential casts again right after the replacement.
    Entries e = Prefix(all, replacement + 1);
    const SigningKey& old = r->script().retired_voters().at(0);
    auto ballot = r->script().EncryptAs(
        old.public_key(), testing::TestChoices(0, {0, 0, 0}, {0, 0, 0}), replacement + 1);
    if (!ballot.ok()) std::abort();
    e.push_back(MakeEntry(r->script().id(), v1::BALLOT, ballot->payload, old));
    add("ballot_revoked_credential", "a ballot of the credential the replacement revoked",
        "invalid", "6.1", "credential.revoked", sign(e));
  }
  // 10–12. Decryption and result.
  {
    auto p = Parse<v1::PartialDecryption>(all[partial]);
    auto* shares = p.mutable_questions(0)->mutable_options();
    std::swap(*shares->Mutable(0)->mutable_proof(), *shares->Mutable(1)->mutable_proof());
    add("partial_bad_proof", "a partial decryption's first two proofs swapped", "invalid", "10.2",
        "proof.chaum_pedersen.challenge_mismatch", sign(Changed(*r, partial, Serialize(p))));
  }
  {
    auto res = Parse<v1::Result>(all[result]);
    res.mutable_questions(0)->set_counts(0, res.questions(0).counts(0) + 1);
    add("result_count_changed", "the RESULT's first count plus one", "invalid", "11.3",
        "result.counts", sign(Changed(*r, result, Serialize(res))));
    res = Parse<v1::Result>(all[result]);
    res.mutable_decisions(0)->set_outcome(res.decisions(0).outcome() == "adopted" ? "rejected"
                                                                                  : "adopted");
    add("result_decision_changed", "the RESULT's first decision outcome changed", "invalid", "12.1",
        "result.decision", sign(Changed(*r, result, Serialize(res))));
  }
  return cases;
}

}  // namespace

absl::Status WriteRecordVectors(const std::string& dir) {
  std::filesystem::create_directories(dir + "/records");
  std::string index =
      "[\n{\"kind\": \"meta\", \"file\": \"records.json\", \"format\": \"1\", \"generator\": "
      "\"tools/record_vectors.cc\"}";
  for (Case& c : Cases()) {
    Bytes bytes = EncodeRecord(c.record);
    std::string step;
    std::string reason;
    std::string entries;
    std::string statuses;
    auto decoded = DecodeRecord(bytes);
    if (!decoded.ok()) {
      reason = ReasonOf(decoded.status());
      if (c.verdict != "unusable" || reason != c.reason) {
        return Invalid("vectors.mismatch", Cat(c.name, ": unusable (", reason, ")"));
      }
    } else {
      verifier::VerifyReport report = verifier::VerifyRecord(*decoded);
      const verifier::StepResult* f = report.FirstFailure();
      std::string verdict = report.valid ? "valid" : "invalid";
      if (f) {
        step = f->id;
        reason = f->reason;
        entries = verifier::JoinEntryIndexes(f->entries);
      }
      statuses = verifier::StepStatusLetters(report);
      if (verdict != c.verdict || step != c.step || reason != c.reason) {
        return Invalid("vectors.mismatch",
                       Cat(c.name, ": ", verdict, " ", step, " ", reason, "; expected ", c.verdict,
                           " ", c.step, " ", c.reason, " (", f ? f->message : "", ")"));
      }
    }
    URNE_RETURN_IF_ERROR(cli::WriteFileAtomic(Cat(dir, "/records/", c.name, ".urnerec"), bytes));
    std::string about;
    for (char ch : c.about) {
      bool ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || ch == '_' || ch == '.' ||
                ch == '/' || ch == '=' || ch == ';' || ch == ':' || ch == '-';
      about += ok ? ch : (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : '_';
    }
    index += Cat(",\n{\"kind\": \"record\", \"name\": \"", c.name, R"(", "file": "records/)",
                 c.name, R"(.urnerec", "verdict": ")", c.verdict, R"(", "step": ")", step,
                 R"(", "reason": ")", reason, R"(", "entries": ")", entries, R"(", "statuses": ")",
                 statuses, R"(", "about": ")", about, "\"}");
    std::cerr << "record vectors: " << c.name << " (" << bytes.size() << " bytes)\n";
  }
  index += "\n]\n";
  return cli::WriteFileAtomic(dir + "/records.json", index);
}

}  // namespace urne::tools

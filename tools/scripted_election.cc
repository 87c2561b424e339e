#include "tools/scripted_election.h"

#include <ctime>

#include "crypto/range_proof.h"
#include "election/authority_steps.h"
#include "election/entry.h"
#include "election/manifest.h"
#include "election/replay.h"
#include "status/status.h"

namespace urne::testing {
namespace {

v1::Text T(const std::string& fr, const std::string& en) {
  v1::Text t;
  t.set_fr(fr);
  t.set_en(en);
  return t;
}

void AddOption(v1::Question* q, const std::string& id, const std::string& fr, const std::string& en,
               uint64_t cost = 0, bool blank = false) {
  auto* o = q->add_options();
  o->set_id(id);
  *o->mutable_label() = T(fr, en);
  o->set_cost(cost);
  o->set_blank(blank);
}

}  // namespace

v1::Manifest TestManifest(const ScriptOptions& options, const PublicKey& authority,
                          const std::vector<PublicKey>& trustee_keys,
                          const std::vector<Bytes>& trustee_box_keys) {
  v1::Manifest m;
  m.set_version(1);
  m.set_group(options.group);
  m.set_reference(options.reference);
  *m.mutable_title() = T("Votation de test", "Test votation");
  *m.mutable_organiser() = T("Commune de Test", "Town of Test");
  auto* q1 = m.add_questions();
  q1->set_id("pool");
  *q1->mutable_title() = T("Piscine", "Pool");
  *q1->mutable_text() = T("Construire la piscine ?", "Build the pool?");
  q1->set_kind(v1::YES_NO);
  AddOption(q1, "yes", "Oui", "Yes");
  AddOption(q1, "no", "Non", "No");
  AddOption(q1, "blank", "Blanc", "Blank", 0, true);
  auto* q2 = m.add_questions();
  q2->set_id("council");
  *q2->mutable_title() = T("Conseil", "Council");
  *q2->mutable_text() = T("Qui au conseil ?", "Who on the council?");
  q2->set_kind(v1::APPROVAL);
  AddOption(q2, "ana", "Ana", "Ana");
  AddOption(q2, "bruno", "Bruno", "Bruno");
  AddOption(q2, "chloe", "Chloé", "Chloé");
  q2->set_min_selections(0);
  q2->set_max_selections(2);
  auto* q3 = m.add_questions();
  q3->set_id("budget");
  *q3->mutable_title() = T("Budget", "Budget");
  *q3->mutable_text() = T("Quels projets ?", "Which projects?");
  q3->set_kind(v1::BUDGET);
  AddOption(q3, "park", "Parc", "Park", 60);
  AddOption(q3, "bikes", "Vélos", "Bikes", 30);
  AddOption(q3, "library", "Bibliothèque", "Library", 50);
  q3->set_min_selections(0);
  q3->set_max_selections(3);
  q3->set_budget(100);
  q3->set_unit("kEUR");
  auto* d1 = m.add_decisions();
  d1->set_id("pool");
  *d1->mutable_title() = T("Piscine", "Pool");
  d1->set_rule(v1::FR_LOCAL_REFERENDUM);
  d1->add_question_ids("pool");
  auto* d2 = m.add_decisions();
  d2->set_id("council");
  *d2->mutable_title() = T("Conseil", "Council");
  d2->set_rule(v1::APPROVAL_TOP_K);
  d2->add_question_ids("council");
  d2->set_seats(2);
  auto* d3 = m.add_decisions();
  d3->set_id("budget");
  *d3->mutable_title() = T("Budget", "Budget");
  d3->set_rule(v1::BUDGET_GREEDY);
  d3->add_question_ids("budget");
  if (options.questions_from) {
    *m.mutable_questions() = options.questions_from->questions();
    *m.mutable_decisions() = options.questions_from->decisions();
  }
  m.set_revote_policy(options.revote_policy);
  for (size_t i = 0; i < trustee_keys.size(); ++i) {
    auto* t = m.add_trustees();
    t->set_name(Cat("Trustee ", i + 1));
    t->set_signing_key(trustee_keys[i].bytes.data(), 32);
    t->set_box_key(trustee_box_keys[i].data(), trustee_box_keys[i].size());
  }
  m.set_threshold(options.threshold);
  m.set_authority_key(authority.bytes.data(), 32);
  m.set_board_key(options.board_key);
  m.set_opens_at(1'800'000'000);
  m.set_closes_at(1'800'086'400);
  m.set_ceremony_deadline(options.ceremony_deadline);
  m.set_min_counted_ballots(options.min_counted_ballots);
  m.set_booth_digest(options.booth_digest);
  return m;
}

Choices TestChoices(uint32_t pool, std::vector<uint32_t> council, std::vector<uint32_t> budget) {
  std::vector<uint32_t> p(3, 0);
  p[pool] = 1;
  return {p, std::move(council), std::move(budget)};
}

ScriptedElection::ScriptedElection(ScriptOptions options, Sink sink)
    : options_(std::move(options)),
      sink_(std::move(sink)),
      authority_(SigningKey::Generate()),
      board_(SigningKey::Generate()) {
  if (options_.board_key.empty()) {
    PublicKey pk = board_.public_key();
    options_.board_key.assign(pk.bytes.begin(), pk.bytes.end());
  }
  for (uint32_t i = 0; i < options_.trustees; ++i) {
    trustees_.push_back(Trustee{SigningKey::Generate(), BoxKeyPair::Generate(), nullptr, {}});
  }
}

v1::Entry ScriptedElection::Sign(v1::EntryKind kind, const google::protobuf::Message& payload,
                                 const SigningKey& key) const {
  return MakeEntry(state_->id(), kind, Serialize(payload), key);
}

absl::Status ScriptedElection::Post(const v1::Entry& entry) {
  URNE_RETURN_IF_ERROR(state_->Apply(entry));
  return sink_(entry);
}

absl::Status ScriptedElection::PostAll(std::span<const v1::Entry> entries, unsigned threads) {
  URNE_RETURN_IF_ERROR(ReplayInto(*state_, entries, threads));
  for (const v1::Entry& entry : entries) URNE_RETURN_IF_ERROR(sink_(entry));
  return absl::OkStatus();
}

absl::Status ScriptedElection::Create() {
  std::vector<PublicKey> keys;
  std::vector<Bytes> boxes;
  for (const auto& t : trustees_) {
    keys.push_back(t.sign.public_key());
    boxes.push_back(t.box.public_key);
  }
  v1::Manifest manifest = TestManifest(options_, authority_.public_key(), keys, boxes);
  std::string payload = Serialize(manifest);
  v1::Entry entry =
      MakeEntry(ComputeElectionId(AsBytes(payload)), v1::MANIFEST, payload, authority_);
  URNE_ASSIGN_OR_RETURN(state_, ElectionState::Begin(entry));
  URNE_RETURN_IF_ERROR(sink_(entry));
  std::vector<PublicKey> credentials;
  for (size_t v = 0; v < options_.voters; ++v) {
    CredentialCode code = GenerateCredentialCode();
    codes_.emplace_back(code.canonical());
    voters_.push_back(DeriveCredentialKey(state_->id(), code));
    credentials.push_back(voters_.back().public_key());
  }
  URNE_ASSIGN_OR_RETURN(v1::Roll roll, MakeRoll(credentials));
  return Post(Sign(v1::ROLL, roll, authority_));
}

absl::Status ScriptedElection::Ceremony(uint32_t bad_dealer, uint32_t victim, bool dealer_answers,
                                        uint32_t absent) {
  const Group& group = state_->group();
  for (uint32_t i = 1; i <= options_.trustees; ++i) {
    if (i == absent) continue;
    Trustee& t = trustees_[i - 1];
    if (auto chosen = options_.coefficients.find(i); chosen != options_.coefficients.end()) {
      std::vector<SecretScalar> a;
      for (const Scalar& s : chosen->second) a.emplace_back(s);
      t.polynomial = std::make_unique<Polynomial>(std::move(a));
    } else {
      t.polynomial = std::make_unique<Polynomial>(Polynomial::Random(group, options_.threshold));
    }
    URNE_RETURN_IF_ERROR(
        Post(Sign(v1::TRUSTEE_COMMITMENT, MakeCommitment(state_->id(), i, *t.polynomial), t.sign)));
  }
  for (uint32_t i = 1; i <= options_.trustees; ++i) {
    if (i == absent) continue;
    Trustee& t = trustees_[i - 1];
    URNE_ASSIGN_OR_RETURN(v1::SealedShares shares,
                          MakeSealedShares(state_->manifest(), i, *t.polynomial));
    if (i == bad_dealer) {
      // Seal a wrong share (f(victim) + 1) to the victim.
      Polynomial wrong = Polynomial::Random(group, options_.threshold);
      v1::SealedShares bad = *MakeSealedShares(state_->manifest(), i, wrong);
      for (int k = 0; k < shares.shares_size(); ++k) {
        if (shares.shares(k).recipient_index() == victim) {
          *shares.mutable_shares(k) = bad.shares(k);
        }
      }
    }
    URNE_RETURN_IF_ERROR(Post(Sign(v1::SEALED_SHARES, shares, t.sign)));
  }
  if (absent != 0) return absl::OkStatus();
  for (uint32_t i = 1; i <= options_.trustees; ++i) {
    Trustee& t = trustees_[i - 1];
    URNE_ASSIGN_OR_RETURN(ReceivedShares received, OpenShares(*state_, i, t.box));
    t.received = std::move(received.shares);
    URNE_RETURN_IF_ERROR(
        Post(Sign(v1::SHARE_VERDICT, MakeVerdict(i, received.complaints), t.sign)));
  }
  if (bad_dealer != 0 && dealer_answers) {
    Trustee& d = trustees_[bad_dealer - 1];
    URNE_RETURN_IF_ERROR(
        Post(Sign(v1::SHARE_REVEAL, MakeReveal(bad_dealer, victim, *d.polynomial), d.sign)));
  }
  return absl::OkStatus();
}

absl::Status ScriptedElection::Open() { return Open(static_cast<int64_t>(std::time(nullptr))); }

absl::Status ScriptedElection::Open(int64_t opened_at) {
  return Post(Sign(v1::OPEN, MakeOpen(*state_, opened_at), authority_));
}

absl::StatusOr<EncryptedBallot> ScriptedElection::Encrypt(size_t v, const Choices& choices,
                                                          uint64_t seen_tree_size) const {
  return EncryptAs(voters_[v].public_key(), choices, seen_tree_size);
}

absl::StatusOr<EncryptedBallot> ScriptedElection::EncryptAs(const PublicKey& credential,
                                                            const Choices& choices,
                                                            uint64_t seen_tree_size) const {
  if (state_->joint_key() == nullptr) {
    return Error(absl::StatusCode::kFailedPrecondition, "phase.wrong", "no joint key yet");
  }
  BallotStatement st{state_->manifest(), state_->group(), state_->id(), *state_->joint_key(),
                     credential};
  return EncryptBallot(st, choices, seen_tree_size);
}

absl::StatusOr<v1::Entry> ScriptedElection::Cast(size_t v, const Choices& choices) {
  URNE_ASSIGN_OR_RETURN(EncryptedBallot ballot, Encrypt(v, choices, state_->size()));
  v1::Entry entry = MakeEntry(state_->id(), v1::BALLOT, ballot.payload, voters_[v]);
  URNE_RETURN_IF_ERROR(Post(entry));
  openings_[ballot.payload] = std::move(ballot.opening);
  return entry;
}

const v1::Audit* ScriptedElection::OpeningOf(const v1::Entry& ballot) const {
  auto it = openings_.find(ballot.payload());
  return it == openings_.end() ? nullptr : &it->second;
}

absl::StatusOr<v1::Audit> ScriptedElection::Reprove(size_t v, const v1::Audit& opening,
                                                    uint64_t seen_tree_size) const {
  const ElGamalPublicKey& key = *state_->joint_key();
  const Group& group = state_->group();
  const PublicKey credential = voters_[v].public_key();
  v1::Ballot ballot;
  ballot.set_seen_tree_size(seen_tree_size);
  for (int q = 0; q < opening.questions_size(); ++q) {
    const auto& aq = opening.questions(q);
    QuestionShape shape = ShapeOf(state_->manifest().questions(q));
    auto* qb = ballot.add_questions();
    Ciphertext sum = IdentityCiphertext(group);
    Scalar nonce_sum = group.ScalarFromU64(0);
    uint64_t selected = 0;
    for (int o = 0; o < aq.selections_size(); ++o) {
      URNE_ASSIGN_OR_RETURN(Scalar r, group.DecodeScalar(AsBytes(aq.nonces(o))));
      const uint32_t m = aq.selections(o);
      Ciphertext c = key.Encrypt(m, r);
      URNE_ASSIGN_OR_RETURN(RangeProof proof,
                            ProveRange(key, c, m, SecretScalar(r), 0, 1,
                                       SelectionContext(state_->id(), credential, q, o)));
      Bytes ct = EncodeCiphertext(c);
      Bytes pr = EncodeRangeProof(proof);
      qb->add_ciphertexts(ct.data(), ct.size());
      qb->add_range_proofs(pr.data(), pr.size());
      sum = Add(sum, c);
      nonce_sum = group.Add(nonce_sum, r);
      selected += m;
    }
    URNE_ASSIGN_OR_RETURN(RangeProof sum_proof,
                          ProveRange(key, sum, selected, SecretScalar(nonce_sum), shape.min_sum,
                                     shape.max_sum, SumContext(state_->id(), credential, q)));
    Bytes sp = EncodeRangeProof(sum_proof);
    qb->set_sum_proof(sp.data(), sp.size());
  }
  v1::Audit out = opening;
  out.set_ballot(Serialize(ballot));
  return out;
}

absl::StatusOr<v1::Entry> ScriptedElection::Audit(size_t v, const Choices& choices) {
  URNE_ASSIGN_OR_RETURN(EncryptedBallot ballot, Encrypt(v, choices, state_->size()));
  v1::Entry entry = Sign(v1::AUDIT, ballot.opening, voters_[v]);
  URNE_RETURN_IF_ERROR(Post(entry));
  return entry;
}

absl::StatusOr<v1::Entry> ScriptedElection::ReplaceCredential(size_t v) {
  return ReplaceCredential(v, static_cast<int64_t>(std::time(nullptr)));
}

absl::StatusOr<v1::Entry> ScriptedElection::ReplaceCredential(size_t v, int64_t replaced_at) {
  CredentialCode code = GenerateCredentialCode();
  SigningKey fresh = DeriveCredentialKey(state_->id(), code);
  v1::Entry entry =
      Sign(v1::CREDENTIAL_REPLACEMENT,
           MakeCredentialReplacement(voters_[v].public_key(), fresh.public_key(), replaced_at),
           authority_);
  URNE_RETURN_IF_ERROR(Post(entry));
  retired_.push_back(std::move(voters_[v]));
  voters_[v] = std::move(fresh);
  codes_[v] = code.canonical();
  return entry;
}

absl::Status ScriptedElection::Close() {
  v1::Close close = MakeClose(*state_);
  // A resumed state's tree holds none of the log before CLOSE: its root is the checkpoint's.
  if (resumed_root_) close.set_root_hash(*resumed_root_);
  return Post(Sign(v1::CLOSE, close, authority_));
}

absl::Status ScriptedElection::ResumeAtClose(const TallyCheckpoint& checkpoint) {
  URNE_ASSIGN_OR_RETURN(state_, ElectionState::ResumeAtClose(std::move(state_), checkpoint));
  resumed_root_ = checkpoint.close_root_hash;
  return absl::OkStatus();
}

absl::StatusOr<v1::Entry> ScriptedElection::Decrypt(uint32_t i) {
  Trustee& t = trustees_[i - 1];
  URNE_ASSIGN_OR_RETURN(SecretScalar share, AggregateShare(*state_, i, *t.polynomial, t.received));
  URNE_ASSIGN_OR_RETURN(v1::PartialDecryption pd, MakePartialDecryption(*state_, i, share));
  v1::Entry entry = Sign(v1::PARTIAL_DECRYPTION, pd, t.sign);
  URNE_RETURN_IF_ERROR(Post(entry));
  return entry;
}

absl::StatusOr<v1::PartialDecryption> ScriptedElection::PartialFor(const ElectionState& state,
                                                                   uint32_t i) const {
  const Trustee& t = trustees_[i - 1];
  URNE_ASSIGN_OR_RETURN(SecretScalar share, AggregateShare(state, i, *t.polynomial, t.received));
  return MakePartialDecryption(state, i, share);
}

absl::StatusOr<v1::Entry> ScriptedElection::PublishResult() {
  URNE_ASSIGN_OR_RETURN(v1::Result result, ComputeResult(*state_));
  v1::Entry entry = Sign(v1::RESULT, result, authority_);
  URNE_RETURN_IF_ERROR(Post(entry));
  return entry;
}

}  // namespace urne::testing

#include "election/ballot.h"

#include "crypto/batch_verifier.h"
#include "crypto/range_proof.h"
#include "crypto/subgroup_batch.h"
#include "election/manifest.h"
#include "status/status.h"

namespace urne {

Bytes SelectionContext(const ElectionId& election, const PublicKey& credential, uint64_t q,
                       uint64_t o) {
  return Transcript("urne/v1/context/selection")
      .Append("election", election)
      .Append("credential", credential.bytes)
      .AppendU64("question", q)
      .AppendU64("option", o)
      .bytes();
}

Bytes SumContext(const ElectionId& election, const PublicKey& credential, uint64_t q) {
  return Transcript("urne/v1/context/question-sum")
      .Append("election", election)
      .Append("credential", credential.bytes)
      .AppendU64("question", q)
      .bytes();
}

absl::Status CheckChoices(const v1::Manifest& manifest, const Choices& choices) {
  if (choices.size() != static_cast<size_t>(manifest.questions_size())) {
    return Invalid("ballot.choices", Cat("the votation has ", manifest.questions_size(),
                                         " questions; got answers for ", choices.size()));
  }
  for (size_t q = 0; q < choices.size(); ++q) {
    const auto& question = manifest.questions(static_cast<int>(q));
    QuestionShape shape = ShapeOf(question);
    if (choices[q].size() != shape.options) {
      return Invalid("ballot.choices", Cat("question \"", question.id(), "\" has ", shape.options,
                                           " options; got ", choices[q].size()));
    }
    uint64_t sum = 0;
    for (uint32_t s : choices[q]) {
      if (s > 1) {
        return Invalid("ballot.choices",
                       Cat("question \"", question.id(), "\": each option is 0 or 1"));
      }
      sum += s;
    }
    if (sum < shape.min_sum || sum > shape.max_sum) {
      return Invalid("ballot.choices",
                     shape.min_sum == shape.max_sum
                         ? Cat("question \"", question.id(), "\": choose exactly ", shape.min_sum,
                               " option(s)")
                         : Cat("question \"", question.id(), "\": choose between ", shape.min_sum,
                               " and ", shape.max_sum, " options"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<EncryptedBallot> EncryptBallot(const BallotStatement& st, const Choices& choices,
                                              uint64_t seen_tree_size) {
  URNE_RETURN_IF_ERROR(CheckChoices(st.manifest, choices));
  v1::Ballot ballot;
  ballot.set_seen_tree_size(seen_tree_size);
  v1::Audit opening;
  for (size_t q = 0; q < choices.size(); ++q) {
    QuestionShape shape = ShapeOf(st.manifest.questions(static_cast<int>(q)));
    auto* qb = ballot.add_questions();
    auto* qa = opening.add_questions();
    Ciphertext sum = IdentityCiphertext(st.group);
    Scalar nonce_sum = st.group.ScalarFromU64(0);
    uint64_t selected = 0;
    for (size_t o = 0; o < choices[q].size(); ++o) {
      uint32_t m = choices[q][o];
      Encryption enc = st.key.Encrypt(m);
      URNE_ASSIGN_OR_RETURN(RangeProof proof,
                            ProveRange(st.key, enc.ciphertext, m, enc.nonce, 0, 1,
                                       SelectionContext(st.election, st.credential, q, o)));
      Bytes ct = EncodeCiphertext(enc.ciphertext);
      Bytes pr = EncodeRangeProof(proof);
      qb->add_ciphertexts(ct.data(), ct.size());
      qb->add_range_proofs(pr.data(), pr.size());
      qa->add_selections(m);
      Bytes nonce = st.group.Encode(enc.nonce.value());
      qa->add_nonces(nonce.data(), nonce.size());
      sum = Add(sum, enc.ciphertext);
      nonce_sum = st.group.Add(nonce_sum, enc.nonce.value());
      selected += m;
    }
    SecretScalar r(nonce_sum);
    URNE_ASSIGN_OR_RETURN(RangeProof sum_proof,
                          ProveRange(st.key, sum, selected, r, shape.min_sum, shape.max_sum,
                                     SumContext(st.election, st.credential, q)));
    Bytes sp = EncodeRangeProof(sum_proof);
    qb->set_sum_proof(sp.data(), sp.size());
  }
  EncryptedBallot out;
  out.payload = Serialize(ballot);
  out.tracking_code = TrackingCode(out.payload);
  opening.set_ballot(out.payload);
  out.opening = std::move(opening);
  return out;
}

namespace {

// Parses and decodes a ballot, checks its structure and every proof's challenge, and queues
// the proofs' equations in `batch`. A fault is returned through on_fault(fault). With
// `members`, the ciphertexts' subgroup test is deferred to it and the proof commitments'
// is left to the proofs' equations in `batch` (specs/crypto-proofs.md §2.6): the result
// holds only once members->VartimeVerify() returns true and `batch` passes.
template <typename OnFault>
absl::StatusOr<VerifiedBallot> QueueBallot(const BallotStatement& st, const v1::Ballot& ballot,
                                           BatchVerifier& batch, SubgroupBatch* members,
                                           OnFault on_fault) {
  if (ballot.questions_size() != st.manifest.questions_size()) {
    return Invalid("ballot.structure",
                   Cat("the ballot answers ", ballot.questions_size(),
                       " questions; the votation has ", st.manifest.questions_size()));
  }
  if (members != nullptr) {
    // Every element encoding of the ballot, in the order decoded below, decoded together where
    // the group can (crypto/subgroup_batch.h DecodeAhead; the results are the same).
    std::vector<ByteView> encodings;
    for (const auto& qb : ballot.questions()) {
      for (int o = 0; o < qb.ciphertexts_size() && o < qb.range_proofs_size(); ++o) {
        AppendCiphertextEncodings(st.group, AsBytes(qb.ciphertexts(o)), encodings);
        AppendRangeProofEncodings(st.group, AsBytes(qb.range_proofs(o)), encodings);
      }
      AppendRangeProofEncodings(st.group, AsBytes(qb.sum_proof()), encodings);
    }
    members->DecodeAhead(encodings);
  }
  BallotCiphertexts out(ballot.questions_size());
  for (int q = 0; q < ballot.questions_size(); ++q) {
    const auto& qb = ballot.questions(q);
    const auto& question = st.manifest.questions(q);
    QuestionShape shape = ShapeOf(question);
    std::string where = Cat("question \"", question.id(), "\"");
    if (static_cast<size_t>(qb.ciphertexts_size()) != shape.options ||
        static_cast<size_t>(qb.range_proofs_size()) != shape.options) {
      return on_fault(Invalid("ballot.structure", Cat(where, " needs ", shape.options,
                                                      " ciphertexts and range proofs")));
    }
    Ciphertext sum = IdentityCiphertext(st.group);
    // Where the options' α and β terms are: the sum proof's exponents of the sum's α and β
    // go to them (BatchVerifier::AddRangeOfProduct).
    std::vector<BatchVerifier::CiphertextTerms> terms(qb.ciphertexts_size());
    for (int o = 0; o < qb.ciphertexts_size(); ++o) {
      std::string at = Cat(where, ", option ", o, ": ");
      auto ct = DecodeCiphertext(st.group, AsBytes(qb.ciphertexts(o)), members);
      if (!ct.ok()) return on_fault(WithContext(ct.status(), at));
      auto proof = DecodeRangeProof(st.group, AsBytes(qb.range_proofs(o)), members);
      if (!proof.ok()) return on_fault(WithContext(proof.status(), at));
      absl::Status added =
          batch.AddRange(st.key, *ct, 0, 1, *proof,
                         SelectionContext(st.election, st.credential, q, o), at, &terms[o]);
      if (!added.ok()) return on_fault(WithContext(added, at));
      sum = Add(sum, *ct);
      out[q].push_back(*ct);
    }
    const std::string sum_at = where + ", sum proof: ";
    auto sum_proof = DecodeRangeProof(st.group, AsBytes(qb.sum_proof()), members);
    if (!sum_proof.ok()) return on_fault(WithContext(sum_proof.status(), sum_at));
    absl::Status added =
        batch.AddRangeOfProduct(st.key, sum, terms, shape.min_sum, shape.max_sum, *sum_proof,
                                SumContext(st.election, st.credential, q), sum_at);
    if (!added.ok()) return on_fault(WithContext(added, sum_at));
  }
  return VerifiedBallot{std::move(out), ballot.seen_tree_size()};
}

}  // namespace

absl::StatusOr<VerifiedBallot> VerifyBallot(const BallotStatement& st, const std::string& payload) {
  v1::Ballot ballot;
  URNE_RETURN_IF_ERROR(ParseStrict(payload, ballot));
  {
    // The fast path: the subgroup test of the ballot's ciphertexts as one batch
    // (specs/crypto-proofs.md §2.6) and the proofs' equations as another, which also tests
    // the proof commitments (§2.6, "Proof commitments"); the ballot holds iff both pass. On any
    // fault the ballot is checked again below, element by element and proof by proof in ballot
    // order, so its error is exactly the one that names the first fault.
    BatchVerifier batch(st.group, BatchVerifier::Fallback::kNone);
    SubgroupBatch members(st.group);
    auto fault = [](absl::Status s) { return s; };
    auto fast = QueueBallot(st, ballot, batch, &members, fault);
    if (fast.ok() && members.VartimeVerify() && batch.Verify().ok()) return fast;
  }
  // Every proof's challenge is checked at once; their equations are checked together by one
  // random linear combination (specs/crypto-proofs.md §2.5). A ballot's first fault in
  // ballot order is reported, as with individual verification: before reporting a later
  // fault, the equations queued so far are checked, and a failing batch is resolved proof
  // by proof to name the bad one.
  BatchVerifier batch(st.group);
  auto first_fault = [&batch](const absl::Status& later) {
    absl::Status earlier = batch.Verify();
    return earlier.ok() ? later : earlier;
  };
  URNE_ASSIGN_OR_RETURN(VerifiedBallot verified,
                        QueueBallot(st, ballot, batch, nullptr, first_fault));
  URNE_RETURN_IF_ERROR(batch.Verify());
  return verified;
}

absl::StatusOr<VerifiedBallot> VerifyBallotInto(const BallotStatement& st,
                                                const std::string& payload, BatchVerifier& batch) {
  v1::Ballot ballot;
  URNE_RETURN_IF_ERROR(ParseStrict(payload, ballot));
  const BatchVerifier::Checkpoint mark = batch.Mark();
  auto fault = [](absl::Status s) { return s; };
  // The ballot's ciphertexts are tested for subgroup membership as one batch of their own
  // (specs/crypto-proofs.md §2.6) before the ballot counts as queued; its proof commitments
  // are tested by `batch` when it is verified.
  SubgroupBatch members(st.group);
  auto queued = QueueBallot(st, ballot, batch, &members, fault);
  if (queued.ok() && members.VartimeVerify()) return queued;
  // A malformed ballot (or an element outside the subgroup): its equations leave the batch,
  // and the error is the one
  // VerifyBallot reports (which may be an earlier proof's).
  batch.Rollback(mark);
  return VerifyBallot(st, payload);
}

absl::StatusOr<VerifiedAudit> VerifyAudit(const BallotStatement& st, const v1::Audit& audit) {
  URNE_ASSIGN_OR_RETURN(VerifiedBallot ballot, VerifyBallot(st, audit.ballot()));
  const BallotCiphertexts& cts = ballot.ciphertexts;
  if (audit.questions_size() != static_cast<int>(cts.size())) {
    return Invalid("audit.structure", "the audit must open every question of the ballot");
  }
  Choices choices(cts.size());
  for (size_t q = 0; q < cts.size(); ++q) {
    const auto& aq = audit.questions(static_cast<int>(q));
    if (aq.selections_size() != static_cast<int>(cts[q].size()) ||
        aq.nonces_size() != static_cast<int>(cts[q].size())) {
      return Invalid("audit.structure", Cat("question ", q, ": the audit must open every option"));
    }
    for (size_t o = 0; o < cts[q].size(); ++o) {
      uint32_t m = aq.selections(static_cast<int>(o));
      if (m > 1) return Invalid("audit.structure", "revealed selections are 0 or 1");
      auto r = st.group.DecodeScalar(AsBytes(aq.nonces(static_cast<int>(o))));
      if (!r.ok()) return WithContext(r.status(), Cat("question ", q, ", option ", o, ": "));
      if (!Equal(st.key.Encrypt(m, *r), cts[q][o])) {
        return Invalid("audit.mismatch",
                       Cat("question ", q, ", option ", o,
                           ": the revealed choice and nonce do not re-encrypt to the ballot"));
      }
      choices[q].push_back(m);
    }
  }
  return VerifiedAudit{std::move(ballot), std::move(choices)};
}

}  // namespace urne

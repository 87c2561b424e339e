#include "election/trustee_steps.h"

#include <sodium.h>

#include "crypto/chaum_pedersen.h"
#include "crypto/schnorr.h"
#include "status/status.h"

namespace urne {

v1::TrusteeCommitment MakeCommitment(const ElectionId& election, uint32_t me,
                                     const Polynomial& polynomial) {
  v1::TrusteeCommitment out;
  out.set_trustee_index(me);
  std::vector<Element> commitments = polynomial.Commitments();
  const Group& group = polynomial.group();
  for (uint32_t k = 0; k < commitments.size(); ++k) {
    Bytes c = group.Encode(commitments[k]);
    out.add_coefficient_commitments(c.data(), c.size());
    Bytes proof = EncodeSchnorrProof(ProveSchnorr(commitments[k], polynomial.coefficient(k),
                                                  CoefficientContext(election, me, k)));
    out.add_proofs(proof.data(), proof.size());
  }
  return out;
}

absl::StatusOr<v1::SealedShares> MakeSealedShares(const v1::Manifest& manifest, uint32_t me,
                                                  const Polynomial& polynomial) {
  v1::SealedShares out;
  out.set_dealer_index(me);
  for (uint32_t j = 1; j <= static_cast<uint32_t>(manifest.trustees_size()); ++j) {
    if (j == me) continue;
    const std::string& box_key = manifest.trustees(static_cast<int>(j - 1)).box_key();
    SecretScalar share = polynomial.Share(j);
    Bytes plain = polynomial.group().Encode(share.value());
    absl::StatusOr<Bytes> sealed = SealToBoxKey(plain, AsBytes(box_key));
    sodium_memzero(plain.data(), plain.size());
    if (!sealed.ok()) {
      return Invalid("trustee.seal_failed",
                     Cat("cannot seal a share to trustee ", j, "'s box key"));
    }
    auto* s = out.add_shares();
    s->set_recipient_index(j);
    s->set_sealed(sealed->data(), sealed->size());
  }
  return out;
}

absl::StatusOr<ReceivedShares> OpenShares(const ElectionState& state, uint32_t me,
                                          const BoxKeyPair& box,
                                          const std::set<uint32_t>* dealers) {
  const Ceremony& ceremony = state.ceremony();
  const Group& group = state.group();
  ReceivedShares out;
  auto n = static_cast<uint32_t>(state.manifest().trustees_size());
  for (uint32_t dealer = 1; dealer <= n; ++dealer) {
    if (dealer == me || (dealers != nullptr && !dealers->count(dealer))) continue;
    const v1::SealedShares* sealed = ceremony.sealed_shares(dealer);
    const std::vector<Element>* commitments = ceremony.commitments(dealer);
    if (sealed == nullptr || commitments == nullptr) {
      return Error(absl::StatusCode::kFailedPrecondition, "trustee.waiting",
                   Cat("trustee ", dealer, " has not posted its commitments and shares yet"));
    }
    const std::string* box_text = nullptr;
    for (const auto& s : sealed->shares()) {
      if (s.recipient_index() == me) box_text = &s.sealed();
    }
    absl::StatusOr<SecretBytes> plain = box_text != nullptr && box_text->size() == kSealedShareBytes
                                            ? OpenSealedBox(AsBytes(*box_text), box)
                                            : absl::StatusOr<SecretBytes>(absl::InternalError(""));
    absl::StatusOr<Scalar> share =
        plain.ok() ? group.DecodeScalar(plain->view()) : absl::StatusOr<Scalar>(plain.status());
    if (!share.ok() || !VerifyShare(*commitments, me, *share).ok()) {
      out.complaints.push_back(dealer);
      continue;
    }
    out.shares.emplace(dealer, SecretScalar(*share));
  }
  return out;
}

v1::ShareVerdict MakeVerdict(uint32_t me, const std::vector<uint32_t>& complaints) {
  v1::ShareVerdict out;
  out.set_trustee_index(me);
  for (uint32_t d : complaints) out.add_complaints(d);
  return out;
}

v1::ShareReveal MakeReveal(uint32_t me, uint32_t recipient, const Polynomial& polynomial) {
  v1::ShareReveal out;
  out.set_dealer_index(me);
  out.set_recipient_index(recipient);
  SecretScalar share = polynomial.Share(recipient);
  Bytes bytes = polynomial.group().Encode(share.value());
  out.set_share(bytes.data(), bytes.size());
  sodium_memzero(bytes.data(), bytes.size());
  return out;
}

absl::StatusOr<SecretScalar> AggregateShare(const ElectionState& state, uint32_t me,
                                            const Polynomial& own,
                                            const std::map<uint32_t, SecretScalar>& received) {
  const Ceremony& ceremony = state.ceremony();
  if (!ceremony.finalized()) {
    return Error(absl::StatusCode::kFailedPrecondition, "trustee.waiting",
                 "the key ceremony is not final yet");
  }
  const Group& group = state.group();
  Scalar sum = group.ScalarFromU64(0);
  for (uint32_t dealer : ceremony.qualified()) {
    if (dealer == me) {
      sum = group.Add(sum, own.Share(me).value());
    } else if (const Scalar* revealed = ceremony.revealed(dealer, me)) {
      sum = group.Add(sum, *revealed);
    } else if (auto it = received.find(dealer); it != received.end()) {
      sum = group.Add(sum, it->second.value());
    } else {
      return Error(absl::StatusCode::kFailedPrecondition, "trustee.missing_share",
                   Cat("no valid share from qualified trustee ", dealer));
    }
  }
  if (!group.Equal(group.ExpG(sum), ceremony.verification_key(me))) {
    return Error(absl::StatusCode::kInternal, "trustee.share_mismatch",
                 "the aggregate share does not match this trustee's verification key");
  }
  return SecretScalar(sum);
}

absl::StatusOr<v1::PartialDecryption> MakePartialDecryption(const ElectionState& state, uint32_t me,
                                                            const SecretScalar& share) {
  if (state.phase() != v1::CLOSED) {
    return Error(absl::StatusCode::kFailedPrecondition, "phase.wrong",
                 Cat("partial decryptions are made once the vote is CLOSED; the election is ",
                     PhaseName(state.phase())));
  }
  const Group& group = state.group();
  const Element& vk = state.ceremony().verification_key(me);
  if (!group.Equal(group.ExpG(share.value()), vk)) {
    return Error(absl::StatusCode::kFailedPrecondition, "trustee.share_mismatch",
                 "this key file's share does not match the election's verification key");
  }
  v1::PartialDecryption out;
  out.set_trustee_index(me);
  out.set_close_tree_size(state.close()->tree_size());
  out.set_close_root_hash(state.close()->root_hash());
  const auto& tally = state.encrypted_tally();
  for (size_t q = 0; q < tally.size(); ++q) {
    auto* qd = out.add_questions();
    for (size_t o = 0; o < tally[q].size(); ++o) {
      Element m = PartialDecrypt(tally[q][o], share);
      ChaumPedersenStatement statement{vk, tally[q][o].alpha, m};
      Bytes context = DecryptionContext(state.id(), me, q, o);
      ChaumPedersenProof proof = ProveChaumPedersen(statement, share, context);
      URNE_RETURN_IF_ERROR(VerifyChaumPedersen(statement, proof, context));
      auto* d = qd->add_options();
      Bytes mb = group.Encode(m);
      Bytes pb = EncodeChaumPedersenProof(proof);
      d->set_share(mb.data(), mb.size());
      d->set_proof(pb.data(), pb.size());
    }
  }
  return out;
}

}  // namespace urne

#include "election/ceremony.h"

#include "crypto/schnorr.h"
#include "crypto/threshold.h"
#include "status/status.h"

namespace urne {

Bytes CoefficientContext(const ElectionId& election, uint32_t trustee, uint32_t k) {
  return Transcript("urne/v1/context/coefficient")
      .Append("election", election)
      .AppendU64("trustee", trustee)
      .AppendU64("coefficient", k)
      .bytes();
}

Ceremony::Ceremony(const v1::Manifest& manifest, const Group& group, const ElectionId& election)
    : group_(group),
      election_(election),
      n_(static_cast<uint32_t>(manifest.trustees_size())),
      t_(manifest.threshold()) {}

absl::Status Ceremony::CheckIndex(uint32_t index, const char* field) const {
  if (index < 1 || index > n_) {
    return Invalid("ceremony.bad_index",
                   Cat(field, " ", index, " is not a trustee index (1 to ", n_, ")"));
  }
  return absl::OkStatus();
}

absl::Status Ceremony::CheckCommitment(const v1::TrusteeCommitment& c) const {
  URNE_RETURN_IF_ERROR(CheckIndex(c.trustee_index(), "trustee_index"));
  if (commitments_.contains(c.trustee_index())) {
    return Error(absl::StatusCode::kAlreadyExists, "ceremony.duplicate",
                 Cat("trustee ", c.trustee_index(), " already posted its commitments"));
  }
  if (c.coefficient_commitments_size() != static_cast<int>(t_) ||
      c.proofs_size() != static_cast<int>(t_)) {
    return Invalid("ceremony.structure",
                   Cat("a trustee posts exactly ", t_, " coefficient commitments and proofs"));
  }
  for (uint32_t k = 0; k < t_; ++k) {
    std::string at = Cat("coefficient ", k, ": ");
    auto e = group_.DecodeElement(AsBytes(c.coefficient_commitments(static_cast<int>(k))),
                                  Identity::kForbidden);
    if (!e.ok()) return WithContext(e.status(), at);
    auto proof = DecodeSchnorrProof(group_, AsBytes(c.proofs(static_cast<int>(k))));
    if (!proof.ok()) return WithContext(proof.status(), at);
    URNE_RETURN_IF_ERROR(WithContext(
        VerifySchnorr(*e, *proof, CoefficientContext(election_, c.trustee_index(), k)), at));
  }
  return absl::OkStatus();
}

void Ceremony::ApplyCommitment(const v1::TrusteeCommitment& c) {
  std::vector<Element> elements;
  for (const auto& bytes : c.coefficient_commitments()) {
    elements.push_back(*group_.DecodeElement(AsBytes(bytes), Identity::kForbidden));
  }
  commitments_.emplace(c.trustee_index(), std::move(elements));
}

absl::Status Ceremony::CheckSealedShares(const v1::SealedShares& s) const {
  URNE_RETURN_IF_ERROR(CheckIndex(s.dealer_index(), "dealer_index"));
  if (sealed_.contains(s.dealer_index())) {
    return Error(absl::StatusCode::kAlreadyExists, "ceremony.duplicate",
                 Cat("trustee ", s.dealer_index(), " already posted its shares"));
  }
  if (s.shares_size() != static_cast<int>(n_) - 1) {
    return Invalid("ceremony.structure", Cat("a dealer posts one sealed share for each of the ",
                                             n_ - 1, " other trustees"));
  }
  uint32_t expected = 1;
  for (const auto& share : s.shares()) {
    if (expected == s.dealer_index()) ++expected;
    if (share.recipient_index() != expected) {
      return Invalid("ceremony.structure",
                     "sealed shares go to every other trustee once, in ascending order");
    }
    if (share.sealed().size() != kSealedShareBytes) {
      return Invalid("ceremony.structure", Cat("a sealed share is ", kSealedShareBytes, " bytes"));
    }
    ++expected;
  }
  return absl::OkStatus();
}

void Ceremony::ApplySealedShares(const v1::SealedShares& s) { sealed_[s.dealer_index()] = s; }

absl::Status Ceremony::CheckVerdict(const v1::ShareVerdict& v) const {
  URNE_RETURN_IF_ERROR(CheckIndex(v.trustee_index(), "trustee_index"));
  if (verdicts_.contains(v.trustee_index())) {
    return Error(absl::StatusCode::kAlreadyExists, "ceremony.duplicate",
                 Cat("trustee ", v.trustee_index(), " already posted its verdict"));
  }
  if (commitments_.size() != n_ || sealed_.size() != n_) {
    return Error(absl::StatusCode::kFailedPrecondition, "ceremony.premature_verdict",
                 "a verdict comes after every trustee posted its commitments and shares");
  }
  uint32_t previous = 0;
  for (uint32_t dealer : v.complaints()) {
    URNE_RETURN_IF_ERROR(CheckIndex(dealer, "complaint"));
    if (dealer == v.trustee_index() || dealer <= previous) {
      return Invalid("ceremony.structure",
                     "complaints name other trustees, each once, in ascending order");
    }
    previous = dealer;
  }
  return absl::OkStatus();
}

void Ceremony::ApplyVerdict(const v1::ShareVerdict& v) {
  verdicts_[v.trustee_index()] = {v.complaints().begin(), v.complaints().end()};
}

absl::Status Ceremony::CheckReveal(const v1::ShareReveal& r) const {
  URNE_RETURN_IF_ERROR(CheckIndex(r.dealer_index(), "dealer_index"));
  URNE_RETURN_IF_ERROR(CheckIndex(r.recipient_index(), "recipient_index"));
  auto it = verdicts_.find(r.recipient_index());
  bool complained = false;
  if (it != verdicts_.end()) {
    for (uint32_t d : it->second) complained |= d == r.dealer_index();
  }
  if (!complained) {
    return Error(absl::StatusCode::kFailedPrecondition, "ceremony.no_complaint",
                 Cat("trustee ", r.recipient_index(), " has no complaint against trustee ",
                     r.dealer_index(), "; nothing to reveal"));
  }
  if (reveals_.contains({r.dealer_index(), r.recipient_index()})) {
    return Error(absl::StatusCode::kAlreadyExists, "ceremony.duplicate",
                 "this share was already revealed");
  }
  URNE_ASSIGN_OR_RETURN(Scalar share, group_.DecodeScalar(AsBytes(r.share())));
  absl::Status ok = VerifyShare(commitments_.at(r.dealer_index()), r.recipient_index(), share);
  if (!ok.ok()) {
    return Invalid("ceremony.reveal_invalid",
                   Cat("the revealed share does not match trustee ", r.dealer_index(),
                       "'s commitments; the complaint stands"));
  }
  return absl::OkStatus();
}

void Ceremony::ApplyReveal(const v1::ShareReveal& r) {
  reveals_.emplace(std::make_pair(r.dealer_index(), r.recipient_index()),
                   *group_.DecodeScalar(AsBytes(r.share())));
}

bool Ceremony::Dealt(uint32_t i) const { return commitments_.contains(i) && sealed_.contains(i); }

bool Ceremony::AllVerdictsIn() const { return verdicts_.size() == n_; }

std::string Ceremony::Missing() const {
  std::string out;
  auto add = [&out](const std::string& what) { out += (out.empty() ? "" : "; ") + what; };
  for (uint32_t i = 1; i <= n_; ++i) {
    if (!Dealt(i)) add(Cat("trustee ", i, " has not dealt"));
  }
  if (verdicts_.size() < n_) {
    add(Cat(n_ - verdicts_.size(), n_ - verdicts_.size() == 1 ? " verdict" : " verdicts",
            " missing"));
  }
  size_t unanswered = 0;
  for (const auto& [recipient, dealers] : verdicts_) {
    for (uint32_t d : dealers) unanswered += reveals_.contains({d, recipient}) ? 0 : 1;
  }
  if (unanswered > 0) {
    add(Cat(unanswered, unanswered == 1 ? " complaint" : " complaints", " unanswered"));
  }
  return out;
}

bool Ceremony::Complete() const {
  if (!AllVerdictsIn()) return false;
  for (const auto& [recipient, dealers] : verdicts_) {
    for (uint32_t d : dealers) {
      if (!reveals_.contains({d, recipient})) return false;
    }
  }
  return true;
}

absl::Status Ceremony::Finalize() {
  std::set<uint32_t> qualified;
  for (uint32_t i = 1; i <= n_; ++i) {
    if (Dealt(i)) qualified.insert(i);
  }
  for (const auto& [recipient, dealers] : verdicts_) {
    for (uint32_t d : dealers) {
      if (!reveals_.contains({d, recipient})) qualified.erase(d);
    }
  }
  if (qualified.size() < t_) {
    return Error(absl::StatusCode::kFailedPrecondition, "ceremony.aborted",
                 Cat("only ", qualified.size(), " trustees qualified as dealers; at least ", t_,
                     " are needed. The ceremony must be run again in a new election"));
  }
  std::vector<std::vector<Element>> qual_commitments;
  qual_commitments.reserve(qualified.size());
  for (uint32_t i : qualified) qual_commitments.push_back(commitments_.at(i));
  URNE_ASSIGN_OR_RETURN(Element k, JointKey(qual_commitments));
  // Neither key may be the identity (specs/crypto.md §2, the identity table): only colluding
  // dealers produce one, and it would void every ballot (K) or trustee j's share (K_j).
  auto key = ElGamalPublicKey::FromElement(k);
  if (!key.ok()) {
    return Invalid("element.identity",
                   "the joint key computed from the qualified dealers' commitments is the "
                   "identity: the dealers' secrets cancel out. The ceremony must be run again "
                   "in a new election");
  }
  std::map<uint32_t, Element> vks;
  for (uint32_t j = 1; j <= n_; ++j) {
    URNE_ASSIGN_OR_RETURN(Element vk, VerificationKey(qual_commitments, j));
    if (group_.Equal(vk, group_.identity())) {
      return Invalid("element.identity",
                     Cat("trustee ", j,
                         "'s verification key computed from the qualified dealers' commitments "
                         "is the identity. The ceremony must be run again in a new election"));
    }
    vks.emplace(j, vk);
  }
  qualified_ = std::move(qualified);
  joint_key_ = std::move(*key);
  verification_keys_ = std::move(vks);
  return absl::OkStatus();
}

const std::vector<Element>* Ceremony::commitments(uint32_t dealer) const {
  auto it = commitments_.find(dealer);
  return it == commitments_.end() ? nullptr : &it->second;
}
const v1::SealedShares* Ceremony::sealed_shares(uint32_t dealer) const {
  auto it = sealed_.find(dealer);
  return it == sealed_.end() ? nullptr : &it->second;
}
const std::vector<uint32_t>* Ceremony::complaints(uint32_t recipient) const {
  auto it = verdicts_.find(recipient);
  return it == verdicts_.end() ? nullptr : &it->second;
}
const Scalar* Ceremony::revealed(uint32_t dealer, uint32_t recipient) const {
  auto it = reveals_.find({dealer, recipient});
  return it == reveals_.end() ? nullptr : &it->second;
}

}  // namespace urne

// The key ceremony's public state, rebuilt from TRUSTEE_COMMITMENT, SEALED_SHARES,
// SHARE_VERDICT and SHARE_REVEAL entries (specs/ceremony.md). Decides which dealers
// qualify, derives the joint key and each trustee's verification key — never taken on trust.
// Not thread-safe for mutation; const methods are.
#ifndef URNE_ELECTION_CEREMONY_H_
#define URNE_ELECTION_CEREMONY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "crypto/elgamal.h"
#include "crypto/x25519.h"
#include "election/entry.h"
#include "urne/v1/entries.pb.h"
#include "urne/v1/manifest.pb.h"

namespace urne {

// A share f_i(j) as posted in SEALED_SHARES: the 32-byte scalar encoding (both groups)
// sealed to trustee j's box key (specs/ceremony.md §2).
inline constexpr size_t kShareScalarBytes = 32;
inline constexpr size_t kSealedShareBytes = kShareScalarBytes + kSealOverheadBytes;

// Context of the Schnorr proof for coefficient k of trustee i: Transcript
// "urne/v1/context/coefficient" with "election", "trustee" (u64), "coefficient" (u64).
Bytes CoefficientContext(const ElectionId& election, uint32_t trustee, uint32_t k);

class Ceremony {
 public:
  Ceremony(const v1::Manifest& manifest, const Group& group, const ElectionId& election);

  // Each Check… validates a payload against the current state without changing it; the
  // matching Apply… records it (call only after a successful check). Trustee indexes are
  // 1-based. Errors: ceremony.* reasons with codes INVALID_ARGUMENT, ALREADY_EXISTS,
  // FAILED_PRECONDITION.
  absl::Status CheckCommitment(const v1::TrusteeCommitment& c) const;
  void ApplyCommitment(const v1::TrusteeCommitment& c);
  absl::Status CheckSealedShares(const v1::SealedShares& s) const;
  void ApplySealedShares(const v1::SealedShares& s);
  absl::Status CheckVerdict(const v1::ShareVerdict& v) const;
  void ApplyVerdict(const v1::ShareVerdict& v);
  absl::Status CheckReveal(const v1::ShareReveal& r) const;
  void ApplyReveal(const v1::ShareReveal& r);

  bool started() const { return !commitments_.empty(); }
  // Trustee i posted both its commitments and its sealed shares.
  bool Dealt(uint32_t i) const;
  // Every trustee posted its commitments, shares and verdict.
  bool AllVerdictsIn() const;
  // AllVerdictsIn and every complaint answered by a valid reveal.
  bool Complete() const;
  // What keeps the ceremony from being complete, for messages: e.g. "trustee 2 has not
  // dealt; 1 verdict missing; 1 complaint unanswered". Empty when Complete().
  std::string Missing() const;
  // Fixes the qualified dealers — those that dealt and have no unanswered complaint
  // (specs/ceremony.md §3) — and derives the keys. Error "ceremony.aborted" when fewer than
  // threshold qualify.
  absl::Status Finalize();

  bool finalized() const { return joint_key_.has_value(); }
  const std::set<uint32_t>& qualified() const { return qualified_; }
  const ElGamalPublicKey& joint_key() const { return *joint_key_; }
  // g^{s_j} of trustee j (1-based), from the qualified dealers' commitments.
  const Element& verification_key(uint32_t j) const { return verification_keys_.at(j); }

  // Read access for trustees (their own shares) and reports.
  const std::vector<Element>* commitments(uint32_t dealer) const;
  const v1::SealedShares* sealed_shares(uint32_t dealer) const;
  const std::vector<uint32_t>* complaints(uint32_t recipient) const;
  // The revealed share of (dealer, recipient), if any.
  const Scalar* revealed(uint32_t dealer, uint32_t recipient) const;

 private:
  absl::Status CheckIndex(uint32_t index, const char* field) const;
  const Group& group_;
  ElectionId election_;
  uint32_t n_;
  uint32_t t_;
  std::map<uint32_t, std::vector<Element>> commitments_;
  std::map<uint32_t, v1::SealedShares> sealed_;
  std::map<uint32_t, std::vector<uint32_t>> verdicts_;
  std::map<std::pair<uint32_t, uint32_t>, Scalar> reveals_;
  std::set<uint32_t> qualified_;
  std::optional<ElGamalPublicKey> joint_key_;
  std::map<uint32_t, Element> verification_keys_;
};

}  // namespace urne

#endif  // URNE_ELECTION_CEREMONY_H_

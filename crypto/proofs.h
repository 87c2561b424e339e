// Pieces shared by the Σ-protocol proofs (Schnorr, Chaum–Pedersen, range): how a proof's
// Fiat–Shamir transcript is opened, and a strict reader for proof encodings
// (specs/crypto-proofs.md §2 "Proofs"). Internal to crypto/; stateless and thread-safe.
#ifndef URNE_CRYPTO_PROOFS_H_
#define URNE_CRYPTO_PROOFS_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "crypto/bytes.h"
#include "crypto/group.h"
#include "crypto/subgroup_batch.h"
#include "crypto/transcript.h"

namespace urne {

// A transcript with `domain`, then field "group" = group name, then field "context" = the
// caller's context bytes (the election layer frames election id, question/option index and
// credential into it). Every proof challenge starts this way; the statement and the
// commitments follow.
Transcript OpenProofTranscript(std::string_view domain, const Group& group, ByteView context);

// The canonical encoding of `group`'s generator, computed once per group (thread-safe).
const Bytes& EncodedGenerator(const Group& group);

// Reads fixed-size elements and scalars from a proof encoding whose total length the caller
// has already checked. Errors keep the element/scalar reason and name the field.
class ProofReader {
 public:
  // With `members`, every element read is a proof commitment, decoded by
  // members->DecodeCommitment: its subgroup test is left to the proof's verification
  // equation (crypto/subgroup_batch.h, specs/crypto-proofs.md §2.6).
  ProofReader(const Group& group, ByteView bytes, SubgroupBatch* members = nullptr)
      : group_(group), bytes_(bytes), members_(members) {}
  // Commitments may be the identity (a nonce of 0 is legal, if unlikely).
  absl::StatusOr<Element> ReadElement(std::string_view field);
  absl::StatusOr<Scalar> ReadScalar(std::string_view field);

 private:
  const Group& group_;
  ByteView bytes_;
  SubgroupBatch* members_;
  size_t pos_ = 0;
};

}  // namespace urne

#endif  // URNE_CRYPTO_PROOFS_H_

// Strict decoding of many elements at once: the subgroup test of all of them as one batch
// (specs/crypto-proofs.md §2.6).
//
// Decode() checks everything Group::DecodeElement checks except, where that test is costly,
// membership of the order-q subgroup: for eg4096 it checks length, range 1 ≤ x < p, the
// identity rule and the Jacobi symbol (x|p) = 1, and defers x^q = 1 to VartimeVerify(), which
// tests every deferred element at once with random 128-bit exponents from the system CSPRNG
// drawn at that call, after the elements are fixed: (∏ x_i^{r_i})^q = 1. An element outside
// the subgroup passes with probability ≤ 2^-128 (the argument is in specs/crypto-proofs.md §2.6).
// For ristretto255, whose decoding always proves membership, Decode() is DecodeElement and
// VartimeVerify() has nothing to do.
//
// Contract: an Element returned by Decode() is NOT yet known to be in the subgroup. It may be
// hashed, encoded and queued in a BatchVerifier, but nothing built from it may be trusted or
// returned to a caller until VartimeVerify() has returned true for a batch holding it. On
// false, discard everything and decode again with Group::DecodeElement, one element at a time,
// to name the bad one with its specific reason. Decode() errors are DecodeElement's reasons
// (element.wrong_length, element.out_of_range, element.identity, element.not_in_subgroup for
// a Jacobi symbol −1), but a caller reporting a fault should re-decode strictly anyway so that
// the first fault in its own order is the one reported.
//
// Proof commitments (DecodeCommitment): a Σ-proof's commitments (a range proof's a_j, b_j)
// need not be queued at all. Each is checked by its proof's own equation against a product
// of elements already known to be in the subgroup — compared for equality (VerifyRange) or
// weighted by a fresh random 128-bit weight of its own (BatchVerifier) — and that equation
// fails for a commitment outside the subgroup, except with probability ≤ 2^-128 in a batch
// (specs/crypto-proofs.md §2.6, "Proof commitments"). So DecodeCommitment checks
// everything Decode checks, the Jacobi symbol included, and queues nothing; the proof must
// then only be trusted through its verification (VerifyRange or a BatchVerifier that
// passes), never for its elements alone.
//
// Decoding ahead (DecodeAhead): where the group decodes many encodings faster together
// (ristretto255 with AVX-512 IFMA: Group::VartimeDecodeMany), a caller that knows which
// encodings it will decode, in which order, hands them over first. Decode and DecodeCommitment
// then take the next result when their bytes are the next ones handed over, and decode alone
// otherwise (another order, a failed decoding: the strict decoder gives the reason), so the
// results are the same either way; only the time differs.
//
// Variable time: public data only (verification). Not thread-safe; one batch per thread.
#ifndef URNE_CRYPTO_SUBGROUP_BATCH_H_
#define URNE_CRYPTO_SUBGROUP_BATCH_H_

#include <optional>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "crypto/bytes.h"
#include "crypto/group.h"

namespace urne {

class SubgroupBatch {
 public:
  explicit SubgroupBatch(const Group& group) : group_(group) {}

  // Decodes `encodings` together where the group can (see the file comment); does nothing
  // where it cannot, or if one of them is not element_bytes() long. Replaces what an earlier
  // call left.
  void DecodeAhead(std::span<const ByteView> encodings);
  absl::StatusOr<Element> Decode(ByteView bytes, Identity identity);
  // A proof commitment: Decode's checks, nothing queued (see the file comment).
  absl::StatusOr<Element> DecodeCommitment(ByteView bytes, Identity identity);
  // Elements whose membership is still to be tested.
  size_t pending() const { return pending_.size(); }
  // True iff every element decoded so far is in the order-q subgroup (error ≤ 2^-128).
  // Fresh random exponents on every call.
  bool VartimeVerify() const;

 private:
  // The next element decoded ahead if `bytes` are its encoding and `identity` allows it.
  std::optional<Element> TakeAhead(ByteView bytes, Identity identity);

  const Group& group_;
  std::vector<Element> pending_;
  Bytes ahead_bytes_;  // the encodings handed to DecodeAhead, element_bytes() each, in order
  std::vector<std::optional<Element>> ahead_;
  size_t next_ = 0;
};

}  // namespace urne

#endif  // URNE_CRYPTO_SUBGROUP_BATCH_H_

#include "election/payload_bounds.h"

#include "election/manifest.h"

namespace urne {
namespace {

// Bytes of a protobuf varint holding `v`.
size_t VarintBytes(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// One length-delimited field (field numbers below 16: a one-byte tag) of `len` bytes.
size_t Delimited(size_t len) { return 1 + VarintBytes(len) + len; }

// A varint field of at most 64 bits.
constexpr size_t kVarintField = 1 + 10;
// Largest identifier, outcome or label string of a RESULT (manifest ids are at most 64).
constexpr size_t kIdBytes = 64;

// One range proof over [lo, hi]: hi − lo + 1 branches of 2E + 64 bytes (crypto-proofs.md §2.4).
size_t RangeProofBytes(const Group& group, uint64_t lo, uint64_t hi) {
  return (hi - lo + 1) * (2 * group.element_bytes() + 64);
}

// Exact size of a QuestionBallot (specs/ballot.md §2).
size_t QuestionBallotBytes(const Group& group, const QuestionShape& shape) {
  const size_t ciphertext = 2 * group.element_bytes();
  const size_t selection_proof = RangeProofBytes(group, 0, 1);
  const size_t sum_proof = RangeProofBytes(group, shape.min_sum, shape.max_sum);
  return shape.options * (Delimited(ciphertext) + Delimited(selection_proof)) +
         Delimited(sum_proof);
}

size_t BallotBytes(const v1::Manifest& manifest, const Group& group) {
  size_t total = kVarintField;  // seen_tree_size (specs/ballot.md §2)
  for (const auto& q : manifest.questions())
    total += Delimited(QuestionBallotBytes(group, ShapeOf(q)));
  return total;
}

// Exact size of an Audit: the ballot, then per question the selections (packed, one byte
// each: 0 or 1) and one nonce (a 32-byte scalar) per option (specs/ballot.md §5).
size_t AuditBytes(const v1::Manifest& manifest, const Group& group) {
  size_t total = Delimited(BallotBytes(manifest, group));
  for (const auto& q : manifest.questions()) {
    const size_t n = ShapeOf(q).options;
    total += Delimited(Delimited(n) + n * Delimited(32));
  }
  return total;
}

size_t TotalOptions(const v1::Manifest& manifest) {
  size_t n = 0;
  for (const auto& q : manifest.questions()) n += q.options_size();
  return n;
}

}  // namespace

size_t MaxPayloadBytes(v1::EntryKind kind, const v1::Manifest& manifest, const Group& group) {
  const size_t e = group.element_bytes();
  const size_t trustees = manifest.trustees_size();
  const size_t options = TotalOptions(manifest);
  const size_t questions = manifest.questions_size();
  switch (kind) {
    case v1::MANIFEST:
    case v1::ROLL:
      return 0;
    case v1::BALLOT:
      return BallotBytes(manifest, group);
    case v1::AUDIT:
      return AuditBytes(manifest, group);
    case v1::TRUSTEE_COMMITMENT:
      // threshold commitments (E bytes) and Schnorr proofs (E + 64 bytes).
      return kVarintField + manifest.threshold() * (Delimited(e) + Delimited(e + 64));
    case v1::SEALED_SHARES:
      // One sealed share per other trustee; a sealed scalar is far below 256 bytes.
      return kVarintField + trustees * Delimited(kVarintField + Delimited(256));
    case v1::SHARE_VERDICT:
      return kVarintField + Delimited(trustees * 5);
    case v1::SHARE_REVEAL:
      return 2 * kVarintField + Delimited(256);
    case v1::OPEN:
      // tree_size, root_hash, opened_at.
      return kVarintField + Delimited(32) + kVarintField;
    case v1::CLOSE:
      return kVarintField + Delimited(32);
    case v1::CREDENTIAL_REPLACEMENT:
      // revoked, replacement, replaced_at.
      return 2 * Delimited(32) + kVarintField;
    case v1::PARTIAL_DECRYPTION: {
      // Per option: the share M (E bytes) and its Chaum–Pedersen proof (2E + 64 bytes).
      const size_t share = Delimited(Delimited(e) + Delimited(2 * e + 64));
      // trustee_index, then close_tree_size and close_root_hash (the CLOSE it decrypts).
      size_t total = kVarintField + kVarintField + Delimited(32);
      for (const auto& q : manifest.questions()) total += Delimited(q.options_size() * share);
      return total;
    }
    case v1::RESULT: {
      // Counts per option, ids of questions and decisions, outcomes and winners: every string
      // is an identifier of at most 64 bytes.
      const size_t per_question = Delimited(Delimited(kIdBytes) + Delimited(options * 10));
      const size_t per_decision =
          Delimited(2 * Delimited(kIdBytes) + options * Delimited(kIdBytes));
      return 2 * kVarintField + Delimited(trustees * 5) + questions * per_question +
             manifest.decisions_size() * per_decision;
    }
    default:
      return 0;
  }
}

}  // namespace urne

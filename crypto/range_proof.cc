#include "crypto/range_proof.h"

#include "crypto/ct.h"
#include "crypto/proofs.h"
#include "status/status.h"

namespace urne {
namespace {

absl::Status CheckBounds(uint64_t lo, uint64_t hi) {
  if (lo > hi || hi - lo > kMaxRangeWidth) {
    return Invalid("proof.range.bad_bounds",
                   Cat("range [", lo, ", ", hi,
                       "] is invalid; need lo <= hi and hi - lo <= ", kMaxRangeWidth));
  }
  return absl::OkStatus();
}

}  // namespace

Transcript RangeTranscript(const ElGamalPublicKey& key, const Ciphertext& ciphertext, uint64_t lo,
                           uint64_t hi, const std::vector<RangeProofBranch>& branches,
                           ByteView context) {
  const Group& group = key.group();
  Transcript t = OpenProofTranscript(kRangeDomain, group, context);
  t.Append("g", EncodedGenerator(group));
  t.Append("K", key.encoded());
  t.Append("alpha", ciphertext.alpha);
  t.Append("beta", ciphertext.beta);
  t.AppendU64("lo", lo);
  t.AppendU64("hi", hi);
  for (const RangeProofBranch& branch : branches) {
    t.Append("a", branch.a);
    t.Append("b", branch.b);
  }
  return t;
}

absl::StatusOr<RangeProof> ProveRange(const ElGamalPublicKey& key, const Ciphertext& ciphertext,
                                      uint64_t m, const SecretScalar& r, uint64_t lo, uint64_t hi,
                                      ByteView context) {
  URNE_RETURN_IF_ERROR(CheckBounds(lo, hi));
  if (m < lo || m > hi) {
    return Invalid("proof.range.value_out_of_range",
                   Cat("the encrypted value is outside [", lo, ", ", hi,
                       "]; no valid range proof exists for it"));
  }
  const Group& group = key.group();
  const FixedBase& k_table = key.table();
  const Scalar zero = group.ScalarFromU64(0);
  const Scalar m_scalar = group.ScalarFromU64(m);
  const uint64_t n = hi - lo + 1;
  const uint64_t real_index = m - lo;  // secret: nothing below branches or indexes on it
  SecretScalar u(group.RandomScalar());

  // Simulated branches j ≠ m pick c_j, v_j at random and need, with beta = K^{m+r},
  //   a_j = g^{v_j}·alpha^{c_j} = g^{w_j}                  with w_j = v_j + r·c_j,
  //   b_j = K^{v_j}·(beta/K^j)^{c_j} = K^{w_j + (m−j)·c_j},
  // which the prover, knowing r and m, computes with the fixed-base tables of g and K. The
  // real branch takes c_m = 0 and v_m = u for now, so the same formulas give a_m = g^u and
  // b_m = K^u. Every branch runs the same operations (two constant-time exponentiations);
  // the choice of the real branch is made by constant-time selects of scalars.
  std::vector<RangeProofBranch> branches;
  branches.reserve(n);
  Scalar c_others = zero;
  for (uint64_t i = 0; i < n; ++i) {
    const uint32_t real = ct::Eq(i, real_index);
    Scalar c_j = group.Select(real, group.RandomScalar(), zero);
    Scalar v_j = group.Select(real, group.RandomScalar(), u.value());
    SecretScalar w(group.Add(v_j, group.Mul(r.value(), c_j)));
    SecretScalar w_k(
        group.Add(w.value(), group.Mul(group.Sub(m_scalar, group.ScalarFromU64(lo + i)), c_j)));
    c_others = group.Add(c_others, c_j);
    RangeProofBranch branch{group.ExpG(w.value()), k_table.Exp(w_k.value()), c_j, v_j};
    group.CacheEncoding(branch.a);  // hashed here and serialized in the proof
    group.CacheEncoding(branch.b);
    branches.push_back(std::move(branch));
  }
  Scalar c = RangeTranscript(key, ciphertext, lo, hi, branches, context).Challenge(group);
  // c_m = c − Σ_{j≠m} c_j and v_m = u − c_m·r, written into the real branch by selects.
  const Scalar c_real = group.Sub(c, c_others);
  SecretScalar v_real(group.Sub(u.value(), group.Mul(c_real, r.value())));
  for (uint64_t i = 0; i < n; ++i) {
    const uint32_t real = ct::Eq(i, real_index);
    RangeProofBranch& branch = branches[i];
    branch.c = group.Select(real, branch.c, c_real);
    branch.v = group.Select(real, branch.v, v_real.value());
  }
  return RangeProof{std::move(branches)};
}

absl::Status VerifyRange(const ElGamalPublicKey& key, const Ciphertext& ciphertext, uint64_t lo,
                         uint64_t hi, const RangeProof& proof, ByteView context) {
  URNE_RETURN_IF_ERROR(CheckBounds(lo, hi));
  if (proof.branches.size() != hi - lo + 1) {
    return Invalid("proof.range.wrong_branch_count",
                   Cat("a range proof for [", lo, ", ", hi, "] has ", hi - lo + 1,
                       " branches, this one has ", proof.branches.size()));
  }
  const Group& group = key.group();
  // §2.4: Σ c_j = H(…)
  Scalar c_sum = group.ScalarFromU64(0);
  for (const RangeProofBranch& branch : proof.branches) c_sum = group.Add(c_sum, branch.c);
  if (!(RangeTranscript(key, ciphertext, lo, hi, proof.branches, context).Challenge(group) ==
        c_sum)) {
    return Invalid("proof.range.challenge_mismatch",
                   "range proof challenges do not sum to the hash of this statement and context; "
                   "the proof was made for another ciphertext, key, range or context, or was "
                   "altered");
  }
  const FixedBase& k_table = key.table();
  for (uint64_t i = 0; i < proof.branches.size(); ++i) {
    const RangeProofBranch& branch = proof.branches[i];
    const uint64_t j = lo + i;
    // §2.4: g^{v_j}·alpha^{c_j} = a_j
    bool ok = group.Equal(group.VartimeExpGMul(branch.v, ciphertext.alpha, branch.c), branch.a);
    // §2.4: K^{v_j}·(beta/K^j)^{c_j} = K^{v_j − j·c_j}·beta^{c_j} = b_j
    if (ok) {
      Scalar exponent = group.Sub(branch.v, group.Mul(group.ScalarFromU64(j), branch.c));
      Element lhs = group.Mul(k_table.Exp(exponent), group.VartimeExp(ciphertext.beta, branch.c));
      ok = group.Equal(lhs, branch.b);
    }
    if (!ok) {
      return Invalid("proof.range.invalid",
                     Cat("range proof equation for value ", j, " does not hold; reject the proof"));
    }
  }
  return absl::OkStatus();
}

Bytes EncodeRangeProof(const RangeProof& proof) {
  Bytes out;
  for (const RangeProofBranch& branch : proof.branches) {
    const Group& group = branch.a.group();
    for (const Element* e : {&branch.a, &branch.b}) {
      Bytes b = group.Encode(*e);
      out.insert(out.end(), b.begin(), b.end());
    }
    for (const Scalar* s : {&branch.c, &branch.v}) {
      Bytes b = group.Encode(*s);
      out.insert(out.end(), b.begin(), b.end());
    }
  }
  return out;
}

namespace {

size_t BranchSize(const Group& group) {
  return 2 * group.element_bytes() + 2 * group.scalar_bytes();
}

bool RangeProofLengthIsValid(const Group& group, ByteView bytes) {
  const size_t branch_size = BranchSize(group);
  return !bytes.empty() && bytes.size() % branch_size == 0 &&
         bytes.size() / branch_size <= kMaxRangeWidth + 1;
}

}  // namespace

void AppendRangeProofEncodings(const Group& group, ByteView bytes, std::vector<ByteView>& out) {
  if (!RangeProofLengthIsValid(group, bytes)) return;
  const size_t n = group.element_bytes();
  for (size_t at = 0; at < bytes.size(); at += BranchSize(group)) {
    out.push_back(bytes.subspan(at, n));      // a
    out.push_back(bytes.subspan(at + n, n));  // b
  }
}

absl::StatusOr<RangeProof> DecodeRangeProof(const Group& group, ByteView bytes,
                                            SubgroupBatch* members) {
  const size_t branch_size = BranchSize(group);
  if (!RangeProofLengthIsValid(group, bytes)) {
    return Invalid(
        "proof.range.wrong_length",
        Cat("a ", group.name(), " range proof is 1 to ", kMaxRangeWidth + 1, " branches of ",
            branch_size, " bytes (a ‖ b ‖ c ‖ v), got ", bytes.size(), " bytes"));
  }
  RangeProof proof;
  const size_t n = bytes.size() / branch_size;
  proof.branches.reserve(n);
  ProofReader in(group, bytes, members);
  for (size_t i = 0; i < n; ++i) {
    const std::string field = Cat("range proof branch ", i, " ");
    URNE_ASSIGN_OR_RETURN(Element a, in.ReadElement(Cat(field, "a")));
    URNE_ASSIGN_OR_RETURN(Element b, in.ReadElement(Cat(field, "b")));
    URNE_ASSIGN_OR_RETURN(Scalar c, in.ReadScalar(Cat(field, "c")));
    URNE_ASSIGN_OR_RETURN(Scalar v, in.ReadScalar(Cat(field, "v")));
    proof.branches.push_back(RangeProofBranch{a, b, c, v});
  }
  return proof;
}

}  // namespace urne

// Test helper: a range proof for m ∈ [lo, hi] made like ProveRange (specs/crypto-proofs.md
// §2.4), except that one commitment is multiplied by w = base^(2q) mod p before the
// challenge is computed. For base > 1, w ≠ 1 has order r' (p − 1 = 2·q·r'): the altered
// commitment keeps its order-q component, so the proof is right in G_q and wrong only
// outside it — exactly what the proof's equations must catch for commitments decoded by
// SubgroupBatch::DecodeCommitment (specs/crypto-proofs.md §2.6, "Proof commitments"). With
// base 1 the proof is valid: the control that shows the tests can pass. eg4096 only;
// variable time (tests only).
#ifndef URNE_TESTS_CRYPTO_FORGED_RANGE_PROOF_H_
#define URNE_TESTS_CRYPTO_FORGED_RANGE_PROOF_H_

#include <gmp.h>

#include <vector>

#include "crypto/eg4096_constants.h"
#include "crypto/range_proof.h"
#include "crypto/subgroup_batch.h"

namespace urne::testing {

// x·base^(2q) mod p, decoded without the order test (it is a square, so it passes the
// Jacobi symbol).
inline Element TimesOrderRPrime(const Element& x, unsigned base) {
  const Group& g = x.group();
  Bytes bytes = g.Encode(x);
  mpz_t a;
  mpz_t w;
  mpz_t p;
  mpz_t q;
  mpz_inits(a, w, nullptr);
  mpz_import(a, bytes.size(), 1, 1, 1, 0, bytes.data());
  mpz_init_set_str(p, eg4096::kPHex, 16);
  mpz_init_set_str(q, eg4096::kQHex, 16);
  mpz_mul_2exp(q, q, 1);
  mpz_set_ui(w, base);
  mpz_powm(w, w, q, p);
  mpz_mul(a, a, w);
  mpz_mod(a, a, p);
  Bytes out(bytes.size(), 0);
  size_t count = 0;
  std::vector<uint8_t> raw(bytes.size() + 1);
  mpz_export(raw.data(), &count, 1, 1, 1, 0, a);
  std::copy(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(count),
            out.end() - static_cast<std::ptrdiff_t>(count));
  mpz_clears(a, w, p, q, nullptr);
  return *SubgroupBatch(g).DecodeCommitment(out, Identity::kAllowed);
}

// The proof of `ciphertext` = Enc(m; r) for [lo, hi] with commitment `b_side ? b : a` of
// branch `branch` (0-based) multiplied by base^(2q).
inline RangeProof ForgeRangeProof(const ElGamalPublicKey& key, const Ciphertext& ciphertext,
                                  uint64_t m, const Scalar& r, uint64_t lo, uint64_t hi,
                                  ByteView context, uint64_t branch, bool b_side, unsigned base) {
  const Group& g = key.group();
  const Element& k = key.element();
  const Scalar u = g.RandomScalar();
  std::vector<RangeProofBranch> branches;
  Scalar c_others = g.ScalarFromU64(0);
  for (uint64_t j = lo; j <= hi; ++j) {
    if (j == m) {
      branches.push_back(RangeProofBranch{g.ExpG(u), g.Exp(k, u), g.ScalarFromU64(0), u});
      continue;
    }
    const Scalar c = g.RandomScalar();
    const Scalar v = g.RandomScalar();
    const Element beta_over = g.Div(ciphertext.beta, g.Exp(k, g.ScalarFromU64(j)));
    branches.push_back(RangeProofBranch{g.Mul(g.ExpG(v), g.Exp(ciphertext.alpha, c)),
                                        g.Mul(g.Exp(k, v), g.Exp(beta_over, c)), c, v});
    c_others = g.Add(c_others, c);
  }
  RangeProofBranch& altered = branches[branch];
  (b_side ? altered.b : altered.a) = TimesOrderRPrime(b_side ? altered.b : altered.a, base);
  const Scalar c = RangeTranscript(key, ciphertext, lo, hi, branches, context).Challenge(g);
  RangeProofBranch& real = branches[m - lo];
  real.c = g.Sub(c, c_others);
  real.v = g.Sub(u, g.Mul(real.c, r));
  return RangeProof{std::move(branches)};
}

}  // namespace urne::testing

#endif  // URNE_TESTS_CRYPTO_FORGED_RANGE_PROOF_H_

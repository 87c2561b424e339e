// The identity table of specs/crypto.md §2 (issue #17 points 2 and 3): where an element may be
// the identity. Colluding dealers (chosen polynomials) make the joint key or a verification
// key the identity, which the ceremony refuses; ciphertexts, tally bases and proof
// commitments equal to the identity are accepted.
#include <gtest/gtest.h>

#include "crypto/chaum_pedersen.h"
#include "crypto/elgamal.h"
#include "crypto/range_proof.h"
#include "crypto/schnorr.h"
#include "status/status.h"
#include "tools/scripted_election.h"

namespace urne {
namespace {

const Group& G() { return Group::Ristretto255(); }

// A two-trustee (t = 2) election whose dealers use `coefficients`; returns the ceremony's
// status and leaves the script in `out`.
absl::Status RunCeremony(std::map<uint32_t, std::vector<Scalar>> coefficients,
                         std::unique_ptr<testing::ScriptedElection>& out) {
  testing::ScriptOptions options;
  options.trustees = 2;
  options.threshold = 2;
  options.coefficients = std::move(coefficients);
  out = std::make_unique<testing::ScriptedElection>(
      options, [](const v1::Entry&) { return absl::OkStatus(); });
  if (absl::Status s = out->Create(); !s.ok()) return s;
  return out->Ceremony();
}

TEST(IdentityTable, CoefficientCommitment) {
  std::unique_ptr<testing::ScriptedElection> e;
  absl::Status s = RunCeremony({{1, {G().ScalarFromU64(0), G().RandomScalar()}}}, e);
  EXPECT_EQ(ReasonOf(s), "element.identity") << s;
  EXPECT_EQ(e->state().size(), 2u);  // manifest, roll: the commitment was refused
}

TEST(IdentityTable, JointKey) {
  Scalar x = G().RandomNonZeroScalar();
  std::unique_ptr<testing::ScriptedElection> e;
  absl::Status s =
      RunCeremony({{1, {x, G().RandomScalar()}}, {2, {G().Neg(x), G().RandomScalar()}}}, e);
  EXPECT_EQ(ReasonOf(s), "element.identity") << s;
  EXPECT_NE(std::string(s.message()).find("the joint key"), std::string::npos) << s;
  // Every entry but the last verdict was accepted; the ceremony never completes.
  EXPECT_EQ(e->state().phase(), v1::KEY_CEREMONY);
  EXPECT_EQ(e->state().joint_key(), nullptr);
  // The public key type refuses it too.
  EXPECT_EQ(ReasonOf(ElGamalPublicKey::FromElement(G().identity()).status()), "element.identity");
}

// K = 1 arising at an OPEN after the deadline (trustee 3 never dealt; dealers 1 and 2 cancel):
// the OPEN is refused, the election stays in KEY_CEREMONY.
TEST(IdentityTable, JointKeyAtOpenAfterTheDeadline) {
  Scalar x = G().RandomNonZeroScalar();
  testing::ScriptOptions options;
  options.coefficients = {{1, {x, G().RandomScalar()}}, {2, {G().Neg(x), G().RandomScalar()}}};
  testing::ScriptedElection e(options, [](const v1::Entry&) { return absl::OkStatus(); });
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony(0, 0, true, /*absent=*/3).ok());
  absl::Status s = e.Open(options.ceremony_deadline);
  EXPECT_EQ(ReasonOf(s), "element.identity") << s;
  EXPECT_EQ(e.state().phase(), v1::KEY_CEREMONY);
}

TEST(IdentityTable, VerificationKey) {
  // P_1(x) = a + b·x, P_2(x) = c + d·x with a + b + c + d = 0: s_1 = P_1(1) + P_2(1) = 0,
  // while K = g^{a+c} is not the identity.
  Scalar a = G().RandomNonZeroScalar();
  Scalar b = G().RandomNonZeroScalar();
  Scalar c = G().RandomNonZeroScalar();
  Scalar d = G().Neg(G().Add(G().Add(a, b), c));
  std::unique_ptr<testing::ScriptedElection> e;
  absl::Status s = RunCeremony({{1, {a, b}}, {2, {c, d}}}, e);
  EXPECT_EQ(ReasonOf(s), "element.identity") << s;
  EXPECT_NE(std::string(s.message()).find("trustee 1's verification key"), std::string::npos) << s;
  EXPECT_EQ(e->state().phase(), v1::KEY_CEREMONY);
}

TEST(IdentityTable, CiphertextWithAlphaOne) {
  SecretScalar k(G().RandomNonZeroScalar());
  auto key = ElGamalPublicKey::FromElement(G().ExpG(k.value()));
  ASSERT_TRUE(key.ok());
  const Scalar zero = G().ScalarFromU64(0);
  Ciphertext ct = key->Encrypt(1, zero);  // (g^0, K^1) = (1, K)
  ASSERT_TRUE(G().Equal(ct.alpha, G().identity()));
  auto decoded = DecodeCiphertext(G(), EncodeCiphertext(ct));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  Bytes context = {1, 2, 3};
  auto proof = ProveRange(*key, ct, 1, SecretScalar(zero), 0, 1, context);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(VerifyRange(*key, *decoded, 0, 1, *proof, context).ok());
  // The tally of zero ballots, (1, 1), round-trips.
  Ciphertext none{G().identity(), G().identity()};
  EXPECT_TRUE(DecodeCiphertext(G(), EncodeCiphertext(none)).ok());
}

TEST(IdentityTable, ProofCommitments) {
  Bytes context = {7};
  // Schnorr with u = 0: h = 1, v = −c·x.
  Scalar x = G().RandomNonZeroScalar();
  Element big_x = G().ExpG(x);
  Scalar c = SchnorrTranscript(big_x, G().identity(), context).Challenge(G());
  SchnorrProof schnorr{G().identity(), c, G().Neg(G().Mul(c, x))};
  auto decoded = DecodeSchnorrProof(G(), EncodeSchnorrProof(schnorr));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_TRUE(VerifySchnorr(big_x, *decoded, context).ok());
  // Chaum–Pedersen over the base A = 1 (the tally of no ballot): M = 1 and b = A^u = 1.
  SecretScalar s(G().RandomNonZeroScalar());
  ChaumPedersenStatement st{G().ExpG(s.value()), G().identity(), G().identity()};
  ChaumPedersenProof cp = ProveChaumPedersen(st, s, context);
  EXPECT_TRUE(G().Equal(cp.b, G().identity()));
  auto cp_decoded = DecodeChaumPedersenProof(G(), EncodeChaumPedersenProof(cp));
  ASSERT_TRUE(cp_decoded.ok()) << cp_decoded.status();
  EXPECT_TRUE(VerifyChaumPedersen(st, *cp_decoded, context).ok());
}

}  // namespace
}  // namespace urne

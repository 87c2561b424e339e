#include "crypto/chaum_pedersen.h"

#include <array>

#include "crypto/proofs.h"
#include "status/status.h"

namespace urne {

Transcript ChaumPedersenTranscript(const ChaumPedersenStatement& statement, const Element& a,
                                   const Element& b, ByteView context) {
  const Group& group = statement.k.group();
  Transcript t = OpenProofTranscript(kChaumPedersenDomain, group, context);
  t.Append("g", EncodedGenerator(group));
  t.Append("K", statement.k);
  t.Append("A", statement.base);
  t.Append("M", statement.result);
  t.Append("a", a);
  t.Append("b", b);
  return t;
}

ChaumPedersenProof ProveChaumPedersen(const ChaumPedersenStatement& statement,
                                      const SecretScalar& s, ByteView context) {
  const Group& group = statement.k.group();
  SecretScalar u(group.RandomScalar());
  Element a = group.ExpG(u.value());
  Element b = group.Exp(statement.base, u.value());
  Scalar c = ChaumPedersenTranscript(statement, a, b, context).Challenge(group);
  Scalar v = group.Sub(u.value(), group.Mul(c, s.value()));
  return ChaumPedersenProof{a, b, c, v};
}

absl::Status VerifyChaumPedersen(const ChaumPedersenStatement& statement,
                                 const ChaumPedersenProof& proof, ByteView context) {
  const Group& group = statement.k.group();
  // §2.3: c = H(…, g, K, A, M, a, b)
  if (!(ChaumPedersenTranscript(statement, proof.a, proof.b, context).Challenge(group) ==
        proof.c)) {
    return Invalid("proof.chaum_pedersen.challenge_mismatch",
                   "Chaum-Pedersen challenge is not the hash of this statement and context; the "
                   "proof was made for another statement or context, or was altered");
  }
  // §2.3: g^v·K^c = a
  if (!group.Equal(group.VartimeExpGMul(proof.v, statement.k, proof.c), proof.a)) {
    return Invalid("proof.chaum_pedersen.invalid",
                   "Chaum-Pedersen equation g^v·K^c = a does not hold; reject the proof");
  }
  // §2.3: A^v·M^c = b
  const std::array<Element, 2> bases = {statement.base, statement.result};
  const std::array<Scalar, 2> exps = {proof.v, proof.c};
  if (!group.Equal(group.VartimeMultiExp(bases, exps), proof.b)) {
    return Invalid("proof.chaum_pedersen.invalid",
                   "Chaum-Pedersen equation A^v·M^c = b does not hold; reject the proof");
  }
  return absl::OkStatus();
}

Bytes EncodeChaumPedersenProof(const ChaumPedersenProof& proof) {
  const Group& group = proof.a.group();
  Bytes out = group.Encode(proof.a);
  Bytes b = group.Encode(proof.b);
  out.insert(out.end(), b.begin(), b.end());
  for (const Scalar* s : {&proof.c, &proof.v}) {
    Bytes e = group.Encode(*s);
    out.insert(out.end(), e.begin(), e.end());
  }
  return out;
}

absl::StatusOr<ChaumPedersenProof> DecodeChaumPedersenProof(const Group& group, ByteView bytes) {
  const size_t size = 2 * group.element_bytes() + 2 * group.scalar_bytes();
  if (bytes.size() != size) {
    return Invalid("proof.chaum_pedersen.wrong_length",
                   Cat("a ", group.name(), " Chaum-Pedersen proof is ", size,
                       " bytes (a ‖ b ‖ c ‖ v), got ", bytes.size()));
  }
  ProofReader in(group, bytes);
  URNE_ASSIGN_OR_RETURN(Element a, in.ReadElement("Chaum-Pedersen proof a"));
  URNE_ASSIGN_OR_RETURN(Element b, in.ReadElement("Chaum-Pedersen proof b"));
  URNE_ASSIGN_OR_RETURN(Scalar c, in.ReadScalar("Chaum-Pedersen proof c"));
  URNE_ASSIGN_OR_RETURN(Scalar v, in.ReadScalar("Chaum-Pedersen proof v"));
  return ChaumPedersenProof{a, b, c, v};
}

}  // namespace urne

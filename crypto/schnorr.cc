#include "crypto/schnorr.h"

#include "crypto/proofs.h"
#include "status/status.h"

namespace urne {

Transcript SchnorrTranscript(const Element& x_public, const Element& h, ByteView context) {
  const Group& group = x_public.group();
  Transcript t = OpenProofTranscript(kSchnorrDomain, group, context);
  t.Append("g", EncodedGenerator(group));
  t.Append("X", x_public);
  t.Append("h", h);
  return t;
}

SchnorrProof ProveSchnorr(const Element& x_public, const SecretScalar& x, ByteView context) {
  const Group& group = x_public.group();
  SecretScalar u(group.RandomScalar());
  Element h = group.ExpG(u.value());
  Scalar c = SchnorrTranscript(x_public, h, context).Challenge(group);
  Scalar v = group.Sub(u.value(), group.Mul(c, x.value()));
  return SchnorrProof{h, c, v};
}

absl::Status VerifySchnorr(const Element& x_public, const SchnorrProof& proof, ByteView context) {
  const Group& group = x_public.group();
  // §2.2: c = H(…, g, X, h)
  if (!(SchnorrTranscript(x_public, proof.h, context).Challenge(group) == proof.c)) {
    return Invalid("proof.schnorr.challenge_mismatch",
                   "Schnorr proof challenge is not the hash of this statement and context; the "
                   "proof was made for another key or context, or was altered");
  }
  // §2.2: g^v · X^c = h
  if (!group.Equal(group.VartimeExpGMul(proof.v, x_public, proof.c), proof.h)) {
    return Invalid("proof.schnorr.invalid",
                   "Schnorr proof equation g^v·X^c = h does not hold; reject the proof");
  }
  return absl::OkStatus();
}

Bytes EncodeSchnorrProof(const SchnorrProof& proof) {
  const Group& group = proof.h.group();
  Bytes out = group.Encode(proof.h);
  for (const Scalar* s : {&proof.c, &proof.v}) {
    Bytes b = group.Encode(*s);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

absl::StatusOr<SchnorrProof> DecodeSchnorrProof(const Group& group, ByteView bytes) {
  const size_t size = group.element_bytes() + 2 * group.scalar_bytes();
  if (bytes.size() != size) {
    return Invalid("proof.schnorr.wrong_length", Cat("a ", group.name(), " Schnorr proof is ", size,
                                                     " bytes (h ‖ c ‖ v), got ", bytes.size()));
  }
  ProofReader in(group, bytes);
  URNE_ASSIGN_OR_RETURN(Element h, in.ReadElement("Schnorr proof h"));
  URNE_ASSIGN_OR_RETURN(Scalar c, in.ReadScalar("Schnorr proof c"));
  URNE_ASSIGN_OR_RETURN(Scalar v, in.ReadScalar("Schnorr proof v"));
  return SchnorrProof{h, c, v};
}

}  // namespace urne

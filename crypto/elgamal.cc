#include "crypto/elgamal.h"

#include "status/status.h"

namespace urne {

Ciphertext IdentityCiphertext(const Group& group) {
  return Ciphertext{group.identity(), group.identity()};
}

Bytes EncodeCiphertext(const Ciphertext& c) {
  const Group& group = c.alpha.group();
  Bytes out = group.Encode(c.alpha);
  Bytes beta = group.Encode(c.beta);
  out.insert(out.end(), beta.begin(), beta.end());
  return out;
}

absl::StatusOr<Ciphertext> DecodeCiphertext(const Group& group, ByteView bytes,
                                            SubgroupBatch* members) {
  const size_t n = group.element_bytes();
  if (bytes.size() != 2 * n) {
    return Invalid("ciphertext.wrong_length", Cat("a ", group.name(), " ciphertext is ", 2 * n,
                                                  " bytes (alpha ‖ beta), got ", bytes.size()));
  }
  auto decode = [&](ByteView b) {
    return members != nullptr ? members->Decode(b, Identity::kAllowed)
                              : group.DecodeElement(b, Identity::kAllowed);
  };
  auto alpha = decode(bytes.subspan(0, n));
  if (!alpha.ok()) return WithContext(alpha.status(), "ciphertext alpha: ");
  auto beta = decode(bytes.subspan(n, n));
  if (!beta.ok()) return WithContext(beta.status(), "ciphertext beta: ");
  return Ciphertext{*std::move(alpha), *std::move(beta)};
}

void AppendCiphertextEncodings(const Group& group, ByteView bytes, std::vector<ByteView>& out) {
  const size_t n = group.element_bytes();
  if (bytes.size() != 2 * n) return;
  out.push_back(bytes.subspan(0, n));
  out.push_back(bytes.subspan(n, n));
}

Ciphertext Add(const Ciphertext& a, const Ciphertext& b) {
  const Group& group = a.alpha.group();
  return Ciphertext{group.Mul(a.alpha, b.alpha), group.Mul(a.beta, b.beta)};
}

Ciphertext Sub(const Ciphertext& a, const Ciphertext& b) {
  const Group& group = a.alpha.group();
  return Ciphertext{group.Div(a.alpha, b.alpha), group.Div(a.beta, b.beta)};
}

Ciphertext ScalarMul(const Ciphertext& c, const Scalar& k) {
  const Group& group = c.alpha.group();
  return Ciphertext{group.VartimeExp(c.alpha, k), group.VartimeExp(c.beta, k)};
}

bool Equal(const Ciphertext& a, const Ciphertext& b) {
  const Group& group = a.alpha.group();
  return group.Equal(a.alpha, b.alpha) && group.Equal(a.beta, b.beta);
}

absl::StatusOr<ElGamalPublicKey> ElGamalPublicKey::FromElement(const Element& k) {
  if (k == k.group().identity()) {
    return Invalid("element.identity", "an ElGamal public key must not be the identity");
  }
  return ElGamalPublicKey(std::make_shared<const State>(k));
}

absl::StatusOr<ElGamalPublicKey> ElGamalPublicKey::Decode(const Group& group, ByteView bytes) {
  auto k = group.DecodeElement(bytes, Identity::kForbidden);
  if (!k.ok()) return WithContext(k.status(), "ElGamal public key: ");
  return ElGamalPublicKey(std::make_shared<const State>(*k));
}

const FixedBase& ElGamalPublicKey::table() const {
  std::call_once(state_->once, [this] { state_->table = group().Precompute(state_->k); });
  return *state_->table;
}

Ciphertext ElGamalPublicKey::Encrypt(uint64_t m, const Scalar& r) const {
  const Group& group = this->group();
  // alpha = g^r, beta = K^{m+r}: two constant-time fixed-base exponentiations.
  SecretScalar exponent(group.Add(group.ScalarFromU64(m), r));
  Ciphertext c{group.ExpG(r), table().Exp(exponent.value())};
  group.CacheEncoding(c.alpha);  // hashed by the range proof and serialized in the ballot
  group.CacheEncoding(c.beta);
  return c;
}

Encryption ElGamalPublicKey::Encrypt(uint64_t m) const {
  SecretScalar r(group().RandomScalar());
  Ciphertext c = Encrypt(m, r.value());
  return Encryption{c, std::move(r)};
}

ElGamalKeyPair ElGamalKeyPair::Generate(const Group& group) {
  auto pair = FromSecret(SecretScalar(group.RandomNonZeroScalar()));
  return *std::move(pair);  // s ≠ 0, so K ≠ 1 and FromSecret cannot fail.
}

absl::StatusOr<ElGamalKeyPair> ElGamalKeyPair::FromSecret(SecretScalar s) {
  if (s.value().IsZero()) return Invalid("scalar.zero", "an ElGamal secret key must not be 0");
  const Group& group = s.value().group();
  URNE_ASSIGN_OR_RETURN(ElGamalPublicKey pk, ElGamalPublicKey::FromElement(group.ExpG(s.value())));
  return ElGamalKeyPair(std::move(pk), std::move(s));
}

Element PartialDecrypt(const Ciphertext& c, const SecretScalar& s) {
  return c.alpha.group().Exp(c.alpha, s.value());
}

Element DecryptWithFactor(const Ciphertext& c, const Element& m_factor) {
  return c.beta.group().Div(c.beta, m_factor);
}

Element Decrypt(const Ciphertext& c, const SecretScalar& s) {
  return DecryptWithFactor(c, PartialDecrypt(c, s));
}

}  // namespace urne

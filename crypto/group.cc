#include "crypto/group.h"

#include <sodium.h>

#include <cassert>

#include "crypto/ct.h"
#include "crypto/random.h"
#include "status/status.h"

namespace urne {

Scalar::~Scalar() { sodium_memzero(limbs_.data(), sizeof(limbs_)); }

bool Scalar::operator==(const Scalar& other) const {
  assert(group_ == other.group_);
  return sodium_memcmp(limbs_.data(), other.limbs_.data(), sizeof(limbs_)) == 0;
}

bool Scalar::IsZero() const {
  return sodium_is_zero(reinterpret_cast<const unsigned char*>(limbs_.data()), sizeof(limbs_)) == 1;
}

bool Element::operator==(const Element& other) const { return group_->Equal(*this, other); }

absl::StatusOr<const Group*> Group::ByName(std::string_view name) {
  if (name == "ristretto255") return &Ristretto255();
  if (name == "eg4096") return &Eg4096();
  return Error(absl::StatusCode::kNotFound, "group.unknown",
               Cat("unknown group \"", name, R"("; use "ristretto255" or "eg4096")"));
}

void Group::SetConstants(const Element& generator, const Element& identity) {
  generator_ = std::make_unique<Element>(generator);
  identity_ = std::make_unique<Element>(identity);
}

absl::StatusOr<Scalar> Group::DecodeScalar(ByteView bytes) const {
  if (bytes.size() != 32) {
    return Invalid("scalar.wrong_length", Cat("a scalar is 32 bytes, got ", bytes.size()));
  }
  Scalar s = NewScalar();
  auto& limbs = Limbs(s);
  for (size_t i = 0; i < 32; ++i) {
    size_t pos = scalar_big_endian() ? 31 - i : i;  // i = significance of the byte
    limbs[i / 8] |= static_cast<uint64_t>(bytes[pos]) << (8 * (i % 8));
  }
  // s < q, computed as the borrow of s − q over all limbs (no early exit).
  const auto& q = order_limbs();
  unsigned __int128 borrow = 0;
  for (size_t i = 0; i < 4; ++i) {
    unsigned __int128 d = static_cast<unsigned __int128>(limbs[i]) - q[i] - borrow;
    borrow = (d >> 64) & 1;
  }
  if (borrow == 0) {
    return Invalid("scalar.out_of_range",
                   "scalar is not below the group order q; it is not a canonical encoding");
  }
  return s;
}

absl::StatusOr<Scalar> Group::DecodeNonZeroScalar(ByteView bytes) const {
  URNE_ASSIGN_OR_RETURN(Scalar s, DecodeScalar(bytes));
  if (s.IsZero()) return Invalid("scalar.zero", "scalar must not be zero here");
  return s;
}

Bytes Group::Encode(const Scalar& s) const {
  Bytes out(32);
  const auto& limbs = Limbs(s);
  for (size_t i = 0; i < 32; ++i) {
    size_t pos = scalar_big_endian() ? 31 - i : i;
    out[pos] = static_cast<uint8_t>(limbs[i / 8] >> (8 * (i % 8)));
  }
  return out;
}

Scalar Group::ScalarFromU64(uint64_t v) const {
  Scalar s = NewScalar();
  Limbs(s)[0] = v;  // q > 2^64 in both groups, so v is already reduced.
  return s;
}

Scalar Group::ScalarFromU128(uint64_t lo, uint64_t hi) const {
  Scalar s = NewScalar();
  Limbs(s)[0] = lo;
  Limbs(s)[1] = hi;
  return s;
}

Scalar Group::RandomScalar() const {
  // 64 uniform bytes reduced mod q: the bias is below 2^-250.
  std::array<uint8_t, 64> wide;
  RandomBytes(wide);
  Scalar s = ReduceWide(wide);
  sodium_memzero(wide.data(), wide.size());
  return s;
}

Scalar Group::RandomNonZeroScalar() const {
  for (;;) {
    Scalar s = RandomScalar();
    if (!s.IsZero()) return s;
  }
}

Scalar Group::Select(uint32_t bit, const Scalar& a, const Scalar& b) const {
  const uint64_t mask = ct::Mask(bit);
  Scalar r = NewScalar();
  for (size_t i = 0; i < 4; ++i) {
    Limbs(r)[i] = Limbs(a)[i] ^ (mask & (Limbs(a)[i] ^ Limbs(b)[i]));
  }
  return r;
}

Element Group::GPow(uint64_t m) const { return VartimeExp(generator(), ScalarFromU64(m)); }

Element Group::VartimeMultiExp(std::span<const Element> bases, std::span<const Scalar> exps) const {
  assert(bases.size() == exps.size());
  Element acc = identity();
  size_t i = 0;
  for (; i + 1 < bases.size(); i += 2) {
    // Pairs through the double-exponentiation path where the implementation has one.
    acc = Mul(acc, Mul(VartimeExp(bases[i], exps[i]), VartimeExp(bases[i + 1], exps[i + 1])));
  }
  if (i < bases.size()) acc = Mul(acc, VartimeExp(bases[i], exps[i]));
  return acc;
}

}  // namespace urne

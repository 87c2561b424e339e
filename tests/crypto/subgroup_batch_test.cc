// Tests of SubgroupBatch (crypto/subgroup_batch.h, specs/crypto-proofs.md §2.6): the eg4096 decoder
// that defers the subgroup test checks everything else (range, identity, Jacobi symbol) with
// DecodeElement's reasons, and the batched test rejects one element outside the subgroup among
// many valid ones, whatever its position; ristretto255 defers nothing.
#include "crypto/subgroup_batch.h"

#include <gmp.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/eg4096_constants.h"
#include "status/status.h"

namespace urne {
namespace {

const Group& G() { return Group::Eg4096(); }

// The 512-byte big-endian encoding of the integer `hex` + `add` (no reduction).
Bytes EncodeInteger(const char* hex, int add = 0) {
  mpz_t z;
  mpz_init_set_str(z, hex, 16);
  if (add >= 0) mpz_add_ui(z, z, static_cast<unsigned>(add));
  if (add < 0) mpz_sub_ui(z, z, static_cast<unsigned>(-add));
  Bytes out(512);
  size_t count = 0;
  std::vector<uint8_t> raw(513);
  mpz_export(raw.data(), &count, 1, 1, 1, 0, z);
  EXPECT_LE(count, out.size());
  std::copy(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(count),
            out.end() - static_cast<std::ptrdiff_t>(count));
  mpz_clear(z);
  return out;
}

Bytes Small(unsigned v) {
  Bytes out(512, 0);
  out[511] = static_cast<uint8_t>(v);
  return out;
}

// x·y mod p for public elements given by encodings (y a small square).
Bytes TimesSmall(const Bytes& x, unsigned y) {
  mpz_t a;
  mpz_t p;
  mpz_init(a);
  mpz_import(a, x.size(), 1, 1, 1, 0, x.data());
  mpz_init_set_str(p, eg4096::kPHex, 16);
  mpz_mul_ui(a, a, y);
  mpz_mod(a, a, p);
  Bytes out(512);
  size_t count = 0;
  std::vector<uint8_t> raw(513);
  mpz_export(raw.data(), &count, 1, 1, 1, 0, a);
  std::copy(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(count),
            out.end() - static_cast<std::ptrdiff_t>(count));
  mpz_clear(a);
  mpz_clear(p);
  return out;
}

std::vector<Bytes> ValidElements(size_t n) {
  std::vector<Bytes> out;
  for (size_t i = 0; i < n; ++i) out.push_back(G().Encode(G().ExpG(G().RandomScalar())));
  return out;
}

void ExpectDeferredRejected(const Bytes& bytes, Identity identity, const std::string& reason) {
  SubgroupBatch batch(G());
  auto e = batch.Decode(bytes, identity);
  ASSERT_FALSE(e.ok()) << "accepted, expected " << reason;
  EXPECT_EQ(e.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(e.status()), reason) << e.status();
  EXPECT_EQ(batch.pending(), 0u);
}

TEST(SubgroupBatch, TheCofactorHalfIsPrime) {
  // The soundness bound of specs/crypto-proofs.md §2.6 needs r' = (p − 1)/(2q) prime (> 2^128).
  mpz_t p;
  mpz_t q;
  mpz_t r;
  mpz_init_set_str(p, eg4096::kPHex, 16);
  mpz_init_set_str(q, eg4096::kQHex, 16);
  mpz_init(r);
  mpz_sub_ui(r, p, 1);
  ASSERT_TRUE(mpz_divisible_p(r, q));
  mpz_divexact(r, r, q);
  ASSERT_TRUE(mpz_even_p(r));
  mpz_divexact_ui(r, r, 2);
  EXPECT_NE(mpz_probab_prime_p(r, 30), 0);
  EXPECT_GT(mpz_sizeinbase(r, 2), 128u);
  EXPECT_FALSE(mpz_divisible_p(r, q));
  mpz_clear(p);
  mpz_clear(q);
  mpz_clear(r);
}

TEST(SubgroupBatch, ManyValidElementsPass) {
  SubgroupBatch batch(G());
  for (const Bytes& b : ValidElements(100)) ASSERT_TRUE(batch.Decode(b, Identity::kAllowed).ok());
  ASSERT_TRUE(batch.Decode(Small(1), Identity::kAllowed).ok());  // the identity
  EXPECT_EQ(batch.pending(), 100u);
  EXPECT_TRUE(batch.VartimeVerify());
  EXPECT_TRUE(SubgroupBatch(G()).VartimeVerify());  // nothing to test
}

// Squares outside the order-q subgroup pass the Jacobi symbol, so only the batched test can
// catch them: 2 (a square mod p, as p ≡ 7 mod 8), 4, and g^a·4.
TEST(SubgroupBatch, OneSquareOutsideTheSubgroupAmongManyFailsTheBatch) {
  const std::vector<Bytes> valid = ValidElements(40);
  const std::vector<Bytes> bad = {Small(2), Small(4), TimesSmall(valid[7], 4)};
  for (const Bytes& b : bad) {
    for (size_t at : {size_t{0}, size_t{17}, valid.size()}) {
      std::vector<Bytes> items = valid;
      items.insert(items.begin() + static_cast<std::ptrdiff_t>(at), b);
      SubgroupBatch batch(G());
      for (const Bytes& x : items) ASSERT_TRUE(batch.Decode(x, Identity::kAllowed).ok());
      EXPECT_FALSE(batch.VartimeVerify()) << "bad element at " << at;
      // The strict decoder names it.
      auto strict = G().DecodeElement(b, Identity::kAllowed);
      ASSERT_FALSE(strict.ok());
      EXPECT_EQ(ReasonOf(strict.status()), "element.not_in_subgroup");
    }
  }
}

TEST(SubgroupBatch, DecodeRejectsWhatDecodeElementRejects) {
  // Order 2 (p − 1) and p − 2: Jacobi symbol −1.
  ExpectDeferredRejected(EncodeInteger(eg4096::kPHex, -1), Identity::kAllowed,
                         "element.not_in_subgroup");
  ExpectDeferredRejected(EncodeInteger(eg4096::kPHex, -2), Identity::kAllowed,
                         "element.not_in_subgroup");
  // 0, p, p + 1 (the non-canonical encoding of 1), g + p (of g), all ones.
  ExpectDeferredRejected(Small(0), Identity::kAllowed, "element.out_of_range");
  ExpectDeferredRejected(EncodeInteger(eg4096::kPHex), Identity::kAllowed, "element.out_of_range");
  ExpectDeferredRejected(EncodeInteger(eg4096::kPHex, 1), Identity::kAllowed,
                         "element.out_of_range");
  ExpectDeferredRejected(Bytes(512, 0xff), Identity::kAllowed, "element.out_of_range");
  ExpectDeferredRejected(Small(1), Identity::kForbidden, "element.identity");
  ExpectDeferredRejected(Bytes(511, 1), Identity::kAllowed, "element.wrong_length");
  ExpectDeferredRejected(Bytes(513, 0), Identity::kAllowed, "element.wrong_length");
}

TEST(SubgroupBatch, Ristretto255DefersNothing) {
  const Group& r = Group::Ristretto255();
  SubgroupBatch batch(r);
  ASSERT_TRUE(batch.Decode(r.Encode(r.generator()), Identity::kForbidden).ok());
  EXPECT_EQ(batch.pending(), 0u);
  EXPECT_TRUE(batch.VartimeVerify());
  Bytes top(32, 0);
  top[31] = 0x80;  // bit 255 set: refused as by DecodeElement
  auto e = batch.Decode(top, Identity::kAllowed);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(ReasonOf(e.status()), "element.out_of_range");
  EXPECT_EQ(ReasonOf(e.status()), ReasonOf(r.DecodeElement(top, Identity::kAllowed).status()));
}

}  // namespace
}  // namespace urne

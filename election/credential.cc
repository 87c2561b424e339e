#include "election/credential.h"

#include <sodium.h>

#include <cassert>
#include <string_view>

#include "crypto/bytes.h"
#include "crypto/ct.h"
#include "status/status.h"

namespace urne {
namespace {

constexpr std::string_view kCredentialDomain = "urne/v1/credential";

// α·x in GF(2^5) = GF(2)[X]/(X^5 + X^2 + 1), x given by its 5 coefficient bits (bit i is the
// coefficient of X^i). Branch-free, since x depends on the secret code.
uint8_t MulAlpha(uint8_t x) {
  const auto overflow = static_cast<uint8_t>(-((x >> 4) & 1));  // 0xff iff X^4 is set
  return static_cast<uint8_t>(((x << 1) & 0x1f) ^ (0x05 & overflow));
}

// The Damm-style check of specs/credentials.md §2: r ← α·(r ⊕ v) over the symbol values.
// Returns the final r; for data it is the check value, for a full code 0 means valid.
uint8_t CheckState(std::span<const uint8_t> values) {
  uint8_t r = 0;
  for (uint8_t v : values) r = MulAlpha(static_cast<uint8_t>(r ^ v));
  return r;
}

// Constant-time helpers over bytes (specs/crypto.md §5 rule 2: code symbols are secret, so
// no branch and no table index may depend on them).
uint32_t ByteEq(uint8_t a, uint8_t b) { return ct::Eq(a, b); }
// 1 if lo ≤ x ≤ hi.
uint32_t ByteIn(uint8_t x, uint8_t lo, uint8_t hi) {
  return (ct::Lt(x, lo) ^ 1) & (ct::Lt(hi, x) ^ 1);
}
uint8_t ByteSelect(uint32_t bit, uint8_t if_zero, uint8_t if_one) {
  const auto mask = static_cast<uint8_t>(ct::Barrier(ct::Mask(bit)));
  return static_cast<uint8_t>(if_zero ^ (mask & (if_zero ^ if_one)));
}

// The value (0–31) of an input character under the lenient reading, with `valid` = 1, or
// `valid` = 0 if it has none. Every one of the 32 symbols is compared, with masks.
uint8_t SymbolValue(char input, uint32_t& valid) {
  auto c = static_cast<uint8_t>(input);
  c = static_cast<uint8_t>(c - (0x20 & static_cast<uint8_t>(ct::Mask(ByteIn(c, 'a', 'z')))));
  c = ByteSelect(ByteEq(c, 'O'), c, '0');
  c = ByteSelect(ByteEq(c, 'I') | ByteEq(c, 'L'), c, '1');
  uint8_t value = 0;
  uint32_t found = 0;
  for (size_t i = 0; i < kCredentialAlphabet.size(); ++i) {
    const uint32_t hit = ByteEq(c, static_cast<uint8_t>(kCredentialAlphabet[i]));
    value = ByteSelect(hit, value, static_cast<uint8_t>(i));
    found |= hit;
  }
  valid = found;
  return value;
}

// The character of a symbol value (0–31), reading the whole alphabet with masks.
char SymbolChar(uint8_t value) {
  uint8_t out = 0;
  for (size_t i = 0; i < kCredentialAlphabet.size(); ++i) {
    out = ByteSelect(ByteEq(value, static_cast<uint8_t>(i)), out,
                     static_cast<uint8_t>(kCredentialAlphabet[i]));
  }
  return static_cast<char>(out);
}

bool IsSeparator(char c) { return c == ' ' || c == '\t' || c == '-'; }

// Writes u32_be(len(field)) ‖ field into the hash state (the framing of crypto/transcript.h).
void HashFramed(crypto_hash_sha256_state& state, ByteView field) {
  Bytes length;
  AppendU32(length, static_cast<uint32_t>(field.size()));
  crypto_hash_sha256_update(&state, length.data(), length.size());
  crypto_hash_sha256_update(&state, field.data(), field.size());
}

}  // namespace

SecretBytes CredentialCode::Display() const {
  SecretBytes out(kCredentialDisplayChars);
  size_t j = 0;
  for (size_t i = 0; i < kCredentialCodeChars; ++i) {
    if (i > 0 && i % 4 == 0 && i < kCredentialDataChars) out.data()[j++] = '-';
    out.data()[j++] = chars_.data()[i];
  }
  assert(j == kCredentialDisplayChars);
  return out;
}

char CredentialCheckCharacter(std::string_view data) {
  assert(data.size() == kCredentialDataChars);
  uint8_t values[kCredentialDataChars];
  uint32_t all_valid = 1;
  for (size_t i = 0; i < kCredentialDataChars; ++i) {
    uint32_t valid = 0;
    values[i] = SymbolValue(data[i], valid);
    all_valid &= valid;
  }
  assert(all_valid == 1);
  (void)all_valid;
  const char check = SymbolChar(CheckState(values));
  sodium_memzero(values, sizeof values);
  return check;
}

CredentialCode GenerateCredentialCode() {
  EnsureSodiumInitialized();
  SecretBytes random(kCredentialDataChars);
  randombytes_buf(random.data(), random.size());
  SecretBytes chars(kCredentialCodeChars);
  for (size_t i = 0; i < kCredentialDataChars; ++i) {
    random.data()[i] &= 0x1f;  // uniform on 0–31: 32 divides 256
    chars.data()[i] = static_cast<uint8_t>(SymbolChar(random.data()[i]));
  }
  chars.data()[kCredentialDataChars] = static_cast<uint8_t>(SymbolChar(CheckState(random.view())));
  return CredentialCode(std::move(chars));
}

absl::StatusOr<CredentialCode> ParseCredentialCode(std::string_view input) {
  SecretBytes values(kCredentialCodeChars);
  size_t n = 0;  // symbols read so far
  // Every character is read the same way; the first one outside the alphabet is only
  // remembered (no early exit) and reported after the loop. Separators are formatting, not
  // secret: skipping them reveals where the dashes and spaces were typed.
  uint64_t bad_position = input.size();  // input.size() = none
  for (size_t i = 0; i < input.size(); ++i) {
    const char c = input[i];
    if (IsSeparator(c)) continue;
    uint32_t valid = 0;
    const uint8_t v = SymbolValue(c, valid);
    const uint64_t first_bad =
        ct::Barrier(ct::Mask((valid ^ 1) & ct::Eq(bad_position, input.size())));
    bad_position = (bad_position & ~first_bad) | (i & first_bad);
    if (n < kCredentialCodeChars) values.data()[n] = v;  // n is public: the length
    ++n;
  }
  if (bad_position < input.size()) {
    const char c = input[bad_position];
    const auto u = static_cast<unsigned char>(c);
    const std::string shown = (u >= 0x21 && u < 0x7f) ? Cat("'", c, "'") : Cat("byte ", u);
    return Invalid("credential.bad_character",
                   Cat("character ", bad_position + 1, " (", shown,
                       ") cannot appear in a credential code, which uses only digits and the "
                       "letters A–Z without I, L, O and U; check the letter and retype it"));
  }
  if (n != kCredentialCodeChars) {
    return Invalid("credential.wrong_length", Cat("a credential code has ", kCredentialCodeChars,
                                                  " characters (dashes and spaces aside), got ", n,
                                                  "; check that none is missing or repeated"));
  }
  // Over all 21 values, the check state is 0 exactly when the last one is the check character
  // of the first 20 (specs/credentials.md §2).
  if (CheckState(values.view()) != 0) {
    return Invalid("credential.bad_check",
                   "the credential code contains a typo (its check character does not match); "
                   "compare it character by character with the letter");
  }
  SecretBytes chars(kCredentialCodeChars);
  for (size_t i = 0; i < kCredentialCodeChars; ++i) {
    chars.data()[i] = static_cast<uint8_t>(SymbolChar(values.data()[i]));
  }
  return CredentialCode(std::move(chars));
}

SigningKey DeriveCredentialKey(std::span<const uint8_t, 32> election_id,
                               const CredentialCode& code) {
  // seed = SHA-256(frame("urne/v1/credential") ‖ frame("election") ‖ frame(election_id) ‖
  //                frame("code") ‖ frame(code)), i.e. Transcript(...).Digest(), streamed so
  // that the code is never copied into an unwiped buffer.
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  HashFramed(state, AsBytes(kCredentialDomain));
  HashFramed(state, AsBytes("election"));
  HashFramed(state, election_id);
  HashFramed(state, AsBytes("code"));
  HashFramed(state, AsBytes(code.canonical()));
  SecretBytes seed(crypto_sign_SEEDBYTES);
  crypto_hash_sha256_final(&state, seed.data());
  sodium_memzero(&state, sizeof state);
  return SigningKey::FromSeed(std::span<const uint8_t, kSeedBytes>(seed.data(), kSeedBytes));
}

PublicKey PublicCredential(std::span<const uint8_t, 32> election_id, const CredentialCode& code) {
  return DeriveCredentialKey(election_id, code).public_key();
}

}  // namespace urne

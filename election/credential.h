// Voter credentials (specs/credentials.md): the private credential code a voter receives by
// mail, its check character, and the Ed25519 key pair derived from (election id, code) whose
// public key — the public credential — is what the Roll lists and what signs ballots.
//
// A credential code is 20 data characters (100 random bits) of the alphabet
// 0123456789ABCDEFGHJKMNPQRSTVWXYZ plus one check character (a Damm-style check over GF(32),
// specs/credentials.md §2) that catches every single substitution and every transposition.
// CredentialCode is a secret: move-only, held in wiped memory, never printed except through
// Display() for the voter's letter. Pure functions; thread-safe.
#ifndef URNE_ELECTION_CREDENTIAL_H_
#define URNE_ELECTION_CREDENTIAL_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "crypto/ed25519.h"
#include "crypto/secret_bytes.h"

namespace urne {

// The 32 symbols of a credential code; a symbol's value is its index (0–31).
inline constexpr std::string_view kCredentialAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr size_t kCredentialDataChars = 20;  // 5 bits each: 100 bits of entropy
inline constexpr size_t kCredentialCodeChars = 21;  // data + check character
// Length of the displayed form "XXXX-XXXX-XXXX-XXXX-XXXXX".
inline constexpr size_t kCredentialDisplayChars = 25;

class CredentialCode {
 public:
  CredentialCode(CredentialCode&&) noexcept = default;
  CredentialCode& operator=(CredentialCode&&) noexcept = default;
  CredentialCode(const CredentialCode&) = delete;
  CredentialCode& operator=(const CredentialCode&) = delete;

  // The 21 canonical characters (upper case, no separators, check character last). The view
  // points into this object's wiped storage.
  std::string_view canonical() const { return chars_.AsStringView(); }
  // The form printed on the voter's letter: groups of 4, 4, 4, 4 and 5 characters separated
  // by '-', e.g. "7KQF-M2X9-ZT4H-B8RN-W3P6J" (the check character ends the last group).
  SecretBytes Display() const;

 private:
  friend CredentialCode GenerateCredentialCode();
  friend absl::StatusOr<CredentialCode> ParseCredentialCode(std::string_view input);
  explicit CredentialCode(SecretBytes chars) : chars_(std::move(chars)) {}
  SecretBytes chars_;
};

// A fresh code: 20 symbols from randombytes_buf (each byte reduced mod 32, which is uniform
// because 32 divides 256) and its check character.
CredentialCode GenerateCredentialCode();

// Parses what a voter typed or scanned. Lenient on form: ASCII case-insensitive; spaces, tabs
// and '-' are ignored; 'O' reads as '0', 'I' and 'L' read as '1'. Strict on content; reasons
// (INVALID_ARGUMENT), checked in this order:
//   "credential.bad_character"  a character outside the alphabet (e.g. 'U', '*', non-ASCII);
//   "credential.wrong_length"   not 21 characters once separators are removed;
//   "credential.bad_check"      the check character does not match (a typo).
// Messages never repeat the code.
absl::StatusOr<CredentialCode> ParseCredentialCode(std::string_view input);

// The check character of 20 canonical data characters (each in kCredentialAlphabet; anything
// else is a programming error). Exposed for tests and tools.
char CredentialCheckCharacter(std::string_view data);

// The credential key pair for `election_id` (specs/credentials.md §3): seed = SHA-256 of
// Transcript("urne/v1/credential") with fields "election" = election_id and "code" = the 21
// canonical characters; key = crypto_sign_seed_keypair(seed).
SigningKey DeriveCredentialKey(std::span<const uint8_t, 32> election_id,
                               const CredentialCode& code);

// The public credential: DeriveCredentialKey(election_id, code).public_key().
PublicKey PublicCredential(std::span<const uint8_t, 32> election_id, const CredentialCode& code);

}  // namespace urne

#endif  // URNE_ELECTION_CREDENTIAL_H_

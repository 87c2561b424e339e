#include "crypto/passphrase_seal.h"

#include <sodium.h>

#include "status/status.h"

namespace urne {
namespace {

constexpr std::string_view kMagic = "URNEKEY1";
constexpr size_t kHeader = 8 + crypto_pwhash_SALTBYTES + 8 + 8 + crypto_secretbox_NONCEBYTES;

uint64_t ReadU64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | p[i];
  return v;
}

absl::StatusOr<SecretBytes> DeriveKey(std::string_view passphrase, const uint8_t* salt,
                                      uint64_t opslimit, uint64_t memlimit) {
  SecretBytes key(crypto_secretbox_KEYBYTES);
  if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt, opslimit,
                    memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error(absl::StatusCode::kResourceExhausted, "keyfile.pwhash",
                 "not enough memory to derive the key from the passphrase");
  }
  return key;
}

}  // namespace

absl::StatusOr<Bytes> SealWithPassphrase(std::string_view passphrase, ByteView plaintext,
                                         PwhashLimits limits) {
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to start");
  if (passphrase.size() < 8) {
    return Invalid("keyfile.weak_passphrase", "choose a passphrase of at least 8 characters");
  }
  Bytes out(kHeader + crypto_secretbox_MACBYTES + plaintext.size());
  uint8_t* p = out.data();
  std::copy(kMagic.begin(), kMagic.end(), p);
  uint8_t* salt = p + 8;
  randombytes_buf(salt, crypto_pwhash_SALTBYTES);
  Bytes limits_be;
  AppendU64(limits_be, limits.opslimit);
  AppendU64(limits_be, limits.memlimit);
  std::copy(limits_be.begin(), limits_be.end(), salt + crypto_pwhash_SALTBYTES);
  uint8_t* nonce = salt + crypto_pwhash_SALTBYTES + 16;
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  URNE_ASSIGN_OR_RETURN(SecretBytes key,
                        DeriveKey(passphrase, salt, limits.opslimit, limits.memlimit));
  crypto_secretbox_easy(out.data() + kHeader, plaintext.data(), plaintext.size(), nonce,
                        key.data());
  return out;
}

absl::StatusOr<SecretBytes> OpenWithPassphrase(std::string_view passphrase, ByteView sealed) {
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to start");
  if (sealed.size() < kHeader + crypto_secretbox_MACBYTES ||
      std::string_view(reinterpret_cast<const char*>(sealed.data()), 8) != kMagic) {
    return Invalid("keyfile.malformed", "this is not a urne key file (bad header or truncated)");
  }
  const uint8_t* salt = sealed.data() + 8;
  uint64_t opslimit = ReadU64(salt + crypto_pwhash_SALTBYTES);
  uint64_t memlimit = ReadU64(salt + crypto_pwhash_SALTBYTES + 8);
  if (opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > 64 ||
      memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > (4ull << 30)) {
    return Invalid("keyfile.malformed", "the key file's password-hash limits are out of range");
  }
  const uint8_t* nonce = salt + crypto_pwhash_SALTBYTES + 16;
  URNE_ASSIGN_OR_RETURN(SecretBytes key, DeriveKey(passphrase, salt, opslimit, memlimit));
  SecretBytes plain(sealed.size() - kHeader - crypto_secretbox_MACBYTES);
  if (crypto_secretbox_open_easy(plain.data(), sealed.data() + kHeader, sealed.size() - kHeader,
                                 nonce, key.data()) != 0) {
    return Invalid("keyfile.wrong_passphrase",
                   "cannot open the key file: the passphrase is wrong or the file is corrupted");
  }
  return plain;
}

}  // namespace urne

// A trustee's key file opened in memory: the urne.v1.TrusteeKeyFile message sealed under a
// passphrase (crypto/passphrase_seal.h; layout in specs/ceremony.md "Key file"). Save() re-seals it
// with the same passphrase and replaces the file atomically with mode 0600. Holds secrets:
// move-only; on destruction the passphrase and every secret field of the message (signing
// seed, box secret key, coefficients, received and aggregate shares) are wiped in place.
// Copies that protobuf made while growing its buffers are outside our reach (specs/ceremony.md
// "Key file"). Not thread-safe.
#ifndef URNE_TRUSTEE_TOOLS_TRUSTEE_KEY_FILE_H_
#define URNE_TRUSTEE_TOOLS_TRUSTEE_KEY_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "crypto/ed25519.h"
#include "crypto/secret_bytes.h"
#include "crypto/x25519.h"
#include "election/entry.h"
#include "urne/v1/trustee_key_file.pb.h"

namespace urne::trustee_tools {

class TrusteeKeyFile {
 public:
  // Creates a new key file at `path` with fresh signing and box keys. Refuses to overwrite
  // (reason "keyfile.exists"). Passphrase of at least 8 characters ("keyfile.weak_passphrase").
  static absl::StatusOr<TrusteeKeyFile> Create(const std::string& path, const std::string& name,
                                               SecretBytes passphrase);
  // Opens an existing file. Reasons: "file.unreadable", "keyfile.malformed",
  // "keyfile.wrong_passphrase" (wrong passphrase or corrupted bytes).
  static absl::StatusOr<TrusteeKeyFile> Open(const std::string& path, SecretBytes passphrase);

  TrusteeKeyFile(TrusteeKeyFile&&) = default;
  TrusteeKeyFile& operator=(TrusteeKeyFile&&) = default;
  ~TrusteeKeyFile();

  // Re-seals and atomically replaces the file (mode 0600). Reason "file.unwritable".
  absl::Status Save();

  const std::string& path() const { return path_; }
  const std::string& name() const { return data_.name(); }
  SigningKey signing_key() const;
  BoxKeyPair box() const;

  // This trustee's record for `election`, or nullptr.
  v1::TrusteeElection* Find(const ElectionId& election);
  // The record, created (not saved) with `index` if missing.
  v1::TrusteeElection& FindOrAdd(const ElectionId& election, uint32_t index);

 private:
  TrusteeKeyFile(std::string path, SecretBytes passphrase)
      : path_(std::move(path)), passphrase_(std::move(passphrase)) {}
  // Overwrites the secret bytes fields of data_ with zeros, in place.
  void WipeSecrets();
  // data_ sealed under the passphrase.
  absl::StatusOr<Bytes> Seal() const;
  std::string path_;
  SecretBytes passphrase_;
  v1::TrusteeKeyFile data_;
};

}  // namespace urne::trustee_tools

#endif  // URNE_TRUSTEE_TOOLS_TRUSTEE_KEY_FILE_H_

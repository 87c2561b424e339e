#include "trustee-tools/trustee_key_file.h"

#include <sodium.h>

#include <filesystem>

#include "cli/cli.h"
#include "cli/private_file.h"
#include "crypto/passphrase_seal.h"
#include "status/status.h"

namespace urne::trustee_tools {
namespace {

constexpr uint32_t kKeyFileVersion = 1;

void WipeString(std::string* s) { sodium_memzero(s->data(), s->size()); }

}  // namespace

TrusteeKeyFile::~TrusteeKeyFile() { WipeSecrets(); }

void TrusteeKeyFile::WipeSecrets() {
  WipeString(data_.mutable_signing_seed());
  WipeString(data_.mutable_box_secret_key());
  for (v1::TrusteeElection& e : *data_.mutable_elections()) {
    for (std::string& c : *e.mutable_coefficients()) WipeString(&c);
    for (v1::ReceivedShare& r : *e.mutable_received()) WipeString(r.mutable_share());
    WipeString(e.mutable_aggregate_share());
  }
}

absl::StatusOr<TrusteeKeyFile> TrusteeKeyFile::Create(const std::string& path,
                                                      const std::string& name,
                                                      SecretBytes passphrase) {
  if (std::filesystem::exists(path)) {
    return Error(absl::StatusCode::kAlreadyExists, "keyfile.exists",
                 Cat(path,
                     " already exists; a key file is never overwritten. Choose another "
                     "--out path, or move the old file away if it is really unused"));
  }
  if (name.empty()) return Invalid("keyfile.no_name", "give the trustee's name with --name");
  EnsureSodiumInitialized();
  TrusteeKeyFile file(path, std::move(passphrase));
  file.data_.set_version(kKeyFileVersion);
  file.data_.set_name(name);
  SigningKey sign = SigningKey::Generate();
  SecretBytes seed = sign.seed();
  file.data_.set_signing_seed(seed.data(), seed.size());
  BoxKeyPair box = BoxKeyPair::Generate();
  file.data_.set_box_secret_key(box.secret_key.data(), box.secret_key.size());
  file.data_.set_box_public_key(box.public_key.data(), box.public_key.size());
  URNE_ASSIGN_OR_RETURN(Bytes sealed, file.Seal());
  // Exclusive: the check above only answers early; a file created since is never replaced.
  absl::Status created = cli::CreatePrivateFile(path, sealed);
  if (ReasonOf(created) == "file.exists") {
    return Error(absl::StatusCode::kAlreadyExists, "keyfile.exists",
                 Cat(path,
                     " already exists; a key file is never overwritten. Choose another "
                     "--out path, or move the old file away if it is really unused"));
  }
  URNE_RETURN_IF_ERROR(created);
  return file;
}

absl::StatusOr<TrusteeKeyFile> TrusteeKeyFile::Open(const std::string& path,
                                                    SecretBytes passphrase) {
  URNE_ASSIGN_OR_RETURN(Bytes sealed, cli::ReadFile(path));
  absl::StatusOr<SecretBytes> plain = OpenWithPassphrase(passphrase.AsStringView(), sealed);
  if (!plain.ok()) return WithContext(plain.status(), Cat(path, ": "));
  TrusteeKeyFile file(path, std::move(passphrase));  // wipes what it parsed on every return
  if (!file.data_.ParseFromArray(plain->data(), static_cast<int>(plain->size())) ||
      file.data_.version() != kKeyFileVersion || file.data_.signing_seed().size() != kSeedBytes ||
      file.data_.box_secret_key().size() != kBoxSecretKeyBytes ||
      file.data_.box_public_key().size() != kBoxPublicKeyBytes) {
    return Invalid("keyfile.malformed",
                   Cat(path,
                       " opened but is not a urne trustee key file (version 1); was it "
                       "made by urne-trustee init?"));
  }
  return file;
}

absl::StatusOr<Bytes> TrusteeKeyFile::Seal() const {
  std::string plain;
  data_.SerializeToString(&plain);
  absl::StatusOr<Bytes> sealed = SealWithPassphrase(passphrase_.AsStringView(), AsBytes(plain));
  sodium_memzero(plain.data(), plain.size());
  return sealed;
}

absl::Status TrusteeKeyFile::Save() {
  URNE_ASSIGN_OR_RETURN(Bytes sealed, Seal());
  return cli::WriteFileAtomic(path_, sealed, 0600);
}

SigningKey TrusteeKeyFile::signing_key() const {
  std::span<const uint8_t, kSeedBytes> seed(
      reinterpret_cast<const uint8_t*>(data_.signing_seed().data()), kSeedBytes);
  return SigningKey::FromSeed(seed);
}

BoxKeyPair TrusteeKeyFile::box() const {
  return BoxKeyPair{
      Bytes(AsBytes(data_.box_public_key()).begin(), AsBytes(data_.box_public_key()).end()),
      SecretBytes(AsBytes(data_.box_secret_key()))};
}

v1::TrusteeElection* TrusteeKeyFile::Find(const ElectionId& election) {
  for (auto& e : *data_.mutable_elections()) {
    if (AsBytes(e.election_id()).size() == election.size() &&
        std::equal(election.begin(), election.end(), AsBytes(e.election_id()).begin())) {
      return &e;
    }
  }
  return nullptr;
}

v1::TrusteeElection& TrusteeKeyFile::FindOrAdd(const ElectionId& election, uint32_t index) {
  if (v1::TrusteeElection* e = Find(election)) return *e;
  v1::TrusteeElection* e = data_.add_elections();
  e->set_election_id(election.data(), election.size());
  e->set_index(index);
  return *e;
}

}  // namespace urne::trustee_tools

#include "authority/authority_key_file.h"

#include <sodium.h>

#include <filesystem>

#include "cli/cli.h"
#include "cli/private_file.h"
#include "election/entry.h"
#include "status/status.h"
#include "urne/v1/authority_key_file.pb.h"

namespace urne::authority {
namespace {

constexpr char kFormat[] = "urne-admin-key/1";

std::string Trim(std::string s) {
  size_t end = s.find_first_of("\r\n");
  if (end != std::string::npos) s.resize(end);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  size_t begin = s.find_first_not_of(" \t");
  return begin == std::string::npos ? std::string() : s.substr(begin);
}

absl::StatusOr<PublicKey> ParseKeyText(const std::string& text) {
  if (text.size() == 64) {
    URNE_ASSIGN_OR_RETURN(Bytes raw, FromHex(text));
    return ParsePublicKey(raw);
  }
  Bytes raw(32);
  size_t len = 0;
  if (text.size() == 44 &&
      sodium_base642bin(raw.data(), raw.size(), text.data(), text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) == 0 &&
      len == 32) {
    return ParsePublicKey(raw);
  }
  return Invalid("key.unreadable",
                 "a public key is 64 hex digits or 44 base64 characters (or a file holding one)");
}

}  // namespace

std::string Base64(ByteView bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

absl::StatusOr<SigningKey> CreateAuthorityKey(const std::string& path, std::string_view passphrase,
                                              PwhashLimits limits) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    return Invalid("keyfile.exists",
                   Cat(path,
                       " already exists; choose another --out or remove it first (a key "
                       "file is never overwritten)"));
  }
  EnsureSodiumInitialized();
  SigningKey key = SigningKey::Generate();
  PublicKey pk = key.public_key();
  v1::AdminKeyFile file;
  file.set_format(kFormat);
  SecretBytes seed = key.seed();
  file.set_seed(seed.data(), seed.size());
  file.set_public_key(pk.bytes.data(), pk.bytes.size());
  std::string plain = Serialize(file);
  auto sealed = SealWithPassphrase(passphrase, AsBytes(plain), limits);
  sodium_memzero(plain.data(), plain.size());
  file.mutable_seed()->assign(32, '\0');
  URNE_RETURN_IF_ERROR(sealed.status());
  // Exclusive: the check above only spares the passphrase hashing; a file created since is
  // never replaced.
  absl::Status created = cli::CreatePrivateFile(path, *sealed);
  if (ReasonOf(created) == "file.exists") {
    return Invalid("keyfile.exists", Cat(path,
                                         " already exists; choose another --out or remove it "
                                         "first (a key file is never overwritten)"));
  }
  URNE_RETURN_IF_ERROR(created);
  URNE_RETURN_IF_ERROR(cli::WriteFileAtomic(path + ".pub", ToHex(pk.bytes) + "\n", 0644));
  return key;
}

absl::StatusOr<SigningKey> LoadAuthorityKey(const std::string& path, std::string_view passphrase) {
  URNE_ASSIGN_OR_RETURN(Bytes sealed, cli::ReadFile(path));
  URNE_ASSIGN_OR_RETURN(SecretBytes plain, OpenWithPassphrase(passphrase, sealed));
  v1::AdminKeyFile file;
  bool parsed = file.ParseFromArray(plain.data(), static_cast<int>(plain.size()));
  if (!parsed || file.format() != kFormat || file.seed().size() != kSeedBytes) {
    if (!file.mutable_seed()->empty())
      sodium_memzero(file.mutable_seed()->data(), file.seed().size());
    return Invalid("keyfile.not_authority",
                   Cat(path, " is not an urne-admin key file (made by `urne-admin init`)"));
  }
  std::array<uint8_t, kSeedBytes> seed;
  std::copy(file.seed().begin(), file.seed().end(), seed.begin());
  sodium_memzero(file.mutable_seed()->data(), file.seed().size());
  SigningKey key = SigningKey::FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  PublicKey pk = key.public_key();
  if (std::string(pk.bytes.begin(), pk.bytes.end()) != file.public_key()) {
    return Invalid("keyfile.not_authority", Cat(path, ": the seed does not match the public key"));
  }
  return key;
}

absl::StatusOr<PublicKey> ReadPublicKeyArgument(const std::string& argument) {
  std::string text = Trim(argument);
  auto direct = ParseKeyText(text);
  if (direct.ok() || std::filesystem::exists(argument)) {
    if (direct.ok()) return direct;
    URNE_ASSIGN_OR_RETURN(std::string content, cli::ReadTextFile(argument));
    auto from_file = ParseKeyText(Trim(content));
    if (!from_file.ok()) return WithContext(from_file.status(), Cat(argument, ": "));
    return from_file;
  }
  return direct;
}

}  // namespace urne::authority

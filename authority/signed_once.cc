#include "authority/signed_once.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/private_file.h"
#include "status/status.h"

namespace urne::authority {
namespace fs = std::filesystem;
namespace {

constexpr char kFormat[] = "urne-authority-signed/1";

std::string FileName(const std::string& dir, const ElectionId& election, v1::EntryKind kind) {
  return Cat(dir, "/", ToHex(election), kind == v1::OPEN ? ".open" : ".close");
}

std::string Encode(const SignedRecord& r) {
  return Cat(kFormat, "\nelection ", ToHex(r.election), "\nkind ", v1::EntryKind_Name(r.kind),
             "\ntree_size ", r.tree_size, "\nroot_hash ", ToHex(AsBytes(r.root_hash)), "\nentry ",
             ToHex(EntryLeafData(r.entry)), "\n");
}

absl::Status Malformed(const std::string& path, const std::string& what) {
  return Error(absl::StatusCode::kDataLoss, "state.malformed",
               Cat(path, " is not a complete record of a signed entry (", what,
                   "); it is never overwritten: inspect it, and never sign this entry again "
                   "for this election without knowing what was signed"));
}

absl::StatusOr<SignedRecord> Decode(const std::string& path, const std::string& text) {
  std::istringstream in(text);
  std::string line;
  auto field = [&](const std::string& name) -> absl::StatusOr<std::string> {
    if (!std::getline(in, line) || line.rfind(name + " ", 0) != 0) {
      return Malformed(path, Cat("no \"", name, "\" line"));
    }
    return line.substr(name.size() + 1);
  };
  if (!std::getline(in, line) || line != kFormat) return Malformed(path, "unknown format");
  SignedRecord r;
  URNE_ASSIGN_OR_RETURN(std::string election, field("election"));
  URNE_ASSIGN_OR_RETURN(std::string kind, field("kind"));
  URNE_ASSIGN_OR_RETURN(std::string size, field("tree_size"));
  URNE_ASSIGN_OR_RETURN(std::string root, field("root_hash"));
  URNE_ASSIGN_OR_RETURN(std::string entry, field("entry"));
  auto id = FromHex(election);
  auto root_bytes = FromHex(root);
  auto entry_bytes = FromHex(entry);
  if (!id.ok() || id->size() != 32 || !root_bytes.ok() || root_bytes->size() != 32 ||
      !entry_bytes.ok() || size.empty() ||
      size.find_first_not_of("0123456789") != std::string::npos || size.size() > 19 ||
      !v1::EntryKind_Parse(kind, &r.kind) || (r.kind != v1::OPEN && r.kind != v1::CLOSE)) {
    return Malformed(path, "a field does not parse");
  }
  std::copy(id->begin(), id->end(), r.election.begin());
  r.tree_size = std::stoull(size);
  r.root_hash.assign(root_bytes->begin(), root_bytes->end());
  auto parsed = ParseEntryLeafData(*entry_bytes);
  if (!parsed.ok()) return Malformed(path, "the entry does not parse");
  r.entry = std::move(*parsed);
  if (r.entry.kind() != r.kind || r.entry.election_id() != std::string(id->begin(), id->end())) {
    return Malformed(path, "the entry is not the one the record names");
  }
  return r;
}

absl::Status Unwritable(const std::string& what) {
  return Error(absl::StatusCode::kUnavailable, "state.unwritable",
               Cat("cannot record the signed entry: ", what,
                   "; nothing was posted. Fix the state directory (--state) and run again"));
}

}  // namespace

std::string DefaultSignedDir(const std::string& key_path) { return key_path + ".signed"; }

absl::StatusOr<std::optional<SignedRecord>> LoadSigned(const std::string& dir,
                                                       const ElectionId& election,
                                                       v1::EntryKind kind) {
  std::string path = FileName(dir, election, kind);
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (ec) {
      return Error(absl::StatusCode::kUnavailable, "state.unreadable", Cat("cannot read ", path));
    }
    return std::optional<SignedRecord>();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error(absl::StatusCode::kUnavailable, "state.unreadable", Cat("cannot read ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  URNE_ASSIGN_OR_RETURN(SignedRecord r, Decode(path, text.str()));
  if (r.election != election || r.kind != kind) {
    return Malformed(path, "it is for another election or kind than its name says");
  }
  return std::optional<SignedRecord>(std::move(r));
}

absl::StatusOr<SignedRecord> StoreSignedOnce(const std::string& dir, const SignedRecord& record) {
  URNE_ASSIGN_OR_RETURN(auto existing, LoadSigned(dir, record.election, record.kind));
  if (existing) return std::move(*existing);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Unwritable(Cat("cannot create ", dir));
  fs::permissions(dir, fs::perms::owner_all, ec);
  std::string path = FileName(dir, record.election, record.kind);
  // Exclusive create: "file.exists" if another run recorded first; its record is loaded.
  absl::Status created = cli::CreatePrivateFile(path, Encode(record));
  if (!created.ok() && ReasonOf(created) != "file.exists") {
    return Unwritable(Cat("cannot create ", path));
  }
  URNE_ASSIGN_OR_RETURN(auto stored, LoadSigned(dir, record.election, record.kind));
  if (!stored) return Unwritable(Cat(path, " vanished"));
  return std::move(*stored);
}

}  // namespace urne::authority

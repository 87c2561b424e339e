#include "voter-client/receipt_store.h"

#include <cstdlib>
#include <filesystem>

#include "cli/cli.h"
#include "election/entry.h"
#include "status/status.h"

namespace urne::voter_client {
namespace fs = std::filesystem;

std::string DefaultReceiptsDir() {
  if (const char* dir = std::getenv("URNE_RECEIPTS_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  if (const char* data = std::getenv("XDG_DATA_HOME"); data != nullptr && *data != '\0') {
    return (fs::path(data) / "urne" / "receipts").string();
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return (fs::path(home) / ".local" / "share" / "urne" / "receipts").string();
  }
  return "";
}

absl::Status KeepReceipt(const std::string& dir, const ReceiptFile& file) {
  fs::path folder = fs::path(dir) / file.election_id;
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) {
    return Invalid("file.unwritable",
                   Cat("cannot create the receipts folder ", folder.string(), ": ", ec.message()));
  }
  fs::permissions(dir, fs::perms::owner_all, ec);
  fs::permissions(folder, fs::perms::owner_all, ec);
  return cli::WriteFileAtomic((folder / (file.tracking_code + ".json")).string(),
                              ReceiptToJson(file), 0600);
}

OwnEntries LoadOwnEntries(const std::string& dir, const std::string& election_hex,
                          const std::vector<ReceiptFile>& extra) {
  OwnEntries out;
  for (const ReceiptFile& f : extra) {
    if (f.election_id == election_hex) out.leaf_hashes.insert(EntryLeafHash(f.entry));
  }
  if (dir.empty()) return out;
  std::error_code ec;
  fs::directory_iterator it(fs::path(dir) / election_hex, ec);
  if (ec) return out;  // no folder: no receipt kept for this election
  for (const fs::directory_entry& e : it) {
    if (e.path().extension() != ".json") continue;
    auto text = cli::ReadTextFile(e.path().string());
    auto parsed = text.ok() ? ParseReceiptJson(*text) : absl::StatusOr<ReceiptFile>(text.status());
    if (!parsed.ok()) {
      out.skipped.push_back(Cat(e.path().string(), ": ", std::string(parsed.status().message())));
      continue;
    }
    if (parsed->election_id != election_hex) {
      out.skipped.push_back(Cat(e.path().string(), ": a receipt of another election"));
      continue;
    }
    out.leaf_hashes.insert(EntryLeafHash(parsed->entry));
  }
  return out;
}

}  // namespace urne::voter_client

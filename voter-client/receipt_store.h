// The voter's own receipts on this device (specs/ballot.md §8.1): `urne-vote cast` keeps a
// copy of every receipt it saves in a local folder, so that `urne-vote check` can tell the
// voter's own ballots from ballots cast under the same credential elsewhere (a leaked code,
// specs/credentials.md §7.2). The folder holds receipts only: no code, no choice.
// Layout: DIR/<election id hex>/<tracking code>.json (folders 0700, files 0600).
// Thread-compatible.
#ifndef URNE_VOTER_CLIENT_RECEIPT_STORE_H_
#define URNE_VOTER_CLIENT_RECEIPT_STORE_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "crypto/transcript.h"
#include "voter-client/receipt_file.h"

namespace urne::voter_client {

// The default folder: $URNE_RECEIPTS_DIR if set, else $XDG_DATA_HOME/urne/receipts, else
// $HOME/.local/share/urne/receipts; empty if none of these variables is set.
std::string DefaultReceiptsDir();

// Keeps a copy of `file` under `dir` (creating the folders). Reason "file.unwritable".
absl::Status KeepReceipt(const std::string& dir, const ReceiptFile& file);

// The voter's own entries for one election: the leaf hashes of the entries of the receipts
// kept under `dir` for `election_hex` and of `extra` (receipt files named on the command
// line). A kept file that does not parse, or is for another election, is skipped and named
// in `skipped` (it proves nothing either way). A missing folder is no receipt.
struct OwnEntries {
  std::set<Digest32> leaf_hashes;
  std::vector<std::string> skipped;  // "path: why"
  size_t size() const { return leaf_hashes.size(); }
  bool Contains(const Digest32& leaf) const { return leaf_hashes.contains(leaf); }
};
OwnEntries LoadOwnEntries(const std::string& dir, const std::string& election_hex,
                          const std::vector<ReceiptFile>& extra = {});

}  // namespace urne::voter_client

#endif  // URNE_VOTER_CLIENT_RECEIPT_STORE_H_

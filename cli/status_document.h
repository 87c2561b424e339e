// An election's status as a document: what `urne-admin status --json` prints, and what
// `follow` keeps beside its followed head, DIR/<election hex>.status.json (specs/entries.md
// §3.5), so that `urne-admin status --follow-dir DIR` answers during the vote without
// replaying the log. Thread-compatible.
#ifndef URNE_CLI_STATUS_DOCUMENT_H_
#define URNE_CLI_STATUS_DOCUMENT_H_

#include <google/protobuf/struct.pb.h>

#include <string>

#include "election/state.h"

namespace urne::cli {

// Members: election_id (hex), reference, title_fr, title_en, phase (PhaseName), registered,
// roll_posted, ballots, revotes, audits, ballots_counted, partial_decryptions, threshold,
// tree_size (numbers are counts).
google::protobuf::Struct StatusDocument(const ElectionState& state);

// "<election hex>.status.json".
std::string StatusDocumentName(const ElectionId& election);

}  // namespace urne::cli

#endif  // URNE_CLI_STATUS_DOCUMENT_H_

// A real election recorded in-process, for the verifier's tests and the record vectors
// (record_vectors.h): the scripted election's entries, the board key its manifest names
// (which signs tree heads), and every author's signing key so callers can re-sign mutated
// entries with the real key. Not thread-safe for mutation.
#ifndef URNE_TOOLS_RECORDED_ELECTION_H_
#define URNE_TOOLS_RECORDED_ELECTION_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crypto/ed25519.h"
#include "election/record.h"
#include "tools/scripted_election.h"

namespace urne::testing {

class RecordedElection {
 public:
  // Ceremony with 3 trustees (t = 2) where dealer 2 sends trustee 3 a wrong share and answers
  // the complaint; 5 ballots including a revote; an audit; voter 1's credential replaced
  // (its counted ballot stops counting) and a 6th ballot, the same choices, under the new
  // one; close; trustees 1 and 3 decrypt; result. Aborts the program on any failure.
  // `board`, if given, is the board key (copied) that the manifest names and that signs;
  // else the script's own.
  static std::unique_ptr<RecordedElection> Make(ScriptOptions options = {},
                                                const SigningKey* board = nullptr);

  const std::vector<v1::Entry>& entries() const { return entries_; }
  ScriptedElection& script() { return *script_; }
  // The board key the manifest names.
  const SigningKey& board_key() const { return board_ ? *board_ : script_->board_signing_key(); }
  // The signing key of an author public key (authority, trustee or voter), or nullptr.
  const SigningKey* KeyOf(const std::string& author) const;

  // A record of `entries` with one final tree head signed by the board key; the head's
  // election id is the hash of entries[0]'s payload.
  Record Sign(const std::vector<v1::Entry>& entries) const;
  Record record() const { return Sign(entries_); }

 private:
  explicit RecordedElection(ScriptOptions options);
  std::vector<v1::Entry> entries_;
  std::unique_ptr<ScriptedElection> script_;
  std::optional<SigningKey> board_;
};

// Re-signs `entry` (after a change) with `key`.
v1::Entry Resign(v1::Entry entry, const SigningKey& key);

}  // namespace urne::testing

#endif  // URNE_TOOLS_RECORDED_ELECTION_H_

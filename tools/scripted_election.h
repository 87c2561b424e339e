// A whole election driven in-process with the protocol libraries: authority, trustees and
// voters as objects holding their keys, each step producing a signed entry that is applied
// to a local ElectionState and handed to a sink (a real board in integration tests, a
// vector for record tests). For tests and tools only; never used by the programs.
#ifndef URNE_TOOLS_SCRIPTED_ELECTION_H_
#define URNE_TOOLS_SCRIPTED_ELECTION_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crypto/ed25519.h"
#include "crypto/threshold.h"
#include "election/ballot.h"
#include "election/credential.h"
#include "election/state.h"
#include "election/tally_checkpoint.h"
#include "election/trustee_steps.h"

namespace urne::testing {

struct ScriptOptions {
  std::string group = "ristretto255";
  uint32_t trustees = 3;
  uint32_t threshold = 2;
  size_t voters = 6;
  std::string reference = "test-votation";
  v1::RevotePolicy revote_policy = v1::LAST_BALLOT_COUNTS;
  // The manifest's board_key (32 bytes): a real board's key (BoardProcess::board_key()).
  // Empty: ScriptedElection makes a board key of its own (board_signing_key()).
  std::string board_key;
  // The manifest's ceremony_deadline (≤ opens_at, which is 1'800'000'000).
  int64_t ceremony_deadline = 1'799'000'000;
  // The manifest's min_counted_ballots (0: no secrecy floor).
  uint32_t min_counted_ballots = 0;
  // The manifest's booth_digest (empty or 32 bytes: a real board's BoardProcess::booth_digest()).
  std::string booth_digest;
  // Trustee i's polynomial coefficients a_i0 … a_i(t−1) (colluding dealers in tests); a
  // trustee not in the map draws a random polynomial.
  std::map<uint32_t, std::vector<Scalar>> coefficients;
  // When set, the manifest's questions and decisions are these (a manifest file's, such as
  // bench/r5-manifest.json) instead of TestManifest's three.
  std::optional<v1::Manifest> questions_from;
};

// Three questions: a yes/no referendum with blank (fr-local-referendum), an approval
// question (approval-top-k, 2 seats), a participatory budget (budget-greedy).
v1::Manifest TestManifest(const ScriptOptions& options, const PublicKey& authority,
                          const std::vector<PublicKey>& trustee_keys,
                          const std::vector<Bytes>& trustee_box_keys);

// Choices for TestManifest: the index of the pool answer (0 yes, 1 no, 2 blank), then one
// 0/1 per council candidate and per budget project.
Choices TestChoices(uint32_t pool, std::vector<uint32_t> council, std::vector<uint32_t> budget);

class ScriptedElection {
 public:
  // `sink` receives each entry after it applied locally; an error aborts the step.
  using Sink = std::function<absl::Status(const v1::Entry&)>;
  ScriptedElection(ScriptOptions options, Sink sink);

  const ScriptOptions& options() const { return options_; }
  const ElectionState& state() const { return *state_; }
  const ElectionId& id() const { return state_->id(); }
  const SigningKey& authority() const { return authority_; }
  // The board key the script made when options.board_key was empty (it signs no tree head
  // unless a test does so with it); unused otherwise.
  const SigningKey& board_signing_key() const { return board_; }
  const SigningKey& trustee_key(uint32_t i) const { return trustees_[i - 1].sign; }
  const SigningKey& voter(size_t v) const { return voters_[v]; }
  const std::vector<std::string>& voter_codes() const { return codes_; }

  // Manifest and roll.
  absl::Status Create();
  // The whole ceremony; trustee `bad_dealer` (0 = none) sends a wrong share to
  // `victim`, who complains; if `dealer_answers`, the dealer reveals the true share. Trustee
  // `absent` (0 = none) posts nothing; then no verdict can be posted either (a verdict needs
  // every dealer's shares).
  absl::Status Ceremony(uint32_t bad_dealer = 0, uint32_t victim = 0, bool dealer_answers = true,
                        uint32_t absent = 0);
  // OPEN at `opened_at` (Unix seconds); without it, the current time (a real board refuses
  // an OPEN far from its clock).
  absl::Status Open();
  absl::Status Open(int64_t opened_at);
  // Voter v encrypts `choices` with a client that saw the whole log (seen_tree_size = the
  // current size) and casts (or audits) it; returns the entry posted.
  absl::StatusOr<v1::Entry> Cast(size_t v, const Choices& choices);
  absl::StatusOr<v1::Entry> Audit(size_t v, const Choices& choices);
  // Voter v's ballot, encrypted and proved for its credential, not posted.
  absl::StatusOr<EncryptedBallot> Encrypt(size_t v, const Choices& choices,
                                          uint64_t seen_tree_size) const;
  // The same for any credential (a retired one, in tests of revocation).
  absl::StatusOr<EncryptedBallot> EncryptAs(const PublicKey& credential, const Choices& choices,
                                            uint64_t seen_tree_size) const;
  // The opening (an Audit payload) of a BALLOT entry this script cast, or nullptr.
  const v1::Audit* OpeningOf(const v1::Entry& ballot) const;
  // The ciphertexts Enc(selection; nonce) of `opening` proved again, with fresh range and
  // sum proofs, for voter v's credential (a copier re-proves under its own credential): a
  // new ballot (new tracking code) reusing every alpha of the opened one. Returns the Audit
  // opening it; its `ballot` is the new Ballot payload.
  absl::StatusOr<v1::Audit> Reprove(size_t v, const v1::Audit& opening,
                                    uint64_t seen_tree_size) const;
  // The authority replaces voter v's credential (a lost letter, specs/entries.md §2.10) with a
  // fresh one at `replaced_at` (Unix seconds; default now); voter v votes with the new one
  // from then on, and the old key stays in retired_voters(). Returns the entry posted.
  absl::StatusOr<v1::Entry> ReplaceCredential(size_t v);
  absl::StatusOr<v1::Entry> ReplaceCredential(size_t v, int64_t replaced_at);
  // Voter keys replaced by ReplaceCredential, oldest first.
  const std::vector<SigningKey>& retired_voters() const { return retired_; }
  absl::Status Close();
  // Replaces the state (VOTING) by ElectionState::ResumeAtClose of it at `checkpoint`: the
  // checkpoint's ballots were posted elsewhere (urne-gen-record streams them to its file
  // without holding them). Close() then countersigns the checkpoint's log (size and root).
  // On an error the script has no state left: the only thing to do with it is to destroy it.
  absl::Status ResumeAtClose(const TallyCheckpoint& checkpoint);
  absl::StatusOr<v1::Entry> Decrypt(uint32_t i);
  absl::StatusOr<v1::Entry> PublishResult();
  // Trustee i's partial decryption of the tally of `state` (a CLOSED state of this election,
  // such as one resumed from a tally checkpoint), made and checked but not posted.
  absl::StatusOr<v1::PartialDecryption> PartialFor(const ElectionState& state, uint32_t i) const;

  // Posts an arbitrary entry through the local state and the sink.
  absl::Status Post(const v1::Entry& entry);
  // Posts entries in order, as Post, with runs of ballots checked on `threads` threads
  // (election/replay.h); stops at the first error.
  absl::Status PostAll(std::span<const v1::Entry> entries, unsigned threads = 0);
  v1::Entry Sign(v1::EntryKind kind, const google::protobuf::Message& payload,
                 const SigningKey& key) const;

 private:
  struct Trustee {
    SigningKey sign;
    BoxKeyPair box;
    std::unique_ptr<Polynomial> polynomial;
    std::map<uint32_t, SecretScalar> received;
  };
  ScriptOptions options_;
  Sink sink_;
  SigningKey authority_;
  SigningKey board_;
  std::vector<Trustee> trustees_;
  std::vector<SigningKey> voters_;
  std::vector<SigningKey> retired_;
  std::vector<std::string> codes_;
  std::unique_ptr<ElectionState> state_;
  std::optional<std::string> resumed_root_;    // set by ResumeAtClose
  std::map<std::string, v1::Audit> openings_;  // by BALLOT payload
};

}  // namespace urne::testing

#endif  // URNE_TOOLS_SCRIPTED_ELECTION_H_

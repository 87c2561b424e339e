// Ballots: encryption with proofs bound to the voter's credential, verification, audits
// (Benaloh challenges) and the proof contexts (specs/ballot.md). Pure; thread-safe.
#ifndef URNE_ELECTION_BALLOT_H_
#define URNE_ELECTION_BALLOT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crypto/ed25519.h"
#include "crypto/elgamal.h"
#include "election/entry.h"
#include "urne/v1/entries.pb.h"
#include "urne/v1/manifest.pb.h"

namespace urne {

class BatchVerifier;  // crypto/batch_verifier.h

// A voter's choices: per question (manifest order), per option (manifest order), 0 or 1.
using Choices = std::vector<std::vector<uint32_t>>;

// Everything a ballot's proofs are bound to.
struct BallotStatement {
  const v1::Manifest& manifest;
  const Group& group;
  ElectionId election;
  const ElGamalPublicKey& key;
  PublicKey credential;
};

// Context of the range proof of option `o` of question `q`: Transcript
// "urne/v1/context/selection" with fields "election", "credential", "question" (u64),
// "option" (u64). And of the question's sum proof: "urne/v1/context/question-sum" with
// "election", "credential", "question".
Bytes SelectionContext(const ElectionId& election, const PublicKey& credential, uint64_t q,
                       uint64_t o);
Bytes SumContext(const ElectionId& election, const PublicKey& credential, uint64_t q);

// Checks that `choices` fit the manifest: one 0/1 per option and a number of selections in
// the question's range. Reason "ballot.choices", message naming the question.
absl::Status CheckChoices(const v1::Manifest& manifest, const Choices& choices);

// An encrypted ballot and its opening (kept by the client until it casts or audits).
struct EncryptedBallot {
  std::string payload;  // canonical Ballot bytes
  Digest32 tracking_code;
  v1::Audit opening;  // the Audit payload that would reveal this ballot
};

// Encrypts and proves `choices` (CheckChoices first). `seen_tree_size` is the size of the
// latest signed tree head of the board the client has seen (specs/ballot.md §2, §4 rule 7);
// it is written into the ballot, not into its proofs (specs/ballot.md §3).
absl::StatusOr<EncryptedBallot> EncryptBallot(const BallotStatement& statement,
                                              const Choices& choices, uint64_t seen_tree_size);

// Decoded ciphertexts of a verified ballot: per question, per option.
using BallotCiphertexts = std::vector<std::vector<Ciphertext>>;

// A ballot whose structure and proofs verified.
struct VerifiedBallot {
  BallotCiphertexts ciphertexts;
  uint64_t seen_tree_size = 0;  // as written in the ballot, not yet checked against the log
};

// Parses `payload` strictly and verifies its structure and every proof. The eg4096 subgroup
// test of the ballot's elements runs as one batch (specs/crypto-proofs.md §2.6) beside the
// proofs' batch (§2.5); on any fault the ballot is checked again element by element and proof
// by proof, so the error names its first fault in ballot order. Reasons:
// payload.*, ballot.structure, element.*/scalar.*, proof.range.* (message names question and
// option).
absl::StatusOr<VerifiedBallot> VerifyBallot(const BallotStatement& statement,
                                            const std::string& payload);

// As VerifyBallot, except that the proofs' equations are queued in `batch` instead of being
// checked: the result is a verified ballot only once batch.Verify() succeeds. A ballot that
// fails before that (parse, structure, decoding, a challenge) leaves nothing in `batch` and
// gets exactly VerifyBallot's error. The ballot's ciphertexts pass their batched subgroup
// test (specs/crypto-proofs.md §2.6) before its equations stay queued; its proof commitments
// are tested by `batch` itself (§2.6, "Proof commitments"). For cross-ballot batches
// (election/ballot_batch.h).
absl::StatusOr<VerifiedBallot> VerifyBallotInto(const BallotStatement& statement,
                                                const std::string& payload, BatchVerifier& batch);

// A verified audit: the audited ballot and the choices its opening reveals.
struct VerifiedAudit {
  VerifiedBallot ballot;
  Choices revealed;
};

// Verifies an Audit payload: the ballot verifies and every ciphertext equals the encryption
// of the revealed selection with the revealed nonce. Reasons: those of VerifyBallot,
// audit.structure, audit.mismatch.
absl::StatusOr<VerifiedAudit> VerifyAudit(const BallotStatement& statement, const v1::Audit& audit);

}  // namespace urne

#endif  // URNE_ELECTION_BALLOT_H_

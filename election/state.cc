#include "election/state.h"

#include <algorithm>

#include "crypto/chaum_pedersen.h"
#include "crypto/threshold.h"
#include "election/decision.h"
#include "election/manifest.h"
#include "status/status.h"

namespace urne {

const char* PhaseName(v1::Phase phase) {
  switch (phase) {
    case v1::SETUP:
      return "SETUP";
    case v1::KEY_CEREMONY:
      return "KEY_CEREMONY";
    case v1::READY:
      return "READY";
    case v1::VOTING:
      return "VOTING";
    case v1::CLOSED:
      return "CLOSED";
    case v1::TALLIED:
      return "TALLIED";
    default:
      return "UNSPECIFIED";
  }
}

Bytes DecryptionContext(const ElectionId& election, uint32_t trustee, uint64_t q, uint64_t o) {
  return Transcript("urne/v1/context/decryption")
      .Append("election", election)
      .AppendU64("trustee", trustee)
      .AppendU64("question", q)
      .AppendU64("option", o)
      .bytes();
}

absl::StatusOr<std::unique_ptr<ElectionState>> ElectionState::Begin(const v1::Entry& entry) {
  URNE_RETURN_IF_ERROR(VerifyEntrySignature(entry));
  if (entry.kind() != v1::MANIFEST) {
    return Error(absl::StatusCode::kFailedPrecondition, "phase.wrong",
                 "an election's first entry must be its MANIFEST");
  }
  auto manifest = std::make_unique<v1::Manifest>();
  URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), *manifest));
  URNE_RETURN_IF_ERROR(ValidateManifest(*manifest));
  ElectionId id = ComputeElectionId(AsBytes(entry.payload()));
  if (entry.election_id() != std::string(id.begin(), id.end())) {
    return Invalid("entry.wrong_election",
                   "the election id must be the SHA-256 transcript of the manifest payload");
  }
  if (entry.author() != manifest->authority_key()) {
    return Error(absl::StatusCode::kPermissionDenied, "role.wrong_author",
                 "the manifest must be signed by its authority_key");
  }
  const Group& group = **Group::ByName(manifest->group());
  std::unique_ptr<ElectionState> state(new ElectionState(std::move(manifest), group, id));
  state->Record(entry);
  return state;
}

ElectionState::ElectionState(std::unique_ptr<v1::Manifest> manifest, const Group& group,
                             ElectionId id)
    : manifest_(std::move(manifest)), group_(&group), id_(id), ceremony_(*manifest_, group, id) {}

void ElectionState::ReserveBallots(uint64_t ballots) {
  uint64_t options = 0;
  for (const auto& q : manifest_->questions()) options += q.options_size();
  alphas_.Reserve(ballots * options);
  tracking_codes_.reserve(ballots);
  latest_.reserve(ballots);
}

void ElectionState::Record(const v1::Entry& entry) { tree_.Append(EntryLeafHash(entry)); }

bool ElectionState::OnRoll(const std::string& credential) const {
  if (!revoked_.empty() && revoked_.contains(credential)) return false;
  return std::binary_search(roll_.begin(), roll_.end(), credential) ||
         (!added_.empty() && added_.contains(credential));
}

const ElectionState::Replacement* ElectionState::RevokedBy(const std::string& credential) const {
  auto it = revoked_.find(credential);
  return it == revoked_.end() ? nullptr : &replacements_[it->second];
}

absl::Status ElectionState::CheckVoter(const std::string& credential) const {
  if (const Replacement* r = RevokedBy(credential)) {
    return Error(absl::StatusCode::kPermissionDenied, "credential.revoked",
                 Cat("this credential was replaced by entry ", r->index,
                     " (a new letter was issued): its ballots no longer count and it can post "
                     "nothing more; vote with the code of the new letter"));
  }
  if (!OnRoll(credential)) {
    return Error(absl::StatusCode::kPermissionDenied, "credential.not_on_roll",
                 "this credential is not on the electoral roll; check the code in your letter");
  }
  return absl::OkStatus();
}

ElectionState::CredentialKey ElectionState::KeyOf(const std::string& credential) {
  CredentialKey key{};
  std::copy_n(credential.begin(), std::min(credential.size(), key.size()), key.begin());
  return key;
}

std::optional<uint64_t> ElectionState::CountedBallotIndex(const std::string& credential) const {
  if (credential.size() != 32) return std::nullopt;
  auto it = latest_.find(KeyOf(credential));
  if (it == latest_.end()) return std::nullopt;
  return it->second;
}

absl::StatusOr<BallotCiphertexts> ElectionState::CountedCiphertexts(const CredentialKey& credential,
                                                                    uint64_t index) const {
  BallotCiphertexts out;
  if (!reader_) {
    for (const auto& q : counted_ciphertexts_.at(credential)) {
      out.emplace_back();
      for (const auto& c : q) out.back().push_back(*DecodeCiphertext(*group_, c));
    }
    return out;
  }
  // Read back: an accepted ballot, so it parses and decodes (an error means the reader's
  // source changed under it).
  URNE_ASSIGN_OR_RETURN(v1::Entry entry, reader_(index));
  v1::Ballot ballot;
  URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), ballot));
  for (const auto& q : ballot.questions()) {
    out.emplace_back();
    for (const auto& c : q.ciphertexts()) {
      URNE_ASSIGN_OR_RETURN(Ciphertext ct, DecodeCiphertext(*group_, AsBytes(c)));
      out.back().push_back(ct);
    }
  }
  if (out.size() != tally_.size()) {
    return Error(absl::StatusCode::kInternal, "ballot.unchecked",
                 Cat("entry ", index, " read back is not the ballot this state accepted"));
  }
  for (size_t q = 0; q < out.size(); ++q) {
    if (out[q].size() != tally_[q].size()) {
      return Error(absl::StatusCode::kInternal, "ballot.unchecked",
                   Cat("entry ", index, " read back is not the ballot this state accepted"));
    }
  }
  return out;
}

absl::Status ElectionState::LeaveTally(const CredentialKey& credential, uint64_t index) {
  URNE_ASSIGN_OR_RETURN(BallotCiphertexts old, CountedCiphertexts(credential, index));
  for (size_t q = 0; q < old.size(); ++q) {
    for (size_t o = 0; o < old[q].size(); ++o) tally_[q][o] = Sub(tally_[q][o], old[q][o]);
  }
  counted_ciphertexts_.erase(credential);
  return absl::OkStatus();
}

namespace {

absl::Status CheckAuthor(const v1::Entry& entry, const std::string& expected, const char* role) {
  if (entry.author() != expected) {
    return Error(absl::StatusCode::kPermissionDenied, "role.wrong_author",
                 Cat(v1::EntryKind_Name(entry.kind()), " entries must be signed by ", role));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ElectionState::CheckPhase(v1::EntryKind kind,
                                       std::initializer_list<v1::Phase> allowed) const {
  for (v1::Phase p : allowed) {
    if (p == phase_) return absl::OkStatus();
  }
  std::string list;
  for (v1::Phase p : allowed) list += (list.empty() ? "" : " or ") + std::string(PhaseName(p));
  return Error(absl::StatusCode::kFailedPrecondition, "phase.wrong",
               Cat(v1::EntryKind_Name(kind), " entries are accepted only in ", list,
                   "; the election is ", PhaseName(phase_)));
}

BallotStatement ElectionState::Statement(const std::string& credential) const {
  PublicKey pk;
  std::copy(credential.begin(), credential.end(), pk.bytes.begin());
  return BallotStatement{*manifest_, *group_, id_, ceremony_.joint_key(), pk};
}

absl::StatusOr<Prechecked> ElectionState::Precheck(const v1::Entry& entry) const {
  return Precheck(entry, nullptr);
}

absl::StatusOr<Prechecked> ElectionState::Precheck(const v1::Entry& entry,
                                                   BatchVerifier* ballot_proofs) const {
  URNE_RETURN_IF_ERROR(PrecheckEnvelope(entry));
  Prechecked out;
  if (entry.kind() == v1::BALLOT) {
    out.tracking_code = TrackingCode(entry.payload());
    URNE_ASSIGN_OR_RETURN(BallotStatement statement, PrecheckBallotState(entry, out.tracking_code));
    URNE_ASSIGN_OR_RETURN(out.ballot,
                          ballot_proofs != nullptr
                              ? VerifyBallotInto(statement, entry.payload(), *ballot_proofs)
                              : VerifyBallot(statement, entry.payload()));
  }
  return out;
}

absl::Status ElectionState::PrecheckEnvelope(const v1::Entry& entry) const {
  if (entry.election_id() != std::string(id_.begin(), id_.end())) {
    return Invalid("entry.wrong_election", "this entry belongs to another election");
  }
  if (!signatures_verified_)
    URNE_RETURN_IF_ERROR(VerifyEntrySignature(entry, known_keys_.load().get()));
  if (resumed_root_ && close_index_ == 0 && entry.kind() != v1::CLOSE) {
    // ResumeAtClose: the log's next entry is the CLOSE of the checkpoint.
    return Invalid("checkpoint.not_on_board",
                   Cat("entry ", size(), " is a ", v1::EntryKind_Name(entry.kind()),
                       ", not the CLOSE the tally checkpoint was taken at"));
  }
  return absl::OkStatus();
}

absl::StatusOr<BallotStatement> ElectionState::PrecheckBallotState(
    const v1::Entry& entry, const Digest32& tracking_code) const {
  URNE_RETURN_IF_ERROR(CheckPhase(entry.kind(), {v1::VOTING}));
  URNE_RETURN_IF_ERROR(CheckVoter(entry.author()));
  // The same entry as the credential's counted ballot, posted again, is answered before
  // its proofs are checked: two hashes instead of ~100 exponentiations. Any other copy (of
  // an older ballot of the same credential: ballot.duplicate after its proofs verify, as
  // here; under another credential: its proofs fail, as specs/ballot.md §4 orders the
  // rules) gets the same answer the long way; ApplyBallot checks the tracking code again
  // under the writer's lock.
  if (tracking_codes_.contains(tracking_code)) {
    auto latest = latest_.find(KeyOf(entry.author()));
    if (latest != latest_.end() && tree_.Leaf(latest->second) == EntryLeafHash(entry)) {
      return Error(absl::StatusCode::kAlreadyExists, "ballot.duplicate",
                   "this exact ballot is already on the board");
    }
  }
  return Statement(entry.author());
}

absl::Status ElectionState::Apply(const v1::Entry& entry) {
  URNE_ASSIGN_OR_RETURN(Prechecked pre, Precheck(entry));
  return ApplyPrechecked(entry, std::move(pre));
}

absl::Status ElectionState::ApplyPrechecked(const v1::Entry& entry, Prechecked pre) {
  switch (entry.kind()) {
    case v1::MANIFEST:
      return Error(absl::StatusCode::kAlreadyExists, "manifest.already_posted",
                   "this election already has its manifest");
    case v1::ROLL:
      return ApplyRoll(entry);
    case v1::TRUSTEE_COMMITMENT:
    case v1::SEALED_SHARES:
    case v1::SHARE_VERDICT:
    case v1::SHARE_REVEAL:
      return ApplyCeremony(entry);
    case v1::OPEN:
      return ApplyOpen(entry);
    case v1::BALLOT:
      return ApplyBallot(entry, std::move(pre));
    case v1::AUDIT:
      return ApplyAudit(entry);
    case v1::CLOSE:
      return ApplyClose(entry);
    case v1::PARTIAL_DECRYPTION:
      return ApplyPartial(entry);
    case v1::RESULT:
      return ApplyResult(entry);
    case v1::CREDENTIAL_REPLACEMENT:
      return ApplyReplacement(entry);
    default:
      return Invalid("entry.malformed", "unknown entry kind");
  }
}

absl::Status ElectionState::ApplyRoll(const v1::Entry& entry) {
  URNE_RETURN_IF_ERROR(CheckAuthor(entry, manifest_->authority_key(), "the authority"));
  URNE_RETURN_IF_ERROR(CheckPhase(entry.kind(), {v1::SETUP, v1::KEY_CEREMONY, v1::READY}));
  if (roll_posted_) {
    return Error(absl::StatusCode::kAlreadyExists, "roll.already_posted",
                 "the electoral roll was already posted; an election has exactly one roll");
  }
  v1::Roll roll;
  URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), roll));
  const std::shared_ptr<const KnownKeys> known = known_keys_.load();
  const bool keep = !known && !roll_checked_before_;  // the keys parsed here become known
  std::vector<PublicKey> keys;
  keys.reserve(keep ? roll.credentials_size() : 0);
  for (int i = 0; i < roll.credentials_size(); ++i) {
    if (roll_checked_before_) {
      absl::Status length = CheckPublicKeyLength(AsBytes(roll.credentials(i)));
      if (!length.ok()) return WithContext(length, Cat("credentials[", i, "]: "));
    } else {
      auto pk = ParsePublicKey(AsBytes(roll.credentials(i)), known.get());
      if (!pk.ok()) return WithContext(pk.status(), Cat("credentials[", i, "]: "));
      if (keep) keys.push_back(*pk);
    }
    if (i > 0 && roll.credentials(i - 1) >= roll.credentials(i)) {
      return Invalid("roll.not_sorted", Cat("credentials[", i,
                                            "]: credentials must be strictly ascending "
                                            "(sorted, no duplicates)"));
    }
  }
  roll_.assign(roll.credentials().begin(), roll.credentials().end());
  roll_posted_ = true;
  if (keep) known_keys_.store(std::make_shared<const KnownKeys>(std::move(keys)));
  Record(entry);
  return absl::OkStatus();
}

absl::Status ElectionState::ApplyCeremony(const v1::Entry& entry) {
  URNE_RETURN_IF_ERROR(CheckPhase(entry.kind(), {v1::SETUP, v1::KEY_CEREMONY}));
  auto trustee_key = [&](uint32_t index) -> std::string {
    if (index < 1 || index > static_cast<uint32_t>(manifest_->trustees_size())) return {};
    return manifest_->trustees(static_cast<int>(index - 1)).signing_key();
  };
  auto author_is = [&](uint32_t index) {
    return CheckAuthor(entry, trustee_key(index), Cat("trustee ", index).c_str());
  };
  switch (entry.kind()) {
    case v1::TRUSTEE_COMMITMENT: {
      v1::TrusteeCommitment c;
      URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), c));
      URNE_RETURN_IF_ERROR(author_is(c.trustee_index()));
      URNE_RETURN_IF_ERROR(ceremony_.CheckCommitment(c));
      ceremony_.ApplyCommitment(c);
      break;
    }
    case v1::SEALED_SHARES: {
      v1::SealedShares s;
      URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), s));
      URNE_RETURN_IF_ERROR(author_is(s.dealer_index()));
      URNE_RETURN_IF_ERROR(ceremony_.CheckSealedShares(s));
      ceremony_.ApplySealedShares(s);
      break;
    }
    case v1::SHARE_VERDICT: {
      v1::ShareVerdict v;
      URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), v));
      URNE_RETURN_IF_ERROR(author_is(v.trustee_index()));
      URNE_RETURN_IF_ERROR(ceremony_.CheckVerdict(v));
      ceremony_.ApplyVerdict(v);
      break;
    }
    default: {
      v1::ShareReveal r;
      URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), r));
      URNE_RETURN_IF_ERROR(author_is(r.dealer_index()));
      URNE_RETURN_IF_ERROR(ceremony_.CheckReveal(r));
      ceremony_.ApplyReveal(r);
      break;
    }
  }
  phase_ = v1::KEY_CEREMONY;
  if (ceremony_.Complete()) {
    // Every complaint is answered: all dealers qualify, so Finalize cannot abort.
    URNE_RETURN_IF_ERROR(ceremony_.Finalize());
    phase_ = v1::READY;
  }
  Record(entry);
  return absl::OkStatus();
}

absl::Status ElectionState::ApplyOpen(const v1::Entry& entry) {
  URNE_RETURN_IF_ERROR(CheckAuthor(entry, manifest_->authority_key(), "the authority"));
  if (open_ && phase_ != v1::TALLIED) {
    return Error(absl::StatusCode::kAlreadyExists, "open.already_posted",
                 Cat("the vote was already opened by entry ", open_index_,
                     "; an election has exactly one OPEN"));
  }
  URNE_RETURN_IF_ERROR(CheckPhase(entry.kind(), {v1::KEY_CEREMONY, v1::READY}));
  v1::Open open;
  URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), open));
  URNE_RETURN_IF_ERROR(CheckCountersigned(v1::OPEN, open.tree_size(), open.root_hash()));
  if (!roll_posted_) {
    return Error(absl::StatusCode::kFailedPrecondition, "roll.missing",
                 "post the electoral roll before opening the vote");
  }
  if (!ceremony_.finalized()) {
    // specs/ceremony.md §3: before the deadline the authority cannot exclude anyone; from
    // the deadline on, OPEN excludes the dealers that did not deal or left a complaint
    // unanswered.
    if (open.opened_at() < manifest_->ceremony_deadline()) {
      return Error(absl::StatusCode::kFailedPrecondition, "ceremony.incomplete",
                   Cat("the key ceremony is not complete (", ceremony_.Missing(),
                       ") and its deadline has not passed (opened_at ", open.opened_at(),
                       " < ceremony_deadline ", manifest_->ceremony_deadline(),
                       "): before the deadline OPEN needs every trustee to deal, post its "
                       "verdict and answer every complaint"));
    }
    URNE_RETURN_IF_ERROR(ceremony_.Finalize());
  }
  tally_.clear();
  for (const auto& q : manifest_->questions()) {
    tally_.emplace_back(q.options_size(), IdentityCiphertext(*group_));
  }
  phase_ = v1::VOTING;
  open_index_ = size();
  open_ = std::move(open);
  Record(entry);
  return absl::OkStatus();
}

absl::Status ElectionState::CheckSeenTreeSize(uint64_t seen_tree_size) const {
  if (seen_tree_size > size()) {
    return Invalid("ballot.seen_ahead",
                   Cat("the ballot says its client saw a log of ", seen_tree_size,
                       " entries, but it is entry ", size(),
                       ": a client cannot have seen entries posted after its own ballot"));
  }
  return absl::OkStatus();
}

absl::Status ElectionState::ApplyBallot(const v1::Entry& entry, Prechecked pre) {
  URNE_RETURN_IF_ERROR(CheckPhase(entry.kind(), {v1::VOTING}));
  // Again under the writer's lock: a CREDENTIAL_REPLACEMENT applied after this ballot's
  // precheck may have revoked its author.
  URNE_RETURN_IF_ERROR(CheckVoter(entry.author()));
  if (!pre.ballot) return Invalid("ballot.unchecked", "ballot was not prechecked");
  const Digest32& code = pre.tracking_code;  // TrackingCode(payload), by Precheck
  if (tracking_codes_.count(code)) {
    return Error(absl::StatusCode::kAlreadyExists, "ballot.duplicate",
                 "this exact ballot is already on the board");
  }
  const CredentialKey author = KeyOf(entry.author());
  auto previous = latest_.find(author);
  if (previous != latest_.end() && RevotePolicyOf(*manifest_) == v1::SINGLE_BALLOT) {
    return Error(absl::StatusCode::kAlreadyExists, "ballot.already_cast",
                 "this credential has already voted and this votation allows one ballot only");
  }
  const BallotCiphertexts& cts = pre.ballot->ciphertexts;
  URNE_ASSIGN_OR_RETURN(std::vector<AlphaRegistry::Key> alphas,
                        alphas_.CheckFresh(*manifest_, cts));
  URNE_RETURN_IF_ERROR(CheckSeenTreeSize(pre.ballot->seen_tree_size));
  if (previous != latest_.end() && pre.ballot->seen_tree_size <= previous->second) {
    return Error(absl::StatusCode::kFailedPrecondition, "ballot.stale",
                 Cat("this ballot was encrypted after seeing ", pre.ballot->seen_tree_size,
                     " entries, before this credential's ballot at index ", previous->second,
                     " was posted: an older ballot cannot supersede a newer one. To vote again, "
                     "encrypt a new ballot"));
  }
  if (previous != latest_.end()) {
    // "Last ballot counts": the superseded ballot leaves the tally (first: reading it back
    // may fail, and then nothing has changed).
    URNE_RETURN_IF_ERROR(LeaveTally(author, previous->second));
    ++revotes_;
  }
  for (size_t q = 0; q < cts.size(); ++q) {
    for (size_t o = 0; o < cts[q].size(); ++o) tally_[q][o] = Add(tally_[q][o], cts[q][o]);
  }
  latest_[author] = size();
  if (!reader_) {
    // No reader to read the ballot back if it is superseded: keep its ciphertexts.
    std::vector<std::vector<Bytes>> encoded(cts.size());
    for (size_t q = 0; q < cts.size(); ++q) {
      for (const Ciphertext& c : cts[q]) encoded[q].push_back(EncodeCiphertext(c));
    }
    counted_ciphertexts_[author] = std::move(encoded);
  }
  tracking_codes_.insert(code);
  alphas_.Add(alphas);
  ++ballots_;
  Record(entry);
  return absl::OkStatus();
}

absl::Status ElectionState::ApplyAudit(const v1::Entry& entry) {
  URNE_RETURN_IF_ERROR(CheckPhase(entry.kind(), {v1::VOTING}));
  URNE_RETURN_IF_ERROR(CheckVoter(entry.author()));
  v1::Audit audit;
  URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), audit));
  URNE_ASSIGN_OR_RETURN(VerifiedAudit verified, VerifyAudit(Statement(entry.author()), audit));
  Digest32 code = TrackingCode(audit.ballot());
  if (tracking_codes_.count(code)) {
    return Error(absl::StatusCode::kAlreadyExists, "ballot.duplicate",
                 "this ballot is already on the board (cast or audited)");
  }
  URNE_ASSIGN_OR_RETURN(std::vector<AlphaRegistry::Key> alphas,
                        alphas_.CheckFresh(*manifest_, verified.ballot.ciphertexts));
  URNE_RETURN_IF_ERROR(CheckSeenTreeSize(verified.ballot.seen_tree_size));
  tracking_codes_.insert(code);
  alphas_.Add(alphas);
  ++audits_;
  Record(entry);
  return absl::OkStatus();
}

absl::Status ElectionState::ApplyReplacement(const v1::Entry& entry) {
  URNE_RETURN_IF_ERROR(CheckAuthor(entry, manifest_->authority_key(), "the authority"));
  URNE_RETURN_IF_ERROR(CheckPhase(entry.kind(), {v1::VOTING}));
  v1::CredentialReplacement r;
  URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), r));
  if (auto pk = ParsePublicKey(AsBytes(r.revoked())); !pk.ok()) {
    return WithContext(pk.status(), "revoked: ");
  }
  if (auto pk = ParsePublicKey(AsBytes(r.replacement())); !pk.ok()) {
    return WithContext(pk.status(), "replacement: ");
  }
  if (const Replacement* earlier = RevokedBy(r.revoked())) {
    return Error(absl::StatusCode::kFailedPrecondition, "replacement.already_revoked",
                 Cat("revoked: this credential was already replaced by entry ", earlier->index,
                     "; replace its replacement instead"));
  }
  if (!OnRoll(r.revoked())) {
    return Error(absl::StatusCode::kFailedPrecondition, "replacement.not_on_roll",
                 "revoked: this credential is neither on the roll nor an earlier replacement");
  }
  if (std::binary_search(roll_.begin(), roll_.end(), r.replacement()) ||
      added_.contains(r.replacement()) || revoked_.contains(r.replacement())) {
    return Error(absl::StatusCode::kAlreadyExists, "replacement.not_fresh",
                 "replacement: this credential is already on the roll or was used by an earlier "
                 "replacement; a replacement credential must be new");
  }
  const int64_t not_before =
      replacements_.empty() ? open_->opened_at() : replacements_.back().replaced_at;
  if (r.replaced_at() < not_before) {
    return Invalid("replacement.time_order",
                   Cat("replaced_at ", r.replaced_at(), " is before ", not_before,
                       replacements_.empty() ? " (the OPEN's opened_at)"
                                             : " (the previous replacement's replaced_at)",
                       ": replacements are made after the vote opens, in order"));
  }
  Replacement done{size(), r.revoked(), r.replacement(), r.replaced_at(), false};
  auto counted = latest_.find(KeyOf(r.revoked()));
  if (counted != latest_.end()) {
    // The revoked credential's counted ballot leaves the tally (as a superseded one does).
    URNE_RETURN_IF_ERROR(LeaveTally(counted->first, counted->second));
    latest_.erase(counted);
    done.revoked_had_counted = true;
  }
  revoked_[r.revoked()] = replacements_.size();
  added_.insert(r.replacement());
  replacements_.push_back(std::move(done));
  Record(entry);
  return absl::OkStatus();
}

absl::Status ElectionState::CheckCountersigned(v1::EntryKind kind, uint64_t tree_size,
                                               const std::string& root_hash) const {
  Digest32 tree_root = tree_.Root();
  // A resumed state knows only the root of the log it resumed at.
  const std::string root = !resumed_root_      ? std::string(tree_root.begin(), tree_root.end())
                           : tree_.Size() == 0 ? *resumed_root_
                                               : std::string();
  if (tree_size != size() || root.empty() || root_hash != root) {
    return Invalid(kind == v1::OPEN ? "open.tree_head_mismatch" : "close.tree_head_mismatch",
                   Cat(v1::EntryKind_Name(kind), " must countersign the log as it stands: size ",
                       size(), " and its Merkle root (it names size ", tree_size, ")"));
  }
  return absl::OkStatus();
}

absl::Status ElectionState::ApplyClose(const v1::Entry& entry) {
  URNE_RETURN_IF_ERROR(CheckAuthor(entry, manifest_->authority_key(), "the authority"));
  if (close_ && phase_ != v1::TALLIED) {
    return Error(absl::StatusCode::kAlreadyExists, "close.already_posted",
                 Cat("the vote was already closed by entry ", close_index_,
                     "; an election has exactly one CLOSE"));
  }
  URNE_RETURN_IF_ERROR(CheckPhase(entry.kind(), {v1::VOTING}));
  v1::Close close;
  URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), close));
  URNE_RETURN_IF_ERROR(CheckCountersigned(v1::CLOSE, close.tree_size(), close.root_hash()));
  phase_ = v1::CLOSED;
  close_index_ = size();
  close_ = std::move(close);
  Record(entry);
  return absl::OkStatus();
}

absl::Status ElectionState::CheckSecrecyFloor() const {
  const uint64_t floor = manifest_->min_counted_ballots();
  // No ballot: the tally is the encryption of zeros, which reveals nothing.
  if (ballots_counted() == 0 || ballots_counted() >= floor) return absl::OkStatus();
  return Error(
      absl::StatusCode::kFailedPrecondition, "decryption.too_few_ballots",
      Cat(ballots_counted(), " ballot(s) count and the manifest's min_counted_ballots is ", floor,
          ": a tally of so few ballots is never decrypted (it would reveal how "
          "they voted); the election ends with its turnout and no result"));
}

absl::Status ElectionState::ApplyPartial(const v1::Entry& entry) {
  URNE_RETURN_IF_ERROR(CheckPhase(entry.kind(), {v1::CLOSED}));
  v1::PartialDecryption pd;
  URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), pd));
  uint32_t j = pd.trustee_index();
  if (j < 1 || j > static_cast<uint32_t>(manifest_->trustees_size())) {
    return Invalid("decryption.bad_index", Cat("trustee_index ", j, " is not a trustee"));
  }
  URNE_RETURN_IF_ERROR(CheckAuthor(entry,
                                   manifest_->trustees(static_cast<int>(j - 1)).signing_key(),
                                   Cat("trustee ", j).c_str()));
  if (partials_.contains(j)) {
    return Error(absl::StatusCode::kAlreadyExists, "decryption.duplicate",
                 Cat("trustee ", j, " already posted its partial decryption"));
  }
  if (pd.close_tree_size() != close_->tree_size() || pd.close_root_hash() != close_->root_hash()) {
    return Invalid("decryption.wrong_close",
                   Cat("this partial decryption names another CLOSE (size ", pd.close_tree_size(),
                       ", root ", ToHex(AsBytes(pd.close_root_hash())), ") than this log's (size ",
                       close_->tree_size(), ", root ", ToHex(AsBytes(close_->root_hash())),
                       "): the trustee decrypted another closed log of this election"));
  }
  URNE_RETURN_IF_ERROR(CheckSecrecyFloor());
  if (pd.questions_size() != static_cast<int>(tally_.size())) {
    return Invalid("decryption.structure", "one share list per question is needed");
  }
  std::vector<std::vector<Element>> shares(tally_.size());
  for (size_t q = 0; q < tally_.size(); ++q) {
    const auto& qd = pd.questions(static_cast<int>(q));
    if (qd.options_size() != static_cast<int>(tally_[q].size())) {
      return Invalid("decryption.structure",
                     Cat("question ", q, ": one decryption share per option is needed"));
    }
    for (size_t o = 0; o < tally_[q].size(); ++o) {
      std::string at = Cat("question ", q, ", option ", o, ": ");
      const auto& share = qd.options(static_cast<int>(o));
      auto m = group_->DecodeElement(AsBytes(share.share()), Identity::kAllowed);
      if (!m.ok()) return WithContext(m.status(), at);
      auto proof = DecodeChaumPedersenProof(*group_, AsBytes(share.proof()));
      if (!proof.ok()) return WithContext(proof.status(), at);
      ChaumPedersenStatement statement{ceremony_.verification_key(j), tally_[q][o].alpha, *m};
      URNE_RETURN_IF_ERROR(
          WithContext(VerifyChaumPedersen(statement, *proof, DecryptionContext(id_, j, q, o)), at));
      shares[q].push_back(*m);
    }
  }
  partials_.emplace(j, std::move(shares));
  Record(entry);
  return absl::OkStatus();
}

absl::Status ElectionState::ApplyResult(const v1::Entry& entry) {
  URNE_RETURN_IF_ERROR(CheckAuthor(entry, manifest_->authority_key(), "the authority"));
  URNE_RETURN_IF_ERROR(CheckPhase(entry.kind(), {v1::CLOSED}));
  v1::Result result;
  URNE_RETURN_IF_ERROR(ParseStrict(entry.payload(), result));
  if (result.registered() != roll_.size()) {
    return Invalid("result.registered",
                   Cat("registered must be the roll's length, ", roll_.size()));
  }
  if (result.ballots_counted() != ballots_counted()) {
    return Invalid("result.ballots_counted", Cat("ballots_counted must be ", ballots_counted(),
                                                 " (one per credential that voted)"));
  }
  uint32_t t = manifest_->threshold();
  if (result.trustees_size() != static_cast<int>(t)) {
    return Invalid("result.trustees", Cat("name exactly ", t, " trustees"));
  }
  std::vector<uint32_t> subset;
  for (uint32_t j : result.trustees()) {
    if (!partials_.contains(j) || (!subset.empty() && j <= subset.back())) {
      return Invalid("result.trustees",
                     "trustees must be ascending and each must have posted a valid partial "
                     "decryption");
    }
    subset.push_back(j);
  }
  if (result.questions_size() != manifest_->questions_size()) {
    return Invalid("result.counts", "one count list per question is needed");
  }
  std::vector<std::vector<uint64_t>> counts(tally_.size());
  for (size_t q = 0; q < tally_.size(); ++q) {
    const auto& qr = result.questions(static_cast<int>(q));
    const auto& question = manifest_->questions(static_cast<int>(q));
    if (qr.question_id() != question.id() ||
        qr.counts_size() != static_cast<int>(tally_[q].size())) {
      return Invalid("result.counts", Cat("question ", q, ": id \"", question.id(), "\" and ",
                                          tally_[q].size(), " counts are expected"));
    }
    for (size_t o = 0; o < tally_[q].size(); ++o) {
      std::vector<std::pair<uint32_t, Element>> factors;
      factors.reserve(subset.size());
      for (uint32_t j : subset) factors.emplace_back(j, partials_.at(j)[q][o]);
      URNE_ASSIGN_OR_RETURN(Element a_s, CombinePartials(factors));
      uint64_t count = qr.counts(static_cast<int>(o));
      // β / A^s = K^count (specs/results.md): checked without a discrete logarithm.
      if (count > ballots_counted() ||
          !group_->Equal(
              DecryptWithFactor(tally_[q][o], a_s),
              group_->VartimeExp(joint_key()->element(), group_->ScalarFromU64(count)))) {
        return Invalid("result.counts",
                       Cat("question \"", question.id(), "\", option ", o, ": the count ", count,
                           " is not the decryption of the encrypted tally"));
      }
      counts[q].push_back(count);
    }
  }
  URNE_ASSIGN_OR_RETURN(auto decisions,
                        DeriveDecisions(*manifest_, roll_.size(), ballots_counted(), counts));
  bool same = static_cast<int>(decisions.size()) == result.decisions_size();
  for (size_t i = 0; same && i < decisions.size(); ++i) {
    same = Serialize(decisions[i]) == Serialize(result.decisions(static_cast<int>(i)));
  }
  if (!same) {
    return Invalid("result.decision",
                   "the decisions are not those the manifest's rules give for these counts");
  }
  result_ = std::move(result);
  phase_ = v1::TALLIED;
  Record(entry);
  return absl::OkStatus();
}

}  // namespace urne

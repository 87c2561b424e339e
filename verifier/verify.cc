#include "verifier/verify.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "cli/local_time.h"
#include "crypto/chaum_pedersen.h"
#include "crypto/dlog.h"
#include "crypto/elgamal.h"
#include "crypto/merkle.h"
#include "crypto/threshold.h"
#include "election/alpha_registry.h"
#include "election/decision.h"
#include "election/entry.h"
#include "election/manifest.h"
#include "election/state.h"
#include "election/tree_head.h"
#include "status/status.h"
#include "verifier/reasons.h"

namespace urne {
namespace {

using S = StepId;

std::string Str(const Digest32& d) { return std::string(d.begin(), d.end()); }
std::string Hex(const std::string& s) { return ToHex(AsBytes(s)); }

std::string TextOf(const v1::Text& t) { return t.en().empty() ? t.fr() : t.en(); }

// Runs fn(i) for i in [0, n) on `threads` threads.
template <typename Fn>
void ParallelFor(size_t n, unsigned threads, Fn fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) fn(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads && t < n; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

// One member function per step group of specs/verification.md, run in the spec's order;
// each returns false when a step failed (later steps stay "not checked"). Values one group
// recomputes for the next (verification keys, the tally, the shares, the counts) are members.
class Verifier {
 public:
  Verifier(const Record& record, const VerifyOptions& options)
      : record_(record), entries_(record.entries), options_(options) {
    threads_ =
        options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    for (const auto& s : VerificationSteps()) {
      report_.steps.push_back(StepResult{
          s.id, std::string(s.number), std::string(s.title), StepStatus::kNotChecked, "", "", {}});
    }
    report_.entries = entries_.size();
  }

  VerifyReport Run() {
    if (RecordIsAuthentic() && ReplayEntries() && KeyCeremony() && EncryptedTally() &&
        PartialDecryptions() && ResultCounts() && Decisions()) {
      Completion();
    }
    report_.valid = report_.FirstFailure() == nullptr &&
                    (report_.complete || options_.allow_incomplete) &&
                    report_.Step(S::k13_1).status != StepStatus::kNotChecked;
    return std::move(report_);
  }

 private:
  StepResult& At(StepId id) { return report_.steps[static_cast<size_t>(id)]; }
  void Ok(StepId id, const std::string& note = "") {
    StepResult& s = At(id);
    if (s.status == StepStatus::kFailed) return;
    s.status = StepStatus::kOk;
    if (!note.empty()) s.message = note;
  }
  void Fail(StepId id, std::string_view reason, const std::string& message,
            std::vector<uint64_t> entries = {}) {
    StepResult& s = At(id);
    s.status = StepStatus::kFailed;
    s.reason = std::string(reason);
    s.message = message;
    std::sort(entries.begin(), entries.end());
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    s.entries = std::move(entries);
  }
  void Fail(StepId id, Reason reason, const std::string& message,
            std::vector<uint64_t> entries = {}) {
    Fail(id, ReasonName(reason), message, std::move(entries));
  }
  void Fail(StepId id, const absl::Status& status, std::vector<uint64_t> entries = {}) {
    Fail(id, ReasonOf(status), std::string(status.message()), std::move(entries));
  }

  // 1. The record is authentic: nothing but hashes and signatures are read (and, for 1.6,
  // the manifest's board key).
  bool RecordIsAuthentic() {
    if (record_.tree_heads.empty()) {
      Fail(S::k1_1, Reason::kVerifyNoTreeHead, "the record holds no signed tree head");
      return false;
    }
    const v1::SignedTreeHead& head = record_.tree_heads.back();
    report_.board_key = Hex(head.board_key());
    if (!FinalHeadSigned(head)) return false;
    // An empty record is checked after the head's signature (specs/verification.md §1).
    if (entries_.empty()) {
      Fail(S::k1_2, Reason::kVerifyEmpty, "the record holds no entry");
      return false;
    }
    return FinalHeadCoversEntries(head) && OneElection(head) && EntriesSigned() &&
           EarlierHeadsArePrefixes(head) && BoardKeyOfManifest(head);
  }

  // 1.1
  bool FinalHeadSigned(const v1::SignedTreeHead& head) {
    if (absl::Status s = VerifyTreeHeadSignature(head); !s.ok()) {
      Fail(S::k1_1, s);
      return false;
    }
    Ok(S::k1_1, Cat("board key ", report_.board_key));
    return true;
  }

  // 1.2
  bool FinalHeadCoversEntries(const v1::SignedTreeHead& head) {
    std::vector<Digest32> leaves(entries_.size());
    ParallelFor(entries_.size(), threads_,
                [&](size_t i) { leaves[i] = EntryLeafHash(entries_[i]); });
    for (const auto& leaf : leaves) tree_.Append(leaf);
    if (head.tree_size() != entries_.size()) {
      Fail(S::k1_2, Reason::kVerifyTreeSize,
           Cat("the signed tree head covers ", head.tree_size(), " entries; the record holds ",
               entries_.size()));
      return false;
    }
    if (head.root_hash() != Str(tree_.Root())) {
      Fail(S::k1_2, Reason::kVerifyRootMismatch,
           "the Merkle root of the record's entries is not the signed root: entries were "
           "changed, added, removed or reordered");
      return false;
    }
    Ok(S::k1_2, Cat(entries_.size(), " entries"));
    return true;
  }

  // 1.3
  bool OneElection(const v1::SignedTreeHead& head) {
    id_ = ComputeElectionId(AsBytes(entries_[0].payload()));
    report_.election_id = ToHex(id_);
    if (head.election_id() != Str(id_)) {
      Fail(S::k1_3, Reason::kVerifyTreeHeadElection,
           "the signed tree head is for another election than the record's manifest");
      return false;
    }
    std::vector<uint64_t> foreign;
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].election_id() != Str(id_)) foreign.push_back(i);
    }
    if (!foreign.empty()) {
      Fail(S::k1_3, Reason::kEntryWrongElection, "entries of another election are in the log",
           foreign);
      return false;
    }
    Ok(S::k1_3, Cat("election ", report_.election_id));
    return true;
  }

  // 1.4
  bool EntriesSigned() {
    std::vector<absl::Status> sig(entries_.size());
    ParallelFor(entries_.size(), threads_,
                [&](size_t i) { sig[i] = VerifyEntrySignature(entries_[i]); });
    std::vector<uint64_t> bad;
    for (size_t i = 0; i < sig.size(); ++i) {
      if (!sig[i].ok()) bad.push_back(i);
    }
    if (!bad.empty()) {
      const absl::Status& first = sig[bad[0]];
      Fail(S::k1_4, ReasonOf(first), Cat("entry ", bad[0], ": ", std::string(first.message())),
           bad);
      return false;
    }
    Ok(S::k1_4);
    return true;
  }

  // 1.5
  bool EarlierHeadsArePrefixes(const v1::SignedTreeHead& head) {
    for (size_t h = 0; h + 1 < record_.tree_heads.size(); ++h) {
      const auto& old = record_.tree_heads[h];
      absl::Status s = VerifyTreeHeadSignature(old);
      if (s.ok() && old.board_key() != head.board_key()) {
        s = Invalid(ReasonName(Reason::kVerifyBoardKey),
                    "signed by another board key than the final head");
      }
      if (s.ok() && old.election_id() != Str(id_)) {
        s = Invalid(ReasonName(Reason::kVerifyTreeHeadElection), "for another election");
      }
      if (s.ok()) {
        auto root = tree_.Root(old.tree_size());
        if (!root.ok() || Str(*root) != old.root_hash()) {
          s = Invalid(ReasonName(Reason::kVerifyTreeHeadInconsistent),
                      Cat("its root is not the root of the log's first ", old.tree_size(),
                          " entries: the board showed two different histories"));
        }
      }
      if (!s.ok()) {
        Fail(S::k1_5, ReasonOf(s), Cat("tree head ", h, ": ", std::string(s.message())));
        return false;
      }
    }
    Ok(S::k1_5, Cat(record_.tree_heads.size(), " tree head(s)"));
    return true;
  }

  // 1.6: entry 0 is authentic (1.3, 1.4); the board key it names is the only one that may
  // sign this election's heads. A manifest that does not parse is left to step 2.2.
  bool BoardKeyOfManifest(const v1::SignedTreeHead& head) {
    v1::Manifest manifest;
    if (ParseStrict(entries_[0].payload(), manifest).ok()) {
      if (absl::Status s = VerifyTreeHead(head, manifest.board_key()); !s.ok()) {
        Fail(S::k1_6, s);
        return false;
      }
      Ok(S::k1_6, Cat("the manifest's board key ", Hex(manifest.board_key())));
    }
    return true;
  }

  // The entries a replay failure at `index` names: the earlier ones its reason is about
  // (verifier/reasons.def), then `index`.
  std::vector<uint64_t> Related(uint64_t index, std::string_view reason) {
    std::vector<uint64_t> out;
    const v1::Entry& e = entries_[index];
    const std::optional<Reason> typed = ParseReason(reason);
    switch (typed ? NamesOf(*typed) : Names::kSelf) {
      case Names::kSelf:
        break;
      case Names::kSameTrackingCode: {
        auto code_of = [](const v1::Entry& x) -> std::optional<Digest32> {
          if (x.kind() == v1::BALLOT) return TrackingCode(x.payload());
          v1::Audit a;
          if (x.kind() == v1::AUDIT && ParseStrict(x.payload(), a).ok()) {
            return TrackingCode(a.ballot());
          }
          return std::nullopt;
        };
        auto code = code_of(e);
        for (uint64_t j = 0; code && j < index; ++j) {
          if (code_of(entries_[j]) == code) out.push_back(j);
        }
        break;
      }
      case Names::kSameAlpha: {
        // The earlier ballots and audits holding one of this entry's alphas.
        std::set<AlphaRegistry::Key> mine = AlphasOf(e);
        for (uint64_t j = 0; j < index; ++j) {
          for (const auto& k : AlphasOf(entries_[j])) {
            if (mine.count(k)) {
              out.push_back(j);
              break;
            }
          }
        }
        break;
      }
      case Names::kRevokedBy: {
        std::string credential = e.author();
        v1::CredentialReplacement r;
        if (e.kind() == v1::CREDENTIAL_REPLACEMENT && ParseStrict(e.payload(), r).ok()) {
          credential = r.revoked();
        }
        for (uint64_t j = 0; j < index; ++j) {
          if (entries_[j].kind() == v1::CREDENTIAL_REPLACEMENT &&
              ParseStrict(entries_[j].payload(), r).ok() && r.revoked() == credential) {
            out.push_back(j);
          }
        }
        break;
      }
      case Names::kSameAuthor:
        for (uint64_t j = 0; j < index; ++j) {
          if (entries_[j].kind() == e.kind() && entries_[j].author() == e.author()) {
            out.push_back(j);
          }
        }
        break;
    }
    out.push_back(index);
    return out;
  }

  // The alphas of a BALLOT's or AUDIT's ciphertexts (none for other kinds or bad payloads).
  std::set<AlphaRegistry::Key> AlphasOf(const v1::Entry& x) {
    std::set<AlphaRegistry::Key> keys;
    if (!state_) return keys;
    std::string payload = x.payload();
    v1::Audit a;
    if (x.kind() == v1::AUDIT) {
      if (!ParseStrict(x.payload(), a).ok()) return keys;
      payload = a.ballot();
    } else if (x.kind() != v1::BALLOT) {
      return keys;
    }
    v1::Ballot b;
    if (!ParseStrict(payload, b).ok()) return keys;
    for (const auto& q : b.questions()) {
      for (const auto& c : q.ciphertexts()) {
        auto ct = DecodeCiphertext(state_->group(), AsBytes(c));
        if (ct.ok()) keys.insert(AlphaRegistry::KeyOf(ct->alpha));
      }
    }
    return keys;
  }

  // 2–8 and 10.1: every entry through the election state machine (the kReplayed steps).
  bool ReplayEntries() {
    auto begun = ElectionState::Begin(entries_[0]);
    absl::Status status = begun.status();
    if (begun.ok()) {
      state_ = std::move(*begun);
      status = ReplayInto(*state_, std::span(entries_).subspan(1), threads_, options_.progress);
    }
    report_.phase = state_ ? PhaseName(state_->phase()) : "SETUP";
    if (state_) {
      report_.title = TextOf(state_->manifest().title());
      report_.booth_digest = Hex(state_->manifest().booth_digest());
      for (const auto& r : state_->replacements()) {
        report_.replacements.push_back({r.index, r.replaced_at, r.revoked_had_counted});
      }
    }
    if (status.ok()) {
      for (const auto& info : VerificationSteps()) {
        if (info.check != StepCheck::kReplayed) continue;
        if (info.id == S::k5_2) {
          Ok(info.id, ReplacementsNote());
        } else {
          Ok(info.id);
        }
      }
      return true;
    }
    uint64_t index = state_ ? state_->size() : 0;
    const v1::Entry& e = entries_[index];
    std::string reason = ReasonOf(status);
    bool tallied = state_ && state_->phase() == v1::TALLIED;
    StepId step = StepForReplayError(index, e.kind(), reason, tallied);
    // ReplayInto's messages already start with "entry N (KIND): "; Begin's do not.
    std::string message(status.message());
    if (!state_) message = Cat("entry 0 (", v1::EntryKind_Name(e.kind()), "): ", message);
    Fail(step, reason, message, Related(index, reason));
    // Replayed steps whose entries all lie before the failure passed.
    for (const auto& info : VerificationSteps()) {
      if (info.check != StepCheck::kReplayed || info.id == step) continue;
      bool all_before = true;
      for (uint64_t j = index; j < entries_.size() && all_before; ++j) {
        all_before =
            std::find(info.kinds.begin(), info.kinds.end(), entries_[j].kind()) == info.kinds.end();
      }
      if (all_before) Ok(info.id);
    }
    return false;
  }

  // Step 5.2's note: how many credentials were replaced, and when (the authority's times).
  std::string ReplacementsNote() const {
    if (report_.replacements.empty()) return "no credential replaced";
    std::string out = Cat(report_.replacements.size(), " credential(s) replaced:");
    for (const auto& r : report_.replacements) {
      const std::string& tz = state_->manifest().time_zone();
      out += Cat(" entry ", r.entry, " at ", cli::UnixToLocal(r.replaced_at, tz), " ",
                 tz.empty() ? "UTC" : tz,
                 r.revoked_ballot_counted ? " (its ballot stopped counting)" : "", ";");
    }
    out.pop_back();
    return out;
  }

  template <typename M>
  std::vector<std::pair<uint64_t, M>> PayloadsOf(v1::EntryKind kind) {
    std::vector<std::pair<uint64_t, M>> out;
    for (uint64_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].kind() != kind) continue;
      M m;
      if (ParseStrict(entries_[i].payload(), m).ok()) out.emplace_back(i, std::move(m));
    }
    return out;
  }

  // 4. Key ceremony, 4.5 recomputed: qualified dealers, joint key, verification keys.
  bool KeyCeremony() {
    const Group& group = state_->group();
    const uint32_t n = static_cast<uint32_t>(state_->manifest().trustees_size());
    const uint32_t t = state_->manifest().threshold();
    std::map<uint32_t, std::vector<Element>> commitments;
    std::map<uint32_t, uint64_t> commitment_entry;
    for (auto& [i, c] : PayloadsOf<v1::TrusteeCommitment>(v1::TRUSTEE_COMMITMENT)) {
      std::vector<Element> cs;
      for (const auto& b : c.coefficient_commitments()) {
        auto e = group.DecodeElement(AsBytes(b), Identity::kAllowed);
        if (e.ok()) cs.push_back(*e);
      }
      commitments.emplace(c.trustee_index(), std::move(cs));
      commitment_entry[c.trustee_index()] = i;
    }
    std::set<uint32_t> dealt_shares;
    for (auto& [i, s] : PayloadsOf<v1::SealedShares>(v1::SEALED_SHARES)) {
      dealt_shares.insert(s.dealer_index());
    }
    std::set<std::pair<uint32_t, uint32_t>> complaints, reveals;
    for (auto& [i, v] : PayloadsOf<v1::ShareVerdict>(v1::SHARE_VERDICT)) {
      for (uint32_t d : v.complaints()) complaints.insert({d, v.trustee_index()});
    }
    for (auto& [i, r] : PayloadsOf<v1::ShareReveal>(v1::SHARE_REVEAL)) {
      reveals.insert({r.dealer_index(), r.recipient_index()});
    }
    if (!state_->ceremony().finalized()) return true;
    std::set<uint32_t> qualified;
    // A dealer dealt: it posted its commitments and its sealed shares.
    for (const auto& [d, cs] : commitments) {
      if (dealt_shares.count(d)) qualified.insert(d);
    }
    for (const auto& c : complaints) {
      if (!reveals.count(c)) qualified.erase(c.first);
    }
    std::vector<std::vector<Element>> qual;
    std::vector<uint64_t> involved;
    for (uint32_t d : qualified) {
      qual.push_back(commitments[d]);
      involved.push_back(commitment_entry[d]);
    }
    auto k = JointKey(qual);
    if (qualified != state_->ceremony().qualified() || qualified.size() < t) {
      Fail(S::k4_5, Reason::kVerifyQualifiedMismatch,
           "the qualified dealers recomputed from commitments, complaints and reveals differ "
           "from the state machine's");
      return false;
    }
    if (!k.ok() || !group.Equal(*k, state_->joint_key()->element())) {
      Fail(S::k4_5, Reason::kVerifyJointKeyMismatch,
           "the joint key recomputed from the qualified dealers' commitments differs", involved);
      return false;
    }
    for (uint32_t j = 1; j <= n; ++j) {
      auto key = VerificationKey(qual, j);
      if (!key.ok() || !group.Equal(*key, state_->ceremony().verification_key(j))) {
        Fail(S::k4_5, Reason::kVerifyVerificationKeyMismatch,
             Cat("trustee ", j, "'s verification key recomputed from the commitments differs"),
             involved);
        return false;
      }
      vk_.emplace(j, *key);
    }
    std::string q;
    for (uint32_t d : qualified) q += (q.empty() ? "" : ", ") + std::to_string(d);
    Ok(S::k4_5,
       Cat("qualified dealers: ", q, "; joint key ", ToHex(group.Encode(*k)).substr(0, 16), "…"));
    return true;
  }

  // 9. The encrypted tally, recomputed from the counted ballots on all cores.
  bool EncryptedTally() {
    const v1::Manifest& manifest = state_->manifest();
    const Group& group = state_->group();
    std::map<std::string, uint64_t> counted;  // credential → its counted BALLOT entry
    if (state_->phase() >= v1::VOTING) {
      const bool last = RevotePolicyOf(manifest) != v1::SINGLE_BALLOT;
      for (uint64_t i = 0; i < entries_.size(); ++i) {
        if (entries_[i].kind() == v1::CREDENTIAL_REPLACEMENT) {
          // A revoked credential's ballots stop counting (specs/entries.md §2.10); it can
          // post no later one.
          v1::CredentialReplacement r;
          if (ParseStrict(entries_[i].payload(), r).ok()) counted.erase(r.revoked());
          continue;
        }
        if (entries_[i].kind() != v1::BALLOT) continue;
        if (last) {
          counted[entries_[i].author()] = i;
        } else {
          counted.emplace(entries_[i].author(), i);
        }
      }
      std::vector<uint64_t> indexes;
      for (const auto& [c, i] : counted) indexes.push_back(i);
      // Each thread sums a slice; slices are then added.
      unsigned parts = std::max(1u, std::min<unsigned>(threads_, indexes.size()));
      std::vector<std::vector<std::vector<Ciphertext>>> sums(parts);
      std::atomic<bool> decode_failed{false};
      for (auto& s : sums) {
        for (const auto& q : manifest.questions()) {
          s.emplace_back(q.options_size(), IdentityCiphertext(group));
        }
      }
      tally_ = sums[0];
      ParallelFor(parts, parts, [&](size_t p) {
        for (size_t k = p; k < indexes.size(); k += parts) {
          v1::Ballot ballot;
          if (!ParseStrict(entries_[indexes[k]].payload(), ballot).ok() ||
              ballot.questions_size() != static_cast<int>(sums[p].size())) {
            decode_failed = true;
            return;
          }
          for (size_t q = 0; q < sums[p].size(); ++q) {
            const auto& qb = ballot.questions(static_cast<int>(q));
            if (qb.ciphertexts_size() != static_cast<int>(sums[p][q].size())) {
              decode_failed = true;
              return;
            }
            for (size_t o = 0; o < sums[p][q].size(); ++o) {
              auto c = DecodeCiphertext(group, AsBytes(qb.ciphertexts(static_cast<int>(o))));
              if (!c.ok()) {
                decode_failed = true;
                return;
              }
              sums[p][q][o] = Add(sums[p][q][o], *c);
            }
          }
        }
      });
      for (size_t p = 0; p < parts; ++p) {
        for (size_t q = 0; q < tally_.size(); ++q) {
          for (size_t o = 0; o < tally_[q].size(); ++o) {
            tally_[q][o] = p == 0 ? sums[0][q][o] : Add(tally_[q][o], sums[p][q][o]);
          }
        }
      }
      bool same = !decode_failed && tally_.size() == state_->encrypted_tally().size();
      for (size_t q = 0; same && q < tally_.size(); ++q) {
        for (size_t o = 0; same && o < tally_[q].size(); ++o) {
          same = Equal(tally_[q][o], state_->encrypted_tally()[q][o]);
        }
      }
      if (!same) {
        Fail(S::k9_1, Reason::kVerifyTallyMismatch,
             "the product of the counted ballots' ciphertexts is not the tally the state "
             "machine kept");
        return false;
      }
      Ok(S::k9_1, Cat(counted.size(), " ballots counted"));
    }
    report_.ballots_counted = counted.size();
    return true;
  }

  // 10. Partial decryptions, 10.2 recomputed: every proof against the keys of 4.5 and the
  // tally of 9.1.
  bool PartialDecryptions() {
    if (state_->phase() < v1::CLOSED) return true;
    const Group& group = state_->group();
    for (auto& [i, pd] : PayloadsOf<v1::PartialDecryption>(v1::PARTIAL_DECRYPTION)) {
      const uint32_t j = pd.trustee_index();
      partial_entry_[j] = i;
      std::vector<std::vector<Element>> js(tally_.size());
      absl::Status s = absl::OkStatus();
      if (!vk_.count(j) || pd.questions_size() != static_cast<int>(tally_.size())) {
        s = Invalid(ReasonName(Reason::kDecryptionStructure),
                    "not a partial decryption of this tally");
      }
      for (size_t q = 0; s.ok() && q < tally_.size(); ++q) {
        const auto& qd = pd.questions(static_cast<int>(q));
        if (qd.options_size() != static_cast<int>(tally_[q].size())) {
          s = Invalid(ReasonName(Reason::kDecryptionStructure), "one share per option is needed");
        }
        for (size_t o = 0; s.ok() && o < tally_[q].size(); ++o) {
          const auto& share = qd.options(static_cast<int>(o));
          auto m = group.DecodeElement(AsBytes(share.share()), Identity::kAllowed);
          auto proof = DecodeChaumPedersenProof(group, AsBytes(share.proof()));
          if (!m.ok() || !proof.ok()) {
            s = !m.ok() ? m.status() : proof.status();
            break;
          }
          // log_g(K_j) = log_alpha(M), K_j recomputed in 4.5, alpha from 9.1.
          s = VerifyChaumPedersen({vk_.at(j), tally_[q][o].alpha, *m}, *proof,
                                  DecryptionContext(id_, j, q, o));
          js[q].push_back(*m);
        }
      }
      if (!s.ok()) {
        Fail(S::k10_2, s, {i});
        return false;
      }
      shares_.emplace(j, std::move(js));
    }
    Ok(S::k10_2, Cat(shares_.size(), " partial decryption(s)"));
    return true;
  }

  // 11. Result: the counts (11.1 totals, 11.2 Lagrange combination, 11.3 counts by discrete
  // logarithm). Nothing to check before a RESULT is posted.
  bool ResultCounts() {
    auto rolls = PayloadsOf<v1::Roll>(v1::ROLL);
    report_.registered = rolls.empty() ? 0 : rolls[0].second.credentials_size();
    auto results = PayloadsOf<v1::Result>(v1::RESULT);
    if (results.empty()) return true;
    result_entry_ = results[0].first;
    result_ = std::move(results[0].second);
    const uint64_t ri = *result_entry_;
    const v1::Result& result = *result_;
    const v1::Manifest& manifest = state_->manifest();
    const uint32_t t = manifest.threshold();
    // 11.1
    if (result.registered() != report_.registered ||
        result.ballots_counted() != report_.ballots_counted) {
      Fail(S::k11_1, Reason::kVerifyResultTotals,
           Cat("registered must be ", report_.registered, " and ballots counted ",
               report_.ballots_counted),
           {ri});
      return false;
    }
    Ok(S::k11_1);
    // 11.2
    std::vector<uint32_t> subset(result.trustees().begin(), result.trustees().end());
    bool subset_ok = subset.size() == t;
    for (size_t k = 0; subset_ok && k < subset.size(); ++k) {
      subset_ok = shares_.count(subset[k]) && (k == 0 || subset[k - 1] < subset[k]);
    }
    if (!subset_ok) {
      Fail(S::k11_2, Reason::kResultTrustees,
           Cat("exactly ", t, " ascending trustees with valid partial decryptions are needed"),
           {ri});
      return false;
    }
    std::vector<uint64_t> involved{ri};
    for (uint32_t j : subset) involved.push_back(partial_entry_[j]);
    Ok(S::k11_2);
    // 11.3 Counts by discrete log, to the base K, of β / ∏ M_j^{λ_j}.
    DiscreteLog dlog(state_->joint_key()->element(), report_.ballots_counted);
    counts_.assign(tally_.size(), {});
    for (size_t q = 0; q < tally_.size(); ++q) {
      for (size_t o = 0; o < tally_[q].size(); ++o) {
        std::vector<std::pair<uint32_t, Element>> factors;
        for (uint32_t j : subset) factors.emplace_back(j, shares_.at(j)[q][o]);
        auto a_s = CombinePartials(factors);
        absl::StatusOr<uint64_t> count = a_s.ok()
                                             ? dlog.Solve(DecryptWithFactor(tally_[q][o], *a_s))
                                             : absl::StatusOr<uint64_t>(a_s.status());
        if (!count.ok()) {
          Fail(S::k11_3, count.status(), involved);
          return false;
        }
        counts_[q].push_back(*count);
      }
    }
    bool same = result.questions_size() == static_cast<int>(counts_.size());
    for (size_t q = 0; same && q < counts_.size(); ++q) {
      const auto& qr = result.questions(static_cast<int>(q));
      same =
          qr.question_id() == manifest.questions(static_cast<int>(q)).id() &&
          std::equal(counts_[q].begin(), counts_[q].end(), qr.counts().begin(), qr.counts().end());
    }
    if (!same) {
      Fail(S::k11_3, Reason::kResultCounts,
           "the published counts are not the decryption of the recomputed tally", involved);
      return false;
    }
    for (size_t q = 0; q < counts_.size(); ++q) {
      const auto& question = manifest.questions(static_cast<int>(q));
      QuestionTally qt{question.id(), TextOf(question.title()), {}, counts_[q]};
      for (const auto& o : question.options()) {
        std::string label = TextOf(o.label());
        qt.option_labels.push_back(label.empty() ? o.id() : label);
      }
      report_.tallies.push_back(std::move(qt));
    }
    Ok(S::k11_3);
    return true;
  }

  // 12. Decisions re-derived from the counts of 11.3 (nothing to check before a RESULT).
  bool Decisions() {
    if (!result_) return true;
    const v1::Result& result = *result_;
    auto decisions =
        DeriveDecisions(state_->manifest(), report_.registered, report_.ballots_counted, counts_);
    bool same = decisions.ok() && static_cast<int>(decisions->size()) == result.decisions_size();
    for (size_t d = 0; same && d < decisions->size(); ++d) {
      same = Serialize((*decisions)[d]) == Serialize(result.decisions(static_cast<int>(d)));
    }
    if (!same) {
      if (decisions.ok()) {
        Fail(S::k12_1, Reason::kResultDecision,
             "the published decisions are not those the manifest's rules give", {*result_entry_});
      } else {
        Fail(S::k12_1, ReasonOf(decisions.status()),
             "the published decisions are not those the manifest's rules give", {*result_entry_});
      }
      return false;
    }
    report_.decisions = std::move(*decisions);
    Ok(S::k12_1);
    return true;
  }

  // 13. Completion.
  void Completion() {
    const v1::Phase phase = state_->phase();
    report_.complete = phase == v1::TALLIED;
    if (report_.complete) {
      Ok(S::k13_1);
    } else if (options_.allow_incomplete) {
      Ok(S::k13_1, Cat("not finished: phase ", PhaseName(phase), " (allowed)"));
    } else {
      Fail(S::k13_1, Reason::kVerifyIncomplete,
           Cat("not finished: phase ", PhaseName(phase),
               "; the record ends before the RESULT (use --allow-incomplete to check a "
               "running election)"),
           {entries_.size() - 1});
    }
  }

  const Record& record_;
  const std::vector<v1::Entry>& entries_;
  VerifyOptions options_;
  unsigned threads_;
  VerifyReport report_;
  MerkleTree tree_;
  ElectionId id_{};
  std::unique_ptr<ElectionState> state_;
  // Recomputed by one step group for the next.
  std::map<uint32_t, Element> vk_;                                // 4.5
  std::vector<std::vector<Ciphertext>> tally_;                    // 9.1
  std::map<uint32_t, std::vector<std::vector<Element>>> shares_;  // 10.2
  std::map<uint32_t, uint64_t> partial_entry_;                    // 10.2
  std::optional<uint64_t> result_entry_;                          // 11
  std::optional<v1::Result> result_;                              // 11
  std::vector<std::vector<uint64_t>> counts_;                     // 11.3
};

}  // namespace

const StepResult* VerifyReport::FirstFailure() const {
  for (const auto& s : steps) {
    if (s.status == StepStatus::kFailed) return &s;
  }
  return nullptr;
}

const StepResult* VerifyReport::Step(const std::string& id) const {
  for (const auto& s : steps) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const StepResult& VerifyReport::Step(StepId step) const { return steps[static_cast<size_t>(step)]; }

VerifyReport VerifyRecord(const Record& record, const VerifyOptions& options) {
  return Verifier(record, options).Run();
}

}  // namespace urne

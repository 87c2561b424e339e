#include "verifier/verify.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "crypto/chaum_pedersen.h"
#include "crypto/dlog.h"
#include "crypto/elgamal.h"
#include "crypto/merkle.h"
#include "crypto/status.h"
#include "crypto/threshold.h"
#include "election/alpha_registry.h"
#include "election/decision.h"
#include "election/entry.h"
#include "election/manifest.h"
#include "election/state.h"
#include "election/tree_head.h"
#include "verifier/steps.h"

namespace urne {
namespace {

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

class Verifier {
 public:
  Verifier(const Record& record, const VerifyOptions& options)
      : record_(record), entries_(record.entries), options_(options) {
    threads_ =
        options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    for (const auto& s : VerificationSteps()) {
      report_.steps.push_back(StepResult{s.id, s.title, StepStatus::kNotChecked, "", "", {}});
    }
    report_.entries = entries_.size();
  }

  VerifyReport Run() {
    if (Authenticate() && Replay()) Recompute();
    report_.valid = report_.FirstFailure() == nullptr &&
                    (report_.complete || options_.allow_incomplete) &&
                    report_.Step("13.1")->status != StepStatus::kNotChecked;
    return std::move(report_);
  }

 private:
  StepResult& At(const std::string& id) { return *const_cast<StepResult*>(report_.Step(id)); }
  void Ok(const std::string& id, const std::string& note = "") {
    StepResult& s = At(id);
    if (s.status == StepStatus::kFailed) return;
    s.status = StepStatus::kOk;
    if (!note.empty()) s.message = note;
  }
  void Fail(const std::string& id, const std::string& reason, const std::string& message,
            std::vector<uint64_t> entries = {}) {
    StepResult& s = At(id);
    s.status = StepStatus::kFailed;
    s.reason = reason;
    s.message = message;
    std::sort(entries.begin(), entries.end());
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    s.entries = std::move(entries);
  }
  void Fail(const std::string& id, const absl::Status& status, std::vector<uint64_t> entries = {}) {
    Fail(id, ReasonOf(status), std::string(status.message()), std::move(entries));
  }

  // Steps 1.x: nothing but hashes and signatures are read here.
  bool Authenticate() {
    if (record_.tree_heads.empty()) {
      Fail("1.1", "verify.no_tree_head", "the record holds no signed tree head");
      return false;
    }
    if (entries_.empty()) {
      Fail("1.2", "verify.empty", "the record holds no entry");
      return false;
    }
    const v1::SignedTreeHead& head = record_.tree_heads.back();
    report_.board_key = Hex(head.board_key());
    if (absl::Status s = VerifyTreeHeadSignature(head); !s.ok()) {
      Fail("1.1", s);
      return false;
    }
    Ok("1.1", Cat("board key ", report_.board_key));

    std::vector<Digest32> leaves(entries_.size());
    ParallelFor(entries_.size(), threads_,
                [&](size_t i) { leaves[i] = EntryLeafHash(entries_[i]); });
    for (const auto& leaf : leaves) tree_.Append(leaf);
    if (head.tree_size() != entries_.size()) {
      Fail("1.2", "verify.tree_size",
           Cat("the signed tree head covers ", head.tree_size(), " entries; the record holds ",
               entries_.size()));
      return false;
    }
    if (head.root_hash() != Str(tree_.Root())) {
      Fail("1.2", "verify.root_mismatch",
           "the Merkle root of the record's entries is not the signed root: entries were "
           "changed, added, removed or reordered");
      return false;
    }
    Ok("1.2", Cat(entries_.size(), " entries"));

    id_ = ComputeElectionId(AsBytes(entries_[0].payload()));
    report_.election_id = ToHex(id_);
    if (head.election_id() != Str(id_)) {
      Fail("1.3", "verify.tree_head_election",
           "the signed tree head is for another election than the record's manifest");
      return false;
    }
    std::vector<uint64_t> foreign;
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].election_id() != Str(id_)) foreign.push_back(i);
    }
    if (!foreign.empty()) {
      Fail("1.3", "entry.wrong_election", "entries of another election are in the log", foreign);
      return false;
    }
    Ok("1.3", Cat("election ", report_.election_id));

    std::vector<absl::Status> sig(entries_.size());
    ParallelFor(entries_.size(), threads_,
                [&](size_t i) { sig[i] = VerifyEntrySignature(entries_[i]); });
    std::vector<uint64_t> bad;
    for (size_t i = 0; i < sig.size(); ++i) {
      if (!sig[i].ok()) bad.push_back(i);
    }
    if (!bad.empty()) {
      const absl::Status& first = sig[bad[0]];
      Fail("1.4", ReasonOf(first), Cat("entry ", bad[0], ": ", std::string(first.message())), bad);
      return false;
    }
    Ok("1.4");

    for (size_t h = 0; h + 1 < record_.tree_heads.size(); ++h) {
      const auto& old = record_.tree_heads[h];
      absl::Status s = VerifyTreeHeadSignature(old);
      if (s.ok() && old.board_key() != head.board_key()) {
        s = Invalid("verify.board_key", "signed by another board key than the final head");
      }
      if (s.ok() && old.election_id() != Str(id_)) {
        s = Invalid("verify.tree_head_election", "for another election");
      }
      if (s.ok()) {
        auto root = tree_.Root(old.tree_size());
        if (!root.ok() || Str(*root) != old.root_hash()) {
          s = Invalid("verify.tree_head_inconsistent",
                      Cat("its root is not the root of the log's first ", old.tree_size(),
                          " entries: the board showed two different histories"));
        }
      }
      if (!s.ok()) {
        Fail("1.5", ReasonOf(s), Cat("tree head ", h, ": ", std::string(s.message())));
        return false;
      }
    }
    Ok("1.5", Cat(record_.tree_heads.size(), " tree head(s)"));

    // 1.6: entry 0 is authentic (1.3, 1.4); the board key it names is the only one that may
    // sign this election's heads. A manifest that does not parse is left to step 2.2.
    v1::Manifest manifest;
    if (ParseStrict(entries_[0].payload(), manifest).ok()) {
      if (absl::Status s = VerifyTreeHead(head, manifest.board_key()); !s.ok()) {
        Fail("1.6", s);
        return false;
      }
      Ok("1.6", Cat("the manifest's board key ", Hex(manifest.board_key())));
    }
    return true;
  }

  // Earlier entries that a replay error at `index` is about.
  std::vector<uint64_t> Related(uint64_t index, const std::string& reason) {
    std::vector<uint64_t> out;
    const v1::Entry& e = entries_[index];
    if (reason == "ballot.duplicate") {
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
    } else if (reason == "ballot.ciphertext_reused") {
      // The earlier ballots and audits holding one of this entry's alphas.
      auto alphas_of = [this](const v1::Entry& x) {
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
      };
      std::set<AlphaRegistry::Key> mine = alphas_of(e);
      for (uint64_t j = 0; j < index; ++j) {
        for (const auto& k : alphas_of(entries_[j])) {
          if (mine.count(k)) {
            out.push_back(j);
            break;
          }
        }
      }
    } else if (reason.find("duplicate") != std::string::npos ||
               reason.find("already") != std::string::npos || reason == "ballot.stale") {
      for (uint64_t j = 0; j < index; ++j) {
        if (entries_[j].kind() == e.kind() && entries_[j].author() == e.author()) {
          out.push_back(j);
        }
      }
    }
    out.push_back(index);
    return out;
  }

  // Steps 2–8 and 10.1 through the state machine.
  bool Replay() {
    auto begun = ElectionState::Begin(entries_[0]);
    absl::Status status = begun.status();
    if (begun.ok()) {
      state_ = std::move(*begun);
      status = ReplayInto(*state_, std::span(entries_).subspan(1), threads_, options_.progress);
    }
    report_.phase = state_ ? PhaseName(state_->phase()) : "SETUP";
    if (state_) report_.title = TextOf(state_->manifest().title());
    if (status.ok()) {
      for (const char* id :
           {"2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2", "4.3", "4.4", "4.6", "5.1", "6.1",
            "6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "7.1", "7.2", "7.3", "7.4", "8.1", "10.1"}) {
        Ok(id);
      }
      return true;
    }
    uint64_t index = state_ ? state_->size() : 0;
    const v1::Entry& e = entries_[index];
    std::string reason = ReasonOf(status);
    bool tallied = state_ && state_->phase() == v1::TALLIED;
    std::string step = StepForReplayError(index, e.kind(), reason, tallied);
    // ReplayInto's messages already start with "entry N (KIND): "; Begin's do not.
    std::string message(status.message());
    if (!state_) message = Cat("entry 0 (", v1::EntryKind_Name(e.kind()), "): ", message);
    Fail(step, reason, message, Related(index, reason));
    // Steps whose entries all lie before the failure passed.
    for (const auto& info : VerificationSteps()) {
      if (info.kinds.empty() || info.id == step) continue;
      bool all_before = true;
      for (uint64_t j = index; j < entries_.size() && all_before; ++j) {
        all_before =
            std::find(info.kinds.begin(), info.kinds.end(), entries_[j].kind()) == info.kinds.end();
      }
      std::string id = info.id;
      bool derived = id == "4.5" || id == "9.1" || id == "10.2" || (id[0] == '1' && id[1] == '1') ||
                     id == "12.1";
      if (all_before && !derived) Ok(id);
    }
    return false;
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

  // Steps 4.5, 9.1, 10.2, 11.x, 12.1, 13.1: every value recomputed from the entries.
  void Recompute() {
    const v1::Manifest& manifest = state_->manifest();
    const Group& group = state_->group();
    const v1::Phase phase = state_->phase();
    const uint32_t n = static_cast<uint32_t>(manifest.trustees_size());
    const uint32_t t = manifest.threshold();

    // 4.5 Qualified dealers, joint key, verification keys.
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
    std::map<uint32_t, Element> vk;
    std::optional<Element> joint;
    if (state_->ceremony().finalized()) {
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
        Fail("4.5", "verify.qualified_mismatch",
             "the qualified dealers recomputed from commitments, complaints and reveals differ "
             "from the state machine's");
        return;
      }
      if (!k.ok() || !group.Equal(*k, state_->joint_key()->element())) {
        Fail("4.5", "verify.joint_key_mismatch",
             "the joint key recomputed from the qualified dealers' commitments differs", involved);
        return;
      }
      joint = *k;
      for (uint32_t j = 1; j <= n; ++j) {
        auto key = VerificationKey(qual, j);
        if (!key.ok() || !group.Equal(*key, state_->ceremony().verification_key(j))) {
          Fail("4.5", "verify.verification_key_mismatch",
               Cat("trustee ", j, "'s verification key recomputed from the commitments differs"),
               involved);
          return;
        }
        vk.emplace(j, *key);
      }
      std::string q;
      for (uint32_t d : qualified) q += (q.empty() ? "" : ", ") + std::to_string(d);
      Ok("4.5",
         Cat("qualified dealers: ", q, "; joint key ", ToHex(group.Encode(*k)).substr(0, 16), "…"));
    }

    // 9.1 The encrypted tally.
    std::vector<std::vector<Ciphertext>> tally;
    std::map<std::string, uint64_t> counted;  // credential → its counted BALLOT entry
    if (phase >= v1::VOTING) {
      const bool last = RevotePolicyOf(manifest) != v1::SINGLE_BALLOT;
      for (uint64_t i = 0; i < entries_.size(); ++i) {
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
      tally = sums[0];
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
        for (size_t q = 0; q < tally.size(); ++q) {
          for (size_t o = 0; o < tally[q].size(); ++o) {
            tally[q][o] = p == 0 ? sums[0][q][o] : Add(tally[q][o], sums[p][q][o]);
          }
        }
      }
      bool same = !decode_failed && tally.size() == state_->encrypted_tally().size();
      for (size_t q = 0; same && q < tally.size(); ++q) {
        for (size_t o = 0; same && o < tally[q].size(); ++o) {
          same = Equal(tally[q][o], state_->encrypted_tally()[q][o]);
        }
      }
      if (!same) {
        Fail("9.1", "verify.tally_mismatch",
             "the product of the counted ballots' ciphertexts is not the tally the state "
             "machine kept");
        return;
      }
      Ok("9.1", Cat(counted.size(), " ballots counted"));
    }
    report_.ballots_counted = counted.size();

    // 10.2 Partial decryptions against the recomputed keys and tally.
    std::map<uint32_t, std::vector<std::vector<Element>>> shares;
    std::map<uint32_t, uint64_t> partial_entry;
    if (phase >= v1::CLOSED) {
      for (auto& [i, pd] : PayloadsOf<v1::PartialDecryption>(v1::PARTIAL_DECRYPTION)) {
        const uint32_t j = pd.trustee_index();
        partial_entry[j] = i;
        std::vector<std::vector<Element>> js(tally.size());
        absl::Status s = absl::OkStatus();
        if (!vk.count(j) || pd.questions_size() != static_cast<int>(tally.size())) {
          s = Invalid("decryption.structure", "not a partial decryption of this tally");
        }
        for (size_t q = 0; s.ok() && q < tally.size(); ++q) {
          const auto& qd = pd.questions(static_cast<int>(q));
          if (qd.options_size() != static_cast<int>(tally[q].size())) {
            s = Invalid("decryption.structure", "one share per option is needed");
          }
          for (size_t o = 0; s.ok() && o < tally[q].size(); ++o) {
            const auto& share = qd.options(static_cast<int>(o));
            auto m = group.DecodeElement(AsBytes(share.share()), Identity::kAllowed);
            auto proof = DecodeChaumPedersenProof(group, AsBytes(share.proof()));
            if (!m.ok() || !proof.ok()) {
              s = !m.ok() ? m.status() : proof.status();
              break;
            }
            // log_g(K_j) = log_alpha(M), K_j recomputed in 4.5, alpha from 9.1.
            s = VerifyChaumPedersen({vk.at(j), tally[q][o].alpha, *m}, *proof,
                                    DecryptionContext(id_, j, q, o));
            js[q].push_back(*m);
          }
        }
        if (!s.ok()) {
          Fail("10.2", s, {i});
          return;
        }
        shares.emplace(j, std::move(js));
      }
      Ok("10.2", Cat(shares.size(), " partial decryption(s)"));
    }

    auto rolls = PayloadsOf<v1::Roll>(v1::ROLL);
    report_.registered = rolls.empty() ? 0 : rolls[0].second.credentials_size();
    auto results = PayloadsOf<v1::Result>(v1::RESULT);
    if (!results.empty()) {
      const uint64_t ri = results[0].first;
      const v1::Result& result = results[0].second;
      // 11.1
      if (result.registered() != report_.registered ||
          result.ballots_counted() != report_.ballots_counted) {
        Fail("11.1", "verify.result_totals",
             Cat("registered must be ", report_.registered, " and ballots counted ",
                 report_.ballots_counted),
             {ri});
        return;
      }
      Ok("11.1");
      // 11.2
      std::vector<uint32_t> subset(result.trustees().begin(), result.trustees().end());
      bool subset_ok = subset.size() == t;
      for (size_t k = 0; subset_ok && k < subset.size(); ++k) {
        subset_ok = shares.count(subset[k]) && (k == 0 || subset[k - 1] < subset[k]);
      }
      if (!subset_ok) {
        Fail("11.2", "result.trustees",
             Cat("exactly ", t, " ascending trustees with valid partial decryptions are needed"),
             {ri});
        return;
      }
      std::vector<uint64_t> involved{ri};
      for (uint32_t j : subset) involved.push_back(partial_entry[j]);
      Ok("11.2");
      // 11.3 Counts by discrete log, to the base K, of β / ∏ M_j^{λ_j}.
      DiscreteLog dlog(state_->joint_key()->element(), report_.ballots_counted);
      std::vector<std::vector<uint64_t>> counts(tally.size());
      for (size_t q = 0; q < tally.size(); ++q) {
        for (size_t o = 0; o < tally[q].size(); ++o) {
          std::vector<std::pair<uint32_t, Element>> factors;
          for (uint32_t j : subset) factors.emplace_back(j, shares.at(j)[q][o]);
          auto a_s = CombinePartials(factors);
          absl::StatusOr<uint64_t> count = a_s.ok()
                                               ? dlog.Solve(DecryptWithFactor(tally[q][o], *a_s))
                                               : absl::StatusOr<uint64_t>(a_s.status());
          if (!count.ok()) {
            Fail("11.3", count.status(), involved);
            return;
          }
          counts[q].push_back(*count);
        }
      }
      bool same = result.questions_size() == static_cast<int>(counts.size());
      for (size_t q = 0; same && q < counts.size(); ++q) {
        const auto& qr = result.questions(static_cast<int>(q));
        same =
            qr.question_id() == manifest.questions(static_cast<int>(q)).id() &&
            std::equal(counts[q].begin(), counts[q].end(), qr.counts().begin(), qr.counts().end());
      }
      if (!same) {
        Fail("11.3", "result.counts",
             "the published counts are not the decryption of the recomputed tally", involved);
        return;
      }
      for (size_t q = 0; q < counts.size(); ++q) {
        const auto& question = manifest.questions(static_cast<int>(q));
        QuestionTally qt{question.id(), TextOf(question.title()), {}, counts[q]};
        for (const auto& o : question.options()) {
          std::string label = TextOf(o.label());
          qt.option_labels.push_back(label.empty() ? o.id() : label);
        }
        report_.tallies.push_back(std::move(qt));
      }
      Ok("11.3");
      // 12.1
      auto decisions =
          DeriveDecisions(manifest, report_.registered, report_.ballots_counted, counts);
      same = decisions.ok() && static_cast<int>(decisions->size()) == result.decisions_size();
      for (size_t d = 0; same && d < decisions->size(); ++d) {
        same = Serialize((*decisions)[d]) == Serialize(result.decisions(static_cast<int>(d)));
      }
      if (!same) {
        Fail("12.1", decisions.ok() ? "result.decision" : ReasonOf(decisions.status()),
             "the published decisions are not those the manifest's rules give", {ri});
        return;
      }
      report_.decisions = std::move(*decisions);
      Ok("12.1");
    }

    // 13.1
    report_.complete = phase == v1::TALLIED;
    if (report_.complete) {
      Ok("13.1");
    } else if (options_.allow_incomplete) {
      Ok("13.1", Cat("not finished: phase ", PhaseName(phase), " (allowed)"));
    } else {
      Fail("13.1", "verify.incomplete",
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

VerifyReport VerifyRecord(const Record& record, const VerifyOptions& options) {
  return Verifier(record, options).Run();
}

}  // namespace urne

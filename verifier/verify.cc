#include "verifier/verify.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <future>
#include <map>
#include <set>
#include <thread>

#include "absl/container/flat_hash_map.h"
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

namespace urne::verifier {
namespace {

using S = StepId;

std::string Str(const Digest32& d) { return std::string(d.begin(), d.end()); }
std::string Hex(const std::string& s) { return ToHex(AsBytes(s)); }

std::string TextOf(const v1::Text& t) { return t.en().empty() ? t.fr() : t.en(); }
std::string FrenchOf(const v1::Text& t) { return t.fr().empty() ? t.en() : t.fr(); }

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
  Verifier(const RecordSource& source, const VerifyOptions& options)
      : source_(source), heads_(source.tree_heads()), n_(source.size()), options_(options) {
    threads_ =
        options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    options_.window = std::max<uint64_t>(1, options_.window);
    for (const auto& s : VerificationSteps()) {
      report_.steps.push_back(StepResult{s.id,
                                         std::string(s.number),
                                         std::string(s.title),
                                         StepStatus::kNotChecked,
                                         "",
                                         "",
                                         {},
                                         ""});
    }
    report_.entries = n_;
  }

  // The report; or the error that made the record unusable (a malformed entry of a record
  // file, a read error), found while reading it.
  absl::StatusOr<VerifyReport> Run() {
    if (RecordIsAuthentic() && ReplayEntries() && KeyCeremony() && EncryptedTally() &&
        PartialDecryptions() && ResultCounts() && Decisions()) {
      Completion();
    }
    if (!unusable_.ok()) return unusable_;
    report_.valid = report_.FirstFailure() == nullptr &&
                    (report_.complete || options_.allow_incomplete) &&
                    report_.Step(S::k13_1).status != StepStatus::kNotChecked;
    return std::move(report_);
  }

 private:
  using CredentialKey = std::array<uint8_t, 32>;
  static CredentialKey KeyOf(const std::string& credential) {
    CredentialKey key{};
    std::copy_n(credential.begin(), std::min(credential.size(), key.size()), key.begin());
    return key;
  }

  StepResult& At(StepId id) { return report_.steps[static_cast<size_t>(id)]; }
  void Ok(StepId id, const Text& note = {}) {
    StepResult& s = At(id);
    if (s.status == StepStatus::kFailed) return;
    s.status = StepStatus::kOk;
    if (!note.en.empty()) s.message = note.en;
    if (!note.fr.empty()) s.message_fr = note.fr;
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

  // Calls fn(index, entries) for the chunks of entries [begin, end), in order, until fn
  // returns false. False (and unusable_ set) if the source cannot be read. The next chunk is
  // read (and parsed) on another thread while fn works on this one, into the other of two
  // buffers: read in turn, that work left the other cores idle (about a tenth of the time at
  // a million ballots). Sources allow reads from two threads at once (election/record.h).
  template <typename Fn>
  bool ForChunks(uint64_t begin, uint64_t end, Fn fn) {
    using Chunk = absl::StatusOr<std::span<const v1::Entry>>;
    std::array<std::vector<v1::Entry>, 2> buffers;
    auto read = [this, end, &buffers](uint64_t at, size_t b) -> Chunk {
      return source_.Read(at, std::min(options_.window, end - at), buffers[b]);
    };
    // Declared after the buffers: destroyed first, it waits for a read still running.
    std::future<Chunk> next;
    if (begin < end) next = std::async(std::launch::async, read, begin, size_t{0});
    size_t b = 0;
    for (uint64_t at = begin; at < end; at += options_.window) {
      const Chunk chunk = next.get();
      if (!chunk.ok()) {
        unusable_ = chunk.status();
        return false;
      }
      if (end - at > options_.window) {
        next = std::async(std::launch::async, read, at + options_.window, 1 - b);
      }
      if (!fn(at, *chunk)) return true;
      b = 1 - b;
    }
    return true;
  }
  // Entry `index`, read again (failure paths only).
  std::optional<v1::Entry> EntryAt(uint64_t index) {
    std::vector<v1::Entry> buffer;
    auto one = source_.Read(index, 1, buffer);
    if (!one.ok()) {
      unusable_ = one.status();
      return std::nullopt;
    }
    return (*one)[0];
  }

  // 1. The record is authentic: nothing but hashes and signatures are read (and, for 1.6,
  // the manifest's board key). One pass over the entries computes what 1.2–1.5 check (leaf
  // hashes into a running Merkle root, election ids, signatures on all cores); the steps
  // are then reported in their order, the first failure stopping them.
  bool RecordIsAuthentic() {
    if (heads_.empty()) {
      Fail(S::k1_1, Reason::kVerifyNoTreeHead, "the record holds no signed tree head");
      return false;
    }
    const v1::SignedTreeHead& head = heads_.back();
    report_.board_key = Hex(head.board_key());
    if (!FinalHeadSigned(head)) return false;
    // An empty record is checked after the head's signature (specs/verification.md §1).
    if (n_ == 0) {
      Fail(S::k1_2, Reason::kVerifyEmpty, "the record holds no entry");
      return false;
    }
    if (!ScanEntries()) return false;
    return FinalHeadCoversEntries(head) && OneElection(head) && EntriesSigned() &&
           EarlierHeadsArePrefixes(head) && BoardKeyOfManifest(head);
  }

  // 1.1
  bool FinalHeadSigned(const v1::SignedTreeHead& head) {
    if (absl::Status s = VerifyTreeHeadSignature(head); !s.ok()) {
      Fail(S::k1_1, s);
      return false;
    }
    Ok(S::k1_1,
       Text{Cat("board key ", report_.board_key), Cat("clé du tableau ", report_.board_key)});
    return true;
  }

  // The pass over the entries for 1.2–1.5, and the bookkeeping later steps need without
  // holding the entries: each entry's kind, the non-ballot entries 4.5–12.1 recompute from,
  // and each credential's last BALLOT (9.1). Payloads are only kept here, never parsed.
  bool ScanEntries() {
    std::map<uint64_t, Digest32> prefix_roots;  // tree sizes of the earlier heads
    for (size_t h = 0; h + 1 < heads_.size(); ++h) prefix_roots[heads_[h].tree_size()];
    if (prefix_roots.contains(0)) prefix_roots[0] = EmptyTreeHash();
    MerkleFrontier tree;
    std::vector<Digest32> leaves;
    std::vector<absl::Status> sig;
    kinds_.reserve(n_);
    const bool read = ForChunks(0, n_, [&](uint64_t begin, std::span<const v1::Entry> chunk) {
      if (begin == 0) {
        first_ = chunk[0];
        id_ = ComputeElectionId(AsBytes(first_.payload()));
      }
      leaves.assign(chunk.size(), {});
      sig.assign(chunk.size(), absl::OkStatus());
      if (!known_keys_) {
        for (const v1::Entry& e : chunk) {
          if (e.kind() == v1::ROLL) {
            known_keys_ = RollKeys(e);
            break;
          }
        }
      }
      ParallelFor(chunk.size(), threads_, [&](size_t i) {
        leaves[i] = EntryLeafHash(chunk[i]);
        sig[i] = VerifyEntrySignature(chunk[i], known_keys_.get());
      });
      for (size_t k = 0; k < chunk.size(); ++k) {
        const uint64_t i = begin + k;
        const v1::Entry& e = chunk[k];
        tree.Append(leaves[k]);
        if (auto it = prefix_roots.find(tree.Size()); it != prefix_roots.end()) {
          it->second = tree.Root();
        }
        if (e.election_id() != Str(id_)) foreign_.push_back(i);
        if (!sig[k].ok()) {
          if (bad_signatures_.empty()) first_bad_signature_ = sig[k];
          bad_signatures_.push_back(i);
        }
        kinds_.push_back(static_cast<uint8_t>(e.kind()));
        if (e.kind() == v1::BALLOT || e.kind() == v1::AUDIT) ++ballots_and_audits_;
        switch (e.kind()) {
          case v1::BALLOT:
            if (e.author().size() == 32) last_ballot_[KeyOf(e.author())] = i;
            break;
          case v1::CREDENTIAL_REPLACEMENT:
          case v1::TRUSTEE_COMMITMENT:
          case v1::SEALED_SHARES:
          case v1::SHARE_VERDICT:
          case v1::SHARE_REVEAL:
          case v1::PARTIAL_DECRYPTION:
          case v1::RESULT:
            kept_.emplace_back(i, e);
            break;
          default:
            break;
        }
      }
      return true;
    });
    if (!read) return false;
    root_ = tree.Root();
    prefix_roots_ = std::move(prefix_roots);
    return true;
  }

  // The valid keys of the (first) ROLL entry's credentials, checked on all cores, once: its
  // credentials' entries (1.4) and the replay's roll check (5.x) then skip their point checks.
  // A key's validity depends on its bytes alone, so the roll need not be authenticated yet;
  // a roll that does not parse gives none (the replay reports it).
  std::shared_ptr<const KnownKeys> RollKeys(const v1::Entry& e) const {
    v1::Roll roll;
    if (!ParseStrict(e.payload(), roll).ok())
      return std::make_shared<const KnownKeys>(std::vector<PublicKey>{});
    std::vector<std::optional<PublicKey>> parsed(roll.credentials_size());
    ParallelFor(parsed.size(), threads_, [&](size_t i) {
      auto key = ParsePublicKey(AsBytes(roll.credentials(static_cast<int>(i))));
      if (key.ok()) parsed[i] = *key;
    });
    std::vector<PublicKey> keys;
    keys.reserve(parsed.size());
    for (const auto& key : parsed) {
      if (key) keys.push_back(*key);
    }
    return std::make_shared<const KnownKeys>(std::move(keys));
  }

  // 1.2
  bool FinalHeadCoversEntries(const v1::SignedTreeHead& head) {
    if (head.tree_size() != n_) {
      Fail(
          S::k1_2, Reason::kVerifyTreeSize,
          Cat("the signed tree head covers ", head.tree_size(), " entries; the record holds ", n_));
      return false;
    }
    if (head.root_hash() != Str(root_)) {
      Fail(S::k1_2, Reason::kVerifyRootMismatch,
           "the Merkle root of the record's entries is not the signed root: entries were "
           "changed, added, removed or reordered");
      return false;
    }
    Ok(S::k1_2, Text{Cat(n_, " entries"), Cat(n_, " entrées")});
    return true;
  }

  // 1.3
  bool OneElection(const v1::SignedTreeHead& head) {
    report_.election_id = ToHex(id_);
    if (head.election_id() != Str(id_)) {
      Fail(S::k1_3, Reason::kVerifyTreeHeadElection,
           "the signed tree head is for another election than the record's manifest");
      return false;
    }
    if (!foreign_.empty()) {
      Fail(S::k1_3, Reason::kEntryWrongElection, "entries of another election are in the log",
           foreign_);
      return false;
    }
    Ok(S::k1_3, Text{Cat("election ", report_.election_id), Cat("scrutin ", report_.election_id)});
    return true;
  }

  // 1.4
  bool EntriesSigned() {
    if (!bad_signatures_.empty()) {
      Fail(S::k1_4, ReasonOf(first_bad_signature_),
           Cat("entry ", bad_signatures_[0], ": ", std::string(first_bad_signature_.message())),
           bad_signatures_);
      return false;
    }
    Ok(S::k1_4);
    return true;
  }

  // 1.5
  bool EarlierHeadsArePrefixes(const v1::SignedTreeHead& head) {
    for (size_t h = 0; h + 1 < heads_.size(); ++h) {
      const auto& old = heads_[h];
      absl::Status s = VerifyTreeHeadSignature(old);
      if (s.ok() && old.board_key() != head.board_key()) {
        s = Invalid(ReasonName(Reason::kVerifyBoardKey),
                    "signed by another board key than the final head");
      }
      if (s.ok() && old.election_id() != Str(id_)) {
        s = Invalid(ReasonName(Reason::kVerifyTreeHeadElection), "for another election");
      }
      if (s.ok()) {
        // A size beyond the record has no root here: the board showed a longer log.
        auto root = prefix_roots_.find(old.tree_size());
        if (old.tree_size() > n_ || root == prefix_roots_.end() ||
            Str(root->second) != old.root_hash()) {
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
    Ok(S::k1_5, Text{Cat(heads_.size(), " tree head(s)"), Cat(heads_.size(), " tête(s) d'arbre")});
    return true;
  }

  // 1.6: entry 0 is authentic (1.3, 1.4); the board key it names is the only one that may
  // sign this election's heads. A manifest that does not parse is left to step 2.2.
  bool BoardKeyOfManifest(const v1::SignedTreeHead& head) {
    v1::Manifest manifest;
    if (ParseStrict(first_.payload(), manifest).ok()) {
      if (absl::Status s = VerifyTreeHead(head, manifest.board_key()); !s.ok()) {
        Fail(S::k1_6, s);
        return false;
      }
      Ok(S::k1_6, Text{Cat("the manifest's board key ", Hex(manifest.board_key())),
                       Cat("la clé de tableau du manifeste ", Hex(manifest.board_key()))});
    }
    return true;
  }
  // The entries a replay failure at `index` names: the earlier ones its reason is about
  // (verifier/reasons.def), then `index`. Reads the entries before it again.
  std::vector<uint64_t> Related(uint64_t index, const v1::Entry& e, std::string_view reason) {
    std::vector<uint64_t> out;
    const std::optional<Reason> typed = ParseReason(reason);
    // Calls fn(j, entry) for every entry before `index`.
    auto earlier = [&](auto fn) {
      ForChunks(0, index, [&](uint64_t begin, std::span<const v1::Entry> chunk) {
        for (size_t k = 0; k < chunk.size(); ++k) fn(begin + k, chunk[k]);
        return true;
      });
    };
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
        if (code) {
          earlier([&](uint64_t j, const v1::Entry& x) {
            if (code_of(x) == code) out.push_back(j);
          });
        }
        break;
      }
      case Names::kSameAlpha: {
        // The earlier ballots and audits holding one of this entry's alphas.
        std::set<AlphaRegistry::Key> mine = AlphasOf(e);
        earlier([&](uint64_t j, const v1::Entry& x) {
          for (const auto& k : AlphasOf(x)) {
            if (mine.contains(k)) {
              out.push_back(j);
              break;
            }
          }
        });
        break;
      }
      case Names::kRevokedBy: {
        std::string credential = e.author();
        v1::CredentialReplacement r;
        if (e.kind() == v1::CREDENTIAL_REPLACEMENT && ParseStrict(e.payload(), r).ok()) {
          credential = r.revoked();
        }
        earlier([&](uint64_t j, const v1::Entry& x) {
          if (x.kind() == v1::CREDENTIAL_REPLACEMENT && ParseStrict(x.payload(), r).ok() &&
              r.revoked() == credential) {
            out.push_back(j);
          }
        });
        break;
      }
      case Names::kSameAuthor:
        earlier([&](uint64_t j, const v1::Entry& x) {
          if (x.kind() == e.kind() && x.author() == e.author()) out.push_back(j);
        });
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

  // 9.1's selection, from the authenticated entries (after 1.x, before the replay): a
  // credential's counted ballot is its last BALLOT, and none if a CREDENTIAL_REPLACEMENT
  // revoked it. It is the rule of 6.4 and 5.2 for any log the replay accepts, where a
  // revoked credential posted nothing after its replacement and, under SINGLE_BALLOT, a
  // credential posted one ballot (9.1 runs only after a complete replay).
  void SelectCountedBallots() {
    std::set<std::string> revoked;
    for (const auto& [i, e] : kept_) {
      v1::CredentialReplacement r;
      if (e.kind() == v1::CREDENTIAL_REPLACEMENT && ParseStrict(e.payload(), r).ok()) {
        revoked.insert(r.revoked());
      }
    }
    counted_.assign(n_, false);
    for (const auto& [credential, i] : last_ballot_) {
      if (revoked.contains(std::string(credential.begin(), credential.end()))) continue;
      counted_[i] = true;
      ++counted_ballots_;
    }
    absl::flat_hash_map<CredentialKey, uint64_t>().swap(last_ballot_);
  }

  // 2–8 and 10.1: every entry through the election state machine (the kReplayed steps), a
  // chunk at a time. The state skips the signatures 1.4 verified, reads a superseded or
  // revoked counted ballot back from the record instead of keeping every counted ballot's
  // ciphertexts, and hands each verified ballot to 9.1's running tally.
  bool ReplayEntries() {
    SelectCountedBallots();
    auto begun = ElectionState::Begin(first_);
    absl::Status status = begun.status();
    absl::Status reader_status = absl::OkStatus();
    if (begun.ok()) {
      state_ = std::move(*begun);
      state_->SetSignaturesVerified();
      if (known_keys_) state_->SetKnownKeys(std::move(known_keys_));
      state_->ReserveBallots(ballots_and_audits_);
      state_->SetEntryReader([&](uint64_t index) -> absl::StatusOr<v1::Entry> {
        std::vector<v1::Entry> buffer;
        auto one = source_.Read(index, 1, buffer);
        if (!one.ok()) {
          reader_status = one.status();
          return one.status();
        }
        return (*one)[0];
      });
      for (const auto& q : state_->manifest().questions()) {
        tally_.emplace_back(q.options_size(), IdentityCiphertext(state_->group()));
      }
      // 9.1: the counted ballots' ciphertexts as the replay verifies them.
      BallotVerified sum = [&](uint64_t index, const VerifiedBallot& ballot) {
        if (index >= counted_.size() || !counted_[index]) return;
        for (size_t q = 0; q < tally_.size() && q < ballot.ciphertexts.size(); ++q) {
          for (size_t o = 0; o < tally_[q].size() && o < ballot.ciphertexts[q].size(); ++o) {
            tally_[q][o] = Add(tally_[q][o], ballot.ciphertexts[q][o]);
          }
        }
        ++summed_ballots_;
      };
      ForChunks(1, n_, [&](uint64_t begin, std::span<const v1::Entry> chunk) {
        for (const auto& e : chunk) {
          v1::Roll roll;
          if (e.kind() == v1::ROLL && !registered_ && ParseStrict(e.payload(), roll).ok()) {
            registered_ = roll.credentials_size();
          }
        }
        ReplayProgress progress;
        if (options_.progress) {
          progress = [&](uint64_t done, uint64_t) { options_.progress(begin + done, n_); };
        }
        status = ReplayInto(*state_, chunk, threads_, progress, sum);
        return status.ok();
      });
    }
    if (!reader_status.ok()) unusable_ = reader_status;
    if (!unusable_.ok()) return false;
    report_.phase = state_ ? PhaseName(state_->phase()) : "SETUP";
    if (state_) {
      report_.title = TextOf(state_->manifest().title());
      report_.title_fr = FrenchOf(state_->manifest().title());
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
    std::optional<v1::Entry> failed = EntryAt(index);
    if (!failed) return false;
    const v1::Entry& e = *failed;
    std::string reason = ReasonOf(status);
    bool tallied = state_ && state_->phase() == v1::TALLIED;
    StepId step = StepForReplayError(index, e.kind(), reason, tallied);
    // ReplayInto's messages already start with "entry N (KIND): "; Begin's do not.
    std::string message(status.message());
    if (!state_) message = Cat("entry 0 (", v1::EntryKind_Name(e.kind()), "): ", message);
    std::vector<uint64_t> related = Related(index, e, reason);
    if (!unusable_.ok()) return false;
    Fail(step, reason, message, std::move(related));
    // Replayed steps whose entries all lie before the failure passed.
    for (const auto& info : VerificationSteps()) {
      if (info.check != StepCheck::kReplayed || info.id == step) continue;
      bool all_before = true;
      for (uint64_t j = index; j < kinds_.size() && all_before; ++j) {
        all_before = std::find(info.kinds.begin(), info.kinds.end(),
                               static_cast<v1::EntryKind>(kinds_[j])) == info.kinds.end();
      }
      if (all_before) Ok(info.id);
    }
    return false;
  }

  // Step 5.2's note: how many credentials were replaced, and when (the authority's times).
  Text ReplacementsNote() const {
    if (report_.replacements.empty()) return Text{"no credential replaced", "aucun code remplacé"};
    Text out{Cat(report_.replacements.size(), " credential(s) replaced:"),
             Cat(report_.replacements.size(), " code(s) remplacé(s) :")};
    for (const auto& r : report_.replacements) {
      const std::string& tz = state_->manifest().time_zone();
      const std::string when =
          Cat(cli::UnixToLocal(r.replaced_at, tz), " ", tz.empty() ? "UTC" : tz);
      out.en += Cat(" entry ", r.entry, " at ", when,
                    r.revoked_ballot_counted ? " (its ballot stopped counting)" : "", ";");
      out.fr += Cat(" entrée ", r.entry, " le ", when,
                    r.revoked_ballot_counted ? " (son bulletin a cessé de compter)" : "", " ;");
    }
    out.en.pop_back();
    out.fr.resize(out.fr.size() - 2);
    return out;
  }

  // The payloads of one kind among the entries kept by ScanEntries, with their indexes.
  template <typename M>
  std::vector<std::pair<uint64_t, M>> PayloadsOf(v1::EntryKind kind) {
    std::vector<std::pair<uint64_t, M>> out;
    for (const auto& [i, e] : kept_) {
      if (e.kind() != kind) continue;
      M m;
      if (ParseStrict(e.payload(), m).ok()) out.emplace_back(i, std::move(m));
    }
    return out;
  }

  // 4. Key ceremony, 4.5 recomputed: qualified dealers, joint key, verification keys.
  bool KeyCeremony() {
    const Group& group = state_->group();
    const auto n = static_cast<uint32_t>(state_->manifest().trustees_size());
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
    std::set<std::pair<uint32_t, uint32_t>> complaints;
    std::set<std::pair<uint32_t, uint32_t>> reveals;
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
      if (dealt_shares.contains(d)) qualified.insert(d);
    }
    for (const auto& c : complaints) {
      if (!reveals.contains(c)) qualified.erase(c.first);
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
    const std::string joint = ToHex(group.Encode(*k)).substr(0, 16);
    Ok(S::k4_5, Text{Cat("qualified dealers: ", q, "; joint key ", joint, "…"),
                     Cat("garants qualifiés : ", q, " ; clé commune ", joint, "…")});
    return true;
  }

  // 9. The encrypted tally: the product of the counted ballots' ciphertexts, summed during
  // the replay (SelectCountedBallots, ReplayEntries), against the state machine's.
  bool EncryptedTally() {
    uint64_t counted = 0;
    if (state_->phase() >= v1::VOTING) {
      counted = counted_ballots_;
      bool same =
          summed_ballots_ == counted_ballots_ && tally_.size() == state_->encrypted_tally().size();
      for (size_t q = 0; same && q < tally_.size(); ++q) {
        same = tally_[q].size() == state_->encrypted_tally()[q].size();
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
      Ok(S::k9_1, Text{Cat(counted, " ballots counted"), Cat(counted, " bulletins comptés")});
    }
    report_.ballots_counted = counted;
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
      if (!vk_.contains(j) || pd.questions_size() != static_cast<int>(tally_.size())) {
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
    Ok(S::k10_2, Text{Cat(shares_.size(), " partial decryption(s)"),
                      Cat(shares_.size(), " déchiffrement(s) partiel(s)")});
    return true;
  }

  // 11. Result: the counts (11.1 totals, 11.2 Lagrange combination, 11.3 counts by discrete
  // logarithm). Nothing to check before a RESULT is posted.
  bool ResultCounts() {
    report_.registered = registered_;
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
      subset_ok = shares_.contains(subset[k]) && (k == 0 || subset[k - 1] < subset[k]);
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
        factors.reserve(subset.size());
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
      QuestionTally qt{question.id(), TextOf(question.title()), {}, counts_[q], {}, {}};
      qt.title_fr = FrenchOf(question.title());
      for (const auto& o : question.options()) {
        std::string label = TextOf(o.label());
        qt.option_labels.push_back(label.empty() ? o.id() : label);
        std::string label_fr = FrenchOf(o.label());
        qt.option_labels_fr.push_back(label_fr.empty() ? o.id() : label_fr);
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
      Ok(S::k13_1, Text{Cat("not finished: phase ", PhaseName(phase), " (allowed)"),
                        Cat("pas fini : phase ", PhaseName(phase), " (admis)")});
    } else {
      Fail(S::k13_1, Reason::kVerifyIncomplete,
           Cat("not finished: phase ", PhaseName(phase),
               "; the record ends before the RESULT (use --allow-incomplete to check a "
               "running election)"),
           {n_ - 1});
    }
  }

  const RecordSource& source_;
  const std::vector<v1::SignedTreeHead>& heads_;
  const uint64_t n_;  // entries
  VerifyOptions options_;
  unsigned threads_;
  VerifyReport report_;
  absl::Status unusable_ = absl::OkStatus();  // the record could not be read
  // Gathered by ScanEntries (group 1).
  v1::Entry first_;  // entry 0
  Digest32 root_{};
  std::map<uint64_t, Digest32> prefix_roots_;  // earlier heads' sizes → MTH of that prefix
  std::vector<uint64_t> foreign_;              // 1.3
  std::vector<uint64_t> bad_signatures_;       // 1.4
  absl::Status first_bad_signature_ = absl::OkStatus();
  std::vector<uint8_t> kinds_;                        // every entry's kind
  std::shared_ptr<const KnownKeys> known_keys_;       // the roll's valid keys (RollKeys)
  std::vector<std::pair<uint64_t, v1::Entry>> kept_;  // ceremony, replacements, decryptions, result
  absl::flat_hash_map<CredentialKey, uint64_t> last_ballot_;  // until SelectCountedBallots
  // 9.1's counted ballots (by entry index), their number, and how many the replay summed.
  std::vector<bool> counted_;
  uint64_t counted_ballots_ = 0;
  uint64_t summed_ballots_ = 0;
  uint64_t registered_ = 0;  // the first ROLL's length
  uint64_t ballots_and_audits_ = 0;
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
  // An in-memory record is always readable.
  return *Verifier(RecordView(record), options).Run();
}

absl::StatusOr<VerifyReport> VerifyRecordSource(const RecordSource& source,
                                                const VerifyOptions& options) {
  return Verifier(source, options).Run();
}

}  // namespace urne::verifier

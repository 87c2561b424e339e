#include "trustee-tools/trustee_commands.h"

#include <sodium.h>

#include <cctype>
#include <chrono>
#include <iostream>
#include <thread>
#include <vector>

#include "board-client/client.h"
#include "board-client/follow.h"
#include "cli/cli.h"
#include "cli/follow_command.h"
#include "cli/json.h"
#include "cli/reasons.h"
#include "election/entry.h"
#include "election/trustee_steps.h"
#include "status/status.h"
#include "trustee-tools/trustee_key_file.h"

namespace urne::trustee_tools {
namespace {

// What the next ceremony step did (or, in a dry run, would do).
struct Outcome {
  enum Kind { kActed, kWaiting, kDone } kind;
  Text message;  // in English and French
};

// A text in the language of --lang ("fr" or "en").
const std::string& In(const std::string& lang, const Text& text) {
  return lang == "fr" ? text.fr : text.en;
}

std::string List(const std::vector<uint32_t>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += Cat(i ? ", " : "", v[i]);
  return s;
}

absl::StatusOr<TrusteeKeyFile> OpenKeys(const BoardOptions& o) {
  URNE_ASSIGN_OR_RETURN(SecretBytes pass,
                        cli::ReadPassphrase(o.passphrase_file, "Key file passphrase: ", false));
  return TrusteeKeyFile::Open(o.key, std::move(pass));
}

absl::StatusOr<uint32_t> IndexOf(const v1::Manifest& manifest, const SigningKey& key) {
  PublicKey pk = key.public_key();
  for (int i = 0; i < manifest.trustees_size(); ++i) {
    if (AsBytes(manifest.trustees(i).signing_key()).size() == kPublicKeyBytes &&
        std::equal(pk.bytes.begin(), pk.bytes.end(),
                   AsBytes(manifest.trustees(i).signing_key()).begin())) {
      return static_cast<uint32_t>(i + 1);
    }
  }
  return Invalid("trustee.not_in_roster",
                 "this key file's signing key is not in the election's trustee roster; check "
                 "--key and --election");
}

// One trustee's view of one election: board, key file, replayed state.
class Session {
 public:
  // With `checkpoint`, the state after CLOSE is resumed from it (board-client/follow.h
  // SyncAfterClose) instead of replaying every ballot.
  static absl::StatusOr<Session> Start(const BoardOptions& o,
                                       std::optional<TallyCheckpoint> checkpoint = std::nullopt) {
    URNE_ASSIGN_OR_RETURN(ElectionId id, ParseElectionId(o.election));
    URNE_ASSIGN_OR_RETURN(TrusteeKeyFile keys, OpenKeys(o));
    if (!o.board) return Invalid("usage.board", "give the board's address with --board");
    Session s(*o.board, id, std::move(keys));
    s.checkpoint_ = std::move(checkpoint);
    URNE_RETURN_IF_ERROR(s.Refresh());
    return s;
  }
  absl::Status Refresh() {
    URNE_ASSIGN_OR_RETURN(SyncedElection synced, checkpoint_
                                                     ? SyncAfterClose(*client_, *checkpoint_)
                                                     : client_->Sync(id_));
    state_ = std::move(synced.state);
    URNE_ASSIGN_OR_RETURN(me_, IndexOf(state_->manifest(), keys_.signing_key()));
    return absl::OkStatus();
  }
  absl::StatusOr<uint64_t> Post(v1::EntryKind kind, const google::protobuf::Message& payload) {
    v1::Entry entry = MakeEntry(id_, kind, Serialize(payload), keys_.signing_key());
    URNE_ASSIGN_OR_RETURN(v1::Receipt receipt, client_->Post(entry));
    return receipt.index();
  }
  const ElectionState& state() const { return *state_; }
  uint32_t me() const { return me_; }
  TrusteeKeyFile& keys() { return keys_; }
  v1::TrusteeElection* record() { return keys_.Find(id_); }
  v1::TrusteeElection& record_or_add() { return keys_.FindOrAdd(id_, me_); }

 private:
  Session(const BoardEndpoint& board, const ElectionId& id, TrusteeKeyFile keys)
      : client_(std::make_unique<BoardClient>(board)), id_(id), keys_(std::move(keys)) {}
  std::unique_ptr<BoardClient> client_;
  ElectionId id_;
  TrusteeKeyFile keys_;
  std::unique_ptr<ElectionState> state_;
  uint32_t me_ = 0;
  std::optional<TallyCheckpoint> checkpoint_;
};

absl::StatusOr<Polynomial> RestorePolynomial(const Group& group, const v1::TrusteeElection& r) {
  std::vector<SecretScalar> coefficients;
  for (const auto& c : r.coefficients()) {
    absl::StatusOr<Scalar> a = group.DecodeScalar(AsBytes(c));
    if (!a.ok()) return WithContext(a.status(), "key file polynomial: ");
    coefficients.emplace_back(std::move(*a));
  }
  return Polynomial(std::move(coefficients));
}

absl::StatusOr<std::map<uint32_t, SecretScalar>> RestoreReceived(const Group& group,
                                                                 const v1::TrusteeElection& r) {
  std::map<uint32_t, SecretScalar> out;
  for (const auto& s : r.received()) {
    absl::StatusOr<Scalar> v = group.DecodeScalar(AsBytes(s.share()));
    if (!v.ok()) return WithContext(v.status(), "key file received share: ");
    out.emplace(s.dealer_index(), SecretScalar(*v));
  }
  return out;
}

void SetBytes(std::string* field, const Bytes& b) { field->assign(b.begin(), b.end()); }

// Testing fault: replaces the share sealed to `victim` by a seal of f(victim) + 1.
absl::Status SealWrongShare(const v1::Manifest& manifest, const Polynomial& polynomial,
                            uint32_t victim, v1::SealedShares& shares) {
  const Group& group = polynomial.group();
  for (auto& s : *shares.mutable_shares()) {
    if (s.recipient_index() != victim) continue;
    Scalar wrong = group.Add(polynomial.Share(victim).value(), group.ScalarFromU64(1));
    Bytes plain = group.Encode(wrong);
    const std::string& box = manifest.trustees(static_cast<int>(victim - 1)).box_key();
    absl::StatusOr<Bytes> sealed = SealToBoxKey(plain, AsBytes(box));
    if (!sealed.ok()) {
      return Invalid("trustee.seal_failed", "cannot seal the (testing) wrong share");
    }
    SetBytes(s.mutable_sealed(), *sealed);
    return absl::OkStatus();
  }
  return Invalid("trustee.bad_fault", Cat("no trustee ", victim, " to send a bad share to"));
}

// What keeps the ceremony from being final, for people.
Text WhyNotFinal(const ElectionState& state) {
  const urne::Ceremony& c = state.ceremony();
  auto n = static_cast<uint32_t>(state.manifest().trustees_size());
  std::vector<uint32_t> no_commit;
  std::vector<uint32_t> no_shares;
  std::vector<uint32_t> no_verdict;
  std::string unanswered;
  for (uint32_t i = 1; i <= n; ++i) {
    if (!c.commitments(i)) no_commit.push_back(i);
    if (!c.sealed_shares(i)) no_shares.push_back(i);
    const std::vector<uint32_t>* complaints = c.complaints(i);
    if (!complaints) {
      no_verdict.push_back(i);
      continue;
    }
    for (uint32_t d : *complaints) {
      if (!c.revealed(d, i)) unanswered += Cat(unanswered.empty() ? "" : ", ", d, "→", i);
    }
  }
  if (!no_commit.empty()) {
    return Text{Cat("commitments from trustees ", List(no_commit)),
                Cat("les engagements des garants ", List(no_commit))};
  }
  if (!no_shares.empty()) {
    return Text{Cat("sealed shares from trustees ", List(no_shares)),
                Cat("les parts scellées des garants ", List(no_shares))};
  }
  if (!no_verdict.empty()) {
    return Text{Cat("verdicts from trustees ", List(no_verdict)),
                Cat("les verdicts des garants ", List(no_verdict))};
  }
  return Text{Cat("answers to complaints (dealer→complainer: ", unanswered,
                  "), or the authority's OPEN, which excludes dealers that did not answer"),
              Cat("les réponses aux réclamations (émetteur→plaignant : ", unanswered,
                  "), ou l'ouverture par l'autorité, qui exclut les émetteurs qui n'ont pas "
                  "répondu")};
}

// The ceremony's next step for this trustee. With `act` false nothing is posted or stored
// and the message says what would be done.
absl::StatusOr<Outcome> NextStep(Session& s, const Faults& faults, bool act) {
  const ElectionState& state = s.state();
  const urne::Ceremony& ceremony = state.ceremony();
  const Group& group = state.group();
  const uint32_t me = s.me();
  const auto n = static_cast<uint32_t>(state.manifest().trustees_size());
  v1::TrusteeElection* rec = s.record();
  if (rec && rec->step() == v1::SHARE_AGGREGATED) {
    return Outcome{Outcome::kDone,
                   Text{"nothing to do: this trustee's ceremony part is complete (aggregate "
                        "share stored in the key file)",
                        "rien à faire : la part de ce garant dans la cérémonie est terminée (part "
                        "agrégée gardée dans le fichier de clé)"}};
  }
  bool ceremony_open = state.phase() == v1::SETUP || state.phase() == v1::KEY_CEREMONY;
  // 1. The polynomial, generated once and stored before anything is posted.
  if (rec == nullptr || rec->coefficients().empty()) {
    if (ceremony.commitments(me) != nullptr) {
      return Error(absl::StatusCode::kFailedPrecondition, "trustee.lost_polynomial",
                   Cat("the board has trustee ", me,
                       "'s commitments but this key file has no polynomial for the election; "
                       "use the key file that ran the ceremony"));
    }
    if (!ceremony_open) {
      return Error(absl::StatusCode::kFailedPrecondition, "phase.wrong",
                   Cat("the key ceremony is over (phase ", PhaseName(state.phase()),
                       ") and this trustee never took part"));
    }
    if (!act) {
      return Outcome{Outcome::kActed, Text{"generate the polynomial and post commitments",
                                           "générer le polynôme et publier les engagements"}};
    }
    Polynomial p = Polynomial::Random(group, state.manifest().threshold());
    v1::TrusteeElection& r = s.record_or_add();
    r.clear_coefficients();
    for (size_t k = 0; k < p.threshold(); ++k) {
      SetBytes(r.add_coefficients(), group.Encode(p.coefficient(k).value()));
    }
    r.set_step(v1::POLYNOMIAL_STORED);
    URNE_RETURN_IF_ERROR(s.keys().Save());
    rec = &r;
  }
  URNE_ASSIGN_OR_RETURN(Polynomial polynomial, RestorePolynomial(group, *rec));
  // 2. Commitments with Schnorr proofs.
  if (ceremony.commitments(me) == nullptr) {
    if (!act) return Outcome{Outcome::kActed, Text{"post commitments", "publier les engagements"}};
    URNE_ASSIGN_OR_RETURN(
        uint64_t at, s.Post(v1::TRUSTEE_COMMITMENT, MakeCommitment(state.id(), me, polynomial)));
    return Outcome{Outcome::kActed, Text{Cat("posted commitments (entry ", at, ")"),
                                         Cat("engagements publiés (entrée ", at, ")")}};
  }
  // 3. Shares sealed to every other trustee.
  if (ceremony.sealed_shares(me) == nullptr) {
    if (!act) {
      return Outcome{Outcome::kActed, Text{"post sealed shares", "publier les parts scellées"}};
    }
    URNE_ASSIGN_OR_RETURN(v1::SealedShares shares,
                          MakeSealedShares(state.manifest(), me, polynomial));
    if (faults.bad_share_to != 0) {
      URNE_RETURN_IF_ERROR(
          SealWrongShare(state.manifest(), polynomial, faults.bad_share_to, shares));
    }
    URNE_ASSIGN_OR_RETURN(uint64_t at, s.Post(v1::SEALED_SHARES, shares));
    const std::string fault = faults.bad_share_to ? Cat(" [testing fault: wrong share to trustee ",
                                                        faults.bad_share_to, "]")
                                                  : "";
    return Outcome{Outcome::kActed, Text{Cat("posted sealed shares (entry ", at, ")", fault),
                                         Cat("parts scellées publiées (entrée ", at, ")", fault)}};
  }
  // 4. Open and check the shares addressed to me; store them; post the verdict. (Once an
  // OPEN at the deadline finalized the ceremony without my verdict, step 6 opens them.)
  if (ceremony.complaints(me) == nullptr && !ceremony.finalized()) {
    for (uint32_t i = 1; i <= n; ++i) {
      if (!ceremony.commitments(i) || !ceremony.sealed_shares(i)) {
        const Text why = WhyNotFinal(state);
        return Outcome{Outcome::kWaiting,
                       Text{Cat("waiting for ", why.en), Cat("en attente : ", why.fr)}};
      }
    }
    if (!act) {
      return Outcome{Outcome::kActed, Text{"check the received shares and post the verdict",
                                           "vérifier les parts reçues et publier le verdict"}};
    }
    URNE_ASSIGN_OR_RETURN(ReceivedShares received, OpenShares(state, me, s.keys().box()));
    rec->clear_received();
    for (const auto& [dealer, share] : received.shares) {
      v1::ReceivedShare* r = rec->add_received();
      r->set_dealer_index(dealer);
      SetBytes(r->mutable_share(), group.Encode(share.value()));
    }
    rec->clear_complaints();
    for (uint32_t d : received.complaints) rec->add_complaints(d);
    rec->set_step(v1::SHARES_RECEIVED);
    URNE_RETURN_IF_ERROR(s.keys().Save());
    URNE_ASSIGN_OR_RETURN(uint64_t at,
                          s.Post(v1::SHARE_VERDICT, MakeVerdict(me, received.complaints)));
    return Outcome{
        Outcome::kActed,
        received.complaints.empty()
            ? Text{Cat("all shares valid; posted acceptance (entry ", at, ")"),
                   Cat("toutes les parts sont valables ; acceptation publiée (entrée ", at, ")")}
            : Text{Cat("posted complaints against trustees ", List(received.complaints), " (entry ",
                       at, ")"),
                   Cat("réclamations publiées contre les garants ", List(received.complaints),
                       " (entrée ", at, ")")}};
  }
  // 5. Answer complaints against me with the share in clear.
  if (ceremony_open) {
    for (uint32_t r = 1; r <= n; ++r) {
      const std::vector<uint32_t>* complaints = ceremony.complaints(r);
      if (!complaints || ceremony.revealed(me, r)) continue;
      if (std::find(complaints->begin(), complaints->end(), me) == complaints->end()) continue;
      if (faults.no_reveal) continue;
      if (!act) {
        return Outcome{Outcome::kActed, Text{Cat("answer trustee ", r, "'s complaint"),
                                             Cat("répondre à la réclamation du garant ", r)}};
      }
      URNE_ASSIGN_OR_RETURN(uint64_t at, s.Post(v1::SHARE_REVEAL, MakeReveal(me, r, polynomial)));
      return Outcome{Outcome::kActed, Text{Cat("answered trustee ", r,
                                               "'s complaint: revealed its share (entry ", at, ")"),
                                           Cat("réponse à la réclamation du garant ", r,
                                               " : sa part est révélée (entrée ", at, ")")}};
    }
  }
  // 6. Once the ceremony is final: the aggregate share.
  if (!ceremony.finalized()) {
    const Text why = WhyNotFinal(state);
    return Outcome{Outcome::kWaiting,
                   Text{Cat("waiting for ", why.en), Cat("en attente : ", why.fr)}};
  }
  if (!act) {
    return Outcome{Outcome::kActed, Text{"compute and store the aggregate share",
                                         "calculer et garder la part agrégée"}};
  }
  if (ceremony.complaints(me) == nullptr) {
    // The vote opened at the ceremony deadline before this trustee could post a verdict
    // (specs/ceremony.md §3): open the qualified dealers' shares now. No complaint can be
    // posted any more, so a bad share means this trustee cannot decrypt.
    URNE_ASSIGN_OR_RETURN(ReceivedShares late,
                          OpenShares(state, me, s.keys().box(), &ceremony.qualified()));
    if (!late.complaints.empty()) {
      return Error(absl::StatusCode::kFailedPrecondition, "trustee.bad_share",
                   Cat("the shares of trustees ", List(late.complaints),
                       " do not match their commitments, and the ceremony closed at its "
                       "deadline before a complaint could be posted: this trustee cannot "
                       "decrypt (specs/ceremony.md §3); the others can"));
    }
    rec->clear_received();
    for (const auto& [dealer, share] : late.shares) {
      v1::ReceivedShare* r = rec->add_received();
      r->set_dealer_index(dealer);
      SetBytes(r->mutable_share(), group.Encode(share.value()));
    }
    rec->set_step(v1::SHARES_RECEIVED);
  }
  URNE_ASSIGN_OR_RETURN(auto received, RestoreReceived(group, *rec));
  URNE_ASSIGN_OR_RETURN(SecretScalar share, AggregateShare(state, me, polynomial, received));
  SetBytes(rec->mutable_aggregate_share(), group.Encode(share.value()));
  rec->set_step(v1::SHARE_AGGREGATED);
  URNE_RETURN_IF_ERROR(s.keys().Save());
  std::vector<uint32_t> qualified(ceremony.qualified().begin(), ceremony.qualified().end());
  return Outcome{Outcome::kActed,
                 Text{Cat("ceremony final (qualified dealers: ", List(qualified),
                          "); aggregate share stored in the key file"),
                      Cat("cérémonie terminée (garants qualifiés : ", List(qualified),
                          ") ; part agrégée gardée dans le fichier de clé")}};
}

}  // namespace

absl::Status Init(const InitOptions& o, std::ostream& out) {
  if (o.out.empty()) {
    return Invalid("usage.missing", Text{"give the key file path with --out",
                                         "donnez avec --out le chemin du fichier de clé"});
  }
  URNE_ASSIGN_OR_RETURN(
      SecretBytes pass,
      cli::ReadPassphrase(o.passphrase_file, "Passphrase for the new key file: ", true));
  URNE_ASSIGN_OR_RETURN(TrusteeKeyFile file,
                        TrusteeKeyFile::Create(o.out, o.name, std::move(pass)));
  PublicKey pk = file.signing_key().public_key();
  BoxKeyPair box = file.box();
  v1::Trustee roster;
  roster.set_name(o.name);
  roster.set_signing_key(pk.bytes.data(), pk.bytes.size());
  roster.set_box_key(box.public_key.data(), box.public_key.size());
  std::string json = cli::ToJson(roster);
  out << In(o.lang,
            Text{Cat("key file: ", o.out, " (mode 0600, sealed under your passphrase)\n",
                     "signing key: ", ToHex(pk.bytes), "\n", "box key: ", ToHex(box.public_key),
                     "\n", "roster entry for the manifest's \"trustees\" list:\n"),
                 Cat("fichier de clé : ", o.out, " (mode 0600, scellé par votre phrase secrète)\n",
                     "clé de signature : ", ToHex(pk.bytes), "\n",
                     "clé de chiffrement : ", ToHex(box.public_key), "\n",
                     "ligne du garant pour la liste « trustees » du manifeste :\n")})
      << json << "\n";
  return absl::OkStatus();
}

absl::Status Ceremony(const BoardOptions& o, std::ostream& out) {
  URNE_ASSIGN_OR_RETURN(Session s, Session::Start(o));
  out << In(o.lang, Text{Cat("trustee ", s.me(), " (", s.keys().name(), "), election phase ",
                             PhaseName(s.state().phase()), "\n"),
                         Cat("garant ", s.me(), " (", s.keys().name(), "), phase du scrutin ",
                             PhaseName(s.state().phase()), "\n")});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.wait_seconds);
  Text last_wait;
  bool acted = false;
  while (true) {
    URNE_ASSIGN_OR_RETURN(Outcome next, NextStep(s, o.faults, true));
    if (next.kind == Outcome::kDone) {
      if (!acted) out << In(o.lang, next.message) << "\n";
      return absl::OkStatus();
    }
    if (next.kind == Outcome::kActed) {
      out << In(o.lang, next.message) << "\n" << std::flush;
      acted = true;
      if (o.wait_seconds <= 0) return absl::OkStatus();
    } else {
      if (next.message.en != last_wait.en) out << In(o.lang, next.message) << "\n" << std::flush;
      last_wait = next.message;
      if (o.wait_seconds <= 0) return absl::OkStatus();
      if (std::chrono::steady_clock::now() > deadline) {
        return Error(absl::StatusCode::kDeadlineExceeded, "trustee.wait_timeout",
                     Text{Cat("still ", next.message.en, " after ", o.wait_seconds,
                              " s; run the same command again later, it resumes where it stopped"),
                          Cat("toujours ", next.message.fr, " après ", o.wait_seconds,
                              " s ; relancez plus tard la même commande, elle reprend là où elle "
                              "s'est arrêtée")});
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    URNE_RETURN_IF_ERROR(s.Refresh());
  }
}

absl::Status Decrypt(const BoardOptions& o, std::ostream& out) {
  // The root is required: a board can show a trustee a closed fork; only the root the
  // authority announced (`urne-admin close` prints it) ties the decryption to the real log.
  std::string announced = o.close_root;
  for (char& c : announced) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (announced.empty()) {
    return Invalid("usage.close_root",
                   Text{"give the CLOSE root the authority announced with --close-root HEX (the "
                        "\"root\" that `urne-admin close` printed): a trustee decrypts only the "
                        "closed log the authority confirms, never one the board alone shows",
                        "donnez avec --close-root HEX la racine de clôture annoncée par "
                        "l'autorité (la « root » qu'a affichée `urne-admin close`) : un garant "
                        "ne déchiffre que le registre clos que confirme l'autorité, jamais celui "
                        "que montre le seul tableau"});
  }
  if (announced.size() != 64 ||
      announced.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return Invalid("usage.close_root",
                   Text{Cat("--close-root must be 64 hexadecimal digits (a SHA-256 root), not \"",
                            announced.substr(0, 80), "\""),
                        Cat("--close-root doit compter 64 chiffres hexadécimaux (une racine "
                            "SHA-256), pas « ",
                            announced.substr(0, 80), " »")});
  }
  std::optional<TallyCheckpoint> checkpoint;
  if (!o.tally_checkpoint.empty()) {
    // Checked before the passphrase is asked: another election's checkpoint is a usage error.
    URNE_ASSIGN_OR_RETURN(ElectionId id, ParseElectionId(o.election));
    URNE_ASSIGN_OR_RETURN(checkpoint, cli::ReadTallyCheckpoint(o.tally_checkpoint, id));
  }
  URNE_ASSIGN_OR_RETURN(Session s, Session::Start(o, std::move(checkpoint)));
  const ElectionState& state = s.state();
  const uint32_t me = s.me();
  if (state.partials().contains(me)) {
    out << In(o.lang, Text{Cat("nothing to do: trustee ", me,
                               "'s partial decryption is already on the board\n"),
                           Cat("rien à faire : le déchiffrement partiel du garant ", me,
                               " est déjà sur le tableau\n")});
    return absl::OkStatus();
  }
  if (state.phase() == v1::TALLIED) {
    out << In(o.lang, Text{"nothing to do: the result is already published\n",
                           "rien à faire : le résultat est déjà publié\n"});
    return absl::OkStatus();
  }
  if (state.phase() != v1::CLOSED) {
    return Error(absl::StatusCode::kFailedPrecondition, "phase.wrong",
                 Cat("partial decryptions are posted once the vote is CLOSED; the election is ",
                     PhaseName(state.phase())));
  }
  // The one CLOSE this trustee decrypts (signed by the manifest's authority key: the replay
  // checked it). A second closed log of this election means the board, or the authority,
  // showed two logs: stop before anything is decrypted.
  const v1::Close& close = *state.close();
  const std::string root_hex = ToHex(AsBytes(close.root_hash()));
  out << In(o.lang,
            Text{Cat("the vote was closed by the authority's CLOSE over the log of size ",
                     close.tree_size(), ", root ", root_hex,
                     "\ncompare this root with the one the authority announced and the other "
                     "trustees see\n"),
                 Cat("le vote a été clos par la clôture de l'autorité sur le registre de taille ",
                     close.tree_size(), ", racine ", root_hex,
                     "\ncomparez cette racine avec celle annoncée par l'autorité et celle que "
                     "voient les autres garants\n")});
  const v1::TrusteeElection* seen = s.record();
  const bool other_close = seen != nullptr && !seen->decrypted_close_root().empty() &&
                           (seen->decrypted_close_size() != close.tree_size() ||
                            seen->decrypted_close_root() != close.root_hash());
  if (other_close) {
    return Error(
        absl::StatusCode::kAborted, "verify.second_close",
        Cat("this trustee already decrypted another closed log of this election (size ",
            seen->decrypted_close_size(), ", root ", ToHex(AsBytes(seen->decrypted_close_root())),
            "); the board now shows size ", close.tree_size(), ", root ", root_hex,
            ". Two CLOSEs mean the board or the authority showed two logs: nothing was "
            "decrypted. STOP and alert the authority and the other trustees"));
  }
  if (announced != root_hex) {
    return Error(absl::StatusCode::kAborted, "verify.close_root",
                 Cat("the board's CLOSE has root ", root_hex, ", not ", announced,
                     " as announced: nothing was decrypted. STOP and alert the authority"));
  }
  // Too few counted ballots: their tally would reveal how they voted (the board refuses such
  // a partial decryption anyway).
  URNE_RETURN_IF_ERROR(state.CheckSecrecyFloor());
  v1::TrusteeElection* rec = s.record();
  if (rec == nullptr || rec->step() != v1::SHARE_AGGREGATED) {
    // The ceremony is final (the vote was opened): finish this trustee's part first.
    URNE_ASSIGN_OR_RETURN(Outcome step, NextStep(s, {}, true));
    out << In(o.lang, step.message) << "\n";
    rec = s.record();
    if (rec == nullptr || rec->step() != v1::SHARE_AGGREGATED) {
      return Error(absl::StatusCode::kFailedPrecondition, "trustee.no_share",
                   "this key file holds no aggregate share for the election");
    }
  }
  if (rec->decrypted_close_root().empty()) {
    // Stored before anything is posted: from now on this is the only CLOSE it decrypts.
    rec->set_decrypted_close_size(close.tree_size());
    rec->set_decrypted_close_root(close.root_hash());
    URNE_RETURN_IF_ERROR(s.keys().Save());
  }
  URNE_ASSIGN_OR_RETURN(Scalar value, state.group().DecodeScalar(AsBytes(rec->aggregate_share())));
  SecretScalar share(value);  // `value` is wiped when it goes out of scope
  // MakePartialDecryption uses the tally this trustee replayed itself and checks its proofs.
  URNE_ASSIGN_OR_RETURN(v1::PartialDecryption pd, MakePartialDecryption(state, me, share));
  if (o.faults.wrong_decryption) {
    // Testing fault: M·g instead of M for the first option; the proof no longer matches.
    const Group& group = state.group();
    auto* d = pd.mutable_questions(0)->mutable_options(0);
    URNE_ASSIGN_OR_RETURN(Element m, group.DecodeElement(AsBytes(d->share()), Identity::kAllowed));
    SetBytes(d->mutable_share(), group.Encode(group.Mul(m, group.ExpG(group.ScalarFromU64(1)))));
    out << "[testing fault: posting a wrong partial decryption]\n";
  }
  URNE_ASSIGN_OR_RETURN(uint64_t at, s.Post(v1::PARTIAL_DECRYPTION, pd));
  out << In(o.lang,
            Text{Cat("posted trustee ", me, "'s partial decryption (entry ", at, ")\n"),
                 Cat("déchiffrement partiel du garant ", me, " publié (entrée ", at, ")\n")});
  return absl::OkStatus();
}

absl::Status Follow(const BoardOptions& o, std::ostream& out) {
  URNE_ASSIGN_OR_RETURN(ElectionId id, ParseElectionId(o.election));
  if (!o.board) return Invalid("usage.board", "give the board's address with --board");
  BoardClient client(*o.board);
  cli::FollowOptions follow;
  follow.dir = o.follow_dir;
  follow.interval_seconds = o.interval_seconds;
  follow.max_seconds = o.wait_seconds;
  follow.lang = o.lang;
  URNE_ASSIGN_OR_RETURN(std::string path, cli::FollowUntilClosed(client, id, follow, out));
  out << In(o.lang, Text{Cat("then: urne-trustee decrypt … --close-root ROOT --tally-checkpoint ",
                             path, "\n"),
                         Cat("ensuite : urne-trustee decrypt … --close-root RACINE "
                             "--tally-checkpoint ",
                             path, "\n")});
  return absl::OkStatus();
}

absl::Status Status(const BoardOptions& o, std::ostream& out) {
  URNE_ASSIGN_OR_RETURN(Session s, Session::Start(o));
  const ElectionState& state = s.state();
  const urne::Ceremony& c = state.ceremony();
  const uint32_t me = s.me();
  const bool fr = o.lang == "fr";
  auto yes = [fr](bool b) { return b ? (fr ? "oui" : "yes") : (fr ? "non" : "no"); };
  const char* colon = fr ? " : " : ": ";
  out << (fr ? "scrutin" : "election") << colon << o.election << "\n"
      << "phase" << colon << PhaseName(state.phase()) << "\n"
      << In(o.lang, Text{Cat("trustee: ", me, " of ", state.manifest().trustees_size(), " (",
                             s.keys().name(), "), threshold ", state.manifest().threshold(), "\n"),
                         Cat("garant : ", me, " sur ", state.manifest().trustees_size(), " (",
                             s.keys().name(), "), seuil ", state.manifest().threshold(), "\n")})
      << (fr ? "engagements publiés" : "commitments posted") << colon << yes(c.commitments(me))
      << "\n"
      << (fr ? "parts scellées publiées" : "sealed shares posted") << colon
      << yes(c.sealed_shares(me)) << "\n";
  if (const std::vector<uint32_t>* v = c.complaints(me)) {
    out << In(o.lang,
              Text{Cat("verdict posted: yes, ",
                       v->empty() ? "accepting every share" : Cat("complaints against ", List(*v))),
                   Cat("verdict publié : oui, ", v->empty()
                                                     ? "toutes les parts acceptées"
                                                     : Cat("réclamations contre ", List(*v)))})
        << "\n";
  } else {
    out << (fr ? "verdict publié : non\n" : "verdict posted: no\n");
  }
  for (uint32_t r = 1; r <= static_cast<uint32_t>(state.manifest().trustees_size()); ++r) {
    const std::vector<uint32_t>* v = c.complaints(r);
    if (v && std::find(v->begin(), v->end(), me) != v->end()) {
      out << In(o.lang, Text{Cat("complaint by trustee ", r, ": ",
                                 c.revealed(me, r) ? "answered" : "unanswered"),
                             Cat("réclamation du garant ", r, " : ",
                                 c.revealed(me, r) ? "répondue" : "sans réponse")})
          << "\n";
    }
  }
  if (c.finalized()) {
    std::vector<uint32_t> q(c.qualified().begin(), c.qualified().end());
    out << In(o.lang, Text{Cat("qualified dealers: ", List(q),
                               c.qualified().contains(me) ? "" : " (not this one)"),
                           Cat("garants qualifiés : ", List(q),
                               c.qualified().contains(me) ? "" : " (pas celui-ci)")})
        << "\n";
  }
  v1::TrusteeElection* rec = s.record();
  out << (fr ? "fichier de clé" : "key file") << colon
      << (rec ? v1::TrusteeStep_Name(rec->step())
              : std::string(fr ? "rien pour ce scrutin" : "no record for this election"))
      << "\n"
      << (fr ? "déchiffrement partiel publié" : "partial decryption posted") << colon
      << yes(state.partials().contains(me)) << "\n";
  Text next;
  if (state.phase() == v1::CLOSED && !state.partials().contains(me)) {
    next = Text{"urne-trustee decrypt", "urne-trustee decrypt"};
  } else if (state.partials().contains(me) || state.phase() == v1::TALLIED) {
    next = Text{"nothing", "rien"};
  } else {
    absl::StatusOr<Outcome> step = NextStep(s, {}, false);
    if (!step.ok()) {
      next = Text{Cat("cannot continue: ", std::string(step.status().message())),
                  Cat("impossible de continuer : ", cli::MessageFor(step.status(), "fr"))};
    } else if (step->kind == Outcome::kDone) {
      next = state.phase() == v1::VOTING
                 ? Text{"wait for the vote to close, then urne-trustee decrypt",
                        "attendre la clôture du vote, puis urne-trustee decrypt"}
                 : Text{"wait for the authority to open the vote",
                        "attendre que l'autorité ouvre le vote"};
    } else {
      next = step->message;
    }
  }
  out << (fr ? "suite" : "next") << colon << In(o.lang, next) << "\n";
  return absl::OkStatus();
}

int Report(const std::string& lang, const absl::Status& status) {
  return cli::ReportError(std::cerr, "urne-trustee", status, cli::ErrorStyle::kReasonAndMessage,
                          lang);
}

}  // namespace urne::trustee_tools

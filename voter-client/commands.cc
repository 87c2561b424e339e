#include "voter-client/commands.h"

#include <ctime>
#include <iostream>

#include "board-client/client.h"
#include "cli/cli.h"
#include "cli/json.h"
#include "cli/local_time.h"
#include "cli/reasons.h"
#include "cli/transport.h"
#include "election/credential.h"
#include "election/manifest.h"
#include "status/status.h"
#include "voter-client/answers.h"
#include "voter-client/check.h"
#include "voter-client/credential_check.h"
#include "voter-client/receipt_file.h"
#include "voter-client/receipt_store.h"
#include "voter-client/session.h"
#include "voter-client/tracking_check.h"

namespace urne::voter_client {
namespace {

constexpr char kProgram[] = "urne-vote";

// Prints the error in the language of --lang ("fr" or "en"; cli/reasons.h MessageFor) and
// returns its exit code; with --json, also {"ok": false, "reason": …} on `out` (the stable
// reason, the same in both languages).
template <typename Options>
int Fail(const Options& o, std::ostream& out, std::ostream& err, const absl::Status& status) {
  if (o.json) out << R"({"ok": false, "reason": )" << cli::JsonQuote(ReasonOf(status)) << "}\n";
  return cli::ReportError(err, kProgram, status, cli::ErrorStyle::kMessage, o.lang);
}

// A credential code that does not parse, said in both languages (the French words of its
// reason come from cli/reasons.def: election/ speaks English only).
absl::Status BadCode(const absl::Status& parsed) {
  const cli::ReasonText* row = cli::FindReason(ReasonOf(parsed));
  return Invalid(ReasonOf(parsed),
                 Text{Cat("the credential code is not valid: ", std::string(parsed.message()),
                          ". Check it against your letter and type it again."),
                      Cat("le code n'est pas valable : ",
                          row != nullptr ? std::string(row->fr) : std::string(parsed.message()),
                          ". Comparez-le à votre lettre et tapez-le à nouveau.")});
}

bool IsVerificationFailure(const absl::Status& status) {
  return cli::ExitCodeOf(status) == cli::kExitVerificationFailed;
}

std::string HowMany(const v1::Question& q, Lang lang) {
  QuestionShape s = ShapeOf(q);
  bool fr = lang == Lang::kFr;
  if (s.min_sum == s.max_sum) {
    return s.min_sum == 1 ? (fr ? "choisissez une réponse" : "choose one answer")
                          : Cat(fr ? "choisissez exactement " : "choose exactly ", s.min_sum);
  }
  return Cat(fr ? "choisissez de " : "choose from ", s.min_sum, fr ? " à " : " to ", s.max_sum,
             fr ? " réponses" : " answers");
}

absl::StatusOr<ElectionId> Election(const std::string& hex) {
  auto id = ParseElectionId(hex);
  if (!id.ok()) {
    return Invalid(
        "election.bad_id",
        Cat("\"", hex, "\" is not an election id: ", std::string(id.status().message())));
  }
  return id;
}

}  // namespace

int ShowCommand(const ShowOptions& o, std::ostream& out, std::ostream& err) {
  auto lang = ParseLang(o.lang);
  if (!lang.ok()) return Fail(o, out, err, lang.status());
  auto election = Election(o.election);
  if (!election.ok()) return Fail(o, out, err, election.status());
  auto endpoint = cli::BoardEndpointFromFlags(kProgram, o.board, o.tls, err);
  if (!endpoint.ok()) return Fail(o, out, err, endpoint.status());
  BoardClient board(*endpoint);
  auto synced = board.SyncSetup(*election, BoardClient::RollCheck::kLengthAndOrder);
  if (!synced.ok()) return Fail(o, out, err, synced.status());
  const ElectionState& st = *synced->state;
  const v1::Manifest& m = st.manifest();
  const v1::Phase phase = CurrentPhase(board, *election, st);
  if (o.json) {
    out << "{\"election_id\": " << cli::JsonQuote(o.election)
        << ", \"phase\": " << cli::JsonQuote(PhaseName(phase))
        << ", \"registered\": " << st.roll().size() << ", \"manifest\": " << ManifestToJson(m)
        << "}\n";
    return 0;
  }
  bool fr = *lang == Lang::kFr;
  out << Tr(m.title(), *lang) << "\n" << Tr(m.organiser(), *lang) << "\n";
  if (!Tr(m.description(), *lang).empty()) out << "\n" << Tr(m.description(), *lang) << "\n";
  out << "\n"
      << (fr ? "Élection " : "Election ") << o.election << "\n"
      << (fr ? "Phase : " : "Phase: ") << PhaseName(phase)
      << (phase == v1::VOTING ? (fr ? " (le vote est ouvert)" : " (the vote is open)") : "") << "\n"
      << (fr ? "Période de vote : du " : "Voting window: from ")
      << cli::FormatLocalTime(m.opens_at(), m.time_zone(), fr ? "fr" : "en")
      << (fr ? " au " : " to ")
      << cli::FormatLocalTime(m.closes_at(), m.time_zone(), fr ? "fr" : "en") << "\n"
      << (fr ? "Revote : " : "Revoting: ")
      << (RevotePolicyOf(m) == v1::SINGLE_BALLOT
              ? (fr ? "un seul bulletin par personne" : "one ballot per voter")
              : (fr ? "vous pouvez revoter ; le dernier bulletin compte"
                    : "you may vote again; your last ballot counts"))
      << "\n";
  for (int q = 0; q < m.questions_size(); ++q) {
    const v1::Question& question = m.questions(q);
    out << "\n"
        << q + 1 << ". " << Tr(question.title(), *lang) << " [" << question.id() << "]\n   "
        << Tr(question.text(), *lang) << "\n   (" << HowMany(question, *lang);
    if (question.kind() == v1::BUDGET) {
      out << (fr ? " ; budget total : " : "; total budget: ") << question.budget() << " "
          << question.unit();
    }
    out << ")\n";
    for (const v1::Option& opt : question.options()) {
      out << "   - " << opt.id() << ": " << Tr(opt.label(), *lang);
      if (opt.cost() > 0) {
        out << " (" << (fr ? "coût " : "cost ") << opt.cost() << " " << question.unit() << ")";
      }
      if (opt.blank()) out << (fr ? " (vote blanc)" : " (blank vote)");
      out << "\n";
      if (!Tr(opt.description(), *lang).empty()) {
        out << "     " << Tr(opt.description(), *lang) << "\n";
      }
    }
  }
  out << "\n"
      << (fr ? "Pour voter : urne-vote cast --board " : "To vote: urne-vote cast --board ")
      << o.board << " --election " << o.election
      << " --credential CODE --answer QUESTION=OPTION …\n";
  return 0;
}

int CastCommand(const CastOptions& o, std::istream& in, std::ostream& out, std::ostream& err) {
  // The code first, before any network call: a typo is caught by its check character.
  auto code = ParseCredentialCode(o.credential);
  if (!code.ok()) {
    return Fail(o, out, err, BadCode(code.status()));
  }
  auto lang = ParseLang(o.lang);
  if (!lang.ok()) return Fail(o, out, err, lang.status());
  auto election = Election(o.election);
  if (!election.ok()) return Fail(o, out, err, election.status());
  if (o.answers_file.empty() == o.answers.empty()) {
    return Fail(o, out, err,
                Invalid("usage.answers",
                        "give your answers with either --answers FILE or --answer "
                        "QUESTION=OPTION (one per question); see urne-vote show"));
  }
  absl::StatusOr<Answers> answers;
  if (!o.answers_file.empty()) {
    auto text = cli::ReadTextFile(o.answers_file);
    if (!text.ok()) return Fail(o, out, err, text.status());
    answers = ParseAnswersJson(*text);
  } else {
    answers = ParseAnswerFlags(o.answers);
  }
  if (!answers.ok()) return Fail(o, out, err, answers.status());

  auto endpoint = cli::BoardEndpointFromFlags(kProgram, o.board, o.tls, err);
  if (!endpoint.ok()) return Fail(o, out, err, endpoint.status());
  BoardClient board(*endpoint);
  auto session = VoterSession::Open(board, *election, *code);
  if (!session.ok()) return Fail(o, out, err, session.status());
  const v1::Manifest& m = (*session)->manifest();
  auto choices = ToChoices(m, *answers);
  if (!choices.ok()) return Fail(o, out, err, choices.status());
  bool fr = *lang == Lang::kFr;
  out << (fr ? "Vos choix :\n" : "Your choices:\n") << DescribeChoices(m, *choices, *lang);

  bool audit_next = o.audit;
  for (;;) {
    auto ballot = (*session)->Encrypt(*choices);
    if (!ballot.ok()) return Fail(o, out, err, ballot.status());
    std::string tracking = FormatTrackingCode(ballot->tracking_code);
    out << (fr ? "Code de suivi : " : "Tracking code: ") << tracking << "\n";
    if (!audit_next) {
      auto receipt = (*session)->Cast(*ballot);
      if (!receipt.ok()) return Fail(o, out, err, receipt.status());
      std::string path = o.receipt.empty() ? Cat("urne-receipt-", tracking, ".json") : o.receipt;
      absl::Status saved = cli::WriteFileAtomic(path, ReceiptToJson(*receipt));
      if (!saved.ok()) return Fail(o, out, err, saved);
      if (!o.receipts_dir.empty()) {
        absl::Status kept = KeepReceipt(o.receipts_dir, *receipt);
        if (!kept.ok()) {
          err << kProgram << ": " << kept.message()
              << " (the receipt is saved; `urne-vote check` will not know this ballot is "
                 "yours unless you give it with --receipt)\n";
        }
      }
      out << (fr ? "Bulletin déposé (entrée " : "Ballot cast (entry ") << receipt->receipt.index()
          << (fr ? " du registre). Reçu enregistré dans " : " of the board). Receipt saved to ")
          << path << "\n"
          << (fr ? "Vérifiez-le plus tard : urne-vote check --receipt "
                 : "Check it later: urne-vote check --receipt ")
          << path << "\n";
      return 0;
    }
    auto audit = (*session)->Audit(*ballot, *choices);
    if (!audit.ok()) return Fail(o, out, err, audit.status());
    if (!o.receipts_dir.empty()) {
      ReceiptFile kept{audit->tracking_code, ToHex(*election), o.board, audit->receipt,
                       audit->entry};
      absl::Status status = KeepReceipt(o.receipts_dir, kept);
      if (!status.ok()) err << kProgram << ": " << status.message() << "\n";
    }
    out << (fr ? "Audit publié (entrée " : "Audit published (entry ") << audit->receipt.index()
        << (fr ? "). Ce bulletin ne comptera jamais. Il contenait :\n"
               : "). This ballot will never count. It contained:\n")
        << DescribeChoices(m, audit->revealed, *lang);
    if (!audit->matches) {
      err << kProgram
          << (fr ? ": ALERTE : le bulletin chiffré ne correspond pas à vos choix. Ne votez pas "
                   "depuis cet appareil.\n"
                 : ": WARNING: the encrypted ballot does not match your choices. Do not vote "
                   "from this device.\n");
      return cli::kExitVerificationFailed;
    }
    out << (fr ? "Il correspond à vos choix : votre appareil a chiffré fidèlement. "
                 "Nouveau chiffrement avec un aléa neuf.\n"
               : "It matches your choices: your device encrypted faithfully. Encrypting again "
                 "with fresh randomness.\n");
    audit_next = false;
    if (o.interactive) {
      out << (fr ? "Déposer ce nouveau bulletin [d] ou l'auditer aussi [a] ? "
                 : "Cast the new ballot [c] or audit it too [a]? ")
          << std::flush;
      std::string answer;
      if (!std::getline(in, answer))
        return Fail(o, out, err, Invalid("usage.aborted", "no answer"));
      audit_next = !answer.empty() && (answer[0] == 'a' || answer[0] == 'A');
    }
  }
}

namespace {

const char* VerdictWord(CheckOutcome::Verdict v) {
  switch (v) {
    case CheckOutcome::Verdict::kCounts:
      return "counts";
    case CheckOutcome::Verdict::kSuperseded:
      return "superseded";
    case CheckOutcome::Verdict::kSupersededByOther:
      return "superseded_by_other";
    case CheckOutcome::Verdict::kAudited:
      return "audited";
  }
  return "unknown";
}

// check --receipt FILE…: each receipt in turn; the worst exit code wins (1 > 3 > 0).
int CheckReceipts(const CheckOptions& o, std::ostream& out, std::ostream& err) {
  std::vector<ReceiptFile> files;
  for (const std::string& path : o.receipts) {
    auto text = cli::ReadTextFile(path);
    if (!text.ok()) return Fail(o, out, err, text.status());
    auto file = ParseReceiptJson(*text);
    if (!file.ok()) return Fail(o, out, err, WithContext(file.status(), Cat(path, ": ")));
    files.push_back(std::move(*file));
  }
  int exit = cli::kExitOk;
  for (const ReceiptFile& file : files) {
    std::string address = o.board.empty() ? file.board : o.board;
    if (address.empty()) {
      return Fail(o, out, err, Invalid("usage.board", "give the board's address with --board URL"));
    }
    auto endpoint = cli::BoardEndpointFromFlags(kProgram, address, o.tls, err);
    if (!endpoint.ok()) return Fail(o, out, err, endpoint.status());
    BoardClient board(*endpoint);
    OwnEntries own = LoadOwnEntries(o.receipts_dir, file.election_id, files);
    auto outcome = CheckReceipt(board, file, own);
    if (!outcome.ok()) {
      if (!IsVerificationFailure(outcome.status())) return Fail(o, out, err, outcome.status());
      if (o.json) {
        out << R"({"ok": false, "reason": )" << cli::JsonQuote(ReasonOf(outcome.status())) << "}\n";
      }
      err << kProgram << ": " << cli::MessageFor(outcome.status(), o.lang) << "\n";
      exit = cli::kExitVerificationFailed;
      continue;
    }
    if (o.json) {
      out << R"({"ok": true, "verdict": )" << cli::JsonQuote(VerdictWord(outcome->verdict))
          << ", \"index\": " << outcome->index << ", \"counted_index\": " << outcome->counted_index
          << ", \"tree_size\": " << outcome->tree_size << "}\n";
    } else {
      out << DescribeOutcome(*outcome, file.tracking_code, o.lang) << "\n";
    }
    if (outcome->verdict == CheckOutcome::Verdict::kSupersededByOther && exit == cli::kExitOk) {
      exit = kExitSupersededByOther;
    }
  }
  return exit;
}

// check --board --election [--code]: the abstainer check.
int CheckCode(const CheckOptions& o, std::istream& in, std::ostream& out, std::ostream& err) {
  auto lang = ParseLang(o.lang);
  if (!lang.ok()) return Fail(o, out, err, lang.status());
  auto election = Election(o.election);
  if (!election.ok()) return Fail(o, out, err, election.status());
  bool fr = *lang == Lang::kFr;
  absl::StatusOr<CredentialCode> code = Invalid("credential.wrong_length", "no code");
  if (!o.code.empty()) {
    code = ParseCredentialCode(o.code);
  } else {
    const char* ask =
        fr ? "Votre code de vote (sur votre lettre) : " : "Your voting code (from your letter): ";
    std::string line;
    if (o.prompt) {
      auto secret = cli::PromptSecret(ask);
      if (!secret.ok()) return Fail(o, out, err, secret.status());
      line.assign(reinterpret_cast<const char*>(secret->data()), secret->size());
    } else {
      err << ask << std::flush;
      std::getline(in, line);
    }
    if (line.find_first_not_of(" \t\r-") == std::string::npos) {
      return Fail(
          o, out, err,
          Invalid("usage.code", Text{"no code given: type the code printed on your letter, or "
                                     "give it with --code",
                                     "aucun code saisi : tapez le code imprimé sur votre lettre, "
                                     "ou donnez-le avec --code"}));
    }
    code = ParseCredentialCode(line);
    std::fill(line.begin(), line.end(), '\0');
  }
  if (!code.ok()) {
    return Fail(o, out, err, BadCode(code.status()));
  }
  PublicKey credential = PublicCredential(*election, *code);
  const std::string election_hex = ToHex(*election);
  OwnEntries own = LoadOwnEntries(o.receipts_dir, election_hex);
  for (const std::string& skipped : own.skipped) {
    err << kProgram << (fr ? ": récépissé gardé ignoré : " : ": ignoring a kept receipt: ")
        << skipped << "\n";
  }
  auto endpoint = cli::BoardEndpointFromFlags(kProgram, o.board, o.tls, err);
  if (!endpoint.ok()) return Fail(o, out, err, endpoint.status());
  BoardClient board(*endpoint);
  v1::Manifest manifest;
  auto report = CheckCredential(board, *election, credential, own, &manifest);
  if (!report.ok()) {
    if (ReasonOf(report.status()) == "election.unknown") {
      return Fail(
          o, out, err,
          Invalid("election.unknown",
                  Text{Cat("the board ", o.board, " does not know election ", o.election,
                           ": check the address and the id printed on your letter"),
                       Cat("le tableau ", o.board, " ne connaît pas le scrutin ", o.election,
                           " : vérifiez l'adresse et l'identifiant imprimés sur "
                           "votre lettre")}));
    }
    return Fail(o, out, err, report.status());
  }
  if (o.json) {
    out << CredentialReportJson(*report, election_hex);
  } else {
    out << DescribeCredentialReport(*report, manifest, election_hex, *lang);
  }
  switch (report->verdict) {
    case CredentialReport::Verdict::kNotOnRoll:
      return cli::kExitVerificationFailed;
    case CredentialReport::Verdict::kSupersededByOther:
    case CredentialReport::Verdict::kRevoked:
      return kExitSupersededByOther;
    default:
      return cli::kExitOk;
  }
}

// check --board --election --tracking-code: the ballot of a tracking code (specs/ballot.md §9.1).
int CheckTracking(const CheckOptions& o, std::ostream& out, std::ostream& err) {
  auto lang = ParseLang(o.lang);
  if (!lang.ok()) return Fail(o, out, err, lang.status());
  auto election = Election(o.election);
  if (!election.ok()) return Fail(o, out, err, election.status());
  auto code = ParseTrackingCodeText(o.tracking_code);
  if (!code.ok()) return Fail(o, out, err, code.status());
  auto endpoint = cli::BoardEndpointFromFlags(kProgram, o.board, o.tls, err);
  if (!endpoint.ok()) return Fail(o, out, err, endpoint.status());
  BoardClient board(*endpoint);
  v1::Manifest manifest;
  auto report = CheckTrackingCode(board, *election, *code, &manifest);
  if (!report.ok()) {
    return Fail(o, out, err, report.status());
  }
  out << (o.json ? TrackingReportJson(*report) : DescribeTrackingReport(*report, manifest, *lang));
  switch (report->verdict) {
    case TrackingReport::Verdict::kNotFound:
      return cli::kExitVerificationFailed;
    case TrackingReport::Verdict::kSuperseded:
    case TrackingReport::Verdict::kRevoked:
      return kExitSupersededByOther;
    default:
      return cli::kExitOk;
  }
}

}  // namespace

int CheckCommand(const CheckOptions& o, std::istream& in, std::ostream& out, std::ostream& err) {
  if (!o.tracking_code.empty()) {
    if (!o.receipts.empty() || !o.code.empty() || o.board.empty() || o.election.empty()) {
      return Fail(o, out, err,
                  Invalid("usage.check",
                          Text{"--tracking-code CODE goes with --board URL --election ID (as "
                               "printed on your letter), without --receipt or --code",
                               "--tracking-code CODE va avec --board URL --election ID (tels "
                               "qu'imprimés sur votre lettre), sans --receipt ni --code"}));
    }
    return CheckTracking(o, out, err);
  }
  if (!o.receipts.empty()) {
    if (!o.election.empty() || !o.code.empty()) {
      return Fail(o, out, err,
                  Invalid("usage.check",
                          Text{"give either --receipt FILE (check your ballot) or --election "
                               "ID (check your code), not both",
                               "donnez soit --receipt FICHIER (vérifier votre bulletin), soit "
                               "--election ID (vérifier votre code), pas les deux"}));
    }
    return CheckReceipts(o, out, err);
  }
  if (o.board.empty() || o.election.empty()) {
    return Fail(o, out, err,
                Invalid("usage.check",
                        Text{"give --receipt FILE to check your ballot, or --board HOST:PORT "
                             "--election ID to check what was cast with your code",
                             "donnez --receipt FICHIER pour vérifier votre bulletin, ou "
                             "--board HÔTE:PORT --election ID pour vérifier ce qui a été "
                             "déposé avec votre code"}));
  }
  return CheckCode(o, in, out, err);
}

}  // namespace urne::voter_client

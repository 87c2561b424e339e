// urne-vote: the voter's command line (the web booth is the page the town's board serves,
// voter-client/web). Thin main: flags, then voter-client/commands.h.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <map>
#include <string>

#include "board-client/client.h"
#include "cli/program.h"
#include "cli/transport.h"
#include "voter-client/commands.h"
#include "voter-client/receipt_store.h"

namespace po = boost::program_options;

namespace {

constexpr char kUsage[] =
    "urne-vote show  --board URL --election ID [--lang fr|en] [--json]\n"
    "urne-vote cast  --board URL --election ID --credential CODE\n"
    "                (--answers FILE | --answer QUESTION=OPTION[,OPTION…] …)\n"
    "                [--audit] [--receipt FILE] [--lang fr|en]\n"
    "urne-vote check --receipt FILE [--receipt FILE …] [--board URL] [--json]\n"
    "urne-vote check --board URL --election ID [--code CODE] [--lang fr|en] [--json]\n"
    "urne-vote check --board URL --election ID --tracking-code CODE [--lang fr|en] [--json]\n\n"
    "To vote in a web browser instead, open the link printed on your letter: the town's\n"
    "board serves the voting page (nothing to install).\n\n"
    "URL: the board, https://HOST:PORT (TLS; --tls-ca FILE for a private CA), or HOST:PORT in\n"
    "plain text to this machine only (elsewhere with --insecure, never for a real vote).\n"
    "show: the questions, their options and how many to choose; the phase and voting window.\n"
    "cast: encrypts your answers on this computer, shows the tracking code, signs with your\n"
    "  credential code (from your letter; a typo is caught before anything is sent), posts\n"
    "  the ballot and saves a receipt. --audit first challenges the device (Benaloh): the\n"
    "  encrypted ballot is opened and published, never counted, then your answers are\n"
    "  encrypted again and cast. Cast again to revote where the votation allows it.\n"
    "  Answers: option ids (see show), \"blank\" for the blank vote, an empty value for no\n"
    "  selection; or a JSON file {\"pool\": [\"yes\"], \"council\": [\"ana\"]}.\n"
    "check --receipt: proves your receipt's ballot is still on the board and says if it\n"
    "  counts, or which later ballot replaced it.\n"
    "check --tracking-code: finds the ballot of the tracking code shown when you voted\n"
    "  (no receipt file needed) and says whether it counts, or what replaced it.\n"
    "check --election: from your code alone (asked for if --code is not given; it never\n"
    "  leaves this computer), lists every ballot and audit posted with it, when the board\n"
    "  says it received each, and which one counts; works before, during and after the vote.\n"
    "  An abstainer should find none. If one appears that you did not cast, contact the\n"
    "  town and give the entry number shown.\n"
    "Both compare the board with the receipts this computer kept (cast keeps a copy in\n"
    "  --receipts-dir, default $URNE_RECEIPTS_DIR, $XDG_DATA_HOME/urne/receipts or\n"
    "  ~/.local/share/urne/receipts) and WARN, exit 3, when a ballot not cast from this\n"
    "  computer replaced one that was.\n"
    "\n"
    "Messages in French or English: --lang fr|en, else from LANG.\n"
    "Exit codes: 0 ok, 1 verification failed (or your code is not on the roll, or no ballot\n"
    "has the tracking code), 2 usage or input error, 3 (check) your ballot was replaced by one\n"
    "not cast from this computer, or your code was replaced by the town.\n\n"
    "Options";

constexpr char kUsageFr[] =
    "urne-vote show  --board URL --election ID [--lang fr|en] [--json]\n"
    "urne-vote cast  --board URL --election ID --credential CODE\n"
    "                (--answers FICHIER | --answer QUESTION=OPTION[,OPTION…] …)\n"
    "                [--audit] [--receipt FICHIER] [--lang fr|en]\n"
    "urne-vote check --receipt FICHIER [--receipt FICHIER …] [--board URL] [--json]\n"
    "urne-vote check --board URL --election ID [--code CODE] [--lang fr|en] [--json]\n"
    "urne-vote check --board URL --election ID --tracking-code CODE [--lang fr|en] [--json]\n\n"
    "Pour voter plutôt dans un navigateur, ouvrez le lien imprimé sur votre lettre : le\n"
    "tableau de la commune sert la page de vote (rien à installer).\n\n"
    "URL : le tableau, https://HÔTE:PORT (TLS ; --tls-ca FICHIER pour une autorité privée),\n"
    "ou HÔTE:PORT en clair vers cette machine seulement (ailleurs avec --insecure, jamais pour\n"
    "un vrai vote).\n"
    "show : les questions, leurs options et combien en choisir ; la phase et les heures du vote.\n"
    "cast : chiffre vos réponses sur cet ordinateur, affiche le code de suivi, signe avec votre\n"
    "  code de vote (sur votre lettre ; une faute de frappe est détectée avant tout envoi),\n"
    "  dépose le bulletin et garde un récépissé. --audit met d'abord l'appareil à l'épreuve\n"
    "  (Benaloh) : le bulletin chiffré est ouvert et publié, jamais compté, puis vos réponses\n"
    "  sont chiffrées à nouveau et déposées. Votez à nouveau pour changer votre vote si le\n"
    "  scrutin le permet.\n"
    "  Réponses : identifiants d'options (voir show), « blank » pour le vote blanc, une valeur\n"
    "  vide pour aucune sélection ; ou un fichier JSON {\"pool\": [\"yes\"], \"council\": "
    "[\"ana\"]}.\n"
    "check --receipt : prouve que le bulletin de votre récépissé est toujours sur le tableau et\n"
    "  dit s'il compte, ou quel bulletin plus récent l'a remplacé.\n"
    "check --tracking-code : retrouve le bulletin du code de suivi affiché quand vous avez voté\n"
    "  (sans fichier de récépissé) et dit s'il compte, ou ce qui l'a remplacé.\n"
    "check --election : à partir de votre seul code (demandé si --code n'est pas donné ; il ne\n"
    "  quitte jamais cet ordinateur), énumère chaque bulletin et audit déposés avec lui, quand\n"
    "  le tableau dit l'avoir reçu, et lequel compte ; fonctionne avant, pendant et après le\n"
    "  vote. Un abstentionniste ne doit en trouver aucun. S'il en apparaît un que vous n'avez\n"
    "  pas déposé, contactez la mairie en donnant le numéro d'entrée affiché.\n"
    "Les deux comparent le tableau aux récépissés gardés sur cet ordinateur (cast en garde une\n"
    "  copie dans --receipts-dir, par défaut $URNE_RECEIPTS_DIR, $XDG_DATA_HOME/urne/receipts\n"
    "  ou ~/.local/share/urne/receipts) et AVERTISSENT, code 3, quand un bulletin qui n'a pas\n"
    "  été déposé depuis cet ordinateur en a remplacé un qui l'a été.\n"
    "\n"
    "Messages en français ou en anglais : --lang fr|en, sinon selon LANG.\n"
    "Codes de sortie : 0 bon, 1 vérification échouée (ou votre code n'est pas sur la liste, ou\n"
    "aucun bulletin n'a ce code de suivi), 2 erreur d'usage ou de données, 3 (check) votre\n"
    "bulletin a été remplacé par un autre qui n'a pas été déposé depuis cet ordinateur, ou\n"
    "votre code a été remplacé par la mairie.\n\n"
    "Options";

const std::map<std::string, std::string>& OptionsFr() {
  static const auto* texts = new std::map<std::string, std::string>{
      {"board", "le tableau, URL"},
      {"election", "identifiant du scrutin (64 chiffres hexadécimaux)"},
      {"credential", "votre code de vote (cast)"},
      {"answers", "fichier JSON des réponses (cast)"},
      {"answer", "QUESTION=OPTION[,OPTION…] (cast, répétable)"},
      {"audit", "mettre l'appareil à l'épreuve avant de voter (cast)"},
      {"receipt", "fichier de récépissé (cast : où le garder ; check : à lire, répétable)"},
      {"code",
       "check : votre code (sinon demandé, sans écho, pour qu'il ne reste pas dans "
       "l'historique du terminal)"},
      {"receipts-dir", "où cast garde et check lit les récépissés de cet ordinateur"},
      {"tracking-code", "check : le code de suivi affiché quand vous avez voté (8 groupes de 4)"},
      {"json", "sortie pour les machines"},
  };
  return *texts;
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description opts(kUsage);
  std::string board;
  std::string election;
  std::string credential;
  std::string answers_file;
  std::string lang;
  std::string code;
  std::string receipts_dir;
  std::string tracking;
  std::vector<std::string> receipts;
  std::vector<std::string> answers;
  opts.add_options()("help,h", "show this help")(
      "board", po::value(&board), "the bulletin board, URL")("election", po::value(&election),
                                                             "election id (64 hex digits)")(
      "credential", po::value(&credential), "your credential code (cast)")(
      "answers", po::value(&answers_file), "answers JSON file (cast)")(
      "answer", po::value(&answers)->composing(), "QUESTION=OPTION[,OPTION…] (cast, repeatable)")(
      "audit", "challenge the device before casting (cast)")(
      "receipt", po::value(&receipts)->composing(),
      "receipt file (cast: where to save; check: to read, repeatable)")(
      "code", po::value(&code),
      "check: your code (else asked for, without echo, so that it stays out of the shell "
      "history)")("receipts-dir", po::value(&receipts_dir),
                  "where cast keeps and check reads this computer's receipts")(
      "tracking-code", po::value(&tracking),
      "check: the tracking code shown when you voted (8 groups of 4)")(
      "lang", po::value(&lang),
      "messages in fr or en (default from LC_ALL, LC_MESSAGES or LANG: fr when it starts "
      "with fr)")("json", "machine output");
  urne::ClientTls tls;
  urne::cli::AddClientTransportOptions(opts, &tls);
  po::variables_map vm;
  auto receipts_folder = [&] {
    return vm.count("receipts-dir") ? receipts_dir : urne::voter_client::DefaultReceiptsDir();
  };
  auto show = [&] {
    return urne::voter_client::ShowCommand({board, tls, election, lang, vm.count("json") > 0},
                                           std::cout, std::cerr);
  };
  auto cast = [&] {
    urne::voter_client::CastOptions o;
    o.board = board;
    o.tls = tls;
    o.election = election;
    o.credential = credential;
    o.answers_file = answers_file;
    o.answers = answers;
    o.audit = vm.count("audit") > 0;
    o.interactive = isatty(0) && isatty(1);
    if (receipts.size() > 1) {
      std::cerr << (lang == "fr" ? "urne-vote cast: donnez --receipt une seule fois (où garder "
                                   "le récépissé)\n"
                                 : "urne-vote cast: give --receipt once (where to save the "
                                   "receipt)\n");
      return urne::cli::kExitUsage;
    }
    o.receipt = receipts.empty() ? "" : receipts[0];
    o.receipts_dir = receipts_folder();
    o.lang = lang;
    o.json = vm.count("json") > 0;
    return urne::voter_client::CastCommand(o, std::cin, std::cout, std::cerr);
  };
  auto check = [&] {
    urne::voter_client::CheckOptions o;
    o.receipts = receipts;
    o.board = board;
    o.tls = tls;
    o.election = election;
    o.code = code;
    o.tracking_code = tracking;
    o.prompt = isatty(0) != 0;
    o.receipts_dir = receipts_folder();
    o.lang = lang;
    o.json = vm.count("json") > 0;
    return urne::voter_client::CheckCommand(o, std::cin, std::cout, std::cerr);
  };
  urne::cli::Program program("urne-vote", opts);
  program.verbs = {{"show", {"board", "election"}, show},
                   {"cast", {"board", "election", "credential"}, cast},
                   {"check", {}, check}};
  program.unknown_verb_hint =
      "; use show, cast or check (urne-vote --help); to vote in a browser, open the link on "
      "your letter";
  program.unknown_verb_hint_fr =
      " ; utilisez show, cast ou check (urne-vote --help) ; pour voter dans un navigateur, "
      "ouvrez le lien de votre lettre";
  program.missing_verb_is_unknown = true;
  program.lang = &lang;
  program.usage_fr = kUsageFr;
  program.options_fr = &OptionsFr();
  return urne::cli::RunProgram(program, argc, argv, vm, std::cout, std::cerr);
}

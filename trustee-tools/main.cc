// urne-trustee: a trustee's key ceremony and threshold decryption. Thin main: flags, then
// trustee-tools/trustee_commands.h.
#include <boost/program_options.hpp>
#include <iostream>
#include <map>
#include <string>

#include "cli/program.h"
#include "cli/transport.h"
#include "trustee-tools/trustee_commands.h"

namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "urne-trustee <command> [options]\n\n"
    "Commands:\n"
    "  init      --name NAME --out KEYFILE\n"
    "            create this trustee's signing and box keys, sealed under a passphrase;\n"
    "            prints the roster entry to put in the manifest\n"
    "  ceremony  --board URL --election ID --key KEYFILE [--wait SECONDS]\n"
    "            do the next step of the key ceremony (every step with --wait); safe to\n"
    "            rerun at any time, it resumes where it stopped\n"
    "  decrypt   --board URL --election ID --key KEYFILE --close-root HEX\n"
    "            after the vote closed: recompute the encrypted tally from the board and post\n"
    "            this trustee's partial decryption with its proofs. --close-root is the root\n"
    "            the authority announced (`urne-admin close` prints it); any other CLOSE is\n"
    "            refused. A trustee decrypts ONE closed log per election (recorded in the key\n"
    "            file), and never a tally of fewer ballots than the manifest's\n"
    "            min_counted_ballots\n"
    "            With --tally-checkpoint FILE (written by follow), the tally is the one\n"
    "            this trustee verified while following, and no ballot is fetched again\n"
    "  follow    --board URL --election ID --dir DIR [--interval SECONDS]\n"
    "            during the vote, no key needed: verify the log as it grows; once it holds\n"
    "            CLOSE, write the tally checkpoint DIR/<election>.tally and stop\n"
    "  status    --board URL --election ID --key KEYFILE\n"
    "            the election's phase, what this trustee posted, and what is next\n\n"
    "The board is https://HOST:PORT (TLS; --tls-ca FILE for a private CA), or HOST:PORT in\n"
    "plain text to this machine only (elsewhere with --insecure).\n"
    "The passphrase is asked on the terminal, or read from --passphrase-file (first line).\n"
    "Messages in French or English: --lang fr|en, else from LANG.\n"
    "Exit codes: 0 ok, 1 verification failed, 2 usage or input error.\n\nOptions";

constexpr const char* kUsageFr =
    "urne-trustee <commande> [options]\n\n"
    "Commandes :\n"
    "  init      --name NOM --out FICHIER_CLÉ\n"
    "            crée les clés de signature et de chiffrement de ce garant, scellées par une\n"
    "            phrase secrète ; affiche la ligne du garant à mettre dans le manifeste\n"
    "  ceremony  --board URL --election ID --key FICHIER_CLÉ [--wait SECONDES]\n"
    "            fait l'étape suivante de la cérémonie des clés (toutes avec --wait) ; peut\n"
    "            être relancée à tout moment, elle reprend là où elle s'est arrêtée\n"
    "  decrypt   --board URL --election ID --key FICHIER_CLÉ --close-root HEX\n"
    "            une fois le vote clos : recalcule le dépouillement chiffré depuis le tableau\n"
    "            et publie le déchiffrement partiel de ce garant avec ses preuves.\n"
    "            --close-root est la racine annoncée par l'autorité (`urne-admin close`\n"
    "            l'affiche) ; toute autre clôture est refusée. Un garant ne déchiffre qu'UN\n"
    "            registre clos par scrutin (noté dans le fichier de clé), et jamais un\n"
    "            dépouillement de moins de bulletins que le min_counted_ballots du manifeste\n"
    "            Avec --tally-checkpoint FICHIER (écrit par follow), le dépouillement est\n"
    "            celui que ce garant a vérifié en suivant le vote ; aucun bulletin n'est\n"
    "            relu\n"
    "  follow    --board URL --election ID --dir DOSSIER [--interval SECONDES]\n"
    "            pendant le vote, sans clé : vérifie le registre à mesure qu'il grandit ;\n"
    "            une fois la clôture publiée, écrit le point de reprise du dépouillement\n"
    "            DOSSIER/<scrutin>.tally et s'arrête\n"
    "  status    --board URL --election ID --key FICHIER_CLÉ\n"
    "            la phase du scrutin, ce que ce garant a publié et la suite\n\n"
    "Le tableau est https://HÔTE:PORT (TLS ; --tls-ca FICHIER pour une autorité privée), ou\n"
    "HÔTE:PORT en clair vers cette machine seulement (ailleurs avec --insecure).\n"
    "La phrase secrète est demandée au terminal, ou lue dans --passphrase-file (1re ligne).\n"
    "Messages en français ou en anglais : --lang fr|en, sinon selon LANG.\n"
    "Codes de sortie : 0 bon, 1 vérification échouée, 2 erreur d'usage ou de données.\n\n"
    "Options";

const std::map<std::string, std::string>& OptionsFr() {
  static const auto* texts = new std::map<std::string, std::string>{
      {"name", "init : le nom du garant tel qu'il sera affiché"},
      {"out", "init : le fichier de clé à créer (jamais écrasé)"},
      {"board", "adresse du tableau https://HÔTE:PORT"},
      {"election", "identifiant du scrutin (64 chiffres hexadécimaux)"},
      {"key", "le fichier de clé de ce garant"},
      {"passphrase-file",
       "lire la phrase secrète dans la première ligne de ce fichier plutôt "
       "qu'au terminal"},
      {"wait",
       "ceremony : continuer, en interrogeant le tableau, jusqu'à SECONDES secondes, "
       "jusqu'à ce que la part de ce garant soit faite"},
      {"tally-checkpoint",
       "decrypt : le point de reprise écrit par follow (sinon tout le registre est rejoué)"},
      {"dir", "follow : le dossier du suivi"},
      {"interval", "follow : secondes entre deux mises à jour"},
      {"close-root",
       "decrypt (obligatoire) : la racine de clôture (64 chiffres hexadécimaux) "
       "annoncée par l'autorité ; toute autre est refusée"},
  };
  return *texts;
}

}  // namespace

int main(int argc, char** argv) {
  urne::trustee_tools::InitOptions init;
  urne::trustee_tools::BoardOptions board;
  std::string board_address;
  urne::ClientTls tls;
  std::string lang;
  po::options_description opts(kUsage);
  opts.add_options()("help,h", "show this help")("name", po::value(&init.name),
                                                 "init: the trustee's display name")(
      "out", po::value(&init.out), "init: key file to create (never overwritten)")(
      "board", po::value(&board_address), "board address https://HOST:PORT")(
      "election", po::value(&board.election), "election id (64 hex digits)")(
      "key", po::value(&board.key), "this trustee's key file")(
      "passphrase-file", po::value(&board.passphrase_file),
      "read the passphrase from this file's first line instead of the terminal")(
      "wait", po::value(&board.wait_seconds)->default_value(0),
      "ceremony: keep going, polling the board, for up to SECONDS until this trustee's part "
      "is done")("close-root", po::value(&board.close_root),
                 "decrypt (required): the CLOSE root (64 hex digits) the authority announced; any "
                 "other is refused")(
      "tally-checkpoint", po::value(&board.tally_checkpoint),
      "decrypt: the tally checkpoint follow wrote (else the whole log is replayed)")(
      "dir", po::value(&board.follow_dir), "follow: the follower's folder")(
      "interval", po::value(&board.interval_seconds)->default_value(5),
      "follow: seconds between updates")(
      "lang", po::value(&lang),
      "messages in fr or en (default from LC_ALL, LC_MESSAGES or LANG: fr when it starts "
      "with fr)");
  po::options_description faults(
      "TESTING FAULTS - deliberate protocol violations for the test suite only; never use "
      "them in a real election");
  faults.add_options()("cheat-bad-share-to", po::value(&board.faults.bad_share_to),
                       "ceremony: seal a wrong share to trustee J")(
      "cheat-no-reveal", po::bool_switch(&board.faults.no_reveal),
      "ceremony: never answer complaints against this trustee")(
      "cheat-wrong-decryption", po::bool_switch(&board.faults.wrong_decryption),
      "decrypt: post a partial decryption with a wrong share");
  urne::cli::AddClientTransportOptions(opts, &tls);
  po::variables_map vm;
  auto init_verb = [&] {
    init.passphrase_file = board.passphrase_file;
    init.lang = lang;
    return urne::trustee_tools::Report(lang, urne::trustee_tools::Init(init, std::cout));
  };
  // ceremony, decrypt and status talk to the board.
  auto on_board =
      [&](absl::Status (*verb)(const urne::trustee_tools::BoardOptions&, std::ostream&)) {
        return [&, verb] {
          auto endpoint =
              urne::cli::BoardEndpointFromFlags("urne-trustee", board_address, tls, std::cerr);
          if (!endpoint.ok()) return urne::trustee_tools::Report(lang, endpoint.status());
          board.board = *endpoint;
          board.lang = lang;
          return urne::trustee_tools::Report(lang, verb(board, std::cout));
        };
      };
  const std::vector<std::string> kBoardFlags = {"board", "election", "key"};
  urne::cli::Program program("urne-trustee", opts);
  program.extra = &faults;
  program.verbs = {{"init", {}, init_verb},
                   {"ceremony", kBoardFlags, on_board(&urne::trustee_tools::Ceremony)},
                   {"decrypt", kBoardFlags, on_board(&urne::trustee_tools::Decrypt)},
                   {"follow", {"board", "election", "dir"}, on_board(&urne::trustee_tools::Follow)},
                   {"status", kBoardFlags, on_board(&urne::trustee_tools::Status)}};
  program.unknown_verb_hint = "; use init, ceremony, decrypt, follow or status (see --help)";
  program.unknown_verb_hint_fr =
      " ; utilisez init, ceremony, decrypt, follow ou status (voyez --help)";
  program.lang = &lang;
  program.usage_fr = kUsageFr;
  program.options_fr = &OptionsFr();
  return urne::cli::RunProgram(program, argc, argv, vm, std::cout, std::cerr);
}

// urne-verify: the independent verifier. Thin main: flags, then verifier/run.h.
#include <boost/program_options.hpp>
#include <iostream>
#include <map>
#include <string>

#include "cli/program.h"
#include "cli/transport.h"
#include "verifier/run.h"

namespace po = boost::program_options;

namespace {

constexpr char kUsageFr[] =
    "urne-verify FICHIER_ENREGISTREMENT\n"
    "urne-verify --board https://HÔTE:PORT --election ID [--save FICHIER_ENREGISTREMENT]\n\n"
    "Vérifie tout un scrutin à partir des seules données publiques (specs/verification.md) :\n"
    "têtes d'arbre signées, signature de chaque entrée, cérémonie des clés, liste électorale,\n"
    "chaque bulletin et audit, clôture, dépouillement chiffré, chaque déchiffrement partiel,\n"
    "décomptes et décisions. Affiche une ligne par étape. Code de sortie 0 valable, 1 non\n"
    "valable, 2 données inutilisables.\n"
    "L'adresse du tableau est https://HÔTE:PORT (TLS ; --tls-ca FICHIER pour une autorité\n"
    "privée), ou HÔTE:PORT en clair vers cette machine seulement (ailleurs avec --insecure).\n"
    "Rapport en français ou en anglais : --lang fr|en, sinon selon LANG. Options";

const std::map<std::string, std::string>& OptionsFr() {
  static const auto* texts = new std::map<std::string, std::string>{
      {"board", "télécharger l'enregistrement depuis ce tableau"},
      {"election", "identifiant du scrutin (64 chiffres hexadécimaux) sur --board"},
      {"save", "écrire l'enregistrement téléchargé dans ce fichier (specs/record.md)"},
      {"json", "afficher le rapport en JSON"},
      {"html", "écrire aussi un rapport HTML autonome dans ce fichier"},
      {"receipts",
       "un dossier de récépissés d'électeurs (*.json) : leurs têtes d'arbre sont "
       "vérifiées comme têtes antérieures de l'enregistrement (étape 1.5)"},
      {"allow-incomplete",
       "accepter un scrutin pas encore terminé (vérifie tout ce qui est "
       "publié jusque-là)"},
      {"threads", "fils d'exécution (0 = tous les cœurs)"},
      {"lang",
       "langue du rapport et des messages, fr ou en (par défaut selon LC_ALL, "
       "LC_MESSAGES ou LANG : fr s'il commence par fr) ; --json est le même dans les "
       "deux"},
  };
  return *texts;
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description opts(
      "urne-verify RECORD_FILE\n"
      "urne-verify --board https://HOST:PORT --election ID [--save RECORD_FILE]\n\n"
      "Checks a whole election from public data alone (specs/verification.md): signed tree\n"
      "heads, every entry's signature, the key ceremony, the roll, every ballot and audit,\n"
      "the close, the encrypted tally, every partial decryption, the counts and decisions.\n"
      "Prints one line per step. Exit code 0 valid, 1 invalid, 2 unusable input.\n"
      "The board's address is https://HOST:PORT (TLS; --tls-ca FILE for a private CA), or\n"
      "HOST:PORT in plain text to this machine only (elsewhere with --insecure).\n"
      "Report in French or English: --lang fr|en, else from LANG. Options");
  urne::verifier::VerifyCommand command;
  opts.add_options()("help,h", "show this help")("board", po::value(&command.board),
                                                 "fetch the record from this board")(
      "election", po::value(&command.election), "election id (64 hex digits) on --board")(
      "save", po::value(&command.save), "write the fetched record to this file (specs/record.md)")(
      "json", po::bool_switch(&command.json), "print the report as JSON")(
      "html", po::value(&command.html), "also write a self-contained HTML report to this file")(
      "receipts", po::value(&command.receipts),
      "a folder of voters' receipt files (*.json): their tree heads are checked as earlier "
      "heads of the record (step 1.5)")(
      "allow-incomplete", po::bool_switch(&command.allow_incomplete),
      "accept an election that is not finished yet (checks everything posted so far)")(
      "threads", po::value(&command.threads)->default_value(0), "threads (0 = all cores)")(
      "lang", po::value(&command.lang),
      "the report's language, fr or en (default from LC_ALL, LC_MESSAGES or LANG: fr when it "
      "starts with fr); --json is the same in both");
  urne::cli::AddClientTransportOptions(opts, &command.tls);
  po::variables_map vm;
  urne::cli::Program program("urne-verify", opts);
  program.operand_name = "record";
  program.operand = &command.record_file;
  program.lang = &command.lang;
  program.usage_fr = kUsageFr;
  program.options_fr = &OptionsFr();
  program.run = [&] {
    bool from_board = !command.board.empty() || !command.election.empty();
    if (from_board == !command.record_file.empty() ||
        (from_board && (command.board.empty() || command.election.empty()))) {
      std::cerr << (command.lang == "fr"
                        ? "urne-verify: donnez soit FICHIER_ENREGISTREMENT, soit --board URL et "
                          "--election ID\nEssayez urne-verify --help.\n"
                        : "urne-verify: give either RECORD_FILE, or --board URL and --election "
                          "ID\nTry urne-verify --help.\n");
      return urne::cli::kExitUsage;
    }
    return urne::verifier::RunVerify(command, std::cout, std::cerr);
  };
  return urne::cli::RunProgram(program, argc, argv, vm, std::cout, std::cerr);
}

// urne-admin: the election authority's program. Thin main: flags, then authority/admin.h.
#include <boost/program_options.hpp>
#include <iostream>
#include <map>
#include <string>

#include "authority/admin.h"
#include "authority/manifest_commands.h"
#include "authority/messages.h"
#include "authority/signed_once.h"
#include "cli/cli.h"
#include "cli/messages.h"
#include "cli/program.h"
#include "cli/transport.h"
#include "status/status.h"

namespace po = boost::program_options;

namespace {

constexpr char kUsage[] =
    "urne-admin COMMAND [options]\n\n"
    "The election authority's program: define a votation, register voters, run the phases,\n"
    "publish the result. Commands:\n"
    "  init      --out KEYFILE                          create the authority's signing key\n"
    "  manifest new --kind KIND --out FILE [--time-zone TZ] [--lang fr|en] [--force]\n"
    "            a commented starting manifest to edit; KIND: local-referendum, swiss-day,\n"
    "            participatory-budget, consultation; times in TZ (default Europe/Paris)\n"
    "  manifest check FILE [--lang fr|en]\n"
    "            every problem of an edited manifest, with its line and column\n"
    "  manifest  --template T.json --authority-key K --board-key B\n"
    "            --trustee NAME:SIGNHEX:BOXHEX ... --threshold T --out M.json\n"
    "            [--booth-digest HEX]                   fill a manifest template; HEX (from\n"
    "                                        `urne-board booth-digest`) lets voters use\n"
    "                                        the board's hosted booth (specs/booth.md §7)\n"
    "  create    --board H:P --manifest M.json --key KEYFILE      post the manifest\n"
    "  credentials --manifest M.json --election ID --voters ROLL.csv --board H:P\n"
    "            --out DIR --public FILE     OFFLINE: codes, letters into DIR, the public\n"
    "                                        credentials into FILE; no network, no key\n"
    "                                        (--board is only printed in the letters)\n"
    "  post-roll --board H:P --election ID --credentials FILE --key KEYFILE\n"
    "                                        ONLINE: sign and post the public credentials\n"
    "                                        as the roll; never sees a code\n"
    "  roll      --board H:P --election ID --voters ROLL.csv --key KEYFILE --out DIR\n"
    "            [--map FILE] [--encoding utf-8|windows-1252] [--columns id=COL,…]\n"
    "                                        both steps on one machine (the town then\n"
    "                                        holds the codes; see specs/credentials.md §7);\n"
    "                                        credentials and roll also write the private\n"
    "                                        voter map (id -> public credential, no code) to\n"
    "                                        FILE, default DIR-voter-map.csv\n"
    "            [--booth-url https://HOST/]  (roll, credentials) the hosted booth's address:\n"
    "                                        each letter prints HOST/#ELECTION-ID\n"
    "  replace-credential --board H:P --election ID --key KEYFILE --voter VOTER_ID\n"
    "            --voters ROLL.csv --map FILE --out LETTER.html [--booth-url URL]\n"
    "            [--encoding E] [--columns …]  (the roll as given to roll)\n"
    "                                        a lost or stolen letter, during the vote: a\n"
    "                                        public entry revokes the old credential (its\n"
    "                                        ballot stops counting), a new letter is written\n"
    "  open | close  --board H:P --election ID --key KEYFILE [--state DIR]\n"
    "            close [--follow-dir DIR [--follow-wait SECONDS]]: over the log that\n"
    "            follow --dir DIR verified (nothing replayed: a second at any size)\n"
    "            each signed once per election, ever (recorded in DIR, default KEYFILE.signed)\n"
    "  voters    --board H:P --election ID --map FILE --voted | --not-voted [--csv]\n"
    "                                        who voted (never how), from the private voter\n"
    "                                        map and the board\n"
    "  follow    --board H:P --election ID --dir DIR [--interval SECONDS]\n"
    "            during the vote, no key needed: verify the log as it grows; once it holds\n"
    "            CLOSE, write the tally checkpoint DIR/<election>.tally and stop\n"
    "  tally     --board H:P --election ID --key KEYFILE [--wait SECONDS]\n"
    "            [--tally-checkpoint FILE]  (from follow: no ballot is fetched again)\n"
    "  results   --board H:P --election ID [--format text|json|html] [--out FILE]\n"
    "            [--tally-checkpoint FILE]  (from follow: no ballot is fetched again)\n"
    "  status    --board H:P --election ID [--json] [--follow-dir DIR]\n"
    "            with --follow-dir: from follow's files, nothing replayed\n"
    "H:P is https://HOST:PORT (TLS; --tls-ca FILE for a private CA), or HOST:PORT in plain\n"
    "text to this machine only (elsewhere with --insecure).\n\n"
    "Messages in French or English: --lang fr|en, else from LANG.\n"
    "Exit codes: 0 ok, 1 verification failed, 2 usage or input error. Options";

constexpr char kUsageFr[] =
    "urne-admin COMMANDE [options]\n\n"
    "Le programme de l'autorité électorale : définir un scrutin, inscrire les électeurs,\n"
    "conduire les phases, publier le résultat. Commandes :\n"
    "  init      --out FICHIER_CLÉ                      crée la clé de signature de l'autorité\n"
    "  manifest new --kind TYPE --out FICHIER [--time-zone FUSEAU] [--lang fr|en] [--force]\n"
    "            un manifeste de départ commenté à modifier ; TYPE : local-referendum,\n"
    "            swiss-day, participatory-budget, consultation ; heures dans FUSEAU (par\n"
    "            défaut Europe/Paris)\n"
    "  manifest check FICHIER [--lang fr|en]\n"
    "            chaque problème d'un manifeste modifié, avec sa ligne et sa colonne\n"
    "  manifest  --template T.json --authority-key K --board-key B\n"
    "            --trustee NOM:SIGNHEX:BOXHEX ... --threshold T --out M.json\n"
    "            [--booth-digest HEX]                   remplit un modèle de manifeste ; HEX\n"
    "                                        (de `urne-board booth-digest`) permet aux\n"
    "                                        électeurs d'utiliser l'isoloir du tableau\n"
    "                                        (specs/booth.md §7)\n"
    "  create    --board H:P --manifest M.json --key FICHIER_CLÉ   publie le manifeste\n"
    "  credentials --manifest M.json --election ID --voters LISTE.csv --board H:P\n"
    "            --out DOSSIER --public FICHIER  HORS LIGNE : codes et lettres dans DOSSIER,\n"
    "                                        accréditations publiques dans FICHIER ; ni\n"
    "                                        réseau ni clé (--board est seulement imprimé\n"
    "                                        sur les lettres)\n"
    "  post-roll --board H:P --election ID --credentials FICHIER --key FICHIER_CLÉ\n"
    "                                        EN LIGNE : signe et publie les accréditations\n"
    "                                        publiques comme liste ; ne voit aucun code\n"
    "  roll      --board H:P --election ID --voters LISTE.csv --key FICHIER_CLÉ --out DOSSIER\n"
    "            [--map FICHIER] [--encoding utf-8|windows-1252] [--columns id=COL,…]\n"
    "                                        les deux étapes sur une machine (la mairie\n"
    "                                        détient alors les codes ; voir\n"
    "                                        specs/credentials.md §7) ; credentials et roll\n"
    "                                        écrivent aussi la table privée des électeurs\n"
    "                                        (id -> accréditation publique, sans code) dans\n"
    "                                        FICHIER, par défaut DOSSIER-voter-map.csv\n"
    "            [--booth-url https://HÔTE/]  (roll, credentials) l'adresse de l'isoloir en\n"
    "                                        ligne : chaque lettre imprime HÔTE/#ID-SCRUTIN\n"
    "  replace-credential --board H:P --election ID --key FICHIER_CLÉ --voter ID_ÉLECTEUR\n"
    "            --voters LISTE.csv --map FICHIER --out LETTRE.html [--booth-url URL]\n"
    "            [--encoding E] [--columns …]  (la liste telle que donnée à roll)\n"
    "                                        une lettre perdue ou volée, pendant le vote :\n"
    "                                        une entrée publique révoque l'ancienne\n"
    "                                        accréditation (son bulletin cesse de compter),\n"
    "                                        une nouvelle lettre est écrite\n"
    "  open | close  --board H:P --election ID --key FICHIER_CLÉ [--state DOSSIER]\n"
    "            close [--follow-dir DOSSIER [--follow-wait SECONDES]] : sur le registre que\n"
    "            follow --dir DOSSIER a vérifié (rien n'est rejoué : une seconde à toute taille)\n"
    "            chacune signée une fois par scrutin, jamais plus (noté dans DOSSIER, par\n"
    "            défaut FICHIER_CLÉ.signed)\n"
    "  voters    --board H:P --election ID --map FICHIER --voted | --not-voted [--csv]\n"
    "                                        qui a voté (jamais comment), d'après la table\n"
    "                                        privée des électeurs et le tableau\n"
    "  follow    --board H:P --election ID --dir DOSSIER [--interval SECONDES]\n"
    "            pendant le vote, sans clé : vérifie le registre à mesure qu'il grandit ;\n"
    "            une fois la clôture publiée, écrit le point de reprise du dépouillement\n"
    "            DOSSIER/<scrutin>.tally et s'arrête\n"
    "  tally     --board H:P --election ID --key FICHIER_CLÉ [--wait SECONDES]\n"
    "            [--tally-checkpoint FICHIER]  (de follow : aucun bulletin n'est relu)\n"
    "  results   --board H:P --election ID [--format text|json|html] [--out FICHIER]\n"
    "            [--tally-checkpoint FICHIER]  (de follow : aucun bulletin n'est relu)\n"
    "  status    --board H:P --election ID [--json] [--follow-dir DOSSIER]\n"
    "            avec --follow-dir : d'après les fichiers de follow, rien n'est rejoué\n"
    "H:P est https://HÔTE:PORT (TLS ; --tls-ca FICHIER pour une autorité privée), ou\n"
    "HÔTE:PORT en clair vers cette machine seulement (ailleurs avec --insecure).\n\n"
    "Messages en français ou en anglais : --lang fr|en, sinon selon LANG.\n"
    "Codes de sortie : 0 bon, 1 vérification échouée, 2 erreur d'usage ou de données. Options";

const std::map<std::string, std::string>& OptionsFr() {
  static const auto* texts = new std::map<std::string, std::string>{
      {"board", "tableau https://HÔTE:PORT"},
      {"election", "identifiant du scrutin (64 chiffres hexadécimaux)"},
      {"key", "fichier de clé de l'autorité (créé par init)"},
      {"passphrase-file",
       "lire la phrase secrète de la clé dans la première ligne de ce "
       "fichier (sinon elle est demandée)"},
      {"manifest", "fichier JSON du manifeste"},
      {"voters", "liste électorale CSV"},
      {"out", "fichier ou dossier de sortie"},
      {"wait", "tally : secondes d'attente des garants"},
      {"dir", "follow : le dossier du suivi"},
      {"interval", "follow : secondes entre deux mises à jour"},
      {"follow-dir",
       "close, status : le dossier de `follow` pour ce scrutin (close signe le registre "
       "vérifié)"},
      {"follow-wait",
       "close --follow-dir : secondes d'attente pour que le suivi vérifie ce que détient le "
       "tableau"},
      {"tally-checkpoint",
       "tally, results : le point de reprise écrit par follow (sinon tout le registre est "
       "rejoué)"},
      {"format", "results : text, json ou html"},
      {"json", "status : sortie pour les machines"},
      {"template", "manifest : modèle JSON"},
      {"authority-key", "manifest : FICHIER_CLÉ.pub ou la clé en hexadécimal"},
      {"board-key",
       "manifest : la clé du tableau (en hexadécimal, telle que l'affiche "
       "`urne-board key --data DOSSIER`, ou un fichier)"},
      {"trustee", "manifest : NOM:SIGNHEX:BOXHEX (répétable)"},
      {"threshold", "manifest : nombre de garants nécessaires pour déchiffrer"},
      {"booth-url",
       "roll, credentials : l'adresse https:// de l'isoloir en ligne, imprimée "
       "sur chaque lettre"},
      {"booth-digest",
       "manifest : l'empreinte de l'isoloir en ligne (64 chiffres "
       "hexadécimaux, `urne-board booth-digest`)"},
      {"public", "credentials : où écrire les accréditations publiques"},
      {"credentials", "post-roll : le fichier des accréditations publiques"},
      {"state",
       "open, close : où sont notées les entrées OPEN et CLOSE signées (par défaut "
       "FICHIER_CLÉ.signed)"},
      {"kind", "manifest new : le type de scrutin"},
      {"time-zone", "manifest new : le fuseau horaire de la commune (nom IANA)"},
      {"force", "manifest new : remplacer un fichier existant"},
      {"voted", "voters : les électeurs dont le bulletin compte"},
      {"not-voted", "voters : les électeurs sans bulletin qui compte"},
      {"csv", "voters : sortie CSV"},
      {"voter", "replace-credential : l'identifiant de l'électeur dans la liste CSV"},
      {"map",
       "roll, credentials : où écrire la table privée des électeurs ; "
       "replace-credential : la table"},
      {"encoding",
       "roll, credentials, replace-credential : l'encodage de la liste CSV, utf-8 "
       "ou windows-1252 (Excel sous Windows)"},
      {"columns",
       "roll, credentials, replace-credential : quelle colonne CSV est laquelle, "
       "id=COL,name=COL,postal_address=COL[,notes=COL] (par défaut : trouvées par "
       "leurs noms français et anglais habituels)"},
  };
  return *texts;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string program = "urne-admin";
  po::options_description opts(kUsage);
  std::string board;
  std::string manifest;
  std::string key;
  std::string passphrase_file;
  std::string election;
  std::string voters;
  std::string out;
  std::string format;
  std::string tmpl;
  std::string authority_key;
  std::string board_key;
  std::string public_out;
  std::string credentials;
  std::string state_dir;
  std::string booth_digest;
  std::string booth_url;
  std::vector<std::string> trustees;
  std::string kind;
  std::string time_zone;
  std::string lang_flag;
  std::string voter_id;
  std::string map_path;
  urne::authority::RollCsvOptions csv;
  uint32_t threshold = 0;
  int wait = 600;
  std::string follow_dir;
  std::string close_follow_dir;
  int follow_wait = 60;
  std::string tally_checkpoint;
  int interval = 5;
  opts.add_options()("help,h", "show this help")("board", po::value(&board),
                                                 "bulletin board https://HOST:PORT")(
      "election", po::value(&election), "election id (64 hex digits)")(
      "key", po::value(&key), "authority key file (from init)")(
      "passphrase-file", po::value(&passphrase_file),
      "read the key passphrase from this file's first line (else prompted)")(
      "manifest", po::value(&manifest), "manifest JSON file")("voters", po::value(&voters),
                                                              "electoral roll CSV")(
      "out", po::value(&out), "output file or folder")("wait", po::value(&wait)->default_value(600),
                                                       "tally: seconds to wait for trustees")(
      "format", po::value(&format)->default_value("text"), "results: text, json or html")(
      "json", "status: machine-readable output")("template", po::value(&tmpl),
                                                 "manifest: template JSON")(
      "authority-key", po::value(&authority_key), "manifest: KEYFILE.pub or the key in hex")(
      "board-key", po::value(&board_key),
      "manifest: the board's key (hex, as `urne-board key --data DIR` prints it, or a file)")(
      "trustee", po::value(&trustees)->composing(), "manifest: NAME:SIGNHEX:BOXHEX (repeat)")(
      "threshold", po::value(&threshold), "manifest: trustees needed to decrypt")(
      "booth-url", po::value(&booth_url),
      "roll, credentials: the hosted booth's https:// address, printed on each letter")(
      "booth-digest", po::value(&booth_digest),
      "manifest: the hosted booth's digest (64 hex digits, `urne-board booth-digest`)")(
      "public", po::value(&public_out), "credentials: where to write the public credentials")(
      "credentials", po::value(&credentials), "post-roll: the public credentials file")(
      "dir", po::value(&follow_dir), "follow: the follower's folder")(
      "interval", po::value(&interval)->default_value(5), "follow: seconds between updates")(
      "tally-checkpoint", po::value(&tally_checkpoint),
      "tally, results: the tally checkpoint follow wrote (else the whole log is replayed)")(
      "follow-dir", po::value(&close_follow_dir),
      "close, status: the folder of `follow` for this election (close signs the log it "
      "verified)")(
      "follow-wait", po::value(&follow_wait)->default_value(60),
      "close --follow-dir: seconds to wait for the follower to verify what the board holds")(
      "state", po::value(&state_dir),
      "open, close: where the signed OPEN and CLOSE are recorded (default KEYFILE.signed)");
  opts.add_options()("kind", po::value(&kind), "manifest new: the kind of votation")(
      "time-zone", po::value(&time_zone)->default_value("Europe/Paris"),
      "manifest new: the town's time zone (IANA name)")(
      "lang", po::value(&lang_flag),
      "every command: messages in fr or en (default from LC_ALL, LC_MESSAGES or LANG: fr when "
      "it starts with fr; the reasons in --json stay as they are)")(
      "force", "manifest new: replace an existing file")(
      "voted", "voters: list the voters whose ballot counts")(
      "not-voted", "voters: list the voters without a ballot that counts")(
      "csv", "voters: CSV output")("voter", po::value(&voter_id),
                                   "replace-credential: the voter's id in the roll CSV")(
      "map", po::value(&map_path),
      "roll, credentials: where to write the private voter map; replace-credential: the map")(
      "encoding", po::value(&csv.encoding)->default_value("utf-8"),
      "roll, credentials, replace-credential: the roll CSV's encoding, utf-8 or windows-1252 "
      "(Excel on Windows)")(
      "columns", po::value(&csv.columns),
      "roll, credentials, replace-credential: which CSV column is which, "
      "id=COL,name=COL,postal_address=COL"
      "[,notes=COL] (default: found by their usual French and English names)");
  urne::ClientTls tls;
  urne::cli::AddClientTransportOptions(opts, &tls);
  po::variables_map vm;
  urne::authority::AdminIo io{std::cout, std::cerr};
  // The language of messages (--lang, else LANG), set before a verb runs.
  auto done = [&](const absl::Status& status) { return urne::cli::Fail(program, status, io.lang); };
  auto init = [&] {
    auto pass = urne::cli::ReadPassphrase(passphrase_file, "New passphrase for the key: ", true);
    if (!pass.ok()) return done(pass.status());
    return done(urne::authority::AdminInit(
        out, std::string_view(reinterpret_cast<const char*>(pass->data()), pass->size()), io));
  };
  auto make_manifest = [&] {
    urne::authority::ManifestFill fill{authority_key, board_key, trustees, threshold, booth_digest};
    return done(urne::authority::AdminManifest(tmpl, fill, out, io));
  };
  auto make_credentials = [&] {  // offline: no BoardClient, no key
    auto id = urne::ParseElectionId(election);
    if (!id.ok()) return done(id.status());
    return done(urne::authority::AdminCredentials(manifest, *id, voters, board, out, public_out, io,
                                                  csv, booth_url, map_path));
  };
  // The verbs that sign with the authority key and post: the board, then the election id
  // (except create), then the key.
  using Signed = std::function<absl::Status(urne::BoardClient&, const urne::ElectionId&,
                                            const urne::SigningKey&)>;
  auto signing = [&](bool needs_election, const Signed& verb) {
    return [&, needs_election, verb] {
      auto endpoint = urne::cli::BoardEndpointFromFlags(program, board, tls, std::cerr);
      if (!endpoint.ok()) return done(endpoint.status());
      urne::BoardClient client(*endpoint);
      urne::ElectionId id{};
      if (needs_election) {
        auto parsed = urne::ParseElectionId(election);
        if (!parsed.ok()) return done(parsed.status());
        id = *parsed;
      }
      auto key_pair = urne::authority::OpenAuthorityKey(key, passphrase_file);
      if (!key_pair.ok()) return done(key_pair.status());
      if (state_dir.empty()) state_dir = urne::authority::DefaultSignedDir(key);
      return done(verb(client, id, *key_pair));
    };
  };
  // The verbs that only read the board.
  using Reading = std::function<absl::Status(urne::BoardClient&, const urne::ElectionId&)>;
  auto reading = [&](const Reading& verb) {
    return [&, verb] {
      auto id = urne::ParseElectionId(election);
      if (!id.ok()) return done(id.status());
      auto endpoint = urne::cli::BoardEndpointFromFlags(program, board, tls, std::cerr);
      if (!endpoint.ok()) return done(endpoint.status());
      urne::BoardClient client(*endpoint);
      return done(verb(client, *id));
    };
  };
  auto manifest_new = [&] {
    return done(urne::authority::AdminManifestNew(kind, io.lang, time_zone, out,
                                                  vm.count("force") > 0, io));
  };
  auto manifest_check = [&] {
    return done(urne::authority::AdminManifestCheck(manifest, io.lang, io));
  };
  using urne::BoardClient;
  using urne::ElectionId;
  using Key = urne::SigningKey;
  urne::cli::Program table(program, opts);
  table.verbs = {
      {"init", {"out"}, init},
      {"manifest", {"template", "authority-key", "board-key", "out"}, make_manifest},
      {"manifest-new", {"kind", "out"}, manifest_new},
      {"manifest-check", {"manifest"}, manifest_check},
      {"create",
       {"board", "key", "manifest"},
       signing(false,
               [&](BoardClient& c, const ElectionId&, const Key& k) {
                 return urne::authority::AdminCreate(c, manifest, k, io);
               })},
      {"credentials",
       {"manifest", "election", "voters", "board", "out", "public"},
       make_credentials},
      {"post-roll",
       {"board", "key", "election", "credentials"},
       signing(true,
               [&](BoardClient& c, const ElectionId& id, const Key& k) {
                 return urne::authority::AdminPostRoll(c, id, credentials, k, io);
               })},
      {"roll",
       {"board", "key", "election", "voters", "out"},
       signing(true,
               [&](BoardClient& c, const ElectionId& id, const Key& k) {
                 return urne::authority::AdminRoll(c, id, voters, k, out, io, csv, booth_url,
                                                   map_path);
               })},
      {"replace-credential",
       {"board", "key", "election", "voter", "voters", "map", "out"},
       signing(true,
               [&](BoardClient& c, const ElectionId& id, const Key& k) {
                 return urne::authority::AdminReplaceCredential(c, id, k, voter_id, voters, csv,
                                                                map_path, out, booth_url, io);
               })},
      {"open",
       {"board", "key", "election"},
       signing(true,
               [&](BoardClient& c, const ElectionId& id, const Key& k) {
                 return urne::authority::AdminOpen(c, id, k, state_dir, io);
               })},
      {"close",
       {"board", "key", "election"},
       signing(true,
               [&](BoardClient& c, const ElectionId& id, const Key& k) {
                 if (close_follow_dir.empty()) {
                   return urne::authority::AdminClose(c, id, k, state_dir, io);
                 }
                 return urne::authority::AdminCloseFollowed(c, id, k, state_dir,
                                                            {close_follow_dir, follow_wait}, io);
               })},
      {"tally",
       {"board", "key", "election"},
       signing(true,
               [&](BoardClient& c, const ElectionId& id, const Key& k) {
                 return urne::authority::AdminTally(c, id, k, wait, io, tally_checkpoint);
               })},
      {"follow", {"board", "election", "dir"}, reading([&](BoardClient& c, const ElectionId& id) {
         return urne::authority::AdminFollow(c, id, follow_dir, interval, io);
       })},
      {"results",
       {"board", "election"},
       reading([&](BoardClient& c, const ElectionId& id) -> absl::Status {
         URNE_ASSIGN_OR_RETURN(urne::authority::ReportFormat fmt,
                               urne::authority::ParseReportFormat(format));
         return urne::authority::AdminResults(c, id, fmt, out, io, tally_checkpoint);
       })},
      {"voters",
       {"board", "election", "map"},
       reading([&](BoardClient& c, const ElectionId& id) -> absl::Status {
         if (vm.count("voted") == vm.count("not-voted")) {
           return urne::authority::Refuse(urne::authority::AdminMsg::kVotersUsage);
         }
         return urne::authority::AdminVoters(c, id, map_path,
                                             vm.count("voted")
                                                 ? urne::authority::VotersWanted::kVoted
                                                 : urne::authority::VotersWanted::kNotVoted,
                                             vm.count("csv") > 0, io);
       })},
      {"status", {"board", "election"}, reading([&](BoardClient& c, const ElectionId& id) {
         return urne::authority::AdminStatus(c, id, vm.count("json") > 0, close_follow_dir, io);
       })},
  };
  table.unknown_verb_hint = ". Try urne-admin --help.";
  table.unknown_verb_hint_fr = ". Essayez urne-admin --help.";
  table.lang = &lang_flag;
  table.usage_fr = kUsageFr;
  table.options_fr = &OptionsFr();
  for (auto& verb : table.verbs) {
    verb.run = [&, run = verb.run] {
      auto lang = urne::cli::MessageLanguage(lang_flag);
      if (!lang.ok()) return done(lang.status());
      io.lang = *lang;
      return run();
    };
  }
  // `manifest new …` and `manifest check FILE` are the verbs manifest-new and manifest-check.
  std::vector<char*> args(argv, argv + argc);
  std::string sub;
  if (argc >= 3 && std::string(argv[1]) == "manifest" &&
      (std::string(argv[2]) == "new" || std::string(argv[2]) == "check")) {
    sub = "manifest-" + std::string(argv[2]);
    args.erase(args.begin() + 1);
    args[1] = sub.data();
    if (sub == "manifest-check" && args.size() >= 3 && args[2][0] != '-') {
      args.insert(args.begin() + 2, const_cast<char*>("--manifest"));
    }
  }
  return urne::cli::RunProgram(table, static_cast<int>(args.size()), args.data(), vm, std::cout,
                               std::cerr);
}

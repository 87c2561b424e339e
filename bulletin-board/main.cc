// urne-board: the bulletin board server. Thin main: flags, then bulletin-board/service.h.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "absl/synchronization/mutex.h"
#include "bulletin-board/board.h"
#include "bulletin-board/booth_files.h"
#include "bulletin-board/service.h"
#include "cli/program.h"
#include "cli/transport.h"
#include "status/status.h"

namespace po = boost::program_options;

namespace {

constexpr char kUsageFr[] =
    "urne-board serve --data DOSSIER --listen HÔTE:PORT [--tls-cert FICHIER --tls-key FICHIER]\n"
    "                 --allow-authority HEX | --allowed-authorities FICHIER\n"
    "                 [--http HÔTE:PORT [--booth DOSSIER]]\n"
    "urne-board key --data DOSSIER\n"
    "urne-board booth-digest [--booth DOSSIER]\n\n"
    "serve fait fonctionner le tableau d'urne : un serveur gRPC (urne.v1.Board) qui garde le\n"
    "registre signé, en ajout seul, de chaque scrutin dans DOSSIER (SQLite). La clé du tableau\n"
    "y est créée au premier lancement. Il sert en TLS avec --tls-cert et --tls-key ; en clair\n"
    "seulement sur une adresse locale (127.0.0.1, ::1, localhost), sauf avec --insecure.\n"
    "Seules les clés d'autorité que l'exploitant autorise peuvent créer des scrutins. Les\n"
    "limites sont décrites dans specs/board.md §5.3.\n"
    "key affiche la clé publique du tableau en hexadécimal (en la créant au besoin) : chaque\n"
    "manifeste la nomme (urne-admin manifest --board-key).\n"
    "Avec --http, serve ouvre aussi un port HTTPS (même certificat) avec l'isoloir des\n"
    "électeurs (la version dans --booth DOSSIER) et son API JSON (specs/board.md §7) ;\n"
    "booth-digest affiche l'empreinte de cette version, que les manifestes engagent\n"
    "(specs/booth.md §7).\n"
    "Messages en français ou en anglais : --lang fr|en, sinon selon LANG. Options";

const std::map<std::string, std::string>& OptionsFr() {
  static const auto* texts = new std::map<std::string, std::string>{
      {"data", "dossier des données (créé s'il manque)"},
      {"http", "servir aussi l'isoloir et l'API JSON sur HÔTE:PORT"},
      {"booth", "le dossier de la version de l'isoloir (booth/, js/, node_modules/@noble/)"},
      {"listen", "adresse d'écoute"},
      {"allow-authority",
       "une clé publique d'autorité (64 chiffres hexadécimaux) autorisée à "
       "créer des scrutins ; répétable"},
      {"allowed-authorities",
       "fichier des clés d'autorité autorisées, une par ligne (relu quand "
       "il change)"},
      {"allow-any-authority", "laisser toute clé créer des scrutins (essais et tests seulement)"},
      {"max-entry-bytes",
       "plus grand contenu d'entrée (la liste électorale) ; les messages gRPC "
       "ont 64 Kio de plus"},
      {"max-manifest-bytes", "plus grand contenu de MANIFEST"},
      {"max-in-flight", "dépôts en cours par machine cliente"},
      {"max-in-flight-bytes", "octets de contenu de tous les dépôts en cours"},
      {"rate-per-host", "dépôts par seconde par machine cliente (0 : sans limite)"},
      {"burst-per-host", "dépôts qu'une machine peut faire d'un coup"},
      {"rate-per-credential", "dépôts par seconde par clé d'auteur (0 : sans limite)"},
      {"burst-per-credential", "dépôts qu'une clé d'auteur peut faire d'un coup"},
      {"max-connections",
       "connexions tenues à la fois, ports gRPC et HTTPS ensemble (0 : 4096 ; "
       "toujours sous la limite de descripteurs)"},
      {"handshake-timeout-ms",
       "fermer une connexion dont la poignée de main n'est pas finie à "
       "ce délai"},
      {"idle-timeout-s", "fermer une connexion sans appel depuis ce temps"},
      {"threads", "fils de vérification (0 = tous les cœurs)"},
      {"insecure",
       "autoriser le texte en clair sur une adresse qui n'est pas locale (avec "
       "avertissement)"},
  };
  return *texts;
}

}  // namespace

int main(int argc, char** argv) {
  // Debian's Abseil is built without NDEBUG, so every absl::Mutex (ours and gRPC's) keeps a
  // lock-order graph for deadlock detection: about 1 % of the board's CPU and 9 % of a
  // client's under load. Release builds of Abseil leave it off; so does this program.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  po::options_description opts(
      "urne-board serve --data DIR --listen HOST:PORT [--tls-cert FILE --tls-key FILE]\n"
      "                 --allow-authority HEX | --allowed-authorities FILE\n"
      "                 [--http HOST:PORT [--booth DIR]]\n"
      "urne-board key --data DIR\n"
      "urne-board booth-digest [--booth DIR]\n\n"
      "serve runs the urne bulletin board: a gRPC server (urne.v1.Board) keeping every\n"
      "election's signed, append-only log in DIR (SQLite). The board key is created in DIR on\n"
      "first use. It serves TLS with --tls-cert and --tls-key; plain text only on a loopback\n"
      "address (127.0.0.1, ::1, localhost) unless --insecure. Only the authority keys the\n"
      "operator allows may create elections. Limits are described in specs/board.md §5.3.\n"
      "key prints the board's public key in hex (creating it if needed): every manifest names\n"
      "it (urne-admin manifest --board-key).\n"
      "With --http, serve also opens an HTTPS port (same certificate) with the voters' booth\n"
      "(the release in --booth DIR) and its JSON API (specs/board.md §7); booth-digest prints\n"
      "the digest of that release, which manifests commit to (specs/booth.md §7).\n"
      "Messages in French or English: --lang fr|en, else from LANG. Options");
  std::string data;
  std::string listen;
  std::string authorities_file;
  std::string http_listen;
  std::string lang;
  std::string booth_dir = urne::bulletin_board::DefaultBoothDir();
  std::vector<std::string> authorities;
  urne::bulletin_board::BoardLimits limits;
  urne::bulletin_board::ConnectionLimits connections;
  int idle_s = connections.idle_timeout_ms / 1000;
  opts.add_options()("help,h", "show this help")("data", po::value(&data),
                                                 "data directory (created if missing)")(
      "http", po::value(&http_listen), "also serve the booth and the JSON API on HOST:PORT")(
      "booth", po::value(&booth_dir)->default_value(booth_dir),
      "the booth release directory (booth/, js/, node_modules/@noble/)")(
      "listen", po::value(&listen)->default_value("127.0.0.1:50051"), "address to listen on")(
      "allow-authority", po::value(&authorities)->composing(),
      "an authority public key (64 hex digits) allowed to create elections; repeatable")(
      "allowed-authorities", po::value(&authorities_file),
      "file of allowed authority keys, one per line (re-read when it changes)")(
      "allow-any-authority", "let any key create elections (tests and local trials only)")(
      "max-entry-bytes", po::value(&limits.max_entry_bytes)->default_value(limits.max_entry_bytes),
      "largest entry payload (the roll); gRPC messages get 64 KiB more")(
      "max-manifest-bytes",
      po::value(&limits.max_manifest_bytes)->default_value(limits.max_manifest_bytes),
      "largest MANIFEST payload")(
      "max-in-flight",
      po::value(&limits.max_in_flight_per_client)->default_value(limits.max_in_flight_per_client),
      "posts in flight per client host")(
      "max-in-flight-bytes",
      po::value(&limits.max_in_flight_bytes)->default_value(limits.max_in_flight_bytes),
      "payload bytes of all posts in flight")(
      "rate-per-host", po::value(&limits.host_rate)->default_value(limits.host_rate),
      "posts per second per client host (0: no limit)")(
      "burst-per-host", po::value(&limits.host_burst)->default_value(limits.host_burst),
      "posts a host may make at once")(
      "rate-per-credential",
      po::value(&limits.credential_rate)->default_value(limits.credential_rate),
      "posts per second per author key (0: no limit)")(
      "burst-per-credential",
      po::value(&limits.credential_burst)->default_value(limits.credential_burst),
      "posts an author key may make at once")(
      "max-connections", po::value(&connections.max_connections)->default_value(0),
      "connections held at once, gRPC and HTTPS ports together (0: 4096; always below the "
      "descriptor limit)")(
      "handshake-timeout-ms",
      po::value(&connections.handshake_timeout_ms)->default_value(connections.handshake_timeout_ms),
      "close a connection that has not completed its handshake by then")(
      "idle-timeout-s", po::value(&idle_s)->default_value(idle_s),
      "close a connection without calls for that long")(
      "threads", po::value(&limits.verify_threads)->default_value(0),
      "verification threads (0 = all cores)")(
      "lang", po::value(&lang),
      "messages in fr or en (default from LC_ALL, LC_MESSAGES or LANG: fr when it starts "
      "with fr)");
  urne::cli::ServerTransportFlags transport;
  urne::cli::AddServerTransportOptions(opts, &transport);
  po::variables_map vm;
  auto fail = [&lang](const absl::Status& status) {
    return urne::cli::ReportError(std::cerr, "urne-board", status,
                                  urne::cli::ErrorStyle::kReasonAndMessage, lang);
  };
  auto key = [&] {
    auto key = urne::bulletin_board::LoadOrCreateBoardKey(data);
    if (!key.ok()) return fail(key.status());
    std::cout << urne::ToHex(key->public_key().bytes) << "\n";
    return urne::cli::kExitOk;
  };
  auto serve = [&] {
    connections.idle_timeout_ms = idle_s * 1000;
    absl::StatusOr<urne::bulletin_board::AuthorityAllowlist> allowed =
        vm.count("allow-any-authority")
            ? urne::bulletin_board::AuthorityAllowlist::AllowAny()
            : urne::bulletin_board::AuthorityAllowlist::Make(authorities, authorities_file);
    if (!allowed.ok()) return fail(allowed.status());
    const bool fr = lang == "fr";
    if (allowed->allow_any()) {
      std::cerr << (fr ? "urne-board: ATTENTION : --allow-any-authority : toute clé peut créer "
                         "des scrutins sur ce tableau ; ne l'utilisez jamais sur un tableau "
                         "public\n"
                       : "urne-board: WARNING: --allow-any-authority: any key may create "
                         "elections on this board; never use it on a public board\n");
    } else if (allowed->size() == 0) {
      std::cerr << (fr ? "urne-board: aucune autorité n'est encore autorisée : tout MANIFEST "
                         "sera refusé tant qu'une clé n'est pas ajoutée (--allow-authority, "
                         "--allowed-authorities)\n"
                       : "urne-board: no authority is allowed yet: every MANIFEST will be "
                         "refused until a key is added (--allow-authority, "
                         "--allowed-authorities)\n");
    }
    auto served = urne::cli::ServerTransportFromFlags("urne-board", listen, transport, std::cerr);
    if (!served.ok()) return fail(served.status());
    std::optional<urne::bulletin_board::BoothRelease> booth;
    urne::bulletin_board::WebOptions web;
    if (!http_listen.empty()) {
      auto http =
          urne::cli::ServerTransportFromFlags("urne-board", http_listen, transport, std::cerr);
      if (!http.ok()) return fail(http.status());
      auto release = urne::bulletin_board::BoothRelease::Load(booth_dir);
      if (!release.ok()) return fail(release.status());
      booth = std::move(*release);
      web = {{http_listen, http->cert_pem, http->key_pem}, &*booth};
    }
    return fail(urne::bulletin_board::Serve(data, {listen, served->cert_pem, served->key_pem},
                                            limits, std::move(*allowed), connections,
                                            http_listen.empty() ? nullptr : &web));
  };
  auto booth_digest = [&] {
    auto release = urne::bulletin_board::BoothRelease::Load(booth_dir);
    if (!release.ok()) return fail(release.status());
    std::cout << urne::ToHex(release->digest()) << "\n";
    return urne::cli::kExitOk;
  };
  urne::cli::Program program("urne-board", opts);
  program.verbs = {
      {"serve", {"data"}, serve}, {"key", {"data"}, key}, {"booth-digest", {}, booth_digest}};
  program.unknown_verb_hint = "; use: urne-board serve, urne-board key or urne-board booth-digest";
  program.unknown_verb_hint_fr =
      " ; utilisez : urne-board serve, urne-board key ou urne-board booth-digest";
  program.missing_verb_is_unknown = true;
  program.lang = &lang;
  program.usage_fr = kUsageFr;
  program.options_fr = &OptionsFr();
  return urne::cli::RunProgram(program, argc, argv, vm, std::cout, std::cerr);
}

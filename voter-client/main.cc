// urne-vote: the voter's command line and local web booth. Thin main: flags, then
// voter-client/commands.h and booth.h.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <iostream>

#include "board-client/client.h"
#include "cli/program.h"
#include "cli/transport.h"
#include "voter-client/booth.h"
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
    "urne-vote booth --board URL --election ID [--port N]\n\n"
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
    "check --election: from your code alone (asked for if --code is not given; it never\n"
    "  leaves this computer), lists every ballot and audit posted with it, when the board\n"
    "  says it received each, and which one counts; works before, during and after the vote.\n"
    "  An abstainer should find none. If one appears that you did not cast, contact the\n"
    "  town and give the entry number shown.\n"
    "Both compare the board with the receipts this computer kept (cast keeps a copy in\n"
    "  --receipts-dir, default $URNE_RECEIPTS_DIR, $XDG_DATA_HOME/urne/receipts or\n"
    "  ~/.local/share/urne/receipts) and WARN, exit 3, when a ballot not cast from this\n"
    "  computer replaced one that was.\n"
    "booth: serves a voting page on http://127.0.0.1:PORT/ (French and English), on this\n"
    "  machine only (loopback).\n\n"
    "Exit codes: 0 ok, 1 verification failed (or your code is not on the roll), 2 usage or\n"
    "input error, 3 (check) your ballot was replaced by one not cast from this computer.\n\n"
    "Options";

}  // namespace

int main(int argc, char** argv) {
  po::options_description opts(kUsage);
  std::string board, election, credential, answers_file, lang, code, receipts_dir;
  std::vector<std::string> receipts;
  std::vector<std::string> answers;
  uint16_t port = 0;
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
      "lang", po::value(&lang)->default_value("fr"), "fr or en")("json", "machine output")(
      "port", po::value(&port)->default_value(0), "booth port on 127.0.0.1 (0 = any free)");
  urne::ClientTls tls;
  urne::cli::AddClientTransportOptions(opts, &tls);
  po::variables_map vm;
  auto receipts_folder = [&] {
    return vm.count("receipts-dir") ? receipts_dir : urne::voter::DefaultReceiptsDir();
  };
  auto show = [&] {
    return urne::voter::ShowCommand({board, tls, election, lang, vm.count("json") > 0}, std::cout,
                                    std::cerr);
  };
  auto cast = [&] {
    urne::voter::CastOptions o;
    o.board = board;
    o.tls = tls;
    o.election = election;
    o.credential = credential;
    o.answers_file = answers_file;
    o.answers = answers;
    o.audit = vm.count("audit") > 0;
    o.interactive = isatty(0) && isatty(1);
    if (receipts.size() > 1) {
      std::cerr << "urne-vote cast: give --receipt once (where to save the receipt)\n";
      return urne::cli::kExitUsage;
    }
    o.receipt = receipts.empty() ? "" : receipts[0];
    o.receipts_dir = receipts_folder();
    o.lang = lang;
    o.json = vm.count("json") > 0;
    return urne::voter::CastCommand(o, std::cin, std::cout, std::cerr);
  };
  auto check = [&] {
    urne::voter::CheckOptions o;
    o.receipts = receipts;
    o.board = board;
    o.tls = tls;
    o.election = election;
    o.code = code;
    o.prompt = isatty(0) != 0;
    o.receipts_dir = receipts_folder();
    o.lang = lang;
    o.json = vm.count("json") > 0;
    return urne::voter::CheckCommand(o, std::cin, std::cout, std::cerr);
  };
  auto booth = [&] {
    auto fail = [](const absl::Status& s) {
      return urne::cli::ReportError(std::cerr, "urne-vote", s);
    };
    auto id = urne::ParseElectionId(election);
    if (!id.ok()) return fail(id.status());
    auto endpoint = urne::cli::BoardEndpointFromFlags("urne-vote", board, tls, std::cerr);
    if (!endpoint.ok()) return fail(endpoint.status());
    return fail(urne::voter::RunBooth(*endpoint, *id, port, [](uint16_t p) {
      std::cout << "urne-vote booth listening on http://127.0.0.1:" << p << "/" << std::endl;
    }));
  };
  urne::cli::Program program("urne-vote", opts);
  program.verbs = {{"show", {"board", "election"}, show},
                   {"cast", {"board", "election", "credential"}, cast},
                   {"check", {}, check},
                   {"booth", {"board", "election"}, booth}};
  program.unknown_verb_hint = "; use show, cast, check or booth (urne-vote --help)";
  program.missing_verb_is_unknown = true;
  return urne::cli::RunProgram(program, argc, argv, vm, std::cout, std::cerr);
}

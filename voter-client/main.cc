// urne-vote: the voter's command line (the web booth is the page the town's board serves,
// voter-client/web). Thin main: flags, then voter-client/commands.h.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <iostream>

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
    "Exit codes: 0 ok, 1 verification failed (or your code is not on the roll, or no ballot\n"
    "has the tracking code), 2 usage or input error, 3 (check) your ballot was replaced by one\n"
    "not cast from this computer, or your code was replaced by the town.\n\n"
    "Options";

}  // namespace

int main(int argc, char** argv) {
  po::options_description opts(kUsage);
  std::string board, election, credential, answers_file, lang, code, receipts_dir, tracking;
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
      "lang", po::value(&lang)->default_value("fr"), "fr or en")("json", "machine output");
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
    o.tracking_code = tracking;
    o.prompt = isatty(0) != 0;
    o.receipts_dir = receipts_folder();
    o.lang = lang;
    o.json = vm.count("json") > 0;
    return urne::voter::CheckCommand(o, std::cin, std::cout, std::cerr);
  };
  urne::cli::Program program("urne-vote", opts);
  program.verbs = {{"show", {"board", "election"}, show},
                   {"cast", {"board", "election", "credential"}, cast},
                   {"check", {}, check}};
  program.unknown_verb_hint =
      "; use show, cast or check (urne-vote --help); to vote in a browser, open the link on "
      "your letter";
  program.missing_verb_is_unknown = true;
  return urne::cli::RunProgram(program, argc, argv, vm, std::cout, std::cerr);
}

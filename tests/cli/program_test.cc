// The command-line frame: verbs, required flags, help, usage errors and the one exit-code rule.
#include "cli/program.h"

#include <gtest/gtest.h>

#include <sstream>

#include "status/status.h"

namespace urne::cli {
namespace {

namespace po = boost::program_options;

struct Outcome {
  int exit = -1;
  std::string out, err;
  std::string ran;  // the verb that ran
};

// A two-verb program: "get" needs --board and --election; "init" needs nothing.
Outcome RunArgs(std::vector<std::string> args, const std::string& hint = "",
                bool missing_is_unknown = false) {
  Outcome r;
  std::string board;
  std::string election;
  po::options_description opts("demo VERB [options]\nOptions");
  opts.add_options()("help,h", "show this help")("board", po::value(&board), "board")(
      "election", po::value(&election), "election");
  po::options_description extra("TESTING");
  extra.add_options()("cheat", "a hidden fault");
  Program p("demo", opts);
  p.extra = &extra;
  p.verbs = {{"init", {}, [&] { return r.ran = "init", 0; }},
             {"get", {"board", "election"}, [&] { return r.ran = "get:" + board, 7; }}};
  p.unknown_verb_hint = hint;
  p.missing_verb_is_unknown = missing_is_unknown;
  args.insert(args.begin(), "demo");
  std::vector<char*> argv;
  argv.reserve(args.size());
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out;
  std::ostringstream err;
  po::variables_map vm;
  r.exit = RunProgram(p, static_cast<int>(argv.size()), argv.data(), vm, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

TEST(RunProgram, RunsTheVerbWithItsFlags) {
  Outcome r = RunArgs({"get", "--board", "b:1", "--election", "e"});
  EXPECT_EQ(r.exit, 7);
  EXPECT_EQ(r.ran, "get:b:1");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(RunArgs({"init"}).ran, "init");
}

TEST(RunProgram, MissingRequiredFlagIsNamed) {
  Outcome r = RunArgs({"get", "--board", "b:1"});
  EXPECT_EQ(r.exit, kExitUsage);
  EXPECT_EQ(r.ran, "");
  EXPECT_EQ(r.err, "demo get: --election is required. Try demo --help.\n");
  // The first missing flag in the verb's order.
  EXPECT_EQ(RunArgs({"get"}).err, "demo get: --board is required. Try demo --help.\n");
}

TEST(RunProgram, HelpAndEmptyCommandLine) {
  Outcome help = RunArgs({"--help"});
  EXPECT_EQ(help.exit, kExitOk);
  EXPECT_NE(help.out.find("demo VERB [options]"), std::string::npos);
  EXPECT_NE(help.out.find("TESTING"), std::string::npos);
  Outcome empty = RunArgs({});
  EXPECT_EQ(empty.exit, kExitUsage);
  EXPECT_NE(empty.out.find("demo VERB [options]"), std::string::npos);
}

TEST(RunProgram, UnknownAndMissingVerb) {
  Outcome unknown = RunArgs({"fly"});
  EXPECT_EQ(unknown.exit, kExitUsage);
  EXPECT_EQ(unknown.err, "demo: unknown command \"fly\"; use init or get. Try demo --help.\n");
  EXPECT_EQ(RunArgs({"fly"}, "; see --help").err, "demo: unknown command \"fly\"; see --help\n");
  Outcome missing = RunArgs({"--board", "x"});
  EXPECT_EQ(missing.exit, kExitUsage);
  EXPECT_EQ(missing.err, "demo: give a command (init, get). Try demo --help.\n");
  EXPECT_EQ(RunArgs({"--board", "x"}, "", true).err,
            "demo: unknown command \"\"; use init or get. Try demo --help.\n");
}

TEST(RunProgram, FlagErrors) {
  Outcome r = RunArgs({"get", "--no-such-flag"});
  EXPECT_EQ(r.exit, kExitUsage);
  EXPECT_EQ(r.ran, "");
  EXPECT_NE(r.err.find("demo: "), std::string::npos);
  EXPECT_NE(r.err.find("no-such-flag"), std::string::npos);
  EXPECT_NE(r.err.find("Try demo --help.\n"), std::string::npos);
  EXPECT_EQ(RunArgs({"get", "--board"}).exit, kExitUsage);  // a value is missing
}

TEST(RunProgram, OperandWithoutVerbs) {
  std::string file;
  po::options_description opts("tool FILE\nOptions");
  opts.add_options()("help,h", "show this help");
  Program p("tool", opts);
  p.operand_name = "file";
  p.operand = &file;
  p.run = [&] { return file == "x.rec" ? 0 : 9; };
  std::string a0 = "tool";
  std::string a1 = "x.rec";
  std::string a2 = "y";
  std::vector<char*> argv{a0.data(), a1.data()};
  std::ostringstream out;
  std::ostringstream err;
  po::variables_map vm;
  EXPECT_EQ(RunProgram(p, 2, argv.data(), vm, out, err), 0);
  std::vector<char*> alone{a0.data()};
  po::variables_map vm1;
  EXPECT_EQ(RunProgram(p, 1, alone.data(), vm1, out, err), kExitUsage);  // help
  p.empty_is_usage = false;
  file.clear();
  po::variables_map vm0;
  EXPECT_EQ(RunProgram(p, 1, alone.data(), vm0, out, err), 9);  // runs with the defaults
  std::vector<char*> two{a0.data(), a1.data(), a2.data()};
  po::variables_map vm2;
  EXPECT_EQ(RunProgram(p, 3, two.data(), vm2, out, err), kExitUsage);  // one operand only
}

TEST(ExitCodeOf, TheOneRule) {
  EXPECT_EQ(ExitCodeOf(absl::OkStatus()), kExitOk);
  EXPECT_EQ(ExitCodeOf(Invalid("verify.tally_mismatch", "x")), kExitVerificationFailed);
  EXPECT_EQ(ExitCodeOf(Invalid("verify.board_fork", "x")), kExitVerificationFailed);
  EXPECT_EQ(ExitCodeOf(Invalid("file.unreadable", "x")), kExitUsage);
  EXPECT_EQ(ExitCodeOf(Invalid("verifyx.nope", "x")), kExitUsage);
  EXPECT_EQ(ExitCodeOf(absl::InternalError("no reason")), kExitUsage);
}

TEST(ReportError, Styles) {
  std::ostringstream a;
  std::ostringstream b;
  std::ostringstream c;
  std::ostringstream d;
  EXPECT_EQ(ReportError(a, "p", Invalid("file.unreadable", "cannot read x")), kExitUsage);
  EXPECT_EQ(a.str(), "p: cannot read x\n");
  EXPECT_EQ(ReportError(b, "p", Invalid("verify.x", "bad"), ErrorStyle::kReasonAndMessage),
            kExitVerificationFailed);
  EXPECT_EQ(b.str(), "p: verify.x: bad\n");
  EXPECT_EQ(ReportError(c, "p", absl::InternalError("boom"), ErrorStyle::kReasonAndMessage),
            kExitUsage);
  EXPECT_EQ(c.str(), "p: error: boom\n");
  EXPECT_EQ(ReportError(d, "p", absl::OkStatus()), kExitOk);
  EXPECT_EQ(d.str(), "");
}

}  // namespace
}  // namespace urne::cli

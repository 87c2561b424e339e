// Transport security (specs/board.md "Transport"): the board address rules every client
// applies, a real urne-board serving TLS with a CA made for the test, clients that refuse a
// certificate from another CA or a mismatched transport, and the board's refusal to serve
// plain text off loopback without --insecure.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "board-client/client.h"
#include "board-client/endpoint.h"
#include "status/status.h"
#include "tests/support/board_fixture.h"
#include "tests/support/process.h"
#include "tools/scripted_election.h"

namespace urne::bulletin_board {
namespace {

using testing::BoardProcess;
using testing::RunResult;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

absl::StatusOr<BoardEndpoint> Parse(const std::string& address, bool insecure = false) {
  return ParseBoardEndpoint(address, {"", insecure});
}

void ExpectReason(const absl::Status& status, const std::string& reason) {
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(ReasonOf(status), reason) << status;
}

TEST(BoardEndpoint, HttpsIsTlsAndPlainIsForLoopback) {
  auto https = Parse("https://board.example.org:8443");
  ASSERT_TRUE(https.ok()) << https.status();
  EXPECT_TRUE(https->tls());
  EXPECT_EQ(https->target(), "board.example.org:8443");
  EXPECT_EQ(https->host(), "board.example.org");
  EXPECT_FALSE(https->insecure_remote());
  auto default_port = Parse("HTTPS://board.example.org/");
  ASSERT_TRUE(default_port.ok()) << default_port.status();
  EXPECT_EQ(default_port->target(), "board.example.org:443");
  auto v6 = Parse("https://[2001:db8::1]:50051");
  ASSERT_TRUE(v6.ok()) << v6.status();
  EXPECT_EQ(v6->target(), "[2001:db8::1]:50051");

  for (const char* loopback : {"127.0.0.1:50051", "127.8.9.10:1", "localhost:50051", "LocalHost:2",
                               "[::1]:50051", "[::ffff:127.0.0.1]:3"}) {
    auto plain = Parse(loopback);
    ASSERT_TRUE(plain.ok()) << loopback << ": " << plain.status();
    EXPECT_FALSE(plain->tls());
    EXPECT_FALSE(plain->insecure_remote()) << loopback;
  }
}

TEST(BoardEndpoint, PlainTextOffLoopbackNeedsInsecure) {
  for (const char* remote : {"192.0.2.7:50051", "board.example.org:50051", "0.0.0.0:50051",
                             "[2001:db8::1]:50051", "128.0.0.1:1", "localhost.example.org:1"}) {
    ExpectReason(Parse(remote).status(), "tls.plaintext_refused");
    auto allowed = Parse(remote, /*insecure=*/true);
    ASSERT_TRUE(allowed.ok()) << remote << ": " << allowed.status();
    EXPECT_FALSE(allowed->tls());
    EXPECT_TRUE(allowed->insecure_remote()) << remote;
  }
}

TEST(BoardEndpoint, MalformedAddressesAndCaFilesAreRefused) {
  for (const char* bad :
       {"", "https://", "http://127.0.0.1:1", "grpc://127.0.0.1:1", "127.0.0.1",
        "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:12a",
        "https://board.example.org:1/path", "::1:50051", "[::1:50051", "https://[::1]", ":50051"}) {
    ExpectReason(Parse(bad).status(), "board.bad_address");
  }
  std::string dir = testing::MakeTempDir("tls-ca-file");
  std::string not_pem = dir + "/not.pem";
  std::ofstream(not_pem) << "not a certificate\n";
  ExpectReason(ParseBoardEndpoint("https://127.0.0.1:1", {not_pem, false}).status(),
               "tls.ca_unreadable");
  ExpectReason(ParseBoardEndpoint("https://127.0.0.1:1", {dir + "/missing.pem", false}).status(),
               "tls.ca_unreadable");
  std::filesystem::remove_all(dir);
}

class TlsBoard : public testing::BoardTest {
 protected:
  // The first entry of a scripted election (its manifest, naming this board's key).
  v1::Entry Manifest() {
    v1::Entry manifest;
    testing::ScriptOptions options;
    options.board_key = board_->board_key();
    testing::ScriptedElection e(options, [&](const v1::Entry& entry) {
      if (manifest.payload().empty()) manifest = entry;
      return absl::CancelledError("only the manifest");
    });
    (void)e.Create();
    return manifest;
  }
  uint64_t Elections() {
    BoardClient trusted(board_->endpoint());
    auto list = trusted.ListElections();
    EXPECT_TRUE(list.ok()) << list.status();
    return list.ok() ? list->size() : 0;
  }
};

TEST_F(TlsBoard, ServesTlsOnlyToClientsThatTrustItsCa) {
  EXPECT_EQ(board_->address().rfind("https://127.0.0.1:", 0), 0u) << board_->address();
  BoardClient trusted(board_->endpoint());
  auto posted = trusted.Post(Manifest());
  ASSERT_TRUE(posted.ok()) << posted.status();
  EXPECT_EQ(posted->index(), 0u);

  // The same board under the name "localhost" (also in its certificate).
  std::string port = board_->address().substr(board_->address().rfind(':') + 1);
  auto by_name = ParseBoardEndpoint("https://localhost:" + port, {testing::TestTls().ca_file});
  ASSERT_TRUE(by_name.ok()) << by_name.status();
  auto list = BoardClient(*by_name).ListElections();
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->size(), 1u);
}

TEST_F(TlsBoard, ClientRefusesACertificateFromAnotherCaAndPostsNothing) {
  auto other = testing::MakeTestCertificates(dir_ + "/other-ca");
  ASSERT_TRUE(other.ok()) << other.status();
  auto endpoint = ParseBoardEndpoint(board_->address(), {other->ca_file, false});
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  BoardClient fooled(*endpoint);
  auto posted = fooled.Post(Manifest());
  ExpectReason(posted.status(), "tls.handshake_failed");
  EXPECT_EQ(posted.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(Has(std::string(posted.status().message()), "certificate verify failed"))
      << posted.status();
  // The system's roots do not hold the test CA either.
  auto system = ParseBoardEndpoint(board_->address(), {});
  ASSERT_TRUE(system.ok());
  ExpectReason(BoardClient(*system).Post(Manifest()).status(), "tls.handshake_failed");
  EXPECT_EQ(Elections(), 0u);

  // A program: urne-verify exits 2 naming the TLS failure.
  RunResult r = testing::Run(testing::Program("urne-verify"),
                             {"--board", board_->address(), "--election", std::string(64, '0'),
                              "--tls-ca", other->ca_file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "tls.handshake_failed")) << r.err;
  EXPECT_TRUE(Has(r.err, "certificate verify failed")) << r.err;
}

TEST_F(TlsBoard, MismatchedTransportsAreRefusedWithTheirReason) {
  // Plain text to the TLS board: the board closes the connection.
  std::string plain_address = board_->address().substr(std::string("https://").size());
  auto plain = Parse(plain_address);
  ASSERT_TRUE(plain.ok());
  auto r = BoardClient(*plain).Post(Manifest());
  ExpectReason(r.status(), "board.unreachable");
  EXPECT_TRUE(Has(std::string(r.status().message()), "https://")) << r.status();
  // TLS to a plain-text board.
  auto plain_board = BoardProcess::StartWith(dir_ + "/plain", {"127.0.0.1:0", false, {}});
  ASSERT_TRUE(plain_board.ok()) << plain_board.status();
  EXPECT_EQ((*plain_board)->address().rfind("127.0.0.1:", 0), 0u);
  auto tls = ParseBoardEndpoint("https://" + (*plain_board)->address(),
                                {testing::TestTls().ca_file, false});
  ASSERT_TRUE(tls.ok());
  ExpectReason(BoardClient(*tls).Post(Manifest()).status(), "tls.handshake_failed");
  EXPECT_EQ(Elections(), 0u);
}

TEST(BoardTransportFlags, PlainTextOffLoopbackNeedsInsecureAndWarns) {
  std::string dir = testing::MakeTempDir("tls-flags");
  RunResult refused = testing::Run(testing::Program("urne-board"),
                                   {"serve", "--data", dir + "/refused", "--listen", "0.0.0.0:0"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(Has(refused.err, "tls.plaintext_refused")) << refused.err;
  EXPECT_TRUE(Has(refused.err, "--tls-cert")) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/refused")) << "refused before touching the store";

  BoardProcess::Options options;
  options.listen = "0.0.0.0:0";
  options.tls = false;
  options.extra_args = {"--insecure"};
  auto board = BoardProcess::StartWith(dir + "/insecure", options);
  ASSERT_TRUE(board.ok()) << board.status();
  EXPECT_TRUE(Has((*board)->stderr_text(), "WARNING: --insecure: serving plain text on 0.0.0.0:0"))
      << (*board)->stderr_text();
  // A client reaches it in plain text off loopback only with --insecure, and warns too.
  const std::string address = (*board)->address();  // 0.0.0.0:PORT, not a loopback name
  RunResult no = testing::Run(testing::Program("urne-verify"),
                              {"--board", address, "--election", std::string(64, '0')});
  EXPECT_EQ(no.exit_code, 2);
  EXPECT_TRUE(Has(no.err, "tls.plaintext_refused")) << no.err;
  RunResult yes =
      testing::Run(testing::Program("urne-verify"),
                   {"--board", address, "--election", std::string(64, '0'), "--insecure"});
  EXPECT_EQ(yes.exit_code, 2);  // no such election, but the board answered
  EXPECT_TRUE(Has(yes.err, "WARNING: --insecure")) << yes.err;
  EXPECT_TRUE(Has(yes.err, "election.unknown")) << yes.err;
  board->reset();

  // TLS needs both files, readable and PEM.
  const std::string cert = testing::TestTls().cert_file;
  const std::string key = testing::TestTls().key_file;
  struct Case {
    std::vector<std::string> flags;
    const char* reason;
  };
  for (const Case& c : std::vector<Case>{
           {{"--tls-cert", cert}, "tls.incomplete"},
           {{"--tls-key", key}, "tls.incomplete"},
           {{"--tls-cert", dir + "/none.pem", "--tls-key", key}, "tls.cert_unreadable"},
           {{"--tls-cert", cert, "--tls-key", cert}, "tls.key_unreadable"}}) {
    std::vector<std::string> args = {"serve", "--data", dir + "/bad", "--listen", "0.0.0.0:0"};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    RunResult r = testing::Run(testing::Program("urne-board"), args);
    EXPECT_EQ(r.exit_code, 2) << c.reason;
    EXPECT_TRUE(Has(r.err, c.reason)) << r.err;
  }
  std::filesystem::remove_all(dir);
}

// Issue #16 §6: urne-board speaks French with --lang fr or LANG=fr_FR.UTF-8 (no flag), the
// reason printed before the message unchanged; English stays the default.
TEST(BoardLanguage, ErrorsInFrenchFromLangOrEnvironmentWithTheSameReason) {
  const std::vector<std::string> args = {"key", "--data", "/proc/no-such-folder/board"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> all = args;
    all.insert(all.end(), extra.begin(), extra.end());
    return testing::Run(testing::Program("urne-board"), all);
  };
  const std::string french =
      "urne-board: board.io: le tableau ne peut pas lire ou écrire son dossier de données\n";
  RunResult fr = with({"--lang", "fr"});
  EXPECT_EQ(fr.exit_code, 2);
  EXPECT_EQ(fr.err, french);
  RunResult en = with({"--lang", "en"});
  EXPECT_EQ(en.err.rfind("urne-board: board.io: cannot create /proc/no-such-folder/board", 0), 0u)
      << en.err;
  {
    testing::ScopedLang lang("fr_FR.UTF-8");
    EXPECT_EQ(with({}).err, french);
    RunResult unknown = testing::Run(testing::Program("urne-board"), {"servir"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_EQ(unknown.err,
              "urne-board: commande inconnue « servir » ; utilisez : urne-board serve, urne-board "
              "key ou urne-board booth-digest\n");
    RunResult help = testing::Run(testing::Program("urne-board"), {"--help"});
    EXPECT_NE(help.out.find("dossier des données (créé s'il manque)"), std::string::npos)
        << help.out;
  }
  {
    testing::ScopedLang lang("C");
    EXPECT_EQ(with({}).err, en.err);
  }
  RunResult bad = with({"--lang", "de"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "urne-board: --lang is fr or en, not \"de\"\n");
}

}  // namespace
}  // namespace urne::bulletin_board

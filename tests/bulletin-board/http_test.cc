// The board's HTTPS port (specs/board.md §7, specs/booth.md §7) against the real urne-board
// on loopback with TLS: every JSON route gives what the gRPC port gives (a ballot posted as
// JSON is seen through gRPC and the other way round), every refusal has its HTTP status and
// reason, bodies are bounded, the static booth serves the release's files only (no path
// traversal) with the security headers, and the per-host rate is shared with gRPC.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <sodium.h>
#include <zlib.h>

#include <ctime>
#include <filesystem>
#include <fstream>

#include "board-client/client.h"
#include "election/authority_steps.h"
#include "election/entry.h"
#include "election/tree_head.h"
#include "status/status.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tools/scripted_election.h"

namespace urne::bulletin_board {
namespace {

namespace fs = std::filesystem;
namespace pbu = google::protobuf::util;
using testing::BoardProcess;
using testing::HttpCall;
using testing::HttpReply;
using testing::ScriptedElection;
using testing::ScriptOptions;

constexpr char kIndex[] =
    "<!doctype html>\n<title>booth</title>\n"
    "<script type=\"importmap\">{\"imports\":{\"@noble/curves/\":\"/node_modules/@noble/curves/"
    "\"}}</script>\n<script type=\"module\" src=\"/booth/app.js\"></script>\n";

void WriteFile(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

// A booth release as specs/booth.md §7.1 describes, with files next to it that must never be
// served.
std::string MakeRelease(const fs::path& dir) {
  fs::path r = dir / "release";
  WriteFile(r / "booth/index.html", kIndex);
  WriteFile(r / "booth/app.js", "import '/js/index.js';\n");
  WriteFile(r / "booth/booth.css", std::string(4000, ' ') + "body { margin: 0 }\n");
  WriteFile(r / "booth/i18n/fr.json", "{\"vote\":\"Voter\"}\n");
  WriteFile(r / "booth/.hidden", "not served\n");
  WriteFile(r / "js/index.js", "export const x = 1;\n");
  WriteFile(r / "node_modules/@noble/curves/ed25519.js", "export const ed = 1;\n");
  WriteFile(r / "node_modules/@noble/curves/abstract/edwards.js", "export const e = 1;\n");
  WriteFile(r / "node_modules/@noble/curves/package.json", "{}\n");
  WriteFile(r / "node_modules/@noble/curves/README.md", "readme\n");
  WriteFile(r / "node_modules/@noble/hashes/sha2.js", "export const s = 1;\n");
  WriteFile(r / "test/secret.js", "not served\n");
  WriteFile(r / "secret.txt", "not served\n");
  WriteFile(dir / "secret.txt", "not served\n");
  return r.string();
}

std::string ToJson(const google::protobuf::Message& m) {
  std::string out;
  EXPECT_TRUE(pbu::MessageToJsonString(m, &out).ok());
  return out;
}

template <typename T>
T FromJson(const std::string& json) {
  T out;
  auto parsed = pbu::JsonStringToMessage(json, &out);
  EXPECT_TRUE(parsed.ok()) << parsed.ToString() << "\n" << json;
  return out;
}

std::string Hex(const ElectionId& id) { return ToHex(id); }

class HttpBoard : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("http");
    release_ = MakeRelease(dir_);
    StartBoard({});
  }
  void TearDown() override {
    board_.reset();
    fs::remove_all(dir_);
  }
  void StartBoard(std::vector<std::string> extra) {
    board_.reset();
    BoardProcess::Options options;
    options.booth = release_;
    options.extra_args = std::move(extra);
    auto board = BoardProcess::StartWith(dir_ + "/board", options);
    ASSERT_TRUE(board.ok()) << board.status();
    board_ = std::move(*board);
    ASSERT_EQ(board_->http_address().rfind("https://127.0.0.1:", 0), 0u) << board_->http_address();
    client_ = std::make_unique<BoardClient>(board_->endpoint());
  }
  HttpReply Get(const std::string& target,
                std::vector<std::pair<std::string, std::string>> h = {}) {
    HttpCall call;
    call.target = target;
    call.headers = std::move(h);
    auto reply = testing::HttpDo(board_->http_address(), call);
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply.ok() ? *reply : HttpReply{};
  }
  HttpReply Do(const HttpCall& call) {
    auto reply = testing::HttpDo(board_->http_address(), call);
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply.ok() ? *reply : HttpReply{};
  }
  HttpReply PostJson(const std::string& body) {
    auto reply = testing::HttpPostJson(board_->http_address(), "/v1/entries", body);
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply.ok() ? *reply : HttpReply{};
  }
  // Checks an error answer: HTTP status, JSON {code, reason, message}.
  static void ExpectError(const HttpReply& reply, int status, const std::string& code,
                          const std::string& reason, const std::string& what = "") {
    EXPECT_EQ(reply.status, status) << what << ": " << reply.body;
    EXPECT_EQ(reply.header("content-type"), "application/json") << what;
    google::protobuf::Struct body;
    ASSERT_TRUE(pbu::JsonStringToMessage(reply.body, &body).ok()) << what << ": " << reply.body;
    EXPECT_EQ(body.fields().at("code").string_value(), code) << what << ": " << reply.body;
    EXPECT_EQ(body.fields().at("reason").string_value(), reason) << what << ": " << reply.body;
    EXPECT_FALSE(body.fields().at("message").string_value().empty()) << what;
  }
  // A sink that posts through gRPC, or through the HTTPS port as JSON when via_http_ is set.
  ScriptedElection::Sink Sink() {
    return [this](const v1::Entry& entry) -> absl::Status {
      if (!via_http_) return client_->Post(entry).status();
      HttpReply reply = PostJson(ToJson(entry));
      if (reply.status != 200) return absl::UnknownError(reply.body);
      auto receipt = FromJson<v1::Receipt>(reply.body);
      URNE_RETURN_IF_ERROR(VerifyReceipt(receipt, entry, board_->board_key()));
      http_receipts_.push_back(receipt);
      return absl::OkStatus();
    };
  }
  // Options for an election this board's booth serves (the manifest names its digest).
  ScriptOptions Served() {
    ScriptOptions options;
    options.board_key = board_->board_key();
    auto digest = FromHex(board_->booth_digest());
    EXPECT_TRUE(digest.ok() && digest->size() == 32) << board_->booth_digest();
    if (digest.ok()) options.booth_digest.assign(digest->begin(), digest->end());
    return options;
  }
  std::unique_ptr<ScriptedElection> OpenElection() {
    ScriptOptions options = Served();
    auto e = std::make_unique<ScriptedElection>(options, Sink());
    EXPECT_TRUE(e->Create().ok());
    EXPECT_TRUE(e->Ceremony().ok());
    EXPECT_TRUE(e->Open().ok());
    return e;
  }

  std::string dir_, release_;
  std::unique_ptr<BoardProcess> board_;
  std::unique_ptr<BoardClient> client_;
  bool via_http_ = false;
  std::vector<v1::Receipt> http_receipts_;
};

std::string Sha256Base64(const std::string& bytes) {
  unsigned char digest[32];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(b64, sizeof b64, digest, 32, sodium_base64_VARIANT_ORIGINAL);
  return b64;
}

std::string Gunzip(const std::string& in) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

void ExpectSecurityHeaders(const HttpReply& reply, const std::string& what) {
  std::string import_map = R"({"imports":{"@noble/curves/":"/node_modules/@noble/curves/"}})";
  EXPECT_EQ(reply.header("content-security-policy"),
            "default-src 'self'; script-src 'self' 'sha256-" + Sha256Base64(import_map) +
                "'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
      << what;
  EXPECT_EQ(reply.header("x-content-type-options"), "nosniff") << what;
  EXPECT_EQ(reply.header("referrer-policy"), "no-referrer") << what;
  EXPECT_EQ(reply.header("strict-transport-security"), "max-age=31536000") << what;
  EXPECT_EQ(reply.headers.count("set-cookie"), 0u) << what;
  EXPECT_EQ(reply.headers.count("access-control-allow-origin"), 0u) << what;
}

TEST_F(HttpBoard, ServesTheReleaseFilesWithTypesAndSecurityHeaders) {
  HttpReply index = Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, kIndex);
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.header("cache-control"), "no-cache");
  ExpectSecurityHeaders(index, "/");
  EXPECT_EQ(Get("/booth/index.html").body, kIndex);

  struct Case {
    const char* target;
    const char* type;
  };
  for (const Case& c :
       {Case{"/booth/app.js", "text/javascript; charset=utf-8"},
        Case{"/js/index.js", "text/javascript; charset=utf-8"},
        Case{"/booth/booth.css", "text/css; charset=utf-8"},
        Case{"/booth/i18n/fr.json", "application/json"},
        Case{"/node_modules/@noble/curves/ed25519.js", "text/javascript; charset=utf-8"},
        Case{"/node_modules/@noble/curves/abstract/edwards.js", "text/javascript; charset=utf-8"},
        Case{"/node_modules/@noble/hashes/sha2.js", "text/javascript; charset=utf-8"},
        Case{"/booth/app.js?v=2", "text/javascript; charset=utf-8"}}) {
    HttpReply reply = Get(c.target);
    EXPECT_EQ(reply.status, 200) << c.target;
    EXPECT_EQ(reply.header("content-type"), c.type) << c.target;
    ExpectSecurityHeaders(reply, c.target);
  }

  // Revalidation, gzip, HEAD, and methods other than GET and HEAD.
  HttpReply css = Get("/booth/booth.css");
  ASSERT_FALSE(css.header("etag").empty());
  HttpReply again = Get("/booth/booth.css", {{"If-None-Match", css.header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  HttpReply zipped = Get("/booth/booth.css", {{"Accept-Encoding", "gzip, br"}});
  EXPECT_EQ(zipped.header("content-encoding"), "gzip");
  EXPECT_LT(zipped.body.size(), css.body.size());
  EXPECT_EQ(Gunzip(zipped.body), css.body);
  EXPECT_EQ(Get("/js/index.js", {{"Accept-Encoding", "gzip"}}).header("content-encoding"), "")
      << "a file that gzip does not shrink is sent as it is";
  HttpCall head;
  head.method = "HEAD";
  head.target = "/";
  HttpReply headed = Do(head);
  EXPECT_EQ(headed.status, 200);
  EXPECT_EQ(headed.header("content-length"), std::to_string(std::string(kIndex).size()));
  EXPECT_TRUE(headed.body.empty());
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS"}) {
    HttpCall call;
    call.method = method;
    call.target = "/booth/index.html";
    HttpReply reply = Do(call);
    ExpectError(reply, 405, "INVALID_ARGUMENT", "http.method", method);
    EXPECT_EQ(reply.header("allow"), "GET, HEAD") << method;
  }
}

TEST_F(HttpBoard, NothingOutsideTheReleaseIsServed) {
  for (const char* target : {"/../secret.txt",
                             "/booth/../../secret.txt",
                             "/booth/../secret.txt",
                             "/booth/%2e%2e/secret.txt",
                             "/booth/..%2fsecret.txt",
                             "/%2e%2e/secret.txt",
                             "/booth/..\\..\\secret.txt",
                             "/secret.txt",
                             "/board.key",
                             "/board/board.key",
                             "/board.sqlite",
                             "/../board/board.key",
                             "/../../../../../../etc/passwd",
                             "//etc/passwd",
                             "/booth//index.html",
                             "/booth/./index.html",
                             "/./booth/index.html",
                             "/booth/.hidden",
                             "/test/secret.js",
                             "/node_modules/@noble/curves/package.json",
                             "/node_modules/@noble/curves/README.md",
                             "/node_modules/.package-lock.json",
                             "/booth",
                             "/booth/",
                             "/js/",
                             "/booth/index.html/",
                             "/booth/index.html%00.js",
                             "*",
                             "https://127.0.0.1/booth/index.html",
                             "/v1/../booth/index.html",
                             "/v1/../../secret.txt"}) {
    HttpReply reply = Get(target);
    ExpectError(reply, 404, "NOT_FOUND", "http.not_found", target);
    EXPECT_EQ(reply.body.find("not served"), std::string::npos) << target;
    ExpectSecurityHeaders(reply, target);
  }
}

TEST_F(HttpBoard, EveryRouteAnswersWhatTheGrpcPortAnswers) {
  auto e = OpenElection();
  const std::string id = Hex(e->id());
  // Voter 0 casts through gRPC, voter 1 as JSON through the HTTPS port (Sink checks the
  // receipt), then voter 2 through gRPC again.
  ASSERT_TRUE(e->Cast(0, testing::TestChoices(0, {1, 0, 0}, {1, 0, 0})).ok());
  via_http_ = true;
  auto json_ballot = e->Cast(1, testing::TestChoices(1, {0, 1, 1}, {0, 1, 0}));
  ASSERT_TRUE(json_ballot.ok()) << json_ballot.status();
  ASSERT_EQ(http_receipts_.size(), 1u);
  via_http_ = false;
  ASSERT_TRUE(e->Cast(2, testing::TestChoices(2, {0, 0, 1}, {0, 0, 1})).ok());

  // The JSON ballot is in the log gRPC streams, at its receipt's index.
  auto entries = client_->Entries(e->id());
  ASSERT_TRUE(entries.ok()) << entries.status();
  const v1::Receipt& receipt = http_receipts_[0];
  ASSERT_LT(receipt.index(), entries->size());
  EXPECT_EQ((*entries)[receipt.index()].SerializeAsString(), json_ballot->SerializeAsString());

  // Entries as JSON: the same entries (and receive times) as the gRPC stream.
  HttpReply page = Get("/v1/elections/" + id + "/entries");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.header("cache-control"), "no-store");
  ExpectSecurityHeaders(page, "entries");
  auto parsed = FromJson<v1::EntriesPage>(page.body);
  ASSERT_EQ(static_cast<size_t>(parsed.entries_size()), entries->size());
  EXPECT_EQ(parsed.next_from_index(), 0u);
  EXPECT_EQ(page.body.find("nextFromIndex"), std::string::npos);
  for (int i = 0; i < parsed.entries_size(); ++i) {
    EXPECT_EQ(parsed.entries(i).index(), static_cast<uint64_t>(i));
    EXPECT_EQ(parsed.entries(i).entry().SerializeAsString(), (*entries)[i].SerializeAsString());
    EXPECT_GT(parsed.entries(i).received_ms(), 0);
  }
  // protobuf's JSON mapping: lowerCamelCase names, 64-bit integers as strings, enums by name.
  EXPECT_NE(page.body.find("\"electionId\":\""), std::string::npos);
  EXPECT_NE(page.body.find("\"index\":\"1\""), std::string::npos);
  EXPECT_NE(page.body.find("\"kind\":\"BALLOT\""), std::string::npos);
  auto from = FromJson<v1::EntriesPage>(
      Get("/v1/elections/" + id + "/entries?from_index=" + std::to_string(receipt.index())).body);
  ASSERT_GT(from.entries_size(), 0);
  EXPECT_EQ(from.entries(0).entry().SerializeAsString(), json_ballot->SerializeAsString());
  EXPECT_EQ(Get("/v1/elections/" + id + "/entries?from_index=99999").body, "{}");

  // Tree head, status, proofs.
  auto grpc_status = client_->Status(e->id());
  ASSERT_TRUE(grpc_status.ok());
  auto head = FromJson<v1::SignedTreeHead>(Get("/v1/elections/" + id + "/tree-head").body);
  EXPECT_TRUE(VerifyTreeHead(head, board_->board_key()).ok());
  EXPECT_EQ(head.tree_size(), grpc_status->tree_size());
  HttpReply status = Get("/v1/elections/" + id + "/status");
  EXPECT_NE(status.body.find("\"phase\":\"VOTING\""), std::string::npos) << status.body;
  EXPECT_EQ(FromJson<v1::ElectionStatus>(status.body).SerializeAsString(),
            grpc_status->SerializeAsString());
  const uint64_t size = head.tree_size();
  auto inclusion = FromJson<v1::InclusionProofResponse>(
      Get(Cat("/v1/elections/", id, "/inclusion-proof?index=", receipt.index(),
              "&tree_size=", size))
          .body);
  auto grpc_inclusion = client_->InclusionProof(e->id(), receipt.index(), size);
  ASSERT_TRUE(grpc_inclusion.ok());
  EXPECT_EQ(inclusion.SerializeAsString(), grpc_inclusion->SerializeAsString());
  EXPECT_EQ(inclusion.leaf_hash(), receipt.leaf_hash());
  const uint64_t old_size = receipt.tree_head().tree_size();
  auto consistency = FromJson<v1::ConsistencyProofResponse>(
      Get(Cat("/v1/elections/", id, "/consistency-proof?old_size=", old_size, "&new_size=", size))
          .body);
  auto grpc_consistency = client_->ConsistencyProof(e->id(), old_size, size);
  ASSERT_TRUE(grpc_consistency.ok());
  EXPECT_EQ(consistency.SerializeAsString(), grpc_consistency->SerializeAsString());
  EXPECT_GT(consistency.proof_size(), 0);
  // HEAD on a route: the headers only.
  HttpCall head_call;
  head_call.method = "HEAD";
  head_call.target = "/v1/elections/" + id + "/status";
  HttpReply headed = Do(head_call);
  EXPECT_EQ(headed.status, 200);
  EXPECT_TRUE(headed.body.empty());
}

TEST_F(HttpBoard, EntriesStartAtFromIndex) {
  ScriptedElection e(Served(), Sink());
  ASSERT_TRUE(e.Create().ok());
  const std::string id = Hex(e.id());
  auto all = FromJson<v1::EntriesPage>(Get("/v1/elections/" + id + "/entries?from_index=0").body);
  ASSERT_EQ(all.entries_size(), 2);  // manifest, roll
  auto second =
      FromJson<v1::EntriesPage>(Get("/v1/elections/" + id + "/entries?from_index=1").body);
  ASSERT_EQ(second.entries_size(), 1);
  EXPECT_EQ(second.entries(0).index(), 1u);
}

// to_index ends the range as on the gRPC port (specs/board.md §7): nextFromIndex stays within
// it, 0 means the end of the log, an end past the log is the log's end, and a backwards range
// is refused with the gRPC port's reason and message.
TEST_F(HttpBoard, EntriesEndAtToIndex) {
  ScriptedElection e(Served(), Sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  const std::string base = "/v1/elections/" + Hex(e.id()) + "/entries?";
  const uint64_t size = e.state().size();
  ASSERT_GE(size, 4u);
  auto indexes = [](const v1::EntriesPage& page) {
    std::vector<uint64_t> out;
    for (const auto& item : page.entries()) out.push_back(item.index());
    return out;
  };
  auto first = FromJson<v1::EntriesPage>(Get(base + "from_index=0&to_index=1").body);
  EXPECT_EQ(indexes(first), std::vector<uint64_t>({0}));
  EXPECT_EQ(first.next_from_index(), 0u);  // the range is done, though the log goes on
  auto middle = FromJson<v1::EntriesPage>(Get(base + "to_index=3&from_index=1").body);
  EXPECT_EQ(indexes(middle), std::vector<uint64_t>({1, 2}));
  EXPECT_EQ(middle.next_from_index(), 0u);
  auto to_end = FromJson<v1::EntriesPage>(Get(base + "from_index=2&to_index=0").body);
  EXPECT_EQ(to_end.entries_size(), static_cast<int>(size - 2));
  auto past = FromJson<v1::EntriesPage>(
      Get(base + "from_index=" + std::to_string(size - 1) + "&to_index=" + std::to_string(size + 5))
          .body);
  EXPECT_EQ(indexes(past), std::vector<uint64_t>({size - 1}));
  EXPECT_EQ(Get(base + "from_index=2&to_index=2").body, "{}");

  const HttpReply backwards = Get(base + "from_index=3&to_index=2");
  ExpectError(backwards, 400, "INVALID_ARGUMENT", "entries.bad_range");
  google::protobuf::Struct body;
  ASSERT_TRUE(pbu::JsonStringToMessage(backwards.body, &body).ok());
  EXPECT_EQ(body.fields().at("message").string_value().rfind("to_index 2 is below from_index 3", 0),
            0u)
      << backwards.body;
  for (const char* query : {"from_index=0&to_index=1&to_index=2", "to_index=", "to_index=-1",
                            "to_index=18446744073709551616"}) {
    ExpectError(Get(base + query), 400, "INVALID_ARGUMENT", "request.malformed", query);
  }
}

TEST_F(HttpBoard, RefusalsHaveTheirStatusAndTheGrpcReason) {
  ScriptedElection e(Served(), Sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  const std::string id = Hex(e.id());

  // A ballot before OPEN: the same reason as through gRPC.
  auto ballot = e.Encrypt(0, testing::TestChoices(0, {1, 0, 0}, {1, 0, 0}), e.state().size());
  ASSERT_TRUE(ballot.ok());
  v1::Entry early = MakeEntry(e.id(), v1::BALLOT, ballot->payload, e.voter(0));
  ExpectError(PostJson(ToJson(early)), 409, "FAILED_PRECONDITION", "phase.wrong");
  auto grpc = client_->Post(early);
  EXPECT_EQ(ReasonOf(grpc.status()), "phase.wrong");

  ASSERT_TRUE(e.Open().ok());
  auto cast = e.Cast(0, testing::TestChoices(0, {1, 0, 0}, {1, 0, 0}));
  ASSERT_TRUE(cast.ok());
  ExpectError(PostJson(ToJson(*cast)), 409, "ALREADY_EXISTS", "ballot.duplicate");
  v1::Open open = MakeOpen(e.state(), static_cast<int64_t>(std::time(nullptr)));
  ExpectError(PostJson(ToJson(e.Sign(v1::OPEN, open, e.authority()))), 409, "ALREADY_EXISTS",
              "open.already_posted");
  v1::Entry forged = *cast;
  forged.mutable_signature()->at(0) ^= 1;
  ExpectError(PostJson(ToJson(forged)), 400, "INVALID_ARGUMENT", "signature.invalid");
  v1::Entry stranger_roll = e.Sign(v1::ROLL, v1::Roll(), e.trustee_key(1));
  ExpectError(PostJson(ToJson(stranger_roll)), 403, "PERMISSION_DENIED", "role.wrong_author");
  v1::Entry big = *cast;
  big.mutable_payload()->append(100, 'x');
  ExpectError(PostJson(ToJson(big)), 429, "RESOURCE_EXHAUSTED", "limit.entry_size");
  v1::Entry unknown = *cast;
  unknown.set_election_id(std::string(32, '\x07'));
  ExpectError(PostJson(ToJson(unknown)), 404, "NOT_FOUND", "election.unknown");

  // Reads.
  const std::string other(64, 'a');
  ExpectError(Get("/v1/elections/" + other + "/tree-head"), 404, "NOT_FOUND", "election.unknown");
  for (const std::string& bad : {std::string("abc"), std::string(64, 'A'), std::string(66, 'a'),
                                 std::string(63, 'a') + "g"}) {
    ExpectError(Get("/v1/elections/" + bad + "/status"), 400, "INVALID_ARGUMENT", "election.bad_id",
                bad);
  }
  const std::string base = "/v1/elections/" + id;
  ExpectError(Get(base + "/inclusion-proof?index=0&tree_size=999"), 400, "OUT_OF_RANGE",
              "merkle.bad_size");
  ExpectError(Get(base + "/inclusion-proof?index=5&tree_size=5"), 400, "INVALID_ARGUMENT",
              "merkle.bad_index");
  ExpectError(Get(base + "/consistency-proof?old_size=0&new_size=1"), 400, "INVALID_ARGUMENT",
              "merkle.bad_size");
  ExpectError(Get(base + "/consistency-proof?old_size=1&new_size=999"), 400, "OUT_OF_RANGE",
              "merkle.bad_size");
  for (const char* query :
       {"/inclusion-proof?index=0", "/inclusion-proof", "/inclusion-proof?index=0&tree_size=x",
        "/inclusion-proof?index=0&tree_size=-1", "/inclusion-proof?index=0&tree_size=1&index=0",
        "/inclusion-proof?index=0&tree_size=18446744073709551616", "/entries?from=0",
        "/entries?from_index=", "/entries?from_index=0x10", "/status?x=1", "/tree-head?a"}) {
    ExpectError(Get(base + query), 400, "INVALID_ARGUMENT", "request.malformed", query);
  }
  ExpectError(Get(base + "/inclusion-proof?index=0&tree_size=18446744073709551615"), 400,
              "OUT_OF_RANGE", "merkle.bad_size");

  // Bodies that are not JSON of an Entry.
  for (const char* body :
       {"", "{", "[]", "null", R"({"kind":"NOPE"})", "{\"unknownField\":1}", R"({"payload":"!!!"})",
        "{\"electionId\":12}", "\"entry\"", R"({"kind":"BALLOT","kind":"ROLL"} x)"}) {
    ExpectError(PostJson(body), 400, "INVALID_ARGUMENT", "request.malformed", body);
  }
  // Both field name forms are accepted (protobuf's parser): the original name reaches the
  // board (here: refused as the duplicate it is).
  std::string snake = ToJson(*cast);
  size_t at = snake.find("\"electionId\"");
  ASSERT_NE(at, std::string::npos);
  snake.replace(at, 12, "\"election_id\"");
  ExpectError(PostJson(snake), 409, "ALREADY_EXISTS", "ballot.duplicate");

  // Transport-level refusals of a post.
  HttpCall wrong_type;
  wrong_type.method = "POST";
  wrong_type.target = "/v1/entries";
  wrong_type.body = ToJson(*cast);
  wrong_type.headers = {{"Content-Type", "text/plain"}};
  ExpectError(Do(wrong_type), 415, "INVALID_ARGUMENT", "http.content_type");
  HttpCall chunked = wrong_type;
  chunked.headers = {{"Content-Type", "application/json"}};
  chunked.chunked = true;
  ExpectError(Do(chunked), 411, "INVALID_ARGUMENT", "http.length_required");
  HttpCall huge = chunked;
  huge.chunked = false;
  huge.head_only_length = (16u << 20) + (64u << 10) + 1;  // the gRPC message limit + 1
  ExpectError(Do(huge), 413, "RESOURCE_EXHAUSTED", "limit.message_size");
  HttpCall body_on_get;
  body_on_get.target = base + "/status";
  body_on_get.body = "{}";
  ExpectError(Do(body_on_get), 413, "RESOURCE_EXHAUSTED", "limit.message_size");

  // Routes and methods.
  ExpectError(Get("/v1/entries"), 405, "INVALID_ARGUMENT", "http.method");
  EXPECT_EQ(Get("/v1/entries").header("allow"), "POST");
  HttpCall post_status;
  post_status.method = "POST";
  post_status.target = base + "/status";
  post_status.headers = {{"Content-Type", "application/json"}};
  post_status.body = "";
  ExpectError(Do(post_status), 405, "INVALID_ARGUMENT", "http.method");
  for (const char* route : {"/v1/elections", "/v1/elections/", "/v1/nope", "/v1"}) {
    ExpectError(Get(route), 404, "NOT_FOUND", "http.not_found", route);
  }
  ExpectError(Get(base + "/receipts"), 404, "NOT_FOUND", "http.not_found");
  ExpectError(Get(base), 404, "NOT_FOUND", "http.not_found");
}

// specs/booth.md §7.4: the HTTPS port serves an election only when its manifest names the
// digest of the booth this board serves. Another digest, or none (an election made for
// urne-vote only): every election route and every post of an entry of that election answer
// 409 booth.digest_mismatch, naming both digests; the gRPC port serves it as before; the static
// booth is still served (the page shows the refusal).
TEST_F(HttpBoard, AnElectionIsServedOnlyThroughTheBoothItsManifestNames) {
  for (const bool none : {true, false}) {
    ScriptOptions options = Served();
    options.reference = none ? "no-booth" : "other-booth";
    options.booth_digest = none ? "" : std::string(32, '\x5a');
    ScriptedElection e(options, Sink());
    ASSERT_TRUE(e.Create().ok());  // through gRPC
    ASSERT_TRUE(e.Ceremony().ok());
    ASSERT_TRUE(e.Open().ok());
    const std::string id = Hex(e.id());
    const std::string what = none ? "no digest" : "another digest";
    for (const char* route :
         {"entries", "tree-head", "status", "inclusion-proof?index=0&tree_size=1",
          "consistency-proof?old_size=1&new_size=2"}) {
      HttpReply reply = Get("/v1/elections/" + id + "/" + route);
      ExpectError(reply, 409, "FAILED_PRECONDITION", "booth.digest_mismatch", what + " " + route);
      if (!none) {
        EXPECT_NE(reply.body.find(ToHex(AsBytes(std::string(32, '\x5a')))), std::string::npos)
            << reply.body;
        EXPECT_NE(reply.body.find(board_->booth_digest()), std::string::npos) << reply.body;
      }
    }
    auto ballot = e.Encrypt(0, testing::TestChoices(0, {1, 0, 0}, {1, 0, 0}), e.state().size());
    ASSERT_TRUE(ballot.ok());
    v1::Entry entry = MakeEntry(e.id(), v1::BALLOT, ballot->payload, e.voter(0));
    ExpectError(PostJson(ToJson(entry)), 409, "FAILED_PRECONDITION", "booth.digest_mismatch",
                what + " post");
    // Nothing was posted; the same ballot goes through gRPC.
    auto status = client_->Status(e.id());
    ASSERT_TRUE(status.ok()) << status.status();
    const uint64_t before = status->tree_size();
    EXPECT_TRUE(client_->Post(entry).ok());
    EXPECT_EQ(client_->Status(e.id())->tree_size(), before + 1);
    EXPECT_EQ(Get("/").status, 200);
  }
  // An unknown election is still "not found", not a digest refusal.
  ExpectError(Get("/v1/elections/" + std::string(64, 'e') + "/status"), 404, "NOT_FOUND",
              "election.unknown");
}

// One host has one rate budget across both ports: posts through gRPC and through the HTTPS
// port take from the same bucket (specs/board.md §5.3, §7).
TEST_F(HttpBoard, TheRatePerHostIsSharedWithGrpc) {
  StartBoard({"--rate-per-host", "0.001", "--burst-per-host", "4"});
  client_->set_retry_policy({1, 1, 1});
  ScriptedElection e(Served(), Sink());
  ASSERT_TRUE(e.Create().ok());  // 2 posts through gRPC
  v1::Entry bad = e.Sign(v1::ROLL, v1::Roll(), e.trustee_key(1));
  ExpectError(PostJson(ToJson(bad)), 403, "PERMISSION_DENIED", "role.wrong_author");  // 3
  EXPECT_EQ(ReasonOf(client_->Post(bad).status()), "role.wrong_author");              // 4
  ExpectError(PostJson(ToJson(bad)), 429, "RESOURCE_EXHAUSTED", "limit.rate");
  EXPECT_EQ(ReasonOf(client_->Post(bad).status()), "limit.rate");
}

TEST(HttpBoardStart, BadReleasesAndPlainTextOffLoopbackAreRefused) {
  std::string dir = testing::MakeTempDir("http-start");
  std::string release = MakeRelease(dir);
  auto start = [&](std::vector<std::string> args) {
    std::vector<std::string> all = {"serve",    "--data",      dir + "/data",
                                    "--listen", "127.0.0.1:0", "--allow-any-authority"};
    all.insert(all.end(), args.begin(), args.end());
    return testing::Run(testing::Program("urne-board"), all);
  };
  auto plain = start({"--http", "0.0.0.0:0", "--booth", release});
  EXPECT_EQ(plain.exit_code, 2);
  EXPECT_NE(plain.err.find("tls.plaintext_refused"), std::string::npos) << plain.err;
  auto missing = start({"--http", "127.0.0.1:0", "--booth", dir + "/nowhere"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("booth.missing"), std::string::npos) << missing.err;
  fs::create_symlink(dir + "/secret.txt", release + "/booth/link.js");
  auto link = start({"--http", "127.0.0.1:0", "--booth", release});
  EXPECT_EQ(link.exit_code, 2);
  EXPECT_NE(link.err.find("booth.bad_file"), std::string::npos) << link.err;
  EXPECT_NE(link.err.find("link.js"), std::string::npos) << link.err;
  fs::remove(release + "/booth/link.js");
  fs::remove(release + "/booth/index.html");
  auto no_index = start({"--http", "127.0.0.1:0", "--booth", release});
  EXPECT_EQ(no_index.exit_code, 2);
  EXPECT_NE(no_index.err.find("booth.missing"), std::string::npos) << no_index.err;
  fs::remove_all(dir);
}

// specs/booth.md §7.3: the spec's example digest, through `urne-board booth-digest`; files that
// are not part of the release (§7.1) do not change it, a changed byte of a served one does;
// the serving board prints the same digest.
TEST(BoothDigest, SpecExampleAndWhatIsNotServed) {
  std::string dir = testing::MakeTempDir("booth-digest");
  fs::path r = fs::path(dir) / "release";
  WriteFile(r / "booth/index.html", "<!doctype html>\n");
  WriteFile(r / "js/a.js", "export {};\n");
  fs::create_directories(r / "node_modules/@noble/curves");
  fs::create_directories(r / "node_modules/@noble/hashes");
  auto digest = [&] {
    auto run =
        testing::Run(testing::Program("urne-board"), {"booth-digest", "--booth", r.string()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out;
  };
  const std::string example = "63152fd112397b2e64d1ffab1313ee9f8cbd881aa84c1ff7b80d73b71893a76a\n";
  EXPECT_EQ(digest(), example);
  WriteFile(r / "booth/.editor-swap", "x");
  WriteFile(r / "node_modules/@noble/curves/README.md", "x");
  WriteFile(r / "node_modules/@noble/hashes/package.json", "{}");
  WriteFile(r / "voter.txt", "x");
  WriteFile(r / "test/a.test.js", "x");
  EXPECT_EQ(digest(), example);
  WriteFile(r / "js/a.js", "export {} ;\n");
  EXPECT_NE(digest(), example);
  WriteFile(r / "js/a.js", "export {};\n");
  WriteFile(r / "node_modules/@noble/hashes/sha2.js", "x");
  const std::string with_noble = digest();
  EXPECT_NE(with_noble, example);

  BoardProcess::Options options;
  options.booth = r.string();
  auto board = BoardProcess::StartWith(dir + "/board", options);
  ASSERT_TRUE(board.ok()) << board.status();
  EXPECT_EQ((*board)->booth_digest() + "\n", with_noble);
  board->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace urne::bulletin_board

// The board under attack (issue #13 §2), each against the real urne-board on loopback:
// memory bombs refused before parsing while a voter's cast completes, a descriptor flood
// survived, only allowed authorities creating elections, paged election lists, and the
// specific codes for proofs beyond the log, unknown payload fields and oversized ids.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <tuple>
#include <vector>

#include "board-client/channel.h"
#include "board-client/client.h"
#include "election/entry.h"
#include "election/payload_bounds.h"
#include "grpcpp/generic/generic_stub.h"
#include "status/status.h"
#include "tests/support/board_fixture.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tools/scripted_election.h"
#include "urne/v1/board.grpc.pb.h"

namespace urne::bulletin_board {
namespace {

using testing::BoardProcess;
using testing::ScriptedElection;
using testing::ScriptOptions;

void ExpectError(const absl::Status& s, absl::StatusCode code, const std::string& reason) {
  EXPECT_EQ(s.code(), code) << s;
  EXPECT_EQ(ReasonOf(s), reason) << s;
}

// Peak resident memory of a process (VmHWM), in bytes.
uint64_t PeakRss(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

RetryPolicy NoRetry() { return RetryPolicy{1, 0, 0}; }

// Each test starts its board with its own flags (Start).
class BoardLimits : public testing::BoardTest {
 protected:
  bool StartsBoard() const override { return false; }
  void Start(std::vector<std::string> args = {}) {
    StartBoard(std::move(args));
    if (client_) client_->set_retry_policy(NoRetry());
  }
  // Options naming this board's key (the key exists once `urne-board key` or the board made it).
  ScriptOptions Options() {
    ScriptOptions options;
    options.board_key = board_ ? board_->board_key() : BoardKeyOf(dir_ + "/board");
    return options;
  }
  static std::string BoardKeyOf(const std::string& data) {
    auto run = testing::Run(testing::Program("urne-board"), {"key", "--data", data});
    auto key = FromHex(run.out.substr(0, 64));
    return key.ok() ? std::string(key->begin(), key->end()) : std::string();
  }
  ScriptedElection::Sink Sink() {
    return [this](const v1::Entry& entry) { return client_->Post(entry).status(); };
  }
  // An election in VOTING with `voters` voters.
  std::unique_ptr<ScriptedElection> Voting(size_t voters = 4) {
    ScriptOptions options;
    options.voters = voters;
    return NewElection(options);
  }
};

// A payload of `size` bytes that is `count` empty repeated sub-messages with tag `tag`
// (field number << 3 | 2): the cheapest way to make a parser allocate.
std::string EmptyFields(uint8_t tag, size_t size) {
  std::string out;
  out.reserve(size);
  while (out.size() + 2 <= size) {
    out.push_back(static_cast<char>(tag));
    out.push_back('\0');
  }
  return out;
}

// Every valid ballot and audit has exactly the size the manifest implies (payload_bounds.h)
// when its seen_tree_size takes the 10-byte varint of the largest value, and at most 11
// bytes less otherwise.
TEST_F(BoardLimits, BallotAndAuditSizesAreExactlyTheBound) {
  Start();
  auto e = Voting();
  BallotStatement st{e->state().manifest(), e->state().group(), e->id(), *e->state().joint_key(),
                     e->voter(0).public_key()};
  for (uint32_t pool : {0u, 1u, 2u}) {
    auto ballot =
        EncryptBallot(st, testing::TestChoices(pool, {1, 0, pool % 2}, {0, 1, 0}), ~uint64_t{0});
    ASSERT_TRUE(ballot.ok()) << ballot.status();
    EXPECT_EQ(ballot->payload.size(),
              MaxPayloadBytes(v1::BALLOT, e->state().manifest(), e->state().group()));
    EXPECT_EQ(Serialize(ballot->opening).size(),
              MaxPayloadBytes(v1::AUDIT, e->state().manifest(), e->state().group()));
    auto small = EncryptBallot(st, testing::TestChoices(pool, {1, 0, 0}, {0, 1, 0}), 0);
    ASSERT_TRUE(small.ok());
    EXPECT_EQ(small->payload.size() + 11,
              MaxPayloadBytes(v1::BALLOT, e->state().manifest(), e->state().group()));
  }
  // One byte more is refused before the payload is parsed.
  auto ballot = EncryptBallot(st, testing::TestChoices(0, {1, 0, 0}, {0, 1, 0}), ~uint64_t{0});
  ASSERT_TRUE(ballot.ok());
  std::string longer = ballot->payload + std::string("\x08\x01", 2).substr(0, 1);
  ExpectError(client_->Post(MakeEntry(e->id(), v1::BALLOT, longer, e->voter(0))).status(),
              absl::StatusCode::kResourceExhausted, "limit.entry_size");
}

// Memory bombs: two MANIFESTs signed by fresh keys and one voter's BALLOT, each ~15 MiB of
// empty repeated fields, posted at once while a voter casts. All three are refused before
// parsing with limit.entry_size, the cast succeeds, and the board's peak RSS stays under
// 300 MB (before the limits, one 8 MiB manifest took 747 MB).
TEST_F(BoardLimits, MemoryBombsAreRefusedBeforeParsingWhileACastCompletes) {
  Start();
  auto e = Voting();
  const std::string bomb = EmptyFields(0x3a, 15 << 20);  // Manifest.questions (field 7)
  std::vector<std::thread> attackers;
  std::vector<absl::Status> answers(3);
  attackers.reserve(3);
  for (int i = 0; i < 3; ++i) {
    attackers.emplace_back([&, i] {
      BoardClient attacker(board_->endpoint());
      attacker.set_retry_policy(NoRetry());
      SigningKey key = SigningKey::Generate();
      ElectionId id = e->id();
      if (i < 2) id = ComputeElectionId(AsBytes(bomb));
      v1::Entry entry = i < 2 ? MakeEntry(id, v1::MANIFEST, bomb, key)
                              : MakeEntry(id, v1::BALLOT, EmptyFields(0x0a, 15 << 20), e->voter(1));
      answers[i] = attacker.Post(entry).status();
    });
  }
  auto started = std::chrono::steady_clock::now();
  auto cast = e->Cast(0, testing::TestChoices(0, {1, 0, 1}, {1, 0, 0}));
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (auto& t : attackers) t.join();
  ASSERT_TRUE(cast.ok()) << cast.status();
  std::printf("cast during the bombs took %.2f s\n", seconds);  // bench/ times it; not asserted
  for (const auto& a : answers) {
    ExpectError(a, absl::StatusCode::kResourceExhausted, "limit.entry_size");
  }
  uint64_t peak = PeakRss(board_->pid());
  std::printf("board peak RSS %.1f MB\n", static_cast<double>(peak) / 1e6);
  EXPECT_GT(peak, 0u);
#if !defined(__SANITIZE_ADDRESS__)
  // Under AddressSanitizer (scripts/test-sanitizers.sh) the RSS also holds its shadow memory
  // and its 256 MB quarantine of freed blocks, so the bound is checked by the Release run.
  EXPECT_LT(peak, 300'000'000u);
#endif
}

// A message beyond the gRPC limit (entry limit + 64 KiB) is refused by the transport; the
// client names that refusal (limit.message_size).
TEST_F(BoardLimits, MessagesBeyondTheLimitAreRefused) {
  Start({"--max-entry-bytes", "100000", "--max-manifest-bytes", "50000"});
  SigningKey key = SigningKey::Generate();
  std::string big(200'000, 'x');
  auto answer = client_->Post(MakeEntry(ComputeElectionId(AsBytes(big)), v1::MANIFEST, big, key));
  ExpectError(answer.status(), absl::StatusCode::kResourceExhausted, "limit.message_size");
  // The client names the sizes and the flag that raises the limit.
  EXPECT_NE(answer.status().message().find("refused a message of 200"), std::string::npos)
      << answer.status();
  EXPECT_NE(answer.status().message().find("at most 165536 bytes"), std::string::npos)
      << answer.status();
  EXPECT_NE(answer.status().message().find("--max-entry-bytes"), std::string::npos)
      << answer.status();
  // Beyond what the client itself sends (kBoardClientMaxMessage): named as this program's.
  std::string huge((80 << 20) + 1, 'x');
  answer = client_->Post(MakeEntry(ComputeElectionId(AsBytes(big)), v1::MANIFEST, huge, key));
  ExpectError(answer.status(), absl::StatusCode::kResourceExhausted, "limit.message_size");
  EXPECT_NE(answer.status().message().find("more than this program sends or receives"),
            std::string::npos)
      << answer.status();
  // Within the message limit but beyond the manifest limit: the board's own reason.
  std::string manifest(90'000, 'x');
  answer =
      client_->Post(MakeEntry(ComputeElectionId(AsBytes(manifest)), v1::MANIFEST, manifest, key));
  ExpectError(answer.status(), absl::StatusCode::kResourceExhausted, "limit.entry_size");
}

int Connect(const std::string& address) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(std::stoi(address.substr(address.rfind(':') + 1))));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// True if the peer closed `fd` (recv gives 0 or an error) within `ms`; what it sends before
// (the server's HTTP/2 settings) is read and dropped.
bool ClosedByPeer(int fd, int ms) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::microseconds>(
                    until - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) return false;
    timeval tv{static_cast<time_t>(left / 1'000'000), static_cast<suseconds_t>(left % 1'000'000)};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[256];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n == 0) return true;
    if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
  }
}

// Sets this process's soft descriptor limit (children inherit it); returns the old one.
rlim_t SetSoftFileLimit(rlim_t soft) {
  rlimit limit;
  ::getrlimit(RLIMIT_NOFILE, &limit);
  rlim_t old = limit.rlim_cur;
  limit.rlim_cur = std::min(soft, limit.rlim_max);
  ::setrlimit(RLIMIT_NOFILE, &limit);
  return old;
}

// ~1,100 idle connections against a board started with the usual 1,024-descriptor soft
// limit: before, gRPC's listener hit EMFILE and never accepted again. Now the board raises
// its limit and caps connections, and serves again once the flood is gone.
TEST_F(BoardLimits, ServesAgainAfterADescriptorFlood) {
  rlim_t old = SetSoftFileLimit(1024);
  Start();
  SetSoftFileLimit(old);
  if (old < 1300) GTEST_SKIP() << "this test needs 1,300 descriptors, the limit is " << old;
  std::vector<int> fds;
  for (int i = 0; i < 1100; ++i) {
    int fd = Connect(board_->address());
    if (fd >= 0) fds.push_back(fd);
  }
  EXPECT_GT(fds.size(), 1000u);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  for (int fd : fds) ::close(fd);
  ScriptedElection e(Options(), Sink());
  absl::Status created = e.Create();
  EXPECT_TRUE(created.ok()) << created;
}

// With --max-connections, connections beyond the cap are closed at once; the ones held stay
// open; after they close, the board serves.
TEST_F(BoardLimits, ConnectionsBeyondTheCapAreClosed) {
  Start({"--max-connections", "40"});
  std::vector<int> fds;
  for (int i = 0; i < 120; ++i) {
    int fd = Connect(board_->address());
    ASSERT_GE(fd, 0);
    fds.push_back(fd);
  }
  int closed = 0;
  for (int fd : fds) closed += ClosedByPeer(fd, 50) ? 1 : 0;
  EXPECT_GE(closed, 80);
  EXPECT_LE(closed, 120 - 30);  // the first ones are held (a client connection may count too)
  for (int fd : fds) ::close(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ScriptedElection e(Options(), Sink());
  absl::Status created = e.Create();
  EXPECT_TRUE(created.ok()) << created;
}

// --max-connections caps the connections of the gRPC and HTTPS ports together (specs/board.md
// §5.3, §7): with the cap held by idle connections to one port, a connection to the other is
// closed as soon as it is accepted (long before the handshake timeout), while the held ones
// stay open; once they close, both ports serve again. Before, each port counted its own, so
// the process could hold twice the cap.
TEST_F(BoardLimits, TheConnectionCapCoversBothPorts) {
  // The smallest release the board serves (specs/booth.md §7.1).
  const std::string release = dir_ + "/release";
  for (const char* file :
       {"booth/index.html", "js/index.js", "node_modules/@noble/curves/ed25519.js",
        "node_modules/@noble/hashes/sha2.js"}) {
    std::filesystem::path path = release + "/" + file;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << "\n";
  }
  BoardProcess::Options options;
  options.booth = release;
  options.extra_args = {"--max-connections", "20", "--handshake-timeout-ms", "60000"};
  auto started = BoardProcess::StartWith(dir_ + "/board", options);
  ASSERT_TRUE(started.ok()) << started.status();
  board_ = std::move(*started);
  client_ = std::make_unique<BoardClient>(board_->endpoint());
  client_->set_retry_policy(NoRetry());
  const std::string grpc = board_->address();
  const std::string https = board_->http_address();
  ASSERT_FALSE(https.empty());
  auto open = [](const std::string& address, int n) {
    std::vector<int> fds;
    for (int i = 0; i < n; ++i) {
      int fd = Connect(address);
      if (fd >= 0) fds.push_back(fd);
    }
    return fds;
  };
  auto closed = [](const std::vector<int>& fds, int ms) {
    int n = 0;
    for (int fd : fds) n += ClosedByPeer(fd, ms) ? 1 : 0;
    return n;
  };
  for (const auto& [full, other] : {std::pair{grpc, https}, std::pair{https, grpc}}) {
    std::vector<int> held = open(full, 20);
    ASSERT_EQ(held.size(), 20u);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // accepted and counted
    std::vector<int> beyond = open(other, 5);
    ASSERT_EQ(beyond.size(), 5u);
    EXPECT_EQ(closed(beyond, 2000), 5) << "beyond the cap held on " << full << ", on " << other;
    EXPECT_EQ(closed(held, 50), 0) << "the connections within the cap, on " << full;
    for (int fd : held) ::close(fd);
    for (int fd : beyond) ::close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  testing::HttpCall call;
  call.target = "/booth/index.html";
  auto reply = testing::HttpDo(https, call);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->status, 200);
  ScriptedElection e(Options(), Sink());
  absl::Status created = e.Create();
  EXPECT_TRUE(created.ok()) << created;
}

// A connection that never completes its handshake (sends nothing) is closed after the
// handshake timeout.
TEST_F(BoardLimits, SilentConnectionsAreClosedAfterTheHandshakeTimeout) {
  Start({"--handshake-timeout-ms", "300"});
  std::vector<int> fds;
  fds.reserve(5);
  for (int i = 0; i < 5; ++i) fds.push_back(Connect(board_->address()));
  for (int fd : fds) {
    ASSERT_GE(fd, 0);
    EXPECT_TRUE(ClosedByPeer(fd, 5000));
    ::close(fd);
  }
}

// Only the operator's authorities create elections: with no key allowed, a MANIFEST is
// refused; a key from --allow-authority is accepted; a key added to the
// --allowed-authorities file is accepted without a restart.
TEST_F(BoardLimits, OnlyAllowedAuthoritiesCreateElections) {
  ScriptedElection by_flag(Options(), Sink());  // before the board starts: `urne-board key`
  std::string file = dir_ + "/allowed";
  { std::ofstream(file) << "# allowed authorities\n"; }
  Start({"--allow-authority", ToHex(by_flag.authority().public_key().bytes),
         "--allowed-authorities", file});
  ScriptedElection stranger(Options(), Sink());
  absl::Status refused = stranger.Create();
  ExpectError(refused, absl::StatusCode::kPermissionDenied, "authority.not_allowed");
  EXPECT_TRUE(by_flag.Create().ok());
  ScriptedElection later(Options(), Sink());
  { std::ofstream(file, std::ios::app) << ToHex(later.authority().public_key().bytes) << "\n"; }
  EXPECT_TRUE(later.Create().ok());
  auto list = client_->ListElections();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
}

TEST_F(BoardLimits, NoAllowedAuthorityRefusesEveryManifest) {
  std::string file = dir_ + "/allowed";
  { std::ofstream(file) << "\n"; }
  Start({"--allowed-authorities", file});
  ScriptedElection e(Options(), Sink());
  ExpectError(e.Create(), absl::StatusCode::kPermissionDenied, "authority.not_allowed");
}

TEST_F(BoardLimits, AMalformedAllowedKeyStopsTheBoard) {
  auto board = BoardProcess::Start(dir_ + "/board", {"--allow-authority", "abcd"});
  ASSERT_FALSE(board.ok());
  EXPECT_NE(board.status().message().find("authority.bad_key"), std::string::npos)
      << board.status();
}

// ListElections is paged; BoardClient follows the pages.
TEST_F(BoardLimits, ListElectionsIsPaged) {
  Start();
  std::vector<std::unique_ptr<ScriptedElection>> elections;
  for (int i = 0; i < 3; ++i) {
    elections.push_back(std::make_unique<ScriptedElection>(Options(), Sink()));
    ASSERT_TRUE(elections.back()->Create().ok());
  }
  auto channel = MakeBoardChannel(board_->endpoint());
  auto stub = v1::Board::NewStub(channel);
  v1::ListElectionsRequest request;
  request.set_page_size(2);
  v1::ListElectionsResponse first;
  v1::ListElectionsResponse second;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub->ListElections(&context, request, &first).ok());
  }
  ASSERT_EQ(first.elections_size(), 2);
  ASSERT_FALSE(first.next_page_token().empty());
  EXPECT_LT(first.elections(0).election_id(), first.elections(1).election_id());
  request.set_page_token(first.next_page_token());
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub->ListElections(&context, request, &second).ok());
  }
  ASSERT_EQ(second.elections_size(), 1);
  EXPECT_TRUE(second.next_page_token().empty());
  EXPECT_GT(second.elections(0).election_id(), first.elections(1).election_id());
  auto all = client_->ListElections();
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->size(), 3u);
}

// Wrong codes, fixed: sizes beyond the log are OUT_OF_RANGE merkle.bad_size; an unknown
// payload field is payload.malformed; a 1 MiB election id gets a short error.
TEST_F(BoardLimits, SpecificCodesForBadRequests) {
  Start();
  ScriptedElection e(Options(), Sink());
  ASSERT_TRUE(e.Create().ok());
  const uint64_t size = e.state().size();
  ExpectError(client_->InclusionProof(e.id(), 0, size + 1).status(), absl::StatusCode::kOutOfRange,
              "merkle.bad_size");
  ExpectError(client_->ConsistencyProof(e.id(), 1, size + 5).status(),
              absl::StatusCode::kOutOfRange, "merkle.bad_size");
  ExpectError(client_->InclusionProof(e.id(), size, size).status(),
              absl::StatusCode::kInvalidArgument, "merkle.bad_index");
  ExpectError(client_->ConsistencyProof(e.id(), 0, size).status(),
              absl::StatusCode::kInvalidArgument, "merkle.bad_size");

  // A MANIFEST with an unknown field (number 99, varint 1) after valid content.
  std::string manifest = Serialize(e.state().manifest()) + std::string("\x98\x06\x01", 3);
  v1::Entry unknown =
      MakeEntry(ComputeElectionId(AsBytes(manifest)), v1::MANIFEST, manifest, e.authority());
  ExpectError(client_->Post(unknown).status(), absl::StatusCode::kInvalidArgument,
              "payload.malformed");

  // A 1 MiB election id: a short INVALID_ARGUMENT, not the id echoed back.
  v1::Entry huge = MakeEntry(e.id(), v1::OPEN, "", e.authority());
  huge.set_election_id(std::string(1 << 20, 'i'));
  absl::Status answer = client_->Post(huge).status();
  ExpectError(answer, absl::StatusCode::kInvalidArgument, "election.bad_id");
  EXPECT_LT(answer.message().size(), 200u);
  v1::TreeHeadRequest request;
  request.set_election_id(std::string(1 << 20, 'i'));
  auto channel = MakeBoardChannel(board_->endpoint());
  auto stub = v1::Board::NewStub(channel);
  grpc::ClientContext context;
  v1::SignedTreeHead head;
  grpc::Status status = stub->TreeHead(&context, request, &head);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_LT(status.error_message().size(), 200u);
}

// Entries sends exactly [from_index, to_index), ending the stream itself (a client paging a
// long log no longer cancels calls that the board has filled ahead); to_index 0, or beyond the
// log, means the committed size; to_index below from_index is refused with its reason.
TEST_F(BoardLimits, EntriesStopAtTheRangeAsked) {
  Start();
  ScriptedElection e(Options(), Sink());
  ASSERT_TRUE(e.Create().ok());
  ASSERT_TRUE(e.Ceremony().ok());
  const uint64_t size = e.state().size();
  ASSERT_GE(size, 4u);
  auto channel = MakeBoardChannel(board_->endpoint());
  auto stub = v1::Board::NewStub(channel);
  struct Read {
    std::vector<uint64_t> indexes;
    grpc::Status status;
  };
  auto read = [&](uint64_t from, uint64_t to) {
    v1::EntriesRequest request;
    request.set_election_id(std::string(e.id().begin(), e.id().end()));
    request.set_from_index(from);
    request.set_to_index(to);
    grpc::ClientContext context;
    auto reader = stub->Entries(&context, request);
    Read out;
    v1::IndexedEntry entry;
    while (reader->Read(&entry)) out.indexes.push_back(entry.index());
    out.status = reader->Finish();
    return out;
  };
  auto range = [](uint64_t from, uint64_t to) {
    std::vector<uint64_t> out;
    for (uint64_t i = from; i < to; ++i) out.push_back(i);
    return out;
  };
  for (auto [from, to, expected_end] :
       std::vector<std::tuple<uint64_t, uint64_t, uint64_t>>{{1, 3, 3},
                                                             {0, 1, 1},
                                                             {0, 0, size},
                                                             {1, 0, size},
                                                             {size - 1, size + 5, size},
                                                             {2, 2, 2},
                                                             {size + 3, size + 9, 0}}) {
    Read got = read(from, to);
    EXPECT_TRUE(got.status.ok()) << from << ".." << to << ": " << got.status.error_message();
    EXPECT_EQ(got.indexes, range(from, expected_end)) << from << ".." << to;
  }
  Read backwards = read(3, 2);
  EXPECT_EQ(backwards.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(backwards.status.error_message().rfind("entries.bad_range: to_index 2 is below "
                                                   "from_index 3",
                                                   0),
            0u)
      << backwards.status.error_message();
  EXPECT_TRUE(backwards.indexes.empty());
}

// Payloads whose size is within their limit but which hold more fields than any valid one of
// their kind (a MANIFEST of empty questions, a ROLL of empty credentials) are refused before
// anything parses them: before the field count, the 1 MiB manifest below was parsed into
// 500 000 objects and refused only afterwards (manifest.invalid).
TEST_F(BoardLimits, FieldCountsAreBoundedBeforeParsing) {
  Start();
  ScriptedElection e(Options(), Sink());
  const std::string bomb = EmptyFields(0x3a, 1'000'000);  // Manifest.questions (field 7)
  auto answer =
      client_->Post(MakeEntry(ComputeElectionId(AsBytes(bomb)), v1::MANIFEST, bomb, e.authority()));
  ExpectError(answer.status(), absl::StatusCode::kResourceExhausted, "limit.field_count");
  EXPECT_NE(answer.status().message().find("at most 32768 fields"), std::string::npos)
      << answer.status();
  ASSERT_TRUE(e.Create().ok());  // a real manifest and roll still pass
  // Roll.credentials, all empty (checked before the roll's phase: this election has its roll).
  v1::Entry roll = MakeEntry(e.id(), v1::ROLL, EmptyFields(0x0a, 100'000), e.authority());
  ExpectError(client_->Post(roll).status(), absl::StatusCode::kResourceExhausted,
              "limit.field_count");
}

// A request that is not a protobuf message of the method's type never reaches the board:
// gRPC's callback API answers UNIMPLEMENTED with an empty message (specs/board.md §5.2; the
// spec said INTERNAL, which was never true), and the board keeps serving.
TEST_F(BoardLimits, AnUnparsableRequestIsRefusedByTheTransport) {
  Start();
  auto channel = MakeBoardChannel(board_->endpoint());
  grpc::GenericStub generic(channel);
  // Field 1, length-delimited, with a length far beyond the end of the message.
  const std::string garbage("\x0a\xff\xff\xff\xff\x0f garbage");
  grpc::Slice slice(garbage);
  grpc::ByteBuffer request(&slice, 1);
  for (const char* method : {"/urne.v1.Board/Post", "/urne.v1.Board/TreeHead"}) {
    SCOPED_TRACE(method);
    grpc::ClientContext context;
    grpc::ByteBuffer response;
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    grpc::Status status;
    generic.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                      [&](grpc::Status s) {
                        std::lock_guard lock(mu);
                        status = std::move(s);
                        done = true;
                        cv.notify_one();
                      });
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return done; }));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << status.error_message();
    EXPECT_EQ(status.error_message(), "");
  }
  ScriptedElection e(Options(), Sink());
  EXPECT_TRUE(e.Create().ok());
}

// Rates: per host and per author key, refused with limit.rate; a client with the default
// retry policy gets through by waiting.
TEST_F(BoardLimits, RatesPerHostAndPerCredential) {
  Start({"--rate-per-host", "2", "--burst-per-host", "20"});
  auto e = Voting();  // fewer than 20 posts
  std::this_thread::sleep_for(std::chrono::seconds(1));
  absl::Status last;
  int refused = 0;
  for (int i = 0; i < 30 && refused == 0; ++i) {
    last = client_->TreeHead(e->id()).status();  // reads are not limited
    ASSERT_TRUE(last.ok());
    v1::Entry junk = MakeEntry(e->id(), v1::OPEN, "", SigningKey::Generate());
    last = client_->Post(junk).status();
    if (ReasonOf(last) == "limit.rate") ++refused;
  }
  ExpectError(last, absl::StatusCode::kResourceExhausted, "limit.rate");
  // The default policy waits and retries: a real ballot gets through.
  BoardClient patient(board_->endpoint());
  ScriptedElection::Sink sink = [&](const v1::Entry& entry) {
    return patient.Post(entry).status();
  };
  BallotStatement st{e->state().manifest(), e->state().group(), e->id(), *e->state().joint_key(),
                     e->voter(2).public_key()};
  auto ballot = EncryptBallot(st, testing::TestChoices(1, {0, 1, 0}, {0, 0, 1}), e->state().size());
  ASSERT_TRUE(ballot.ok());
  auto receipt = patient.Post(MakeEntry(e->id(), v1::BALLOT, ballot->payload, e->voter(2)));
  EXPECT_TRUE(receipt.ok()) << receipt.status();
}

TEST_F(BoardLimits, RatePerCredential) {
  Start({"--rate-per-credential", "0.5", "--burst-per-credential", "2"});
  auto e = std::make_unique<ScriptedElection>(Options(), Sink());
  absl::Status s = e->Create();  // MANIFEST, ROLL: the authority's burst
  ASSERT_TRUE(s.ok()) << s;
  // Next authority posts (wrong phase anyway) run out of tokens.
  v1::Entry open = MakeEntry(e->id(), v1::OPEN, "", e->authority());
  ExpectError(client_->Post(open).status(), absl::StatusCode::kResourceExhausted, "limit.rate");
}

}  // namespace
}  // namespace urne::bulletin_board

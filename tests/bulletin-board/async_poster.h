// Many board clients driven by one thread (urne-board-load, issue #18 P3): each client has
// its own channel, hence its own TLS connection to the board, and at most one post in
// flight; a client posts its next entry as soon as the board's receipt for the last one
// arrives. A completion queue replaces one blocking thread per client, whose wake-ups cost
// the load generator more CPU than the board's own gRPC work. Not a test; not thread-safe.
#ifndef URNE_TESTS_BULLETIN_BOARD_ASYNC_POSTER_H_
#define URNE_TESTS_BULLETIN_BOARD_ASYNC_POSTER_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "board-client/endpoint.h"
#include "urne/v1/board.grpc.pb.h"

namespace urne {

class AsyncPoster {
 public:
  // `clients` channels to `endpoint`, connected lazily; each post has `deadline_s`.
  AsyncPoster(const BoardEndpoint& endpoint, size_t clients, int deadline_s = 120);

  // Posts every entry once, in order, from the clients in turn. latency_ms[k] is entry k's
  // time from the post to its receipt. Each receipt must name the entry's election. Returns
  // the first failure (with the entry's position), after the posts in flight have ended.
  absl::Status PostAll(std::span<const v1::Entry> entries, std::vector<double>& latency_ms);

 private:
  std::vector<std::unique_ptr<v1::Board::Stub>> stubs_;
  int deadline_s_;
};

}  // namespace urne

#endif  // URNE_TESTS_BULLETIN_BOARD_ASYNC_POSTER_H_

// The gRPC channel to a board for an endpoint: the one place that turns a BoardEndpoint into
// channel credentials (TLS with the endpoint's roots, or plain text where the endpoint allows
// it) and sets the message size limits. Used by BoardClient (client.cc) and by test servers
// that relay to a real board; programs use BoardClient. Thread-safe.
#ifndef URNE_BOARD_CLIENT_CHANNEL_H_
#define URNE_BOARD_CLIENT_CHANNEL_H_

#include <grpcpp/grpcpp.h>

#include <memory>

#include "board-client/endpoint.h"

namespace urne {

// Largest message a client sends or receives (bytes).
inline constexpr int kBoardClientMaxMessage = 80 << 20;

// Connects lazily. TLS endpoints verify the server certificate against root_certs() (or the
// system's roots when empty) and the endpoint's host name.
std::shared_ptr<grpc::Channel> MakeBoardChannel(const BoardEndpoint& endpoint);

}  // namespace urne

#endif  // URNE_BOARD_CLIENT_CHANNEL_H_

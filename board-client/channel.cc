#include "board-client/channel.h"

namespace urne {

std::shared_ptr<grpc::Channel> MakeBoardChannel(const BoardEndpoint& endpoint) {
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (endpoint.tls()) {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = endpoint.root_certs();  // empty: the system's roots
    credentials = grpc::SslCredentials(options);
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kBoardClientMaxMessage);
  args.SetMaxSendMessageSize(kBoardClientMaxMessage);
  return grpc::CreateCustomChannel(endpoint.target(), credentials, args);
}

}  // namespace urne

#include "tests/bulletin-board/async_poster.h"

#include <chrono>

#include "board-client/channel.h"
#include "status/status.h"

namespace urne {
namespace {

using Clock = std::chrono::steady_clock;

// One post in flight: the completion queue's tag.
struct Call {
  size_t client = 0;
  size_t k = 0;
  Clock::time_point sent;
  grpc::ClientContext context;
  v1::Receipt receipt;
  grpc::Status status;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::Receipt>> rpc;
};

}  // namespace

AsyncPoster::AsyncPoster(const BoardEndpoint& endpoint, size_t clients, int deadline_s)
    : deadline_s_(deadline_s) {
  for (size_t c = 0; c < clients; ++c)
    stubs_.push_back(v1::Board::NewStub(MakeBoardChannel(endpoint)));
}

absl::Status AsyncPoster::PostAll(std::span<const v1::Entry> entries,
                                  std::vector<double>& latency_ms) {
  latency_ms.assign(entries.size(), 0);
  grpc::CompletionQueue queue;
  size_t next = 0;
  size_t in_flight = 0;
  absl::Status first_error;
  auto post_next = [&](size_t client) {
    if (next >= entries.size() || !first_error.ok()) return;
    auto call = std::make_unique<Call>();
    call->client = client;
    call->k = next++;
    call->context.set_deadline(std::chrono::system_clock::now() +
                               std::chrono::seconds(deadline_s_));
    call->sent = Clock::now();
    call->rpc = stubs_[client]->AsyncPost(&call->context, entries[call->k], &queue);
    Call* tag = call.release();  // owned by the queue until its tag comes back
    tag->rpc->Finish(&tag->receipt, &tag->status, tag);
    ++in_flight;
  };
  for (size_t c = 0; c < stubs_.size(); ++c) post_next(c);
  void* tag = nullptr;
  bool ok = false;
  while (in_flight > 0 && queue.Next(&tag, &ok)) {
    std::unique_ptr<Call> call(static_cast<Call*>(tag));
    --in_flight;
    latency_ms[call->k] =
        std::chrono::duration<double, std::milli>(Clock::now() - call->sent).count();
    const v1::Entry& entry = entries[call->k];
    if (first_error.ok() && (!ok || !call->status.ok())) {
      first_error = absl::Status(static_cast<absl::StatusCode>(call->status.error_code()),
                                 Cat("entry ", call->k, ": ", call->status.error_message()));
    } else if (first_error.ok() && call->receipt.election_id() != entry.election_id()) {
      first_error =
          absl::InternalError(Cat("entry ", call->k, ": the receipt names another election"));
    }
    post_next(call->client);
  }
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) delete static_cast<Call*>(tag);
  return first_error;
}

}  // namespace urne

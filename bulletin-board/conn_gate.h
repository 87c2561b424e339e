// The connection gate: caps the number of TCP connections the board's process holds
// (specs/board.md §5.3 "Connections").
//
// gRPC 1.51 (Debian 12) has no argument to cap incoming connections, and its listener stops
// accepting forever after one accept4() fails with EMFILE ("Too many open files"). The gate
// therefore wraps accept4() for the whole process (gRPC's listener calls it; the wrapper is
// found before libc's by the dynamic linker because the urne-board executable exports it):
// a connection beyond the cap is closed as soon as it is accepted, and when the process is
// out of descriptors a reserved descriptor is released to accept and close the waiting
// connection, so the listener never sees EMFILE. The HTTPS port (http_server.h; Boost.Asio
// calls accept(), not accept4()) counts each connection it accepts through AdmitConnection,
// so the cap holds for both ports together. Connections are counted by (descriptor, inode);
// descriptors closed since are noticed lazily, when the count reaches the cap. Without a cap
// (the default, 0) accept4() passes through and every connection is admitted.
//
// Thread-safe.
#ifndef URNE_BULLETIN_BOARD_CONN_GATE_H_
#define URNE_BULLETIN_BOARD_CONN_GATE_H_

#include <cstddef>
#include <cstdint>

namespace urne::bulletin_board {

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit now in force.
uint64_t RaiseDescriptorLimit();

// Caps the connections accepted by this process at `max_connections` (0: no cap) and
// reserves one descriptor for the EMFILE case.
void SetConnectionCap(size_t max_connections);

// Counts `fd`, a connection just accepted by other means than accept4(), against the cap.
// True: admitted (or no cap, or `fd` is not a socket). False: the cap is reached; the caller
// closes `fd` at once (it is counted as refused).
bool AdmitConnection(int fd);

// Connections currently counted, and connections refused because of the cap so far.
size_t OpenConnections();
uint64_t RefusedConnections();

}  // namespace urne::bulletin_board

#endif  // URNE_BULLETIN_BOARD_CONN_GATE_H_

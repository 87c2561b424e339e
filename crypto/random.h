// Random bytes for the many short secrets of encryption and proofs (nonces, proof
// randomness, blinding): a per-thread generator with fast key erasure over ChaCha20
// (specs/crypto.md §2.3), seeded from the operating system's CSPRNG (libsodium's
// randombytes_buf, i.e. getrandom) at its first use in a thread and again after every fork.
//
// Why: a ballot draws about 80 random scalars, and one getrandom system call each was 7 % of
// ristretto255's encrypt + prove + sign (bench/perf.sh P1). Here a system call happens once
// per thread and per fork, and every 480 bytes cost one ChaCha20 call.
//
// The state is a 32-byte key and up to 480 bytes of output not handed out yet, in
// thread-local storage: each refill runs ChaCha20 (IETF, nonce 0) under the key for 512
// bytes, the first 32 of which replace the key (so earlier outputs cannot be recomputed from
// a later state); bytes handed out are wiped from the buffer at once; the state is wiped
// when its thread exits. A fork (pthread_atfork) makes every thread of both processes reseed
// before its next output, so parent and child never share a stream.
//
// Long-term secrets drawn once (signing keys, credential codes, key-file salts) keep using
// randombytes_buf directly. Thread-safe.
#ifndef URNE_CRYPTO_RANDOM_H_
#define URNE_CRYPTO_RANDOM_H_

#include <cstdint>
#include <span>

namespace urne {

// Fills `out` with uniform random bytes (any length, 0 included).
void RandomBytes(std::span<uint8_t> out);

}  // namespace urne

#endif  // URNE_CRYPTO_RANDOM_H_

// libFuzzer target: every parser of untrusted bytes. The first byte picks the parser; the
// rest is its input. A parser must return a value or a specific error — never crash, hang
// or read out of bounds (run under AddressSanitizer/UBSan by scripts/fuzz.sh).
#include <cstddef>
#include <cstdint>
#include <string>

#include "authority/public_credentials.h"
#include "crypto/chaum_pedersen.h"
#include "crypto/elgamal.h"
#include "crypto/range_proof.h"
#include "crypto/schnorr.h"
#include "election/credential.h"
#include "election/entry.h"
#include "election/manifest.h"
#include "election/record.h"
#include "election/state.h"
#include "voter-client/receipt_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace urne;
  if (size == 0) return 0;
  const uint8_t which = data[0];
  ByteView in(data + 1, size - 1);
  std::string text(reinterpret_cast<const char*>(in.data()), in.size());
  const Group& group = (which & 0x80) ? Group::Eg4096() : Group::Ristretto255();
  switch (which & 0x0f) {
    case 0:
      (void)group.DecodeElement(in, Identity::kForbidden);
      break;
    case 1:
      (void)group.DecodeScalar(in);
      break;
    case 2:
      (void)DecodeCiphertext(group, in);
      break;
    case 3:
      (void)DecodeRangeProof(group, in);
      break;
    case 4:
      (void)DecodeSchnorrProof(group, in);
      break;
    case 5:
      (void)DecodeChaumPedersenProof(group, in);
      break;
    case 6: {
      auto entry = ParseEntryLeafData(in);
      if (entry.ok()) (void)ElectionState::Begin(*entry);
      break;
    }
    case 7:
      (void)ParseManifestJson(text);
      break;
    case 8:
      (void)ParseCredentialCode(text);
      break;
    case 9: {
      v1::Ballot ballot;
      (void)ParseStrict(text, ballot);
      break;
    }
    case 10:
      (void)DecodeRecord(in);
      break;
    case 11:
      (void)voter_client::ParseReceiptJson(text);
      break;
    case 12:
      (void)FromHex(text);
      break;
    case 13:
      (void)authority::ParsePublicCredentials(text);
      break;
    default:
      break;
  }
  return 0;
}

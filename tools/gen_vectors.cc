// urne-gen-vectors: writes the known-answer vectors of tests/vectors/ (see its README.md).
//
//   urne-gen-vectors --out-dir tests/vectors [--groups ristretto255,eg4096]
//
// Everything is derived from fixed seeds, never from the CSPRNG, so the output is
// byte-identical on every run and platform: the i-th test scalar of a group is
//   ReduceWide(SHA-512("urne/v1/test-vector" ‖ u32_be(i)))            (specs/crypto.md §2.3)
//
// Output format ("flat JSON lines"): a JSON array with one flat object per line, every value a
// string of [0-9a-z_./=;:-]. The first object is {"kind": "meta", ...}; every other object has
// a "kind" and, where it depends on a group, a "group". tests/crypto/vectors_test.cc reads it.
//
// Adding vectors: write a `void MyVectors(const Group&, VectorFile&)` and add a Section
// to kSections (a new file), or call it from an existing section's function.
#include <algorithm>
#include <array>
#include <boost/program_options.hpp>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "cli/cli.h"
#include "cli/program.h"
#include "crypto/bytes.h"
#include "crypto/chaum_pedersen.h"
#include "crypto/ed25519.h"
#include "crypto/eg4096_constants.h"
#include "crypto/elgamal.h"
#include "crypto/group.h"
#include "crypto/range_proof.h"
#include "crypto/schnorr.h"
#include "crypto/transcript.h"
#include "election/credential.h"
#include "status/status.h"

namespace urne {
namespace {

constexpr std::string_view kSeed = "urne/v1/test-vector";
constexpr std::string_view kFormat = "1";

using Record = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kProgram = "urne-gen-vectors";

// The generator's own checks (a vector that does not say what it claims): a bug here, not a
// usage error; reported through the frame's rule (exit 2) and nothing more is written.
[[noreturn]] void Die(std::string_view message) {
  std::exit(cli::ReportError(std::cerr, kProgram, absl::InternalError(std::string(message))));
}

bool AllowedValue(std::string_view v) {
  return std::ranges::all_of(v, [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '_' || c == '.' || c == '/' ||
           c == '=' || c == ';' || c == ':' || c == '-';
  });
}

// One output file: an array of flat records, one per line.
class VectorFile {
 public:
  explicit VectorFile(std::string name) : name_(std::move(name)) {
    Add({{"kind", "meta"},
         {"file", name_},
         {"format", std::string(kFormat)},
         {"generator", "tools/gen_vectors.cc"},
         {"seed", std::string(kSeed)}});
  }

  void Add(Record record) {
    for (const auto& [key, value] : record) {
      if (!AllowedValue(key) || !AllowedValue(value)) {
        Die(Cat("record field ", key, " has a character outside [0-9a-z_./=;:-]"));
      }
    }
    records_.push_back(std::move(record));
  }

  std::string Render() const {
    std::string out = "[\n";
    for (size_t i = 0; i < records_.size(); ++i) {
      out += "{";
      for (size_t j = 0; j < records_[i].size(); ++j) {
        if (j > 0) out += ", ";
        out += Cat("\"", records_[i][j].first, "\": \"", records_[i][j].second, "\"");
      }
      out += i + 1 < records_.size() ? "},\n" : "}\n";
    }
    return out + "]\n";
  }

  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::vector<Record> records_;
};

// ---- Deterministic inputs (specs/crypto.md §2.3; tests/vectors/README.md).

std::array<uint8_t, 64> TestWide(uint32_t index) {
  Bytes input(kSeed.begin(), kSeed.end());
  AppendU32(input, index);
  return Sha512(input);
}

Scalar TestScalar(const Group& g, uint32_t index) { return g.ReduceWide(TestWide(index)); }

std::string H(const Group& g, const Element& e) { return ToHex(g.Encode(e)); }
std::string H(const Group& g, const Scalar& s) { return ToHex(g.Encode(s)); }

Bytes MustHex(std::string_view hex) {
  std::string lower(hex);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  auto b = FromHex(lower);
  if (!b.ok()) Die(std::string(b.status().message()));
  return *b;
}

// ---- groups.json

void ElementRejection(const Group& g, VectorFile& f, std::string_view name, const Bytes& bytes,
                      Identity identity, std::string_view reason) {
  auto e = g.DecodeElement(bytes, identity);
  if (e.ok() || ReasonOf(e.status()) != reason) {
    Die(Cat(g.name(), " decode_element_reject ", name, ": expected ", reason, ", got ",
            e.ok() ? "success" : ReasonOf(e.status())));
  }
  f.Add({{"group", std::string(g.name())},
         {"kind", "decode_element_reject"},
         {"name", std::string(name)},
         {"identity", identity == Identity::kAllowed ? "allowed" : "forbidden"},
         {"bytes", ToHex(bytes)},
         {"reason", std::string(reason)}});
}

void ScalarRejection(const Group& g, VectorFile& f, std::string_view name, const Bytes& bytes,
                     bool nonzero, std::string_view reason) {
  auto s = nonzero ? g.DecodeNonZeroScalar(bytes) : g.DecodeScalar(bytes);
  if (s.ok() || ReasonOf(s.status()) != reason) {
    Die(Cat(g.name(), " decode_scalar_reject ", name, ": expected ", reason, ", got ",
            s.ok() ? "success" : ReasonOf(s.status())));
  }
  f.Add({{"group", std::string(g.name())},
         {"kind", "decode_scalar_reject"},
         {"name", std::string(name)},
         {"nonzero", nonzero ? "true" : "false"},
         {"bytes", ToHex(bytes)},
         {"reason", std::string(reason)}});
}

void RejectionVectors(const Group& g, VectorFile& f) {
  const size_t n = g.element_bytes();
  if (g.name() == "ristretto255") {
    Bytes top = g.Encode(g.generator());
    top[31] |= 0x80;
    ElementRejection(g, f, "generator_bit255", top, Identity::kAllowed, "element.out_of_range");
    Bytes p = MustHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    ElementRejection(g, f, "p", p, Identity::kAllowed, "element.out_of_range");
    Bytes neg(32, 0);
    neg[0] = 1;
    ElementRejection(g, f, "one_negative", neg, Identity::kAllowed, "element.non_canonical");
    Bytes minus_one = MustHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    ElementRejection(g, f, "s_minus_one", minus_one, Identity::kAllowed,
                     "element.invalid_encoding");
  } else {
    Bytes p = MustHex(eg4096::kPHex);
    if (p.size() != n) Die("eg4096 p is not 512 bytes");
    ElementRejection(g, f, "p", p, Identity::kAllowed, "element.out_of_range");
    ElementRejection(g, f, "all_ff", Bytes(n, 0xff), Identity::kAllowed, "element.out_of_range");
    ElementRejection(g, f, "zero", Bytes(n, 0), Identity::kAllowed, "element.out_of_range");
    Bytes p_minus_1 = p;
    p_minus_1[n - 1] -= 1;  // p ends in 0xff: no borrow
    ElementRejection(g, f, "p_minus_1", p_minus_1, Identity::kAllowed, "element.not_in_subgroup");
    Bytes two(n, 0);
    two[n - 1] = 2;
    ElementRejection(g, f, "two", two, Identity::kAllowed, "element.not_in_subgroup");
  }
  Bytes gen = g.Encode(g.generator());
  ElementRejection(g, f, "short", Bytes(gen.begin(), gen.end() - 1), Identity::kAllowed,
                   "element.wrong_length");
  Bytes longer = gen;
  longer.push_back(0);
  ElementRejection(g, f, "long", longer, Identity::kAllowed, "element.wrong_length");
  ElementRejection(g, f, "identity", g.Encode(g.identity()), Identity::kForbidden,
                   "element.identity");

  // q − 1 is the largest scalar; q itself has the same encoding with the low byte + 1 (the
  // low byte of q − 1 is not 0xff in either group, so there is no carry).
  Bytes q = g.Encode(g.Neg(g.ScalarFromU64(1)));
  uint8_t& low = g.name() == "ristretto255" ? q[0] : q[31];
  if (low == 0xff) Die("unexpected carry building q");
  low += 1;
  ScalarRejection(g, f, "q", q, false, "scalar.out_of_range");
  ScalarRejection(g, f, "all_ff", Bytes(32, 0xff), false, "scalar.out_of_range");
  ScalarRejection(g, f, "short", Bytes(31, 0), false, "scalar.wrong_length");
  ScalarRejection(g, f, "long", Bytes(33, 0), false, "scalar.wrong_length");
  ScalarRejection(g, f, "zero", Bytes(32, 0), true, "scalar.zero");
}

void GroupVectors(const Group& g, VectorFile& f) {
  const std::string name(g.name());
  constexpr uint32_t kScalars = 8;
  std::vector<Scalar> s;
  for (uint32_t i = 0; i < kScalars; ++i) {
    s.push_back(TestScalar(g, i));
    f.Add({{"group", name},
           {"kind", "reduce_wide"},
           {"index", std::to_string(i)},
           {"wide", ToHex(TestWide(i))},
           {"scalar", H(g, s.back())}});
  }
  for (uint8_t fill : {0x00, 0xff}) {
    std::array<uint8_t, 64> wide;
    wide.fill(fill);
    f.Add({{"group", name},
           {"kind", "reduce_wide"},
           {"wide", ToHex(wide)},
           {"scalar", H(g, g.ReduceWide(wide))}});
  }
  for (uint32_t i = 0; i < kScalars; ++i) {
    f.Add({{"group", name},
           {"kind", "exp_g"},
           {"scalar", H(g, s[i])},
           {"element", H(g, g.ExpG(s[i]))}});
  }
  for (uint64_t m : {0, 1, 2, 3, 1000}) {
    f.Add({{"group", name},
           {"kind", "gpow"},
           {"m", std::to_string(m)},
           {"element", H(g, g.GPow(m))}});
  }
  for (uint32_t i = 0; i + 1 < kScalars; i += 2) {
    const Scalar& a = s[i];
    const Scalar& b = s[i + 1];
    Element x = g.ExpG(a);
    Element y = g.ExpG(b);
    f.Add({{"group", name},
           {"kind", "exp"},
           {"base", H(g, x)},
           {"scalar", H(g, b)},
           {"element", H(g, g.Exp(x, b))}});
    f.Add({{"group", name},
           {"kind", "mul"},
           {"x", H(g, x)},
           {"y", H(g, y)},
           {"element", H(g, g.Mul(x, y))}});
    f.Add({{"group", name},
           {"kind", "div"},
           {"x", H(g, x)},
           {"y", H(g, y)},
           {"element", H(g, g.Div(x, y))}});
    f.Add({{"group", name}, {"kind", "inverse"}, {"x", H(g, x)}, {"element", H(g, g.Inverse(x))}});
    f.Add({{"group", name},
           {"kind", "scalar_add"},
           {"a", H(g, a)},
           {"b", H(g, b)},
           {"result", H(g, g.Add(a, b))}});
    f.Add({{"group", name},
           {"kind", "scalar_sub"},
           {"a", H(g, a)},
           {"b", H(g, b)},
           {"result", H(g, g.Sub(a, b))}});
    f.Add({{"group", name},
           {"kind", "scalar_mul"},
           {"a", H(g, a)},
           {"b", H(g, b)},
           {"result", H(g, g.Mul(a, b))}});
    f.Add({{"group", name}, {"kind", "scalar_neg"}, {"a", H(g, a)}, {"result", H(g, g.Neg(a))}});
    f.Add({{"group", name}, {"kind", "scalar_inv"}, {"a", H(g, a)}, {"result", H(g, g.Invert(a))}});
  }
  RejectionVectors(g, f);
}

// ---- transcript.json

struct Field {
  std::string label;
  Bytes value;
};

void TranscriptRecord(const Group& g, VectorFile& f, std::string_view name, std::string_view domain,
                      const std::vector<Field>& fields) {
  Transcript t(domain);
  std::string encoded;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].label.find_first_of("=;") != std::string::npos) Die("label with = or ;");
    t.Append(fields[i].label, fields[i].value);
    if (i > 0) encoded += ";";
    encoded += Cat(fields[i].label, "=", ToHex(fields[i].value));
  }
  f.Add({{"group", std::string(g.name())},
         {"kind", "transcript"},
         {"name", std::string(name)},
         {"domain", std::string(domain)},
         {"fields", encoded},
         {"bytes", ToHex(t.bytes())},
         {"sha256", ToHex(t.Digest())},
         {"sha512", ToHex(Sha512(t.bytes()))},
         {"challenge", H(g, t.Challenge(g))}});
}

Bytes Str(std::string_view s) { return Bytes(s.begin(), s.end()); }

void TranscriptVectors(const Group& g, VectorFile& f) {
  Bytes seven;
  AppendU64(seven, 7);
  // specs/crypto.md §3.4 (for ristretto255 exactly; eg4096 appends its own generator).
  TranscriptRecord(g, f, "example", "urne/v1/example",
                   {{"election", Str("demo")}, {"index", seven}, {"g", g.Encode(g.generator())}});
  TranscriptRecord(g, f, "domain_only", "urne/v1/test-vector/empty", {});
  TranscriptRecord(g, f, "empty_field", "urne/v1/test-vector/empty", {{"", {}}});
  Bytes long_value(300);
  for (size_t i = 0; i < long_value.size(); ++i) long_value[i] = static_cast<uint8_t>(i);
  Bytes big;
  AppendU64(big, 0x0102030405060708ULL);
  TranscriptRecord(g, f, "mixed", "urne/v1/test-vector/transcript",
                   {{"n", big},
                    {"scalar", g.Encode(TestScalar(g, 0))},
                    {"element", g.Encode(g.ExpG(TestScalar(g, 1)))},
                    {"long", long_value}});
  TranscriptRecord(g, f, "split_ab_c", "urne/v1/test-vector/transcript",
                   {{"f", Str("ab")}, {"g", Str("c")}});
  TranscriptRecord(g, f, "split_a_bc", "urne/v1/test-vector/transcript",
                   {{"f", Str("a")}, {"g", Str("bc")}});
}

// ---- proofs.json: ElGamal encryptions and range proofs (specs/crypto-proofs.md §1, §2.4).

// Stops the generator unless urne_crypto gives `status` the recorded result ("ok" or the
// rejection reason): a vector file never holds a value its own implementation disagrees with.
void RequireResult(const absl::Status& status, std::string_view want, std::string_view what) {
  const std::string got = status.ok() ? "ok" : ReasonOf(status);
  if (got != want) Die(Cat(what, " gives ", got, ", not the expected ", want));
}

// Proof randomness from its own domain-separated seed: k'_{case,i} = ReduceWide(SHA-512(
// "urne/v1/test-vector/proof" ‖ u32(case) ‖ u32(i))).
Scalar ProofScalar(const Group& g, uint32_t test_case, uint32_t i) {
  std::string_view seed = "urne/v1/test-vector/proof";
  Bytes input(seed.begin(), seed.end());
  AppendU32(input, test_case);
  AppendU32(input, i);
  return g.ReduceWide(Sha512(input));
}

// The range proof of specs/crypto-proofs.md §2.4 written out from the spec with fixed
// randomness (the production prover draws it from the CSPRNG): simulated branches
// a_j = g^{v_j}·α^{c_j}, b_j = K^{v_j}·(β/K^j)^{c_j}; real branch a_m = g^u, b_m = K^u;
// c_m = c − Σ_{j≠m} c_j, v_m = u − c_m·r.
RangeProof SpecRangeProof(const ElGamalPublicKey& key, const Ciphertext& ct, uint64_t m,
                          const Scalar& r, uint64_t lo, uint64_t hi, ByteView context,
                          uint32_t test_case) {
  const Group& g = key.group();
  const Element& k = key.element();
  const Scalar u = ProofScalar(g, test_case, 0);
  std::vector<RangeProofBranch> branches;
  Scalar c_others = g.ScalarFromU64(0);
  for (uint64_t j = lo; j <= hi; ++j) {
    if (j == m) {
      branches.push_back({g.ExpG(u), g.VartimeExp(k, u), g.ScalarFromU64(0), u});
      continue;
    }
    const auto i = static_cast<uint32_t>(2 * (j - lo + 1));
    Scalar c_j = ProofScalar(g, test_case, i);
    Scalar v_j = ProofScalar(g, test_case, i + 1);
    Element a = g.Mul(g.ExpG(v_j), g.VartimeExp(ct.alpha, c_j));
    Element shifted = g.Div(ct.beta, g.VartimeExp(k, g.ScalarFromU64(j)));
    Element b = g.Mul(g.VartimeExp(k, v_j), g.VartimeExp(shifted, c_j));
    c_others = g.Add(c_others, c_j);
    branches.push_back({a, b, c_j, v_j});
  }
  const Scalar c = RangeTranscript(key, ct, lo, hi, branches, context).Challenge(g);
  RangeProofBranch& real = branches[m - lo];
  real.c = g.Sub(c, c_others);
  real.v = g.Sub(u, g.Mul(real.c, r));
  return RangeProof{std::move(branches)};
}

// Schnorr proof of knowledge of x = k_3 for X = g^x (§2.2), u = k'_{100,0}; then the same
// proof for X·g (challenge mismatch) and with v + 1 (equation fails).
void SchnorrVectors(const Group& g, VectorFile& f, ByteView context) {
  const Scalar x = TestScalar(g, 3);
  const Element x_public = g.ExpG(x);
  const Scalar u = ProofScalar(g, 100, 0);
  SchnorrProof proof{g.ExpG(u), g.ScalarFromU64(0), g.ScalarFromU64(0)};
  proof.c = SchnorrTranscript(x_public, proof.h, context).Challenge(g);
  proof.v = g.Sub(u, g.Mul(proof.c, x));
  SchnorrProof bumped = proof;
  bumped.v = g.Add(bumped.v, g.ScalarFromU64(1));
  const Element other = g.Mul(x_public, g.generator());
  for (const auto& [statement, p, result] :
       {std::tuple{&x_public, &proof, "ok"},
        std::tuple{&other, &proof, "proof.schnorr.challenge_mismatch"},
        std::tuple{&x_public, &bumped, "proof.schnorr.invalid"}}) {
    RequireResult(VerifySchnorr(*statement, *p, context), result, "a Schnorr vector");
    f.Add({{"group", std::string(g.name())},
           {"kind", "schnorr"},
           {"x_public", H(g, *statement)},
           {"context", ToHex(context)},
           {"proof", ToHex(EncodeSchnorrProof(*p))},
           {"result", result}});
  }
}

// Decryption of the first range-proof ciphertext with the test key's secret s = k_0: the
// factor M = alpha^s, with its Chaum–Pedersen proof (§2.3, u = k'_{200,0}) for the
// statement (K, alpha, M); beta / M = K^m. Invalid variants: another factor (M·g: the
// challenge fails) and v + 1 (the equations fail).
void DecryptionVectors(const Group& g, VectorFile& f, const ElGamalPublicKey& key,
                       ByteView context) {
  const Scalar s = TestScalar(g, 0);
  const uint64_t m = 0;
  const Ciphertext ct = key.Encrypt(m, TestScalar(g, 1));
  const Element factor = g.VartimeExp(ct.alpha, s);
  const Scalar u = ProofScalar(g, 200, 0);
  ChaumPedersenStatement st{key.element(), ct.alpha, factor};
  ChaumPedersenProof proof{g.ExpG(u), g.VartimeExp(ct.alpha, u), g.ScalarFromU64(0),
                           g.ScalarFromU64(0)};
  proof.c = ChaumPedersenTranscript(st, proof.a, proof.b, context).Challenge(g);
  proof.v = g.Sub(u, g.Mul(proof.c, s));
  ChaumPedersenProof bumped = proof;
  bumped.v = g.Add(bumped.v, g.ScalarFromU64(1));
  ChaumPedersenStatement other = st;
  other.result = g.Mul(factor, g.generator());
  if (!g.Equal(DecryptWithFactor(ct, factor), g.VartimeExp(key.element(), g.ScalarFromU64(m)))) {
    Die("the decryption vector does not decrypt");
  }
  for (const auto& [statement, p, result] :
       {std::tuple{&st, &proof, "ok"},
        std::tuple{&other, &proof, "proof.chaum_pedersen.challenge_mismatch"},
        std::tuple{&st, &bumped, "proof.chaum_pedersen.invalid"}}) {
    RequireResult(VerifyChaumPedersen(*statement, *p, context), result, "a Chaum-Pedersen vector");
    f.Add({{"group", std::string(g.name())},
           {"kind", "decryption"},
           {"key", H(g, key.element())},
           {"ciphertext", ToHex(EncodeCiphertext(ct))},
           {"m", std::to_string(m)},
           {"factor", H(g, statement->result)},
           {"context", ToHex(context)},
           {"proof", ToHex(EncodeChaumPedersenProof(*p))},
           {"result", result}});
  }
}

void ProofVectors(const Group& g, VectorFile& f) {
  const std::string name(g.name());
  const auto key = ElGamalPublicKey::FromElement(g.ExpG(TestScalar(g, 0)));
  if (!key.ok()) Die("test key");
  const Bytes context = Transcript("urne/v1/test-vector/context").Append("case", "range").bytes();
  struct Case {
    uint64_t m, lo, hi;
  };
  const Case cases[] = {{0, 0, 1}, {1, 0, 1}, {2, 0, 3}, {5, 3, 5}};
  uint32_t test_case = 0;
  for (const Case& tc : cases) {
    const Scalar r = TestScalar(g, 1 + test_case);
    const Ciphertext ct = key->Encrypt(tc.m, r);
    RangeProof proof = SpecRangeProof(*key, ct, tc.m, r, tc.lo, tc.hi, context, test_case);
    RequireResult(VerifyRange(*key, ct, tc.lo, tc.hi, proof, context), "ok",
                  "the spec-written range proof");
    Record base = {{"group", name},
                   {"kind", "range_proof"},
                   {"key", H(g, key->element())},
                   {"m", std::to_string(tc.m)},
                   {"nonce", H(g, r)},
                   {"lo", std::to_string(tc.lo)},
                   {"hi", std::to_string(tc.hi)},
                   {"context", ToHex(context)},
                   {"ciphertext", ToHex(EncodeCiphertext(ct))}};
    auto add = [&](const RangeProof& p, ByteView ctx, const char* result) {
      Record r = base;
      r[7].second = ToHex(ctx);
      r.push_back({"proof", ToHex(EncodeRangeProof(p))});
      r.push_back({"result", result});
      f.Add(std::move(r));
    };
    add(proof, context, "ok");
    // The same proof under a context that differs in its last byte.
    Bytes other = context;
    other.back() ^= 1;
    add(proof, other, "proof.range.challenge_mismatch");
    // Two branches' challenges swapped: the sum, hence the challenge check, still holds,
    // but the equations do not.
    RangeProof swapped = proof;
    std::swap(swapped.branches[0].c, swapped.branches[1].c);
    add(swapped, context, "proof.range.invalid");
    ++test_case;
  }
  SchnorrVectors(g, f, context);
  DecryptionVectors(g, f, *key, context);
}

// ---- credentials.json: credential codes and keys (specs/credentials.md §2–§3). The strings
// are hex (codes are upper case, outside the files' character set).

std::string HexOf(std::string_view s) {
  return ToHex(ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}

void ParseVector(VectorFile& f, std::string_view name, std::string_view input,
                 std::string_view want, std::string_view canonical) {
  auto code = ParseCredentialCode(input);
  RequireResult(code.status(), want, Cat("credential_parse ", name));
  if (code.ok() && code->canonical() != canonical)
    Die(Cat("credential_parse ", name, ": canonical form"));
  f.Add({{"kind", "credential_parse"},
         {"name", std::string(name)},
         {"input", HexOf(input)},
         {"result", std::string(want)},
         {"canonical", HexOf(canonical)}});
}

void CredentialVectors(VectorFile& f) {
  // Data: the three examples of credentials.md §2.3, then four from the test seed:
  // symbol k of code i is alphabet[SHA-512("urne/v1/test-vector/credential" ‖ u32(i))[k] mod 32].
  std::vector<std::string> data = {"0123456789ABCDEFGHJK", "ZYXWVTSRQPNMKJHGFEDC",
                                   std::string(kCredentialDataChars, '0')};
  for (uint32_t i = 0; i < 4; ++i) {
    std::string_view seed = "urne/v1/test-vector/credential";
    Bytes input(seed.begin(), seed.end());
    AppendU32(input, i);
    auto wide = Sha512(input);
    std::string d;
    for (size_t k = 0; k < kCredentialDataChars; ++k) d += kCredentialAlphabet[wide[k] % 32];
    data.push_back(d);
  }
  std::vector<std::string> codes;
  for (size_t i = 0; i < data.size(); ++i) {
    std::string code = data[i] + CredentialCheckCharacter(data[i]);
    codes.push_back(code);
    std::string display = Cat(code.substr(0, 4), "-", code.substr(4, 4), "-", code.substr(8, 4),
                              "-", code.substr(12, 4), "-", code.substr(16));
    std::string lower = display;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char& c : lower) c = c == '-' ? ' ' : c;
    std::string n = std::to_string(i);
    ParseVector(f, Cat("canonical_", n), code, "ok", code);
    ParseVector(f, Cat("display_", n), display, "ok", code);
    ParseVector(f, Cat("lower_spaces_", n), Cat("\t", lower, " "), "ok", code);
    std::string wrong_check = code;
    wrong_check[20] = kCredentialAlphabet[(kCredentialAlphabet.find(code[20]) + 1) % 32];
    ParseVector(f, Cat("wrong_check_", n), wrong_check, "credential.bad_check", "");
    std::string substituted = code;
    substituted[7] = kCredentialAlphabet[(kCredentialAlphabet.find(code[7]) + 5) % 32];
    ParseVector(f, Cat("substitution_", n), substituted, "credential.bad_check", "");
    for (size_t k = 0; k + 1 < code.size(); ++k) {
      if (code[k] == code[k + 1]) continue;
      std::string swapped = code;
      std::swap(swapped[k], swapped[k + 1]);
      ParseVector(f, Cat("transposition_", n), swapped, "credential.bad_check", "");
      break;
    }
  }
  const std::string& example = codes[0];  // 0123456789ABCDEFGHJKJ
  ParseVector(f, "letter_o_i_l", "o123-4567-89AB-CDEF-GHJKJ", "ok", example);
  ParseVector(f, "letter_i", "0I23-4567-89AB-CDEF-GHJKJ", "ok", example);
  ParseVector(f, "letter_l", "0l23-4567-89AB-CDEF-GHJKJ", "ok", example);
  ParseVector(f, "letter_u", "0123-4567-89AB-CDEF-GHJKU", "credential.bad_character", "");
  ParseVector(f, "underscore", "0123_4567_89AB_CDEF_GHJKJ", "credential.bad_character", "");
  ParseVector(f, "dot_and_short", "0123.", "credential.bad_character", "");
  ParseVector(f, "non_ascii", "0123-4567-89AB-CDEF-GHJK\xc3\xa9", "credential.bad_character", "");
  ParseVector(f, "nul", std::string_view("0123-4567-89AB-CDEF-GHJKJ\0", 26),
              "credential.bad_character", "");
  ParseVector(f, "short", example.substr(0, 20), "credential.wrong_length", "");
  ParseVector(f, "long", example + "0", "credential.wrong_length", "");
  ParseVector(f, "empty", "", "credential.wrong_length", "");
  ParseVector(f, "separators_only", " - -\t", "credential.wrong_length", "");

  // Keys: election ids 00 01 … 1f (credentials.md §3's example) and the first 32 bytes of
  // SHA-512("urne/v1/test-vector/election"); every code above.
  std::array<uint8_t, 32> ids[2];
  for (uint8_t i = 0; i < 32; ++i) ids[0][i] = i;
  std::string_view election_seed = "urne/v1/test-vector/election";
  auto wide = Sha512(Bytes(election_seed.begin(), election_seed.end()));
  std::copy(wide.begin(), wide.begin() + 32, ids[1].begin());
  for (const auto& id : ids) {
    for (const std::string& c : codes) {
      auto code = ParseCredentialCode(c);
      if (!code.ok()) Die("credential_key: a generated code does not parse");
      Transcript t("urne/v1/credential");
      t.Append("election", ByteView(id));
      t.Append("code", ByteView(reinterpret_cast<const uint8_t*>(c.data()), c.size()));
      auto seed = t.Digest();
      PublicKey pub = PublicCredential(id, *code);
      if (SigningKey::FromSeed(seed).public_key() != pub)
        Die("credential_key: seed and key disagree");
      f.Add({{"kind", "credential_key"},
             {"election", ToHex(ByteView(id))},
             {"code", HexOf(c)},
             {"seed", ToHex(ByteView(seed))},
             {"public", ToHex(ByteView(pub.bytes))}});
    }
  }
}

// ---- main

// A file of per-group records (`generate`, once per selected group) or of group-independent
// ones (`generate_once`).
struct Section {
  const char* file;
  void (*generate)(const Group&, VectorFile&);
  void (*generate_once)(VectorFile&);
};

constexpr Section kSections[] = {
    {"groups.json", GroupVectors, nullptr},
    {"transcript.json", TranscriptVectors, nullptr},
    {"proofs.json", ProofVectors, nullptr},
    {"credentials.json", nullptr, CredentialVectors},
};

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t end = s.find(sep, start);
    out.emplace_back(s.substr(start, end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// Writes every section for the groups named in `groups` (comma-separated) into `out_dir`.
// Errors: the group name's (Group::ByName), "file.unwritable".
absl::Status WriteVectors(const std::string& out_dir, const std::string& groups) {
  std::vector<const Group*> selected;
  for (const std::string& name : Split(groups, ',')) {
    URNE_ASSIGN_OR_RETURN(const Group* g, Group::ByName(name));
    selected.push_back(g);
  }
  for (const Section& section : kSections) {
    VectorFile file(section.file);
    if (section.generate_once != nullptr) section.generate_once(file);
    for (const Group* g : selected) {
      if (section.generate != nullptr) section.generate(*g, file);
    }
    std::string path = Cat(out_dir, "/", section.file);
    URNE_RETURN_IF_ERROR(cli::WriteFileAtomic(path, file.Render()));
    std::cout << "wrote " << path << "\n";
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace urne

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  std::string out_dir;
  std::string groups = "ristretto255,eg4096";
  po::options_description opts(
      "urne-gen-vectors --out-dir DIR [--groups ristretto255,eg4096]\n\n"
      "Writes the known-answer vectors (groups.json, transcript.json, proofs.json,\n"
      "credentials.json) into DIR (tests/vectors/README.md). Options");
  opts.add_options()("help,h", "show this help")("out-dir", po::value(&out_dir),
                                                 "folder to write the vectors to (required)")(
      "groups", po::value(&groups)->default_value(groups), "groups, comma-separated");
  po::variables_map vm;
  urne::cli::Program program(std::string(urne::kProgram), opts);
  program.run = [&] {
    if (out_dir.empty()) {
      std::cerr << "urne-gen-vectors: --out-dir is required. Try urne-gen-vectors --help.\n";
      return urne::cli::kExitUsage;
    }
    return urne::cli::ReportError(std::cerr, urne::kProgram, urne::WriteVectors(out_dir, groups),
                                  urne::cli::ErrorStyle::kReasonAndMessage);
  };
  return urne::cli::RunProgram(program, argc, argv, vm, std::cout, std::cerr);
}

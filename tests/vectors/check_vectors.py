#!/usr/bin/env python3
"""Re-checks tests/vectors/*.json from specs/crypto.md alone (standard library only).

Recomputes: wide reduction and scalar arithmetic for both groups, eg4096 group operations,
the subgroup status of rejected eg4096 elements, every transcript value, and for eg4096 every
ElGamal encryption and range-proof verification of proofs.json (specs/crypto-proofs.md §1,
§2.1, §2.4). ristretto255 point arithmetic is not re-implemented here (see
tests/crypto/libsodium_cross_test.cc).
Usage: python3 tests/vectors/check_vectors.py   (exit status 0 iff every check passes)
"""
import hashlib
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent

ELL = 2**252 + 27742317777372353535851937790883648493


def eg_constant(name):
    text = (ROOT / "crypto" / "eg4096_constants.h").read_text()
    m = re.search(r"k" + name + r"Hex\[\]\s*=\s*((?:\s*\"[0-9A-Fa-f]*\")+)\s*;", text)
    return int("".join(re.findall(r"\"([0-9A-Fa-f]*)\"", m.group(1))), 16)


P, Q, G = eg_constant("P"), eg_constant("Q"), eg_constant("G")
ORDER = {"ristretto255": ELL, "eg4096": Q}
ORDER_BYTES = {"ristretto255": "little", "eg4096": "big"}


def scalar(group, hexstr):
    return int.from_bytes(bytes.fromhex(hexstr), ORDER_BYTES[group])


def enc_scalar(group, value):
    return value.to_bytes(32, ORDER_BYTES[group]).hex()


def frame(b):
    return len(b).to_bytes(4, "big") + b


def check_groups(records):
    n = 0
    for r in records[1:]:
        grp, kind = r["group"], r["kind"]
        q = ORDER[grp]
        if kind == "reduce_wide":
            wide = bytes.fromhex(r["wide"])
            if "index" in r:
                seed = b"urne/v1/test-vector" + int(r["index"]).to_bytes(4, "big")
                assert hashlib.sha512(seed).digest() == wide, r
            assert enc_scalar(grp, int.from_bytes(wide, ORDER_BYTES[grp]) % q) == r["scalar"], r
        elif kind.startswith("scalar_"):
            a = scalar(grp, r["a"])
            b = scalar(grp, r["b"]) if "b" in r else 0
            want = {
                "scalar_add": (a + b) % q,
                "scalar_sub": (a - b) % q,
                "scalar_mul": a * b % q,
                "scalar_neg": -a % q,
                "scalar_inv": pow(a, -1, q),
            }[kind]
            assert enc_scalar(grp, want) == r["result"], r
        elif grp == "eg4096":
            e = lambda k: int(r[k], 16)
            if kind == "exp_g":
                assert pow(G, scalar(grp, r["scalar"]), P) == e("element"), r
            elif kind == "gpow":
                assert pow(G, int(r["m"]), P) == e("element"), r
            elif kind == "exp":
                assert pow(e("base"), scalar(grp, r["scalar"]), P) == e("element"), r
            elif kind == "mul":
                assert e("x") * e("y") % P == e("element"), r
            elif kind == "div":
                assert e("x") * pow(e("y"), -1, P) % P == e("element"), r
            elif kind == "inverse":
                assert pow(e("x"), -1, P) == e("element"), r
            elif kind == "decode_element_reject" and r["reason"] == "element.not_in_subgroup":
                assert 1 < e("bytes") < P and pow(e("bytes"), Q, P) != 1, r
            else:
                continue
        else:
            continue
        n += 1
    return n


def check_transcripts(records):
    for r in records[1:]:
        grp = r["group"]
        t = frame(r["domain"].encode())
        if r["fields"]:
            for field in r["fields"].split(";"):
                label, value = field.split("=")
                t += frame(label.encode()) + frame(bytes.fromhex(value))
        assert t.hex() == r["bytes"], r["name"]
        assert hashlib.sha256(t).hexdigest() == r["sha256"], r["name"]
        wide = hashlib.sha512(t).digest()
        assert wide.hex() == r["sha512"], r["name"]
        c = int.from_bytes(wide, ORDER_BYTES[grp]) % ORDER[grp]
        assert enc_scalar(grp, c) == r["challenge"], r["name"]
    return len(records) - 1


def eg_element(b):
    return int.from_bytes(b, "big")


def eg_enc(x):
    return x.to_bytes(512, "big")


def proof_transcript(domain, context, fields):
    """§2.1: T = Transcript(domain).Append("group", …).Append("context", …), then fields."""
    t = frame(domain) + frame(b"group") + frame(b"eg4096") + frame(b"context") + frame(context)
    for label, value in fields:
        t += frame(label) + frame(value)
    return int.from_bytes(hashlib.sha512(t).digest(), "big") % Q


def check_schnorr(r):
    """§2.2: c = Challenge(T ‖ g ‖ X ‖ h) and g^v · X^c = h."""
    x, context, proof = int(r["x_public"], 16), bytes.fromhex(r["context"]), bytes.fromhex(r["proof"])
    assert len(proof) == 512 + 64, r
    h, c, v = eg_element(proof[:512]), int(proof[512:544].hex(), 16), int(proof[544:].hex(), 16)
    want = proof_transcript(b"urne/v1/proof/schnorr", context,
                            [(b"g", eg_enc(G)), (b"X", eg_enc(x)), (b"h", eg_enc(h))])
    if want != c:
        result = "proof.schnorr.challenge_mismatch"
    else:
        ok = pow(G, v, P) * pow(x, c, P) % P == h
        result = "ok" if ok else "proof.schnorr.invalid"
    assert result == r["result"], (result, r["result"])
    return 1


def check_decryption(r):
    """§2.3 for the statement (K, α, M), and §1: the correct factor gives β / M = K^m."""
    key, m = int(r["key"], 16), int(r["m"])
    ct, factor = bytes.fromhex(r["ciphertext"]), int(r["factor"], 16)
    alpha, beta = eg_element(ct[:512]), eg_element(ct[512:])
    proof, context = bytes.fromhex(r["proof"]), bytes.fromhex(r["context"])
    assert len(proof) == 1024 + 64, r
    a, b = eg_element(proof[:512]), eg_element(proof[512:1024])
    c, v = int(proof[1024:1056].hex(), 16), int(proof[1056:].hex(), 16)
    want = proof_transcript(b"urne/v1/proof/chaum-pedersen", context,
                            [(b"g", eg_enc(G)), (b"K", eg_enc(key)), (b"A", eg_enc(alpha)),
                             (b"M", eg_enc(factor)), (b"a", eg_enc(a)), (b"b", eg_enc(b))])
    if want != c:
        result = "proof.chaum_pedersen.challenge_mismatch"
    else:
        ok = pow(G, v, P) * pow(key, c, P) % P == a and pow(alpha, v, P) * pow(factor, c, P) % P == b
        result = "ok" if ok else "proof.chaum_pedersen.invalid"
    assert result == r["result"], (result, r["result"])
    # The factor is α^s in every record but the one made for another factor.
    decrypts = beta * pow(factor, -1, P) % P == pow(key, m, P)
    assert decrypts == (result != "proof.chaum_pedersen.challenge_mismatch"), r
    return 1


def check_proofs(records):
    """eg4096 records: Enc(m; r) = (g^r, K^{m+r}) and the range proof of §2.4."""
    n = 0
    for r in records[1:]:
        if r["group"] != "eg4096":
            continue
        if r["kind"] == "schnorr":
            n += check_schnorr(r)
            continue
        if r["kind"] == "decryption":
            n += check_decryption(r)
            continue
        assert r["kind"] == "range_proof", r
        key, nonce = int(r["key"], 16), int(r["nonce"], 16)
        m, lo, hi = int(r["m"]), int(r["lo"]), int(r["hi"])
        context, ct = bytes.fromhex(r["context"]), bytes.fromhex(r["ciphertext"])
        alpha, beta = eg_element(ct[:512]), eg_element(ct[512:])
        assert len(ct) == 1024 and alpha == pow(G, nonce, P), r
        assert beta == pow(key, (m + nonce) % Q, P), r
        proof = bytes.fromhex(r["proof"])
        size = 512 + 512 + 32 + 32
        assert len(proof) == size * (hi - lo + 1), r
        branches = []
        for i in range(hi - lo + 1):
            b = proof[i * size:(i + 1) * size]
            branches.append((eg_element(b[:512]), eg_element(b[512:1024]),
                             int.from_bytes(b[1024:1056], "big"), int.from_bytes(b[1056:], "big")))
        t = frame(b"urne/v1/proof/range")
        fields = [(b"group", b"eg4096"), (b"context", context), (b"g", eg_enc(G)),
                  (b"K", eg_enc(key)), (b"alpha", eg_enc(alpha)), (b"beta", eg_enc(beta)),
                  (b"lo", lo.to_bytes(8, "big")), (b"hi", hi.to_bytes(8, "big"))]
        for a, b, _, _ in branches:
            fields += [(b"a", eg_enc(a)), (b"b", eg_enc(b))]
        for label, value in fields:
            t += frame(label) + frame(value)
        c = int.from_bytes(hashlib.sha512(t).digest(), "big") % Q
        if sum(cj for _, _, cj, _ in branches) % Q != c:
            result = "proof.range.challenge_mismatch"
        else:
            ok = True
            for i, (a, b, cj, v) in enumerate(branches):
                shifted = beta * pow(pow(key, lo + i, P), -1, P) % P
                ok &= pow(G, v, P) * pow(alpha, cj, P) % P == a
                ok &= pow(key, v, P) * pow(shifted, cj, P) % P == b
            result = "ok" if ok else "proof.range.invalid"
        assert result == r["result"], (result, r["result"])
        n += 1
    return n


ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def parse_code(raw):
    """specs/credentials.md §2.5, written from the spec: the canonical code or the reason."""
    values = []
    for byte in raw:
        c = chr(byte) if byte < 128 else None
        if c in (" ", "\t", "-"):
            continue
        if c is not None and c.isalpha():
            c = c.upper()
        c = {"O": "0", "I": "1", "L": "1"}.get(c, c)
        if c is None or c not in ALPHABET:
            return None, "credential.bad_character"
        values.append(ALPHABET.index(c))
    if len(values) != 21:
        return None, "credential.wrong_length"
    r = 0
    for v in values:
        x = r ^ v
        r = ((x << 1) & 0x1F) ^ (0x05 if x & 0x10 else 0)
    if r != 0:
        return None, "credential.bad_check"
    return "".join(ALPHABET[v] for v in values), "ok"


def check_credentials(records):
    n = 0
    for r in records[1:]:
        if r["kind"] == "credential_parse":
            canonical, result = parse_code(bytes.fromhex(r["input"]))
            assert result == r["result"], (r["name"], result, r["result"])
            if canonical is not None:
                assert canonical.encode().hex() == r["canonical"], r["name"]
        elif r["kind"] == "credential_key":
            code = bytes.fromhex(r["code"])
            t = frame(b"urne/v1/credential") + frame(b"election") + frame(bytes.fromhex(r["election"]))
            t += frame(b"code") + frame(code)
            assert hashlib.sha256(t).hexdigest() == r["seed"]
        else:
            raise AssertionError("unknown kind " + r["kind"])
        n += 1
    return n


def main():
    groups = json.loads((HERE / "groups.json").read_text())
    transcripts = json.loads((HERE / "transcript.json").read_text())
    proofs = json.loads((HERE / "proofs.json").read_text())
    assert pow(G, Q, P) == 1 and G != 1 and (P - 1) % Q == 0
    credentials = json.loads((HERE / "credentials.json").read_text())
    n = check_groups(groups) + check_transcripts(transcripts) + check_proofs(proofs)
    n += check_credentials(credentials)
    print(f"check_vectors: {n} values recomputed independently, all match")
    return 0


if __name__ == "__main__":
    sys.exit(main())

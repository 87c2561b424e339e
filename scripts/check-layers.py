#!/usr/bin/env python3
"""Checks the dependency direction of ../shared/DESIGN.md §2 on every #include line.

Each C++ file (.h, .cc, .def) belongs to the first folder of TABLE that contains it (longest
match); it may include headers of its own folder and of the folders TABLE allows, plus the
standard library, Abseil and the other system libraries. Two pseudo-folders name the
generated code: "proto" (urne/v1/*.pb.h, google/protobuf/...) and "grpc"
(urne/v1/*.grpc.pb.h, <grpcpp/...>, <grpc/...>).

Usage: check-layers.py [ROOT]      (ROOT: the source tree, default: this script's parent)
       check-layers.py --self-test (proves the check fails on an upward include)
Exit 0 when every include is allowed, 1 otherwise (one line per violation, file:line).
The build enforces the same direction (CMakeLists.txt, urne_folder_headers); this check
also covers what include paths cannot see (system gRPC headers, tests/ and tools/ rules).
"""
import os
import re
import sys
import tempfile

BASE = {"status"}
CRYPTO = BASE | {"crypto"}
ELECTION = CRYPTO | {"election", "proto"}
CLIENT = ELECTION | {"board-client"}
PROGRAM = CLIENT | {"cli"}

# folder -> the folders (besides itself) its files may include. Every folder with C++ code
# must be listed: a new folder is a decision, not an accident.
TABLE = {
    "status": set(),
    "crypto": BASE,
    "election": CRYPTO | {"proto"},
    "board-client": ELECTION | {"grpc"},
    "cli": CLIENT,
    "bulletin-board": ELECTION | {"cli", "grpc"},
    "voter-client": PROGRAM,
    "trustee-tools": PROGRAM,
    "authority": PROGRAM,
    "verifier": PROGRAM,  # never bulletin-board/: the verifier trusts nothing of the board
    "tools": ELECTION | {"cli"},  # generators: no program library, nothing of tests/
    "bench": ELECTION | {"cli"},  # benchmarks of primitives and of the ballot pipeline (R5)
    "tests/vectors": CRYPTO,
    "tests/crypto": CRYPTO | {"tests/vectors"},
    "tests/election": ELECTION | {"tools", "tests/vectors", "tests/crypto"},  # its helpers
    # Every other test folder: the whole tree (tests run and fake the programs).
    "tests": None,
}
# Single files allowed more than their folder, each with its reason.
FILE_EXTRA = {
    # The record vectors generator checks each vector's verdict, step and reason against the
    # verifier the vectors are for (urne-gen-record only; the urne_tools library links
    # election/ and below).
    "tools/record_vectors.cc": {"verifier"},
}
TOP_FOLDERS = {"status", "crypto", "election", "board-client", "cli", "bulletin-board",
               "voter-client", "trustee-tools", "authority", "verifier", "tools", "bench",
               "tests"}
SKIP_DIRS = {".git", "build", "node_modules", "test-artifacts"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def folder_of(rel):
    parts = rel.split("/")
    if parts[0] == "tests" and len(parts) > 2 and "tests/" + parts[1] in TABLE:
        return "tests/" + parts[1]
    return parts[0]


def target_of(header):
    """The folder or pseudo-folder an included header belongs to, or None (system/absl)."""
    if header.startswith("urne/v1/"):
        return "grpc" if header.endswith(".grpc.pb.h") else "proto"
    if header.startswith(("grpcpp/", "grpc/", "grpc++/")):
        return "grpc"
    if header.startswith("google/protobuf/"):
        return "proto"
    first = header.split("/")[0]
    if first in TOP_FOLDERS:
        return folder_of(header)
    return None


def check(root):
    violations = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames
                             if d not in SKIP_DIRS and not d.startswith(("build", ".")))
        for name in sorted(filenames):
            if not name.endswith((".h", ".cc", ".def")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if "/" not in rel:
                continue
            folder = folder_of(rel)
            if folder not in TABLE:
                if rel.split("/")[0] in ("protos", "specs", "scripts", "examples"):
                    continue
                violations.append(f"{rel}: folder '{folder}' is not in the layer table of "
                                  f"scripts/check-layers.py; add it with what it may include")
                continue
            allowed = TABLE[folder]
            if allowed is not None and rel in FILE_EXTRA:
                allowed = allowed | FILE_EXTRA[rel]
            with open(path, encoding="utf-8", errors="replace") as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target = target_of(m.group(2))
                    if target is None or target == folder or allowed is None:
                        continue
                    if target not in allowed:
                        violations.append(
                            f"{rel}:{lineno}: {folder}/ may not include {m.group(2)} "
                            f"({target}); allowed: {', '.join(sorted(allowed)) or 'nothing'}")
    return violations


def self_test():
    """An upward include and a gRPC header below the client must each be reported."""
    with tempfile.TemporaryDirectory() as root:
        reported = {
            "election/up.cc": '#include "board-client/client.h"\n',
            "crypto/up.h": '#include "election/state.h"\n',
            "election/rpc.h": '#include "urne/v1/board.grpc.pb.h"\n',
            "tools/t.cc": '#include "tests/support/process.h"\n',
            "tools/scripted_election.cc": '#include "verifier/verify.h"\n',
            "tests/election/x_test.cc": '#include "authority/admin.h"\n',
            "verifier/v.cc": '#include "bulletin-board/store.h"\n',
            "newfolder/n.cc": "\n",
        }
        accepted = {
            "election/ok.cc": '#include "crypto/group.h"\n#include "urne/v1/entries.pb.h"\n',
            "tests/bulletin-board/ok_test.cc": '#include "bulletin-board/store.h"\n',
            "tools/record_vectors.cc": '#include "verifier/verify.h"\n',  # FILE_EXTRA
        }
        for rel, text in {**reported, **accepted}.items():
            os.makedirs(os.path.join(root, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w") as f:
                f.write(text)
        found = check(root)
        expected = list(reported)
        missing = [r for r in expected if not any(v.startswith(r + ":") for v in found)]
        extra = [v for v in found if v.split(":")[0] in accepted]
        if missing or extra or len(found) != len(expected):
            print("check-layers self-test FAILED", "missing:", missing, "extra:", extra,
                  "found:", found, sep="\n  ")
            return 1
        print(f"check-layers self-test: {len(found)} planted violations reported, "
              f"allowed includes accepted")
        return 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--self-test":
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))
    violations = check(root)
    for v in violations:
        print(v)
    if violations:
        print(f"{len(violations)} include(s) against the layering (../shared/DESIGN.md §2)")
        return 1
    print("layering: every #include goes down the layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())

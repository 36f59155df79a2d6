#!/usr/bin/env python3
"""Names the code a member's session ran, in the order the linker should place it.

Reads the linker's map of the app binary (STYREBORD_LINK_MAP) and one or more callgrind
profiles of that same binary (valgrind --tool=callgrind --dump-instr=yes), and prints the
symbol of every function that executed at least one instruction, hottest-first by the profile
they first appear in (the member's own session before the demo's), for lld's
--symbol-ordering-file. Why: the kernel maps a binary's code in 64-128 KiB runs around each
page touched, so code a session runs, scattered among code it never runs, keeps most of the
binary resident (docs/BENCHMARKS.md, "Code layout").
"""
import os
import re
import sys
from bisect import bisect_right

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lld_map import input_sections  # noqa: E402

PREFIXES = (".text.unlikely.", ".text.hot.", ".text.startup.", ".text.exit.", ".text.split.", ".text.")


def read_map(path):
    """(start, size, symbol) of every input section in .text that names one function."""
    sections = []
    for start, size, name in input_sections(path, (".text",)):
        if not name.startswith(".text"):
            continue
        symbol = next((name[len(p):] for p in PREFIXES if name.startswith(p) and len(name) > len(p)), None)
        sections.append((start, size, symbol))
    sections.sort()
    return sections


def executed_addresses(path, binary_name):
    """Instruction addresses callgrind saw executed in the binary, as loaded under valgrind."""
    names = {}
    obj = None
    last = 0
    seen = set()
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith(("ob=", "cob=")):
            m = re.match(r"c?ob=(?:\((\d+)\))?\s*(.*)", line.strip())
            key, name = m.group(1), m.group(2)
            if key and name:
                names[key] = name
            elif key:
                name = names.get(key, "")
            if line.startswith("ob="):
                obj = name
            continue
        if line.startswith("calls="):
            # The callee's address; the line after it is the caller's instruction, which ran.
            continue
        c = line[:1]
        if c in "0123456789+-*":
            token = line.split()[0]
            if token.startswith("0x"):
                pos = int(token, 16)
            elif token.startswith("+"):
                pos = last + int(token[1:], 16 if token[1:].startswith("0x") else 10)
            elif token.startswith("-"):
                pos = last - int(token[1:], 16 if token[1:].startswith("0x") else 10)
            elif token == "*":
                pos = last
            else:
                continue
            last = pos
            if obj and obj.endswith(binary_name):
                seen.add(pos)
    return seen


def load_base(seen, sections):
    """Valgrind loads a position-independent executable at 0x108000; the map has the file's
    addresses. Whichever base puts the executed addresses inside .text is the one."""
    lo, hi = sections[0][0], sections[-1][0] + sections[-1][1]
    return max((0, 0x108000), key=lambda base: sum(1 for a in seen if lo <= a - base < hi))


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: hot-code.py LINK_MAP BINARY_NAME PROFILE... > hot-code.txt")
    sections = read_map(sys.argv[1])
    starts = [s[0] for s in sections]
    binary_name = sys.argv[2]
    ordered, placed = [], set()
    for profile in sys.argv[3:]:
        loaded = executed_addresses(profile, binary_name)
        base = load_base(loaded, sections)
        seen = {a - base for a in loaded}
        found = 0
        for a in sorted(seen):
            i = bisect_right(starts, a) - 1
            if i < 0:
                continue
            start, size, symbol = sections[i]
            if a >= start + max(size, 1) or symbol is None:
                continue
            found += 1
            if symbol not in placed:
                placed.add(symbol)
                ordered.append(symbol)
        print(f"{profile}: {len(seen)} instructions, {found} in named functions; "
              f"{len(ordered)} functions so far", file=sys.stderr)
    for s in ordered:
        print(s)


if __name__ == "__main__":
    main()

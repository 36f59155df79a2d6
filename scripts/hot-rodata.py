#!/usr/bin/env python3
"""The linker scripts behind the release binary's constant-data layout (src-tauri/build.rs,
link_hot_data_together): which of `.rodata`'s input sections a member's session reads.

  hot-rodata.py profile-script MAP         a script that puts every input section of MAP's
                                           .rodata on a page of its own (for the profiling build)
  hot-rodata.py hot-script MAP TOUCHED...  from the profiling build's MAP and the pages its runs
                                           touched (scripts/touched-pages.c, one file per run, in
                                           order), the script that links those sections first
  hot-rodata.py placed BINARY              the size of BINARY's .rodata.hot, in bytes
  hot-rodata.py share BINARY SCRIPT        "placed made percent": that size against the one
                                           SCRIPT's header recorded when it was made
  hot-rodata.py fingerprint MAP BINARY SCRIPT
                                           SCRIPT with each section's size and a hash of its
                                           bytes in BINARY (linked with MAP) beside its name
  hot-rodata.py rebase MAP BINARY SCRIPT   SCRIPT with its anonymous sections named as they are
                                           in BINARY (linked with MAP), found by their bytes

Why a page each while profiling: the recorder sees 4 KiB pages, and a page of the normal layout
holds dozens of small sections, most of them never read; alone on its page, a section touched
is a section read. The hot script lists them in the order they were first touched.

Why fingerprints: most of the sections are anonymous constants (`.rodata..Lanon.<unit>.<n>`),
numbered in the order their unit emits them, so a change elsewhere in the unit (a UI build's
embedded assets with new file names) renumbers them and the script then names other constants.
Each entry carries its size and a hash of its bytes; `rebase` finds them again by those in a
new build, in one release build instead of the profile's quarter of an hour, and says what it
could not find (constants whose bytes changed: a rebuilt UI chunk).
"""
import hashlib
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lld_map import input_sections  # noqa: E402

OUTPUTS = (".rodata", ".rodata.hot", ".rodata.prof")
PAGE = 4096


def rodata_sections(path):
    """(start, size, section name) of every input section in MAP's constant-data outputs."""
    return input_sections(path, OUTPUTS)


def nameable(name):
    """Whether a linker-script pattern can name exactly this section: not the catch-all
    `.rodata` of objects built without data sections, nothing a glob or the lexer would read."""
    return name != ".rodata" and not any(c in name for c in '*?[]() "\\;')


def script(output, names, between="", notes=None):
    lines = ["SECTIONS", "{", f"  {output} : {{"]
    for name in names:
        note = (notes or {}).get(name)
        lines.append(f"    *({name})" + (f" /* {note} */" if note else ""))
        if between:
            lines.append(f"    {between}")
    lines += ["  }", "}", "INSERT BEFORE .rodata;"]
    return "\n".join(lines) + "\n"


def unique(names):
    seen = set()
    return [n for n in names if not (n in seen or seen.add(n))]


def profile_script(map_path):
    names = unique(n for _, _, n in rodata_sections(map_path) if nameable(n))
    return script(".rodata.prof", names, between=f". = ALIGN({PAGE});")


def hot_script(map_path, touched_paths):
    by_page = {}
    for start, size, name in rodata_sections(map_path):
        if not nameable(name):
            continue
        for page in range(start // PAGE, (start + max(size, 1) - 1) // PAGE + 1):
            by_page.setdefault(page, name)
    names = []
    for path in touched_paths:
        for line in open(path):
            page = int(line, 16) // PAGE
            if page in by_page:
                names.append(by_page[page])
    return script(".rodata.hot", unique(names))


ENTRY = re.compile(r"^    \*\((?P<name>[^)]+)\)(?: /\* (?P<size>\d+) (?P<hash>[0-9a-f]+) \*/)?$")


def script_parts(script_path):
    """(header comment lines, [(name, size or None, hash or None)]) of a hot script."""
    header, entries = [], []
    for line in open(script_path):
        line = line.rstrip("\n")
        m = ENTRY.match(line)
        if m:
            size = m.group("size")
            entries.append((m.group("name"), size and int(size), m.group("hash")))
        elif line.startswith("/*"):
            header.append(line)
    return header, entries


def loaded_sections(binary):
    """(address, file offset, size) of BINARY's sections with bytes in the file."""
    out = subprocess.run(["readelf", "-SW", binary], check=True, capture_output=True,
                         text=True).stdout
    sections = []
    for line in out.splitlines():
        fields = line.split("]", 1)[-1].split()
        if len(fields) > 5 and fields[1] == "PROGBITS":
            sections.append((int(fields[2], 16), int(fields[3], 16), int(fields[4], 16)))
    return sections


def fingerprints(map_path, binary):
    """{input section name: "size hash"} for every nameable section of MAP's constant data,
    hashed from BINARY's bytes. A name seen twice (merged constants, `.rodata.str1.1`, come
    from every object) is hashed where it first occurs: such entries are kept by name."""
    loaded = loaded_sections(binary)
    prints = {}
    with open(binary, "rb") as elf:
        for start, size, name in rodata_sections(map_path):
            if not nameable(name) or name in prints:
                continue
            where = next((off + start - addr for addr, off, length in loaded
                          if addr <= start and start + size <= addr + length), None)
            if where is None:
                continue
            elf.seek(where)
            digest = hashlib.blake2b(elf.read(size), digest_size=8).hexdigest()
            prints[name] = f"{size} {digest}"
    return prints


def positional(name):
    """Whether the name is an anonymous constant's, a number its unit assigned in order, and not
    the symbol or merge class that identifies the data. Their bytes hold no addresses (those go
    to `.data.rel.ro`), so the same constant has the same bytes in every build; a jump table's
    (`.Lswitch.table.<function>….rel`) holds offsets that move with the layout, and is named by
    its function anyway."""
    return name.startswith(".rodata..Lanon.")


def fingerprint(map_path, binary, script_path):
    header, entries = script_parts(script_path)
    prints = fingerprints(map_path, binary)
    body = script(".rodata.hot", [name for name, _, _ in entries], notes=prints)
    return "\n".join(header) + "\n" + body


def rebase_entries(entries, prints):
    """The pure part of `rebase`: ENTRIES [(name, size, hash)] against the new build's PRINTS
    {name: "size hash"}. Returns ([(name, note)], counts {kept, renamed, lost, lost_bytes})."""
    by_print = {}
    for name, note in prints.items():
        by_print.setdefault(note, []).append(name)
    placed, used = [], set()
    counts = dict(kept=0, renamed=0, lost=0, lost_bytes=0)
    for name, size, digest in entries:
        note = f"{size} {digest}" if size is not None else None
        if not positional(name) or note is None:
            # Named by symbol or merge class (its bytes may change and it is still the same
            # data), or never fingerprinted: a name is all there is to go by.
            placed.append((name, note))
            counts["kept"] += 1
            continue
        if prints.get(name) == note and name not in used:
            found = name
        else:
            # The same bytes under another number: in the same unit, if it has them.
            unit = name.rsplit(".", 1)[0]
            candidates = sorted((n for n in by_print.get(note, []) if n not in used),
                                key=lambda n: not n.startswith(unit + "."))
            found = candidates[0] if candidates else None
        if found is None:
            counts["lost"] += 1
            counts["lost_bytes"] += size
            continue
        counts["renamed" if found != name else "kept"] += 1
        used.add(found)
        placed.append((found, note))
    return placed, counts


def rebase(map_path, binary, script_path):
    """The script with each positional entry named where its bytes are now. Returns (script,
    a one-line account)."""
    header, entries = script_parts(script_path)
    placed, counts = rebase_entries(entries, fingerprints(map_path, binary))
    account = ("{kept} sections as named, {renamed} renamed by their bytes, {lost} not found "
               "({lost_bytes} bytes whose bytes changed)").format(**counts)
    body = script(".rodata.hot", [n for n, _ in placed], notes=dict(placed))
    return "\n".join(header) + "\n" + body, account


def placed(binary):
    """Bytes in BINARY's .rodata.hot (0 when it has none), from `readelf -SW`."""
    out = subprocess.run(["readelf", "-SW", binary], check=True, capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        # "  [13] .rodata.hot  PROGBITS  <address> <offset> <size> ..."
        fields = line.split("]", 1)[-1].split()
        if fields[:2] == [".rodata.hot", "PROGBITS"]:
            return int(fields[4], 16)
    return 0


def made(script_path):
    """The size the script's header recorded when scripts/hot-code.sh made it."""
    with open(script_path) as f:
        m = re.search(r"\.rodata\.hot when made: (\d+) bytes", f.read(4096))
    if not m:
        sys.exit(f"{script_path} records no '.rodata.hot when made' size")
    return int(m.group(1))


def main(argv):
    if len(argv) == 3 and argv[1] == "profile-script":
        sys.stdout.write(profile_script(argv[2]))
    elif len(argv) >= 4 and argv[1] == "hot-script":
        sys.stdout.write(hot_script(argv[2], argv[3:]))
    elif len(argv) == 3 and argv[1] == "placed":
        print(placed(argv[2]))
    elif len(argv) == 5 and argv[1] == "fingerprint":
        sys.stdout.write(fingerprint(*argv[2:]))
    elif len(argv) == 5 and argv[1] == "rebase":
        text, account = rebase(*argv[2:])
        sys.stdout.write(text)
        print(account, file=sys.stderr)
    elif len(argv) == 4 and argv[1] == "share":
        now, then = placed(argv[2]), made(argv[3])
        print(now, then, round(100 * now / then))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)

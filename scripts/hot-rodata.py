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

Why a page each while profiling: the recorder sees 4 KiB pages, and a page of the normal layout
holds dozens of small sections, most of them never read; alone on its page, a section touched
is a section read. The hot script lists them in the order they were first touched.
"""
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


def script(output, names, between=""):
    lines = ["SECTIONS", "{", f"  {output} : {{"]
    for name in names:
        lines.append(f"    *({name})")
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
    elif len(argv) == 4 and argv[1] == "share":
        now, then = placed(argv[2]), made(argv[3])
        print(now, then, round(100 * now / then))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)

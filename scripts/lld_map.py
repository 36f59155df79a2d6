"""Reading lld's link map (`-Wl,-Map`), shared by scripts/hot-code.py and scripts/hot-rodata.py."""
import re


def input_sections(path, outputs):
    """(start, size, input section name) of every input section placed in one of the output
    sections `outputs`, in the map's order. lld's map lines are `VMA LMA Size Align Out In
    Symbol`; an output section's line has five fields and names it, an input section's line
    ends with `file:(section)`."""
    sections = []
    output = None
    for line in open(path, encoding="utf-8", errors="replace"):
        parts = line.split(None, 5)
        if len(parts) < 5:
            continue
        if len(parts) == 5 and parts[4].startswith("."):
            output = parts[4]
            continue
        if output not in outputs:
            continue
        m = re.search(r":\(([^)]*)\)$", line.split(None, 4)[4].strip())
        if m:
            sections.append((int(parts[0], 16), int(parts[2], 16), m.group(1)))
    return sections

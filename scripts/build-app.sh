#!/usr/bin/env bash
# The app's release binary as shipped (`cargo build --release -p styrebord`), with its
# constant-data layout current; `make package` and `make bench` build it so.
#
# src-tauri/hot-rodata.ld names most of the constants it places first by their number within
# their unit, and a code or UI change since it was made renumbers them: the layout then places
# other constants (memory, not correctness), as a UI change once did until CI's package check
# failed. So the binary is linked with a working copy of the script
# (target/release/hot-rodata.rebased.ld) and the linker's map; scripts/hot-rodata.py rebase
# finds the committed script's constants again by the size and hash of their bytes; only if that
# names other sections than the working copy did is the binary linked once more (minutes: the
# link is fat LTO). A repeated build with nothing changed links nothing. With `--commit` (make
# hot-rodata-rebase) a rebase is written back to the committed script, with a line saying so, so
# that the next clean build links once; `make hot-code` profiles anew when too much was lost
# (the package check's share; the header's "when made" figure is kept for it).
set -euo pipefail
cd "$(dirname "$0")/.."
release=$(realpath -m "${CARGO_TARGET_DIR:-target}")/release
committed=src-tauri/hot-rodata.ld
rebased=$release/hot-rodata.rebased.ld
map=$release/styrebord.map
commit=false
[ "${1:-}" = "--commit" ] && commit=true
mkdir -p "$release"
[ -f "$rebased" ] || cp "$committed" "$rebased"

build() {
  STYREBORD_RODATA_SCRIPT=$rebased STYREBORD_LINK_MAP=$map cargo build --release --locked -p styrebord
}
entries() { grep '^    \*' "$1"; }

build
# Always from the committed script, the whole profile: the working copy has lost what an earlier
# build no longer had (a UI chunk since reverted, say).
python3 scripts/hot-rodata.py rebase "$map" "$release/styrebord" "$committed" >"$rebased.new" \
  2>"$rebased.account"
echo "build-app: the constant-data layout: $(cat "$rebased.account")"
if cmp -s <(entries "$rebased") <(entries "$rebased.new"); then
  rm "$rebased.new"
else
  mv "$rebased.new" "$rebased"
  echo "build-app: linking again, with the constants named where they are now ($rebased)"
  build
fi
if $commit && ! cmp -s <(entries "$committed") <(entries "$rebased"); then
  sed '/^\/\* rebased /d' "$rebased" |
    sed "2a /* rebased from $(git rev-parse --short HEAD) on $(date -u +%F): $(cat "$rebased.account") */" \
      >"$committed"
  echo "build-app: $committed rebased: commit it"
fi

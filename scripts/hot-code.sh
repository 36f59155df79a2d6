#!/usr/bin/env bash
# Remakes src-tauri/hot-code.txt, the functions a member's session runs, and
# src-tauri/hot-rodata.ld, the constant data it reads, which the release link places first
# (src-tauri/build.rs says why). Run it after a compiler or dependency
# update, or a large change to what a session runs; commit the list; the next release build
# uses it. A stale list costs memory, never correctness.
#
# How: the release build of the app with the linker's map; the end-to-end profile
# (tests/e2e/hot_code.rs) runs that binary under valgrind's callgrind on Xvfb — a member signs
# in to a real styrebord-hub with the demo year, syncs it all, opens a 50-page PDF, starts again
# resumed and visits the other pages and searches; then `--demo` —; scripts/hot-code.py names
# every function that ran, the member's first. About 25 minutes here: two release builds of the
# app (the tests build their own) and the runs under valgrind (≈50× slower).
#
# Then the constant data: src-tauri/hot-rodata.ld, the `.rodata` input sections the same session
# reads (build.rs, link_hot_data_together). A second release build puts every such section on a
# page of its own (scripts/hot-rodata.py profile-script); the same session runs it at full speed
# with scripts/touched-pages.c preloaded, which records each page of the binary's constant data
# as it is first read; scripts/hot-rodata.py names the sections on those pages, in that order.
# About 8 minutes more. `scripts/hot-code.sh --rodata-only` remakes only this part (the code's
# list is kept). Each entry records the size and a hash of its bytes: most are anonymous
# constants, numbered in order within their unit, and a code or UI change renumbers them;
# scripts/build-app.sh finds them again by their bytes (`--commit`, make hot-rodata-rebase,
# writes that back here).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "needs valgrind: apt-get install valgrind" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "needs Xvfb: scripts/setup.sh test" >&2; exit 1; }
command -v cc >/dev/null || { echo "needs a C compiler: apt-get install gcc" >&2; exit 1; }
rodata_only=false
[ "${1:-}" = "--rodata-only" ] && rodata_only=true

target=$(realpath -m "${CARGO_TARGET_DIR:-target}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm --prefix ui run build >/dev/null
STYREBORD_LINK_MAP=$work/styrebord.map cargo build --release --locked -p styrebord --bin styrebord
cp "$target/release/styrebord" "$work/styrebord"
cargo build --release --locked -p styrebord-hub --bin styrebord-hub
e2e=$(cargo test --release --locked -p styrebord --test e2e --no-run --message-format=json |
  python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]=="e2e" and m.get("executable"): print(m["executable"])')

profile() { # APP: the end-to-end session against the binary APP (environment: how to record)
  (cd src-tauri && STYREBORD_PROFILE_APP=$1 STYREBORD_PROFILE_DIR=$work \
    xvfb-run -a -s "-screen 0 1280x800x24 -noreset" "$e2e" --ignored --nocapture --exact \
    hot_code::hot_code_profile_of_a_member_session_and_the_demo)
}

if ! $rodata_only; then
  profile "$work/styrebord"
  {
    echo "# $(rustc -V); made by scripts/hot-code.sh from $(git rev-parse --short HEAD) on $(date -u +%F)"
    python3 scripts/hot-code.py "$work/styrebord.map" styrebord \
      "$work"/1-member.*.callgrind "$work"/2-resumed.*.callgrind "$work"/3-demo.*.callgrind
  } >src-tauri/hot-code.txt.new
  mv src-tauri/hot-code.txt.new src-tauri/hot-code.txt
  echo "src-tauri/hot-code.txt: $(grep -vc '^#' src-tauri/hot-code.txt) functions; the next release build lays them out first" >&2
fi

# The constant data, profiled on a build with the code laid out as it will ship.
python3 scripts/hot-rodata.py profile-script "$work/styrebord.map" >"$work/profile.ld"
STYREBORD_RODATA_SCRIPT=$work/profile.ld STYREBORD_LINK_MAP=$work/profile.map \
  cargo build --release --locked -p styrebord --bin styrebord
mkdir -p "$work/profile"
cp "$target/release/styrebord" "$work/profile/styrebord"
cc -O2 -Wall -shared -fPIC -Wl,-z,now -o "$work/touched-pages.so" scripts/touched-pages.c -lpthread
STYREBORD_PROFILE_TOUCHED_LIB=$work/touched-pages.so profile "$work/profile/styrebord"
{
  echo "/* $(rustc -V); made by scripts/hot-code.sh from $(git rev-parse --short HEAD) on $(date -u +%F) */"
  python3 scripts/hot-rodata.py hot-script "$work/profile.map" \
    "$work"/1-member.touched "$work"/2-resumed.touched "$work"/3-demo.touched
} >"$work/hot.ld"
python3 scripts/hot-rodata.py fingerprint "$work/profile.map" "$work/profile/styrebord" \
  "$work/hot.ld" >src-tauri/hot-rodata.ld.new
mv src-tauri/hot-rodata.ld.new src-tauri/hot-rodata.ld
echo "src-tauri/hot-rodata.ld: $(grep -c '^    \*' src-tauri/hot-rodata.ld) sections of constant data; the next release build places them first" >&2
# Link the release binary again with the new script, not the profiling one.
cargo build --release --locked -p styrebord --bin styrebord
# What that link placed, recorded in the script's header: scripts/check-packages.sh and the
# memory benchmark compare a binary's .rodata.hot with it, so that a build whose crates got
# other hashes (another feature set, another rustc), or code changed past the list, is seen.
# (The header changes after the link, so the next release build links once more, the same.)
hot=$(python3 scripts/hot-rodata.py placed "$target/release/styrebord")
sed -i "1a /* .rodata.hot when made: $hot bytes */" src-tauri/hot-rodata.ld
echo "src-tauri/hot-rodata.ld: $hot bytes placed in .rodata.hot" >&2

#!/usr/bin/env bash
# Checks the two .deb files `make package` made (CI runs it after `make package`):
#   the app's: its control fields, desktop entry and icon; then it is unpacked into a clean
#   directory (`dpkg-deb -x`), the *installed* binary is started under Xvfb with --demo and a
#   throwaway HOME, and its window must appear;
#   the hub's: binary, hardened systemd unit, /etc/styrebord-hub/hub.toml as a conffile, the
#   service user made in postinst.
# Each failure says what is wrong. Sizes are printed, and the app's checked against its goals
# (docs/BENCHMARKS.md, "Package size").
#   scripts/check-packages.sh [DIR]   (default: $CARGO_TARGET_DIR/packages or target/packages)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dir=${1:-${CARGO_TARGET_DIR:-target}/packages}
WINDOW_TIMEOUT=${WINDOW_TIMEOUT:-90}

fail() { printf 'check-packages: FAILED: %s\n' "$*" >&2; exit 1; }
ok() { printf 'check-packages: ok: %s\n' "$*"; }

one() { # exactly one file matching the glob
  local matches=("$@")
  [ ${#matches[@]} -eq 1 ] && [ -f "${matches[0]}" ] \
    || fail "expected one $(basename "$1") in $dir, found: ${matches[*]} (run make package)"
  printf '%s' "${matches[0]}"
}
has() { # has FILE PATTERN WHAT
  grep -qE -- "$2" "$1" || fail "$3 (no line matching '$2' in $(basename "$1"))"
}

work=$(mktemp -d /tmp/check-packages.XXXXXX)
app_pid=""
cleanup() {
  if [ -n "$app_pid" ]; then kill -- "-$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

shopt -s nullglob
app_deb=$(one "$dir"/Styrebord_*_amd64.deb)
hub_deb=$(one "$dir"/styrebord-hub_*_amd64.deb)

# --- the member's app ---------------------------------------------------------------------------
dpkg-deb -f "$app_deb" > "$work/app.control" || fail "$app_deb is not a Debian package"
has "$work/app.control" '^Package: styrebord$' "the app's package is not named styrebord"
has "$work/app.control" '^Depends:.*libwebkit2gtk-4\.1-0' "the app does not depend on WebKitGTK 4.1"
has "$work/app.control" '^Depends:.*libgtk-3-0' "the app does not depend on GTK 3"
has "$work/app.control" '^Depends:.*libc6 \(>= 2\.36\)' "the app does not depend on a glibc that reads its packed relocations (DT_RELR)"
has "$work/app.control" '^Depends:.*ca-certificates' "the app does not depend on the system's certificate store (rustls reads it)"
if grep -q 'libssl' "$work/app.control"; then fail "the app still depends on OpenSSL; its TLS is rustls"; fi
has "$work/app.control" '^Depends:.*fonts-liberation2' "the app does not depend on the font its demo's PDFs are set in"
has "$work/app.control" '^Description: Driftsstyregruppens møder' "the app's description is not the Danish one"
dpkg-deb -c "$app_deb" > "$work/app.files"
has "$work/app.files" ' (\./)?usr/bin/styrebord$' "the app's binary is not in /usr/bin"
has "$work/app.files" ' (\./)?usr/share/applications/Styrebord\.desktop$' "no desktop entry"
has "$work/app.files" ' (\./)?usr/share/icons/hicolor/128x128/apps/styrebord\.png$' "no 128x128 icon"

dpkg-deb -x "$app_deb" "$work/app"
desktop="$work/app/usr/share/applications/Styrebord.desktop"
has "$desktop" '^Exec=styrebord$' "the desktop entry does not start styrebord"
has "$desktop" '^Icon=styrebord$' "the desktop entry has no icon"
has "$desktop" '^Categories=Office;$' "the desktop entry is not in Office"
has "$desktop" '^Comment=Driftsstyregruppens møder' "the desktop entry's comment is not Danish"
ok "app package: control, files, desktop entry"

# The app embeds the hub only for its demo, built without the hub's `server-ops` feature (its
# metrics, backup, CLI and log files). Built in one cargo invocation with the hub, Cargo would unify
# features and put them back; their crates' source paths (in panic locations) would then be in the
# binary. (rustls and ring are the app's own TLS since the thirteenth session, so not listed.)
for crate in metrics-exporter-prometheus clap_builder tar tracing-appender; do
  if grep -qaE "/$crate-[0-9]+\.[0-9]+\.[0-9]+/src/" "$work/app/usr/bin/styrebord"; then
    fail "the app's binary contains the crate $crate of the hub's server-ops (build the app on its own: cargo build --release -p styrebord, Makefile)"
  fi
done
ok "app binary: without the hub's server-ops (the metrics exporter, clap, tar, log files)"
# Its TLS is rustls: no OpenSSL library is loaded (native-tls would link libssl and libcrypto).
if readelf -d "$work/app/usr/bin/styrebord" | grep -qE 'NEEDED.*lib(ssl|crypto)\.so'; then
  fail "the app's binary links OpenSSL; its TLS is rustls (reqwest's rustls-no-provider)"
fi
ok "app binary: no OpenSSL linked"
# Its relative relocations are packed (src-tauri/build.rs): 452 KB of RELA read at every start.
readelf -d "$work/app/usr/bin/styrebord" | grep -q '(RELR)' \
  || fail "the app's binary has no packed relocations (DT_RELR): was it linked without src-tauri/build.rs's arguments?"
ok "app binary: relative relocations packed (DT_RELR)"
# The constant data a member's session reads is linked first (src-tauri/hot-rodata.ld), and the
# section holds what the script lists: a build whose crates got other hashes (another feature
# set, as `cargo test` builds the binary; another rustc) names its constant data differently, and
# the script then matches less than half of it (docs/BENCHMARKS.md, seventeenth session). Code
# and UI changes renumber the anonymous constants it names (a UI change did, to 79 %), and
# scripts/build-app.sh finds them again by their bytes; what it cannot find had its bytes changed
# (a rebuilt UI chunk). Below 80 %, make hot-code is due.
read -r placed made share < <(python3 scripts/hot-rodata.py share "$work/app/usr/bin/styrebord" src-tauri/hot-rodata.ld)
[ "$placed" -gt 0 ] \
  || fail "the app's binary has no .rodata.hot section: was it linked without src-tauri/hot-rodata.ld?"
[ "$share" -ge 80 ] \
  || fail "the app's .rodata.hot holds $placed bytes, $share % of the $made src-tauri/hot-rodata.ld placed when made: built another way than make package builds it (scripts/build-app.sh), or the code or UI changed what it lists (run make hot-code)"
ok "app binary: the session's constant data laid out first (.rodata.hot, $placed bytes, $share % of the list's)"
# The UI the package embeds is ASCII-only JavaScript (ui/vite.config.ts: WebKit keeps a script
# with any character beyond Latin-1 as 16-bit text, twice the memory).
wide=$(LC_ALL=C grep -lP '[^\x00-\x7F]' ui/dist/assets/*.js || true)
[ -z "$wide" ] || fail "ui/dist has JavaScript with characters beyond ASCII: $wide"
ok "UI: the JavaScript is ASCII-only ($(ls ui/dist/assets/*.js | wc -l) files)"

# Its files are named without content hashes (ui/vite.config.ts): a hashed name is written into
# every chunk importing it, so one UI change would cost the constant-data layout its importers.
grep -q 'src="/assets/index.js"' ui/dist/index.html \
  || fail "ui/dist/index.html does not load /assets/index.js: the UI's file names carry hashes again"
ok "UI: file names without content hashes (index.html loads /assets/index.js)"

# Start the installed binary as a member would, with nothing of this machine's: its own HOME
# and XDG folders, under a fresh Xvfb, and wait for its window named Styrebord to be mapped.
bin="$work/app/usr/bin/styrebord"
[ -x "$bin" ] || fail "the unpacked binary $bin is not executable"
mkdir -p "$work/home" "$work/runtime" && chmod 700 "$work/runtime"
# shellcheck disable=SC2016 # expanded by the inner shell, under Xvfb
inner='
  unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY
  setsid "$BIN" --demo >"$LOG" 2>&1 &
  pid=$!
  start=$(date +%s%N)
  for _ in $(seq 1 $((WINDOW_TIMEOUT * 4))); do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid"; echo "the installed app exited (status $?) before its window appeared"; exit 3
    fi
    if xwininfo -name Styrebord 2>/dev/null | grep -q "Map State: IsViewable"; then
      echo "window after $(( ($(date +%s%N) - start) / 1000000 )) ms"
      kill -- -"$pid" 2>/dev/null || kill "$pid"; wait "$pid" 2>/dev/null; exit 0
    fi
    sleep 0.25
  done
  kill -- -"$pid" 2>/dev/null || kill "$pid"
  echo "no window named Styrebord within ${WINDOW_TIMEOUT} s"; exit 4'
HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share" \
  XDG_CACHE_HOME="$work/home/.cache" XDG_STATE_HOME="$work/home/.local/state" \
  XDG_RUNTIME_DIR="$work/runtime" WINDOW_TIMEOUT="$WINDOW_TIMEOUT" BIN="$bin" LOG="$work/app.log" \
  xvfb-run -a -s "-screen 0 1280x800x24 -noreset" bash -c "$inner" > "$work/window.out" 2>&1 || {
    cat "$work/window.out" >&2
    echo "--- the app's output:" >&2; tail -n 40 "$work/app.log" >&2 || true
    fail "the installed app did not show its window under Xvfb with --demo"
  }
ok "installed app started with --demo and showed its window ($(cat "$work/window.out"))"

# --- the hub ------------------------------------------------------------------------------------
dpkg-deb -f "$hub_deb" > "$work/hub.control" || fail "$hub_deb is not a Debian package"
has "$work/hub.control" '^Package: styrebord-hub$' "the hub's package is not named styrebord-hub"
has "$work/hub.control" '^Depends:.*adduser' "the hub does not depend on adduser (its postinst uses it)"
dpkg-deb -c "$hub_deb" > "$work/hub.files"
has "$work/hub.files" ' (\./)?usr/bin/styrebord-hub$' "the hub's binary is not in /usr/bin"
has "$work/hub.files" ' (\./)?(usr/)?lib/systemd/system/styrebord-hub\.service$' "no systemd unit"
has "$work/hub.files" ' (\./)?etc/styrebord-hub/hub\.toml$' "no /etc/styrebord-hub/hub.toml"
dpkg-deb -e "$hub_deb" "$work/hub.ctrl"
[ -f "$work/hub.ctrl/conffiles" ] || fail "the hub package declares no conffiles"
has "$work/hub.ctrl/conffiles" '^/etc/styrebord-hub/hub\.toml$' "hub.toml is not a conffile (an upgrade would overwrite the admin's settings)"
[ -f "$work/hub.ctrl/postinst" ] || fail "the hub package has no postinst"
has "$work/hub.ctrl/postinst" 'adduser --system .*styrebord-hub|--gecos "Styrebord hub" styrebord-hub' "postinst does not create the styrebord-hub system user"
has "$work/hub.ctrl/postinst" 'install -d .*-o styrebord-hub .*/var/lib/styrebord-hub' "postinst does not create /var/lib/styrebord-hub for the service user"

dpkg-deb -x "$hub_deb" "$work/hub"
unit=""
for u in "$work"/hub/{usr/,}lib/systemd/system/styrebord-hub.service; do [ -f "$u" ] && unit=$u; done
[ -n "$unit" ] || fail "the hub's unit file is missing from the unpacked package"
has "$unit" '^ExecStart=/usr/bin/styrebord-hub serve --config /etc/styrebord-hub/hub\.toml$' "the unit does not serve with /etc/styrebord-hub/hub.toml"
for line in '^User=styrebord-hub$' '^ProtectSystem=strict$' '^NoNewPrivileges=yes$' \
  '^StateDirectory=styrebord-hub$' '^ConfigurationDirectory=styrebord-hub$' '^PrivateTmp=yes$' \
  '^ProtectHome=yes$' '^RestrictAddressFamilies=' '^CapabilityBoundingSet=$' \
  '^SystemCallFilter=@system-service$'; do
  has "$unit" "$line" "the unit is not hardened as documented"
done
if command -v systemd-analyze >/dev/null; then
  # The unit as packaged, but with ExecStart= pointing at the unpacked binary (verify checks
  # that it exists and is executable).
  mkdir -p "$work/verify"
  sed "s|/usr/bin/styrebord-hub|$work/hub/usr/bin/styrebord-hub|g" "$unit" > "$work/verify/styrebord-hub.service"
  systemd-analyze verify "$work/verify/styrebord-hub.service" > "$work/verify.out" 2>&1 \
    || { cat "$work/verify.out" >&2; fail "systemd-analyze verify rejects the hub's unit"; }
  if [ -s "$work/verify.out" ]; then cat "$work/verify.out" >&2; fail "systemd-analyze verify warns about the hub's unit"; fi
  ok "systemd-analyze verify: the hub's unit is clean"
  exposure=$(systemd-analyze security --offline=yes "$work/verify/styrebord-hub.service" 2>/dev/null \
    | sed -n 's/.*Overall exposure level for [^:]*: //p')
  if [ -n "$exposure" ]; then
    echo "check-packages: the hub's unit, systemd-analyze security exposure: $exposure"
  fi
fi
"$work/hub/usr/bin/styrebord-hub" --help > /dev/null || fail "the packaged hub binary does not run"
ok "hub package: binary, unit, conffile, service user"

# --- sizes ----------------------------------------------------------------------------------------
for deb in "$app_deb" "$hub_deb"; do
  name=$(dpkg-deb -f "$deb" Package)
  printf 'check-packages: %s: .deb %s bytes (%s MB), Installed-Size %s KiB, unpacked %s KiB\n' \
    "$name" "$(stat -c %s "$deb")" "$(awk -v b="$(stat -c %s "$deb")" 'BEGIN { printf "%.2f", b / 1e6 }')" \
    "$(dpkg-deb -f "$deb" Installed-Size)" \
    "$(du -sk "$work/$([ "$deb" = "$app_deb" ] && echo app || echo hub)" | cut -f1)"
done
# The member's package stays within issue 13's size goals (docs/BENCHMARKS.md, "Package size"):
# a guard, so growth is seen when it happens rather than at the next measurement.
app_bytes=$(stat -c %s "$app_deb")
app_installed_kib=$(dpkg-deb -f "$app_deb" Installed-Size)
[ "$app_bytes" -le 8000000 ] || fail "the app's .deb is $app_bytes bytes, over the 8 MB goal"
[ $((app_installed_kib * 1024)) -le 20000000 ] \
  || fail "the app installs $app_installed_kib KiB, over the 20 MB goal"
ok "app package: $app_bytes bytes (goal 8 MB), installs $app_installed_kib KiB (goal 20 MB = 19,531 KiB)"

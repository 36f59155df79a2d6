#!/usr/bin/env bash
# Installs what Styrebord needs on a Debian 12 / Ubuntu machine, skipping what is already there.
#   scripts/setup.sh run   – build and run the app (system libraries, npm packages, the UI build)
#   scripts/setup.sh test  – also the test tools (Xvfb, WebKitWebDriver, tauri-driver)
#   scripts/setup.sh package – also what `make package` and scripts/check-packages.sh need
#                              (cargo-deb; Xvfb and xwininfo to start the installed app)
set -euo pipefail
mode=${1:-run}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- system packages --------------------------------------------------------------------------
pkgs=(build-essential pkg-config file curl libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev
      libayatana-appindicator3-dev librsvg2-dev fonts-liberation2 ca-certificates)
if [ "$mode" = test ]; then
  # openssl: the HTTPS test makes its own certificate authority (crates/sync/tests/https.rs).
  # libssl-dev: only the tests' OpenSSL endpoints (native-tls, dev-dependencies) link it; the app
  # and the hub use rustls. python3: the build scripts' own tests (scripts/test_*.py).
  pkgs+=(webkit2gtk-driver xvfb xauth openssl libssl-dev python3)
fi
if [ "$mode" = package ]; then
  # x11-utils: xwininfo, to see the installed app's window appear (scripts/check-packages.sh).
  # xz-utils: make package recompresses both packages' data with xz's x86 filter.
  # python3: scripts/check-packages.sh reads the binary's layout (scripts/hot-rodata.py).
  pkgs+=(xvfb xauth x11-utils xz-utils python3)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- toolchains ---------------------------------------------------------------------------------
command -v cargo >/dev/null || { echo "Rust is missing: install it with rustup (https://rustup.rs)." >&2; exit 1; }
command -v node >/dev/null || { echo "Node.js 20.19+ is missing: install it (e.g. from NodeSource or your distribution)." >&2; exit 1; }
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || { echo "Node.js $(node --version) is too old: Vite 7 needs 20.19 or newer." >&2; exit 1; }

# --- the UI ---------------------------------------------------------------------------------------
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  say "Installing the UI's npm packages"
  npm --prefix ui ci --no-audit --no-fund --loglevel=error
fi
say "Building the UI"
npm --prefix ui run build --silent

# --- test tools -------------------------------------------------------------------------------------
if [ "$mode" = test ] && [ ! -x .tools/bin/tauri-driver ]; then
  say "Installing tauri-driver into .tools/"
  cargo install tauri-driver --version '^2' --locked --root .tools --quiet
fi

# --- packaging tools ----------------------------------------------------------------------------
# cargo-deb builds the hub's .deb; pinned, so a release is packaged the same way every time
# (164 s of CPU to install: about 2–3 min on two idle cores). The app's .deb is made by the
# Tauri CLI from ui/'s npm packages (@tauri-apps/cli, prebuilt: no compile).
if [ "$mode" = package ] && [ ! -x .tools/bin/cargo-deb ]; then
  say "Installing cargo-deb into .tools/"
  cargo install cargo-deb --version 3.8.0 --locked --root .tools --quiet
fi

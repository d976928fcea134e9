#!/usr/bin/env bash
# The desktop end-to-end tests: the real app window under Xvfb, driven over WebDriver
# (tauri-driver + WebKitWebDriver), with a real OS keyring (GNOME Keyring's Secret Service in a
# private D-Bus session, unlocked with a throw-away password, its files in a temporary HOME).
# `scripts/test.sh` installs the Debian packages and calls this; it can also be run alone.
# Screenshots of each screen are left in target/desktop-e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

if [ ! -f ui/dist/index.html ] || [ -n "${REBUILD_UI:-}" ]; then
  say "building the UI (npm ci, vite build)"
  (cd ui && npm ci --no-audit --no-fund && npm run build)
fi

say "building the desktop app"
cargo build -p pressero-pace-sync-desktop --locked

# cargo and rustup keep their homes when HOME changes below.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export PATH="$CARGO_HOME/bin:$PATH"
if ! command -v tauri-driver >/dev/null 2>&1; then
  say "installing tauri-driver"
  cargo install tauri-driver --locked
fi

say "desktop end-to-end tests (Xvfb, D-Bus, GNOME Keyring, tauri-driver)"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/.local/share" "$home/.config" "$home/runtime"
chmod 700 "$home/runtime"
HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" XDG_RUNTIME_DIR="$home/runtime" \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- bash -c '
    set -euo pipefail
    printf "%s" "throw-away keyring password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    cargo test -p desktop-e2e --locked --test window -- --test-threads=1 "$@"
  ' desktop-e2e "$@"

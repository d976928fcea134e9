#!/usr/bin/env bash
# Installs the Debian packages the project needs that this machine lacks (as root; `apt-get
# update` once first). Used by scripts/test.sh and scripts/desktop-demo.sh.
# - dbus, gnome-keyring: the OS keyring tests run GNOME Keyring's Secret Service in a private
#   D-Bus session;
# - the -dev packages: the desktop app (Tauri 2 on WebKitGTK) builds against them;
# - xvfb, xauth, webkit2gtk-driver: the desktop tests run the real window under Xvfb through
#   WebKitWebDriver.
set -euo pipefail
DEBIAN_PACKAGES=(
  dbus gnome-keyring
  build-essential pkg-config file libssl-dev
  libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev libgtk-3-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  xvfb xauth webkit2gtk-driver
)
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  printf '\n== installing Debian packages: %s\n' "${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "run as root, or install them yourself: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

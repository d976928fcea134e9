#!/usr/bin/env bash
# Runs every test of the project on a fresh Debian machine: installs what is missing, then checks formatting,
# lints with clippy (-D warnings) and runs all tests of the workspace. `make test` calls this; so does CI.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

# Debian packages the build and tests need. The engine crates build with none (rustls, bundled SQLite, libdbus
# built from source); the CLI's OS-keyring test (crates/cli/tests/keyring.rs) runs GNOME Keyring's Secret
# Service in a private D-Bus session, so it needs dbus (dbus-run-session) and gnome-keyring.
DEBIAN_PACKAGES=(dbus gnome-keyring)
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    say "installing rust component $component"
    rustup component add "$component"
  fi
done

say "formatting (cargo fmt --check)"
cargo fmt --all -- --check

say "lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

say "tests (cargo test)"
cargo test --workspace --locked

#!/usr/bin/env bash
# Runs every test of the project on a fresh Debian machine: installs what is missing, then checks formatting,
# lints with clippy (-D warnings) and runs all tests of the workspace. `make test` calls this; so does CI.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

# Debian packages the build needs. The engine crates need none (rustls and bundled SQLite), so this list is
# empty until the desktop shell (src-tauri) joins the workspace; keep the mechanism so adding one is one line.
DEBIAN_PACKAGES=()
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

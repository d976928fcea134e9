#!/usr/bin/env bash
# Runs every test of the project on a fresh Debian machine: installs what is missing, then
# builds and checks the UI (TypeScript strict, unit tests), checks formatting, lints with clippy
# (-D warnings), runs all Rust tests of the workspace, and the desktop end-to-end tests of the
# real window (scripts/desktop-e2e.sh). `make test` calls this; so does CI.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

./scripts/install-debian-packages.sh

for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    say "installing rust component $component"
    rustup component add "$component"
  fi
done

say "UI: install, type check, unit tests, build (ui/)"
(
  cd ui
  npm ci --no-audit --no-fund
  npm run check
  npm test
  npm run build
)

say "formatting (cargo fmt --check)"
cargo fmt --all -- --check

say "lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

say "tests (cargo test)"
cargo test --workspace --locked --exclude desktop-e2e

./scripts/desktop-e2e.sh

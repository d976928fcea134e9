#!/usr/bin/env bash
# `make demo` where there is a display: builds the UI and the desktop app, and opens the app in
# demo mode (the bundled simulators with the sample orders, syncing live).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-debian-packages.sh
if [ ! -f ui/dist/index.html ]; then
  (cd ui && npm ci --no-audit --no-fund && npm run build)
fi
exec cargo run --quiet -p pressero-pace-sync-desktop -- --demo

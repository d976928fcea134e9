#!/usr/bin/env bash
# Bounded fuzzing: runs the fuzz targets (crates/*/tests/fuzz.rs) for SECONDS each (default 60).
# `cargo test` runs them too, for FUZZ_SECONDS (3 s by default) each.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
FUZZ_SECONDS="$seconds" cargo test --locked -p pace --test fuzz -- --nocapture

#!/usr/bin/env bash
# Bounded fuzzing of the parsers of outside text: the Pace SOAP replies and XPath filters
# (crates/pace/tests/fuzz.rs), Pressero's JSON answers (crates/pressero/tests/fuzz.rs), the
# settings TOML and the mapping rules (crates/engine/tests/fuzz.rs). Each target runs for the
# given number of seconds (default 60; `cargo test` alone gives each 3 s) and prints
# `fuzz <target>: <cases> cases in <secs> s, 0 failures`. A failure names the seed that replays
# it: FUZZ_SEED=<seed> cargo test -p <crate> --test fuzz <test name>.
#
#   scripts/fuzz.sh 60
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
  echo "usage: scripts/fuzz.sh [seconds per target]" >&2
  exit 2
fi

FUZZ_SECONDS="$seconds" exec cargo test --locked -p pace -p pressero -p engine --test fuzz -- --nocapture

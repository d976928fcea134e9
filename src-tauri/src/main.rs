//! The Pressero → Pace Sync desktop app's entry point (see `lib.rs`).

// No console window behind the app on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    pressero_pace_sync_desktop::run();
}

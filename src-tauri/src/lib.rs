//! The Pressero → Pace Sync desktop app: a thin Tauri shell over the engine's service handle
//! (ARCHITECTURE.md, invariant 4). Nothing here decides anything about an order: every command
//! is a few lines that call [`engine::service::ServiceHandle`] and return its view types
//! ([`engine::screens`]).
//!
//! - [`session`]: the service the window talks to: the shop's own (settings and database in the
//!   platform's folders, or `--config` / `--data-dir`), or the demo shop (`--demo`, or the
//!   first-run screen's "Try the demo").
//! - [`commands`]: the window's commands, one per screen action.
//! - [`live`]: the engine's event stream forwarded to the window (`sync-event`), the tray and
//!   desktop notifications.
//! - [`tray`]: the tray icon (all good / attention needed) and its menu: Open, Sync now,
//!   Pause, Quit. Closing the window keeps the sync running in the tray.
//!
//! Tauri's own plugins do the desktop chores: single instance (a second launch focuses the
//! first), notifications, start at login, window size and position, logs, opening links.

pub mod commands;
pub mod live;
pub mod session;
pub mod tray;

use session::{Desk, Places};
use tauri::Manager;

/// The main window's label.
pub const MAIN_WINDOW: &str = "main";

/// Builds and runs the app until Quit.
pub fn run() {
    let places = Places::from_args(std::env::args().skip(1));
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tray::show_main_window(app);
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                .level(log::LevelFilter::Info)
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::new().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            None,
        ))
        .manage(Desk::new(env!("CARGO_PKG_VERSION")))
        .invoke_handler(commands::handler())
        .setup(move |app| {
            tray::create(app.handle())?;
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let desk = handle.state::<Desk>();
                if let Err(error) = desk.open(&handle, &places).await {
                    log::error!("the sync service could not open: {error}");
                }
            });
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window keeps the sync running in the tray; Quit ends it.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event
                && window.label() == MAIN_WINDOW
            {
                api.prevent_close();
                let _ = window.hide();
            }
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_app, _event| {}),
        Err(error) => {
            eprintln!("Pressero → Pace Sync could not start: {error}");
            std::process::exit(1);
        }
    }
}

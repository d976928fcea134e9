//! The tray icon: green when all is good, amber when an order needs attention or a connection
//! fails, with the reason as its tooltip; its menu opens the window, syncs now, pauses or
//! resumes, and quits. The last state shown is kept ([`TrayState`]) so the window (and the
//! end-to-end tests) can read what the tray says.

use crate::MAIN_WINDOW;
use crate::session::Desk;
use engine::screens::Health;
use serde::Serialize;
use std::sync::{Mutex, PoisonError};
use tauri::image::Image;
use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager};

const TRAY_ID: &str = "sync";
const OPEN: &str = "open";
const SYNC_NOW: &str = "sync-now";
const PAUSE: &str = "pause";
const QUIT: &str = "quit";

/// What the tray shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TrayState {
    /// `ok` (all good) or `attention` (attention needed).
    pub icon: String,
    /// The tooltip: all good, or what needs attention.
    pub tooltip: String,
    /// The pause item's text (`Pause` or `Resume`).
    pub pause_item: String,
}

/// The last tray state shown (app state).
#[derive(Debug, Default)]
pub struct ShownTray(Mutex<TrayState>);

impl ShownTray {
    /// What the tray shows now.
    pub fn get(&self) -> TrayState {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

fn icon(attention: bool) -> tauri::Result<Image<'static>> {
    if attention {
        Image::from_bytes(include_bytes!("../icons/tray-attention.png"))
    } else {
        Image::from_bytes(include_bytes!("../icons/tray-ok.png"))
    }
}

/// Creates the tray icon and its menu.
pub fn create(app: &AppHandle) -> tauri::Result<()> {
    app.manage(ShownTray::default());
    let open = MenuItem::with_id(app, OPEN, "Open", true, None::<&str>)?;
    let sync_now = MenuItem::with_id(app, SYNC_NOW, "Sync now", true, None::<&str>)?;
    let pause = MenuItem::with_id(app, PAUSE, "Pause", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &sync_now, &pause, &quit])?;
    app.manage(PauseItem(pause));
    TrayIconBuilder::with_id(TRAY_ID)
        .icon(icon(false)?)
        .tooltip("Pressero → Pace Sync")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id.as_ref() {
            OPEN => show_main_window(app),
            SYNC_NOW => with_service(app, |handle| async move {
                handle.sync_now();
                Ok(())
            }),
            PAUSE => with_service(app, |handle| async move {
                let paused = handle.is_paused();
                handle.set_paused(!paused).await.map_err(|e| e.to_string())
            }),
            QUIT => app.exit(0),
            _ => {}
        })
        .build(app)?;
    Ok(())
}

/// The tray menu's Pause item, whose text follows the state.
struct PauseItem(MenuItem<tauri::Wry>);

/// Runs `action` on the current service in the background, then refreshes the tray.
fn with_service<F, Fut>(app: &AppHandle, action: F)
where
    F: FnOnce(engine::service::ServiceHandle) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(), String>> + Send,
{
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let desk = app.state::<Desk>();
        let Ok(handle) = desk.handle().await else {
            return;
        };
        if let Err(error) = action(handle.clone()).await {
            log::warn!("tray action failed: {error}");
        }
        crate::live::refresh_tray(&app, &handle);
    });
}

/// Shows `health` on the tray.
pub fn show_health(app: &AppHandle, health: &Health) {
    let attention = health.needs_attention();
    let state = TrayState {
        icon: if attention { "attention" } else { "ok" }.to_owned(),
        tooltip: health.tray_text(),
        pause_item: if health.paused { "Resume" } else { "Pause" }.to_owned(),
    };
    if let Some(tray) = app.tray_by_id(TRAY_ID) {
        let shown = app.state::<ShownTray>();
        let changed = shown.get() != state;
        if changed {
            if let Ok(image) = icon(attention) {
                let _ = tray.set_icon(Some(image));
            }
            let _ = tray.set_tooltip(Some(&state.tooltip));
            if let Some(item) = app.try_state::<PauseItem>() {
                let _ = item.0.set_text(&state.pause_item);
            }
            *shown.0.lock().unwrap_or_else(PoisonError::into_inner) = state;
        }
    }
}

/// Shows, unminimizes and focuses the main window (tray "Open", a second launch).
pub fn show_main_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

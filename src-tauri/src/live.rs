//! The engine's event stream, live: every stored event goes to the window as `sync-event`
//! (an [`EventView`]), the tray follows the service's health, and an order that comes to need
//! attention raises a desktop notification.

use engine::screens::{EventLevel, EventView};
use engine::service::ServiceHandle;
use engine::store::STATE_CHANGED;
use tauri::{AppHandle, Emitter};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::error::RecvError;

/// The window's event carrying each stored event.
pub const SYNC_EVENT: &str = "sync-event";

/// Forwards `handle`'s events until the task is aborted (the session is replaced).
pub fn forward(app: AppHandle, handle: ServiceHandle) -> tauri::async_runtime::JoinHandle<()> {
    let mut events = handle.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    let view = EventView::from(&event);
                    if let Err(error) = app.emit(SYNC_EVENT, &view) {
                        log::warn!("the window did not get an event: {error}");
                    }
                    if event.kind == STATE_CHANGED && view.level == EventLevel::Error {
                        notify(&app, &view);
                    }
                    refresh_tray(&app, &handle);
                }
                // The window re-reads the store on the next event; the tray now.
                Err(RecvError::Lagged(_)) => refresh_tray(&app, &handle),
                Err(RecvError::Closed) => return,
            }
        }
    })
}

/// Puts the tray in line with `handle`'s health.
pub fn refresh_tray(app: &AppHandle, handle: &ServiceHandle) {
    match handle.health() {
        Ok(health) => crate::tray::show_health(app, &health),
        Err(error) => log::warn!("the tray could not read the health: {error}"),
    }
}

/// A desktop notification for an order that needs attention.
fn notify(app: &AppHandle, event: &EventView) {
    let title = match event.order {
        Some(order) => format!("Order {order} needs attention"),
        None => "An order needs attention".to_owned(),
    };
    if let Err(error) = app
        .notification()
        .builder()
        .title(title)
        .body(&event.message)
        .show()
    {
        // No notification service (a headless session): the window and the tray still show it.
        log::info!("no desktop notification: {error}");
    }
}

//! The window's commands (ui/src/ipc.ts calls them): each takes the current service from the
//! [`Desk`] and calls one method of the engine's service handle; results are the engine's view
//! types, errors plain words. No command decides anything itself.

use crate::session::Desk;
use crate::tray::{ShownTray, TrayState};
use engine::screens::{
    AppInfo, CheckView, DayCount, EventQuery, EventView, Health, OrderListItem, OrderQuery,
    OrderView, PlanView, Problem, RuleKind, RuleTrial, SettingsView, StorefrontView,
};
use engine::secrets::{Account, Secret};
use engine::service::Connection;
use tauri::{AppHandle, State};
use tauri_plugin_autostart::ManagerExt;

/// What a command gives the window: its value, or what went wrong in words.
type Answer<T> = Result<T, String>;

fn words(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// Every command, for the builder.
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_info,
        list_orders,
        order_view,
        preview_plan,
        push_order,
        skip_order,
        acknowledge_change,
        sync_now,
        retry_attention,
        health,
        set_paused,
        get_settings,
        storefronts,
        validate_settings,
        save_settings,
        set_password,
        test_connection,
        validate_rule,
        try_rule,
        send_test_email,
        list_events,
        daily_counts,
        export_diagnostics,
        start_demo,
        tray_state,
        get_autostart,
        set_autostart,
        quit,
    ]
}

#[tauri::command]
async fn app_info(desk: State<'_, Desk>) -> Answer<AppInfo> {
    let handle = desk.handle().await?;
    Ok(handle.app_info(desk.version(), desk.is_demo().await))
}

#[tauri::command]
async fn list_orders(desk: State<'_, Desk>, query: OrderQuery) -> Answer<Vec<OrderListItem>> {
    desk.handle().await?.order_list(query).map_err(words)
}

#[tauri::command]
async fn order_view(desk: State<'_, Desk>, order_number: u64) -> Answer<OrderView> {
    desk.handle().await?.order_view(order_number).map_err(words)
}

#[tauri::command]
async fn preview_plan(desk: State<'_, Desk>, order_number: u64) -> Answer<PlanView> {
    desk.handle()
        .await?
        .plan_view(order_number)
        .await
        .map_err(words)
}

#[tauri::command]
async fn push_order(desk: State<'_, Desk>, order_number: u64) -> Answer<String> {
    let report = desk
        .handle()
        .await?
        .push(order_number)
        .await
        .map_err(words)?;
    Ok(report.message)
}

#[tauri::command]
async fn skip_order(desk: State<'_, Desk>, order_number: u64, reason: String) -> Answer<()> {
    desk.handle()
        .await?
        .skip(order_number, &reason)
        .map_err(words)
}

#[tauri::command]
async fn acknowledge_change(desk: State<'_, Desk>, order_number: u64) -> Answer<()> {
    desk.handle()
        .await?
        .acknowledge_change(order_number)
        .map_err(words)
}

#[tauri::command]
async fn sync_now(desk: State<'_, Desk>) -> Answer<()> {
    desk.handle().await?.sync_now();
    Ok(())
}

#[tauri::command]
async fn retry_attention(desk: State<'_, Desk>) -> Answer<u32> {
    desk.handle().await?.retry_attention().map_err(words)
}

#[tauri::command]
async fn health(desk: State<'_, Desk>) -> Answer<Health> {
    let mut health = desk.handle().await?.health().map_err(words)?;
    health.demo = desk.is_demo().await;
    Ok(health)
}

#[tauri::command]
async fn set_paused(app: AppHandle, desk: State<'_, Desk>, paused: bool) -> Answer<()> {
    let handle = desk.handle().await?;
    handle.set_paused(paused).await.map_err(words)?;
    crate::live::refresh_tray(&app, &handle);
    Ok(())
}

#[tauri::command]
async fn get_settings(desk: State<'_, Desk>) -> Answer<SettingsView> {
    Ok(desk.handle().await?.settings_view())
}

#[tauri::command]
async fn storefronts(desk: State<'_, Desk>) -> Answer<Vec<StorefrontView>> {
    desk.handle().await?.storefronts().await.map_err(words)
}

#[tauri::command]
async fn validate_settings(
    desk: State<'_, Desk>,
    settings: serde_json::Value,
) -> Answer<Vec<Problem>> {
    Ok(desk.handle().await?.check_settings(settings))
}

#[tauri::command]
async fn save_settings(desk: State<'_, Desk>, settings: serde_json::Value) -> Answer<Vec<Problem>> {
    let handle = desk.handle().await?;
    let problems = handle.save_settings_json(settings).await.map_err(words)?;
    if problems.is_empty() && !handle.is_paused() {
        // A first run's settings are now complete: start syncing.
        handle.start().await.map_err(words)?;
    }
    Ok(problems)
}

#[tauri::command]
async fn set_password(desk: State<'_, Desk>, account: String, password: String) -> Answer<()> {
    let account: Account = account.parse().map_err(words)?;
    let password = Secret::new(password);
    desk.handle()
        .await?
        .set_password(account, &password)
        .await
        .map_err(words)
}

#[tauri::command]
async fn test_connection(desk: State<'_, Desk>, which: Connection) -> Answer<Vec<CheckView>> {
    Ok(desk.handle().await?.test_connection(which).await)
}

#[tauri::command]
async fn validate_rule(
    desk: State<'_, Desk>,
    kind: RuleKind,
    text: String,
) -> Answer<Vec<Problem>> {
    Ok(desk.handle().await?.validate_rule(kind, &text))
}

#[tauri::command]
async fn try_rule(
    desk: State<'_, Desk>,
    kind: RuleKind,
    text: String,
    order_number: u64,
) -> Answer<RuleTrial> {
    desk.handle()
        .await?
        .try_rule(kind, &text, order_number)
        .await
        .map_err(words)
}

#[tauri::command]
async fn send_test_email(desk: State<'_, Desk>) -> Answer<String> {
    let email = desk
        .handle()
        .await?
        .send_test_email()
        .await
        .map_err(words)?;
    Ok(format!("Test e-mail sent to {}", email.to.join(", ")))
}

#[tauri::command]
async fn list_events(desk: State<'_, Desk>, query: EventQuery) -> Answer<Vec<EventView>> {
    desk.handle().await?.events(&query).map_err(words)
}

#[tauri::command]
async fn daily_counts(desk: State<'_, Desk>, days: u32) -> Answer<Vec<DayCount>> {
    desk.handle().await?.daily_counts(days).map_err(words)
}

#[tauri::command]
async fn export_diagnostics(desk: State<'_, Desk>) -> Answer<String> {
    let path = desk
        .handle()
        .await?
        .export_diagnostics(desk.version())
        .map_err(words)?;
    Ok(path.display().to_string())
}

#[tauri::command]
async fn start_demo(app: AppHandle, desk: State<'_, Desk>) -> Answer<()> {
    desk.start_demo(&app).await
}

#[tauri::command]
fn tray_state(tray: State<'_, ShownTray>) -> TrayState {
    tray.get()
}

#[tauri::command]
fn get_autostart(app: AppHandle) -> Answer<bool> {
    app.autolaunch().is_enabled().map_err(words)
}

#[tauri::command]
fn set_autostart(app: AppHandle, enabled: bool) -> Answer<()> {
    let autostart = app.autolaunch();
    if enabled {
        autostart.enable().map_err(words)
    } else {
        autostart.disable().map_err(words)
    }
}

/// Quits the app (the tray's Quit): background work stops gracefully.
#[tauri::command]
async fn quit(app: AppHandle, desk: State<'_, Desk>) -> Answer<()> {
    if let Ok(handle) = desk.handle().await {
        handle.stop().await;
    }
    app.exit(0);
    Ok(())
}

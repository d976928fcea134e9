//! What the desktop window asks of the service, one method per command (the Tauri layer only
//! passes arguments in and results out): the Orders list and detail, preview, skip, "Retry all
//! that need attention", the header's health, pause, the Settings screen (settings as JSON,
//! validated and saved with every problem by field path; rules validated and tried on an
//! order; one connection tested), and the Activity screen (events, per-day counts,
//! diagnostics). The view types are in [`crate::screens`].

use super::{ServiceError, ServiceHandle, doctor};
use crate::rules::SiteRules;
use crate::screens::health::Running;
use crate::screens::{
    AppInfo, CheckView, DayCount, EventQuery, EventView, Health, KeyringStatus, OrderListItem,
    OrderQuery, OrderView, PlanView, Problem, RuleKind, RuleTrial, SettingsView, StorefrontView,
    diagnostics_bundle,
};
use crate::settings::Settings;
use crate::store::{OrderState, Transition};
use std::path::PathBuf;
use std::sync::atomic::Ordering;

/// Which connection "Test connection" checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Connection {
    /// The Pressero Admin API.
    Pressero,
    /// Pace's SOAP API.
    Pace,
    /// The mail server for alerts.
    Mail,
}

impl ServiceHandle {
    /// What the window needs first; `version` and `demo` are the app's own.
    pub fn app_info(&self, version: &str, demo: bool) -> AppInfo {
        AppInfo {
            version: version.to_owned(),
            demo,
            first_run: !self.inner.config.settings_path.exists(),
            keyring: KeyringStatus::probe(self.inner.config.secrets.as_ref()),
            settings_path: self.inner.config.settings_path.display().to_string(),
            data_dir: self.inner.config.data_dir.display().to_string(),
        }
    }

    /// The Orders screen: the orders matching `query`, newest first.
    pub fn order_list(&self, query: OrderQuery) -> Result<Vec<OrderListItem>, ServiceError> {
        Ok(self
            .list_orders(&query.into())?
            .iter()
            .map(OrderListItem::from)
            .collect())
    }

    /// The Order detail screen.
    pub fn order_view(&self, order_number: u64) -> Result<OrderView, ServiceError> {
        let detail = self.order_detail(order_number)?;
        Ok(OrderView::new(&detail, &self.current_settings().pace))
    }

    /// "Preview plan": what syncing the order would create in Pace now (read-only).
    pub async fn plan_view(&self, order_number: u64) -> Result<PlanView, ServiceError> {
        let done = self.store().completed_keys(order_number)?;
        Ok(PlanView::new(&self.preview(order_number).await?, &done))
    }

    /// "Skip": the order is not sent to Pace; `reason` is kept on it. Orders in Pace (synced or
    /// changed after sync) and one being synced cannot be skipped.
    pub fn skip(&self, order_number: u64, reason: &str) -> Result<(), ServiceError> {
        let record = self
            .store()
            .order(order_number)?
            .ok_or(ServiceError::UnknownOrder(order_number))?;
        let state = record.row.state;
        if matches!(
            state,
            OrderState::Synced | OrderState::Syncing | OrderState::ChangedAfterSync
        ) {
            return Err(ServiceError::CannotSkip {
                order: order_number,
                state,
            });
        }
        let reason = reason.trim();
        let reason = if reason.is_empty() {
            "skipped by staff".to_owned()
        } else {
            format!("skipped by staff: {reason}")
        };
        self.inner
            .events
            .change_state_if(order_number, state, Transition::Skipped { reason })?;
        Ok(())
    }

    /// "Acknowledge" on an order changed after sync: back to Synced with its trace and Pace
    /// jobs; Pressero's order as it is now is what later changes are compared with. Nothing is
    /// written to Pace.
    pub fn acknowledge_change(&self, order_number: u64) -> Result<(), ServiceError> {
        let record = self
            .store()
            .order(order_number)?
            .ok_or(ServiceError::UnknownOrder(order_number))?;
        match self.inner.events.acknowledge_change(order_number)? {
            Some(_) => Ok(()),
            None => Err(ServiceError::NothingToAcknowledge {
                order: order_number,
                state: record.row.state,
            }),
        }
    }

    /// "Retry all that need attention": every order in Needs attention goes back to Ready with
    /// its attempts counted afresh, and the worker is woken. Returns how many.
    pub fn retry_attention(&self) -> Result<u32, ServiceError> {
        let store = self.store();
        let waiting = store.list_orders(&crate::store::OrderFilter {
            states: vec![OrderState::NeedsAttention],
            ..Default::default()
        })?;
        let mut retried = 0;
        for order in waiting {
            store.reset_attempts(order.order_number)?;
            if self
                .inner
                .events
                .change_state_if(
                    order.order_number,
                    OrderState::NeedsAttention,
                    Transition::Ready,
                )?
                .is_some()
            {
                retried += 1;
            }
        }
        self.sync_now();
        Ok(retried)
    }

    /// The header: connections, polls, backlog, counts.
    pub fn health(&self) -> Result<Health, ServiceError> {
        let running = Running {
            running: self.inner.background.is_running(),
            paused: self.inner.paused.load(Ordering::SeqCst),
        };
        Ok(Health::read(
            self.store(),
            &self.current_settings(),
            running,
            &self.inner.backlog,
            self.inner.clock.now(),
        )?)
    }

    /// "Pause" stops the background sync gracefully; "Resume" starts it again.
    pub async fn set_paused(&self, paused: bool) -> Result<(), ServiceError> {
        self.inner.paused.store(paused, Ordering::SeqCst);
        if paused {
            self.stop().await;
            Ok(())
        } else {
            self.start().await
        }
    }

    /// Whether staff paused the sync.
    pub fn is_paused(&self) -> bool {
        self.inner.paused.load(Ordering::SeqCst)
    }

    /// The Settings screen: the settings, their schema, which passwords are stored.
    pub fn settings_view(&self) -> SettingsView {
        SettingsView::new(
            &self.current_settings(),
            &self.inner.config.settings_path,
            self.inner.config.secrets.as_ref(),
        )
    }

    /// The storefronts the app knows orders of, and those Pressero has orders from in the first
    /// poll's window (with their Integration IDs, read from each site), each switched on or off
    /// by the settings. Pressero is asked only when it is set up; when it cannot be reached, the
    /// list is what the store knows.
    pub async fn storefronts(&self) -> Result<Vec<StorefrontView>, ServiceError> {
        let settings = self.current_settings();
        let mut storefronts = StorefrontView::seen(self.store(), &settings)?;
        if let Ok(connected) = self.connected() {
            match found_in_pressero(&connected.pressero, &settings, self.inner.clock.now()).await {
                Ok(found) => StorefrontView::add_found(&mut storefronts, found, &settings),
                Err(error) => tracing::info!(%error, "storefronts: Pressero not read"),
            }
        }
        Ok(storefronts)
    }

    /// Every problem of settings sent by the window as JSON (empty when they are valid).
    pub fn check_settings(&self, settings: serde_json::Value) -> Vec<Problem> {
        match read_settings(settings) {
            Ok(settings) => settings
                .validate()
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(Problem::from)
                .collect(),
            Err(problem) => vec![problem],
        }
    }

    /// Validates and saves settings sent by the window; the problems, if any, and nothing is
    /// saved then.
    pub async fn save_settings_json(
        &self,
        settings: serde_json::Value,
    ) -> Result<Vec<Problem>, ServiceError> {
        let settings = match read_settings(settings) {
            Ok(settings) => settings,
            Err(problem) => return Ok(vec![problem]),
        };
        if let Err(problems) = settings.validate() {
            return Ok(problems.into_iter().map(Problem::from).collect());
        }
        self.save_settings(settings).await?;
        Ok(Vec::new())
    }

    /// "Test connection" for one connection, with the settings as saved.
    pub async fn test_connection(&self, which: Connection) -> Vec<CheckView> {
        let settings = self.current_settings();
        let secrets = self.inner.config.secrets.as_ref();
        let checks = match which {
            Connection::Pressero => vec![doctor::check_pressero(&settings, secrets).await],
            Connection::Pace => doctor::check_pace(&settings, secrets).await,
            Connection::Mail => vec![doctor::check_smtp(&settings).await],
        };
        checks.iter().map(CheckView::from).collect()
    }

    /// A rule editor's text, validated as it is typed.
    pub fn validate_rule(&self, kind: RuleKind, text: &str) -> Vec<Problem> {
        kind.validate(text)
    }

    /// "Try this rule on order N": what the rule text gives for that order. Site Mapping is
    /// read off the stored order; Accounts plans the order with the rule (reading Pressero and
    /// Pace, writing nothing), so the Ship Via and account are exactly what a sync would send.
    pub async fn try_rule(
        &self,
        kind: RuleKind,
        text: &str,
        order_number: u64,
    ) -> Result<RuleTrial, ServiceError> {
        let problems = kind.validate(text);
        if !problems.is_empty() {
            return Ok(RuleTrial::invalid(problems));
        }
        match kind {
            RuleKind::SiteMapping => {
                let record = self
                    .store()
                    .order(order_number)?
                    .ok_or(ServiceError::UnknownOrder(order_number))?;
                let rules = SiteRules::parse(text, kind.field()).unwrap_or_default();
                Ok(RuleTrial::site_mapping(&rules, &record.snapshot))
            }
            RuleKind::Accounts => {
                let connected = self.connected()?;
                let mut settings = connected.settings.as_ref().clone();
                text.clone_into(&mut settings.mapping.accounts);
                let preview = super::preview::preview_order(
                    &connected.pressero,
                    &connected.resolver,
                    &settings,
                    order_number,
                    settings.shop.day_of(self.inner.clock.now()),
                    &self.store().completed_keys(order_number)?,
                )
                .await?;
                Ok(RuleTrial::accounts(&preview))
            }
        }
    }

    /// The Activity screen's event log.
    pub fn events(&self, query: &EventQuery) -> Result<Vec<EventView>, ServiceError> {
        Ok(query.run(self.store())?)
    }

    /// Orders synced and failed per day for the last `days` days (the shop's days).
    pub fn daily_counts(&self, days: u32) -> Result<Vec<DayCount>, ServiceError> {
        let zone = self
            .current_settings()
            .shop
            .zone()
            .unwrap_or(chrono_tz::Tz::UTC);
        Ok(DayCount::last_days(
            self.store(),
            days,
            zone,
            self.inner.clock.now(),
        )?)
    }

    /// Writes a diagnostics bundle into the data folder's `diagnostics` folder; its path.
    pub fn export_diagnostics(&self, app_version: &str) -> Result<PathBuf, ServiceError> {
        diagnostics_bundle(
            self.store(),
            &self.current_settings(),
            app_version,
            &self.inner.config.data_dir.join("diagnostics"),
            self.inner.clock.now(),
        )
        .map_err(|source| ServiceError::Write {
            what: "the diagnostics bundle",
            source,
        })
    }
}

/// Settings from the window's JSON: what does not have the settings' shape is one problem.
fn read_settings(settings: serde_json::Value) -> Result<Settings, Problem> {
    serde_json::from_value(settings).map_err(|error| Problem::unreadable(&error))
}

/// The storefronts (site name, Integration ID) Pressero has orders from in the first poll's
/// window: one order search, then one site read per storefront.
async fn found_in_pressero(
    pressero: &pressero::PresseroClient,
    settings: &Settings,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<(String, String)>, pressero::PresseroError> {
    let hours = i64::try_from(settings.polling.first_poll_lookback_hours.max(1)).unwrap_or(24);
    let Ok(window) = pressero::SearchWindow::new(now - chrono::Duration::hours(hours), now) else {
        return Ok(Vec::new());
    };
    let orders = pressero.search_orders(&window).await?;
    let sites: std::collections::BTreeMap<String, String> = orders
        .iter()
        .filter(|order| !order.site.site_id.trim().is_empty())
        .map(|order| (order.site.site_id.clone(), order.site.site_name.clone()))
        .collect();
    let mut found = Vec::new();
    for (site_id, site_name) in sites {
        let integration_id = pressero.site(&site_id).await?.integration_id;
        found.push((site_name, integration_id));
    }
    Ok(found)
}

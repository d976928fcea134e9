//! What the poller and worker tests share: both simulators with their bundled seeds, clients
//! over real HTTP on 127.0.0.1, a SQLite store in a temp folder, the event bus and a manual
//! clock.

use super::{default_pressero_client, golden_settings, start_pace, start_pressero, temp_store};
use chrono::{DateTime, Utc};
use engine::apply::{Applier, ApplyOptions, StepJournal};
use engine::events::{EventBus, ManualClock};
use engine::poller::{Poller, PollerSettings};
use engine::resolve::Resolver;
use engine::settings::Settings;
use engine::store::Store;
use engine::worker::{Jitter, PaceSync, Worker, WorkerSettings};
use pace::PaceClient;
use pace_simulator::{PaceConfig, RunningPace};
use pressero::PresseroClient;
use pressero_simulator::RunningPressero;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use tempfile::TempDir;

/// Both simulators, the clients, the store (in a temp folder) and the clock.
pub struct World {
    pub pressero: RunningPressero,
    pub pace: RunningPace,
    pub pressero_client: PresseroClient,
    pub pace_client: PaceClient,
    pub dir: TempDir,
    pub store: Store,
    pub events: EventBus,
    pub clock: ManualClock,
    pub settings: Settings,
}

impl World {
    /// Both simulators (bundled seeds), the store, the clock stopped at `now`.
    pub async fn start(now: DateTime<Utc>) -> World {
        let pressero = start_pressero().await;
        let pressero_client = default_pressero_client(&pressero);
        let (pace, pace_client) = start_pace(PaceConfig::default()).await;
        let (dir, store) = temp_store();
        let events = EventBus::new(store.clone()).unwrap();
        World {
            pressero,
            pace,
            pressero_client,
            pace_client,
            dir,
            store,
            events,
            clock: ManualClock::new(now),
            settings: golden_settings(),
        }
    }

    /// Pace calls (the world's client and the settings the worker reads) stop waiting for an
    /// answer after `seconds`.
    pub fn use_pace_request_timeout(&mut self, seconds: u64) {
        self.settings.pace.request_timeout_seconds = seconds;
        let connection = self
            .pace_client
            .connection()
            .clone()
            .request_timeout(std::time::Duration::from_secs(seconds));
        let config = PaceConfig::default();
        self.pace_client =
            PaceClient::new(connection, pace::Password::new(config.password)).unwrap();
    }

    /// The clock's time.
    pub fn clock_now(&self) -> DateTime<Utc> {
        engine::events::Clock::now(&self.clock)
    }

    /// The same database opened afresh, as after a restart of the service.
    pub fn reopened(&self) -> (Store, EventBus) {
        let store = Store::open_in_data_dir(self.dir.path()).unwrap();
        let events = EventBus::new(store.clone()).unwrap();
        (store, events)
    }

    /// A poller over `events` (this world's, or a reopened one) with `settings`.
    pub fn poller_over(&self, events: &EventBus, settings: &Settings) -> Poller {
        Poller::new(
            self.pressero_client.clone(),
            events.clone(),
            Arc::new(self.clock.clone()),
            PollerSettings::from(settings),
        )
    }

    /// A poller with this world's store and settings.
    pub fn poller(&self) -> Poller {
        self.poller_over(&self.events, &self.settings)
    }

    /// A worker running the real pipeline (resolver → plan → apply) with `concurrency` slots and
    /// seeded jitter.
    pub fn worker(&self, concurrency: usize) -> Worker<PaceSync> {
        let settings = Arc::new(self.settings.clone());
        let journal: Arc<dyn StepJournal> = Arc::new(self.store.clone());
        let applier = Applier::new(
            self.pace_client.clone(),
            self.pressero_client.clone(),
            journal,
            ApplyOptions::from_settings(&settings),
        );
        let clock = Arc::new(self.clock.clone());
        let sync = PaceSync::new(
            Resolver::new(self.pace_client.clone()),
            applier,
            settings.clone(),
            clock.clone(),
        );
        let mut worker_settings = WorkerSettings::from(settings.as_ref());
        worker_settings.concurrency = concurrency;
        Worker::new(
            sync,
            self.events.clone(),
            clock,
            worker_settings,
            Jitter::seeded(42),
        )
    }

    /// Adds a copy of fixture order `fixture` to the Pressero simulator as order `number`, placed
    /// at `placed` (new order and item ids). Returns its number.
    pub fn add_copy_of(&self, fixture: u64, number: u64, placed: DateTime<Utc>) -> u64 {
        let mut order = fixture_order(fixture);
        let fields = order.as_object_mut().unwrap();
        fields.remove("OrderId");
        fields.insert("OrderNumber".into(), number.into());
        fields.insert("OrderDate".into(), placed.to_rfc3339().into());
        for item in fields["Items"].as_array_mut().unwrap() {
            item.as_object_mut().unwrap().remove("OrderItemId");
        }
        self.pressero.add_order_json(order).unwrap()
    }
}

/// Fixture order `number` as the JSON file holds it.
pub fn fixture_order(number: u64) -> Value {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/pressero/orders");
    let file = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(&format!("{number}-")))
        })
        .unwrap();
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

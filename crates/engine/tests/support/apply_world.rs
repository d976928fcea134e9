//! Shared by the apply tests: both simulators (bundled seeds, a stopped clock), the real
//! clients over HTTP on 127.0.0.1, a store in a temporary file, and plans built by the real
//! pipeline (Pressero client → resolver → `plan`) under `fixtures/settings/golden.toml`.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{
    default_pressero_client, golden_settings, start_pace, start_pressero, temp_store, today,
};
use chrono::{TimeZone, Utc};
use engine::apply::{Applier, ApplyError, ApplyOptions, ApplyReport};
use engine::plan::{OrderPlan, PlanOutcome, facts_needed, plan};
use engine::resolve::Resolver;
use engine::settings::Settings;
use engine::store::Store;
use pace::PaceClient;
use pace_simulator::{Clock, PaceConfig, RunningPace};
use pressero::PresseroClient;
use pressero_simulator::RunningPressero;

/// The Pace object types apply may create.
pub const CREATED_TYPES: &[&str] = &[
    "Customer",
    "Contact",
    "Job",
    "JobPart",
    "JobMaterial",
    "JobShipment",
    "Carton",
    "CartonContent",
    "JobNote",
    "FileAttachment",
];

/// The Pace operations that write.
pub fn is_write(operation: &str) -> bool {
    operation.starts_with("create")
        || operation.starts_with("update")
        || operation.starts_with("delete")
        || operation == "addAttachment"
}

/// The workflow stage the tests write back.
pub const STAGE: &str = "Prepress";

/// The golden settings, with the after-sync stage set.
pub fn settings() -> Settings {
    let mut settings = golden_settings();
    settings.after_sync.workflow_stage = STAGE.into();
    settings
}

/// Both simulators, the clients, the store and the settings.
pub struct World {
    pub pace_sim: RunningPace,
    pub pressero_sim: RunningPressero,
    pub pace: PaceClient,
    pub pressero: PresseroClient,
    pub store: Store,
    pub settings: Settings,
    _dir: tempfile::TempDir,
}

impl World {
    pub async fn start(settings: Settings) -> World {
        World::start_with_seed(settings, None).await
    }

    /// [`World::start`] with Pace seeded from `seed` (`None`: the bundled seed).
    pub async fn start_with_seed(settings: Settings, seed: Option<pace_simulator::Seed>) -> World {
        let pressero_sim = start_pressero().await;
        let pressero = default_pressero_client(&pressero_sim);
        let (pace_sim, pace) = start_pace(PaceConfig {
            clock: Clock::fixed(Utc.with_ymd_and_hms(2026, 11, 20, 14, 0, 0).unwrap()),
            seed,
            ..PaceConfig::default()
        })
        .await;
        let (dir, store) = temp_store();
        World {
            pace_sim,
            pressero_sim,
            pace,
            pressero,
            store,
            settings,
            _dir: dir,
        }
    }

    /// Order `n` read from Pressero, stored, its facts resolved in Pace, planned.
    pub async fn plan(&self, n: u64) -> OrderPlan {
        self.plan_on(n, today()).await
    }

    /// Order `n` planned as [`World::plan`] does, on the day `today`.
    pub async fn plan_on(&self, n: u64, today: chrono::NaiveDate) -> OrderPlan {
        let order = self.pressero.order(n).await.unwrap();
        self.store.upsert_snapshot(&order, Utc::now()).unwrap();
        let facts = Resolver::new(self.pace.clone())
            .resolve(&facts_needed(&order, &self.settings))
            .await
            .unwrap();
        match plan(&order, &self.settings, &facts, today).unwrap() {
            PlanOutcome::Plan(plan) => *plan,
            other => panic!("order {n}: expected a plan, got {other:?}"),
        }
    }

    /// The applier. The simulator's faults here (a dropped connection, a commit then a drop)
    /// are over when the call returns, so nothing can still be in flight: an interrupted step
    /// is looked up at once (`tests/worker_sync.rs` proves the wait for a write still in flight).
    pub fn applier(&self) -> Applier {
        let options = ApplyOptions {
            in_flight_for: chrono::Duration::zero(),
            ..ApplyOptions::from_settings(&self.settings)
        };
        Applier::new(
            self.pace.clone(),
            self.pressero.clone(),
            Arc::new(self.store.clone()),
            options,
        )
    }

    /// Applies `plan` for the order as [`World::plan`] stored it.
    pub async fn apply(&self, plan: &OrderPlan) -> Result<ApplyReport, ApplyError> {
        let order = self
            .store
            .order(plan.order_number)
            .unwrap()
            .expect("the order was planned, so stored")
            .snapshot;
        self.applier().apply(&order, plan).await
    }

    /// Pace calls received so far, by operation.
    pub fn pace_calls(&self) -> BTreeMap<String, usize> {
        self.pace_sim.instruments().calls.counts()
    }

    /// Pace write calls received so far.
    pub fn pace_writes(&self) -> usize {
        self.pace_sim
            .instruments()
            .calls
            .calls()
            .iter()
            .filter(|c| is_write(&c.operation))
            .count()
    }

    /// Every object of every type apply creates, as Pace holds them (with this world's
    /// Pressero address, which notes carry in file links, written `{pressero}`).
    pub fn pace_objects(&self) -> BTreeMap<&'static str, Vec<BTreeMap<String, String>>> {
        let base_url = self.pressero_sim.base_url();
        CREATED_TYPES
            .iter()
            .map(|t| {
                let objects = self
                    .pace_sim
                    .objects(t)
                    .into_iter()
                    .map(|object| {
                        object
                            .into_iter()
                            .map(|(name, value)| (name, value.replace(&base_url, "{pressero}")))
                            .collect()
                    })
                    .collect();
                (*t, objects)
            })
            .collect()
    }

    /// How many objects of each type Pace holds.
    pub fn pace_counts(&self) -> BTreeMap<&'static str, usize> {
        CREATED_TYPES
            .iter()
            .map(|t| (*t, self.pace_sim.count(t)))
            .collect()
    }

    /// Each item's `MisId` and current printer-side stage in Pressero, by item number.
    pub fn pressero_items(&self, n: u64) -> BTreeMap<u32, (Option<String>, String)> {
        self.pressero_sim
            .order(n)
            .unwrap()
            .detail
            .items
            .into_iter()
            .map(|i| (i.order_item_number, (i.mis_id, i.workflow_stage_printer)))
            .collect()
    }
}

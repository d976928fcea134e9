//! A proof shop: the demo shop's three simulators (`demo-shop`), Pressero holding the generated
//! orders only, settings for the run, and the service binary to run against them. The proof
//! reads the service's database beside it (a read-only handle takes no sync lock) to see where
//! each order is.

use crate::service::ServiceCommand;
use anyhow::Context;
use demo_shop::{DemoOrders, DemoPorts, DemoShop};
use engine::service::{ServiceHandle, SyncService};
use engine::settings::Settings;
use engine::store::{OrderFilter, OrderRow, OrderState};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The simulators, the settings and the service command of one proof run.
pub struct ProofShop {
    /// The simulators (and the run's folder).
    pub shop: DemoShop,
    /// The settings the service runs with.
    pub settings: Settings,
    /// How the service is started.
    pub service: ServiceCommand,
    /// The orders added, by number.
    pub orders: Vec<u64>,
}

impl ProofShop {
    /// Starts the simulators with no orders, Pace's item templates as `templates` says, and
    /// writes the demo settings changed by `tweak`.
    pub async fn start(
        binary: &Path,
        templates: Templates,
        tweak: impl FnOnce(&mut Settings),
    ) -> anyhow::Result<ProofShop> {
        let shop = DemoShop::start_with(DemoPorts::default(), DemoOrders::None, templates.seed()?)
            .await
            .context("starting the simulators")?;
        let mut settings = shop.settings()?;
        tweak(&mut settings);
        settings.validate().map_err(|problems| {
            anyhow::anyhow!("the proof's settings are invalid: {problems:?}")
        })?;
        settings.save(&shop.settings_path())?;
        let (_, pace_password) = shop.pace_credentials();
        let environment = vec![
            ("PACE_PASSWORD".to_owned(), pace_password.to_owned()),
            (
                "PRESSERO_PASSWORD".to_owned(),
                shop.pressero.credentials().password.clone(),
            ),
        ];
        let service = ServiceCommand {
            binary: binary.to_owned(),
            settings: shop.settings_path(),
            data_dir: shop.data_dir(),
            environment,
            log: shop.folder().join("service.log"),
        };
        Ok(ProofShop {
            shop,
            settings,
            service,
            orders: Vec::new(),
        })
    }

    /// Adds orders to Pressero.
    pub fn add_orders(&mut self, orders: Vec<Value>) -> anyhow::Result<()> {
        for order in orders {
            let number = self.shop.pressero.add_order_json(order)?;
            self.orders.push(number);
        }
        Ok(())
    }

    /// A handle on the service's database (no background work, no sync lock).
    pub fn handle(&self) -> anyhow::Result<ServiceHandle> {
        Ok(SyncService::open(self.shop.service_config())?)
    }

    /// The state of every order the service has stored.
    pub fn states(&self, handle: &ServiceHandle) -> anyhow::Result<BTreeMap<u64, OrderState>> {
        Ok(handle
            .list_orders(&OrderFilter::default())?
            .into_iter()
            .map(|row| (row.order_number, row.state))
            .collect())
    }

    /// How many of the added orders are in each state (`None`: not stored yet).
    pub fn tally(
        &self,
        handle: &ServiceHandle,
    ) -> anyhow::Result<BTreeMap<Option<OrderState>, usize>> {
        let states = self.states(handle)?;
        let mut tally = BTreeMap::new();
        for number in &self.orders {
            *tally.entry(states.get(number).copied()).or_insert(0) += 1;
        }
        Ok(tally)
    }

    /// The added orders that are not synced, each with its state and last error.
    pub fn not_synced(&self, handle: &ServiceHandle) -> anyhow::Result<Vec<NotSynced>> {
        let rows: BTreeMap<u64, OrderRow> = handle
            .list_orders(&OrderFilter::default())?
            .into_iter()
            .map(|row| (row.order_number, row))
            .collect();
        Ok(self
            .orders
            .iter()
            .filter_map(|number| {
                let row = rows.get(number);
                let state = row.map(|row| row.state);
                (state != Some(OrderState::Synced)).then(|| NotSynced {
                    order: *number,
                    state,
                    error: row
                        .and_then(|row| row.last_error.as_ref())
                        .map(|error| error.message.clone()),
                })
            })
            .collect())
    }

    /// Where the run's files are (settings, database, the service's log).
    pub fn folder(&self) -> &Path {
        self.shop.folder()
    }
}

/// What the Pace simulator's item templates write when a job or part is made with one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Templates {
    /// The bundled seed's (`fixtures/pace/seed.json`): their lines write the job's and the
    /// part's description, job type and quantity over what the order sent, so every job and
    /// part needs its override update (the specification's steps 4–5). The worst case.
    #[default]
    Bundled,
    /// As in EFI's own template sample (reference §5.1): lines for the press forms only
    /// (`JobPartPressForm`), nothing written over the job's or part's fields, so no override
    /// update is sent.
    PressForms,
}

impl Templates {
    /// The Pace seed for these templates (`None`: the bundled one).
    fn seed(self) -> anyhow::Result<Option<pace_simulator::Seed>> {
        match self {
            Templates::Bundled => Ok(None),
            Templates::PressForms => {
                let mut seed: Value = serde_json::from_str(pace_simulator::Seed::bundled_json())?;
                for line in seed["objects"]["ItemTemplateLine"]
                    .as_array_mut()
                    .into_iter()
                    .flatten()
                {
                    line["dataObject"] = "JobPartPressForm".into();
                }
                Ok(Some(pace_simulator::Seed::from_json(&seed.to_string())?))
            }
        }
    }
}

impl std::fmt::Display for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Templates::Bundled => "the bundled templates (they write over job and part fields)",
            Templates::PressForms => {
                "press-form templates (nothing written over job or part fields)"
            }
        })
    }
}

/// An order that did not sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotSynced {
    /// Its number.
    pub order: u64,
    /// Its state (`None`: never stored).
    pub state: Option<OrderState>,
    /// Its last error.
    pub error: Option<String>,
}

impl std::fmt::Display for NotSynced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.state {
            Some(state) => write!(f, "order {} is {state:?}", self.order)?,
            None => write!(f, "order {} was never read", self.order)?,
        }
        match &self.error {
            Some(error) => write!(f, ": {error}"),
            None => Ok(()),
        }
    }
}

/// Whether an order in `state` has come to rest: nothing more happens to it without a person.
pub fn at_rest(state: Option<OrderState>) -> bool {
    matches!(
        state,
        Some(OrderState::Synced | OrderState::NeedsAttention | OrderState::Skipped)
    )
}

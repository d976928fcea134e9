//! A local EFI Pace stand-in speaking Pace's SOAP wire format (as documented in
//! `shared/reference/pace-api.md`), for tests, benchmarks and the demo.
//!
//! ```no_run
//! # async fn demo() -> Result<(), pace_simulator::StartError> {
//! use pace_simulator::{PaceConfig, PaceSimulator};
//! let pace = PaceSimulator::start(PaceConfig::default()).await?;
//! println!("Pace at {}", pace.base_url()); // POST {base}/rpc/services/FindObjects …
//! assert_eq!(pace.count("Job"), 0);
//! # Ok(()) }
//! ```
//!
//! Map of the crate: [`schema`] (the one table of types and fields), [`store`] (tables, key
//! rules, template defaults, integrity), [`xpath`] (the filter dialect), [`soap`] (envelopes,
//! replies, faults), [`services`] (one module per SOAP service), [`http`] (routes, auth, fault
//! injection), [`seed`] (the JSON seed).

pub mod http;
pub mod schema;
pub mod seed;
pub mod services;
pub mod soap;
pub mod state;
pub mod store;
pub mod value;
pub mod xpath;

use std::fmt;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use simulator_kit::{Instruments, RunningServer, serve};

pub use seed::{Seed, SeedError};
pub use simulator_kit::{FaultKind, FaultRule};
pub use store::write::UnknownFields;
pub use value::PaceObject;

use crate::http::Shared;
use crate::state::PaceState;

/// What `getVersion` answers unless configured otherwise.
pub const DEFAULT_VERSION: &str = "36.01-2482 (202601011200)";

/// Where the simulator reads the time for dates it fills (`dateSetup`, `createdDateTime` …).
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock(Arc::new(Utc::now))
    }

    /// A clock stopped at `instant` (for snapshot tests).
    pub fn fixed(instant: DateTime<Utc>) -> Self {
        Clock(Arc::new(move || instant))
    }

    /// The current reading.
    pub fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Clock({})", self.now())
    }
}

/// How to start a simulator.
#[derive(Debug, Clone)]
pub struct PaceConfig {
    /// Port on 127.0.0.1; `0` picks a free one.
    pub port: u16,
    /// The API login accepted by HTTP Basic auth.
    pub login: String,
    /// Its password.
    pub password: String,
    /// Company ids accepted in `/rpc/company:{id}/services/…`.
    pub company_ids: Vec<String>,
    /// Starting data; `None` loads [`Seed::bundled`].
    pub seed: Option<Seed>,
    /// What `getVersion` answers.
    pub version: String,
    /// The clock for server-filled dates.
    pub clock: Clock,
    /// What creates and updates do with fields a type does not have: Pace's fault (the
    /// default), or dropped silently as a lenient SOAP server may. Changeable while running
    /// with `PUT /_sim/unknown-fields` or [`RunningPace::set_unknown_fields`].
    pub unknown_fields: UnknownFields,
}

impl Default for PaceConfig {
    /// Port 0, login `apiuser` / password `secret`, company `printco`, the bundled seed.
    fn default() -> Self {
        PaceConfig {
            port: 0,
            login: "apiuser".to_owned(),
            password: "secret".to_owned(),
            company_ids: vec!["printco".to_owned()],
            seed: None,
            version: DEFAULT_VERSION.to_owned(),
            clock: Clock::system(),
            unknown_fields: UnknownFields::default(),
        }
    }
}

/// Why a simulator did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The seed could not be loaded.
    #[error(transparent)]
    Seed(#[from] SeedError),
    /// The port could not be bound.
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Listen {
        /// The port asked for.
        port: u16,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Starts simulators.
#[derive(Debug, Clone, Copy)]
pub struct PaceSimulator;

impl PaceSimulator {
    /// Starts a simulator on 127.0.0.1 in a background task.
    pub async fn start(config: PaceConfig) -> Result<RunningPace, StartError> {
        let seed = match config.seed {
            Some(seed) => seed,
            None => Seed::bundled()?,
        };
        let (tables, sequences) = seed.into_parts();
        let mut state = PaceState::new(tables, sequences);
        state.unknown_fields = config.unknown_fields;
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            instruments: Instruments::default(),
            login: config.login,
            password: config.password,
            company_ids: config.company_ids,
            version: config.version,
            clock: config.clock,
        });
        let server = serve(http::router(shared.clone()), config.port)
            .await
            .map_err(|source| StartError::Listen {
                port: config.port,
                source,
            })?;
        tracing::info!(url = %server.base_url(), "Pace simulator listening");
        Ok(RunningPace { server, shared })
    }
}

/// A running simulator; dropping it stops it.
#[derive(Debug)]
pub struct RunningPace {
    server: RunningServer,
    shared: Arc<Shared>,
}

impl RunningPace {
    /// `http://127.0.0.1:<port>` (services are under `/rpc/services/`).
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// Fault rules and the call log.
    pub fn instruments(&self) -> &Instruments {
        &self.shared.instruments
    }

    /// Every committed object of `object_type`, in key order (empty for an unknown type).
    pub fn objects(&self, object_type: &str) -> Vec<PaceObject> {
        let Some(object_type) = schema::object_type(object_type) else {
            return Vec::new();
        };
        self.shared
            .state()
            .live
            .rows(object_type)
            .into_iter()
            .cloned()
            .collect()
    }

    /// How many committed objects of `object_type` exist.
    pub fn count(&self, object_type: &str) -> usize {
        self.shared.state().live.count(object_type)
    }

    /// The committed object of `object_type` with `key`.
    pub fn object(&self, object_type: &str, key: &str) -> Option<PaceObject> {
        self.shared.state().live.get(object_type, key).cloned()
    }

    /// What creates and updates do with unknown fields from now on (see [`UnknownFields`]).
    pub fn set_unknown_fields(&self, unknown_fields: UnknownFields) {
        self.shared.state().unknown_fields = unknown_fields;
    }

    /// Stops the server and waits for it to end.
    pub async fn stop(self) {
        self.server.stop().await;
    }
}

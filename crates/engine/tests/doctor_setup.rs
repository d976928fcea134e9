//! `doctor` proves the set-up against the live Pace before the first order (both simulators
//! over real HTTP): the fields the plan writes are known to Pace, and every id the settings
//! name exists (and is active where Pace says so). Each failure names the setting or field and
//! the fix.

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use engine::secrets::{Account, Secret, SecretError, SecretStore};
use engine::service::{Check, CheckOutcome, ConnectionReport, Problem, check_connections};
use engine::settings::{Settings, SiteOverride};
use pace_simulator::{PaceConfig, RunningPace, UnknownFields};
use pressero_simulator::RunningPressero;
use support::{golden_settings, start_pace, start_pressero};

/// The simulators' passwords.
#[derive(Debug)]
struct Passwords {
    pace: String,
    pressero: String,
}

impl SecretStore for Passwords {
    fn get(&self, account: Account) -> Result<Option<Secret>, SecretError> {
        Ok(match account {
            Account::Pace => Some(Secret::new(self.pace.clone())),
            Account::Pressero => Some(Secret::new(self.pressero.clone())),
            _ => None,
        })
    }
    fn set(&self, _: Account, _: &Secret) -> Result<(), SecretError> {
        Ok(())
    }
    fn delete(&self, _: Account) -> Result<(), SecretError> {
        Ok(())
    }
}

struct World {
    pace: RunningPace,
    _pressero: RunningPressero,
    settings: Settings,
    passwords: Passwords,
}

async fn world() -> World {
    let (pace, _) = start_pace(PaceConfig::default()).await;
    let pressero = start_pressero().await;
    let credentials = pressero.credentials().clone();
    let mut settings = golden_settings();
    settings.pressero.admin_url = pressero.base_url();
    settings.pressero.user_name = credentials.user_name.clone();
    settings.pressero.subscriber_id = credentials.subscriber_id.clone();
    settings.pressero.consumer_id = credentials.consumer_id.clone();
    settings.pace.url = pace.base_url();
    settings.pace.login = PaceConfig::default().login;
    settings.pace.company = None;
    settings.smtp.host = String::new();
    // The sample orders are placed 2026-11-16 … 20: the first poll reaches back to them.
    let since = chrono::Utc::now()
        - chrono::DateTime::parse_from_rfc3339("2026-11-15T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
    settings.polling.first_poll_lookback_hours =
        u64::try_from(since.num_hours()).unwrap().max(1) + 24;
    World {
        pace,
        _pressero: pressero,
        settings,
        passwords: Passwords {
            pace: PaceConfig::default().password,
            pressero: credentials.password,
        },
    }
}

async fn doctor(world: &World) -> ConnectionReport {
    check_connections(&world.settings, &world.passwords, None).await
}

fn check<'r>(report: &'r ConnectionReport, name: &str) -> &'r Check {
    report
        .checks
        .iter()
        .find(|check| check.name == name)
        .unwrap_or_else(|| panic!("no check {name}: {report:#?}"))
}

fn failure(report: &ConnectionReport, name: &str) -> (Problem, String, String) {
    match &check(report, name).outcome {
        CheckOutcome::Failed {
            problem,
            detail,
            fix,
        } => (*problem, detail.clone(), fix.clone()),
        other => panic!("{name}: {other:?}"),
    }
}

const SETUP_CHECKS: &[&str] = &[
    "Pace fields: Customer",
    "Pace fields: Contact",
    "Pace fields: Job",
    "Pace fields: JobPart",
    "Pace fields: JobMaterial",
    "Pace fields: JobShipment",
    "Pace fields: Carton",
    "Pace fields: CartonContent",
    "Pace job types",
    "Pace job statuses",
    "Pace ship vias",
    "Pace new-customer defaults",
    "Pace item templates",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_golden_set_up_passes_every_check_against_pace() {
    let world = world().await;
    let report = doctor(&world).await;
    for name in SETUP_CHECKS.iter().chain(&["Pace version", "Pace read"]) {
        assert!(
            matches!(check(&report, name).outcome, CheckOutcome::Passed { .. }),
            "{name}: {report:#?}"
        );
    }
    let CheckOutcome::Passed { detail } = &check(&report, "Pace item templates").outcome else {
        unreachable!()
    };
    assert_eq!(detail, "3 product item template(s) found in Pace");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_bad_id_is_named_with_its_setting_and_fix() {
    let mut world = world().await;
    world.settings.jobs.job_type = Some(99);
    world.settings.sites.push(SiteOverride {
        site_name: "Acme Store".into(),
        job_type: Some(1),
        ..SiteOverride::default()
    });
    world.settings.sites.push(SiteOverride {
        site_name: "Bad ID Store".into(),
        job_type: Some(98),
        ..SiteOverride::default()
    });
    world.settings.customers.csr = Some(77);
    world.settings.customers.sales_tax = "ZZ".into();
    world.settings.mapping.site_mapping = world
        .settings
        .mapping
        .site_mapping
        .replace(r#""adminStatus":"a""#, r#""adminStatus":"Q""#);
    world.settings.mapping.accounts = world
        .settings
        .mapping
        .accounts
        .replace(r#""ship_via":"3""#, r#""ship_via":"42""#);
    let calls_before = world.pace.instruments().calls.calls().len();
    let report = doctor(&world).await;

    let (problem, detail, fix) = failure(&report, "Pace job types");
    assert_eq!(problem, Problem::UnknownId);
    assert_eq!(
        detail,
        "jobs.job_type = 99 is not an active Pace job type; sites[3].job_type (Bad ID Store) = 98 is not an active Pace job type"
    );
    assert!(fix.contains("Job Types"), "{fix}");
    let (_, detail, fix) = failure(&report, "Pace job statuses");
    assert_eq!(
        detail,
        "the Site Mapping adminStatus \"Q\" is not a Pace job status"
    );
    assert!(fix.contains("mapping.site_mapping"), "{fix}");
    let (_, detail, fix) = failure(&report, "Pace ship vias");
    assert_eq!(detail, "the Accounts shipVia 42 is not a Pace ship via");
    assert!(fix.contains("mapping.accounts"), "{fix}");
    let (_, detail, fix) = failure(&report, "Pace new-customer defaults");
    assert_eq!(
        detail,
        "customers.csr = 77 is not a Pace CSR; customers.sales_tax = \"ZZ\" is not a Pace sales tax code"
    );
    assert!(fix.contains("[customers]"), "{fix}");

    // Cheap: one call per kind of id (find per new-customer default type, one read of the
    // sales tax code), beside the version, the resolver's seven look-ups (countries and State
    // keys included, so their guessed field names are tried once) and one probe per type.
    let calls = world.pace.instruments().calls.calls().len() - calls_before;
    assert_eq!(calls, 1 + 7 + 1 + 8 + 4 + 1, "{calls} calls");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_pace_does_not_know_fails_its_type_before_the_first_order() {
    let world = world().await;
    world.pace.set_unknown_fields(UnknownFields {
        drop: true,
        forget: ["Job.scheduledShipDate".to_owned()].into(),
    });
    let report = doctor(&world).await;
    let (problem, detail, fix) = failure(&report, "Pace fields: Job");
    assert_eq!(problem, Problem::UnknownField);
    assert!(
        detail.contains("Unknown field 'scheduledShipDate' on object 'Job'"),
        "{detail}"
    );
    assert!(fix.contains("crates/engine/src/plan/fields.rs"), "{fix}");
    assert!(matches!(
        check(&report, "Pace fields: JobPart").outcome,
        CheckOutcome::Passed { .. }
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn item_templates_are_skipped_when_pressero_cannot_be_read() {
    let mut world = world().await;
    world.settings.pressero.admin_url = format!("{}/nowhere", world.pace.base_url());
    let report = doctor(&world).await;
    assert!(
        matches!(
            &check(&report, "Pace item templates").outcome,
            CheckOutcome::Skipped { reason } if reason.contains("could not be read from Pressero")
        ),
        "{report:#?}"
    );
    assert!(matches!(
        check(&report, "Pace job types").outcome,
        CheckOutcome::Passed { .. }
    ));
}

//! The shop's integration settings: every parameter of the two specification documents, stored as
//! one TOML file, plus the non-secret connection and polling settings.
//!
//! Passwords are never part of [`Settings`] (they live in the OS keyring); the TOML parser rejects
//! unknown keys, so a `password = …` line in the file is refused rather than silently kept.
//!
//! # Where the two documents disagree
//!
//! Each contradiction is a setting whose default follows the first document ("Order Data
//! Integration"):
//!
//! - **PO number fallback** ([`PoFallback`]): the first document uses the order number, the second
//!   "9999". Default: the order number.
//! - **Contacts missing while Create Customer is off** ([`MissingContact`]): the first document's
//!   identification scenario raises an error, its parameter text says "new contacts will be created
//!   anyway", the second document creates them. Default: error (the identification scenario).
//! - **Promise date base**: the first document's Job table says "current date + 3", its
//!   parameter text says "order date". The planner always counts from the order date (so a plan
//!   does not change when it is re-planned on a later day); this is not a setting.
//! - **Create Customer**: the first document makes it a Y/N parameter, the second always creates.
//!   Default: off (no customer is created unless the shop says so).
//! - **How a ship-to contact is recognised** ([`ContactMatch`]): the first document identifies a
//!   shipment location's contact by "Email, all mapped address segments and phone", the second
//!   by "user's email". Default: e-mail, address and phone.

mod connection;
mod email;
mod shop;
mod storefronts;
mod template;
mod validate;

pub use connection::{
    PaceConnection, PollingSettings, PresseroConnection, SmtpSecurity, SmtpSettings,
};
pub use email::{is_valid_email, split_email_list};
pub use shop::{DEFAULT_TIME_ZONE, ShopSettings, local_day, local_midnight};
pub use storefronts::{Storefront, StorefrontSettings, StorefrontSync};
pub use template::{DescriptionTemplate, TemplateProblem, TemplateVariable};
pub use validate::SettingsProblem;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shop_calendar::UsState;
use std::path::Path;

/// Promise-date days used when the setting is blank (first document: "default to 3").
pub const DEFAULT_PROMISE_DATE_DAYS: u32 = 3;
/// Job type used when the setting is blank (first document: "1 (Printing)").
pub const DEFAULT_JOB_TYPE: i64 = 1;
/// Job description template used when the setting is blank (first document).
pub const DEFAULT_JOB_DESCRIPTION: &str = "{OrderNumber}-{SiteName}";

/// Every integration parameter of the shop, as stored in the settings TOML file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// The shop itself: its time zone.
    pub shop: ShopSettings,
    /// Which storefronts' orders go to Pace (first document: "To Enable Integration for a
    /// Site").
    pub storefronts: StorefrontSettings,
    /// Who is told about errors.
    pub alerts: AlertSettings,
    /// How the Pace customer and contacts are found or created.
    pub customers: CustomerSettings,
    /// Job-level parameters: job type, description, promise date, PO number, approval, splitting.
    pub jobs: JobSettings,
    /// Whether and how ship and promise dates skip weekends and holidays.
    pub holidays: HolidaySettings,
    /// Shipment constants and carton contents.
    pub shipments: ShipmentSettings,
    /// The Accounts and Site Mapping rules, as the JSON text a shop pastes.
    pub mapping: MappingSettings,
    /// Per-site overrides of promise-date days, job type and job description.
    pub sites: Vec<SiteOverride>,
    /// Pace job status → Pressero workflow stage, for status updates.
    pub status_updates: Vec<StatusStage>,
    /// Pressero connection (no password).
    pub pressero: PresseroConnection,
    /// Pace connection (no password).
    pub pace: PaceConnection,
    /// Outgoing mail for alerts (no password).
    pub smtp: SmtpSettings,
    /// How often and how widely Pressero is polled.
    pub polling: PollingSettings,
    /// Production files and the write-back to Pressero once an order is in Pace.
    pub after_sync: AfterSyncSettings,
}

/// Production files above this size (MB) are linked in a job note rather than attached.
pub const DEFAULT_ATTACH_FILES_UP_TO_MB: u64 = 20;

/// What happens once an order's objects are in Pace: production files and the write-back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AfterSyncSettings {
    /// Production files up to this size (MB) are attached to the Pace job; larger ones are
    /// recorded as links in a job note. Default 20.
    pub attach_files_up_to_mb: u64,
    /// The Pressero workflow stage (printer-side name, e.g. `Prepress`) each synced item moves
    /// to; blank = leave the stage alone.
    pub workflow_stage: String,
}

impl Default for AfterSyncSettings {
    fn default() -> Self {
        Self {
            attach_files_up_to_mb: DEFAULT_ATTACH_FILES_UP_TO_MB,
            workflow_stage: String::new(),
        }
    }
}

/// Alert e-mail addresses and when alerts are sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AlertSettings {
    /// "Alert emails": addresses separated by `;`.
    pub emails: String,
    /// Collect the day's problems into one e-mail instead of one e-mail per problem.
    pub daily_digest: bool,
    /// The hour of the day (0–23, the computer's local time) the daily digest is sent.
    #[schemars(range(max = 23))]
    pub digest_hour: u8,
    /// After how many failed attempts an order that keeps failing (network, Pace or Pressero
    /// unavailable) is reported, while it is still being retried.
    pub failing_attempts_before_alert: u32,
}

/// Default hour of the daily digest: 7 in the morning.
pub const DEFAULT_DIGEST_HOUR: u8 = 7;
/// Default number of failed attempts before an order that keeps failing is reported.
pub const DEFAULT_FAILING_ATTEMPTS_BEFORE_ALERT: u32 = 5;

impl AlertSettings {
    /// Whether an order that failed `attempts` times in a row (and is still retried) is to be
    /// reported as keeping failing.
    pub fn keeps_failing_after(&self, attempts: u32) -> bool {
        attempts >= self.failing_attempts_before_alert.max(1)
    }
}

impl Default for AlertSettings {
    fn default() -> Self {
        Self {
            emails: String::new(),
            daily_digest: false,
            digest_hour: DEFAULT_DIGEST_HOUR,
            failing_attempts_before_alert: DEFAULT_FAILING_ATTEMPTS_BEFORE_ALERT,
        }
    }
}

/// Customer identification and the defaults of a new Pace customer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CustomerSettings {
    /// "Create Customer" (Y/N): create the customer when it cannot be identified.
    pub create_customer: bool,
    /// What to do when a ship-to contact is not in Pace and Create Customer is off.
    pub when_contact_missing: MissingContact,
    /// How an existing Pace contact is recognised as a ship-to's.
    pub contact_match: ContactMatch,
    /// "Default MisID": the Pace customer id used when the storefront has no Integration ID.
    pub default_mis_id: String,
    /// "Customer Service Representative": Pace CSR id for new customers.
    pub csr: Option<i64>,
    /// "Sales Person": Pace sales person id for new customers.
    pub sales_person: Option<i64>,
    /// "Sales Category": Pace sales category id for new customers.
    pub sales_category: Option<i64>,
    /// "Sales Tax": Pace sales tax code for new customers.
    pub sales_tax: String,
    /// "Taxable Code": Pace taxable code id for new customers.
    pub taxable_code: Option<i64>,
}

/// What happens when a ship-to contact is missing in Pace and Create Customer is off.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MissingContact {
    /// Stop the order and alert (first document's identification scenario). The default.
    #[default]
    Error,
    /// Create the contact anyway (first document's parameter text; second document).
    Create,
}

/// How a ship-to is matched to a Pace contact of the chosen customer.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ContactMatch {
    /// Same e-mail, every mapped address segment and phone (first document). The default.
    #[default]
    EmailAddressPhone,
    /// Same e-mail (case-insensitive), whatever the address (second document): the shipment
    /// still carries the ship-to address.
    Email,
}

/// Job-level parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct JobSettings {
    /// "Job Type": the default Pace job type id; blank → 1 (Printing).
    pub job_type: Option<i64>,
    /// "Job Description" template; blank → `{OrderNumber}-{SiteName}`.
    pub description_template: String,
    /// "Promise Date": calendar days added to the order date; blank → 3.
    pub promise_date_days: Option<i64>,
    /// What the PO number is when the buyer gave none.
    pub po_fallback: PoFallback,
    /// "WaitForApprove": only approved items are sent (pending ones wait).
    pub wait_for_approve: bool,
    /// "One job per order item": one job per item and uploaded file instead of one per order.
    pub one_job_per_item: bool,
    /// "Override file name": production files take the job name.
    pub override_file_name: bool,
    /// "Override job name": job names are always `{order number}-{order item seq}-{file num}`.
    pub override_job_name: bool,
}

/// The PO number used when the order has none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PoFallback {
    /// The Pressero order number (first document). The default.
    #[default]
    OrderNumber,
    /// A fixed text, e.g. `9999` (second document).
    Fixed(String),
}

/// Skipping weekends and holidays for ship and promise dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HolidaySettings {
    /// "Skip holidays?": move dates past weekends, federal, state and custom holidays.
    pub skip_holidays: bool,
    /// "List of custom holidays": `YYYY-MM-DD` dates separated by `|`.
    pub custom: String,
    /// The US state whose holidays apply (code or name, e.g. `TX`); blank = federal only.
    pub state: String,
}

impl HolidaySettings {
    /// The custom holiday dates and the state, parsed. Both are checked; the problems name
    /// `holidays.custom` and `holidays.state`.
    pub fn parsed(&self) -> Result<(Vec<NaiveDate>, Option<UsState>), Vec<SettingsProblem>> {
        let custom = shop_calendar::parse_custom_holidays(&self.custom)
            .map_err(|e| SettingsProblem::new("holidays.custom", e.to_string()));
        let state_text = self.state.trim();
        let state = if state_text.is_empty() {
            Ok(None)
        } else {
            state_text
                .parse::<UsState>()
                .map(Some)
                .map_err(|e| SettingsProblem::new("holidays.state", e.to_string()))
        };
        match (custom, state) {
            (Ok(custom), Ok(state)) => Ok((custom, state)),
            (custom, state) => Err(custom.err().into_iter().chain(state.err()).collect()),
        }
    }
}

/// Shipment constants and carton contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ShipmentSettings {
    /// "Enable Carton Contents": one shipment per shipment group, with carton contents per part.
    pub enable_carton_contents: bool,
    /// Pace `shipmentType` id (an integer code in Pace); not sent when absent.
    pub shipment_type_code: Option<i64>,
    /// What that shipment type is called (second document: "Planned shipment").
    pub shipment_type_label: String,
    /// Pace `shipperName` (second document: "api_3rdParty"); not sent when blank.
    pub shipper_name: String,
}

impl Default for ShipmentSettings {
    fn default() -> Self {
        Self {
            enable_carton_contents: false,
            shipment_type_code: None,
            shipment_type_label: "Planned shipment".to_owned(),
            shipper_name: "api_3rdParty".to_owned(),
        }
    }
}

/// The two JSON mapping parameters, kept as the text the shop pasted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MappingSettings {
    /// "Accounts": a JSON array of rules choosing each shipment's Pace Ship Via and account
    /// number, by shipping method (`ShipmentMethodMapping`, or `MatchByName` for Pace's ship
    /// via of the same name), by ship-to address (`ShipmentAddressMapping`) or per storefront
    /// (`DefaultMapping`); the lowest `priority` that matches wins.
    pub accounts: String,
    /// "Site Mapping Details": a JSON array of per-storefront job options (`siteName`, or
    /// `DefaultSiteConfiguration` for every other storefront): the job status (`adminStatus`),
    /// `includeTaxAndShipping`, `addMaterialInformation` and `setUserToDescription`.
    pub site_mapping: String,
}

/// Site-level overrides: each beats the global value for orders from that site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SiteOverride {
    /// The Pressero site name this applies to.
    pub site_name: String,
    /// Promise-date days for this site.
    pub promise_date_days: Option<i64>,
    /// Job type for this site.
    pub job_type: Option<i64>,
    /// Job description template for this site; blank = use the global one.
    pub job_description: String,
}

/// One status update mapping: when the Pace job reaches `pace_status`, move the Pressero items to
/// the workflow stage named `pressero_stage`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StatusStage {
    /// Pace JobStatus id (e.g. `O`, `C`).
    pub pace_status: String,
    /// Pressero workflow stage (printer-side name, e.g. `Order Completed`).
    pub pressero_stage: String,
}

/// Reading or writing the settings file failed.
#[derive(Debug, thiserror::Error)]
pub enum SettingsFileError {
    /// The file could not be read or written.
    #[error("cannot {action} the settings file {path}: {source}")]
    Io {
        /// `read` or `write`.
        action: &'static str,
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is not valid settings TOML.
    #[error("the settings file {path} is not valid: {message}")]
    Parse {
        /// The file.
        path: String,
        /// What the TOML parser said (names the key and line).
        message: String,
    },
    /// The settings could not be turned into TOML.
    #[error("cannot write the settings as TOML: {0}")]
    Serialize(String),
}

impl Settings {
    /// The settings a new installation starts from: the defaults, except that only the
    /// storefronts switched on are synced and none is yet (see [`StorefrontSettings`] for why
    /// an existing file without the switch keeps syncing every storefront).
    pub fn new_installation() -> Self {
        Self {
            storefronts: StorefrontSettings::new_installation(),
            ..Self::default()
        }
    }

    /// Parses settings from TOML text.
    pub fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// The settings as TOML text.
    pub fn to_toml(&self) -> Result<String, SettingsFileError> {
        toml::to_string_pretty(self).map_err(|e| SettingsFileError::Serialize(e.to_string()))
    }

    /// Reads the settings file.
    pub fn load(path: &Path) -> Result<Self, SettingsFileError> {
        let text = std::fs::read_to_string(path).map_err(|source| SettingsFileError::Io {
            action: "read",
            path: path.display().to_string(),
            source,
        })?;
        Self::from_toml(&text).map_err(|e| SettingsFileError::Parse {
            path: path.display().to_string(),
            message: e.to_string(),
        })
    }

    /// Writes the settings file (the whole file, replaced).
    pub fn save(&self, path: &Path) -> Result<(), SettingsFileError> {
        let text = self.to_toml()?;
        std::fs::write(path, text).map_err(|source| SettingsFileError::Io {
            action: "write",
            path: path.display().to_string(),
            source,
        })
    }

    /// The override for `site_name` (trimmed, case-insensitive), if any.
    pub fn site_override(&self, site_name: &str) -> Option<&SiteOverride> {
        self.sites
            .iter()
            .find(|s| same_name(&s.site_name, site_name))
    }

    /// Promise-date days for a site: the site's value, else the global one, else 3.
    /// Negative values are refused by validation; here they count as 0.
    pub fn promise_date_days(&self, site_name: &str) -> u32 {
        let days = self
            .site_override(site_name)
            .and_then(|s| s.promise_date_days)
            .or(self.jobs.promise_date_days)
            .unwrap_or(i64::from(DEFAULT_PROMISE_DATE_DAYS));
        u32::try_from(days.max(0)).unwrap_or(u32::MAX)
    }

    /// Default job type for a site: the site's value, else the global one, else 1.
    pub fn job_type(&self, site_name: &str) -> i64 {
        self.site_override(site_name)
            .and_then(|s| s.job_type)
            .or(self.jobs.job_type)
            .unwrap_or(DEFAULT_JOB_TYPE)
    }

    /// The job description template text for a site: the site's, else the global, else the
    /// default `{OrderNumber}-{SiteName}`.
    pub fn job_description_template(&self, site_name: &str) -> &str {
        self.job_description_setting(site_name).1
    }

    /// The job description template for a site with the field path of the setting it comes from
    /// (`sites[2].job_description`, `jobs.description_template`), for error messages.
    pub fn job_description_setting(&self, site_name: &str) -> (String, &str) {
        let site = self
            .sites
            .iter()
            .position(|s| same_name(&s.site_name, site_name))
            .map(|index| (index, self.sites[index].job_description.trim()))
            .filter(|(_, text)| !text.is_empty());
        if let Some((index, text)) = site {
            return (format!("sites[{index}].job_description"), text);
        }
        let global = self.jobs.description_template.trim();
        let text = if global.is_empty() {
            DEFAULT_JOB_DESCRIPTION
        } else {
            global
        };
        ("jobs.description_template".to_owned(), text)
    }

    /// The alert addresses, trimmed, blanks dropped.
    pub fn alert_emails(&self) -> Vec<&str> {
        split_email_list(&self.alerts.emails)
    }
}

/// Two names are the same site or rule name: trimmed, case-insensitive.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn full_settings() -> Settings {
        Settings {
            shop: ShopSettings {
                time_zone: "America/Chicago".into(),
            },
            storefronts: StorefrontSettings {
                sync: StorefrontSync::OnlyListed,
                list: vec![Storefront {
                    site_name: "Acme Store".into(),
                    integration_id: "ACME".into(),
                    sync: true,
                }],
            },
            alerts: AlertSettings {
                emails: "ops@shop.example; csr@shop.example".into(),
                daily_digest: true,
                digest_hour: 18,
                failing_attempts_before_alert: 3,
            },
            customers: CustomerSettings {
                create_customer: true,
                when_contact_missing: MissingContact::Create,
                contact_match: ContactMatch::Email,
                default_mis_id: "HOUSE".into(),
                csr: Some(4),
                sales_person: Some(7),
                sales_category: Some(2),
                sales_tax: "TX".into(),
                taxable_code: Some(1),
            },
            jobs: JobSettings {
                job_type: Some(10),
                description_template: "{SiteName} #{OrderNumber}".into(),
                promise_date_days: Some(5),
                po_fallback: PoFallback::Fixed("9999".into()),
                wait_for_approve: true,
                one_job_per_item: true,
                override_file_name: true,
                override_job_name: false,
            },
            holidays: HolidaySettings {
                skip_holidays: true,
                custom: "2021-10-28|2022-07-18".into(),
                state: "TX".into(),
            },
            shipments: ShipmentSettings {
                enable_carton_contents: true,
                shipment_type_code: Some(50),
                ..ShipmentSettings::default()
            },
            mapping: MappingSettings {
                accounts: r#"[{"rule_type":"DefaultMapping","priority":1,"ship_via":"2"}]"#.into(),
                site_mapping: r#"[{"siteName":"DefaultSiteConfiguration","adminStatus":"O"}]"#
                    .into(),
            },
            sites: vec![SiteOverride {
                site_name: "Acme Store".into(),
                promise_date_days: Some(7),
                job_type: Some(3),
                job_description: "{OrderNumber} for Acme".into(),
            }],
            status_updates: vec![StatusStage {
                pace_status: "C".into(),
                pressero_stage: "Order Completed".into(),
            }],
            pressero: PresseroConnection {
                admin_url: "https://admin.example.com".into(),
                user_name: "api@shop.example".into(),
                subscriber_id: "sub".into(),
                consumer_id: "con".into(),
            },
            pace: PaceConnection {
                url: "https://pace.shop.example".into(),
                login: "api".into(),
                company: Some("shop".into()),
                job_link: "https://pace.shop.example/epace/object/Job/detailView/{job}".into(),
                request_timeout_seconds: 90,
            },
            smtp: SmtpSettings {
                host: "smtp.shop.example".into(),
                user: "mailer".into(),
                from: "sync@shop.example".into(),
                ..SmtpSettings::default()
            },
            polling: PollingSettings::default(),
            after_sync: AfterSyncSettings {
                attach_files_up_to_mb: 50,
                workflow_stage: "Prepress".into(),
            },
        }
    }

    #[test]
    fn toml_round_trip_keeps_every_setting() {
        let settings = full_settings();
        let text = settings.to_toml().unwrap();
        assert_eq!(Settings::from_toml(&text).unwrap(), settings);
        assert!(settings.validate().is_ok(), "{:?}", settings.validate());
    }

    #[test]
    fn default_settings_file_snapshot() {
        insta::assert_snapshot!(
            "default_settings_toml",
            Settings::default().to_toml().unwrap()
        );
    }

    #[test]
    fn save_and_load_round_trip_through_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        let settings = full_settings();
        settings.save(&path).unwrap();
        assert_eq!(Settings::load(&path).unwrap(), settings);
    }

    #[test]
    fn empty_file_gives_the_documented_defaults() {
        let settings = Settings::from_toml("").unwrap();
        assert_eq!(settings.promise_date_days("Any"), 3);
        assert_eq!(settings.job_type("Any"), 1);
        assert_eq!(
            settings.job_description_template("Any"),
            "{OrderNumber}-{SiteName}"
        );
        assert_eq!(settings.jobs.po_fallback, PoFallback::OrderNumber);
        assert_eq!(
            settings.customers.when_contact_missing,
            MissingContact::Error
        );
        assert_eq!(settings.shop.time_zone, "UTC");
        assert_eq!(
            settings.customers.contact_match,
            ContactMatch::EmailAddressPhone
        );
        assert_eq!(settings.shipments.shipper_name, "api_3rdParty");
        assert_eq!(settings.shipments.shipment_type_label, "Planned shipment");
        assert!(!settings.jobs.wait_for_approve);
        assert!(!settings.alerts.daily_digest);
        assert_eq!(settings.alerts.digest_hour, 7);
        assert_eq!(settings.alerts.failing_attempts_before_alert, 5);
        assert!(!settings.alerts.keeps_failing_after(4));
        assert!(settings.alerts.keeps_failing_after(5));
    }

    #[test]
    fn site_overrides_beat_global_values() {
        let settings = full_settings();
        assert_eq!(settings.promise_date_days(" acme store "), 7);
        assert_eq!(settings.job_type("Acme Store"), 3);
        assert_eq!(
            settings.job_description_template("Acme Store"),
            "{OrderNumber} for Acme"
        );
        assert_eq!(settings.promise_date_days("Other"), 5);
        assert_eq!(settings.job_type("Other"), 10);
        assert_eq!(
            settings.job_description_template("Other"),
            "{SiteName} #{OrderNumber}"
        );
    }

    #[test]
    fn po_fallback_is_written_readably() {
        let text = full_settings().to_toml().unwrap();
        assert!(text.contains("fixed = \"9999\""), "{text}");
        let default = Settings::default().to_toml().unwrap();
        assert!(
            default.contains("po_fallback = \"order_number\""),
            "{default}"
        );
    }

    #[test]
    fn contact_match_is_written_readably_and_an_unknown_value_is_refused() {
        let text = full_settings().to_toml().unwrap();
        assert!(text.contains("contact_match = \"email\""), "{text}");
        let default = Settings::default().to_toml().unwrap();
        assert!(
            default.contains("contact_match = \"email_address_phone\""),
            "{default}"
        );
        let error = Settings::from_toml("[customers]\ncontact_match = \"phone\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("contact_match")
                && error.contains("email_address_phone")
                && error.contains("phone"),
            "{error}"
        );
    }

    #[test]
    fn a_password_in_the_file_is_refused() {
        let error = Settings::from_toml("[pace]\nlogin = \"api\"\npassword = \"secret\"\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("password"), "{error}");
    }

    #[test]
    fn load_reports_the_file_and_the_problem() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        std::fs::write(&path, "[jobs]\npromise_date_days = \"soon\"\n").unwrap();
        let error = Settings::load(&path).unwrap_err().to_string();
        assert!(
            error.contains("settings.toml") && error.contains("promise_date_days"),
            "{error}"
        );
        let missing = Settings::load(&dir.path().join("nope.toml")).unwrap_err();
        assert!(matches!(
            missing,
            SettingsFileError::Io { action: "read", .. }
        ));
    }
}

//! The Settings screen: the settings as JSON with their JSON Schema (generated from the
//! [`Settings`] types, so every parameter's help text is its doc comment, written once),
//! which passwords are stored (never the passwords), problems by field path, the rule editors
//! ("validated as you type", "try this rule on order N") and connection tests.

use crate::plan::fields::job_shipment;
use crate::plan::{FieldValue, PaceObject, PlanStep};
use crate::rules::{AccountRules, SiteRuleSource, SiteRules};
use crate::secrets::{Account, SecretStore};
use crate::service::{Check, CheckOutcome, Preview};
use crate::settings::{Settings, SettingsProblem};
use pressero::order::Order;
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

/// Whether a password is stored for each account (never the password itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct PasswordsSet {
    /// The Pace password.
    pub pace: bool,
    /// The Pressero password.
    pub pressero: bool,
    /// The mail server password.
    pub smtp: bool,
}

impl PasswordsSet {
    /// What `secrets` holds; an account the store cannot read counts as not set.
    pub fn read(secrets: &dyn SecretStore) -> Self {
        let stored = |account| matches!(secrets.get(account), Ok(Some(_)));
        PasswordsSet {
            pace: stored(Account::Pace),
            pressero: stored(Account::Pressero),
            smtp: stored(Account::Smtp),
        }
    }
}

/// The Settings screen's content.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    /// The settings, in the settings file's own (snake_case) shape.
    #[ts(type = "unknown")]
    pub settings: serde_json::Value,
    /// Their JSON Schema (2020-12): structure, choices, defaults and help texts.
    #[ts(type = "unknown")]
    pub schema: serde_json::Value,
    /// Which passwords are stored.
    pub passwords: PasswordsSet,
    /// The settings file.
    pub settings_path: String,
}

impl SettingsView {
    /// The view of `settings` stored at `path`, with the passwords `secrets` holds.
    pub fn new(settings: &Settings, path: &Path, secrets: &dyn SecretStore) -> Self {
        SettingsView {
            settings: serde_json::to_value(settings).unwrap_or_default(),
            schema: settings_schema(),
            passwords: PasswordsSet::read(secrets),
            settings_path: path.display().to_string(),
        }
    }
}

/// The JSON Schema of [`Settings`]: every parameter with its type, default and help text.
pub fn settings_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Settings)).unwrap_or_default()
}

/// A storefront the app has seen orders of, and whether its orders go to Pace (the Settings
/// screen lists them so a shop switches storefronts on without typing their names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StorefrontView {
    /// The Pressero site name.
    pub site_name: String,
    /// Its Integration ID in its newest order (the Pace customer id of its orders, when set).
    pub integration_id: String,
    /// How many of its orders the app knows.
    pub orders: u64,
    /// Whether its orders go to Pace with the settings in use.
    pub synced: bool,
}

impl StorefrontView {
    /// The storefronts `store` has orders of, switched on or off by `settings`.
    pub fn seen(
        store: &crate::store::Store,
        settings: &Settings,
    ) -> Result<Vec<StorefrontView>, crate::store::StoreError> {
        Ok(store
            .storefronts_seen()?
            .into_iter()
            .map(|(site_name, integration_id, orders)| StorefrontView {
                synced: settings.storefronts.syncs(&site_name),
                site_name,
                integration_id,
                orders,
            })
            .collect())
    }

    /// Adds the storefronts `found` in Pressero (site name, Integration ID) that `storefronts`
    /// lacks, and fills in an Integration ID the store did not know; sorted by name.
    pub fn add_found(
        storefronts: &mut Vec<StorefrontView>,
        found: Vec<(String, String)>,
        settings: &Settings,
    ) {
        for (site_name, integration_id) in found {
            let key = site_name.trim().to_lowercase();
            match storefronts
                .iter_mut()
                .find(|known| known.site_name.trim().to_lowercase() == key)
            {
                Some(known) if known.integration_id.trim().is_empty() => {
                    known.integration_id = integration_id;
                }
                Some(_) => {}
                None => storefronts.push(StorefrontView {
                    synced: settings.storefronts.syncs(&site_name),
                    site_name,
                    integration_id,
                    orders: 0,
                }),
            }
        }
        storefronts.sort_by_key(|s| s.site_name.to_lowercase());
    }
}

/// One problem with the settings, where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Problem {
    /// The field, dotted: `customers.csr`, `sites[2].job_type`, `mapping.accounts`.
    pub path: String,
    /// What is wrong and how to put it right.
    pub message: String,
}

impl From<SettingsProblem> for Problem {
    fn from(problem: SettingsProblem) -> Self {
        Problem {
            path: problem.field,
            message: problem.problem,
        }
    }
}

impl Problem {
    /// Settings sent by the window that do not even have the settings' shape (a number where
    /// text belongs …): one problem, at the field serde names where it can.
    pub fn unreadable(error: &serde_json::Error) -> Problem {
        Problem {
            path: String::new(),
            message: format!("the settings could not be read: {error}"),
        }
    }
}

/// A connection test's result line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CheckView {
    /// What was checked.
    pub name: String,
    /// Whether it worked.
    pub ok: bool,
    /// What was seen, or what went wrong.
    pub message: String,
    /// What to do about a failure.
    pub fix: String,
}

impl From<&Check> for CheckView {
    fn from(check: &Check) -> Self {
        match &check.outcome {
            CheckOutcome::Passed { detail } => CheckView {
                name: check.name.clone(),
                ok: true,
                message: detail.clone(),
                fix: String::new(),
            },
            CheckOutcome::Skipped { reason } => CheckView {
                name: check.name.clone(),
                ok: true,
                message: format!("not checked: {reason}"),
                fix: String::new(),
            },
            CheckOutcome::Failed { detail, fix, .. } => CheckView {
                name: check.name.clone(),
                ok: false,
                message: detail.clone(),
                fix: fix.clone(),
            },
        }
    }
}

/// Which rule editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// "Accounts": ship via and account per shipment.
    Accounts,
    /// "Site Mapping Details": per-storefront job options.
    SiteMapping,
}

impl RuleKind {
    /// The settings field the rule text lives in.
    pub fn field(self) -> &'static str {
        match self {
            RuleKind::Accounts => "mapping.accounts",
            RuleKind::SiteMapping => "mapping.site_mapping",
        }
    }

    /// The problems of `text` as this kind of rule (empty when it is valid).
    pub fn validate(self, text: &str) -> Vec<Problem> {
        let problems = match self {
            RuleKind::Accounts => AccountRules::parse(text, self.field()).err(),
            RuleKind::SiteMapping => SiteRules::parse(text, self.field()).err(),
        };
        problems
            .unwrap_or_default()
            .into_iter()
            .map(Problem::from)
            .collect()
    }
}

/// What a rule gives for one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RuleTrial {
    /// Whether the rule text is valid and gave an answer.
    pub ok: bool,
    /// What it gives, a line per shipment (Accounts) or for the storefront (Site Mapping); or
    /// its problems.
    pub lines: Vec<String>,
}

impl RuleTrial {
    /// The problems of a rule text, as a trial that gave no answer.
    pub fn invalid(problems: Vec<Problem>) -> Self {
        RuleTrial {
            ok: false,
            lines: problems
                .into_iter()
                .map(|p| format!("{}: {}", p.path, p.message))
                .collect(),
        }
    }

    /// What the Site Mapping rules `rules` give for `order`'s storefront.
    pub fn site_mapping(rules: &SiteRules, order: &Order) -> Self {
        let site = &order.site.site_name;
        let applied = rules.for_site(site);
        let rule = &applied.rule;
        let from = match applied.source {
            SiteRuleSource::Site => format!("the rule for \"{site}\""),
            SiteRuleSource::DefaultSiteConfiguration => {
                "the DefaultSiteConfiguration rule".to_owned()
            }
            SiteRuleSource::BuiltIn => "no rule: the built-in defaults".to_owned(),
        };
        let yes_no = |flag: bool| if flag { "yes" } else { "no" };
        RuleTrial {
            ok: true,
            lines: vec![
                format!("Order {} from \"{site}\" uses {from}.", order.order_number),
                format!("Job status (adminStatus): {}", rule.admin_status),
                format!(
                    "Prices include tax and shipping: {}",
                    yes_no(rule.include_tax_and_shipping)
                ),
                format!(
                    "Material from the product's materialID: {}",
                    yes_no(rule.add_material_information)
                ),
                format!(
                    "User's name as the job's additional description: {}",
                    yes_no(rule.set_user_to_description)
                ),
            ],
        }
    }

    /// What Accounts rules give, read off the preview of an order planned with them: each
    /// shipment's Ship Via and account, exactly as the sync would send them.
    pub fn accounts(preview: &Preview) -> Self {
        let plan = match preview {
            Preview::Plan { plan, .. } => plan,
            Preview::Skip { reason } => {
                return RuleTrial {
                    ok: true,
                    lines: vec![format!("Nothing would be sent: {reason}")],
                };
            }
            Preview::Blocked { message, .. } => {
                return RuleTrial {
                    ok: false,
                    lines: vec![message.clone()],
                };
            }
        };
        let field = |step: &PlanStep, name: &str| {
            step.fields
                .iter()
                .find(|f| f.name == name)
                .map(|f| match &f.value {
                    FieldValue::Text(text) => text.clone(),
                    FieldValue::Int(number) => number.to_string(),
                    other => format!("{other:?}"),
                })
        };
        let lines: Vec<String> = plan
            .steps
            .iter()
            .filter(|step| step.object == PaceObject::JobShipment)
            .map(|step| {
                let name = field(step, job_shipment::NAME).unwrap_or_default();
                let ship_via =
                    field(step, job_shipment::SHIP_VIA).unwrap_or_else(|| "none".to_owned());
                let account =
                    field(step, job_shipment::ACCOUNT_NUMBER).unwrap_or_else(|| "none".to_owned());
                format!(
                    "Shipment {} ({name}): Ship Via {ship_via}, account {account}",
                    step.reference
                )
            })
            .collect();
        RuleTrial {
            ok: true,
            lines: if lines.is_empty() {
                vec!["The order has no shipment.".to_owned()]
            } else {
                lines
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{Storefront, StorefrontSettings};

    #[test]
    fn storefronts_found_in_pressero_join_those_the_store_knows() {
        let mut settings = Settings {
            storefronts: StorefrontSettings::new_installation(),
            ..Settings::default()
        };
        settings.storefronts.list.push(Storefront {
            site_name: "Acme Store".into(),
            integration_id: String::new(),
            sync: true,
        });
        let mut storefronts = vec![StorefrontView {
            site_name: "Public Shop".into(),
            integration_id: String::new(),
            orders: 3,
            synced: false,
        }];
        StorefrontView::add_found(
            &mut storefronts,
            vec![
                ("public shop".into(), "PUBLIC".into()),
                ("Acme Store".into(), "ACME".into()),
            ],
            &settings,
        );
        let rows: Vec<_> = storefronts
            .iter()
            .map(|s| {
                (
                    s.site_name.as_str(),
                    s.integration_id.as_str(),
                    s.orders,
                    s.synced,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("Acme Store", "ACME", 0, true),
                ("Public Shop", "PUBLIC", 3, false),
            ]
        );
    }
}

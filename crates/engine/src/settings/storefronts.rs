//! Which storefronts' orders go to Pace: the first document's per-site switch ("To Enable
//! Integration for a Site": Site > Embedded Services > "Enable Service Integration").
//!
//! # Defaults
//!
//! - **An existing settings file without `[storefronts]`** syncs every storefront, as it did
//!   before the switch existed. Anything else would silently stop a shop's orders on the day it
//!   upgrades: nothing would fail, orders would just stop reaching Pace.
//! - **A new installation** ([`super::Settings::new_installation`], what the desktop app's
//!   first run starts from) syncs only the storefronts switched on, and none is on yet: the
//!   first document makes the integration something a shop enables per site, and a new
//!   installation pointed at a live Pressero must not start sending every storefront's orders
//!   before anyone chose. Until storefronts are switched on, each order shows as Skipped with
//!   the reason and the fix (switch the storefront on, then Push).

use super::same_name;
use serde::{Deserialize, Serialize};

/// Which storefronts are synced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StorefrontSettings {
    /// Which storefronts' orders go to Pace: `every_storefront` (all of them except those listed
    /// below with `sync = false`) or `only_listed` (only those listed below with `sync = true`).
    /// A settings file written before this setting existed syncs every storefront.
    pub sync: StorefrontSync,
    /// The storefronts, by their Pressero site name (as Pressero's site list and each order show
    /// it), each switched on or off.
    pub list: Vec<Storefront>,
}

/// Whether storefronts not in the list are synced.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum StorefrontSync {
    /// Every storefront, except those listed with `sync = false`. What a settings file without
    /// this setting means.
    #[default]
    EveryStorefront,
    /// Only the storefronts listed with `sync = true` (first document: "To Enable Integration
    /// for a Site"). What a new installation starts with.
    OnlyListed,
}

/// One storefront and its switch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Storefront {
    /// The Pressero site name (`SiteName`), compared without regard to case or surrounding
    /// spaces.
    pub site_name: String,
    /// The storefront's Integration ID as last seen in Pressero (the Pace customer id of its
    /// orders, when set); for reference only, Pressero's value is what is used.
    pub integration_id: String,
    /// Whether this storefront's orders go to Pace.
    pub sync: bool,
}

impl Default for Storefront {
    fn default() -> Self {
        Self {
            site_name: String::new(),
            integration_id: String::new(),
            sync: true,
        }
    }
}

impl StorefrontSettings {
    /// What a new installation starts with: only listed storefronts, none listed yet.
    pub fn new_installation() -> Self {
        Self {
            sync: StorefrontSync::OnlyListed,
            list: Vec::new(),
        }
    }

    /// The list entry for `site_name`, if any.
    pub fn entry(&self, site_name: &str) -> Option<&Storefront> {
        self.list
            .iter()
            .find(|s| same_name(&s.site_name, site_name))
    }

    /// Whether orders of `site_name` go to Pace.
    pub fn syncs(&self, site_name: &str) -> bool {
        match (self.sync, self.entry(site_name)) {
            (_, Some(entry)) => entry.sync,
            (StorefrontSync::EveryStorefront, None) => true,
            (StorefrontSync::OnlyListed, None) => false,
        }
    }

    /// Why orders of `site_name` are not synced, in staff's words; `None` when they are.
    pub fn skip_reason(&self, site_name: &str) -> Option<String> {
        if self.syncs(site_name) {
            return None;
        }
        let name = site_name.trim();
        Some(match self.entry(site_name) {
            Some(_) => format!(
                "the storefront \"{name}\" is switched off (storefronts.list: sync = false); switch it on in the settings and push the order to send it"
            ),
            None => format!(
                "the storefront \"{name}\" is not switched on (storefronts.sync = only_listed and it is not in storefronts.list); add it with sync = true and push the order to send it"
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn a_file_without_the_switch_syncs_every_storefront() {
        let settings = Settings::from_toml("").unwrap();
        assert!(settings.storefronts.syncs("Any Store"));
        assert_eq!(settings.storefronts.skip_reason("Any Store"), None);
    }

    #[test]
    fn a_new_installation_syncs_only_what_is_switched_on() {
        let mut storefronts = StorefrontSettings::new_installation();
        assert!(!storefronts.syncs("Acme Store"));
        storefronts.list.push(Storefront {
            site_name: "Acme Store".into(),
            integration_id: "ACME".into(),
            sync: true,
        });
        assert!(storefronts.syncs(" acme store "));
        assert!(!storefronts.syncs("Public Shop"));
        let reason = storefronts.skip_reason("Public Shop").unwrap();
        assert!(
            reason.contains("Public Shop") && reason.contains("storefronts.list"),
            "{reason}"
        );
    }

    #[test]
    fn a_listed_storefront_switched_off_is_skipped_even_when_every_other_is_synced() {
        let settings = Settings::from_toml(
            "[storefronts]\n[[storefronts.list]]\nsite_name = \"Public Shop\"\nsync = false\n",
        )
        .unwrap();
        assert!(!settings.storefronts.syncs("Public Shop"));
        assert!(settings.storefronts.syncs("Acme Store"));
        assert!(
            settings
                .storefronts
                .skip_reason("Public Shop")
                .unwrap()
                .contains("switched off")
        );
    }
}

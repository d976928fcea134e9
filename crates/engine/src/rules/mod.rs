//! The specification's two JSON mapping parameters: the Accounts rules (ship via and account
//! number of each shipment) and the Site Mapping rules (job status, prices, materials,
//! description per site). Both are parsed from the JSON text a shop pastes, in exactly the
//! documents' formats, and every problem is reported with its field path.

pub mod accounts;
mod json;
pub mod site;

pub use accounts::{AccountMatch, AccountRule, AccountRuleKind, AccountRules, MethodMatch};
pub use site::{AppliedSiteRule, SiteRule, SiteRuleSource, SiteRules};

use crate::settings::{MappingSettings, SettingsProblem};

/// Both rule sets, parsed and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct MappingRules {
    /// The Accounts rules, highest priority first.
    pub accounts: AccountRules,
    /// The Site Mapping rules.
    pub sites: SiteRules,
}

impl MappingRules {
    /// Parses both parameters; every problem of both is returned at once.
    pub fn from_settings(mapping: &MappingSettings) -> Result<Self, Vec<SettingsProblem>> {
        let accounts = AccountRules::parse(&mapping.accounts, "mapping.accounts");
        let sites = SiteRules::parse(&mapping.site_mapping, "mapping.site_mapping");
        match (accounts, sites) {
            (Ok(accounts), Ok(sites)) => Ok(Self { accounts, sites }),
            (accounts, sites) => Err(accounts
                .err()
                .into_iter()
                .flatten()
                .chain(sites.err().into_iter().flatten())
                .collect()),
        }
    }
}

//! The "Site Mapping Details" parameter: per-site job status, price composition, materials and
//! additional description.
//!
//! A JSON array of rules `{siteName, adminStatus, includeTaxAndShipping, addMaterialInformation,
//! setUserToDescription}`. The rule named like the order's site applies (trimmed,
//! case-insensitive); else the `DefaultSiteConfiguration` rule; else the built-in defaults
//! (`adminStatus` "0", everything else false), as the first document states them.

use super::json;
use crate::settings::{SettingsProblem, same_name};
use serde::{Deserialize, Serialize};

/// The site name of the rule that applies to every site without a rule of its own.
pub const DEFAULT_SITE_CONFIGURATION: &str = "DefaultSiteConfiguration";

/// The job status of the built-in defaults (first document: `Default is "0" (New)`).
pub const BUILT_IN_ADMIN_STATUS: &str = "0";

const KNOWN_KEYS: &[&str] = &[
    "siteName",
    "adminStatus",
    "includeTaxAndShipping",
    "addMaterialInformation",
    "setUserToDescription",
];

/// One Site Mapping rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteRule {
    /// The Pressero site name, or `DefaultSiteConfiguration`.
    pub site_name: String,
    /// The Pace job status (JobStatus id) for the job.
    pub admin_status: String,
    /// Prices include tax and shipping.
    pub include_tax_and_shipping: bool,
    /// Parts get a material from the product's `materialID` attribute.
    pub add_material_information: bool,
    /// The job's additional description is the site user's name.
    pub set_user_to_description: bool,
}

/// Which rule applied to a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SiteRuleSource {
    /// The site's own rule.
    Site,
    /// The `DefaultSiteConfiguration` rule.
    DefaultSiteConfiguration,
    /// No rule: the built-in defaults.
    BuiltIn,
}

/// The rule that applies to a site, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedSiteRule {
    /// The rule's values.
    pub rule: SiteRule,
    /// Where they came from.
    pub source: SiteRuleSource,
}

/// The Site Mapping rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteRules {
    rules: Vec<SiteRule>,
}

impl SiteRules {
    /// Parses the parameter text (blank = no rules); `field` is the settings path for problems.
    pub fn parse(text: &str, field: &str) -> Result<Self, Vec<SettingsProblem>> {
        let mut problems = Vec::new();
        let mut rules: Vec<(String, SiteRule)> = Vec::new();
        for (path, object) in json::rule_objects(text, field, &mut problems) {
            json::check_known_keys(&object, &path, KNOWN_KEYS, &mut problems);
            let site_name = json::text(&object, &path, "siteName", &mut problems);
            let admin_status = match object.get("adminStatus") {
                None => Some(BUILT_IN_ADMIN_STATUS.to_owned()),
                Some(_) => {
                    let status = json::text(&object, &path, "adminStatus", &mut problems);
                    if status.is_none() {
                        problems.push(SettingsProblem::new(
                            &format!("{path}.adminStatus"),
                            "is blank; give a Pace job status code such as \"O\", or leave the property out",
                        ));
                    }
                    status
                }
            };
            let include_tax_and_shipping =
                json::flag(&object, &path, "includeTaxAndShipping", &mut problems);
            let add_material_information =
                json::flag(&object, &path, "addMaterialInformation", &mut problems);
            let set_user_to_description =
                json::flag(&object, &path, "setUserToDescription", &mut problems);
            let Some(site_name) = site_name else {
                problems.push(SettingsProblem::new(
                    &format!("{path}.siteName"),
                    format!(
                        "is missing; give the Pressero site name, or {DEFAULT_SITE_CONFIGURATION}"
                    ),
                ));
                continue;
            };
            if let Some((earlier, _)) = rules
                .iter()
                .find(|(_, r)| same_name(&r.site_name, &site_name))
            {
                problems.push(SettingsProblem::new(
                    &format!("{path}.siteName"),
                    format!("\"{site_name}\" already has a rule ({earlier}); keep only one rule per site"),
                ));
                continue;
            }
            if let Some(admin_status) = admin_status {
                rules.push((
                    path,
                    SiteRule {
                        site_name,
                        admin_status,
                        include_tax_and_shipping,
                        add_material_information,
                        set_user_to_description,
                    },
                ));
            }
        }
        if problems.is_empty() {
            Ok(Self {
                rules: rules.into_iter().map(|(_, rule)| rule).collect(),
            })
        } else {
            Err(problems)
        }
    }

    /// The rules as written.
    pub fn rules(&self) -> &[SiteRule] {
        &self.rules
    }

    /// The rule for `site_name`: its own, else `DefaultSiteConfiguration`, else built-in defaults.
    pub fn for_site(&self, site_name: &str) -> AppliedSiteRule {
        let named = |name: &str| {
            self.rules
                .iter()
                .find(|r| same_name(&r.site_name, name))
                .cloned()
        };
        if let Some(rule) = named(site_name) {
            return AppliedSiteRule {
                rule,
                source: SiteRuleSource::Site,
            };
        }
        if let Some(rule) = named(DEFAULT_SITE_CONFIGURATION) {
            return AppliedSiteRule {
                rule,
                source: SiteRuleSource::DefaultSiteConfiguration,
            };
        }
        AppliedSiteRule {
            rule: SiteRule {
                site_name: DEFAULT_SITE_CONFIGURATION.to_owned(),
                admin_status: BUILT_IN_ADMIN_STATUS.to_owned(),
                include_tax_and_shipping: false,
                add_material_information: false,
                set_user_to_description: false,
            },
            source: SiteRuleSource::BuiltIn,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    /// The first document's example, verbatim.
    const SPEC_EXAMPLE: &str = r#"[
{
"siteName":"DefaultSiteConfiguration",
"adminStatus":"O",
"includeTaxAndShipping":true,
"addMaterialInformation":false,
"setUserToDescription":false
},
{
"siteName":"Some Site name",
"adminStatus":"a",
"includeTaxAndShipping":true,
"addMaterialInformation":true,
"setUserToDescription":true
}
]"#;

    fn single_problem(text: &str) -> SettingsProblem {
        let mut all = SiteRules::parse(text, "mapping.site_mapping").unwrap_err();
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    #[test]
    fn the_spec_example_parses() {
        let rules = SiteRules::parse(SPEC_EXAMPLE, "mapping.site_mapping").unwrap();
        assert_eq!(rules.rules().len(), 2);
        assert_eq!(rules.rules()[0].admin_status, "O");
        assert_eq!(rules.rules()[1].admin_status, "a");
    }

    #[test]
    fn the_sites_own_rule_wins() {
        let rules = SiteRules::parse(SPEC_EXAMPLE, "mapping.site_mapping").unwrap();
        let applied = rules.for_site("some site NAME ");
        assert_eq!(applied.source, SiteRuleSource::Site);
        assert_eq!(applied.rule.admin_status, "a");
        assert!(applied.rule.add_material_information && applied.rule.set_user_to_description);
    }

    #[test]
    fn other_sites_get_the_default_site_configuration() {
        let rules = SiteRules::parse(SPEC_EXAMPLE, "mapping.site_mapping").unwrap();
        let applied = rules.for_site("Acme");
        assert_eq!(applied.source, SiteRuleSource::DefaultSiteConfiguration);
        assert_eq!(applied.rule.admin_status, "O");
        assert!(applied.rule.include_tax_and_shipping && !applied.rule.set_user_to_description);
    }

    #[test]
    fn no_rules_gives_the_built_in_defaults() {
        let applied = SiteRules::default().for_site("Acme");
        assert_eq!(applied.source, SiteRuleSource::BuiltIn);
        assert_eq!(applied.rule.admin_status, "0");
        assert!(!applied.rule.include_tax_and_shipping);
    }

    #[test]
    fn missing_admin_status_means_the_built_in_one_and_keys_are_trimmed() {
        let rules = SiteRules::parse(
            r#"[{"siteName":"A"," includeTaxAndShipping ":true}]"#,
            "mapping.site_mapping",
        )
        .unwrap();
        assert_eq!(rules.rules()[0].admin_status, "0");
        assert!(rules.rules()[0].include_tax_and_shipping);
    }

    #[test]
    fn error_two_rules_for_the_same_site() {
        let problem =
            single_problem(r#"[{"siteName":"Acme"},{"siteName":"Other"},{"siteName":" acme "}]"#);
        assert_eq!(problem.field, "mapping.site_mapping[2].siteName");
        assert!(
            problem.problem.contains("mapping.site_mapping[0]"),
            "{problem}"
        );
    }

    #[test]
    fn error_missing_site_name() {
        let problem = single_problem(r#"[{"adminStatus":"O"}]"#);
        assert_eq!(problem.field, "mapping.site_mapping[0].siteName");
    }

    #[test]
    fn error_blank_admin_status() {
        let problem = single_problem(r#"[{"siteName":"A","adminStatus":"  "}]"#);
        assert_eq!(problem.field, "mapping.site_mapping[0].adminStatus");
    }

    #[test]
    fn error_flag_that_is_not_true_or_false() {
        let problem = single_problem(r#"[{"siteName":"A","includeTaxAndShipping":"yes"}]"#);
        assert_eq!(
            problem.field,
            "mapping.site_mapping[0].includeTaxAndShipping"
        );
        assert!(problem.problem.contains("true or false"));
    }

    #[test]
    fn error_unknown_property() {
        let problem = single_problem(r#"[{"siteName":"A","adminstatus":"O"}]"#);
        assert_eq!(problem.field, "mapping.site_mapping[0].adminstatus");
    }

    #[test]
    fn error_property_without_a_name() {
        // Found by fuzzing: the path was "mapping.site_mapping[0]." (a blank key).
        let problem = single_problem(r#"[{"siteName":"A"," ":"O"}]"#);
        assert_eq!(problem.field, "mapping.site_mapping[0]");
        assert!(problem.problem.contains("without a name"), "{problem}");
    }
}

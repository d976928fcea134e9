//! The "Accounts" mapping parameter: which Pace ship via and account number a shipment gets.
//!
//! The parameter is a JSON array of rules, each with `rule_type`, `priority` (100 is the highest),
//! and optionally `source_site`, `source_method`, `source_address`, `ship_via`, `account`. Rules
//! are tried from the highest priority down (equal priorities in the order written) and the
//! first one that matches wins:
//!
//! - `DefaultMapping`: always matches (within its `source_site`).
//! - `ShipmentMethodMapping`: with `source_method` = `MatchByName`, the Pace ship via whose
//!   description equals the Pressero shipping method name (case-insensitive; active ones only);
//!   the rule does not match when Pace has no such ship via. Otherwise the Pressero shipping
//!   method must equal `source_method` (trimmed, case-insensitive) and `ship_via` is used.
//! - `ShipmentAddressMapping`: the values of `source_address` are compared, in order, with the
//!   shipment's Address1, Address2, City, State and Postal code (trimmed, case-insensitive); a
//!   blank value matches anything, and a shorter list compares only the first segments.
//!
//! `source_site` restricts any rule type to orders of that site. All values are trimmed (the first
//! document's example has `" XXX123"`).

use super::json;
use crate::plan::ShipViaFact;
use crate::settings::{SettingsProblem, same_name};
use pressero::order::Address;
use serde::{Deserialize, Serialize};

const KNOWN_KEYS: &[&str] = &[
    "rule_type",
    "priority",
    "source_site",
    "source_method",
    "source_address",
    "ship_via",
    "account",
];

/// The `source_method` value that matches Pace ship vias by the shipping method's name.
pub const MATCH_BY_NAME: &str = "MatchByName";

/// How many address segments `source_address` can compare.
const ADDRESS_SEGMENTS: usize = 5;

/// One Accounts rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRule {
    /// Where the rule was written in the array (0-based), for messages.
    pub position: usize,
    /// The rule type and what it compares.
    pub kind: AccountRuleKind,
    /// Priority: higher numbers are tried first.
    pub priority: i64,
    /// Only orders of this site, when set.
    pub source_site: Option<String>,
    /// Pace ship via id to use.
    pub ship_via: Option<i64>,
    /// Account number to use (trimmed).
    pub account: Option<String>,
}

/// What an Accounts rule compares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountRuleKind {
    /// `DefaultMapping`.
    Default,
    /// `ShipmentMethodMapping`.
    ShipmentMethod(MethodMatch),
    /// `ShipmentAddressMapping` with the `source_address` values (trimmed).
    ShipmentAddress(Vec<String>),
}

/// How a `ShipmentMethodMapping` rule matches the shipping method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MethodMatch {
    /// `MatchByName`: the Pace ship via with the same description.
    ByName,
    /// This Pressero shipping method name.
    Named(String),
}

/// The outcome of the Accounts rules for one shipment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountMatch {
    /// The rule that matched (0-based position in the array).
    pub rule_position: usize,
    /// Pace ship via id, if the rule gives one.
    pub ship_via: Option<i64>,
    /// Account number, if the rule gives one.
    pub account: Option<String>,
}

/// The Accounts rules, sorted highest priority first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountRules {
    rules: Vec<AccountRule>,
}

impl AccountRules {
    /// Parses the parameter text (blank = no rules). `field` is the settings path used in
    /// problems, e.g. `mapping.accounts`.
    pub fn parse(text: &str, field: &str) -> Result<Self, Vec<SettingsProblem>> {
        let mut problems = Vec::new();
        let mut rules = Vec::new();
        for (position, (path, object)) in json::rule_objects(text, field, &mut problems)
            .into_iter()
            .enumerate()
        {
            json::check_known_keys(&object, &path, KNOWN_KEYS, &mut problems);
            if let Some(rule) = parse_rule(position, &path, &object, &mut problems) {
                rules.push(rule);
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // Stable sort: equal priorities keep the order they were written in.
        rules.sort_by_key(|rule| std::cmp::Reverse(rule.priority));
        Ok(Self { rules })
    }

    /// Whether there are no rules at all.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rules, highest priority first.
    pub fn rules(&self) -> &[AccountRule] {
        &self.rules
    }

    /// The first rule (by priority) that matches a shipment of `site_name` sent by
    /// `shipping_method` to `ship_to`.
    pub fn find(
        &self,
        site_name: &str,
        shipping_method: &str,
        ship_to: &Address,
        ship_vias: &[ShipViaFact],
    ) -> Option<AccountMatch> {
        self.rules.iter().find_map(|rule| {
            if let Some(site) = &rule.source_site
                && !same_name(site, site_name)
            {
                return None;
            }
            let ship_via = match &rule.kind {
                AccountRuleKind::Default => rule.ship_via,
                AccountRuleKind::ShipmentMethod(MethodMatch::ByName) => {
                    let by_name = ship_vias
                        .iter()
                        .find(|v| v.active && same_name(&v.description, shipping_method))?;
                    Some(by_name.id)
                }
                AccountRuleKind::ShipmentMethod(MethodMatch::Named(method)) => {
                    if !same_name(method, shipping_method) {
                        return None;
                    }
                    rule.ship_via
                }
                AccountRuleKind::ShipmentAddress(values) => {
                    if !address_matches(values, ship_to) {
                        return None;
                    }
                    rule.ship_via
                }
            };
            Some(AccountMatch {
                rule_position: rule.position,
                ship_via,
                account: rule.account.clone(),
            })
        })
    }
}

/// Compares `values` in order with Address1, Address2, City, State, Postal; a blank value
/// matches anything (so `["", "", "Dallas", "TX"]` matches every Dallas, TX address).
fn address_matches(values: &[String], ship_to: &Address) -> bool {
    let segments = [
        &ship_to.address1,
        &ship_to.address2,
        &ship_to.city,
        &ship_to.state_province,
        &ship_to.postal,
    ];
    values
        .iter()
        .zip(segments)
        .all(|(value, segment)| value.is_empty() || same_name(value, segment))
}

fn parse_rule(
    position: usize,
    path: &str,
    object: &serde_json::Map<String, serde_json::Value>,
    problems: &mut Vec<SettingsProblem>,
) -> Option<AccountRule> {
    let before = problems.len();
    let priority = match object.get("priority") {
        None => {
            problems.push(SettingsProblem::new(
                &format!("{path}.priority"),
                "is missing; give a number (100 is the highest priority)",
            ));
            None
        }
        Some(_) => json::whole_number(object, path, "priority", "100 is the highest", problems),
    };
    let source_site = json::text(object, path, "source_site", problems);
    let account = json::text(object, path, "account", problems);
    let ship_via = json::text(object, path, "ship_via", problems).and_then(|text| {
        let id = text.parse::<i64>().ok().filter(|id| *id > 0);
        if id.is_none() {
            problems.push(SettingsProblem::new(
                &format!("{path}.ship_via"),
                format!("must be the number of a Pace Ship Via, not \"{text}\""),
            ));
        }
        id
    });
    // A ship_via given but wrong is reported once, not also as missing.
    let ship_via_given = object.get("ship_via").is_some_and(|v| !v.is_null());
    let source_method = json::text(object, path, "source_method", problems);
    let kind = match json::text(object, path, "rule_type", problems).as_deref() {
        Some("DefaultMapping") => {
            require_result(path, ship_via_given || account.is_some(), problems);
            Some(AccountRuleKind::Default)
        }
        Some("ShipmentMethodMapping") => match source_method {
            None => {
                problems.push(SettingsProblem::new(
                    &format!("{path}.source_method"),
                    "is missing; give a Pressero shipping method name, or MatchByName",
                ));
                None
            }
            Some(method) if method == MATCH_BY_NAME => {
                Some(AccountRuleKind::ShipmentMethod(MethodMatch::ByName))
            }
            Some(method) => {
                if !ship_via_given {
                    problems.push(SettingsProblem::new(
                        &format!("{path}.ship_via"),
                        format!("is missing; say which Pace Ship Via \"{method}\" maps to"),
                    ));
                }
                Some(AccountRuleKind::ShipmentMethod(MethodMatch::Named(method)))
            }
        },
        Some("ShipmentAddressMapping") => {
            require_result(path, ship_via_given || account.is_some(), problems);
            source_address(object, path, problems).map(AccountRuleKind::ShipmentAddress)
        }
        Some(other) => {
            problems.push(SettingsProblem::new(
                &format!("{path}.rule_type"),
                format!(
                    "\"{other}\" is not a rule type; use DefaultMapping, ShipmentMethodMapping or ShipmentAddressMapping"
                ),
            ));
            None
        }
        None => {
            problems.push(SettingsProblem::new(
                &format!("{path}.rule_type"),
                "is missing; use DefaultMapping, ShipmentMethodMapping or ShipmentAddressMapping",
            ));
            None
        }
    };
    if problems.len() > before {
        return None;
    }
    Some(AccountRule {
        position,
        kind: kind?,
        priority: priority?,
        source_site,
        ship_via,
        account,
    })
}

fn require_result(path: &str, has_result: bool, problems: &mut Vec<SettingsProblem>) {
    if !has_result {
        problems.push(SettingsProblem::new(
            path,
            "gives neither ship_via nor account, so it would change nothing",
        ));
    }
}

fn source_address(
    object: &serde_json::Map<String, serde_json::Value>,
    path: &str,
    problems: &mut Vec<SettingsProblem>,
) -> Option<Vec<String>> {
    let field = format!("{path}.source_address");
    let usage =
        "a list like [\"Address1\", \"Address2\", \"City\", \"State code\", \"Postal code\"]";
    let Some(value) = object.get("source_address") else {
        problems.push(SettingsProblem::new(
            &field,
            format!("is missing; a ShipmentAddressMapping rule needs {usage}"),
        ));
        return None;
    };
    let values: Option<Vec<String>> = value.as_array().and_then(|entries| {
        entries
            .iter()
            .map(|v| v.as_str().map(|s| s.trim().to_owned()))
            .collect()
    });
    match values {
        Some(values) if values.is_empty() || values.iter().all(String::is_empty) => {
            problems.push(SettingsProblem::new(
                &field,
                format!("is empty; give {usage}"),
            ));
            None
        }
        Some(values) if values.len() > ADDRESS_SEGMENTS => {
            problems.push(SettingsProblem::new(
                &field,
                format!(
                    "has {} values but only {ADDRESS_SEGMENTS} address parts can be compared: {usage}",
                    values.len()
                ),
            ));
            None
        }
        Some(values) => Some(values),
        None => {
            problems.push(SettingsProblem::new(
                &field,
                format!("must be {usage} (texts in double quotes)"),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    /// The first document's example, verbatim.
    pub(crate) const SPEC_EXAMPLE: &str = r#"[
{
"rule_type":"ShipmentMethodMapping",
"priority":5,
"source_method":"MatchByName"
},
{
"rule_type":"ShipmentMethodMapping",
"priority":10,
"source_method":"Customer Pickup",
"ship_via":"1"
},
{
"rule_type":"DefaultMapping",
"priority":50,
"source_site":"Some Site",
"ship_via":"2",
"account":"XXX123"
},
{
"rule_type":"ShipmentAddressMapping",
"priority":100,
"source_address":[
"Address1",
"Address2",
"City",
"State code",
"Postal code"
],
"ship_via":"3",
"account":" XXX123"
}
]"#;

    fn ship_vias() -> Vec<ShipViaFact> {
        vec![
            ShipViaFact {
                id: 7,
                description: "UPS Ground".into(),
                active: true,
            },
            ShipViaFact {
                id: 8,
                description: "FedEx Overnight".into(),
                active: false,
            },
        ]
    }

    fn address(address1: &str, city: &str) -> Address {
        Address {
            address1: address1.into(),
            city: city.into(),
            state_province: "TX".into(),
            postal: "75001".into(),
            ..Address::default()
        }
    }

    fn problems(text: &str) -> Vec<SettingsProblem> {
        AccountRules::parse(text, "mapping.accounts").unwrap_err()
    }

    fn single_problem(text: &str) -> SettingsProblem {
        let mut all = problems(text);
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    #[test]
    fn the_spec_example_parses_sorted_by_priority_with_trimmed_values() {
        let rules = AccountRules::parse(SPEC_EXAMPLE, "mapping.accounts").unwrap();
        let priorities: Vec<i64> = rules.rules().iter().map(|r| r.priority).collect();
        assert_eq!(priorities, vec![100, 50, 10, 5]);
        let address_rule = &rules.rules()[0];
        assert_eq!(address_rule.account.as_deref(), Some("XXX123"));
        assert_eq!(address_rule.ship_via, Some(3));
        assert_eq!(
            address_rule.kind,
            AccountRuleKind::ShipmentAddress(vec![
                "Address1".into(),
                "Address2".into(),
                "City".into(),
                "State code".into(),
                "Postal code".into()
            ])
        );
        assert_eq!(
            rules.rules()[3].kind,
            AccountRuleKind::ShipmentMethod(MethodMatch::ByName)
        );
    }

    #[test]
    fn spec_example_address_rule_wins_when_the_address_matches() {
        let rules = AccountRules::parse(SPEC_EXAMPLE, "mapping.accounts").unwrap();
        let ship_to = Address {
            address1: " address1 ".into(),
            address2: "ADDRESS2".into(),
            city: "City".into(),
            state_province: "state code".into(),
            postal: "Postal code".into(),
            ..Address::default()
        };
        let found = rules
            .find("Other", "UPS Ground", &ship_to, &ship_vias())
            .unwrap();
        assert_eq!(
            found,
            AccountMatch {
                rule_position: 3,
                ship_via: Some(3),
                account: Some("XXX123".into())
            }
        );
    }

    #[test]
    fn default_mapping_applies_only_to_its_site() {
        let rules = AccountRules::parse(SPEC_EXAMPLE, "mapping.accounts").unwrap();
        let ship_to = address("1 Main St", "Dallas");
        let some_site = rules
            .find(" some site", "UPS Ground", &ship_to, &ship_vias())
            .unwrap();
        assert_eq!((some_site.rule_position, some_site.ship_via), (2, Some(2)));
        let other = rules
            .find("Other Site", "UPS Ground", &ship_to, &ship_vias())
            .unwrap();
        assert_eq!(
            (other.rule_position, other.ship_via, other.account),
            (0, Some(7), None)
        );
    }

    #[test]
    fn named_method_beats_match_by_name_by_priority() {
        let rules = AccountRules::parse(SPEC_EXAMPLE, "mapping.accounts").unwrap();
        let found = rules
            .find(
                "Other",
                "customer pickup",
                &address("1 Main St", "Dallas"),
                &ship_vias(),
            )
            .unwrap();
        assert_eq!((found.rule_position, found.ship_via), (1, Some(1)));
    }

    #[test]
    fn match_by_name_skips_inactive_and_unknown_ship_vias() {
        let rules = AccountRules::parse(SPEC_EXAMPLE, "mapping.accounts").unwrap();
        let ship_to = address("1 Main St", "Dallas");
        assert_eq!(
            rules.find("Other", "FedEx Overnight", &ship_to, &ship_vias()),
            None
        );
        assert_eq!(
            rules.find("Other", "Pony Express", &ship_to, &ship_vias()),
            None
        );
    }

    #[test]
    fn source_site_restricts_method_and_address_rules_too() {
        let text = r#"[{"rule_type":"ShipmentMethodMapping","priority":1,"source_site":"A","source_method":"UPS Ground","ship_via":"9"},
                      {"rule_type":"ShipmentAddressMapping","priority":2,"source_site":"A","source_address":["1 Main St"],"account":"ACC"}]"#;
        let rules = AccountRules::parse(text, "mapping.accounts").unwrap();
        let ship_to = address("1 Main St", "Dallas");
        assert_eq!(rules.find("B", "UPS Ground", &ship_to, &[]), None);
        let found = rules.find("A", "UPS Ground", &ship_to, &[]).unwrap();
        assert_eq!(
            (found.ship_via, found.account.as_deref()),
            (None, Some("ACC"))
        );
        let other_address = rules
            .find("A", "UPS Ground", &address("2 Elm", "Dallas"), &[])
            .unwrap();
        assert_eq!(other_address.ship_via, Some(9));
    }

    #[test]
    fn blank_address_values_match_anything() {
        let text = r#"[{"rule_type":"ShipmentAddressMapping","priority":1,"source_address":["", "", "dallas", "TX"],"ship_via":"3"}]"#;
        let rules = AccountRules::parse(text, "mapping.accounts").unwrap();
        assert!(
            rules
                .find("A", "x", &address("1 Main St", "Dallas"), &[])
                .is_some()
        );
        assert!(
            rules
                .find("A", "x", &address("1 Main St", "Austin"), &[])
                .is_none()
        );
    }

    #[test]
    fn equal_priorities_keep_the_written_order() {
        let text = r#"[{"rule_type":"DefaultMapping","priority":1,"ship_via":"4"},
                      {"rule_type":"DefaultMapping","priority":1,"ship_via":"5"}]"#;
        let rules = AccountRules::parse(text, "mapping.accounts").unwrap();
        assert_eq!(
            rules
                .find("A", "x", &Address::default(), &[])
                .unwrap()
                .ship_via,
            Some(4)
        );
    }

    #[test]
    fn blank_text_is_no_rules() {
        assert!(
            AccountRules::parse("  ", "mapping.accounts")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn priority_given_as_text_is_accepted() {
        let rules = AccountRules::parse(
            r#"[{"rule_type":"DefaultMapping","priority":" 20 ","ship_via":2}]"#,
            "mapping.accounts",
        )
        .unwrap();
        assert_eq!(rules.rules()[0].priority, 20);
        assert_eq!(rules.rules()[0].ship_via, Some(2));
    }

    #[test]
    fn error_invalid_json() {
        let problem = single_problem("[{\"rule_type\": }]");
        assert_eq!(problem.field, "mapping.accounts");
        assert!(problem.problem.contains("not valid JSON"), "{problem}");
    }

    #[test]
    fn error_not_an_array() {
        let problem = single_problem(r#"{"rule_type":"DefaultMapping"}"#);
        assert!(problem.problem.contains("JSON array"), "{problem}");
    }

    #[test]
    fn error_entry_not_an_object() {
        let problem = single_problem("[5]");
        assert_eq!(problem.field, "mapping.accounts[0]");
    }

    #[test]
    fn error_unknown_rule_type() {
        let problem = single_problem(r#"[{"rule_type":"ZipMapping","priority":1,"ship_via":"1"}]"#);
        assert_eq!(problem.field, "mapping.accounts[0].rule_type");
        assert!(
            problem
                .problem
                .contains("\"ZipMapping\" is not a rule type"),
            "{problem}"
        );
    }

    #[test]
    fn error_missing_rule_type() {
        let problem = single_problem(r#"[{"priority":1,"ship_via":"1"}]"#);
        assert_eq!(problem.field, "mapping.accounts[0].rule_type");
    }

    #[test]
    fn error_priority_not_a_number() {
        let text = r#"[{"rule_type":"DefaultMapping","priority":1,"ship_via":"1"},
                      {"rule_type":"DefaultMapping","priority":2,"ship_via":"1"},
                      {"rule_type":"DefaultMapping","priority":"high","ship_via":"1"}]"#;
        let problem = single_problem(text);
        assert_eq!(problem.field, "mapping.accounts[2].priority");
        assert!(problem.problem.contains("whole number"), "{problem}");
    }

    #[test]
    fn error_priority_fractional() {
        let problem =
            single_problem(r#"[{"rule_type":"DefaultMapping","priority":1.5,"ship_via":"1"}]"#);
        assert_eq!(problem.field, "mapping.accounts[0].priority");
    }

    #[test]
    fn error_priority_missing() {
        let problem = single_problem(r#"[{"rule_type":"DefaultMapping","ship_via":"1"}]"#);
        assert_eq!(problem.field, "mapping.accounts[0].priority");
        assert!(problem.problem.contains("missing"));
    }

    #[test]
    fn error_ship_via_not_a_number() {
        let problem =
            single_problem(r#"[{"rule_type":"DefaultMapping","priority":1,"ship_via":"UPS"}]"#);
        assert_eq!(problem.field, "mapping.accounts[0].ship_via");
        assert!(problem.problem.contains("\"UPS\""), "{problem}");
    }

    #[test]
    fn error_address_rule_without_source_address() {
        let problem = single_problem(
            r#"[{"rule_type":"ShipmentAddressMapping","priority":1,"ship_via":"3"}]"#,
        );
        assert_eq!(problem.field, "mapping.accounts[0].source_address");
        assert!(problem.problem.contains("missing"), "{problem}");
    }

    #[test]
    fn error_source_address_empty_or_not_texts_or_too_long() {
        for (value, words) in [
            ("[]", "empty"),
            ("\"1 Main St\"", "must be a list"),
            ("[1, 2]", "must be a list"),
            ("[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]", "has 6 values"),
        ] {
            let text = format!(
                r#"[{{"rule_type":"ShipmentAddressMapping","priority":1,"ship_via":"3","source_address":{value}}}]"#
            );
            let problem = single_problem(&text);
            assert_eq!(problem.field, "mapping.accounts[0].source_address");
            assert!(problem.problem.contains(words), "{value}: {problem}");
        }
    }

    #[test]
    fn error_method_rule_without_source_method() {
        let problem = single_problem(
            r#"[{"rule_type":"ShipmentMethodMapping","priority":1,"ship_via":"3"}]"#,
        );
        assert_eq!(problem.field, "mapping.accounts[0].source_method");
    }

    #[test]
    fn error_named_method_rule_without_ship_via() {
        let problem = single_problem(
            r#"[{"rule_type":"ShipmentMethodMapping","priority":1,"source_method":"UPS"}]"#,
        );
        assert_eq!(problem.field, "mapping.accounts[0].ship_via");
    }

    #[test]
    fn error_rule_that_changes_nothing() {
        let problem = single_problem(r#"[{"rule_type":"DefaultMapping","priority":1}]"#);
        assert_eq!(problem.field, "mapping.accounts[0]");
        assert!(problem.problem.contains("neither ship_via nor account"));
    }

    #[test]
    fn error_unknown_property() {
        let problem = single_problem(
            r#"[{"rule_type":"DefaultMapping","priority":1,"ship_via":"1","shipvia":"2"}]"#,
        );
        assert_eq!(problem.field, "mapping.accounts[0].shipvia");
    }

    #[test]
    fn error_property_without_a_name() {
        // Found by fuzzing: a blank key (trimmed to "") gave the path "mapping.accounts[0]."
        // and "is not a known property", which names nothing.
        for key in ["", "  "] {
            let problem = single_problem(&format!(
                r#"[{{"rule_type":"DefaultMapping","priority":1,"ship_via":"1","{key}":"2"}}]"#
            ));
            assert_eq!(problem.field, "mapping.accounts[0]");
            assert!(
                problem.problem.starts_with("has a property without a name"),
                "{problem}"
            );
        }
    }

    #[test]
    fn error_text_property_of_the_wrong_kind() {
        let problem = single_problem(
            r#"[{"rule_type":"DefaultMapping","priority":1,"ship_via":"1","source_site":["A"]}]"#,
        );
        assert_eq!(problem.field, "mapping.accounts[0].source_site");
    }

    #[test]
    fn all_problems_are_returned_at_once() {
        let text = r#"[{"rule_type":"Nope","priority":1,"ship_via":"1"},
                      {"rule_type":"DefaultMapping","priority":"x","ship_via":"1"}]"#;
        let fields: Vec<String> = problems(text).into_iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            vec![
                "mapping.accounts[0].rule_type",
                "mapping.accounts[1].priority"
            ]
        );
    }
}

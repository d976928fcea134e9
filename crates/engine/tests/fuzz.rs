//! Bounded fuzzing of what the engine reads from a shop's own text ("no panic, no hang, a
//! clear error each"), each target for `FUZZ_SECONDS` (default 3 s; `scripts/fuzz.sh 60` for
//! longer), with `fuzz_budget`:
//!
//! - **Settings**: [`Settings::from_toml`], then [`Settings::validate`] on what parses, then
//!   `to_toml` and back. Inputs: structure-aware mutations of real settings files
//!   (`fixtures/settings/golden.toml`, the defaults and a new installation's settings as
//!   written): lines and `[sections]` deleted, duplicated or swapped, values swapped for other
//!   types, spans cut…, with the files' own keys and values as fillers; TOML documents built
//!   from those keys with random values; random text. A parse error must say where (line and
//!   column); every problem of `validate` must have a field path that starts with a settings
//!   section (`jobs.promise_date_days`, `mapping.accounts[2].priority`) and words; settings that
//!   pass must be written and read back unchanged.
//! - **Accounts rules** ([`AccountRules::parse`]) and **Site Mapping rules**
//!   ([`SiteRules::parse`]): mutations of the golden settings' rule arrays and of the rule
//!   examples of the unit tests, arrays of rules built from the documents' property names with
//!   values of every JSON type, and random text. Every problem must name a path under the field
//!   given (`mapping.accounts`, `mapping.accounts[3]`, `mapping.accounts[3].ship_via`: an
//!   existing rule, a non-blank property) and say what is wrong; rules that parse must be in
//!   priority order (Accounts) or one per site (Site Mapping).

use std::collections::BTreeSet;
use std::sync::Arc;

use engine::rules::{AccountRules, SiteRules};
use engine::settings::{Settings, SettingsProblem};
use fuzz_budget::mutate::{self, Mutant};
use proptest::prelude::*;

const GOLDEN: &str = include_str!("../../../fixtures/settings/golden.toml");

/// The settings file's sections: every field path starts with one.
const SECTIONS: &[&str] = &[
    "shop",
    "storefronts",
    "alerts",
    "customers",
    "jobs",
    "holidays",
    "shipments",
    "mapping",
    "sites",
    "status_updates",
    "pressero",
    "pace",
    "smtp",
    "polling",
    "after_sync",
];

/// Rule arrays of the unit tests and the documents (beside the golden file's).
const RULE_SAMPLES: &[&str] = &[
    r#"[{"rule_type":"ShipmentMethodMapping","priority":5,"source_method":"MatchByName"},
        {"rule_type":"ShipmentAddressMapping","priority":100,"source_address":["1 Canyon Rd"],"ship_via":"7","account":" ACC-9 "}]"#,
    r#"[{"rule_type":"DefaultMapping","priority":1,"ship_via":"99"}]"#,
    r#"[{"rule_type":"ShipmentMethodMapping","priority":10,"source_method":"Customer Pickup","ship_via":"7"},
        {"rule_type":"DefaultMapping","priority":1,"ship_via":"7","account":"UPS-123"}]"#,
    r#"[{"siteName":"DefaultSiteConfiguration","adminStatus":"O","includeTaxAndShipping":true,"addMaterialInformation":true}]"#,
    r#"[{"siteName":"Acme Store","adminStatus":"a"}]"#,
    r#"[{" siteName ":"A"},{"siteName":"A"}]"#,
    r#"[{"rule_type":"X","priority":"y"}]"#,
];

const RULE_WORDS: &[&str] = &[
    "\"rule_type\"",
    "\"priority\"",
    "\"source_site\"",
    "\"source_method\"",
    "\"source_address\"",
    "\"ship_via\"",
    "\"account\"",
    "\"DefaultMapping\"",
    "\"ShipmentMethodMapping\"",
    "\"ShipmentAddressMapping\"",
    "\"MatchByName\"",
    "\"siteName\"",
    "\"adminStatus\"",
    "\"includeTaxAndShipping\"",
    "\"addMaterialInformation\"",
    "\"setUserToDescription\"",
    "\"DefaultSiteConfiguration\"",
    "\"Some Site\"",
    "\" \"",
    "100",
    "-100",
    "9223372036854775807",
    "\"12\"",
];

/// The problems' promise: a path, words, no dangling colon.
fn check_problem(problem: &SettingsProblem) -> Result<(), TestCaseError> {
    prop_assert!(!problem.field.trim().is_empty(), "no field: {:?}", problem);
    prop_assert!(
        !problem.problem.trim().is_empty(),
        "no words: {:?}",
        problem
    );
    prop_assert!(
        !problem.problem.trim_end().ends_with(':'),
        "dangling: {:?}",
        problem
    );
    let shown = problem.to_string();
    prop_assert!(shown.contains(&problem.field) && shown.contains(&problem.problem));
    Ok(())
}

/// Each rule's path is `field`, `field[i]` of an existing rule, or `field[i].property...` with a
/// property that is not blank.
fn check_rule_path(field: &str, path: &str, rules: usize) -> Result<(), TestCaseError> {
    prop_assert!(
        path.starts_with(field),
        "{:?} is not under {:?}",
        path,
        field
    );
    let rest = &path[field.len()..];
    if rest.is_empty() {
        return Ok(());
    }
    let Some(inner) = rest.strip_prefix('[') else {
        return Err(TestCaseError::fail(format!(
            "{path:?}: {rest:?} after the field"
        )));
    };
    let Some((index, after)) = inner.split_once(']') else {
        return Err(TestCaseError::fail(format!("{path:?}: unclosed index")));
    };
    let index: usize = index
        .parse()
        .map_err(|_| TestCaseError::fail(format!("{path:?}: index {index:?}")))?;
    prop_assert!(index < rules, "{:?}: rule {} of {}", path, index, rules);
    if after.is_empty() {
        return Ok(());
    }
    let Some(property) = after.strip_prefix('.') else {
        return Err(TestCaseError::fail(format!(
            "{path:?}: {after:?} after the index"
        )));
    };
    prop_assert!(
        !property.trim().is_empty(),
        "{:?} names a blank property",
        path
    );
    Ok(())
}

/// How many entries the text's top-level JSON array has (0 when it is not one).
fn entries(text: &str) -> usize {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Array(items)) => items.len(),
        _ => 0,
    }
}

/// One fuzz input: a mutated real sample, a text built from the samples' own words, or random
/// text.
#[derive(Debug, Clone)]
pub enum Input {
    /// A real sample, mutated.
    Mutant(Mutant),
    /// Built from the samples' keys and values.
    Built(String),
    /// Random text.
    Random(String),
}

impl Input {
    /// The text the parser gets.
    pub fn text(&self) -> &str {
        match self {
            Input::Mutant(m) => &m.text,
            Input::Built(t) | Input::Random(t) => t,
        }
    }
}

#[cfg(test)]
mod settings {
    use super::*;

    pub fn samples() -> Vec<(String, String)> {
        let mut samples = vec![("golden.toml".to_owned(), GOLDEN.to_owned())];
        for (name, settings) in [
            ("defaults", Settings::default()),
            ("new installation", Settings::new_installation()),
        ] {
            samples.push((name.to_owned(), settings.to_toml().expect("writes")));
        }
        samples
    }

    /// Keys, section headers and values of the samples.
    pub fn vocabulary(samples: &[(String, String)]) -> (Vec<String>, Vec<String>, Vec<String>) {
        let mut keys = BTreeSet::new();
        let mut headers = BTreeSet::new();
        let mut values = BTreeSet::new();
        fn walk(
            prefix: &str,
            table: &toml::Table,
            keys: &mut BTreeSet<String>,
            headers: &mut BTreeSet<String>,
            values: &mut BTreeSet<String>,
        ) {
            for (key, value) in table {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                match value {
                    toml::Value::Table(inner) => {
                        headers.insert(format!("[{path}]"));
                        walk(&path, inner, keys, headers, values);
                    }
                    toml::Value::Array(items) if items.iter().all(toml::Value::is_table) => {
                        headers.insert(format!("[[{path}]]"));
                        for item in items {
                            if let toml::Value::Table(inner) = item {
                                walk(&path, inner, keys, headers, values);
                            }
                        }
                    }
                    other => {
                        keys.insert(key.clone());
                        values.insert(other.to_string());
                    }
                }
            }
        }
        for (_, text) in samples {
            if let Ok(table) = text.parse::<toml::Table>() {
                walk("", &table, &mut keys, &mut headers, &mut values);
            }
        }
        (
            keys.into_iter().collect(),
            headers.into_iter().collect(),
            values.into_iter().collect(),
        )
    }

    pub fn inputs() -> impl Strategy<Value = Input> {
        let samples = samples();
        let (keys, headers, values) = vocabulary(&samples);
        let mut dictionary: Vec<String> = keys.iter().map(|k| format!("{k} = ")).collect();
        dictionary.extend(headers.iter().map(|h| format!("\n{h}\n")));
        dictionary.extend(values.iter().cloned());
        dictionary.extend(RULE_WORDS.iter().map(|w| (*w).to_owned()));
        let dictionary: Arc<[String]> = dictionary.into();
        let value = prop_oneof![
            3 => prop::sample::select(values),
            2 => prop::sample::select(mutate::WRONG_TYPES).prop_map(str::to_owned),
            1 => mutate::nasty_text().prop_map(|t| mutate::json_string(&t)),
            1 => any::<i64>().prop_map(|n| n.to_string()),
        ];
        let line = (prop::sample::select(keys), value).prop_map(|(k, v)| format!("{k} = {v}\n"));
        let section = (
            prop::sample::select(headers),
            prop::collection::vec(line.clone(), 0..6),
        )
            .prop_map(|(header, lines)| format!("{header}\n{}", lines.concat()));
        let built = (
            prop::collection::vec(line, 0..3),
            prop::collection::vec(section, 0..8),
        )
            .prop_map(|(top, sections)| format!("{}{}", top.concat(), sections.concat()));
        prop_oneof![
            6 => mutate::mutants(samples, dictionary).prop_map(Input::Mutant),
            3 => built.prop_map(Input::Built),
            1 => any::<String>().prop_map(Input::Random),
        ]
    }

    pub fn check(text: &str) -> Result<(), TestCaseError> {
        let settings = match Settings::from_toml(text) {
            Ok(settings) => settings,
            Err(error) => {
                let message = error.to_string();
                prop_assert!(!message.trim().is_empty());
                if let Some(span) = error.span() {
                    prop_assert!(span.start <= span.end && span.end <= text.len());
                    prop_assert!(message.contains("line "), "where? {}", message);
                }
                return Ok(());
            }
        };
        if let Err(problems) = settings.validate() {
            prop_assert!(!problems.is_empty(), "an empty list of problems");
            for problem in &problems {
                check_problem(problem)?;
                let section = problem.field.split(['.', '[']).next().unwrap_or_default();
                prop_assert!(
                    SECTIONS.contains(&section),
                    "{:?} is not in a settings section",
                    problem
                );
                if let Some(rest) = problem.field.strip_prefix("mapping.") {
                    let (name, text) = if rest.starts_with("accounts") {
                        ("mapping.accounts", &settings.mapping.accounts)
                    } else {
                        ("mapping.site_mapping", &settings.mapping.site_mapping)
                    };
                    check_rule_path(name, &problem.field, entries(text))?;
                }
            }
        }
        let written = settings
            .to_toml()
            .map_err(|e| TestCaseError::fail(format!("parsed but cannot be written: {e}")))?;
        let again = Settings::from_toml(&written).map_err(|e| {
            TestCaseError::fail(format!("written but cannot be read: {e}\n{written}"))
        })?;
        prop_assert_eq!(again, settings, "changed on the way through {}", written);
        Ok(())
    }
}

#[cfg(test)]
mod rules {
    use super::*;

    /// The rule arrays of the golden settings and the unit tests.
    pub fn samples() -> Vec<(String, String)> {
        let golden = Settings::from_toml(GOLDEN).expect("golden settings");
        let mut samples = vec![
            (
                "golden accounts".to_owned(),
                golden.mapping.accounts.clone(),
            ),
            (
                "golden site mapping".to_owned(),
                golden.mapping.site_mapping.clone(),
            ),
        ];
        samples.extend(
            RULE_SAMPLES
                .iter()
                .enumerate()
                .map(|(i, text)| (format!("example {i}"), (*text).to_owned())),
        );
        samples
    }

    /// A rule array built from the documents' property names, values of every type.
    fn built() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            8 => prop::sample::select(RULE_WORDS)
                .prop_filter("a property", |w| w.starts_with('"'))
                .prop_map(str::to_owned),
            1 => mutate::nasty_text().prop_map(|t| mutate::json_string(&t)),
        ];
        let scalar = prop_oneof![
            prop::sample::select(RULE_WORDS).prop_map(str::to_owned),
            prop::sample::select(mutate::WRONG_TYPES).prop_map(str::to_owned),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<bool>().prop_map(|b| b.to_string()),
            mutate::nasty_text().prop_map(|t| mutate::json_string(&t)),
        ];
        let value = prop_oneof![
            4 => scalar.clone(),
            1 => prop::collection::vec(scalar, 0..7).prop_map(|v| format!("[{}]", v.join(","))),
        ];
        let member = (key, value).prop_map(|(k, v)| format!("{k}:{v}"));
        let rule = prop_oneof![
            8 => prop::collection::vec(member, 0..8).prop_map(|m| format!("{{{}}}", m.join(","))),
            1 => prop::sample::select(mutate::WRONG_TYPES).prop_map(str::to_owned),
        ];
        prop::collection::vec(rule, 0..6).prop_map(|rules| format!("[{}]", rules.join(",\n")))
    }

    #[derive(Debug, Clone)]
    pub struct Case {
        pub field: &'static str,
        pub input: Input,
    }

    pub fn cases() -> impl Strategy<Value = Case> {
        let dictionary: Arc<[String]> = RULE_WORDS.iter().map(|w| (*w).to_owned()).collect();
        let input = prop_oneof![
            5 => mutate::mutants(samples(), dictionary).prop_map(Input::Mutant),
            4 => built().prop_map(Input::Built),
            1 => prop_oneof![any::<String>(), mutate::nasty_text()].prop_map(Input::Random),
        ];
        let field = prop::sample::select(vec![
            "mapping.accounts",
            "mapping.site_mapping",
            "sites[2].rules",
            "x",
        ]);
        (field, input).prop_map(|(field, input)| Case { field, input })
    }

    pub fn check_accounts(case: &Case) -> Result<(), TestCaseError> {
        let text = case.input.text();
        match AccountRules::parse(text, case.field) {
            Ok(rules) => {
                let count = entries(text);
                prop_assert!(rules.rules().len() <= count);
                let priorities: Vec<i64> = rules.rules().iter().map(|r| r.priority).collect();
                prop_assert!(
                    priorities.windows(2).all(|w| w[0] >= w[1]),
                    "{:?}",
                    priorities
                );
                let positions: BTreeSet<usize> = rules.rules().iter().map(|r| r.position).collect();
                prop_assert_eq!(positions.len(), rules.rules().len());
                prop_assert!(positions.iter().all(|p| *p < count));
            }
            Err(problems) => check_rule_problems(case, &problems)?,
        }
        Ok(())
    }

    /// The problems of a refused rules text: at least one, each clear, each naming an entry of it.
    fn check_rule_problems(case: &Case, problems: &[SettingsProblem]) -> Result<(), TestCaseError> {
        prop_assert!(!problems.is_empty(), "an empty list of problems");
        let count = entries(case.input.text());
        for problem in problems {
            check_problem(problem)?;
            check_rule_path(case.field, &problem.field, count)?;
        }
        Ok(())
    }

    pub fn check_sites(case: &Case) -> Result<(), TestCaseError> {
        let text = case.input.text();
        match SiteRules::parse(text, case.field) {
            Ok(rules) => {
                let mut names = BTreeSet::new();
                for rule in rules.rules() {
                    prop_assert!(!rule.site_name.trim().is_empty(), "{:?}", rule);
                    prop_assert!(!rule.admin_status.trim().is_empty(), "{:?}", rule);
                    prop_assert!(
                        names.insert(rule.site_name.trim().to_ascii_lowercase()),
                        "two rules for {:?}",
                        rule.site_name
                    );
                    let applied = rules.for_site(&rule.site_name);
                    prop_assert_eq!(&applied.rule.site_name, &rule.site_name);
                }
                let _ = rules.for_site("a site without a rule");
            }
            Err(problems) => check_rule_problems(case, &problems)?,
        }
        Ok(())
    }
}

#[test]
fn settings_files() {
    fuzz_budget::fuzz("engine settings", settings::inputs(), |input| {
        settings::check(input.text())
    });
}

#[test]
fn accounts_rules() {
    fuzz_budget::fuzz("engine accounts rules", rules::cases(), |case| {
        rules::check_accounts(&case)
    });
}

#[test]
fn site_mapping_rules() {
    fuzz_budget::fuzz("engine site mapping rules", rules::cases(), |case| {
        rules::check_sites(&case)
    });
}

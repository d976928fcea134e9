//! Reading the rule arrays from JSON with problems that name the field path (`mapping.accounts[2].priority`)
//! and say in plain words what is wrong.

use crate::settings::SettingsProblem;
use serde_json::{Map, Value};

/// Parses `text` as a JSON array of objects. Blank text is an empty list. Returns the objects
/// with their field paths (`{field}[i]`); shape problems go to `problems`.
pub(crate) fn rule_objects(
    text: &str,
    field: &str,
    problems: &mut Vec<SettingsProblem>,
) -> Vec<(String, Map<String, Value>)> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            problems.push(SettingsProblem::new(
                field,
                format!(
                    "is not valid JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            ));
            return Vec::new();
        }
    };
    let Value::Array(entries) = value else {
        problems.push(SettingsProblem::new(
            field,
            "must be a JSON array of rules, written [ {...}, {...} ]",
        ));
        return Vec::new();
    };
    let mut objects = Vec::new();
    for (index, entry) in entries.into_iter().enumerate() {
        let path = format!("{field}[{index}]");
        match entry {
            Value::Object(object) => objects.push((path, trim_keys(object))),
            _ => problems.push(SettingsProblem::new(
                &path,
                "must be a rule written { ... }",
            )),
        }
    }
    objects
}

/// The object with its keys trimmed (the first document writes `" includeTaxAndShipping "`).
fn trim_keys(object: Map<String, Value>) -> Map<String, Value> {
    object
        .into_iter()
        .map(|(key, value)| (key.trim().to_owned(), value))
        .collect()
}

/// Reports every key of `object` that is not in `known` (a blank one on the rule itself: a
/// path ending in `.` would name nothing).
pub(crate) fn check_known_keys(
    object: &Map<String, Value>,
    path: &str,
    known: &[&str],
    problems: &mut Vec<SettingsProblem>,
) {
    for key in object.keys() {
        if key.is_empty() {
            problems.push(SettingsProblem::new(
                path,
                format!(
                    "has a property without a name (\"\"); known ones are {}",
                    known.join(", ")
                ),
            ));
        } else if !known.contains(&key.as_str()) {
            problems.push(SettingsProblem::new(
                &format!("{path}.{key}"),
                format!(
                    "is not a known property; known ones are {}",
                    known.join(", ")
                ),
            ));
        }
    }
}

/// A text property, trimmed; blank and null count as absent. Numbers are accepted as text.
pub(crate) fn text(
    object: &Map<String, Value>,
    path: &str,
    key: &str,
    problems: &mut Vec<SettingsProblem>,
) -> Option<String> {
    match object.get(key)? {
        Value::Null => None,
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => {
            problems.push(SettingsProblem::new(
                &format!("{path}.{key}"),
                "must be text in double quotes",
            ));
            None
        }
    }
}

/// A whole-number property (a JSON number, or text holding one).
pub(crate) fn whole_number(
    object: &Map<String, Value>,
    path: &str,
    key: &str,
    what: &str,
    problems: &mut Vec<SettingsProblem>,
) -> Option<i64> {
    let value = object.get(key)?;
    let parsed = match value {
        Value::Null => return None,
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    if parsed.is_none() {
        problems.push(SettingsProblem::new(
            &format!("{path}.{key}"),
            format!("must be a whole number ({what}), not {value}"),
        ));
    }
    parsed
}

/// A true/false property; absent is `false`.
pub(crate) fn flag(
    object: &Map<String, Value>,
    path: &str,
    key: &str,
    problems: &mut Vec<SettingsProblem>,
) -> bool {
    match object.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            problems.push(SettingsProblem::new(
                &format!("{path}.{key}"),
                format!("must be true or false (without quotes), not {other}"),
            ));
            false
        }
    }
}

//! Pressero's server (ASP.NET) matches routes, query parameters and JSON field names without
//! regard to case. This module gives the simulator the same tolerance: JSON keys are brought to
//! their canonical spelling (the one the wire types serialize) before deserializing, and query
//! parameters are looked up by lower-cased name. (Paths are lower-cased before routing, in
//! [`crate::http`].)

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::requests;
use crate::wire::{
    FormField, ItemFile, OrderDetail, OrderItem, PricingParameter, ProductAttribute, Workflow,
    WorkflowStage,
};

/// Lower-cased key → canonical key, for every key of every shape the simulator reads.
static CANONICAL_KEYS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let order = OrderDetail {
        items: vec![OrderItem {
            pricing_parameters: vec![PricingParameter::default()],
            attributes: vec![ProductAttribute::default()],
            product_form_fields: vec![FormField::default()],
            files: vec![ItemFile::default()],
            ..OrderItem::default()
        }],
        ..OrderDetail::default()
    };
    let workflow = Workflow {
        stages: vec![WorkflowStage::default()],
        ..Workflow::default()
    };
    let mut samples = vec![
        serde_json::to_value(order).unwrap_or_default(),
        serde_json::to_value(workflow).unwrap_or_default(),
    ];
    samples.extend(requests::key_samples());
    let mut keys = HashMap::new();
    for sample in &samples {
        collect_keys(sample, &mut keys);
    }
    keys
});

fn collect_keys(value: &Value, keys: &mut HashMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                keys.entry(key.to_lowercase())
                    .or_insert_with(|| key.clone());
                collect_keys(inner, keys);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_keys(v, keys)),
        _ => {}
    }
}

/// Renames every object key of `value` (recursively) to its canonical spelling where one is
/// known; unknown keys are kept as they are.
pub fn canonicalize(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, inner)| {
                    let key = CANONICAL_KEYS
                        .get(&key.to_lowercase())
                        .cloned()
                        .unwrap_or(key);
                    (key, canonicalize(inner))
                })
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(canonicalize).collect()),
        other => other,
    }
}

/// Deserializes `value` into `T`, matching field names without regard to case.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(canonicalize(value))
}

/// Parses `text` as JSON and deserializes it into `T`, matching field names without regard to
/// case.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    from_value(serde_json::from_str(text)?)
}

/// Query parameters by lower-cased name.
#[derive(Debug, Clone, Default)]
pub struct QueryParams(HashMap<String, String>);

impl QueryParams {
    /// Builds the lookup from decoded query pairs.
    pub fn new(pairs: HashMap<String, String>) -> Self {
        QueryParams(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_lowercase(), v))
                .collect(),
        )
    }

    /// The value of `name` (any case), if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(&name.to_lowercase()).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::AuthRequest;
    use serde_json::json;

    #[test]
    fn field_names_match_in_any_case() {
        let auth: AuthRequest = from_value(json!({
            "username": "u", "PASSWORD": "p", "SubscriberID": "s", "consumerId": "c"
        }))
        .unwrap();
        assert_eq!(auth.user_name, "u");
        assert_eq!(auth.password, "p");
        assert_eq!(auth.subscriber_id, "s");
        assert_eq!(auth.consumer_id, "c");
    }

    #[test]
    fn nested_keys_are_canonicalized_and_unknown_keys_kept() {
        let value = canonicalize(json!({"items": [{"orderitemnumber": 2, "Whatever": 1}]}));
        assert_eq!(
            value,
            json!({"Items": [{"OrderItemNumber": 2, "Whatever": 1}]})
        );
    }

    #[test]
    fn query_parameters_match_in_any_case() {
        let params = QueryParams::new(HashMap::from([("PageNumber".to_owned(), "3".to_owned())]));
        assert_eq!(params.get("pagenumber"), Some("3"));
        assert_eq!(params.get("pageSize"), None);
    }
}

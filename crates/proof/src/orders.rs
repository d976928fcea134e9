//! The orders a proof run sends through the service: copies of the sample orders that sync
//! without a person (`fixtures/pressero/orders`), under new numbers, with their own ids,
//! quantities scaled, and some of them shipping to a new person that a few orders share, so
//! that new contacts, a new customer (sample 10009's) and repeat buyers all occur, as in a
//! shop's day. The same seed gives the same orders.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use std::collections::HashMap;

/// The first generated order number (far above the samples').
pub const FIRST_ORDER: u64 = 300_001;

/// The samples that sync without a person: not the denied (10004, 10016), pending-approval
/// (10005), shared-e-mail (10010: its buyer's e-mail is on two customers' contacts),
/// bad-Integration-ID (10014) or inactive-customer (10015) ones.
const SYNCING_SAMPLES: [u64; 10] = [
    10001, 10002, 10003, 10006, 10007, 10008, 10009, 10011, 10012, 10013,
];

/// One order in this many ships to a new person.
const NEW_PERSON_EVERY: u32 = 5;

/// How many orders share one new person, on average.
const ORDERS_PER_NEW_PERSON: usize = 3;

/// `count` orders as Pressero fixture JSON (for `RunningPressero::add_order_json`), numbered from
/// [`FIRST_ORDER`], drawn from the syncing samples with `seed`.
pub fn generate(count: usize, seed: u64) -> Vec<Value> {
    let samples: Vec<Value> = pressero_simulator::sample_orders()
        .into_iter()
        .filter(|order| {
            order["OrderNumber"]
                .as_u64()
                .is_some_and(|number| SYNCING_SAMPLES.contains(&number))
        })
        .collect();
    if samples.is_empty() {
        return Vec::new();
    }
    let mut rng = StdRng::seed_from_u64(seed);
    (0..count)
        .map(|index| {
            let sample = &samples[rng.random_range(0..samples.len())];
            let number = FIRST_ORDER + index as u64;
            let person = rng
                .random_ratio(1, NEW_PERSON_EVERY)
                .then(|| rng.random_range(0..count.div_ceil(ORDERS_PER_NEW_PERSON).max(1)));
            let scale = rng.random_range(1..=4);
            copy(sample, number, scale, person, &mut rng)
        })
        .collect()
}

/// `sample` as order `number`: new order and item ids (links between items kept), placed now,
/// quantities times `scale`, shipping to new person `person` if given.
fn copy(sample: &Value, number: u64, scale: u64, person: Option<usize>, rng: &mut StdRng) -> Value {
    let mut order = sample.clone();
    let mut new_ids = HashMap::new();
    let mut new_id = |old: &Value| {
        if let Some(old) = old.as_str() {
            let id = uuid::Builder::from_random_bytes(rng.random()).into_uuid();
            new_ids.insert(old.to_owned(), id.to_string());
        }
    };
    new_id(&order["OrderId"]);
    for item in order["Items"].as_array().into_iter().flatten() {
        new_id(&item["OrderItemId"]);
    }
    replace_ids(&mut order, &new_ids);
    order["OrderNumber"] = number.into();
    if let Some(fields) = order.as_object_mut() {
        fields.remove("OrderDate");
        fields.remove("PrinterOrderId");
    }
    for item in order["Items"].as_array_mut().into_iter().flatten() {
        for field in ["Quantity", "TotalQuantity"] {
            if let Some(quantity) = item[field].as_u64() {
                item[field] = (quantity * scale).into();
            }
        }
        if let (Some(person), Some(ship_to)) = (person, item.get_mut("ShipToAddress"))
            && ship_to.is_object()
        {
            ship_to["FirstName"] = "Receiving".into();
            ship_to["LastName"] = format!("Desk {person}").into();
            ship_to["Email"] = format!("receiving.desk.{person}@deliveries.example").into();
            ship_to["AddressId"] = Value::Null;
            ship_to["ContactId"] = Value::Null;
        }
    }
    order
}

/// Replaces every string of `value` that is a key of `ids` with its value.
fn replace_ids(value: &mut Value, ids: &HashMap<String, String>) {
    match value {
        Value::String(text) => {
            if let Some(new) = ids.get(text.as_str()) {
                *text = new.clone();
            }
        }
        Value::Array(values) => values.iter_mut().for_each(|v| replace_ids(v, ids)),
        Value::Object(fields) => fields.values_mut().for_each(|v| replace_ids(v, ids)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_orders_and_each_has_its_own_ids() {
        let orders = generate(40, 7);
        assert_eq!(orders, generate(40, 7));
        assert_ne!(orders, generate(40, 8));
        let numbers: Vec<u64> = orders
            .iter()
            .filter_map(|o| o["OrderNumber"].as_u64())
            .collect();
        assert_eq!(numbers, (FIRST_ORDER..FIRST_ORDER + 40).collect::<Vec<_>>());
        let mut ids: Vec<&str> = orders
            .iter()
            .flat_map(|o| {
                std::iter::once(o["OrderId"].as_str().unwrap()).chain(
                    o["Items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|i| i["OrderItemId"].as_str().unwrap()),
                )
            })
            .collect();
        let all = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all, "every order and item id is new");
        assert!(
            orders
                .iter()
                .any(|o| o.to_string().contains("receiving.desk.")),
            "some orders ship to a new person"
        );
    }

    #[tokio::test]
    async fn every_generated_order_is_accepted_by_the_pressero_simulator() {
        let pressero =
            pressero_simulator::PresseroSimulator::start(pressero_simulator::PresseroConfig {
                seed: pressero_simulator::Seed::BundledCatalog,
                ..pressero_simulator::PresseroConfig::default()
            })
            .await
            .unwrap();
        for order in generate(60, 3) {
            pressero.add_order_json(order).unwrap();
        }
    }
}

//! What Pace holds for each order, and how a disturbed run's Pace compares with an undisturbed
//! run of the same orders (the same plans, executed once each, calmly).
//!
//! Per order, the objects the sync writes on its jobs (found by the `reference` every job of the
//! order carries): its jobs, parts, materials, shipments, the shipments' cartons and their
//! contents, notes, each with the quantities it was written with. Per shop, the customers and
//! contacts the sync added to Pace's seed. Pace's keys (job numbers, ids) differ from run to run
//! and are left out; everything else is compared as a multiset.

use engine::plan::order_of_job_reference;
use pace_simulator::RunningPace;
use std::collections::{BTreeMap, BTreeSet};

/// The objects of one order, each as "type: quantities" (sorted).
pub type OrderObjects = BTreeMap<&'static str, Vec<String>>;

/// The quantity fields of each object type the sync writes on an order's jobs.
const ORDER_OBJECTS: [(&str, &[&str]); 8] = [
    ("Job", &["part1QuantityOrdered"]),
    ("JobPart", &["jobPart", "qtyOrdered"]),
    ("JobMaterial", &["jobPart", "plannedQuantity"]),
    ("JobShipment", &["plannedQuantity"]),
    ("Carton", &["count", "quantity"]),
    ("CartonContent", &["quantity"]),
    ("JobNote", &[]),
    ("FileAttachment", &["name"]),
];

/// What Pace holds, read from the simulator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaceContents {
    /// Each order's objects.
    pub orders: BTreeMap<u64, OrderObjects>,
    /// Customers by name and contacts by customer and e-mail, with how many Pace holds of each.
    pub people: BTreeMap<String, usize>,
}

impl PaceContents {
    /// Reads the simulator's objects.
    pub fn of(pace: &RunningPace) -> PaceContents {
        let jobs: BTreeMap<String, u64> = pace
            .objects("Job")
            .into_iter()
            .filter_map(|job| {
                let order = order_of_job_reference(job.get("reference")?)?;
                Some((job.get("job")?.clone(), order))
            })
            .collect();
        let shipments = owned_by(pace, "JobShipment", "job", &jobs);
        let cartons = owned_by(pace, "Carton", "shipment", &shipments);
        let mut orders: BTreeMap<u64, OrderObjects> = BTreeMap::new();
        for (object_type, quantities) in ORDER_OBJECTS {
            for object in pace.objects(object_type) {
                let order = match object_type {
                    "Carton" => object.get("shipment").and_then(|s| shipments.get(s)),
                    "CartonContent" => object.get("carton").and_then(|c| cartons.get(c)),
                    "FileAttachment" => object.get("baseObjectKey").and_then(|j| jobs.get(j)),
                    _ => object.get("job").and_then(|j| jobs.get(j)),
                };
                let Some(order) = order else { continue };
                let shape: Vec<String> = quantities
                    .iter()
                    .map(|field| {
                        format!(
                            "{field}={}",
                            object.get(*field).map(String::as_str).unwrap_or("")
                        )
                    })
                    .collect();
                orders
                    .entry(*order)
                    .or_default()
                    .entry(object_type)
                    .or_default()
                    .push(shape.join(" "));
            }
        }
        for objects in orders.values_mut() {
            objects.values_mut().for_each(|shapes| shapes.sort());
        }
        let mut people = BTreeMap::new();
        for customer in pace.objects("Customer") {
            let name = customer.get("custName").map(String::as_str).unwrap_or("");
            *people
                .entry(format!("customer {}", name.to_lowercase()))
                .or_insert(0) += 1;
        }
        for contact in pace.objects("Contact") {
            let customer = contact.get("customer").map(String::as_str).unwrap_or("");
            let email = contact.get("email").map(String::as_str).unwrap_or("");
            let name = format!(
                "{} {}",
                contact.get("firstName").map(String::as_str).unwrap_or(""),
                contact.get("lastName").map(String::as_str).unwrap_or("")
            );
            let who = if email.is_empty() {
                name
            } else {
                email.to_owned()
            };
            *people
                .entry(format!("contact {customer} {}", who.to_lowercase()))
                .or_insert(0) += 1;
        }
        PaceContents { orders, people }
    }
}

/// The `id`s of the `object_type` rows whose `parent` field is a key of `parents`, each with that
/// parent's order.
fn owned_by(
    pace: &RunningPace,
    object_type: &str,
    parent: &str,
    parents: &BTreeMap<String, u64>,
) -> BTreeMap<String, u64> {
    pace.objects(object_type)
        .into_iter()
        .filter_map(|object| {
            let order = parents.get(object.get(parent)?)?;
            Some((object.get("id")?.clone(), *order))
        })
        .collect()
}

/// How a disturbed run's Pace differs from the undisturbed run's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Differences {
    /// Objects Pace holds more of than the undisturbed run made (a second job, carton, contact …),
    /// one line each.
    pub duplicates: Vec<String>,
    /// Objects (or whole orders) the undisturbed run made that this one did not.
    pub missing: Vec<String>,
    /// Objects of the right number written with other quantities.
    pub wrong_quantities: Vec<String>,
}

/// Compares `actual` with `expected` for `orders`.
pub fn compare(expected: &PaceContents, actual: &PaceContents, orders: &[u64]) -> Differences {
    let mut differences = Differences::default();
    let empty = OrderObjects::new();
    for order in orders {
        let want = expected.orders.get(order).unwrap_or(&empty);
        let have = actual.orders.get(order).unwrap_or(&empty);
        if want.is_empty() {
            differences
                .missing
                .push(format!("order {order}: the undisturbed run made nothing"));
            continue;
        }
        let types: BTreeSet<&&str> = want.keys().chain(have.keys()).collect();
        for object_type in types {
            let want = want.get(*object_type).map_or(&[][..], Vec::as_slice);
            let have = have.get(*object_type).map_or(&[][..], Vec::as_slice);
            let at = format!("order {order}, {object_type}");
            match have.len().cmp(&want.len()) {
                std::cmp::Ordering::Greater => differences.duplicates.push(format!(
                    "{at}: {} instead of {}",
                    have.len(),
                    want.len()
                )),
                std::cmp::Ordering::Less => differences.missing.push(format!(
                    "{at}: {} instead of {}",
                    have.len(),
                    want.len()
                )),
                std::cmp::Ordering::Equal if have != want => differences
                    .wrong_quantities
                    .push(format!("{at}: {have:?} instead of {want:?}")),
                std::cmp::Ordering::Equal => {}
            }
        }
    }
    let who: BTreeSet<&String> = expected.people.keys().chain(actual.people.keys()).collect();
    for person in who {
        let want = expected.people.get(person).copied().unwrap_or(0);
        let have = actual.people.get(person).copied().unwrap_or(0);
        if have > want {
            differences
                .duplicates
                .push(format!("{person}: {have} in Pace instead of {want}"));
        } else if have < want {
            differences
                .missing
                .push(format!("{person}: {have} in Pace instead of {want}"));
        }
    }
    differences
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(orders: &[(u64, &'static str, &[&str])]) -> PaceContents {
        let mut contents = PaceContents::default();
        for (order, object_type, shapes) in orders {
            contents.orders.entry(*order).or_default().insert(
                object_type,
                shapes.iter().map(|s| (*s).to_owned()).collect(),
            );
        }
        contents
    }

    #[test]
    fn an_extra_carton_a_lost_shipment_and_a_changed_quantity_are_each_told() {
        let calm = contents(&[
            (1, "Carton", &["count=1 quantity=250"]),
            (
                2,
                "JobShipment",
                &["plannedQuantity=100", "plannedQuantity=50"],
            ),
            (3, "JobPart", &["jobPart=01 qtyOrdered=500"]),
        ]);
        let mut disturbed = contents(&[
            (
                1,
                "Carton",
                &["count=1 quantity=250", "count=1 quantity=250"],
            ),
            (2, "JobShipment", &["plannedQuantity=100"]),
            (3, "JobPart", &["jobPart=01 qtyOrdered=50"]),
        ]);
        disturbed.people.insert("contact 7 a@b.example".into(), 2);
        let mut calm_people = calm.clone();
        calm_people.people.insert("contact 7 a@b.example".into(), 1);
        let differences = compare(&calm_people, &disturbed, &[1, 2, 3, 4]);
        assert_eq!(differences.duplicates.len(), 2, "{differences:?}");
        assert!(differences.duplicates[0].starts_with("order 1, Carton"));
        assert!(differences.duplicates[1].starts_with("contact 7"));
        assert_eq!(
            differences.missing,
            vec![
                "order 2, JobShipment: 1 instead of 2".to_owned(),
                "order 4: the undisturbed run made nothing".to_owned()
            ]
        );
        assert_eq!(differences.wrong_quantities.len(), 1);
        assert_eq!(
            compare(&calm_people, &calm_people, &[1, 2, 3]),
            Differences::default()
        );
    }
}

//! The look-ups an order costs in Pace, counted by object type in the Pace simulator's call log:
//! a contact one order created is known at once to the next order shipping to the same person
//! (no look-up), and a new contact of a known customer is confirmed in Pace with one look-up
//! (its contacts), not two (contacts, then customers).

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use serde_json::Value;
use support::{World, text};

/// Sample 10001 (Jane Doe of Acme, a known customer) as order `number`, shipping to the new
/// person `desk` at Acme's receiving dock.
fn acme_order_shipping_to(number: u64, desk: &str) -> Value {
    let mut order: Value = serde_json::from_str(include_str!(
        "../../../fixtures/pressero/orders/10001-single-item-acme.json"
    ))
    .unwrap();
    let fields = order.as_object_mut().unwrap();
    fields.remove("OrderId");
    fields.remove("OrderDate");
    fields.insert("OrderNumber".into(), number.into());
    for item in fields["Items"].as_array_mut().unwrap() {
        item.as_object_mut().unwrap().remove("OrderItemId");
        let ship_to = &mut item["ShipToAddress"];
        ship_to["FirstName"] = "Receiving".into();
        ship_to["LastName"] = desk.into();
        ship_to["Email"] = format!("{}@acme.example", desk.to_lowercase()).into();
        ship_to["AddressId"] = Value::Null;
    }
    order
}

/// Look-ups of `object_type` the Pace simulator received.
fn look_ups(world: &World, object_type: &str) -> usize {
    world
        .pace
        .instruments()
        .calls
        .calls()
        .iter()
        .filter(|call| call.subject.as_deref() == Some(object_type))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_created_contact_is_known_at_once_and_a_new_contact_costs_one_look_up() {
    let mut world = World::with_orders(&[]).await;
    // One order at a time, so each plans after the one before has finished.
    world.settings.polling.concurrency = 1;
    world.write_settings();
    for (number, desk) in [(400001, "Dock7"), (400002, "Dock7"), (400003, "Dock9")] {
        world
            .pressero
            .add_order_json(acme_order_shipping_to(number, desk))
            .unwrap();
    }
    let contacts_before = world.pace.count("Contact");

    let output = world.run(&["run", "--once"]).await;

    assert!(output.status.success(), "{}", text(&output));
    let states = world.states().await;
    assert!(states.values().all(|state| state == "synced"), "{states:?}");
    assert_eq!(
        world.pace.count("Contact"),
        contacts_before + 2,
        "one contact per new person"
    );
    // Contacts: the directory's first load, then one confirm each for Dock7 (400001) and Dock9
    // (400003); 400002 finds Dock7 in the directory, learnt when 400001 created it.
    assert_eq!(look_ups(&world, "Contact"), 3);
    // Customers: the directory's first load only (Acme is known; no customer is confirmed).
    assert_eq!(look_ups(&world, "Customer"), 1);
}

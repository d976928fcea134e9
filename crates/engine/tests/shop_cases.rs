//! The order as the shop sold it, synced for real (poller → worker → Pace simulator over HTTP):
//! a discounted order priced at the order total, an over-long company name cut to Pace's 60
//! characters with the cut on the trace, Canadian and German ship-tos with Pace's country ids,
//! a pickup item shipped to the buyer's own address, and a storefront switched off that never
//! reaches Pace. The plans themselves are pinned by the golden plans; this checks what Pace
//! ends up holding.

// Test code: clippy's allow-unwrap-in-tests covers what is under `cfg(test)`, helpers included.
#![cfg(test)]

mod support;

use chrono::Utc;
use engine::settings::Storefront;
use engine::store::OrderState;
use support::worker_world::World;

/// A world holding the shop-case orders (20101–20105, placed 2026-11-18), polled in.
async fn shop_cases(configure: impl FnOnce(&mut World)) -> World {
    let mut world = World::start(Utc::now()).await;
    world.settings.polling.first_poll_lookback_hours = 24 * 400;
    configure(&mut world);
    for order in pressero_simulator::shop_case_orders() {
        world.pressero.add_order_json(order).unwrap();
    }
    world.poller().poll_once(world.clock_now()).await.unwrap();
    world
}

/// The Pace objects of `object_type` belonging to the job of Pressero order `order`.
fn of_order(world: &World, object_type: &str, order: u64) -> Vec<pace_simulator::PaceObject> {
    let jobs: Vec<String> = world
        .pace
        .objects("Job")
        .into_iter()
        .filter(|job| job.get("reference") == Some(&format!("Pressero order {order}")))
        .filter_map(|job| job.get("job").cloned())
        .collect();
    world
        .pace
        .objects(object_type)
        .into_iter()
        .filter(|object| object.get("job").is_some_and(|job| jobs.contains(job)))
        .collect()
}

fn field<'a>(object: &'a pace_simulator::PaceObject, name: &str) -> &'a str {
    object.get(name).map_or("", String::as_str)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_shop_case_reaches_pace_as_the_shop_sold_it() {
    let world = shop_cases(|_| {}).await;
    world.worker(2).run_due().await.unwrap();
    for order in 20101..=20105 {
        let row = world.store.order(order).unwrap().unwrap().row;
        assert_eq!(
            row.state,
            OrderState::Synced,
            "{order}: {:?}",
            row.last_error
        );
    }

    // 20101: the job is priced at Pressero's order total (discount included), and its parts
    // add up to it to the cent.
    let jobs = of_order(&world, "Job", 20101);
    assert_eq!(jobs.len(), 1);
    let price: f64 = field(&jobs[0], "amountToInvoice").parse().unwrap();
    assert!((price - 422.0).abs() < 0.005, "{:?}", jobs[0]);
    let parts: f64 = of_order(&world, "JobPart", 20101)
        .iter()
        .map(|part| field(part, "quotedPrice").parse::<f64>().unwrap())
        .sum();
    assert!(
        (parts - 422.0).abs() < 0.005,
        "parts add up to the job: {parts}"
    );

    // 20102: Pace refuses a company name over 60 characters; the sync cut it and said so.
    for shipment in of_order(&world, "JobShipment", 20102) {
        assert!(
            field(&shipment, "name").chars().count() <= 60,
            "{shipment:?}"
        );
    }
    let cut_said = world
        .store
        .events_for(20102)
        .unwrap()
        .iter()
        .any(|event| event.message.contains("cut") || event.detail.to_string().contains("cut"));
    assert!(cut_said, "the trace says what was cut");

    // 20103 and 20104: Pace's Country ids (Canada 2, Germany 49, seed), the state key only
    // where Pace has that country's states.
    let canada = &of_order(&world, "JobShipment", 20103)[0];
    assert_eq!(field(canada, "country"), "2", "{canada:?}");
    let germany = &of_order(&world, "JobShipment", 20104)[0];
    assert_eq!(field(germany, "country"), "49", "{germany:?}");
    assert_eq!(field(germany, "stateKey"), "", "Pace has no German states");

    // 20105: the picked-up item has no ship-to address: it ships to the buyer's own address,
    // never a blank one, by the Accounts rule for Customer Pickup (ship via 1); the order's
    // other item goes by UPS Ground as usual.
    let shipments = of_order(&world, "JobShipment", 20105);
    assert!(
        shipments.iter().all(|s| !field(s, "address1").is_empty()),
        "no blank shipment: {shipments:?}"
    );
    let pickup: Vec<_> = shipments
        .iter()
        .filter(|s| field(s, "shipVia") == "1")
        .collect();
    assert_eq!(pickup.len(), 1, "{shipments:?}");
    assert_eq!(
        field(pickup[0], "name"),
        "Acme Corporation",
        "the buyer's address"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_from_a_storefront_switched_off_is_skipped_and_never_reaches_pace() {
    let world = shop_cases(|world| {
        world.settings.storefronts.list.push(Storefront {
            site_name: "Public Shop".into(),
            integration_id: String::new(),
            sync: false,
        });
    })
    .await;
    world.worker(2).run_due().await.unwrap();
    for order in 20101..=20105 {
        let row = world.store.order(order).unwrap().unwrap().row;
        assert_eq!(row.state, OrderState::Skipped, "{order}");
        assert!(
            row.skip_reason
                .as_deref()
                .is_some_and(|reason| reason.contains("Public Shop")),
            "{:?}",
            row.skip_reason
        );
    }
    // (The bundled sample orders of other storefronts sync beside them, as they should.)
    for order in 20101..=20105 {
        assert!(
            of_order(&world, "Job", order).is_empty(),
            "order {order} never reached Pace"
        );
    }
}

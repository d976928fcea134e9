//! Where the simulator's storefronts, users, products, workflows and orders come from: the
//! fixtures compiled into the binary ([`Seed::bundled`]) or a directory laid out like
//! `fixtures/pressero/` ([`Seed::directory`]).
//!
//! Layout: `sites.json` (array of SiteInfo), `users.json` (array of user Info),
//! `products.json` (array of product detail), `attributes.json` (optional: the subscriber's
//! product attribute definitions, `[{AttributeId, AttributeName}]`; product objects carry only
//! ids and values), `workflows.json` (array of workflows with their `Stages`), and `orders/*.json` (one
//! order detail per file).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::catalog::Catalog;
use crate::error::SimError;
use crate::wire::{AttributeDefinition, OrderDetail, Workflow};

macro_rules! fixture {
    ($path:literal) => {
        (
            $path,
            include_str!(concat!("../../../../fixtures/pressero/", $path)),
        )
    };
}

/// The bundled fixture files: (path under `fixtures/pressero/`, content).
const BUNDLED: &[(&str, &str)] = &[
    fixture!("sites.json"),
    fixture!("users.json"),
    fixture!("products.json"),
    fixture!("attributes.json"),
    fixture!("workflows.json"),
    fixture!("orders/10001-single-item-acme.json"),
    fixture!("orders/10002-several-items-public.json"),
    fixture!("orders/10003-kit-with-zero-child.json"),
    fixture!("orders/10004-denied-item.json"),
    fixture!("orders/10005-pending-approval.json"),
    fixture!("orders/10006-two-ship-to-addresses.json"),
    fixture!("orders/10007-one-address-two-methods.json"),
    fixture!("orders/10008-ships-separately.json"),
    fixture!("orders/10009-new-customer.json"),
    fixture!("orders/10010-shared-email.json"),
    fixture!("orders/10011-quotes-and-unicode.json"),
    fixture!("orders/10012-some-site-pickup.json"),
    fixture!("orders/10013-production-files.json"),
    fixture!("orders/10014-bad-integration-id.json"),
    fixture!("orders/10015-inactive-customer.json"),
    fixture!("orders/10016-all-items-denied.json"),
];

/// Orders that are not part of the bundled seed, for tests that need them: kits whose parent's
/// `KitChildren` takes the other plausible shapes (reference §3.9 (c) does not know its element
/// type). Copies of order 10003 (same products, prices and links) numbered 20031 (item numbers),
/// 20032 (objects `{OrderItemId, OrderItemNumber}`) and 20033 (no `KitChildren` at all; children
/// are linked only by their `KitParentOrderItemId`). Files under `fixtures/pressero/kit-shapes/`.
const KIT_SHAPES: &[(&str, &str)] = &[
    fixture!("kit-shapes/20031-kit-children-as-item-numbers.json"),
    fixture!("kit-shapes/20032-kit-children-as-objects.json"),
    fixture!("kit-shapes/20033-kit-children-absent.json"),
];

/// Orders that are not part of the bundled seed (so that counts over the 16 sample orders stay
/// true), for tests of what a shop sold: a discounted order (20101), an over-long ship-to
/// company name (20102), a Canadian (20103) and a German ship-to, its country given by name
/// (20104), and an item picked up by the customer with no ship-to address (20105). All from
/// Public Shop's Jane Doe. Files under `fixtures/pressero/shop-cases/`.
const SHOP_CASES: &[(&str, &str)] = &[
    fixture!("shop-cases/20101-discounted-order.json"),
    fixture!("shop-cases/20102-long-company-name.json"),
    fixture!("shop-cases/20103-canadian-ship-to.json"),
    fixture!("shop-cases/20104-german-ship-to.json"),
    fixture!("shop-cases/20105-pickup-item-without-address.json"),
];

/// The 16 sample orders of the bundled seed as fixture JSON, in file-name order, for
/// [`crate::RunningPressero::add_order_json`] (copies of them under new numbers make the
/// benchmark's and the soak's orders).
pub fn sample_orders() -> Vec<Value> {
    BUNDLED
        .iter()
        .filter(|(path, _)| path.starts_with("orders/"))
        .filter_map(|(_, text)| serde_json::from_str(text).ok())
        .collect()
}

/// The shop-case orders (see `SHOP_CASES`) as fixture JSON, for
/// [`crate::RunningPressero::add_order_json`].
pub fn shop_case_orders() -> Vec<Value> {
    SHOP_CASES
        .iter()
        .filter_map(|(_, text)| serde_json::from_str(text).ok())
        .collect()
}

/// The kit-shape orders (see `KIT_SHAPES`) as fixture JSON, for
/// [`crate::RunningPressero::add_order_json`].
pub fn kit_shape_orders() -> Vec<Value> {
    KIT_SHAPES
        .iter()
        .filter_map(|(_, text)| serde_json::from_str(text).ok())
        .collect()
}

/// Where the simulator's records come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seed {
    /// The fixtures of `fixtures/pressero/`, compiled in.
    Bundled,
    /// A directory laid out like `fixtures/pressero/`.
    Directory(PathBuf),
    /// The bundled sites, users, products, attributes and workflows, without the sample orders
    /// (the benchmark and the soak add orders of their own, [`sample_orders`]).
    BundledCatalog,
    /// Nothing: no sites, users, products, workflows or orders.
    Empty,
}

/// The records of a seed, parsed but not yet checked against each other.
#[derive(Debug, Clone, Default)]
pub struct SeedRecords {
    /// Sites, users, products and workflows.
    pub catalog: Catalog,
    /// Orders, in file-name order.
    pub orders: Vec<OrderDetail>,
}

impl Seed {
    /// The fixtures compiled into the crate.
    pub fn bundled() -> Self {
        Seed::Bundled
    }

    /// A directory laid out like `fixtures/pressero/`.
    pub fn directory(path: impl Into<PathBuf>) -> Self {
        Seed::Directory(path.into())
    }

    /// Reads and parses the seed's files.
    pub fn load(&self) -> Result<SeedRecords, SimError> {
        match self {
            Seed::Empty => Ok(SeedRecords::default()),
            Seed::Bundled => parse(
                BUNDLED
                    .iter()
                    .map(|(p, c)| ((*p).to_owned(), (*c).to_owned())),
            ),
            Seed::BundledCatalog => parse(
                BUNDLED
                    .iter()
                    .filter(|(p, _)| !p.starts_with("orders/"))
                    .map(|(p, c)| ((*p).to_owned(), (*c).to_owned())),
            ),
            Seed::Directory(dir) => parse(read_dir_files(dir)?),
        }
    }
}

fn read_file(path: &Path) -> Result<String, SimError> {
    std::fs::read_to_string(path).map_err(|source| SimError::ReadSeed {
        path: path.to_owned(),
        source,
    })
}

fn read_dir_files(dir: &Path) -> Result<Vec<(String, String)>, SimError> {
    let mut files = Vec::new();
    for name in [
        "sites.json",
        "users.json",
        "products.json",
        "attributes.json",
        "workflows.json",
    ] {
        let path = dir.join(name);
        // Attribute definitions are optional: without them, attributes have no names.
        if name == "attributes.json" && !path.exists() {
            continue;
        }
        files.push((name.to_owned(), read_file(&path)?));
    }
    let orders_dir = dir.join("orders");
    let entries = std::fs::read_dir(&orders_dir).map_err(|source| SimError::ReadSeed {
        path: orders_dir.clone(),
        source,
    })?;
    let mut order_paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| SimError::ReadSeed {
            path: orders_dir.clone(),
            source,
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            order_paths.push(path);
        }
    }
    order_paths.sort();
    for path in order_paths {
        let name = format!(
            "orders/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        files.push((name, read_file(&path)?));
    }
    Ok(files)
}

fn bad_json(file: &str, error: impl std::fmt::Display) -> SimError {
    SimError::BadJson {
        file: file.to_owned(),
        reason: error.to_string(),
    }
}

fn parse(files: impl IntoIterator<Item = (String, String)>) -> Result<SeedRecords, SimError> {
    let mut records = SeedRecords::default();
    for (name, text) in files {
        let list = |text: &str| -> Result<Vec<Value>, SimError> {
            serde_json::from_str(text).map_err(|e| bad_json(&name, e))
        };
        match name.as_str() {
            "sites.json" => records.catalog.sites = list(&text)?,
            "users.json" => records.catalog.users = list(&text)?,
            "products.json" => records.catalog.products = list(&text)?,
            "attributes.json" => {
                records.catalog.attributes =
                    crate::caseless::from_str::<Vec<AttributeDefinition>>(&text)
                        .map_err(|e| bad_json(&name, e))?
            }
            "workflows.json" => {
                records.catalog.workflows = crate::caseless::from_str::<Vec<Workflow>>(&text)
                    .map_err(|e| bad_json(&name, e))?
            }
            _ => records.orders.push(
                crate::caseless::from_str::<OrderDetail>(&text).map_err(|e| bad_json(&name, e))?,
            ),
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../fixtures/pressero")
    }

    #[test]
    fn bundled_seed_lists_every_fixture_file() {
        let on_disk: Vec<String> = read_dir_files(&fixtures_dir())
            .unwrap()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        let bundled: Vec<&str> = BUNDLED.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, bundled);
    }

    #[test]
    fn bundled_and_directory_seeds_hold_the_same_orders() {
        let bundled = Seed::bundled().load().unwrap();
        let dir = Seed::directory(fixtures_dir()).load().unwrap();
        assert_eq!(bundled.orders, dir.orders);
        assert_eq!(bundled.orders.len(), 16);
        assert_eq!(bundled.catalog.sites.len(), 5);
    }

    #[test]
    fn the_bundled_catalog_is_the_bundled_seed_without_its_orders() {
        let bundled = Seed::bundled().load().unwrap();
        let catalog = Seed::BundledCatalog.load().unwrap();
        assert!(catalog.orders.is_empty());
        assert_eq!(catalog.catalog.sites, bundled.catalog.sites);
        assert_eq!(catalog.catalog.products, bundled.catalog.products);
        assert_eq!(sample_orders().len(), bundled.orders.len());
    }

    #[test]
    fn the_kit_shape_orders_parse_and_are_admitted() {
        let mut shop = crate::shop::Shop::new(
            Seed::bundled().load().unwrap(),
            std::time::Duration::from_secs(60),
        )
        .unwrap();
        let orders = kit_shape_orders();
        assert_eq!(orders.len(), KIT_SHAPES.len());
        for order in orders {
            let order: OrderDetail = crate::caseless::from_value(order).unwrap();
            shop.add_order(order, chrono::Utc::now()).unwrap();
        }
        let parent = |n| shop.item(n, 1).unwrap().kit_children.clone();
        assert_eq!(parent(20031), Some(serde_json::json!([2, 3, 4])));
        assert!(parent(20032).unwrap()[0].is_object());
        assert_eq!(parent(20033), None);
    }

    #[test]
    fn the_shop_case_orders_parse_and_are_admitted() {
        let mut shop = crate::shop::Shop::new(
            Seed::bundled().load().unwrap(),
            std::time::Duration::from_secs(60),
        )
        .unwrap();
        let orders = shop_case_orders();
        assert_eq!(orders.len(), SHOP_CASES.len());
        for order in orders {
            let order: OrderDetail = crate::caseless::from_value(order).unwrap();
            shop.add_order(order, chrono::Utc::now()).unwrap();
        }
        assert_eq!(shop.order(20101).unwrap().detail.discount, 40.0);
    }

    #[test]
    fn a_broken_file_is_named_in_the_error() {
        let error = parse([("orders/1.json".to_owned(), "{".to_owned())]).unwrap_err();
        assert!(error.to_string().contains("orders/1.json"), "{error}");
    }
}

//! The simulated subscriber's live state: the catalog, the orders as they change over time
//! (approvals, `MisId`, workflow stages, shipments) and the tokens handed out. Everything the HTTP
//! handlers and the control functions change goes through here.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::admit::admit;
use crate::catalog::Catalog;
use crate::error::SimError;
use crate::requests::ShipmentRequest;
use crate::seed::SeedRecords;
use crate::tokens::Tokens;
use crate::wire::{Address, OrderDetail, OrderItem, PostedShipment, StageChange, StoredOrder};

/// The admin-side name of the stage an order is cancelled into (reference §2.3: the default
/// workflow's "Order Cancelled"; the reference knows no other cancel flag).
pub const ORDER_CANCELLED: &str = "Order Cancelled";

/// An approver's or admin's edit of an item after it was ordered ("Allow Approver to Edit
/// Orders", reference §3.2): each field given replaces the item's. Names as the nested item
/// (§3.9 (b)): `Quantity`, `Price`, `ShipToAddress`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ItemEdit {
    /// A new `Quantity` (also `UOMQuantity` and `TotalQuantity`).
    pub quantity: Option<u64>,
    /// A new `Price`.
    pub price: Option<f64>,
    /// A new `ShipToAddress`.
    pub ship_to_address: Option<Address>,
}

/// An approver's decision on an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Approve the item.
    Approve,
    /// Deny it ("Request Denied").
    Deny,
}

/// Catalog, orders and tokens.
#[derive(Debug, Clone)]
pub struct Shop {
    /// Sites, users, products, workflows.
    pub catalog: Catalog,
    /// Tokens handed out.
    pub tokens: Tokens,
    orders: BTreeMap<u64, StoredOrder>,
    /// Fields left out of each order's details, by order number (lower case).
    details_omit: BTreeMap<u64, Vec<String>>,
}

impl Shop {
    /// A shop holding the seed's records, every order checked; tokens live for `token_ttl`.
    pub fn new(seed: SeedRecords, token_ttl: Duration) -> Result<Self, SimError> {
        let mut shop = Shop {
            catalog: seed.catalog,
            tokens: Tokens::new(token_ttl),
            orders: BTreeMap::new(),
            details_omit: BTreeMap::new(),
        };
        let now = Utc::now();
        for order in seed.orders {
            shop.add_order(order, now)?;
        }
        Ok(shop)
    }

    /// Checks and stores a new order; `now` is its date when it has none. Returns its number.
    pub fn add_order(&mut self, order: OrderDetail, now: DateTime<Utc>) -> Result<u64, SimError> {
        if self.orders.contains_key(&order.order_number) {
            return Err(SimError::DuplicateOrder(order.order_number));
        }
        let detail = admit(&self.catalog, order, now)?;
        let number = detail.order_number;
        self.orders.insert(
            number,
            StoredOrder {
                detail,
                ..StoredOrder::default()
            },
        );
        Ok(number)
    }

    /// The order numbered `number`.
    pub fn order(&self, number: u64) -> Result<&StoredOrder, SimError> {
        self.orders
            .get(&number)
            .ok_or(SimError::UnknownOrder(number))
    }

    /// Every order, by number.
    pub fn orders(&self) -> impl Iterator<Item = &StoredOrder> {
        self.orders.values()
    }

    /// Item `seq` of order `number`.
    pub fn item(&self, number: u64, seq: u32) -> Result<&OrderItem, SimError> {
        self.order(number)?
            .detail
            .item(seq)
            .ok_or(SimError::UnknownItem {
                order_number: number,
                item_number: seq,
            })
    }

    fn order_and_item_mut(
        &mut self,
        number: u64,
        seq: u32,
    ) -> Result<(&mut StoredOrder, usize), SimError> {
        let order = self
            .orders
            .get_mut(&number)
            .ok_or(SimError::UnknownOrder(number))?;
        let index = order
            .detail
            .items
            .iter()
            .position(|i| i.order_item_number == seq)
            .ok_or(SimError::UnknownItem {
                order_number: number,
                item_number: seq,
            })?;
        Ok((order, index))
    }

    /// Records an approver's decision on item `seq` of order `number`.
    pub fn decide(
        &mut self,
        number: u64,
        seq: u32,
        decision: Decision,
        now: DateTime<Utc>,
    ) -> Result<(), SimError> {
        let (order, index) = self.order_and_item_mut(number, seq)?;
        let item = &mut order.detail.items[index];
        let approve = decision == Decision::Approve;
        item.is_approved = approve;
        item.is_denied = !approve;
        item.is_approved_with_modifications = false;
        item.approved_date = approve.then_some(now);
        item.approval_status = item.derived_approval_status().to_owned();
        Ok(())
    }

    /// Edits item `seq` of order `number` as an approver or admin would (see [`ItemEdit`]).
    pub fn edit_item(&mut self, number: u64, seq: u32, edit: ItemEdit) -> Result<(), SimError> {
        let (order, index) = self.order_and_item_mut(number, seq)?;
        let item = &mut order.detail.items[index];
        if let Some(quantity) = edit.quantity {
            item.quantity = quantity;
            item.uom_quantity = quantity;
            item.total_quantity = quantity;
        }
        if let Some(price) = edit.price {
            item.price = price;
        }
        if let Some(address) = edit.ship_to_address {
            item.ship_to_address = address;
        }
        Ok(())
    }

    /// Cancels order `number` as an admin would: every item moves to its workflow's
    /// [`ORDER_CANCELLED`] stage (a workflow without that stage → [`SimError::UnknownStage`]).
    pub fn cancel_order(&mut self, number: u64, now: DateTime<Utc>) -> Result<(), SimError> {
        let items: Vec<(u32, String)> = self
            .order(number)?
            .detail
            .items
            .iter()
            .map(|item| (item.order_item_number, item.workflow_id.clone()))
            .collect();
        for (seq, workflow_id) in items {
            let stage = self
                .catalog
                .workflow(&workflow_id)
                .and_then(|workflow| {
                    workflow
                        .stages
                        .iter()
                        .find(|stage| stage.printer_stage.eq_ignore_ascii_case(ORDER_CANCELLED))
                })
                .map(|stage| stage.workflow_stage_id.clone())
                .ok_or_else(|| SimError::UnknownStage {
                    stage_id: ORDER_CANCELLED.to_owned(),
                })?;
            self.set_stage(number, seq, &stage, "Cancelled by an admin", now)?;
        }
        Ok(())
    }

    /// Stores `mis_id` as the `MisId` of item `seq` of order `number`.
    pub fn set_mis_id(&mut self, number: u64, seq: u32, mis_id: String) -> Result<(), SimError> {
        let (order, index) = self.order_and_item_mut(number, seq)?;
        order.detail.items[index].mis_id = Some(mis_id);
        Ok(())
    }

    /// Moves item `seq` of order `number` to stage `stage_id` of its workflow, with `notes`.
    pub fn set_stage(
        &mut self,
        number: u64,
        seq: u32,
        stage_id: &str,
        notes: &str,
        now: DateTime<Utc>,
    ) -> Result<(), SimError> {
        let workflow_id = self.item(number, seq)?.workflow_id.clone();
        let stage = self
            .catalog
            .stage(&workflow_id, stage_id)
            .cloned()
            .ok_or_else(|| SimError::UnknownStage {
                stage_id: stage_id.to_owned(),
            })?;
        let (order, index) = self.order_and_item_mut(number, seq)?;
        let item = &mut order.detail.items[index];
        item.workflow_stage_id = stage.workflow_stage_id.clone();
        item.workflow_stage_number = stage.seq;
        item.workflow_stage_printer = stage.printer_stage.clone();
        item.workflow_stage_customer = stage.customer_stage.clone();
        item.workflow_stage_date = Some(now);
        order.stage_history.push(StageChange {
            order_item_number: seq,
            workflow_stage_id: stage.workflow_stage_id,
            printer_stage: stage.printer_stage,
            notes: notes.to_owned(),
            changed_at: Some(now),
        });
        Ok(())
    }

    /// Records a shipment of some items of one order; returns the new shipment's id.
    pub fn post_shipment(&mut self, request: ShipmentRequest) -> Result<String, SimError> {
        let info = request.shipment_info;
        if info.items.is_empty() {
            return Err(SimError::InvalidShipment(
                "ShipmentInfo.Items must name at least one order item.".into(),
            ));
        }
        let order = self
            .orders
            .values_mut()
            .find(|o| o.detail.order_id.eq_ignore_ascii_case(&request.order_id))
            .ok_or_else(|| {
                SimError::InvalidShipment(format!("Order '{}' not found.", request.order_id))
            })?;
        let mut item_ids = Vec::new();
        for reference in &info.items {
            let item = order
                .detail
                .items
                .iter()
                .find(|i| {
                    i.order_item_id
                        .eq_ignore_ascii_case(&reference.order_item_id)
                })
                .ok_or_else(|| {
                    SimError::InvalidShipment(format!(
                        "Order item '{}' is not an item of order {}.",
                        reference.order_item_id, order.detail.order_number
                    ))
                })?;
            item_ids.push(item.order_item_id.clone());
        }
        let shipment_id = uuid::Uuid::new_v4().to_string();
        order.shipments.push(PostedShipment {
            shipment_id: shipment_id.clone(),
            site_shipping_method_name: request.site_shipping_method_name,
            ship_date: info.ship_date,
            tracking: info.tracking,
            cost: info.cost,
            address: info.address,
            order_item_ids: item_ids,
        });
        Ok(shipment_id)
    }

    /// Leaves `fields` out of order `number`'s details from now on (see
    /// [`Shop::details_omitted`]).
    pub fn omit_from_details(&mut self, number: u64, fields: &[&str]) -> Result<(), SimError> {
        self.order(number)?;
        self.details_omit.insert(
            number,
            fields
                .iter()
                .map(|f| f.trim().to_ascii_lowercase())
                .collect(),
        );
        Ok(())
    }

    /// The fields (lower case) order `number`'s details are served without.
    pub fn details_omitted(&self, number: u64) -> &[String] {
        self.details_omit.get(&number).map_or(&[], Vec::as_slice)
    }

    /// Expires every token handed out so far.
    pub fn expire_tokens(&mut self) {
        self.tokens.expire_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::{ShipmentInfo, ShipmentItemRef};
    use crate::seed::Seed;

    fn shop() -> Shop {
        Shop::new(Seed::bundled().load().unwrap(), Duration::from_secs(60)).unwrap()
    }

    #[test]
    fn every_fixture_order_is_admitted() {
        let shop = shop();
        let numbers: Vec<u64> = shop.orders().map(StoredOrder::order_number).collect();
        assert_eq!(numbers, (10001..=10016).collect::<Vec<_>>());
    }

    #[test]
    fn a_duplicate_order_number_is_refused() {
        let mut shop = shop();
        let again = shop.order(10001).unwrap().detail.clone();
        assert!(matches!(
            shop.add_order(again, Utc::now()),
            Err(SimError::DuplicateOrder(10001))
        ));
    }

    #[test]
    fn approving_and_denying_set_the_flags() {
        let mut shop = shop();
        let now = Utc::now();
        shop.decide(10005, 2, Decision::Approve, now).unwrap();
        let item = shop.item(10005, 2).unwrap();
        assert!(item.is_approved && !item.is_denied);
        assert_eq!(item.approved_date, Some(now));
        shop.decide(10005, 2, Decision::Deny, now).unwrap();
        let item = shop.item(10005, 2).unwrap();
        assert!(!item.is_approved && item.is_denied);
        assert_eq!(item.approval_status, "Denied");
        assert!(matches!(
            shop.decide(10005, 9, Decision::Deny, now),
            Err(SimError::UnknownItem { .. })
        ));
    }

    #[test]
    fn an_edit_changes_only_the_fields_given_and_a_cancel_moves_every_item() {
        let mut shop = shop();
        let before = shop.item(10002, 1).unwrap().clone();
        let edit = ItemEdit {
            quantity: Some(1000),
            ..ItemEdit::default()
        };
        shop.edit_item(10002, 1, edit).unwrap();
        let item = shop.item(10002, 1).unwrap();
        assert_eq!((item.quantity, item.total_quantity), (1000, 1000));
        assert_eq!(
            (item.price, &item.ship_to_address),
            (before.price, &before.ship_to_address)
        );
        shop.cancel_order(10002, Utc::now()).unwrap();
        let order = shop.order(10002).unwrap();
        assert!(
            order
                .detail
                .items
                .iter()
                .all(|item| item.workflow_stage_printer == ORDER_CANCELLED)
        );
    }

    #[test]
    fn stage_changes_are_checked_against_the_items_workflow_and_recorded() {
        let mut shop = shop();
        let item = shop.item(10001, 1).unwrap().clone();
        let workflow = shop.catalog.workflow(&item.workflow_id).unwrap().clone();
        let press = workflow
            .stages
            .iter()
            .find(|s| s.printer_stage == "Press")
            .unwrap();
        shop.set_stage(10001, 1, &press.workflow_stage_id, "Job 4711", Utc::now())
            .unwrap();
        let order = shop.order(10001).unwrap();
        assert_eq!(order.detail.items[0].workflow_stage_printer, "Press");
        assert_eq!(order.stage_history[0].notes, "Job 4711");
        assert!(matches!(
            shop.set_stage(10001, 1, "no-such-stage", "", Utc::now()),
            Err(SimError::UnknownStage { .. })
        ));
    }

    #[test]
    fn shipments_must_name_items_of_the_order() {
        let mut shop = shop();
        let order = shop.order(10002).unwrap().detail.clone();
        let request = |item_id: &str| ShipmentRequest {
            order_id: order.order_id.to_uppercase(),
            site_shipping_method_name: "UPS Ground".into(),
            shipment_info: ShipmentInfo {
                items: vec![ShipmentItemRef {
                    order_item_id: item_id.into(),
                }],
                ..ShipmentInfo::default()
            },
        };
        assert!(shop.post_shipment(request("not-an-item")).is_err());
        let id = shop
            .post_shipment(request(&order.items[1].order_item_id))
            .unwrap();
        let stored = shop.order(10002).unwrap();
        assert_eq!(stored.shipments[0].shipment_id, id);
        assert_eq!(
            stored.shipments[0].order_item_ids,
            vec![order.items[1].order_item_id.clone()]
        );
    }
}

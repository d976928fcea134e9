//! Builds the normalized [`Order`] from Pressero's order detail, its items, and the enrichment
//! the client fetched (site info, user info, products). Pure: no I/O, so every rule (kits,
//! approval, the user's fallbacks, the site's Integration ID) is tested without a server.

use std::collections::{HashMap, HashSet};

use crate::order::{KitRole, Order, Site, SiteUser};
use crate::records::Product;
use crate::wire::decode::{self, ItemDetail, OrderDetail};
use crate::wire::json::{FieldError, Obj};

/// A field error with the order and item it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    pub(crate) order_number: Option<u64>,
    pub(crate) item_number: Option<u32>,
    pub(crate) error: FieldError,
}

/// An order detail read, with its items read too.
#[derive(Debug)]
pub(crate) struct ParsedOrder {
    pub(crate) detail: OrderDetail,
    pub(crate) items: Vec<ItemDetail>,
}

/// Reads an order detail and every item in it.
pub(crate) fn parse_order(obj: &Obj<'_>) -> Result<ParsedOrder, Located> {
    let order_number = decode::order_number(obj).ok();
    let at_order = |error| Located {
        order_number,
        item_number: None,
        error,
    };
    let detail = decode::order_detail(obj).map_err(at_order)?;
    let items = decode::order_items(obj)
        .map_err(at_order)?
        .iter()
        .map(|item| parse_item(item, detail.order_number))
        .collect::<Result<_, _>>()?;
    Ok(ParsedOrder { detail, items })
}

/// Reads one item, naming the order and (when readable) the item in errors.
pub(crate) fn parse_item(obj: &Obj<'_>, order_number: u64) -> Result<ItemDetail, Located> {
    decode::item(obj).map_err(|error| Located {
        order_number: Some(order_number),
        item_number: decode::item_number(obj).ok(),
        error,
    })
}

/// What the client fetched besides the order detail.
#[derive(Debug, Default)]
pub(crate) struct Enrichment {
    /// Site info (`GET /api/SiteInfo/{id}`), when the order names a site.
    pub(crate) site: Option<Site>,
    /// User info, when the order names a user Pressero still knows.
    pub(crate) user: Option<SiteUser>,
    /// Products by `ProductId`.
    pub(crate) products: HashMap<String, Product>,
}

/// Assembles the normalized order.
pub(crate) fn assemble(
    detail: OrderDetail,
    mut items: Vec<ItemDetail>,
    enrichment: Enrichment,
) -> Result<Order, Located> {
    link_kits(&mut items, detail.order_number)?;
    let items = items
        .into_iter()
        .map(|parsed| {
            let mut item = parsed.item;
            if let Some(product) = enrichment.products.get(&item.product_id) {
                item.product_integration_id = product.integration_id.clone();
                if item.attributes.is_empty() {
                    item.attributes = product.attributes.clone();
                }
            }
            item
        })
        .collect();
    Ok(Order {
        order_id: detail.order_id,
        order_number: detail.order_number,
        order_date: detail.order_date,
        site: merge_site(detail.site, enrichment.site),
        ordered_by: merge_user(detail.ordered_by, &detail.user_id, enrichment.user),
        bill_to: detail.bill_to,
        po_number: detail.po_number,
        requested_ship_date: detail.requested_ship_date,
        notes: detail.notes,
        totals: detail.totals,
        items,
    })
}

/// Kit children are linked to their parent by their own `KitParentOrderItemId` or by the
/// parent's `KitChildren`; a child whose parent is not in the order is an error.
fn link_kits(items: &mut [ItemDetail], order_number: u64) -> Result<(), Located> {
    let parent_of: HashMap<String, String> = items
        .iter()
        .filter(|parsed| parsed.item.kit == KitRole::Parent)
        .flat_map(|parent| {
            parent
                .kit_children
                .iter()
                .map(|child| (child.clone(), parent.item.item_id.clone()))
        })
        .collect();
    let ids: HashSet<String> = items.iter().map(|p| p.item.item_id.clone()).collect();
    for parsed in items.iter_mut() {
        let item = &mut parsed.item;
        if item.kit == KitRole::None {
            if let Some(parent) = parent_of.get(&item.item_id) {
                item.kit = KitRole::Child {
                    parent_item_id: parent.clone(),
                };
            }
        }
        if let KitRole::Child { parent_item_id } = &item.kit {
            if !ids.contains(parent_item_id) || parent_item_id == &item.item_id {
                return Err(Located {
                    order_number: Some(order_number),
                    item_number: Some(item.item_number),
                    error: FieldError {
                        field: "KitParentOrderItemId".to_owned(),
                        problem: format!(
                            "is {parent_item_id:?}, but no other item of the order has that \
                             OrderItemId"
                        ),
                    },
                });
            }
        }
    }
    Ok(())
}

/// The order's own site fields, completed by site info (which carries the Integration ID).
fn merge_site(from_order: Site, info: Option<Site>) -> Site {
    let Some(info) = info else {
        return from_order;
    };
    Site {
        site_id: first_non_empty(from_order.site_id, info.site_id),
        site_name: first_non_empty(info.site_name, from_order.site_name),
        domain: first_non_empty(from_order.domain, info.domain),
        integration_id: info.integration_id,
    }
}

/// The site user from user info, completed by the order's `OrderedBy` where user info is
/// silent (or missing, e.g. a deleted user).
fn merge_user(ordered_by: SiteUser, user_id: &str, info: Option<SiteUser>) -> SiteUser {
    let info = info.unwrap_or_default();
    SiteUser {
        user_id: first_non_empty(info.user_id, user_id.to_owned()),
        first_name: first_non_empty(info.first_name, ordered_by.first_name),
        middle_name: info.middle_name,
        last_name: first_non_empty(info.last_name, ordered_by.last_name),
        email: first_non_empty(info.email, ordered_by.email),
        title: info.title,
        phone: info.phone,
        cell_phone: info.cell_phone,
        department: ordered_by.department,
        address: info.address,
    }
}

fn first_non_empty(preferred: String, fallback: String) -> String {
    if preferred.is_empty() {
        fallback
    } else {
        preferred
    }
}

#[cfg(test)]
mod tests;

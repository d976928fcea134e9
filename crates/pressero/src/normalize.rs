//! Builds the normalized [`Order`] from Pressero's flat search rows (reference §3.1: they carry
//! everything the mapping needs), what the order details add (a PROPOSAL shape: production
//! files, "Will Ship Separately", pricing parameters, kit links, order notes, the user's id),
//! and the enrichment the client fetched (site info, user info, products). Pure: no I/O, so
//! every rule (kits, approval, the user's fallbacks, the site's Integration ID, what the details
//! lacked) is tested without a server.

use std::collections::{HashMap, HashSet};

use crate::order::{Address, KitRole, Order, Site, SiteUser};
use crate::records::Product;
use crate::wire::decode::{self, Details, ItemDetail, KitRef, OrderDetail, Row};
use crate::wire::json::{FieldError, Obj};

/// A field error with the order and item it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    pub(crate) order_number: Option<u64>,
    pub(crate) item_number: Option<u32>,
    pub(crate) error: FieldError,
}

/// An order read from its rows and completed from its details, not yet enriched.
#[derive(Debug)]
pub(crate) struct ParsedOrder {
    pub(crate) detail: OrderDetail,
    pub(crate) items: Vec<ItemDetail>,
    /// What the order details lacked (or all of them, when they could not be read): phrases
    /// for the order's trace.
    pub(crate) gaps: Vec<String>,
}

/// Reads one search row in full, naming the order and (when readable) the item in errors.
pub(crate) fn parse_row(obj: &Obj<'_>) -> Result<Row, Located> {
    decode::row(obj).map_err(|error| Located {
        order_number: decode::order_number(obj).ok(),
        item_number: decode::item_number(obj).ok(),
        error,
    })
}

/// Reads one item detail, naming the order and (when readable) the item in errors.
pub(crate) fn parse_item(obj: &Obj<'_>, order_number: u64) -> Result<ItemDetail, Located> {
    decode::item(obj).map_err(|error| Located {
        order_number: Some(order_number),
        item_number: decode::item_number(obj).ok(),
        error,
    })
}

/// What the client says when the details could not be read at all.
const WITHOUT_DETAILS: &str = "no production files, no order notes, no \"Will Ship \
    Separately\", no pricing parameters, no user info; kit links from the rows only";

/// The order `order_number` from its rows (at least one), completed from `details` where they
/// could be read (`Err` says why not). Rows of other orders are ignored; a row seen twice
/// counts once (the later wins).
pub(crate) fn from_rows(
    order_number: u64,
    rows: Vec<Row>,
    details: Result<Details, String>,
) -> Option<ParsedOrder> {
    let mut rows: Vec<Row> = rows
        .into_iter()
        .filter(|r| r.order.order_number == order_number)
        .collect();
    let mut detail = rows.first()?.order.clone();
    let mut items: Vec<ItemDetail> = Vec::new();
    for row in rows.drain(..) {
        items.retain(|i| i.item.item_number != row.item.item.item_number);
        items.push(row.item);
    }
    items.sort_by_key(|i| i.item.item_number);
    let mut gaps = Vec::new();
    match details {
        Err(why) => gaps.push(format!(
            "the order details could not be read ({why}): {WITHOUT_DETAILS}"
        )),
        Ok(details) if details.order_number.is_some_and(|n| n != order_number) => {
            gaps.push(format!(
                "the order details are of order {}, not used: {WITHOUT_DETAILS}",
                details.order_number.unwrap_or_default()
            ));
        }
        Ok(details) => complete(&mut detail, &mut items, details, &mut gaps),
    }
    if detail.requested_ship_date.is_none() {
        detail.requested_ship_date = items
            .iter()
            .filter_map(|i| i.item.requested_ship_date)
            .min();
    }
    Some(ParsedOrder {
        detail,
        items,
        gaps,
    })
}

/// Adds to the rows' order and items what only the details carry.
fn complete(
    detail: &mut OrderDetail,
    items: &mut [ItemDetail],
    details: Details,
    gaps: &mut Vec<String>,
) {
    gaps.extend(details.gaps);
    detail.user_id = details.user_id;
    detail.notes = details.notes.unwrap_or_default();
    detail.requested_ship_date = details.requested_ship_date;
    if let Some(bill_to) = &details.bill_to {
        fill_address(&mut detail.bill_to, bill_to);
    }
    let ids: HashSet<String> = items
        .iter()
        .map(|i| i.item.item_id.to_ascii_lowercase())
        .collect();
    for parsed in items.iter_mut() {
        let item = &mut parsed.item;
        let found = details
            .items
            .iter()
            .find(|d| !d.item_id.is_empty() && d.item_id.eq_ignore_ascii_case(&item.item_id))
            .or_else(|| {
                details
                    .items
                    .iter()
                    .find(|d| d.item_number == Some(item.item_number))
            });
        let Some(extra) = found else {
            if details.has_items {
                gaps.push(format!(
                    "item {}: not in the order details (no production files, no \"Will Ship \
                     Separately\", no pricing parameters)",
                    item.item_number
                ));
            }
            continue;
        };
        if item.product_id.is_empty() {
            item.product_id.clone_from(&extra.product_id);
        }
        if let Some(files) = &extra.files {
            item.files = files.clone();
        }
        if let Some(separately) = extra.ships_separately {
            item.ships_separately = separately;
        }
        if let Some(parameters) = &extra.pricing_parameters {
            item.pricing_parameters = parameters.clone();
        }
        if let Some(ship_to) = &extra.ship_to {
            fill_address(&mut item.ship_to, ship_to);
        }
        if item.kit == KitRole::None {
            if extra.is_kit {
                item.kit = KitRole::Parent;
            } else if !extra.kit_parent.is_empty() {
                if ids.contains(&extra.kit_parent.to_ascii_lowercase()) {
                    item.kit = KitRole::Child {
                        parent_item_id: extra.kit_parent.clone(),
                    };
                } else {
                    gaps.push(format!(
                        "item {}: the details' `KitParentOrderItemId` {:?} names no item of the \
                         order, not used",
                        item.item_number, extra.kit_parent
                    ));
                }
            }
        }
        parsed.kit_children = extra.kit_children.clone();
    }
}

/// Fills each empty field of `address` (from a row) from `from` (the details' object).
fn fill_address(address: &mut Address, from: &Address) {
    let pairs = [
        (&mut address.business, &from.business),
        (&mut address.first_name, &from.first_name),
        (&mut address.last_name, &from.last_name),
        (&mut address.title, &from.title),
        (&mut address.address1, &from.address1),
        (&mut address.address2, &from.address2),
        (&mut address.address3, &from.address3),
        (&mut address.city, &from.city),
        (&mut address.state_province, &from.state_province),
        (&mut address.postal, &from.postal),
        (&mut address.country, &from.country),
        (&mut address.phone, &from.phone),
        (&mut address.cell_phone, &from.cell_phone),
        (&mut address.email, &from.email),
    ];
    for (field, value) in pairs {
        if field.is_empty() {
            field.clone_from(value);
        }
    }
}

/// What the client fetched besides the rows and the details.
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
/// parent's `KitChildren` (ids, item numbers, or objects carrying either); a child whose own
/// `KitParentOrderItemId` names no other item of the order is an error. `KitChildren` entries
/// that name no item are ignored.
fn link_kits(items: &mut [ItemDetail], order_number: u64) -> Result<(), Located> {
    let id_of = |reference: &KitRef| {
        items
            .iter()
            .find(|i| match reference {
                KitRef::Text(text) => {
                    i.item.item_id.eq_ignore_ascii_case(text)
                        || text.parse::<u64>().ok() == Some(u64::from(i.item.item_number))
                }
                KitRef::Number(number) => *number == u64::from(i.item.item_number),
            })
            .map(|i| i.item.item_id.clone())
    };
    let parent_of: HashMap<String, String> = items
        .iter()
        .filter(|parsed| parsed.item.kit == KitRole::Parent)
        .flat_map(|parent| {
            parent
                .kit_children
                .iter()
                .filter_map(id_of)
                .filter(|child| child != &parent.item.item_id)
                .map(|child| (child, parent.item.item_id.clone()))
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

/// The site user from user info, completed by the order's `OrderedBy*` where user info is
/// silent (or missing, e.g. a deleted user or no `UserId`).
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

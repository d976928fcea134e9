//! A ship-to's country as Pace's Country id, and its state as a Pace State key.
//!
//! Pressero gives the country as an ISO code (`CA`) or, from some address books, a name
//! (`Germany`); Pace's `country` is an int id (reference §4.1, `1` = US) and its `stateKey` is
//! `country:code` (`2:ON`). The resolver reads Pace's Country and State lists once (cached,
//! [`crate::resolve`]); here the ship-to is matched against them, case-insensitively, by ISO
//! code first and then by name. The state key is sent only when Pace has that key: a country
//! whose states Pace does not list (Germany in most Pace set-ups) gets its state as text only.
//! A blank country sends neither (as before). A country Pace does not have stops the order with
//! the item and the fix named: a shipment without its country is what the shop must not get.

use super::PlanContext;
use super::error::PlanError;
use super::fields::{FieldList, address};
use pressero::order::OrderItem;

/// Adds `country` and, where Pace has it, `stateKey` for `item`'s ship-to.
pub(crate) fn country_fields(
    ctx: &PlanContext<'_>,
    item: &OrderItem,
    list: &mut FieldList,
) -> Result<(), PlanError> {
    let given = item.ship_to.country.trim();
    if given.is_empty() {
        return Ok(());
    }
    let countries = &ctx.facts.countries;
    let country = countries
        .iter()
        .find(|c| c.iso_code.trim().eq_ignore_ascii_case(given))
        .or_else(|| {
            countries
                .iter()
                .find(|c| c.name.trim().eq_ignore_ascii_case(given))
        })
        .ok_or_else(|| PlanError::UnknownCountry {
            order: ctx.order.order_number,
            item: item.item_number,
            country: given.to_owned(),
        })?;
    list.int(address::COUNTRY, country.id);
    let state = item.ship_to.state_province.trim().to_uppercase();
    let key = format!("{}:{state}", country.id);
    if !state.is_empty() && ctx.facts.state_keys.contains(&key) {
        list.text(address::STATE_KEY, &key);
    }
    Ok(())
}

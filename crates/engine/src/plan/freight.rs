//! Sharing an amount (the order's shipping, an item's money over its split jobs) out so that the
//! shares add up exactly, with cent remainders given out deterministically.

use pressero::order::OrderItem;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// `total` shared out by price over every item of `all` (the whole order: denied and waiting
/// items keep their share, so it is never charged to the others), picked for `items`.
pub(crate) fn share_by_price(
    total: Decimal,
    all: &[OrderItem],
    items: &[&OrderItem],
) -> Vec<Decimal> {
    let prices: Vec<Decimal> = all.iter().map(|i| i.price).collect();
    let shares = allocate(total, &prices);
    items
        .iter()
        .map(|item| {
            all.iter()
                .position(|i| i.item_id == item.item_id)
                .and_then(|index| shares.get(index).copied())
                .unwrap_or_default()
        })
        .collect()
}

/// Splits `total` in proportion to `weights`, in units of 0.01 (or finer when `total` has more
/// decimals). Shares add up exactly to `total`. When the weights are all zero (or any is
/// negative) the split is even. Leftover units go to the largest remainders, ties to the
/// earliest share.
pub(crate) fn allocate(total: Decimal, weights: &[Decimal]) -> Vec<Decimal> {
    if weights.is_empty() {
        return Vec::new();
    }
    let scale = total.scale().max(2);
    let unit = Decimal::new(1, scale);
    let units = (total / unit).trunc();
    let even = weights.iter().any(|w| w.is_sign_negative()) || weights.iter().all(|w| w.is_zero());
    let weights: Vec<Decimal> = if even {
        vec![Decimal::ONE; weights.len()]
    } else {
        weights.to_vec()
    };
    let weight_sum: Decimal = weights.iter().sum();
    let exact: Vec<Decimal> = weights.iter().map(|w| units * *w / weight_sum).collect();
    let mut shares: Vec<Decimal> = exact.iter().map(|e| e.floor()).collect();
    let given: Decimal = shares.iter().sum();
    let leftover = (units - given).to_usize().unwrap_or(0);
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - shares[b])
            .cmp(&(exact[a] - shares[a]))
            .then(a.cmp(&b))
    });
    for &index in order.iter().cycle().take(leftover) {
        shares[index] += Decimal::ONE;
    }
    shares.into_iter().map(|s| s * unit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn splits_by_weight_and_adds_up_exactly() {
        let shares = allocate(d("10.00"), &[d("1"), d("1"), d("1")]);
        assert_eq!(shares, vec![d("3.34"), d("3.33"), d("3.33")]);
        assert_eq!(shares.iter().sum::<Decimal>(), d("10.00"));
    }

    #[test]
    fn follows_the_prices() {
        let shares = allocate(d("12.00"), &[d("100"), d("200"), d("0")]);
        assert_eq!(shares, vec![d("4.00"), d("8.00"), d("0")]);
    }

    #[test]
    fn the_largest_remainder_gets_the_leftover_cent() {
        // 1.00 by 1:2 = 0.333… and 0.666…: the second has the larger remainder.
        assert_eq!(
            allocate(d("1.00"), &[d("1"), d("2")]),
            vec![d("0.33"), d("0.67")]
        );
    }

    #[test]
    fn zero_weights_split_evenly_and_finer_amounts_keep_their_scale() {
        assert_eq!(
            allocate(d("0.05"), &[d("0"), d("0")]),
            vec![d("0.03"), d("0.02")]
        );
        let shares = allocate(d("1.001"), &[d("1"), d("1")]);
        assert_eq!(shares.iter().sum::<Decimal>(), d("1.001"));
    }
}

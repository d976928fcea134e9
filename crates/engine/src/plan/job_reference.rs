//! What an order's jobs carry in Pace's `reference` field, so that Pace itself can say which
//! orders it holds: apply finds an interrupted job by it, and the worker asks Pace for the jobs
//! of orders the local database never wrote (a lost or new data folder) before creating them.

/// Words before the order number.
const PREFIX: &str = "Pressero order ";
/// Words after it, on the jobs of "One job per order item".
const ITEM: &str = " item ";

/// The `reference` of an order's one job: `Pressero order 10001`.
pub fn job_reference(order_number: u64) -> String {
    format!("{PREFIX}{order_number}")
}

/// The `reference` of one item's job (and file copy) under "One job per order item":
/// `Pressero order 10001 item 2 file 1`.
pub fn item_job_reference(order_number: u64, item: u32, file: usize) -> String {
    format!("{}{ITEM}{item} file {file}", job_reference(order_number))
}

/// The start every item job reference of the order has (`Pressero order 10001 item `): not a
/// prefix of order 100010's.
pub fn item_job_reference_prefix(order_number: u64) -> String {
    format!("{}{ITEM}", job_reference(order_number))
}

/// The order whose job carries `reference`, if it is one of ours.
pub fn order_of_job_reference(reference: &str) -> Option<u64> {
    let rest = reference.trim().strip_prefix(PREFIX)?;
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (number, tail) = rest.split_at(digits);
    (tail.is_empty() || tail.starts_with(ITEM))
        .then(|| number.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_their_order_and_no_other() {
        assert_eq!(order_of_job_reference(&job_reference(10001)), Some(10001));
        assert_eq!(
            order_of_job_reference(&item_job_reference(10001, 2, 1)),
            Some(10001)
        );
        assert!(item_job_reference(10001, 2, 1).starts_with(&item_job_reference_prefix(10001)));
        assert!(!item_job_reference(100010, 2, 1).starts_with(&item_job_reference_prefix(10001)));
        assert_eq!(order_of_job_reference("Pressero order 10001x"), None);
        assert_eq!(order_of_job_reference("Reprint of 10001"), None);
    }
}

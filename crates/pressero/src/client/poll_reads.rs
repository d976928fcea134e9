//! Storefront, user and product information read once per poll: a poll reads many orders of few
//! storefronts, buyers and products, and each read of an order needs its site info (the
//! Integration ID), its user and its products. [`PresseroClient::for_one_poll`] gives a client
//! that remembers those answers for as long as it is kept — one poll — so a storefront's
//! Integration ID fixed in Pressero counts from the next poll on. Concurrent reads of one
//! thing wait for the first instead of asking again. Failures are not remembered.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::OnceCell;

use crate::error::PresseroError;
use crate::order::{Site, SiteUser};
use crate::records::Product;

/// One answer per key, shared by everyone who asks during the poll.
type Answers<T> = Mutex<HashMap<String, Arc<OnceCell<T>>>>;

/// What a poll has read so far.
#[derive(Debug, Default)]
pub(super) struct PollReads {
    /// Site info, by site id.
    pub(super) sites: Answers<Site>,
    /// Site users, by user id.
    pub(super) users: Answers<SiteUser>,
    /// Products, by `<domain>/<product id>`.
    pub(super) products: Answers<Product>,
    /// Each site's product list, by domain.
    pub(super) product_lists: Answers<Vec<Product>>,
}

/// The answer for `key`: the one already read, else `read`'s (kept only if it succeeded).
pub(super) async fn once<T: Clone>(
    answers: &Answers<T>,
    key: &str,
    read: impl Future<Output = Result<T, PresseroError>>,
) -> Result<T, PresseroError> {
    let cell = answers
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(key.to_owned())
        .or_default()
        .clone();
    cell.get_or_try_init(|| read).await.cloned()
}

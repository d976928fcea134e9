//! Everything the simulator remembers between calls: the live tables, the key sequences, and
//! the open transactions with their working copies.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::soap::fault::Fault;
use crate::store::write::UnknownFields;
use crate::store::{Sequences, Tables};

/// An open transaction: a working copy of the tables that calls carrying its `txnId` write to.
#[derive(Debug)]
pub struct Transaction {
    /// The staged state.
    pub tables: Tables,
    /// When it lapses (Pace's `startTransaction(timeout)`).
    pub expires: Instant,
}

/// The simulated Pace database.
#[derive(Debug, Default)]
pub struct PaceState {
    /// Committed objects.
    pub live: Tables,
    /// Key sequences, shared by all transactions (not rolled back, like database sequences).
    pub sequences: Sequences,
    /// What creates and updates do with fields a type does not have.
    pub unknown_fields: UnknownFields,
    transactions: BTreeMap<String, Transaction>,
    last_transaction: u64,
}

impl PaceState {
    /// A database holding `live` with sequences ready to continue after it.
    pub fn new(live: Tables, sequences: Sequences) -> Self {
        PaceState {
            live,
            sequences,
            unknown_fields: UnknownFields::default(),
            transactions: BTreeMap::new(),
            last_transaction: 0,
        }
    }

    /// Opens a transaction lasting `timeout`; returns its id.
    pub fn start_transaction(&mut self, timeout: Duration) -> String {
        self.last_transaction += 1;
        let id = format!("{}", 5000 + self.last_transaction);
        self.transactions.insert(
            id.clone(),
            Transaction {
                tables: self.live.working_copy(),
                expires: Instant::now() + timeout,
            },
        );
        id
    }

    /// The open, unexpired transaction `id`, or `The transaction is invalid.`
    pub fn transaction(&mut self, id: &str) -> Result<&mut Transaction, Fault> {
        let expired = self
            .transactions
            .get(id)
            .is_some_and(|t| t.expires <= Instant::now());
        if expired {
            self.transactions.remove(id);
        }
        self.transactions
            .get_mut(id)
            .ok_or_else(Fault::invalid_transaction)
    }

    /// The open transaction `id` together with the sequences, for a call staged in it.
    pub fn transaction_and_sequences(
        &mut self,
        id: &str,
    ) -> Result<(&mut Transaction, &mut Sequences), Fault> {
        self.transaction(id)?;
        let transaction = self
            .transactions
            .get_mut(id)
            .ok_or_else(Fault::invalid_transaction)?;
        Ok((transaction, &mut self.sequences))
    }

    /// Ends transaction `id` without applying it (rollback, or a fault inside it).
    pub fn discard_transaction(&mut self, id: &str) -> Result<(), Fault> {
        self.transaction(id)?;
        self.transactions.remove(id);
        Ok(())
    }

    /// Applies transaction `id` to the live tables and ends it.
    pub fn commit_transaction(&mut self, id: &str) -> Result<(), Fault> {
        self.transaction(id)?;
        let transaction = self
            .transactions
            .remove(id)
            .ok_or_else(Fault::invalid_transaction)?;
        self.live.merge(transaction.tables);
        Ok(())
    }
}

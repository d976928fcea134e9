//! The local directory of Pace contacts and customers: what identifying a buyer needs (a
//! contact's e-mail, customer, activity, address and phone; a customer's name, e-mail and
//! activity), kept so that e-mails can be compared without regard to case (Pace's XPath has no
//! `lower-case()`, reference §4.2) and so that most orders need no Pace look-up for their
//! customer. Filled and refreshed by the resolver (`resolve/directory.rs`); e-mails are kept as
//! Pace has them and matched by [`email_key`].

use super::Store;
use super::error::{During, StoreError};
use rusqlite::{Row, params};
use std::collections::BTreeSet;

/// A Pace contact as the directory keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryContact {
    /// Contact `id`.
    pub id: i64,
    /// `email`, as Pace has it.
    pub email: String,
    /// `customer`.
    pub customer: String,
    /// `active`.
    pub active: bool,
    /// `firstName`.
    pub first_name: String,
    /// `lastName`.
    pub last_name: String,
    /// `address1`.
    pub address1: String,
    /// `address2`.
    pub address2: String,
    /// `address3`.
    pub address3: String,
    /// `city`.
    pub city: String,
    /// `state`.
    pub state: String,
    /// `zip`.
    pub zip: String,
    /// `businessPhoneNumber`, else `mobilePhoneNumber`.
    pub phone: String,
}

/// A Pace customer as the directory keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryCustomer {
    /// Customer `id`.
    pub id: String,
    /// `custName`.
    pub name: String,
    /// `email`, as Pace has it.
    pub email: String,
    /// Whether its status is an active one.
    pub active: bool,
}

/// How e-mails are compared: trimmed and lower-cased.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

const CONTACT_COLUMNS: &str = "id, email, customer, active, first_name, last_name, address1, \
     address2, address3, city, state, zip, phone";

fn contact_of(row: &Row<'_>) -> rusqlite::Result<DirectoryContact> {
    Ok(DirectoryContact {
        id: row.get(0)?,
        email: row.get(1)?,
        customer: row.get(2)?,
        active: row.get(3)?,
        first_name: row.get(4)?,
        last_name: row.get(5)?,
        address1: row.get(6)?,
        address2: row.get(7)?,
        address3: row.get(8)?,
        city: row.get(9)?,
        state: row.get(10)?,
        zip: row.get(11)?,
        phone: row.get(12)?,
    })
}

fn customer_of(row: &Row<'_>) -> rusqlite::Result<DirectoryCustomer> {
    Ok(DirectoryCustomer {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        active: row.get(3)?,
    })
}

impl Store {
    /// Replaces the whole directory (a full load), in one transaction.
    pub fn directory_replace(
        &self,
        contacts: &[DirectoryContact],
        customers: &[DirectoryCustomer],
    ) -> Result<(), StoreError> {
        let operation = "replace the Pace directory";
        self.write(operation, None, |transaction| {
            transaction
                .execute_batch("DELETE FROM directory_contacts; DELETE FROM directory_customers;")
                .during(operation, None)?;
            put(transaction, operation, contacts, customers)
        })
    }

    /// Adds or updates these contacts and customers (an incremental refresh, or what a direct
    /// Pace query found).
    pub fn directory_merge(
        &self,
        contacts: &[DirectoryContact],
        customers: &[DirectoryCustomer],
    ) -> Result<(), StoreError> {
        let operation = "update the Pace directory";
        self.write(operation, None, |transaction| {
            put(transaction, operation, contacts, customers)
        })
    }

    /// The contacts whose e-mail is one of `emails` (compared by [`email_key`]), active or not.
    pub fn directory_contacts_with_emails(
        &self,
        emails: &BTreeSet<String>,
    ) -> Result<Vec<DirectoryContact>, StoreError> {
        let operation = "read contacts from the Pace directory";
        let sql = format!(
            "SELECT {CONTACT_COLUMNS} FROM directory_contacts WHERE email_key = ?1 ORDER BY id"
        );
        self.read(|connection| {
            let mut statement = connection.prepare_cached(&sql).during(operation, None)?;
            let mut found = Vec::new();
            for email in emails {
                let rows = statement
                    .query_map([email_key(email)], contact_of)
                    .during(operation, None)?;
                for row in rows {
                    found.push(row.during(operation, None)?);
                }
            }
            Ok(found)
        })
    }

    /// The customers with these ids.
    pub fn directory_customers_by_id(
        &self,
        ids: &BTreeSet<String>,
    ) -> Result<Vec<DirectoryCustomer>, StoreError> {
        self.directory_customers_where("id = ?1", ids.iter().cloned())
    }

    /// The customers whose own e-mail is one of `emails` (compared by [`email_key`]).
    pub fn directory_customers_with_emails(
        &self,
        emails: &BTreeSet<String>,
    ) -> Result<Vec<DirectoryCustomer>, StoreError> {
        self.directory_customers_where("email_key = ?1", emails.iter().map(|e| email_key(e)))
    }

    fn directory_customers_where(
        &self,
        condition: &str,
        values: impl Iterator<Item = String>,
    ) -> Result<Vec<DirectoryCustomer>, StoreError> {
        let operation = "read customers from the Pace directory";
        let sql = format!(
            "SELECT id, name, email, active FROM directory_customers WHERE {condition} ORDER BY id"
        );
        self.read(|connection| {
            let mut statement = connection.prepare_cached(&sql).during(operation, None)?;
            let mut found = Vec::new();
            for value in values {
                let rows = statement
                    .query_map([value], customer_of)
                    .during(operation, None)?;
                for row in rows {
                    found.push(row.during(operation, None)?);
                }
            }
            Ok(found)
        })
    }

    /// The highest contact id in the directory (new contacts have higher ones).
    pub fn directory_highest_contact_id(&self) -> Result<Option<i64>, StoreError> {
        let operation = "read the Pace directory's highest contact id";
        self.read(|connection| {
            connection
                .query_row("SELECT max(id) FROM directory_contacts", [], |row| {
                    row.get(0)
                })
                .during(operation, None)
        })
    }
}

fn put(
    transaction: &rusqlite::Transaction<'_>,
    operation: &'static str,
    contacts: &[DirectoryContact],
    customers: &[DirectoryCustomer],
) -> Result<(), StoreError> {
    let mut statement = transaction
        .prepare_cached(&format!(
            "INSERT OR REPLACE INTO directory_contacts ({CONTACT_COLUMNS}, email_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
        ))
        .during(operation, None)?;
    for c in contacts {
        statement
            .execute(params![
                c.id,
                c.email,
                c.customer,
                c.active,
                c.first_name,
                c.last_name,
                c.address1,
                c.address2,
                c.address3,
                c.city,
                c.state,
                c.zip,
                c.phone,
                email_key(&c.email)
            ])
            .during(operation, None)?;
    }
    let mut statement = transaction
        .prepare_cached(
            "INSERT OR REPLACE INTO directory_customers (id, name, email, active, email_key)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .during(operation, None)?;
    for c in customers {
        statement
            .execute(params![
                c.id,
                c.name,
                c.email,
                c.active,
                email_key(&c.email)
            ])
            .during(operation, None)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::temp_store;

    #[test]
    fn contacts_and_customers_are_found_by_e_mail_in_any_case() {
        let (_dir, store) = temp_store();
        let jane = DirectoryContact {
            id: 101,
            email: "Jane.Doe@Acme-Corp.com".into(),
            customer: "ACME".into(),
            active: true,
            ..DirectoryContact::default()
        };
        let acme = DirectoryCustomer {
            id: "ACME".into(),
            name: "Acme Corporation".into(),
            email: "Purchasing@Acme-Corp.com".into(),
            active: true,
        };
        store
            .directory_replace(std::slice::from_ref(&jane), std::slice::from_ref(&acme))
            .unwrap();
        let asked = BTreeSet::from(["jane.doe@acme-corp.com".to_owned()]);
        assert_eq!(
            store.directory_contacts_with_emails(&asked).unwrap(),
            [jane]
        );
        let asked = BTreeSet::from(["purchasing@acme-corp.com ".to_owned()]);
        assert_eq!(
            store.directory_customers_with_emails(&asked).unwrap(),
            std::slice::from_ref(&acme)
        );
        assert_eq!(store.directory_highest_contact_id().unwrap(), Some(101));
        store.directory_replace(&[], &[acme]).unwrap();
        assert_eq!(store.directory_highest_contact_id().unwrap(), None);
    }
}

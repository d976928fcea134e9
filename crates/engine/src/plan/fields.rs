//! Pace object types and field names: the ONE place where the plan names Pace SOAP fields.
//!
//! Names come from `shared/reference/pace-api.md` §4 (SOAP names, confirmed unless marked).
//! Fields marked **guess** below are only inferred there; if a real Pace server disagrees, this
//! module is the only one to change.
//!
//! # Deviations from the specification's mapping tables
//!
//! | Spec row | What the plan does | Why |
//! |---|---|---|
//! | Job Part "Status" (`adminStatus` from Site Mapping) | not sent; only the Job gets `adminStatus` | JobPart has no `adminStatus` (§4.5); Pace faults on unknown fields |
//! | Job Part "Customer" | not sent | JobPart has no `customer`; a part belongs to its job's customer |
//! | Job / Job Part "Contact" | not sent; the job gets `contactFirstName`/`contactLastName`, each shipment the ship-to `contactNumber` | Job's contact fields are JobContact links (§4.10), created by Pace, not Contact ids |
//! | Job "Template code" | `itemTemplate` + `part1QuantityOrdered` on the Job, from part 1's product | template jobs are created this way (§5.1) |
//! | Job Part "Template code" | `itemTemplate` on parts 2…; part 1 gets it through the Job | part 01 is auto-created with the job (§2.3) |
//! | Contact "Phone" | `businessPhoneNumber` | Contact has no `phone` (§4.3) |
//! | Shipment "Contact Title" | not sent on the shipment; kept on the ship-to Contact (`title`) | JobShipment has no title field (§4.7) |
//! | Country (shipments) | JobShipment `country` = Pace's Country id, looked up by ISO code or name; `stateKey` only where Pace has that country's states (`plan/countries.rs`) | Pace `country` is an int id (§4.1); Customer and Contact addresses still carry no country |
//! | Job Part "Additional Description" | `additionalDescription` (the Job's is `description2`) | §4.5 lists no `description2` on JobPart |
//! | Job "Earliest Start date", "Job Order Type" (second document) | not sent | no such Job fields in §4.4; Pace fills both itself |
//! | Shipment "part numbers" (second document) | not sent on the shipment; with carton contents each part is a `CartonContent` | no JobShipment field for a part list in §4.7 |
//! | Materials | JobMaterial `inventoryItem` = `materialID`, `plannedQuantity` = quantity | §4.6 |
//! | Job "Scheduled Ship" | `scheduledShipDate` (**guess**, §4.0 marks it inferred) | only the REST `scheduledShipDateTime` is confirmed |
//! | Job Pressero reference | `reference` = `Pressero order <n>` (…` item <seq> file <k>` per split job) | lets an interrupted apply find the job (`@reference = "…"`) |
//!
//! Empty text values are left out of a step rather than sent blank.
//!
//! # Text lengths
//!
//! Every text the plan sends is held to the limit below ([`text_limit`]); a longer value is cut
//! (at a character boundary, trailing spaces dropped) and the plan records what was cut (a
//! [`super::PlanAlertKind::TextCut`] alert: on the order's trace and in one alert e-mail), so
//! the plan never sends a value Pace is known to refuse. Only one limit is known
//! (reference §4.3: Contact `companyName`, 60, "max 60 chars"); the second document gives the
//! description's 64. The others are **conservative guesses**, chosen below the column sizes
//! usual in MIS databases so that a real Pace never refuses them; a real limit found to be
//! smaller is corrected here, in one edit. Keys and codes (customer id, item template, ship
//! via, job status, account numbers chosen by rules) are never cut: a cut code names another
//! object, so they are checked against Pace instead.
//!
//! | fields | limit | source |
//! |---|---|---|
//! | Contact `companyName` | 60 | reference §4.3 (known) |
//! | Job `description`, JobPart `description` | 64 | second document ("limited to 64 characters") |
//! | Customer `custName`, JobShipment `name` | 60 | guess, as `companyName` (the same company name) |
//! | first and last names (`firstName`, `lastName`, `contactFirstName`, `contactLastName`) | 30 | guess |
//! | `title`, `contactTitle` | 40 | guess |
//! | `email` | 80 | guess |
//! | phones (`phoneNumber`, `businessPhoneNumber`, `phone`) | 25 | guess |
//! | `address1`, `address2`, `address3` | 60 | guess |
//! | `city` | 40 | guess |
//! | `state` | 20 | guess |
//! | `zip` | 15 | guess |
//! | Job `poNum` | 30 | guess |
//! | Job `reference` | 60 | guess (ours: `Pressero order <n> item <seq> file <k>` is at most 50) |
//! | JobShipment `charges`, `shipperName` | 40 | guess |
//! | Job `description2`, JobPart `additionalDescription` | 2000 | guess (long text) |
//! | any other text field | 60 | guess |

use super::model::PlanStep;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A Pace object type the plan creates or refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaceObject {
    /// `Customer` (key `id`, a code the shop chooses).
    Customer,
    /// `Contact` (key `id`, an int Pace assigns).
    Contact,
    /// `Job` (key `job`, a number Pace assigns).
    Job,
    /// `JobPart` (key `job:jobPart`).
    JobPart,
    /// `JobMaterial` (key `id`).
    JobMaterial,
    /// `JobShipment` (key `id`).
    JobShipment,
    /// `Carton` (key `id`).
    Carton,
    /// `CartonContent` (key `id`).
    CartonContent,
}

impl PaceObject {
    /// The Pace SOAP type name (`createJobShipment` …).
    pub fn type_name(self) -> &'static str {
        match self {
            PaceObject::Customer => "Customer",
            PaceObject::Contact => "Contact",
            PaceObject::Job => "Job",
            PaceObject::JobPart => "JobPart",
            PaceObject::JobMaterial => "JobMaterial",
            PaceObject::JobShipment => "JobShipment",
            PaceObject::Carton => "Carton",
            PaceObject::CartonContent => "CartonContent",
        }
    }
}

/// A value to send in one Pace field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum FieldValue {
    /// Text.
    Text(String),
    /// A whole number (ids, quantities, codes).
    Int(i64),
    /// Money, exact.
    Money(Decimal),
    /// true/false.
    Bool(bool),
    /// A date (the Pace client chooses the wire form).
    Date(NaiveDate),
    /// The Pace key of the object planned under this local reference (job number, contact id,
    /// shipment id, carton id, customer id), known once apply has created or found it.
    KeyOf(String),
    /// The part number (`jobPart`, e.g. `02`) of the part planned under this local reference.
    PartNumberOf(String),
}

/// One field of a step: its Pace name and value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaceField {
    /// The Pace SOAP field name.
    pub name: String,
    /// The value.
    pub value: FieldValue,
}

/// Fields in the order they are added (the mapping table's order), skipping blank text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FieldList(Vec<PaceField>);

impl FieldList {
    pub(crate) fn text(&mut self, name: &str, value: &str) -> &mut Self {
        let value = value.trim();
        if !value.is_empty() {
            self.push(name, FieldValue::Text(value.to_owned()));
        }
        self
    }

    pub(crate) fn int(&mut self, name: &str, value: i64) -> &mut Self {
        self.push(name, FieldValue::Int(value))
    }

    pub(crate) fn maybe_int(&mut self, name: &str, value: Option<i64>) -> &mut Self {
        if let Some(value) = value {
            self.int(name, value);
        }
        self
    }

    pub(crate) fn money(&mut self, name: &str, value: Decimal) -> &mut Self {
        self.push(name, FieldValue::Money(cents(value)))
    }

    pub(crate) fn flag(&mut self, name: &str, value: bool) -> &mut Self {
        self.push(name, FieldValue::Bool(value))
    }

    pub(crate) fn date(&mut self, name: &str, value: NaiveDate) -> &mut Self {
        self.push(name, FieldValue::Date(value))
    }

    pub(crate) fn key_of(&mut self, name: &str, reference: &str) -> &mut Self {
        self.push(name, FieldValue::KeyOf(reference.to_owned()))
    }

    pub(crate) fn part_number_of(&mut self, name: &str, reference: &str) -> &mut Self {
        self.push(name, FieldValue::PartNumberOf(reference.to_owned()))
    }

    fn push(&mut self, name: &str, value: FieldValue) -> &mut Self {
        self.0.push(PaceField {
            name: name.to_owned(),
            value,
        });
        self
    }

    /// The fields, minus those named in `except`.
    pub(crate) fn without(&self, except: &[&str]) -> Vec<PaceField> {
        self.0
            .iter()
            .filter(|f| !except.contains(&f.name.as_str()))
            .cloned()
            .collect()
    }

    pub(crate) fn into_fields(self) -> Vec<PaceField> {
        self.0
    }
}

/// The longest text Pace takes in `field` of `object` (the table in the module doc); `None` for
/// keys and codes, which are never cut.
pub fn text_limit(object: PaceObject, field: &str) -> Option<usize> {
    let limit = match (object, field) {
        (PaceObject::Contact, contact::COMPANY_NAME) => 60,
        (PaceObject::Job, job::DESCRIPTION) | (PaceObject::JobPart, job_part::DESCRIPTION) => 64,
        (PaceObject::Customer, customer::ID)
        | (_, job::ITEM_TEMPLATE | job::ADMIN_STATUS | job_shipment::ACCOUNT_NUMBER)
        | (PaceObject::JobMaterial, job_material::INVENTORY_ITEM)
        | (_, address::STATE_KEY) => return None,
        (_, customer::CUST_NAME | job_shipment::NAME) => 60,
        (
            _,
            contact::FIRST_NAME
            | contact::LAST_NAME
            | customer::CONTACT_FIRST_NAME
            | customer::CONTACT_LAST_NAME,
        ) => 30,
        (_, contact::TITLE | customer::CONTACT_TITLE) => 40,
        (_, contact::EMAIL) => 80,
        (_, customer::PHONE_NUMBER | contact::BUSINESS_PHONE_NUMBER | job_shipment::PHONE) => 25,
        (_, address::ADDRESS1 | address::ADDRESS2 | address::ADDRESS3) => 60,
        (_, address::CITY) => 40,
        (_, address::STATE) => 20,
        (_, address::ZIP) => 15,
        (_, job::PO_NUM) => 30,
        (_, job::REFERENCE) => 60,
        (_, job_shipment::CHARGES | job_shipment::SHIPPER_NAME) => 40,
        (_, job::DESCRIPTION2 | job_part::ADDITIONAL_DESCRIPTION) => 2000,
        _ => 60,
    };
    Some(limit)
}

/// A text value cut to its field's limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CutText {
    /// The step's reference.
    pub reference: String,
    /// The Pace type.
    pub object: PaceObject,
    /// The field.
    pub field: String,
    /// The limit.
    pub limit: usize,
    /// The value as it was.
    pub original: String,
    /// The value as sent.
    pub sent: String,
}

/// Cuts every text field of `steps` longer than its [`text_limit`]; returns what was cut, once
/// per object and field (a create and its override step send the same value).
pub(crate) fn fit_lengths(steps: &mut [PlanStep]) -> Vec<CutText> {
    let mut cut: Vec<CutText> = Vec::new();
    for step in steps {
        for field in &mut step.fields {
            let FieldValue::Text(value) = &mut field.value else {
                continue;
            };
            let Some(limit) = text_limit(step.object, &field.name) else {
                continue;
            };
            if value.chars().count() <= limit {
                continue;
            }
            let sent: String = value
                .chars()
                .take(limit)
                .collect::<String>()
                .trim_end()
                .to_owned();
            let original = std::mem::replace(value, sent.clone());
            let seen = cut
                .iter()
                .any(|c| c.reference == step.reference && c.field == field.name);
            if !seen {
                cut.push(CutText {
                    reference: step.reference.clone(),
                    object: step.object,
                    field: field.name.clone(),
                    limit,
                    original,
                    sent,
                });
            }
        }
    }
    cut
}

/// Money with at least two decimals (`44.00`, not `44`), so plans read and snapshot the same.
pub(crate) fn cents(amount: Decimal) -> Decimal {
    let mut amount = amount.normalize();
    if amount.scale() < 2 {
        amount.rescale(2);
    }
    amount
}

/// `Customer` fields (§4.2).
pub mod customer {
    #![allow(missing_docs)] // each constant is the Pace field of the same name
    pub const ID: &str = "id";
    pub const CUST_NAME: &str = "custName";
    pub const CUSTOMER_TYPE: &str = "customerType";
    pub const EMAIL: &str = "email";
    pub const PHONE_NUMBER: &str = "phoneNumber";
    pub const CONTACT_FIRST_NAME: &str = "contactFirstName";
    pub const CONTACT_LAST_NAME: &str = "contactLastName";
    pub const CONTACT_TITLE: &str = "contactTitle";
    pub const SALES_PERSON: &str = "salesPerson";
    pub const CSR: &str = "csr";
    pub const SALES_TAX: &str = "salesTax";
    pub const TAXABLE_CODE: &str = "taxableCode";
    pub const SALES_CATEGORY: &str = "salesCategory";
    pub const DATE_SETUP: &str = "dateSetup";
}

/// `Contact` fields (§4.3).
pub mod contact {
    #![allow(missing_docs)] // each constant is the Pace field of the same name
    pub const CUSTOMER: &str = "customer";
    pub const FIRST_NAME: &str = "firstName";
    pub const LAST_NAME: &str = "lastName";
    pub const EMAIL: &str = "email";
    pub const TITLE: &str = "title";
    pub const COMPANY_NAME: &str = "companyName";
    pub const BUSINESS_PHONE_NUMBER: &str = "businessPhoneNumber";
    pub const SHIP_TO: &str = "shipTo";
}

/// Address fields shared by Customer, Contact and JobShipment (§4.2, §4.3, §4.7).
pub mod address {
    #![allow(missing_docs)] // each constant is the Pace field of the same name
    pub const ADDRESS1: &str = "address1";
    pub const ADDRESS2: &str = "address2";
    pub const ADDRESS3: &str = "address3";
    pub const CITY: &str = "city";
    pub const STATE: &str = "state";
    pub const ZIP: &str = "zip";
    /// Pace's Country id (an int, reference §4.1: `1` = US).
    pub const COUNTRY: &str = "country";
    /// `country:code`, e.g. `1:CA` (reference §4.1); only where Pace has that country's states.
    pub const STATE_KEY: &str = "stateKey";
}

/// `Job` fields (§4.4).
pub mod job {
    #![allow(missing_docs)] // each constant is the Pace field of the same name
    pub const CUSTOMER: &str = "customer";
    pub const DESCRIPTION: &str = "description";
    pub const JOB_TYPE: &str = "jobType";
    pub const CONTACT_FIRST_NAME: &str = "contactFirstName";
    pub const CONTACT_LAST_NAME: &str = "contactLastName";
    pub const PO_NUM: &str = "poNum";
    pub const DATE_SETUP: &str = "dateSetup";
    pub const ADMIN_STATUS: &str = "adminStatus";
    /// **Guess** (§4.0: inferred from the REST `scheduledShipDateTime`).
    pub const SCHEDULED_SHIP_DATE: &str = "scheduledShipDate";
    pub const PROMISE_DATE: &str = "promiseDate";
    pub const ORIGINAL_QUOTED_PRICE: &str = "originalQuotedPrice";
    pub const AMOUNT_TO_INVOICE: &str = "amountToInvoice";
    pub const ITEM_TEMPLATE: &str = "itemTemplate";
    pub const PART1_QUANTITY_ORDERED: &str = "part1QuantityOrdered";
    pub const DESCRIPTION2: &str = "description2";
    pub const REFERENCE: &str = "reference";
}

/// `JobPart` fields (§4.5).
pub mod job_part {
    #![allow(missing_docs)] // each constant is the Pace field of the same name
    pub const JOB: &str = "job";
    pub const DESCRIPTION: &str = "description";
    pub const JOB_TYPE: &str = "jobType";
    pub const DATE_SETUP: &str = "dateSetup";
    pub const FREIGHT_AMT: &str = "freightAmt";
    pub const QUOTED_PRICE: &str = "quotedPrice";
    pub const QTY_ORDERED: &str = "qtyOrdered";
    pub const ITEM_TEMPLATE: &str = "itemTemplate";
    /// JobPart has no `description2` (that is the Job's); §4.5 lists `additionalDescription`.
    pub const ADDITIONAL_DESCRIPTION: &str = "additionalDescription";
}

/// `JobMaterial` fields (§4.6).
pub mod job_material {
    #![allow(missing_docs)] // each constant is the Pace field of the same name
    pub const JOB: &str = "job";
    pub const JOB_PART: &str = "jobPart";
    pub const INVENTORY_ITEM: &str = "inventoryItem";
    pub const PLANNED_QUANTITY: &str = "plannedQuantity";
}

/// `JobShipment` fields (§4.7).
pub mod job_shipment {
    #![allow(missing_docs)] // each constant is the Pace field of the same name
    pub const JOB: &str = "job";
    pub const NAME: &str = "name";
    pub const CONTACT_FIRST_NAME: &str = "contactFirstName";
    pub const CONTACT_LAST_NAME: &str = "contactLastName";
    pub const EMAIL: &str = "email";
    pub const PHONE: &str = "phone";
    pub const CONTACT_NUMBER: &str = "contactNumber";
    pub const PLANNED_QUANTITY: &str = "plannedQuantity";
    pub const SHIP_VIA: &str = "shipVia";
    pub const ACCOUNT_NUMBER: &str = "accountNumber";
    pub const CHARGES: &str = "charges";
    pub const SHIPMENT_TYPE: &str = "shipmentType";
    pub const SHIPPER_NAME: &str = "shipperName";
}

/// `Carton` fields (§4.8).
pub mod carton {
    #![allow(missing_docs)] // each constant is the Pace field of the same name
    pub const SHIPMENT: &str = "shipment";
    pub const COUNT: &str = "count";
    pub const QUANTITY: &str = "quantity";
    pub const ADD_DEFAULT_CONTENT: &str = "addDefaultContent";
}

/// `CartonContent` fields (§4.8).
pub mod carton_content {
    #![allow(missing_docs)] // each constant is the Pace field of the same name
    pub const CARTON: &str = "carton";
    pub const JOB_PART_JOB: &str = "jobPartJob";
    pub const JOB_PART: &str = "jobPart";
    pub const QUANTITY: &str = "quantity";
}

/// Every field the plan (and apply, for keys on updates) may send, per object type: what `doctor`
/// asks Pace about before the first order (one `loadValueObjects` per type naming exactly these
/// fields, which faults on a name Pace does not know). The golden-plan tests check that every
/// planned field is listed here.
pub fn written_fields() -> Vec<(PaceObject, Vec<&'static str>)> {
    let addresses = [
        address::ADDRESS1,
        address::ADDRESS2,
        address::ADDRESS3,
        address::CITY,
        address::STATE,
        address::ZIP,
    ];
    let with_addresses = |fields: &[&'static str]| -> Vec<&'static str> {
        fields.iter().chain(addresses.iter()).copied().collect()
    };
    vec![
        (
            PaceObject::Customer,
            with_addresses(&[
                customer::ID,
                customer::CUST_NAME,
                customer::CUSTOMER_TYPE,
                customer::EMAIL,
                customer::PHONE_NUMBER,
                customer::CONTACT_FIRST_NAME,
                customer::CONTACT_LAST_NAME,
                customer::CONTACT_TITLE,
                customer::SALES_PERSON,
                customer::CSR,
                customer::SALES_TAX,
                customer::TAXABLE_CODE,
                customer::SALES_CATEGORY,
                customer::DATE_SETUP,
            ]),
        ),
        (
            PaceObject::Contact,
            with_addresses(&[
                "id",
                contact::CUSTOMER,
                contact::FIRST_NAME,
                contact::LAST_NAME,
                contact::EMAIL,
                contact::TITLE,
                contact::COMPANY_NAME,
                contact::BUSINESS_PHONE_NUMBER,
                contact::SHIP_TO,
            ]),
        ),
        (
            PaceObject::Job,
            vec![
                "job",
                job::CUSTOMER,
                job::DESCRIPTION,
                job::JOB_TYPE,
                job::CONTACT_FIRST_NAME,
                job::CONTACT_LAST_NAME,
                job::PO_NUM,
                job::DATE_SETUP,
                job::ADMIN_STATUS,
                job::SCHEDULED_SHIP_DATE,
                job::PROMISE_DATE,
                job::ORIGINAL_QUOTED_PRICE,
                job::AMOUNT_TO_INVOICE,
                job::ITEM_TEMPLATE,
                job::PART1_QUANTITY_ORDERED,
                job::DESCRIPTION2,
                job::REFERENCE,
            ],
        ),
        (
            PaceObject::JobPart,
            vec![
                job_part::JOB,
                "jobPart",
                job_part::DESCRIPTION,
                job_part::JOB_TYPE,
                job_part::DATE_SETUP,
                job_part::FREIGHT_AMT,
                job_part::QUOTED_PRICE,
                job_part::QTY_ORDERED,
                job_part::ITEM_TEMPLATE,
                job_part::ADDITIONAL_DESCRIPTION,
            ],
        ),
        (
            PaceObject::JobMaterial,
            vec![
                "id",
                job_material::JOB,
                job_material::JOB_PART,
                job_material::INVENTORY_ITEM,
                job_material::PLANNED_QUANTITY,
            ],
        ),
        (
            PaceObject::JobShipment,
            with_addresses(&[
                "id",
                address::COUNTRY,
                address::STATE_KEY,
                job_shipment::JOB,
                job_shipment::NAME,
                job_shipment::CONTACT_FIRST_NAME,
                job_shipment::CONTACT_LAST_NAME,
                job_shipment::EMAIL,
                job_shipment::PHONE,
                job_shipment::CONTACT_NUMBER,
                job_shipment::PLANNED_QUANTITY,
                job_shipment::SHIP_VIA,
                job_shipment::ACCOUNT_NUMBER,
                job_shipment::CHARGES,
                job_shipment::SHIPMENT_TYPE,
                job_shipment::SHIPPER_NAME,
            ]),
        ),
        (
            PaceObject::Carton,
            vec![
                "id",
                carton::SHIPMENT,
                carton::COUNT,
                carton::QUANTITY,
                carton::ADD_DEFAULT_CONTENT,
            ],
        ),
        (
            PaceObject::CartonContent,
            vec![
                "id",
                carton_content::CARTON,
                carton_content::JOB_PART_JOB,
                carton_content::JOB_PART,
                carton_content::QUANTITY,
            ],
        ),
    ]
}

/// Write helpers: fields a create sends for Pace to act on that Pace need not keep on the object
/// (`part1QuantityOrdered` sets part 01's quantity when a template job is made, §5.1). Apply does
/// not report them as ignored when a reply holds them empty; part 01's own update sets
/// `qtyOrdered`, which is judged.
pub const WRITE_ONLY: &[&str] = &[job::PART1_QUANTITY_ORDERED];

/// The `charges` value of a shipment billed to a third-party account (first document).
pub const THIRD_PARTY_CHARGES: &str = "Third Party/Ship Bill To";

/// Pace `customerType` of a new customer (first document: "Constant: 1 (Customer)").
pub const NEW_CUSTOMER_TYPE: i64 = 1;

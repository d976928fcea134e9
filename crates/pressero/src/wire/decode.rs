//! Turns Pressero's JSON objects (read leniently by [`Obj`]) into typed values: addresses, items,
//! order details, sites, users, products, workflows, search rows and pages. Every error names
//! the field; the caller adds which call, order and item it was.

use chrono::{DateTime, NaiveDate, Utc};

use super::facts as f;
use super::json::{FieldError, Key, Obj};
use super::proposals as p;
use crate::order::{
    Address, Approval, KitRole, NamedValue, OrderItem, OrderTotals, ProductionFile, Site, SiteUser,
};
use crate::records::{AddressBook, Product, Workflow, WorkflowStage};

/// An address object (§3.4 names).
pub(crate) fn address(obj: &Obj<'_>) -> Result<Address, FieldError> {
    Ok(Address {
        business: obj.text(f::BUSINESS)?,
        first_name: obj.text(f::FIRST_NAME)?,
        last_name: obj.text(f::LAST_NAME)?,
        title: obj.text(f::TITLE)?,
        address1: obj.text(f::ADDRESS1)?,
        address2: obj.text(f::ADDRESS2)?,
        address3: obj.text(f::ADDRESS3)?,
        city: obj.text(f::CITY)?,
        state_province: obj.text(f::STATE_PROVINCE)?,
        postal: obj.text(f::POSTAL)?,
        country: obj.text(f::COUNTRY)?,
        phone: obj.text(f::PHONE)?,
        cell_phone: obj.text(p::CELL_PHONE)?,
        email: obj.text(f::EMAIL)?,
    })
}

/// The address object under `key`; missing or null is the empty address.
fn address_at(obj: &Obj<'_>, key: Key) -> Result<Address, FieldError> {
    obj.object(key)?
        .map(|nested| address(&nested))
        .transpose()
        .map(Option::unwrap_or_default)
}

/// Name/value pairs from a list of objects; entries without a name are left out.
fn named_values(
    obj: &Obj<'_>,
    list: Key,
    name: Key,
    value: Key,
) -> Result<Vec<NamedValue>, FieldError> {
    let mut values = Vec::new();
    for entry in obj.objects(list)? {
        let named = NamedValue {
            name: entry.text(name)?,
            value: entry.text(value)?,
        };
        if !named.name.is_empty() {
            values.push(named);
        }
    }
    Ok(values)
}

/// An item's approval state: Denied wins, then ApprovedWithModifications, then Approved. Only
/// when none of the three flags is present does the derived `ApprovalStatus` text count.
pub(crate) fn approval(obj: &Obj<'_>) -> Result<Approval, FieldError> {
    let approved = obj.flag(f::IS_APPROVED)?;
    let denied = obj.flag(f::IS_DENIED)?;
    let modified = obj.flag(f::IS_APPROVED_WITH_MODIFICATIONS)?;
    if approved.is_none() && denied.is_none() && modified.is_none() {
        let status = obj.text(p::APPROVAL_STATUS)?.to_ascii_lowercase();
        return Ok(match status.as_str() {
            "denied" => Approval::Denied,
            "approvedwithmodifications" => Approval::ApprovedWithModifications,
            "approved" => Approval::Approved,
            _ => Approval::Pending,
        });
    }
    Ok(if denied == Some(true) {
        Approval::Denied
    } else if modified == Some(true) {
        Approval::ApprovedWithModifications
    } else if approved == Some(true) {
        Approval::Approved
    } else {
        Approval::Pending
    })
}

/// An item's place in a kit: `IsKit` makes a parent; a `KitParentOrderItemId` a child.
pub(crate) fn kit_role(obj: &Obj<'_>) -> Result<KitRole, FieldError> {
    if obj.flag(p::IS_KIT)? == Some(true) {
        return Ok(KitRole::Parent);
    }
    let parent = obj.text(p::KIT_PARENT_ORDER_ITEM_ID)?;
    Ok(if parent.is_empty() {
        KitRole::None
    } else {
        KitRole::Child {
            parent_item_id: parent,
        }
    })
}

/// One entry of a kit parent's `KitChildren`, whatever its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KitRef {
    /// Text: an `OrderItemId` (or an item number written as text).
    Text(String),
    /// An item number.
    Number(u64),
}

/// A kit parent's `KitChildren` in any shape: ids, item numbers, objects carrying either, a
/// single value instead of a list, or absent. Never fails: entries that name nothing are
/// returned in the second list, as JSON text, for the order's trace.
pub(crate) fn kit_children(obj: &Obj<'_>) -> (Vec<KitRef>, Vec<String>) {
    let mut refs = Vec::new();
    let mut not_understood = Vec::new();
    let Some(value) = obj.value(p::KIT_CHILDREN) else {
        return (refs, not_understood);
    };
    let entries = match value {
        serde_json::Value::Array(entries) => entries,
        single => vec![single],
    };
    for entry in entries {
        match kit_ref(&entry) {
            Some(found) => refs.push(found),
            None => not_understood.push(entry.to_string()),
        }
    }
    (refs, not_understood)
}

fn kit_ref(entry: &serde_json::Value) -> Option<KitRef> {
    use serde_json::Value;
    match entry {
        Value::String(text) if !text.trim().is_empty() => Some(KitRef::Text(text.trim().into())),
        Value::Number(number) => number.as_u64().map(KitRef::Number),
        Value::Object(fields) => {
            let field = |names: &[&str]| {
                fields
                    .iter()
                    .find(|(k, v)| names.iter().any(|n| k.eq_ignore_ascii_case(n)) && !v.is_null())
                    .and_then(|(_, v)| kit_ref(v))
            };
            field(&["OrderItemId"]).or_else(|| field(&["OrderItemNumber", "OrderItemSeq"]))
        }
        _ => None,
    }
}

/// The item number (`OrderItemNumber` / `OrderItemSeq`), which must fit a `u32`.
pub(crate) fn item_number(obj: &Obj<'_>) -> Result<u32, FieldError> {
    let number = obj.required_whole(f::ORDER_ITEM_NUMBER)?;
    u32::try_from(number).map_err(|_| FieldError {
        field: f::ORDER_ITEM_NUMBER[0].to_owned(),
        problem: format!("is {number}, too large for an item number"),
    })
}

/// One item of an order detail or an item detail, as read (product Integration ID not yet
/// known), plus what only matters while assembling the order.
#[derive(Debug)]
pub(crate) struct ItemDetail {
    /// The item, `product_integration_id` still empty.
    pub(crate) item: OrderItem,
    /// A kit parent's `KitChildren`.
    pub(crate) kit_children: Vec<KitRef>,
    /// The printer's part number (`PrinterPartNumber`): finds the product in the site's
    /// product list when no `ProductId` is known (rows carry none).
    pub(crate) part_number: String,
}

/// An item (§3.9 (b)).
pub(crate) fn item(obj: &Obj<'_>) -> Result<ItemDetail, FieldError> {
    let files = item_files(obj)?;
    let item = OrderItem {
        item_id: obj.required_text(f::ORDER_ITEM_ID)?,
        item_number: item_number(obj)?,
        product_id: obj.text(f::PRODUCT_ID)?,
        product_name: obj.text(f::PRODUCT_NAME)?,
        item_name: obj.text(f::ITEM_NAME)?,
        product_integration_id: String::new(),
        attributes: named_values(obj, f::ATTRIBUTES, p::ATTRIBUTE_NAME, f::ATTRIBUTE_VALUE)?,
        pricing_parameters: named_values(
            obj,
            p::PRICING_PARAMETERS,
            p::PARAMETER_NAME,
            p::PARAMETER_VALUE,
        )?,
        pricing_summary: obj.text(f::PRICING_ENGINE_INFO)?,
        quantity: obj.required_whole(f::QUANTITY)?,
        price: obj
            .decimal(f::PRICE)?
            .ok_or_else(|| obj.missing(f::PRICE))?,
        shipping: obj.amount_or_zero(f::SHIPPING)?,
        tax: obj.amount_or_zero(p::ITEM_TAX)?,
        approval: approval(obj)?,
        kit: kit_role(obj)?,
        ship_to: address_at(obj, p::SHIP_TO_ADDRESS)?,
        shipping_method: obj.text(f::SHIPPING_METHOD)?,
        ships_separately: obj.flag(p::WILL_SHIP_SEPARATELY)?.unwrap_or(false),
        requested_ship_date: obj.date(f::REQUESTED_SHIP_DATE)?,
        notes: obj.text(f::ITEM_NOTES)?,
        files,
        workflow_id: obj.text(f::WORKFLOW_ID)?,
        workflow_stage: obj.text(f::WORKFLOW_STAGE_PRINTER)?,
        mis_id: obj.text(f::MIS_ID)?,
    };
    Ok(ItemDetail {
        item,
        kit_children: kit_children(obj).0,
        part_number: obj.text(f::PRINTER_PART_NUMBER)?,
    })
}

/// The order-level fields, as the rows repeat them (plus, from the order details, what rows
/// lack: the ordering user's id, the order notes, the order's requested ship date).
#[derive(Debug, Clone)]
pub(crate) struct OrderDetail {
    pub(crate) order_id: String,
    pub(crate) order_number: u64,
    pub(crate) order_date: DateTime<Utc>,
    pub(crate) site: Site,
    pub(crate) user_id: String,
    pub(crate) ordered_by: SiteUser,
    pub(crate) bill_to: Address,
    pub(crate) po_number: String,
    pub(crate) requested_ship_date: Option<NaiveDate>,
    pub(crate) notes: String,
    pub(crate) totals: OrderTotals,
}

/// The order number alone, for naming the order in errors before the rest is read.
pub(crate) fn order_number(obj: &Obj<'_>) -> Result<u64, FieldError> {
    obj.required_whole(f::ORDER_NUMBER)
}

/// A flat address of a row (§3.1 names).
fn row_address(obj: &Obj<'_>, keys: &f::RowAddress) -> Result<Address, FieldError> {
    Ok(Address {
        business: obj.text(keys.business)?,
        first_name: obj.text(keys.first_name)?,
        last_name: obj.text(keys.last_name)?,
        title: String::new(),
        address1: obj.text(keys.address1)?,
        address2: obj.text(keys.address2)?,
        address3: obj.text(keys.address3)?,
        city: obj.text(keys.city)?,
        state_province: obj.text(keys.state_province)?,
        postal: obj.text(keys.postal)?,
        country: obj.text(keys.country)?,
        phone: obj.text(keys.phone)?,
        cell_phone: String::new(),
        email: String::new(),
    })
}

/// One flat search row read in full (§3.1): the order's fields it repeats and its item.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) order: OrderDetail,
    pub(crate) item: ItemDetail,
}

/// A search row read in full, to build the order from (§3.1 "Building an order from rows").
/// What a row lacks by nature (files, pricing parameters, "Will Ship Separately", the user's id,
/// order notes) is left empty for the order details to add.
pub(crate) fn row(obj: &Obj<'_>) -> Result<Row, FieldError> {
    let mut attributes = Vec::new();
    for (name, value) in f::PRODUCT_ATTRIBUTES {
        let named = NamedValue {
            name: obj.text(name)?,
            value: obj.text(value)?,
        };
        if !named.name.is_empty() {
            attributes.push(named);
        }
    }
    let mut bill_to = row_address(obj, &f::BILL_TO)?;
    bill_to.email = obj.text(f::BILL_TO_EMAIL)?;
    let mut ship_to = row_address(obj, &f::SHIP_TO)?;
    ship_to.email = obj.text(p::SHIP_TO_EMAIL)?;
    let item = OrderItem {
        item_id: obj.required_text(f::ORDER_ITEM_ID)?,
        item_number: item_number(obj)?,
        product_id: obj.text(f::PRODUCT_ID)?,
        product_name: obj.text(f::PRODUCT_NAME)?,
        item_name: obj.text(f::ITEM_NAME)?,
        product_integration_id: String::new(),
        attributes,
        pricing_parameters: Vec::new(),
        pricing_summary: obj.text(f::PRICING_ENGINE_INFO)?,
        quantity: obj.required_whole(f::QUANTITY)?,
        price: obj
            .decimal(f::PRICE)?
            .ok_or_else(|| obj.missing(f::PRICE))?,
        shipping: obj.amount_or_zero(f::SHIPPING)?,
        tax: obj.amount_or_zero(f::ITEM_TAX)?,
        approval: approval(obj)?,
        kit: kit_role(obj)?,
        ship_to,
        shipping_method: obj.text(f::SHIPPING_METHOD)?,
        ships_separately: false,
        requested_ship_date: obj.date(f::REQUESTED_SHIP_DATE)?,
        notes: obj.text(f::ITEM_NOTES)?,
        files: Vec::new(),
        workflow_id: obj.text(f::WORKFLOW_ID)?,
        workflow_stage: obj.text(f::WORKFLOW_STAGE_PRINTER)?,
        mis_id: obj.text(f::MIS_ID)?,
    };
    let order = OrderDetail {
        order_id: obj.text(f::ORDER_ID)?,
        order_number: order_number(obj)?,
        order_date: obj
            .datetime(f::ORDER_DATE)?
            .ok_or_else(|| obj.missing(f::ORDER_DATE))?,
        site: Site {
            site_id: obj.text(f::SITE_ID)?,
            site_name: obj.text(f::SITE_NAME)?,
            domain: obj.text(f::DOMAIN)?,
            integration_id: String::new(),
        },
        user_id: String::new(),
        ordered_by: SiteUser {
            first_name: obj.text(f::ORDERED_BY_FIRST_NAME)?,
            last_name: obj.text(f::ORDERED_BY_LAST_NAME)?,
            email: obj.text(f::ORDERED_BY_EMAIL)?,
            department: obj.text(f::ORDERED_BY_DEPARTMENT)?,
            ..SiteUser::default()
        },
        bill_to,
        po_number: obj.text(f::PO_NUMBER)?,
        requested_ship_date: None,
        notes: String::new(),
        totals: OrderTotals {
            subtotal: obj.amount_or_zero(f::ORDER_SUBTOTAL)?,
            shipping: obj.amount_or_zero(f::ORDER_SHIPPING)?,
            tax: obj.amount_or_zero(f::ORDER_TAX)?,
            discount: obj.amount_or_zero(f::ORDER_DISCOUNT)?,
            total: obj.amount_or_zero(f::ORDER_TOTAL)?,
        },
    };
    Ok(Row {
        order,
        item: ItemDetail {
            item,
            kit_children: Vec::new(),
            part_number: obj.text(f::PRINTER_PART_NUMBER)?,
        },
    })
}

/// What the order details (`GET /api/v2/orders/{n}/Details`, a PROPOSAL shape) add to the rows.
/// Read leniently: a field that is missing or cannot be read is `None` / empty, and the gap is
/// described in `gaps` for the order's trace.
#[derive(Debug, Default)]
pub(crate) struct Details {
    /// The `OrderNumber` the details say, when readable.
    pub(crate) order_number: Option<u64>,
    /// The ordering user's id (rows carry none).
    pub(crate) user_id: String,
    /// Order notes.
    pub(crate) notes: Option<String>,
    /// The order's requested ship date.
    pub(crate) requested_ship_date: Option<NaiveDate>,
    /// The bill-to object (fills what the rows' flat bill-to lacks: title, cell phone).
    pub(crate) bill_to: Option<Address>,
    /// The items, as far as they could be read.
    pub(crate) items: Vec<DetailItem>,
    /// Whether the details had an `Items` list at all.
    pub(crate) has_items: bool,
    /// What the details lacked or could not be read, each a short phrase.
    pub(crate) gaps: Vec<String>,
}

/// What one item of the order details adds to its row.
#[derive(Debug, Default)]
pub(crate) struct DetailItem {
    pub(crate) item_id: String,
    pub(crate) product_id: String,
    pub(crate) item_number: Option<u32>,
    pub(crate) files: Option<Vec<ProductionFile>>,
    pub(crate) ships_separately: Option<bool>,
    pub(crate) pricing_parameters: Option<Vec<NamedValue>>,
    pub(crate) is_kit: bool,
    pub(crate) kit_parent: String,
    pub(crate) kit_children: Vec<KitRef>,
    pub(crate) ship_to: Option<Address>,
}

/// The value of a field of the details, or `None` with the gap recorded: `what` names what is
/// then missing from the order.
fn lenient<T>(
    result: Result<Option<T>, FieldError>,
    what: &str,
    at: &str,
    gaps: &mut Vec<String>,
) -> Option<T> {
    match result {
        Ok(Some(value)) => Some(value),
        Ok(None) => {
            gaps.push(format!("{at}{what} (absent)"));
            None
        }
        Err(error) => {
            gaps.push(format!("{at}{what} ({error})"));
            None
        }
    }
}

/// Reads the order details leniently (see [`Details`]); never fails.
pub(crate) fn details(obj: &Obj<'_>) -> Details {
    let mut gaps = Vec::new();
    let order_number = obj.whole(f::ORDER_NUMBER).ok().flatten();
    let user_id = lenient(
        obj.text(p::USER_ID)
            .map(|t| Some(t).filter(|t| !t.is_empty())),
        "the ordering user's `UserId`: user info (phone, title, address book) not read",
        "",
        &mut gaps,
    )
    .unwrap_or_default();
    let notes = lenient(
        obj.has(p::ORDER_NOTES)
            .then(|| obj.text(p::ORDER_NOTES))
            .transpose(),
        "order notes `Notes`",
        "",
        &mut gaps,
    );
    let requested_ship_date = obj.date(f::REQUESTED_SHIP_DATE).unwrap_or_else(|error| {
        gaps.push(format!("the requested ship date ({error})"));
        None
    });
    let bill_to = obj
        .object(p::BILL_TO_ADDRESS)
        .and_then(|a| a.map(|a| address(&a)).transpose())
        .unwrap_or_else(|error| {
            gaps.push(format!("the bill-to object ({error})"));
            None
        });
    let (items, has_items) = match obj.array(f::ITEMS) {
        Ok(raw) if obj.has(f::ITEMS) => (raw, true),
        Ok(_) => {
            gaps.push("`Items` (absent): no production files, no \"Will Ship Separately\", no pricing parameters, kit links from the rows only".to_owned());
            (Vec::new(), false)
        }
        Err(error) => {
            gaps.push(format!("`Items` ({error}): no production files, no \"Will Ship Separately\", no pricing parameters, kit links from the rows only"));
            (Vec::new(), false)
        }
    };
    let items = items
        .into_iter()
        .enumerate()
        .filter_map(|(i, raw)| match Obj::parse(raw.get()) {
            Ok(item) => Some(detail_item(&item, &mut gaps)),
            Err(error) => {
                gaps.push(format!("`Items[{i}]` ({error})"));
                None
            }
        })
        .collect();
    Details {
        order_number,
        user_id,
        notes,
        requested_ship_date,
        bill_to,
        items,
        has_items,
        gaps,
    }
}

fn detail_item(obj: &Obj<'_>, gaps: &mut Vec<String>) -> DetailItem {
    let item_number = item_number(obj).ok();
    let at = match item_number {
        Some(n) => format!("item {n}: "),
        None => "an item without a readable `OrderItemNumber`: ".to_owned(),
    };
    let files = lenient(
        obj.has(p::FILES).then(|| item_files(obj)).transpose(),
        "production files `Files`",
        &at,
        gaps,
    );
    let ships_separately = lenient(
        obj.flag(p::WILL_SHIP_SEPARATELY),
        "`WillShipSeparately`",
        &at,
        gaps,
    );
    let pricing_parameters = lenient(
        obj.has(p::PRICING_PARAMETERS)
            .then(|| {
                named_values(
                    obj,
                    p::PRICING_PARAMETERS,
                    p::PARAMETER_NAME,
                    p::PARAMETER_VALUE,
                )
            })
            .transpose(),
        "pricing parameters `PricingParameters`",
        &at,
        gaps,
    );
    let (kit_children, not_understood) = kit_children(obj);
    for entry in not_understood {
        gaps.push(format!("{at}a `KitChildren` entry {entry} names no item"));
    }
    let ship_to = obj
        .object(p::SHIP_TO_ADDRESS)
        .and_then(|a| a.map(|a| address(&a)).transpose())
        .unwrap_or_else(|error| {
            gaps.push(format!("{at}the ship-to object ({error})"));
            None
        });
    DetailItem {
        item_id: obj.text(f::ORDER_ITEM_ID).unwrap_or_default(),
        product_id: obj.text(f::PRODUCT_ID).unwrap_or_default(),
        item_number,
        files,
        ships_separately,
        pricing_parameters,
        is_kit: obj.flag(p::IS_KIT).ok().flatten().unwrap_or(false),
        kit_parent: obj.text(p::KIT_PARENT_ORDER_ITEM_ID).unwrap_or_default(),
        kit_children,
        ship_to,
    }
}

/// An item's production files.
fn item_files(obj: &Obj<'_>) -> Result<Vec<ProductionFile>, FieldError> {
    let mut files = Vec::new();
    for file in obj.objects(p::FILES)? {
        files.push(ProductionFile {
            file_id: file.text(p::FILE_ID)?,
            file_name: file.text(p::FILE_NAME)?,
            url: file.text(p::FILE_URL)?,
            size_bytes: file.whole(p::FILE_SIZE)?,
        });
    }
    Ok(files)
}

/// Site info (§3.7): the site's Integration ID is its `MisId`.
pub(crate) fn site(obj: &Obj<'_>) -> Result<Site, FieldError> {
    Ok(Site {
        site_id: obj.text(f::SITE_ID)?,
        site_name: obj.text(f::SITE_NAME)?,
        domain: obj.text(f::PRIMARY_DOMAIN)?,
        integration_id: obj.text(f::MIS_ID)?,
    })
}

/// User info (`GET /api/V2/users/{id}/Info`) with its preferred address.
pub(crate) fn site_user(obj: &Obj<'_>) -> Result<SiteUser, FieldError> {
    let book = match obj.object(f::USER_SITE)? {
        Some(user_site) => match user_site.object(f::ADDRESS_BOOK)? {
            Some(book) => address_book(&book)?,
            None => AddressBook::default(),
        },
        None => AddressBook::default(),
    };
    Ok(SiteUser {
        user_id: obj.text(f::USER_ID)?,
        first_name: obj.text(f::FIRST_NAME)?,
        middle_name: obj.text(p::USER_MIDDLE_NAME)?,
        last_name: obj.text(f::LAST_NAME)?,
        email: obj.text(p::USER_EMAIL)?,
        title: obj.text(p::USER_TITLE)?,
        phone: obj.text(p::USER_PHONE)?,
        cell_phone: obj.text(p::USER_CELL_PHONE)?,
        department: String::new(),
        address: book.preferred.unwrap_or_default(),
    })
}

/// An address book: `{PreferredAddress, Addresses[]}`.
pub(crate) fn address_book(obj: &Obj<'_>) -> Result<AddressBook, FieldError> {
    let preferred = obj
        .object(f::PREFERRED_ADDRESS)?
        .map(|entry| address(&entry))
        .transpose()?;
    let addresses = obj
        .objects(f::ADDRESSES)?
        .iter()
        .map(address)
        .collect::<Result<_, _>>()?;
    Ok(AddressBook {
        preferred,
        addresses,
    })
}

/// A product (§3.8), or a list entry (`ProductInfo`-like).
pub(crate) fn product(obj: &Obj<'_>) -> Result<Product, FieldError> {
    let info = obj.object(f::PRODUCT_INFO)?;
    let workflow_id = match &info {
        Some(info) if info.has(f::WORKFLOW_ID) => info.text(f::WORKFLOW_ID)?,
        _ => obj.text(f::WORKFLOW_ID)?,
    };
    let mut product_id = obj.text(f::PRODUCT_ID)?;
    if product_id.is_empty() {
        if let Some(info) = &info {
            product_id = info.text(f::PRODUCT_ID)?;
        }
    }
    Ok(Product {
        product_id,
        name: obj.text(f::PRODUCT_NAME)?,
        integration_id: obj.text(f::MIS_ID)?,
        printers_part_number: obj.text(f::PRINTERS_PART_NUM)?,
        workflow_id,
        attributes: named_values(obj, f::ATTRIBUTES, p::ATTRIBUTE_NAME, f::ATTRIBUTE_VALUE)?,
    })
}

/// A workflow list entry.
pub(crate) fn workflow(obj: &Obj<'_>) -> Result<Workflow, FieldError> {
    Ok(Workflow {
        workflow_id: obj.required_text(f::WORKFLOW_ID)?,
        name: obj.text(p::WORKFLOW_NAME)?,
    })
}

/// A workflow stage.
pub(crate) fn stage(obj: &Obj<'_>) -> Result<WorkflowStage, FieldError> {
    Ok(WorkflowStage {
        stage_id: obj.required_text(f::WORKFLOW_STAGE_ID)?,
        seq: obj.whole(f::SEQ)?.unwrap_or_default(),
        printer_stage: obj.text(f::PRINTER_STAGE)?,
        customer_stage: obj.text(f::CUSTOMER_STAGE)?,
        description: obj.text(f::DESCRIPTION)?,
    })
}

/// One page of a paged list: its rows and the list's announced size.
#[derive(Debug)]
pub(crate) struct Page<'a> {
    pub(crate) rows: Vec<Obj<'a>>,
    pub(crate) total: Option<u64>,
}

/// A paging envelope `{Items, PageNumber, PageSize, TotalItems}`.
pub(crate) fn page<'a>(obj: &Obj<'a>) -> Result<Page<'a>, FieldError> {
    Ok(Page {
        rows: obj.objects(f::ITEMS)?,
        total: obj.whole(f::TOTAL_ITEMS)?,
    })
}

/// The authentication answer: the token and, when given, its lifetime in minutes.
pub(crate) fn token(obj: &Obj<'_>) -> Result<(String, Option<u64>), FieldError> {
    Ok((
        obj.required_text(f::TOKEN)?,
        obj.whole(p::TOKEN_DURATION).ok().flatten(),
    ))
}

/// The `Message` (and `MessageDetail`) of an error answer, if the body has one.
pub(crate) fn error_message(body: &str) -> Option<String> {
    let obj = Obj::parse(body).ok()?;
    let message = obj.text(f::MESSAGE).ok()?;
    let detail = obj.text(f::MESSAGE_DETAIL).unwrap_or_default();
    match (message.is_empty(), detail.is_empty()) {
        (true, _) => None,
        (false, true) => Some(message),
        (false, false) => Some(format!("{message} ({detail})")),
    }
}

/// The fields of a flat search row (§3.1) that an order summary needs.
#[derive(Debug)]
pub(crate) struct SearchRow {
    pub(crate) order_number: u64,
    pub(crate) order_id: String,
    pub(crate) order_date: Option<DateTime<Utc>>,
    pub(crate) site: Site,
    pub(crate) item: crate::summary::ItemSummary,
    /// Fields of this row that could not be read (the row is kept, with safe defaults).
    pub(crate) problems: Vec<FieldError>,
}

/// The value, or (recording the problem) its default.
fn soft<T: Default>(result: Result<T, FieldError>, problems: &mut Vec<FieldError>) -> T {
    result.unwrap_or_else(|e| {
        problems.push(e);
        T::default()
    })
}

/// A search row. Only the order and item numbers are required; any other unreadable field is
/// recorded as a problem and given a safe default (an unreadable approval reads as Pending).
pub(crate) fn search_row(obj: &Obj<'_>) -> Result<SearchRow, FieldError> {
    let order_number = order_number(obj)?;
    let item_number = item_number(obj)?;
    let mut problems = Vec::new();
    let order_id = soft(obj.text(f::ORDER_ID), &mut problems);
    let site = Site {
        site_id: soft(obj.text(f::SITE_ID), &mut problems),
        site_name: soft(obj.text(f::SITE_NAME), &mut problems),
        domain: soft(obj.text(f::DOMAIN), &mut problems),
        integration_id: String::new(),
    };
    let order_date = soft(obj.datetime(f::ORDER_DATE), &mut problems);
    let item_id = soft(obj.text(f::ORDER_ITEM_ID), &mut problems);
    let product_name = soft(obj.text(f::PRODUCT_NAME), &mut problems);
    let quantity = soft(obj.whole(f::QUANTITY), &mut problems);
    let price = soft(obj.decimal(f::PRICE), &mut problems);
    let mut ship_to = soft(row_address(obj, &f::SHIP_TO), &mut problems);
    ship_to.email = soft(obj.text(p::SHIP_TO_EMAIL), &mut problems);
    let mis_id = soft(obj.text(f::MIS_ID), &mut problems);
    let workflow_id = soft(obj.text(f::WORKFLOW_ID), &mut problems);
    let workflow_stage_id = soft(obj.text(f::WORKFLOW_STAGE_ID), &mut problems);
    let workflow_stage = soft(obj.text(f::WORKFLOW_STAGE_PRINTER), &mut problems);
    let approval = approval(obj).unwrap_or_else(|e| {
        problems.push(e);
        Approval::Pending
    });
    let kit = kit_role(obj).unwrap_or_else(|e| {
        problems.push(e);
        KitRole::None
    });
    Ok(SearchRow {
        order_number,
        order_id,
        order_date,
        site,
        item: crate::summary::ItemSummary {
            item_id,
            item_number,
            product_name,
            quantity,
            price,
            ship_to,
            approval,
            kit,
            mis_id,
            workflow_id,
            workflow_stage_id,
            workflow_stage,
        },
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn denied_wins_then_modifications_then_approved() {
        let cases = [
            (r#"{"IsApproved":true,"IsDenied":true}"#, Approval::Denied),
            (
                r#"{"IsApproved":true,"IsApprovedWithModifications":true}"#,
                Approval::ApprovedWithModifications,
            ),
            (
                r#"{"IsApproved":false,"IsApprovedWithModifications":true}"#,
                Approval::ApprovedWithModifications,
            ),
            (
                r#"{"IsDenied":true,"IsApprovedWithModifications":true}"#,
                Approval::Denied,
            ),
            (
                r#"{"IsApproved":true,"IsDenied":false}"#,
                Approval::Approved,
            ),
            (
                r#"{"IsApproved":false,"IsDenied":false}"#,
                Approval::Pending,
            ),
            (r#"{"IsApproved":null}"#, Approval::Pending),
            (r#"{"ApprovalStatus":"Denied"}"#, Approval::Denied),
            (
                r#"{"IsApproved":false,"ApprovalStatus":"Approved"}"#,
                Approval::Pending,
            ),
        ];
        for (json, expected) in cases {
            assert_eq!(
                approval(&Obj::parse(json).unwrap()).unwrap(),
                expected,
                "{json}"
            );
        }
    }

    #[test]
    fn an_unreadable_flag_names_the_flag() {
        let error = approval(&Obj::parse(r#"{"IsDenied":"maybe"}"#).unwrap()).unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"`IsDenied` is "maybe", expected true or false"#
        );
    }

    #[test]
    fn error_message_reads_message_and_detail() {
        assert_eq!(
            error_message(r#"{"Message":"Order not found"}"#).as_deref(),
            Some("Order not found")
        );
        assert_eq!(
            error_message(r#"{"message":"Bad","MessageDetail":"why"}"#).as_deref(),
            Some("Bad (why)")
        );
        assert_eq!(error_message("<html>oops</html>"), None);
    }

    #[test]
    fn kit_children_of_any_shape_are_read_and_the_rest_reported() {
        let obj = Obj::parse(
            r#"{"KitChildren":["a-1", 2, {"OrderItemId":"c-3"}, {"orderitemnumber":4}, {"x":1}, null]}"#,
        )
        .unwrap();
        let (refs, rest) = kit_children(&obj);
        assert_eq!(
            refs,
            vec![
                KitRef::Text("a-1".into()),
                KitRef::Number(2),
                KitRef::Text("c-3".into()),
                KitRef::Number(4)
            ]
        );
        assert_eq!(rest, vec![r#"{"x":1}"#.to_owned(), "null".to_owned()]);
        let single = Obj::parse(r#"{"KitChildren":7}"#).unwrap();
        assert_eq!(kit_children(&single).0, vec![KitRef::Number(7)]);
        assert_eq!(kit_children(&Obj::parse("{}").unwrap()), (vec![], vec![]));
    }

    #[test]
    fn details_never_fail_and_say_what_they_lack() {
        let obj = Obj::parse(
            r#"{"OrderNumber":5,"UserId":null,"ReqShipDate":"soon",
                "Items":[{"OrderItemNumber":1,"Files":"nope","WillShipSeparately":true},7]}"#,
        )
        .unwrap();
        let details = details(&obj);
        assert_eq!(details.order_number, Some(5));
        assert_eq!(details.items.len(), 1);
        assert_eq!(details.items[0].ships_separately, Some(true));
        assert!(details.items[0].files.is_none());
        let gaps = details.gaps.join("; ");
        for expected in [
            "`UserId`",
            "`Notes`",
            "requested ship date",
            "item 1: production files",
            "item 1: pricing parameters",
            "`Items[1]`",
        ] {
            assert!(gaps.contains(expected), "{expected}: {gaps}");
        }
    }
}

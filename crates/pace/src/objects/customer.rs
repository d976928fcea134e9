//! Customer and Contact (reference §4.2, §4.3).

use super::pace_object;
use crate::value::PaceDate;

pace_object! {
    /// A Pace customer, keyed by its code `id` (e.g. `HOUSE`).
    Customer = "Customer",
    key "id" = |customer| customer.id.clone(),
    {
        id: String = "id",
        cust_name: String = "custName",
        email: String = "email",
        customer_status: String = "customerStatus",
        customer_type: i64 = "customerType",
        sales_person: i64 = "salesPerson",
        csr: i64 = "csr",
        sales_category: i64 = "salesCategory",
        tax_category: i64 = "taxCategory",
        sales_tax: String = "salesTax",
        taxable_code: i64 = "taxableCode",
        date_setup: PaceDate = "dateSetup",
        address1: String = "address1",
        address2: String = "address2",
        address3: String = "address3",
        city: String = "city",
        state: String = "state",
        state_key: String = "stateKey",
        zip: String = "zip",
        country: i64 = "country",
        phone_number: String = "phoneNumber",
        phone_extension: String = "phoneExtension",
        fax_number: String = "faxNumber",
        contact_first_name: String = "contactFirstName",
        contact_last_name: String = "contactLastName",
        contact_title: String = "contactTitle",
        default_contact: i64 = "defaultContact",
        ship_to_contact: i64 = "shipToContact",
        bill_to_contact: i64 = "billToContact",
        ship_via: i64 = "shipVia",
        terms: i64 = "terms",
        credit_limit: f64 = "creditLimit",
        on_credit_hold: bool = "onCreditHold",
        parent_customer: String = "parentCustomer",
        shipping_acct_num: String = "shippingAcctNum",
        description: String = "description",
        web_site: String = "webSite",
    }
}

pace_object! {
    /// A person at a customer, keyed by the integer `id` Pace assigns. Pace has no plain
    /// `phone` field: use `business_phone_number` and friends.
    Contact = "Contact",
    key "id" = |contact| contact.id.map(|id| id.to_string()),
    {
        id: i64 = "id",
        customer: String = "customer",
        first_name: String = "firstName",
        last_name: String = "lastName",
        email: String = "email",
        title: String = "title",
        position: String = "position",
        department: String = "department",
        company_name: String = "companyName",
        address1: String = "address1",
        address2: String = "address2",
        address3: String = "address3",
        city: String = "city",
        state: String = "state",
        state_key: String = "stateKey",
        zip: String = "zip",
        country: i64 = "country",
        business_phone_number: String = "businessPhoneNumber",
        business_phone_extension: String = "businessPhoneExtension",
        mobile_phone_number: String = "mobilePhoneNumber",
        home_phone_number: String = "homePhoneNumber",
        ship_to: bool = "shipTo",
        bill_to: bool = "billTo",
        job_contact: bool = "jobContact",
        active: bool = "active",
        residential: bool = "residential",
        ship_via: i64 = "shipVia",
        shipping_acct_num: String = "shippingAcctNum",
    }
}

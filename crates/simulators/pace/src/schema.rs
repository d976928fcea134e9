//! The one table of object types the simulator knows: for each Pace type its key rule and the
//! explicit list of its SOAP fields (name, value kind, which type a field refers to, whether it is
//! required). A field that is not in this table makes a create, an update or an XPath fault with
//! `Unknown field 'x' on object 'Type'`, as Pace does.
//!
//! Field names follow `shared/reference/pace-api.md` §4 (SOAP names, dates split into
//! `xDate`/`xTime`, `JobPartKey` with a capital J on CartonContent).

/// How a field's text is interpreted on the wire and in XPath comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A whole number (`int`/`long` on the wire).
    Int,
    /// A decimal amount or measure (`double` on the wire).
    Decimal,
    /// `true` / `false`.
    Bool,
    /// An `xsd:dateTime` in UTC with millis, e.g. `2026-11-22T00:00:00.000Z`.
    DateTime,
}

/// One field of a Pace object type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The SOAP element name (and XPath `@name`).
    pub name: &'static str,
    /// How its value is read and compared.
    pub kind: Kind,
    /// The type whose key this field holds (`Job.customer` → `Customer`), checked on every
    /// write and followed by XPath navigation (`customer/@custName`).
    pub refers_to: Option<&'static str>,
    /// Whether a create without it faults.
    pub required: bool,
    /// The longest text the field takes, where the reference gives one (Contact `companyName`:
    /// 60, §4.3); a longer value faults.
    pub max_chars: Option<usize>,
}

impl Field {
    const fn new(name: &'static str, kind: Kind) -> Self {
        Field {
            name,
            kind,
            refers_to: None,
            required: false,
            max_chars: None,
        }
    }

    const fn max(self, chars: usize) -> Self {
        Field {
            max_chars: Some(chars),
            ..self
        }
    }

    const fn to(self, target: &'static str) -> Self {
        Field {
            refers_to: Some(target),
            ..self
        }
    }

    const fn required(self) -> Self {
        Field {
            required: true,
            ..self
        }
    }
}

const fn s(name: &'static str) -> Field {
    Field::new(name, Kind::Text)
}
const fn i(name: &'static str) -> Field {
    Field::new(name, Kind::Int)
}
const fn d(name: &'static str) -> Field {
    Field::new(name, Kind::Decimal)
}
const fn b(name: &'static str) -> Field {
    Field::new(name, Kind::Bool)
}
const fn t(name: &'static str) -> Field {
    Field::new(name, Kind::DateTime)
}

/// How the key of a type is formed and assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRule {
    /// A text code the client must send in this field (Customer `id`, ItemTemplate `code`).
    Code(&'static str),
    /// A whole number in this field, assigned by the server from a sequence when not sent.
    Counter(&'static str),
    /// Job: `job`, a text job number assigned from a sequence (10001, 10002 …) when not sent.
    JobNumber,
    /// JobPart: `job:jobPart`, the part number (`01`, `02` …) assigned per job when not sent.
    JobPart,
    /// FileAttachment: `attachment`, a text key assigned by the server.
    Attachment,
}

impl KeyRule {
    /// The field holding the key (JobPart: `primaryKey`).
    pub fn field(self) -> &'static str {
        match self {
            KeyRule::Code(field) | KeyRule::Counter(field) => field,
            KeyRule::JobNumber => "job",
            KeyRule::JobPart => "primaryKey",
            KeyRule::Attachment => "attachment",
        }
    }

    /// Whether keys compare as numbers (for the natural order of `find` results).
    pub fn is_numeric(self) -> bool {
        matches!(self, KeyRule::Counter(_) | KeyRule::JobNumber)
    }
}

/// One Pace object type.
#[derive(Debug, Clone, Copy)]
pub struct ObjectType {
    /// The type name as used in `read{Type}`, `find(in0)` and XPath errors.
    pub name: &'static str,
    /// How its key is formed.
    pub key: KeyRule,
    /// Every field the type has, in the order replies list them.
    pub fields: &'static [Field],
}

impl ObjectType {
    /// The field called `name`, if the type has it.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The SOAP parameter name of this type: `lcfirst(Type)` (`readCSR` takes `<cSR>`).
    pub fn parameter_name(&self) -> String {
        let mut chars = self.name.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// The type called `name`, if the simulator models it.
pub fn object_type(name: &str) -> Option<&'static ObjectType> {
    OBJECT_TYPES.iter().find(|t| t.name == name)
}

/// Every type the simulator models.
pub fn object_types() -> &'static [ObjectType] {
    OBJECT_TYPES
}

const ADDRESS: [Field; 8] = [
    s("address1"),
    s("address2"),
    s("address3"),
    s("city"),
    s("state"),
    s("stateKey").to("State"),
    s("zip"),
    i("country").to("Country"),
];

macro_rules! fields {
    ($($part:expr),* $(,)?) => {{
        const PARTS: &[&[Field]] = &[$($part),*];
        const LEN: usize = {
            let mut len = 0;
            let mut p = 0;
            while p < PARTS.len() {
                len += PARTS[p].len();
                p += 1;
            }
            len
        };
        const FIELDS: [Field; LEN] = {
            let mut out = [s(""); LEN];
            let mut n = 0;
            let mut p = 0;
            while p < PARTS.len() {
                let mut f = 0;
                while f < PARTS[p].len() {
                    out[n] = PARTS[p][f];
                    n += 1;
                    f += 1;
                }
                p += 1;
            }
            out
        };
        &FIELDS
    }};
}

/// The table. Lookup types (ShipVia, JobType, JobStatus, SalesPerson …) come last.
static OBJECT_TYPES: &[ObjectType] = &[
    ObjectType {
        name: "Customer",
        key: KeyRule::Code("id"),
        fields: fields!(
            &[
                s("id"),
                s("custName").required(),
                s("email"),
                s("customerStatus").to("CustomerStatus"),
                i("customerType").to("CustomerType"),
                i("salesPerson").to("SalesPerson"),
                i("csr").to("CSR"),
                i("salesCategory").to("SalesCategory"),
                i("taxCategory").to("TaxCategory"),
                s("salesTax").to("SalesTax"),
                s("salesTax2").to("SalesTax"),
                i("taxableCode").to("TaxableCode"),
                t("dateSetup"),
            ],
            &ADDRESS,
            &[
                s("phoneNumber"),
                s("phoneExtension"),
                s("faxNumber"),
                s("alternatePhoneNumber"),
                s("contactFirstName"),
                s("contactLastName"),
                s("contactTitle"),
                i("defaultContact"),
                i("shipToContact"),
                i("billToContact"),
                i("shipBillToContact"),
                i("shipVia").to("ShipVia"),
                i("terms"),
                d("creditLimit"),
                b("onCreditHold"),
                s("parentCustomer"),
                s("defaultJob"),
                s("jobNotes"),
                s("shippingAcctNum"),
                s("description"),
                s("webSite"),
                i("priceList"),
                b("calculateTax"),
                b("calculateFreight"),
                s("defaultCurrency"),
                d("accountBalance"),
                d("wipBalance"),
                t("dateLastInvoice"),
                t("dateLastPayment"),
                d("salesYTD"),
                d("salesLastYear"),
                i("manufacturingLocation"),
            ],
        ),
    },
    ObjectType {
        name: "Contact",
        key: KeyRule::Counter("id"),
        fields: fields!(
            &[
                i("id"),
                s("firstName"),
                s("lastName"),
                s("email"),
                s("email2"),
                s("email3"),
                s("email4"),
                s("customer").to("Customer").required(),
                s("title"),
                s("position"),
                s("department"),
                // Reference §4.3 (S7): "max 60 chars".
                s("companyName").max(60),
            ],
            &ADDRESS,
            &[
                s("businessPhoneNumber"),
                s("businessPhoneExtension"),
                s("mobilePhoneNumber"),
                s("homePhoneNumber"),
                s("otherPhoneNumber"),
                s("businessFaxNumber"),
                s("homeFaxNumber"),
                b("shipTo"),
                b("billTo"),
                b("jobContact"),
                b("active"),
                b("residential"),
                b("prospect"),
                b("globalContact"),
                b("doNotEmail"),
                b("doNotCall"),
                i("shipVia").to("ShipVia"),
                s("shippingAcctNum"),
                i("shipBillToContact"),
                i("salesPerson").to("SalesPerson"),
                s("salesTax").to("SalesTax"),
                i("taxableCode").to("TaxableCode"),
                i("terms"),
                s("vendor"),
                s("lookupHint"),
            ],
        ),
    },
    ObjectType {
        name: "Job",
        key: KeyRule::JobNumber,
        fields: &[
            s("job"),
            s("customer").to("Customer").required(),
            s("description"),
            s("description2"),
            i("jobType").to("JobType"),
            s("adminStatus").to("JobStatus"),
            s("prevAdminStatus").to("JobStatus"),
            s("poNum"),
            s("contactFirstName"),
            s("contactLastName"),
            t("promiseDate"),
            t("promiseTime"),
            t("scheduledShipDate"),
            t("scheduledShipTime"),
            b("scheduledShipDateForced"),
            b("scheduledShipTimeForced"),
            t("dateSetup"),
            t("timeSetUp"),
            s("enteredBy"),
            i("salesPerson").to("SalesPerson"),
            i("csr").to("CSR"),
            i("salesCategory").to("SalesCategory"),
            i("taxCategory").to("TaxCategory"),
            i("shipVia").to("ShipVia"),
            i("terms"),
            s("quoteNumber"),
            s("jobProductType"),
            i("jobContact").to("JobContact"),
            i("billToJobContact").to("JobContact"),
            i("shipToJobContact").to("JobContact"),
            i("totalParts"),
            i("qtyOrdered"),
            i("quantityOrdered"),
            d("amountToInvoice"),
            b("amountToInvoiceForced"),
            d("amountInvoiced"),
            d("originalQuotedPrice"),
            d("totalPriceAllParts"),
            d("jobValue"),
            d("freightAmountTotal"),
            s("currentStatus"),
            i("priority"),
            s("reference"),
            s("parentJob").to("Job"),
            s("itemTemplate").to("ItemTemplate"),
            i("part1QuantityOrdered"),
            s("part1JobProductType"),
            d("part1QuotedPrice"),
            i("part1NumSigs"),
            b("addPlanFromJobType"),
            i("routingTemplate"),
        ],
    },
    ObjectType {
        name: "JobPart",
        key: KeyRule::JobPart,
        fields: &[
            s("primaryKey"),
            s("job").to("Job").required(),
            s("jobPart"),
            s("description"),
            i("jobType").to("JobType"),
            i("qtyOrdered"),
            d("quotedPrice"),
            b("quotedPriceForced"),
            d("freightAmt"),
            s("itemTemplate").to("ItemTemplate"),
            s("jobProductType"),
            s("productionStatus"),
            s("estimate"),
            s("estimatePart"),
            i("salesCategory").to("SalesCategory"),
            i("taxCategory").to("TaxCategory"),
            i("shipToJobContact").to("JobContact"),
            i("qtyToMfg"),
            i("qtyShipped"),
            i("quantityRemaining"),
            d("value"),
            i("priority"),
            t("dateSetup"),
            t("timeSetUp"),
            t("actualShipDate"),
            s("additionalDescription"),
            d("finalSizeW"),
            d("finalSizeH"),
            i("colorsS1"),
            i("colorsS2"),
            i("colorsTotal"),
            i("pages"),
            i("numSigs"),
            b("proofRequired"),
            i("jobProduct"),
            s("statusReason"),
            s("statusComment"),
        ],
    },
    ObjectType {
        name: "JobMaterial",
        key: KeyRule::Counter("id"),
        fields: &[
            i("id"),
            s("job").to("Job").required(),
            s("jobPart"),
            s("jobPartKey").to("JobPart"),
            s("inventoryItem"),
            d("plannedQuantity"),
            s("description"),
            s("additionalDescription"),
            s("uom"),
            s("qtyUom"),
            d("unitPrice"),
            d("sellPrice"),
            s("vendor"),
            i("activityCode"),
            s("inventoryLocation"),
            s("inventoryBin"),
            d("pulledQuantity"),
            d("ordered"),
            d("shipped"),
            d("invoiced"),
            t("dateRequired"),
            b("manual"),
            i("sequence"),
            i("jobPartItem"),
            i("jobContact").to("JobContact"),
        ],
    },
    ObjectType {
        name: "JobShipment",
        key: KeyRule::Counter("id"),
        fields: fields!(
            &[
                i("id"),
                s("job").to("Job").required(),
                s("jobPart"),
                s("jobPartKey").to("JobPart"),
                s("customer").to("Customer"),
                s("description"),
                s("name"),
                s("contactFirstName"),
                s("contactLastName"),
                s("email"),
                s("phone"),
                s("extension"),
            ],
            &ADDRESS,
            &[
                i("shipVia").to("ShipVia"),
                s("shipViaNote"),
                s("accountNumber"),
                b("forcedAccountNumber"),
                s("charges"),
                i("shipBillToContact").to("Contact"),
                i("quantity"),
                i("plannedQuantity"),
                i("quantityRemaining"),
                i("shipmentType"),
                s("shipperName"),
                s("shipInNameOf"),
                s("trackingNumber"),
                s("trackingLink"),
                s("trackingNotes"),
                d("cost"),
                d("quotedPrice"),
                d("sellingPrice"),
                d("handlingCost"),
                d("weight"),
                s("notes"),
                t("date"),
                t("time"),
                t("promiseDate"),
                t("promiseTime"),
                b("dateForced"),
                b("timeForced"),
                b("shipped"),
                b("planned"),
                b("scheduled"),
                b("saturday"),
                i("contactNumber").to("Contact"),
                i("jobContact").to("JobContact"),
                i("carton1Count"),
                i("carton1Quantity"),
                s("carton1Note"),
                s("carton1TrackingNumber"),
                i("carton1SkidCount"),
                s("fob"),
                s("billOfLading"),
                d("thirdPartyCharges"),
                d("codAmount"),
                i("manufacturingLocation"),
            ],
        ),
    },
    ObjectType {
        name: "Carton",
        key: KeyRule::Counter("id"),
        fields: &[
            i("id"),
            i("shipment").to("JobShipment").required(),
            i("skid"),
            i("count"),
            i("quantity"),
            b("addDefaultContent"),
            s("note"),
            s("trackingNumber"),
            s("trackingLink"),
            d("weight"),
            d("cost"),
            i("skidCount"),
            i("totalQuantity"),
            i("totalSkidQuantity"),
            t("actualDate"),
            t("actualTime"),
            s("receivedBy"),
        ],
    },
    ObjectType {
        name: "CartonContent",
        key: KeyRule::Counter("id"),
        fields: &[
            i("id"),
            i("carton").to("Carton").required(),
            i("quantity"),
            s("content"),
            s("contentDescription"),
            s("note"),
            s("job").to("Job"),
            s("jobPart"),
            s("jobPartJob").to("Job"),
            s("JobPartKey").to("JobPart"),
            i("jobMaterial").to("JobMaterial"),
            i("jobComponent"),
            i("jobProduct"),
            i("jobPartItem"),
            i("jobPartPressForm"),
            i("proof"),
            i("sequence"),
            i("totalQuantity"),
            i("quantityInvoiced"),
            i("quantityToBeInvoiced"),
        ],
    },
    ObjectType {
        name: "JobNote",
        key: KeyRule::Counter("id"),
        fields: &[
            i("id"),
            s("job").to("Job").required(),
            s("jobPart"),
            s("note"),
            s("noteSummary"),
            i("department"),
            b("customerViewable"),
            s("createdBy"),
            t("createdDateTime"),
            i("subNoteCategory"),
        ],
    },
    ObjectType {
        name: "JobContact",
        key: KeyRule::Counter("id"),
        fields: &[
            i("id"),
            s("job").to("Job").required(),
            i("contact").to("Contact").required(),
            b("billTo"),
            b("shipTo"),
            i("contactType"),
        ],
    },
    ObjectType {
        name: "FileAttachment",
        key: KeyRule::Attachment,
        fields: &[
            s("attachment"),
            s("baseObject"),
            s("baseObjectKey"),
            s("field"),
            s("name"),
            s("description"),
            s("mimeType"),
            s("fileExtension"),
            s("ext"),
            i("sizeInBytes"),
            s("content"),
            t("dateAdded"),
        ],
    },
    ObjectType {
        name: "Estimate",
        key: KeyRule::Counter("id"),
        fields: &[
            i("id"),
            s("estimateNumber"),
            s("customer").to("Customer").required(),
            s("description"),
            s("job").to("Job"),
            s("poNum"),
            i("jobType").to("JobType"),
            s("status"),
            t("entryDate"),
        ],
    },
    ObjectType {
        name: "ItemTemplate",
        key: KeyRule::Code("code"),
        fields: &[
            s("code"),
            s("description"),
            b("active"),
            s("itemTemplateType"),
            s("jobProductType"),
            i("salesCategory").to("SalesCategory"),
            s("baseObject"),
            i("qtyOptions"),
        ],
    },
    ObjectType {
        name: "ItemTemplateLine",
        key: KeyRule::Counter("id"),
        fields: &[
            i("id"),
            s("itemTemplate").to("ItemTemplate").required(),
            s("dataObject").required(),
            i("sequence"),
        ],
    },
    ObjectType {
        name: "ItemTemplateLineAttribute",
        key: KeyRule::Counter("id"),
        fields: &[
            i("id"),
            i("itemTemplateLine").to("ItemTemplateLine").required(),
            s("attribute").required(),
            i("expressionType"),
            s("defaultValue"),
        ],
    },
    ObjectType {
        name: "ShipVia",
        key: KeyRule::Counter("id"),
        fields: &[
            i("id"),
            i("provider").to("ShipProvider"),
            s("description"),
            b("active"),
            d("minimumWeight"),
            d("maximumWeight"),
            b("multiBoxShipping"),
            d("maxWeightPerBox"),
            i("daysintransit"),
            t("cutOffTime"),
            t("earliestDeliveryTime"),
            i("dateCalcType"),
            b("billOfLading"),
            i("activityCode"),
            b("availableInEcommerce"),
        ],
    },
    ObjectType {
        // Reference §4.1: Country `id` is an int (`1` = US). Its other fields are not in the
        // reference: `name` and the ISO code `isoCountry` are the simulator's guess.
        name: "Country",
        key: KeyRule::Counter("id"),
        fields: &[i("id"), s("name"), s("isoCountry"), b("active")],
    },
    ObjectType {
        // Reference §4.1: a State's key is `stateKey` = `country:code` (`1:CA`). Its other
        // fields are the simulator's guess: `country` (the Country id), `state` (the code) and
        // `name`.
        name: "State",
        key: KeyRule::Code("stateKey"),
        fields: &[
            s("stateKey"),
            i("country").to("Country").required(),
            s("state"),
            s("name"),
        ],
    },
    ObjectType {
        name: "ShipProvider",
        key: KeyRule::Counter("id"),
        fields: &[i("id"), s("name"), b("active")],
    },
    ObjectType {
        name: "JobType",
        key: KeyRule::Counter("id"),
        fields: &[
            i("id"),
            s("description"),
            b("active"),
            s("jobNumberPrefix"),
            i("jobNumberSequence"),
            i("routingTemplate"),
        ],
    },
    ObjectType {
        name: "JobStatus",
        key: KeyRule::Code("id"),
        fields: &[
            s("id"),
            s("description"),
            b("openJob"),
            b("admin"),
            b("production"),
            b("billingOK"),
            i("statusType"),
            b("active"),
        ],
    },
    ObjectType {
        // Reference §4.2: the flag is `customerActive` (public code filters active customers
        // with `customerStatus/@customerActive = "true"`); there is no `active` on it.
        name: "CustomerStatus",
        key: KeyRule::Code("id"),
        fields: &[s("id"), s("description"), b("customerActive")],
    },
    ObjectType {
        name: "CustomerType",
        key: KeyRule::Counter("id"),
        fields: &[i("id"), s("description"), b("active")],
    },
    ObjectType {
        name: "SalesPerson",
        key: KeyRule::Counter("id"),
        fields: &[i("id"), s("name"), s("email"), b("active")],
    },
    ObjectType {
        name: "CSR",
        key: KeyRule::Counter("id"),
        fields: &[i("id"), s("name"), s("email"), b("active")],
    },
    ObjectType {
        name: "SalesCategory",
        key: KeyRule::Counter("id"),
        fields: &[i("id"), s("name"), b("active")],
    },
    ObjectType {
        name: "TaxCategory",
        key: KeyRule::Counter("id"),
        fields: &[i("id"), s("description"), b("active")],
    },
    ObjectType {
        name: "SalesTax",
        key: KeyRule::Code("id"),
        fields: &[s("id"), s("description"), d("rate"), b("active")],
    },
    ObjectType {
        name: "TaxableCode",
        key: KeyRule::Counter("id"),
        fields: &[i("id"), s("description"), b("taxable"), b("active")],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_its_key_field_and_unique_field_names() {
        for object_type in object_types() {
            assert!(
                object_type.field(object_type.key.field()).is_some(),
                "{} lacks its key field",
                object_type.name
            );
            let mut names: Vec<_> = object_type.fields.iter().map(|f| f.name).collect();
            let before = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), before, "{} repeats a field", object_type.name);
        }
    }

    #[test]
    fn every_reference_points_at_a_modelled_type() {
        for object_type in object_types() {
            for field in object_type.fields {
                if let Some(target) = field.refers_to {
                    assert!(
                        object_type_exists(target),
                        "{}.{} → {target}",
                        object_type.name,
                        field.name
                    );
                }
            }
        }
    }

    fn object_type_exists(name: &str) -> bool {
        object_type(name).is_some()
    }

    #[test]
    fn parameter_name_is_lcfirst() {
        let csr = object_type("CSR").map(ObjectType::parameter_name);
        assert_eq!(csr.as_deref(), Some("cSR"));
        let part = object_type("JobPart").map(ObjectType::parameter_name);
        assert_eq!(part.as_deref(), Some("jobPart"));
    }
}

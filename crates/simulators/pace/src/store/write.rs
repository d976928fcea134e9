//! Creates, updates and deletes with Pace's rules: server-assigned keys (job numbers from a
//! sequence, parts `01`, `02` … per job, whole-number ids), defaults the server fills, item
//! template defaults written over what was sent, part `01` made with every job, default carton
//! content, partial updates, and integrity checks.

use chrono::{DateTime, NaiveDate, Utc};

use crate::schema::{Field, KeyRule, Kind, ObjectType, object_type};
use crate::soap::fault::Fault;
use crate::store::integrity::{self, Scope};
use crate::store::templates::apply_defaults;
use crate::store::{Sequences, Tables, key_of, normalize_key};
use crate::value::{PaceObject, format_instant, normalize};

/// The first job number handed out when the seed does not say otherwise.
pub const FIRST_JOB_NUMBER: i64 = 10001;

/// One field as a client sent it: `None` is `xsi:nil="true"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentField {
    /// The element's local name.
    pub name: String,
    /// Its text, or `None` when nil.
    pub value: Option<String>,
}

/// `primaryKey`, which every Pace object accepts as its key in a request even when the type's
/// own key field has another name (`id`, `job`, `code`).
const PRIMARY_KEY: Field = Field {
    name: "primaryKey",
    kind: Kind::Text,
    refers_to: None,
    required: false,
    max_chars: None,
};

/// What a create or update does with a field the type does not have. Pace faults
/// (`Unknown field 'x' on object 'Type'`, the default); a lenient SOAP server may instead drop
/// such a field silently, which `drop` acts out. `forget` names known fields (`Type.field`) the
/// simulator acts as if it did not have: a stand-in for a Pace whose field model lacks a name a
/// client guessed. Filters, sorts and field descriptors naming one fault; creates and updates
/// fault too, or drop it with `drop`; replies show it empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UnknownFields {
    /// Drop unknown fields of creates and updates silently instead of faulting.
    pub drop: bool,
    /// Known fields, as `Type.field`, the simulator acts as if it did not have.
    pub forget: std::collections::BTreeSet<String>,
}

impl UnknownFields {
    /// The lenient mode: unknown fields are dropped, nothing is forgotten.
    pub fn dropped() -> Self {
        UnknownFields {
            drop: true,
            forget: std::collections::BTreeSet::new(),
        }
    }

    /// Faults (as Pace does for a field it does not have) when `named` — the (type, field)
    /// pairs of a filter, sort or field descriptor — includes a forgotten field. Reads never
    /// drop: `drop` is about writes only.
    pub fn refuse_forgotten(&self, named: &[(&'static str, String)]) -> Result<(), Fault> {
        match named
            .iter()
            .find(|(owner, field)| self.forget.contains(&format!("{owner}.{field}")))
        {
            Some((owner, field)) => Err(Fault::unknown_field(field, owner)),
            None => Ok(()),
        }
    }

    /// Whether `field` counts as a field of `object_type` on writes.
    fn knows(&self, object_type: &ObjectType, field: &str) -> bool {
        let known = object_type.field(field).is_some() || field == PRIMARY_KEY.name;
        known
            && !self
                .forget
                .contains(&format!("{}.{field}", object_type.name))
    }

    /// The sent fields a write keeps: all of them when each is known; the known ones when
    /// unknown ones are dropped; else the fault Pace gives for the first unknown one.
    fn filter(
        &self,
        object_type: &ObjectType,
        sent: &[SentField],
    ) -> Result<Vec<SentField>, Fault> {
        let mut kept = Vec::with_capacity(sent.len());
        for field in sent {
            if self.knows(object_type, &field.name) {
                kept.push(field.clone());
            } else if self.drop {
                tracing::debug!(object_type = object_type.name, field = %field.name, "unknown field dropped");
            } else {
                return Err(Fault::unknown_field(&field.name, object_type.name));
            }
        }
        Ok(kept)
    }
}

/// Checks every sent field exists on the type (or is `primaryKey`) and normalises its value.
pub fn validate_fields(
    object_type: &ObjectType,
    sent: &[SentField],
) -> Result<Vec<(&'static str, Option<String>)>, Fault> {
    sent.iter()
        .map(|field| {
            let known = object_type
                .field(&field.name)
                .or((field.name == PRIMARY_KEY.name).then_some(&PRIMARY_KEY))
                .ok_or_else(|| Fault::unknown_field(&field.name, object_type.name))?;
            if let (Some(max), Some(text)) = (known.max_chars, &field.value)
                && text.chars().count() > max
            {
                return Err(Fault::client(format!(
                    "Invalid value for field '{}' on object '{}': {} characters, at most {max} allowed",
                    field.name,
                    object_type.name,
                    text.chars().count()
                )));
            }
            let value = match &field.value {
                None => None,
                Some(text) => Some(normalize(known.kind, text).map_err(|reason| {
                    Fault::client(format!(
                        "Invalid value for field '{}' on object '{}': {reason}",
                        field.name, object_type.name
                    ))
                })?),
            };
            Ok((known.name, value))
        })
        .collect()
}

/// The non-null sent fields as an object, after [`validate_fields`].
pub fn sent_object(object_type: &ObjectType, sent: &[SentField]) -> Result<PaceObject, Fault> {
    Ok(validate_fields(object_type, sent)?
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name.to_owned(), v)))
        .collect())
}

/// Writes into a set of tables (the live ones or a transaction's working copy).
#[derive(Debug)]
pub struct Writer<'a> {
    /// Where objects go.
    pub tables: &'a mut Tables,
    /// Key sequences (shared by every transaction, like database sequences).
    pub sequences: &'a mut Sequences,
    /// The simulator's clock reading for this call.
    pub now: DateTime<Utc>,
    /// The API login, recorded as `enteredBy` / `createdBy`.
    pub user: &'a str,
    /// What creates and updates do with unknown fields.
    pub unknown_fields: &'a UnknownFields,
}

impl Writer<'_> {
    /// Creates an object from the fields sent, returning it as persisted.
    pub fn create(
        &mut self,
        object_type: &'static ObjectType,
        sent: &[SentField],
    ) -> Result<PaceObject, Fault> {
        let sent = self.unknown_fields.filter(object_type, sent)?;
        let mut object = sent_object(object_type, &sent)?;
        if object_type.field(PRIMARY_KEY.name).is_none() {
            object.remove(PRIMARY_KEY.name);
        }
        let key = self.assign_key(object_type, &mut object)?;
        self.fill_defaults(object_type, &mut object);
        if matches!(object_type.name, "Job" | "JobPart") {
            apply_defaults(self.tables, object_type, &mut object);
        }
        integrity::check(self.tables, object_type, &object, Scope::Whole)?;
        self.tables
            .put(object_type.name, key.clone(), object.clone());
        if let Err(fault) = self.after_create(object_type, &object) {
            // A create is all or nothing: no job is left behind without its part 01.
            self.tables.remove(object_type.name, &key);
            return Err(fault);
        }
        self.tables
            .get(object_type.name, &key)
            .cloned()
            .ok_or_else(|| Fault::not_found(object_type.name, &key))
    }

    /// Changes only the fields sent (nil clears one); the key identifies the object.
    pub fn update(
        &mut self,
        object_type: &'static ObjectType,
        sent: &[SentField],
    ) -> Result<PaceObject, Fault> {
        let sent = self.unknown_fields.filter(object_type, sent)?;
        let fields = validate_fields(object_type, &sent)?;
        let sent_map: PaceObject = fields
            .iter()
            .filter_map(|(name, value)| value.clone().map(|v| ((*name).to_owned(), v)))
            .collect();
        let key = key_of(object_type, &sent_map)?;
        let old = self
            .tables
            .get(object_type.name, &key)
            .cloned()
            .ok_or_else(|| Fault::not_found(object_type.name, &key))?;
        let mut object = old.clone();
        let mut changed = Vec::new();
        for (name, value) in fields {
            if is_key_field(object_type, name) {
                continue;
            }
            if old.get(name) != value.as_ref() {
                changed.push(name);
            }
            match value {
                Some(value) => object.insert(name.to_owned(), value),
                None => object.remove(name),
            };
        }
        if object_type.name == "Job" && old.get("adminStatus") != object.get("adminStatus") {
            match old.get("adminStatus") {
                Some(previous) => object.insert("prevAdminStatus".to_owned(), previous.clone()),
                None => object.remove("prevAdminStatus"),
            };
        }
        integrity::check(self.tables, object_type, &object, Scope::Changed(&changed))?;
        self.tables.put(object_type.name, key, object.clone());
        Ok(object)
    }

    /// Deletes an object; a Job takes its parts with it. Faults when something else still
    /// refers to it.
    pub fn delete(&mut self, object_type: &'static ObjectType, key: &str) -> Result<(), Fault> {
        let key = normalize_key(object_type, key)?;
        if self.tables.get(object_type.name, &key).is_none() {
            return Err(Fault::not_found(object_type.name, &key));
        }
        let cascaded: &[&str] = if object_type.name == "Job" {
            &["JobPart"]
        } else {
            &[]
        };
        let blocker =
            integrity::referenced_by(self.tables, object_type, &key, cascaded).or_else(|| {
                // A job's parts may themselves be referenced (shipments, materials, cartons).
                self.part_keys(&key, object_type)
                    .into_iter()
                    .find_map(|part| {
                        let part_type = crate::schema::object_type("JobPart")?;
                        integrity::referenced_by(self.tables, part_type, &part, &[])
                    })
            });
        if let Some((other_type, other_key)) = blocker {
            return Err(Fault::server(format!(
                "Cannot delete {} '{key}': it is referenced by {other_type} '{other_key}'",
                object_type.name
            )));
        }
        for part in self.part_keys(&key, object_type) {
            self.tables.remove("JobPart", &part);
        }
        self.tables.remove(object_type.name, &key);
        if object_type.name == "JobPart" {
            let job = key.split(':').next().unwrap_or_default().to_owned();
            self.count_parts(&job);
        }
        Ok(())
    }

    fn part_keys(&self, job: &str, object_type: &ObjectType) -> Vec<String> {
        if object_type.name != "Job" {
            return Vec::new();
        }
        self.parts_of(job)
            .into_iter()
            .map(|part| format!("{job}:{part}"))
            .collect()
    }

    fn parts_of(&self, job: &str) -> Vec<String> {
        let Some(part_type) = object_type("JobPart") else {
            return Vec::new();
        };
        self.tables
            .rows(part_type)
            .into_iter()
            .filter(|part| part.get("job").map(String::as_str) == Some(job))
            .filter_map(|part| part.get("jobPart").cloned())
            .collect()
    }

    fn assign_key(
        &mut self,
        object_type: &'static ObjectType,
        object: &mut PaceObject,
    ) -> Result<String, Fault> {
        let key = match object_type.key {
            KeyRule::Code(field) => object
                .get(field)
                .map(|code| code.trim().to_owned())
                .filter(|code| !code.is_empty())
                .ok_or_else(|| {
                    Fault::server(format!(
                        "Field '{field}' is required on object '{}'",
                        object_type.name
                    ))
                })?,
            KeyRule::Counter(field) => {
                let given = object.get(field).and_then(|id| id.parse::<i64>().ok());
                let id = match given {
                    Some(id) if id != 0 => {
                        self.sequences.bump_past(object_type.name, id);
                        id
                    }
                    _ => self.sequences.take(object_type.name, 1),
                };
                object.insert(field.to_owned(), id.to_string());
                id.to_string()
            }
            KeyRule::JobNumber => {
                let given = object.get("job").map(|j| j.trim().to_owned());
                let number = match given.filter(|j| !j.is_empty()) {
                    Some(number) => number,
                    None => self.sequences.take("Job", FIRST_JOB_NUMBER).to_string(),
                };
                object.insert("job".to_owned(), number.clone());
                number
            }
            KeyRule::JobPart => {
                let job = object.get("job").cloned().unwrap_or_default();
                let part = match object.get("jobPart").filter(|p| !p.trim().is_empty()) {
                    Some(part) => part.trim().to_owned(),
                    None => self.next_part_number(&job),
                };
                object.insert("jobPart".to_owned(), part.clone());
                let key = format!("{job}:{part}");
                object.insert("primaryKey".to_owned(), key.clone());
                key
            }
            KeyRule::Attachment => {
                let key = self.sequences.take("FileAttachment", 1).to_string();
                object.insert("attachment".to_owned(), key.clone());
                key
            }
        };
        if self.tables.get(object_type.name, &key).is_some() {
            return Err(Fault::server(format!(
                "Cannot create {} '{key}': an object with this primary key already exists",
                object_type.name
            )));
        }
        Ok(key)
    }

    fn next_part_number(&self, job: &str) -> String {
        let highest = self
            .parts_of(job)
            .iter()
            .filter_map(|part| part.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        format!("{:02}", highest + 1)
    }

    /// Values the server fills when the client left them out.
    fn fill_defaults(&self, object_type: &ObjectType, object: &mut PaceObject) {
        let today = format_instant(midnight(self.now));
        let time_of_day = format_instant(time_on_epoch_day(self.now));
        let mut default = |field: &str, value: String| {
            object.entry(field.to_owned()).or_insert(value);
        };
        match object_type.name {
            "Customer" => {
                default("customerStatus", "A".to_owned());
                default("dateSetup", today);
            }
            "Contact" => default("active", "true".to_owned()),
            "Job" => {
                default("adminStatus", "O".to_owned());
                default("dateSetup", today);
                default("timeSetUp", time_of_day);
                default("enteredBy", self.user.to_owned());
            }
            "JobPart" => {
                default("dateSetup", today);
                default("timeSetUp", time_of_day);
            }
            "JobNote" => {
                default("createdDateTime", format_instant(self.now));
                default("createdBy", self.user.to_owned());
            }
            "Carton" => default("addDefaultContent", "true".to_owned()),
            "FileAttachment" => default("dateAdded", format_instant(self.now)),
            "Estimate" => {
                default("entryDate", format_instant(self.now));
                let number = object.get("id").cloned().unwrap_or_default();
                object.entry("estimateNumber".to_owned()).or_insert(number);
            }
            "JobShipment" => {
                let customer = object
                    .get("job")
                    .and_then(|job| self.tables.get("Job", job))
                    .and_then(|job| job.get("customer"))
                    .cloned();
                if let Some(customer) = customer {
                    object.entry("customer".to_owned()).or_insert(customer);
                }
            }
            _ => {}
        }
    }

    /// What Pace does after certain creates: part `01` for a new job, part count on the job,
    /// default content for a new carton.
    fn after_create(&mut self, object_type: &ObjectType, object: &PaceObject) -> Result<(), Fault> {
        match object_type.name {
            "Job" => {
                let part_type = crate::schema::object_type("JobPart")
                    .ok_or_else(|| Fault::unknown_type("JobPart"))?;
                let job = object.get("job").cloned().unwrap_or_default();
                let mut part = vec![field("job", &job), field("jobPart", "01")];
                for (job_field, part_field) in [
                    ("itemTemplate", "itemTemplate"),
                    ("description", "description"),
                    ("jobType", "jobType"),
                    ("part1QuantityOrdered", "qtyOrdered"),
                    ("part1JobProductType", "jobProductType"),
                    ("part1QuotedPrice", "quotedPrice"),
                    ("part1NumSigs", "numSigs"),
                ] {
                    if let Some(value) = object.get(job_field) {
                        part.push(field(part_field, value));
                    }
                }
                self.create(part_type, &part)?;
            }
            "JobPart" => {
                if let Some(job) = object.get("job") {
                    self.count_parts(job);
                }
            }
            "Carton" if object.get("addDefaultContent").map(String::as_str) == Some("true") => {
                self.add_default_content(object)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn count_parts(&mut self, job: &str) {
        let total = self.parts_of(job).len();
        if let Some(mut stored) = self.tables.get("Job", job).cloned() {
            stored.insert("totalParts".to_owned(), total.to_string());
            self.tables.put("Job", job.to_owned(), stored);
        }
    }

    /// One CartonContent for the shipment's part, holding the carton's quantity.
    fn add_default_content(&mut self, carton: &PaceObject) -> Result<(), Fault> {
        let content_type =
            object_type("CartonContent").ok_or_else(|| Fault::unknown_type("CartonContent"))?;
        let shipment = carton
            .get("shipment")
            .and_then(|id| self.tables.get("JobShipment", id))
            .cloned()
            .unwrap_or_default();
        let Some(job) = shipment.get("job") else {
            return Ok(());
        };
        let part = shipment
            .get("jobPart")
            .cloned()
            .unwrap_or_else(|| "01".to_owned());
        if self
            .tables
            .get("JobPart", &format!("{job}:{part}"))
            .is_none()
        {
            return Ok(());
        }
        let mut content = vec![
            field(
                "carton",
                carton.get("id").map(String::as_str).unwrap_or_default(),
            ),
            field("jobPartJob", job),
            field("jobPart", &part),
            field("JobPartKey", &format!("{job}:{part}")),
        ];
        if let Some(quantity) = carton.get("quantity") {
            content.push(field("quantity", quantity));
        }
        self.create(content_type, &content)?;
        Ok(())
    }
}

fn field(name: &str, value: &str) -> SentField {
    SentField {
        name: name.to_owned(),
        value: Some(value.to_owned()),
    }
}

/// Whether `name` is (part of) the key of `object_type`, which an update never changes.
fn is_key_field(object_type: &ObjectType, name: &str) -> bool {
    name == "primaryKey"
        || name == object_type.key.field()
        || (object_type.key == KeyRule::JobPart && (name == "job" || name == "jobPart"))
}

fn midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    now.date_naive().and_time(chrono::NaiveTime::MIN).and_utc()
}

/// A time of day the way Pace stores a time-only field: on 1970-01-01.
fn time_on_epoch_day(now: DateTime<Utc>) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .map(|day| day.and_time(now.time()).and_utc())
        .unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::seed::Seed;

    fn sent(pairs: &[(&str, &str)]) -> Vec<SentField> {
        pairs
            .iter()
            .map(|(name, value)| SentField {
                name: (*name).to_owned(),
                value: Some((*value).to_owned()),
            })
            .collect()
    }

    fn job_type() -> &'static ObjectType {
        match object_type("Job") {
            Some(job) => job,
            None => panic!("Job is modelled"),
        }
    }

    #[test]
    fn a_contact_company_name_over_60_characters_is_refused() {
        let contact = object_type("Contact").unwrap_or_else(|| panic!("Contact is modelled"));
        let long = "x".repeat(61);
        let fault = validate_fields(contact, &sent(&[("companyName", &long)]))
            .err()
            .unwrap_or_else(|| panic!("61 characters must be refused"));
        assert!(format!("{fault:?}").contains("at most 60"), "{fault:?}");
        let fits = "x".repeat(60);
        assert!(validate_fields(contact, &sent(&[("companyName", &fits)])).is_ok());
    }

    fn with_writer<T>(seed: Seed, test: impl FnOnce(&mut Writer<'_>) -> T) -> T {
        let (mut tables, mut sequences) = seed.into_parts();
        let mut writer = Writer {
            tables: &mut tables,
            sequences: &mut sequences,
            now: Utc
                .with_ymd_and_hms(2026, 11, 22, 8, 0, 0)
                .single()
                .unwrap_or_default(),
            user: "apiuser",
            unknown_fields: &UnknownFields::default(),
        };
        test(&mut writer)
    }

    #[test]
    fn a_job_whose_part_cannot_be_made_is_not_left_behind() -> Result<(), crate::SeedError> {
        let seed = Seed::from_json(
            r#"{"objects":{
                "Customer":[{"id":"A","custName":"A"}],
                "JobStatus":[{"id":"O","openJob":true}],
                "ItemTemplate":[{"code":"BROKEN"}],
                "ItemTemplateLine":[{"id":1,"itemTemplate":"BROKEN","dataObject":"JobPart"}],
                "ItemTemplateLineAttribute":[{"id":1,"itemTemplateLine":1,"attribute":"jobType","expressionType":2,"defaultValue":"99"}]}}"#,
        )?;
        with_writer(seed, |writer| {
            let fault = writer
                .create(
                    job_type(),
                    &sent(&[("customer", "A"), ("itemTemplate", "BROKEN")]),
                )
                .err();
            assert!(
                fault
                    .as_ref()
                    .is_some_and(|f| f.message.contains("JobType '99' does not exist")),
                "{fault:?}"
            );
            assert_eq!(writer.tables.count("Job"), 0);
            assert_eq!(writer.tables.count("JobPart"), 0);
        });
        Ok(())
    }

    #[test]
    fn only_static_template_attributes_apply() -> Result<(), crate::SeedError> {
        with_writer(Seed::bundled()?, |writer| {
            let job = writer.create(
                job_type(),
                &sent(&[("customer", "ACME"), ("itemTemplate", "BC-STD")]),
            );
            assert!(job.is_ok(), "{job:?}");
            let part = writer
                .tables
                .get("JobPart", "10001:01")
                .cloned()
                .unwrap_or_default();
            assert_eq!(part.get("qtyOrdered").map(String::as_str), Some("250"));
            assert_eq!(
                part.get("qtyToMfg"),
                None,
                "an XPath attribute is not evaluated"
            );
            assert_eq!(
                part.get("dateSetup").map(String::as_str),
                Some("2026-11-22T00:00:00.000Z")
            );
        });
        Ok(())
    }

    #[test]
    fn deleting_a_part_recounts_the_job() -> Result<(), crate::SeedError> {
        with_writer(Seed::bundled()?, |writer| {
            let part_type = object_type("JobPart");
            let (Some(part_type), Ok(_)) = (
                part_type,
                writer.create(job_type(), &sent(&[("customer", "HOUSE")])),
            ) else {
                panic!("job not created");
            };
            assert!(writer.create(part_type, &sent(&[("job", "10001")])).is_ok());
            let total = |w: &Writer<'_>| {
                w.tables
                    .get("Job", "10001")
                    .and_then(|j| j.get("totalParts").cloned())
            };
            assert_eq!(total(writer).as_deref(), Some("2"));
            assert!(writer.delete(part_type, "10001:02").is_ok());
            assert_eq!(total(writer).as_deref(), Some("1"));
        });
        Ok(())
    }
}

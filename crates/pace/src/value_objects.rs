//! `loadValueObjects`: chosen fields of many objects in one round trip (instead of `find` then
//! one `read` per key). Pace answers `limit + 1` rows (reference §2.1, a known quirk): the
//! client keeps at most `limit`.

use crate::object::fields_of;
use crate::value::FieldValue;
use crate::xml::XmlElement;
use crate::xpath::{Filter, Sort};

/// What to load: an object type, a filter, sorts, a page, and the fields wanted, each a name
/// for the result and an XPath field path (`customer/@custName` works).
#[derive(Debug, Clone, PartialEq)]
pub struct ValueObjectDescriptor {
    object_type: String,
    filter: Filter,
    sorts: Vec<Sort>,
    offset: u32,
    limit: u32,
    fields: Vec<(String, String)>,
}

impl ValueObjectDescriptor {
    /// Objects of `object_type` matching `filter`, first 1000 (the page S1 uses), no field yet.
    pub fn new(object_type: &str, filter: Filter) -> Self {
        ValueObjectDescriptor {
            object_type: object_type.to_owned(),
            filter,
            sorts: Vec::new(),
            offset: 0,
            limit: 1000,
            fields: Vec::new(),
        }
    }

    /// Adds a field: `name` in the result, read with the field path `path`.
    pub fn field(mut self, name: &str, path: &str) -> Self {
        self.fields.push((name.to_owned(), path.to_owned()));
        self
    }

    /// Adds a sort.
    pub fn sort(mut self, sort: Sort) -> Self {
        self.sorts.push(sort);
        self
    }

    /// Skips the first `offset` rows.
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = offset;
        self
    }

    /// Returns at most `limit` rows.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = limit;
        self
    }

    pub(crate) fn object_type(&self) -> &str {
        &self.object_type
    }
    pub(crate) fn filter(&self) -> &Filter {
        &self.filter
    }
    pub(crate) fn sorts(&self) -> &[Sort] {
        &self.sorts
    }
    pub(crate) fn fields(&self) -> &[(String, String)] {
        &self.fields
    }
    pub(crate) fn page_offset(&self) -> u32 {
        self.offset
    }
    pub(crate) fn page_limit(&self) -> u32 {
        self.limit
    }
}

/// One row of a `loadValueObjects` answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueObject {
    /// The object's primary key.
    pub primary_key: String,
    /// `(name, value)` pairs in the order Pace sent them; `None` for nil.
    pub fields: Vec<(String, Option<String>)>,
}

impl ValueObject {
    /// The value of field `name` (`None` when missing or nil).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// Reads `out/valueObjects/ValueObject*{primaryKey, fields/ValueField*{name, value}}`, keeping
/// at most `limit` rows.
pub(crate) fn parse_value_objects(
    out: &XmlElement,
    limit: u32,
) -> Result<Vec<ValueObject>, String> {
    let container = out.child("valueObjects").unwrap_or(out);
    let mut rows = Vec::new();
    for row in container.children_named("ValueObject").take(limit as usize) {
        let primary_key = row
            .child("primaryKey")
            .map(|k| k.text().to_owned())
            .ok_or("a ValueObject has no primaryKey")?;
        let mut fields = Vec::new();
        if let Some(list) = row.child("fields") {
            for value_field in list.children_named("ValueField") {
                let named: Vec<_> = fields_of(value_field);
                let name = named
                    .iter()
                    .find(|f| f.name == "name")
                    .and_then(|f| f.value.as_text())
                    .ok_or("a ValueField has no name")?
                    .to_owned();
                let value = named
                    .iter()
                    .find(|f| f.name == "value")
                    .and_then(|f| match &f.value {
                        FieldValue::Text(t) => Some(t.clone()),
                        _ => None,
                    });
                fields.push((name, value));
            }
        }
        rows.push(ValueObject {
            primary_key,
            fields,
        });
    }
    Ok(rows)
}

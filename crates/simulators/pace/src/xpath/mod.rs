//! The server side of Pace's XPath dialect: filters for `find…`/`loadValueObjects`, sort
//! expressions, and field paths for `FieldDescriptor`s.

pub mod eval;
pub mod parse;

use chrono::{DateTime, Utc};

use crate::schema::ObjectType;
use crate::soap::fault::Fault;
use crate::store::Tables;
use crate::value::{PaceObject, Value};
use eval::Context;
use parse::{Expr, Path};

/// A filter checked against a type.
#[derive(Debug, Clone)]
pub struct Filter {
    object_type: &'static ObjectType,
    expr: Option<Expr>,
}

impl Filter {
    /// Parses `xpath` and checks its fields exist on `object_type`. An empty filter keeps all.
    pub fn new(object_type: &'static ObjectType, xpath: &str) -> Result<Self, Fault> {
        if xpath.trim().is_empty() {
            return Ok(Filter {
                object_type,
                expr: None,
            });
        }
        let expr = parse::parse(xpath)?;
        eval::bind_all(object_type, &expr)?;
        Ok(Filter {
            object_type,
            expr: Some(expr),
        })
    }

    /// Every field the filter names, as (owning type, field).
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        self.expr
            .as_ref()
            .map(|expr| eval::expr_fields(self.object_type, expr))
            .unwrap_or_default()
    }

    /// Whether `object` passes.
    pub fn matches(
        &self,
        tables: &Tables,
        now: DateTime<Utc>,
        object: &PaceObject,
    ) -> Result<bool, Fault> {
        let Some(expr) = &self.expr else {
            return Ok(true);
        };
        let context = Context { tables, now };
        eval::truth(&eval::evaluate(&context, self.object_type, object, expr)?)
    }
}

/// A field path (`@f`, `ref/@f`) checked against a type, for sorts and `FieldDescriptor`s.
#[derive(Debug, Clone)]
pub struct FieldPath {
    object_type: &'static ObjectType,
    path: Path,
}

impl FieldPath {
    /// Parses `xpath`, which must be a plain field path.
    pub fn new(object_type: &'static ObjectType, xpath: &str) -> Result<Self, Fault> {
        let not_a_field = || Fault::client("Unable to determine Field from binding expression");
        let Expr::Path(path) = parse::parse(xpath).map_err(|_| not_a_field())? else {
            return Err(not_a_field());
        };
        eval::bind(object_type, &path)?;
        Ok(FieldPath { object_type, path })
    }

    /// Every field the path names, as (owning type, field).
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        eval::path_fields(self.object_type, &self.path)
    }

    /// The value at this path for `object`.
    pub fn read(&self, tables: &Tables, now: DateTime<Utc>, object: &PaceObject) -> Value {
        let context = Context { tables, now };
        eval::read_path(&context, self.object_type, object, &self.path).unwrap_or(Value::Null)
    }

    /// The stored wire text at this path for `object`, `None` when null.
    pub fn read_text(
        &self,
        tables: &Tables,
        now: DateTime<Utc>,
        object: &PaceObject,
    ) -> Option<String> {
        let context = Context { tables, now };
        eval::read_raw(&context, self.object_type, object, &self.path)
            .ok()
            .and_then(|(_, text)| text.map(str::to_owned))
    }
}

/// One sort criterion: `XPathDataSort{xpath, descending}`.
#[derive(Debug, Clone)]
pub struct Sort {
    /// What to sort by.
    pub field: FieldPath,
    /// Largest first.
    pub descending: bool,
}

/// Sorts `rows` (already in natural key order, which breaks ties) by `sorts`, in order.
pub fn sort_rows(rows: &mut [&PaceObject], sorts: &[Sort], tables: &Tables, now: DateTime<Utc>) {
    if sorts.is_empty() {
        return;
    }
    rows.sort_by_cached_key(|row| {
        sorts
            .iter()
            .map(|sort| SortValue {
                value: sort.field.read(tables, now, row),
                descending: sort.descending,
            })
            .collect::<Vec<_>>()
    });
}

/// A value ordered for sorting, reversed when descending.
#[derive(Debug, Clone, PartialEq)]
struct SortValue {
    value: Value,
    descending: bool,
}

impl Eq for SortValue {}

impl PartialOrd for SortValue {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SortValue {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let order = self.value.sort_order(&other.value);
        if self.descending {
            order.reverse()
        } else {
            order
        }
    }
}

#[cfg(test)]
mod tests;

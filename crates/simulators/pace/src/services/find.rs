//! FindObjects: `find`, `findAndSort`, `findSortAndLimit` (keys as `ns1:string`) and
//! `loadValueObjects` (chosen fields of each row), which reproduces Pace's documented quirk of
//! returning `limit + 1` rows when more exist.

use crate::schema::ObjectType;
use crate::services::{Call, Session, no_such_operation, type_named};
use crate::soap::fault::Fault;
use crate::soap::reply::{self, ValueRow};
use crate::soap::request::Element;
use crate::value::PaceObject;
use crate::xpath::{FieldPath, Filter, Sort, sort_rows};

/// What to select: type, filter, sorts, paging.
struct Selection<'e> {
    object_type: &'static ObjectType,
    filter: &'e str,
    sorts: Option<&'e Element>,
    offset: usize,
    /// `None` for no limit.
    limit: Option<usize>,
}

/// Answers one FindObjects operation.
pub fn handle(session: &mut Session<'_>, call: &Call<'_>) -> Result<String, Fault> {
    let op = call.operation();
    let text = |name: &str| op.child_text(name);
    let base = |sorts, offset, limit| -> Result<Selection<'_>, Fault> {
        Ok(Selection {
            object_type: type_named(text("in0"))?,
            filter: text("in1").unwrap_or_default(),
            sorts,
            offset,
            limit,
        })
    };
    let selection = match call.operation_name() {
        "find" => base(None, 0, None)?,
        "findAndSort" => base(op.child("in2"), 0, None)?,
        "findSortAndLimit" => base(
            op.child("in2"),
            number(text("in3"), "in3")?.unwrap_or(0),
            number(text("in4"), "in4")?.filter(|l| *l > 0),
        )?,
        "loadValueObjects" => return load_value_objects(session, call),
        _ => return Err(no_such_operation(call)),
    };
    let rows = select(session, call, &selection)?;
    let key_field = selection.object_type.key.field();
    let keys = rows
        .iter()
        .filter_map(|row| row.get(key_field))
        .map(String::as_str);
    Ok(reply::response(
        call.service,
        call.operation_name(),
        Some(&reply::strings(keys)),
    ))
}

fn number(text: Option<&str>, name: &str) -> Result<Option<usize>, Fault> {
    match text.filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => t
            .parse::<i64>()
            .map(|n| Some(usize::try_from(n.max(0)).unwrap_or(0)))
            .map_err(|_| Fault::client(format!("Parameter '{name}' is not a whole number: '{t}'"))),
    }
}

/// `XPathDataSort{xpath, descending}` children of a sorts element.
fn parse_sorts(
    object_type: &'static ObjectType,
    sorts: Option<&Element>,
) -> Result<Vec<Sort>, Fault> {
    let Some(sorts) = sorts.filter(|s| !s.nil) else {
        return Ok(Vec::new());
    };
    sorts
        .children
        .iter()
        .filter(|sort| sort.name == "XPathDataSort")
        .map(|sort| {
            Ok(Sort {
                field: FieldPath::new(object_type, sort.child_text("xpath").unwrap_or_default())?,
                descending: sort.child_text("descending") == Some("true"),
            })
        })
        .collect()
}

fn select<'s>(
    session: &'s Session<'_>,
    call: &Call<'_>,
    selection: &Selection<'_>,
) -> Result<Vec<&'s PaceObject>, Fault> {
    let filter = Filter::new(selection.object_type, selection.filter)?;
    let sorts = parse_sorts(selection.object_type, selection.sorts)?;
    session.unknown_fields.refuse_forgotten(&filter.fields())?;
    for sort in &sorts {
        session
            .unknown_fields
            .refuse_forgotten(&sort.field.fields())?;
    }
    let tables: &crate::store::Tables = session.tables;
    let mut rows = Vec::new();
    for row in tables.rows(selection.object_type) {
        if filter.matches(tables, call.now, row)? {
            rows.push(row);
        }
    }
    sort_rows(&mut rows, &sorts, tables, call.now);
    let rows = rows.into_iter().skip(selection.offset);
    Ok(match selection.limit {
        Some(limit) => rows.take(limit).collect(),
        None => rows.collect(),
    })
}

/// `loadValueObjects(in0 ValueObjectDescriptor)`.
fn load_value_objects(session: &mut Session<'_>, call: &Call<'_>) -> Result<String, Fault> {
    let descriptor = call
        .operation()
        .child("in0")
        .ok_or_else(|| Fault::client("Missing parameter 'in0' of operation 'loadValueObjects'"))?;
    let object_type = type_named(descriptor.child_text("objectName"))?;
    let limit = number(descriptor.child_text("limit"), "limit")?.filter(|l| *l > 0);
    let selection = Selection {
        object_type,
        filter: descriptor.child_text("xpathFilter").unwrap_or_default(),
        sorts: descriptor.child("xpathSorts"),
        offset: number(descriptor.child_text("offset"), "offset")?.unwrap_or(0),
        // Pace's quirk: one row more than asked when more exist.
        limit: limit.map(|l| l + 1),
    };
    let fields = descriptor
        .child("fields")
        .map(|f| {
            f.children
                .iter()
                .filter(|d| d.name == "FieldDescriptor")
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .map(|descriptor| {
            let xpath = descriptor.child_text("xpath").unwrap_or_default();
            let name = descriptor
                .child_text("name")
                .filter(|n| !n.is_empty())
                .unwrap_or(xpath)
                .to_owned();
            let path = FieldPath::new(object_type, xpath)?;
            session.unknown_fields.refuse_forgotten(&path.fields())?;
            Ok((name, path))
        })
        .collect::<Result<Vec<_>, Fault>>()?;
    let rows = select(session, call, &selection)?;
    let key_field = object_type.key.field();
    let value_rows: Vec<ValueRow> = rows
        .iter()
        .map(|row| ValueRow {
            primary_key: row.get(key_field).cloned().unwrap_or_default(),
            fields: fields
                .iter()
                .map(|(name, path)| (name.clone(), path.read_text(session.tables, call.now, row)))
                .collect(),
        })
        .collect();
    Ok(reply::response(
        call.service,
        call.operation_name(),
        Some(&reply::value_objects(&value_rows)),
    ))
}

//! Evaluating a parsed filter against stored objects: binding paths to the type's fields
//! (so an unknown field faults even when no row exists), following references for `a/@b`,
//! and comparing typed values the way Pace coerces them.

use std::cmp::Ordering;

use chrono::{DateTime, NaiveDate, Utc};

use crate::schema::{Field, Kind, ObjectType};
use crate::soap::fault::Fault;
use crate::store::Tables;
use crate::value::{PaceObject, Value, typed};
use crate::xpath::parse::{Expr, Function, Op, Path};

/// What evaluation may look at besides the object itself.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Where references are followed.
    pub tables: &'a Tables,
    /// The clock reading, for `current-date()`.
    pub now: DateTime<Utc>,
}

/// Resolves a path's steps against the schema: the final field and its owning type.
pub fn bind(object_type: &'static ObjectType, path: &Path) -> Result<&'static Field, Fault> {
    let mut current = object_type;
    for step in &path.steps {
        let field = current
            .field(step)
            .ok_or_else(|| Fault::unknown_field(step, current.name))?;
        current = field
            .refers_to
            .and_then(crate::schema::object_type)
            .ok_or_else(|| {
                Fault::client(format!(
                    "Cannot navigate through field '{step}' on object '{}': it is not a reference",
                    current.name
                ))
            })?;
    }
    current
        .field(&path.field)
        .ok_or_else(|| Fault::unknown_field(&path.field, current.name))
}

/// Every field a bound path names, as (owning type, field): `customer/@custName` on Job →
/// (`Job`, `customer`), (`Customer`, `custName`).
pub fn path_fields(object_type: &'static ObjectType, path: &Path) -> Vec<(&'static str, String)> {
    let mut named = Vec::new();
    let mut current = Some(object_type);
    for step in &path.steps {
        let Some(owner) = current else { break };
        named.push((owner.name, step.clone()));
        current = owner
            .field(step)
            .and_then(|field| field.refers_to)
            .and_then(crate::schema::object_type);
    }
    if let Some(owner) = current {
        named.push((owner.name, path.field.clone()));
    }
    named
}

/// Every field the paths of `expr` name, as (owning type, field).
pub fn expr_fields(object_type: &'static ObjectType, expr: &Expr) -> Vec<(&'static str, String)> {
    match expr {
        Expr::Or(a, b) | Expr::And(a, b) | Expr::Compare(a, _, b) => {
            let mut named = expr_fields(object_type, a);
            named.extend(expr_fields(object_type, b));
            named
        }
        Expr::Path(path) => path_fields(object_type, path),
        Expr::Call(_, args) => args
            .iter()
            .flat_map(|a| expr_fields(object_type, a))
            .collect(),
        Expr::Text(_) | Expr::Number(_) => Vec::new(),
    }
}

/// Checks every path in `expr` exists on `object_type`.
pub fn bind_all(object_type: &'static ObjectType, expr: &Expr) -> Result<(), Fault> {
    match expr {
        Expr::Or(a, b) | Expr::And(a, b) => {
            bind_all(object_type, a)?;
            bind_all(object_type, b)
        }
        Expr::Compare(a, op, b) => {
            bind_all(object_type, a)?;
            bind_all(object_type, b)?;
            check_literal_fits(object_type, a, *op, b)?;
            check_literal_fits(object_type, b, *op, a)
        }
        Expr::Path(path) => bind(object_type, path).map(|_| ()),
        Expr::Call(_, args) => args.iter().try_for_each(|a| bind_all(object_type, a)),
        Expr::Text(_) | Expr::Number(_) => Ok(()),
    }
}

/// Faults (as Pace does when it translates the filter, whether or not any row exists) when a
/// literal cannot be compared with the field it meets: `@dateSetup = 'today'`.
fn check_literal_fits(
    object_type: &'static ObjectType,
    field_side: &Expr,
    op: Op,
    literal_side: &Expr,
) -> Result<(), Fault> {
    let (Expr::Path(path), Expr::Text(_) | Expr::Number(_)) = (field_side, literal_side) else {
        return Ok(());
    };
    let sample = match bind(object_type, path)?.kind {
        Kind::Text => Value::Text(String::new()),
        Kind::Int | Kind::Decimal => Value::Number(0.0),
        Kind::Bool => Value::Bool(false),
        Kind::DateTime => Value::Instant(DateTime::<Utc>::UNIX_EPOCH),
    };
    let literal = match literal_side {
        Expr::Text(text) => Value::Text(text.clone()),
        Expr::Number(n) => Value::Number(*n),
        _ => Value::Null,
    };
    compare(&sample, op, &literal).map(|_| ())
}

/// The kind and stored text a path reads from `object`, following references (null when a
/// link is missing).
pub fn read_raw<'t>(
    context: &Context<'t>,
    object_type: &'static ObjectType,
    object: &'t PaceObject,
    path: &Path,
) -> Result<(Kind, Option<&'t str>), Fault> {
    let mut current_type = object_type;
    let mut current = object;
    for step in &path.steps {
        let field = current_type
            .field(step)
            .ok_or_else(|| Fault::unknown_field(step, current_type.name))?;
        let Some(target) = field.refers_to.and_then(crate::schema::object_type) else {
            return Err(Fault::unknown_field(step, current_type.name));
        };
        let next = current
            .get(step)
            .and_then(|key| context.tables.get(target.name, key));
        let Some(next) = next else {
            let last = bind(object_type, path)?;
            return Ok((last.kind, None));
        };
        current_type = target;
        current = next;
    }
    let field = current_type
        .field(&path.field)
        .ok_or_else(|| Fault::unknown_field(&path.field, current_type.name))?;
    Ok((field.kind, current.get(field.name).map(String::as_str)))
}

/// The typed value a path reads from `object`.
pub fn read_path(
    context: &Context<'_>,
    object_type: &'static ObjectType,
    object: &PaceObject,
    path: &Path,
) -> Result<Value, Fault> {
    let (kind, text) = read_raw(context, object_type, object, path)?;
    Ok(typed(kind, text))
}

/// Evaluates `expr` for `object`.
pub fn evaluate(
    context: &Context<'_>,
    object_type: &'static ObjectType,
    object: &PaceObject,
    expr: &Expr,
) -> Result<Value, Fault> {
    let eval = |e: &Expr| evaluate(context, object_type, object, e);
    Ok(match expr {
        Expr::Or(a, b) => Value::Bool(truth(&eval(a)?)? || truth(&eval(b)?)?),
        Expr::And(a, b) => Value::Bool(truth(&eval(a)?)? && truth(&eval(b)?)?),
        Expr::Compare(a, op, b) => Value::Bool(compare(&eval(a)?, *op, &eval(b)?)?),
        Expr::Path(path) => read_path(context, object_type, object, path)?,
        Expr::Text(text) => Value::Text(text.clone()),
        Expr::Number(n) => Value::Number(*n),
        Expr::Call(function, args) => {
            let values = args.iter().map(eval).collect::<Result<Vec<_>, _>>()?;
            call(context, *function, &values)?
        }
    })
}

/// Whether a filter's result keeps the row: a boolean, or a fault for anything else.
pub fn truth(value: &Value) -> Result<bool, Fault> {
    match value {
        Value::Bool(flag) => Ok(*flag),
        Value::Null => Ok(false),
        other => Err(Fault::client(format!(
            "Cannot convert expression into a filter: {}",
            other.as_text().unwrap_or_default()
        ))),
    }
}

fn call(context: &Context<'_>, function: Function, args: &[Value]) -> Result<Value, Fault> {
    let text = |i: usize| args.get(i).and_then(Value::as_text);
    Ok(match function {
        Function::Contains => both(text(0), text(1), |a, b| a.contains(b)),
        Function::StartsWith => both(text(0), text(1), |a, b| a.starts_with(b)),
        Function::EndsWith => both(text(0), text(1), |a, b| a.ends_with(b)),
        Function::NullToZero => match args.first() {
            None | Some(Value::Null) => Value::Number(0.0),
            Some(value) => value.clone(),
        },
        Function::Not => Value::Bool(!truth(args.first().unwrap_or(&Value::Null))?),
        Function::CurrentDate => Value::Instant(
            context
                .now
                .date_naive()
                .and_time(chrono::NaiveTime::MIN)
                .and_utc(),
        ),
        Function::Date => {
            let part = |i: usize| match args.get(i) {
                Some(Value::Number(n)) if n.fract() == 0.0 => Some(*n as i64),
                _ => None,
            };
            let date = match (part(0), part(1), part(2)) {
                (Some(y), Some(m), Some(d)) => i32::try_from(y).ok().and_then(|y| {
                    NaiveDate::from_ymd_opt(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
                }),
                _ => None,
            };
            let date =
                date.ok_or_else(|| Fault::client("date() needs a valid year, month and day"))?;
            Value::Instant(date.and_time(chrono::NaiveTime::MIN).and_utc())
        }
    })
}

fn both(a: Option<String>, b: Option<String>, test: impl Fn(&str, &str) -> bool) -> Value {
    match (a, b) {
        (Some(a), Some(b)) => Value::Bool(test(&a, &b)),
        _ => Value::Bool(false),
    }
}

/// `param2 cannot be null`: what Pace answers when a literal does not fit the field's type.
fn type_mismatch() -> Fault {
    Fault::client("param2 cannot be null")
}

/// Compares two values with Pace's coercions; any comparison with null is false.
pub fn compare(left: &Value, op: Op, right: &Value) -> Result<bool, Fault> {
    let ordering = match (left, right) {
        (Value::Null, _) | (_, Value::Null) => return Ok(false),
        (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
        (Value::Number(a), Value::Text(b)) => {
            a.partial_cmp(&b.trim().parse::<f64>().map_err(|_| type_mismatch())?)
        }
        (Value::Text(a), Value::Number(b)) => match a.trim().parse::<f64>() {
            Ok(a) => a.partial_cmp(b),
            Err(_) => Some(
                a.as_str()
                    .cmp(Value::Number(*b).as_text().unwrap_or_default().as_str()),
            ),
        },
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        (Value::Bool(a), Value::Text(b)) | (Value::Text(b), Value::Bool(a)) => {
            let b = match b.as_str() {
                "true" => true,
                "false" => false,
                _ => return Err(type_mismatch()),
            };
            Some(a.cmp(&b))
        }
        (Value::Instant(a), Value::Instant(b)) => Some(a.cmp(b)),
        (Value::Text(a), Value::Text(b)) => Some(a.cmp(b)),
        _ => return Err(type_mismatch()),
    };
    let Some(ordering) = ordering else {
        return Ok(false);
    };
    Ok(match op {
        Op::Eq => ordering == Ordering::Equal,
        Op::Ne => ordering != Ordering::Equal,
        Op::Lt => ordering == Ordering::Less,
        Op::Gt => ordering == Ordering::Greater,
        Op::Le => ordering != Ordering::Greater,
        Op::Ge => ordering != Ordering::Less,
    })
}

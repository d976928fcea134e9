//! A builder for Pace's XPath filter dialect that cannot produce an injection or a broken
//! filter from user data.
//!
//! ```
//! use pace::xpath::{Filter, date};
//! let filter = Filter::eq("@email", "o'brien@example.com")
//!     .and(Filter::eq("@active", true))
//!     .and(Filter::eq("customer/@custName", "ACME").or(Filter::ge("@dateSetup", date(2024, 1, 31))));
//! assert_eq!(
//!     filter.to_xpath().unwrap(),
//!     r#"@email = "o'brien@example.com" and @active = "true" and (customer/@custName = "ACME" or @dateSetup >= date(2024, 1, 31))"#
//! );
//! ```
//!
//! - Values are literals, never spliced: text is quoted with the delimiter it does not
//!   contain (text with a character XML cannot carry, such as U+0000, is refused: the filter
//!   travels as XML); numbers are written by Rust; booleans are quoted `"true"` / `"false"` (how
//!   Pace compares them); dates use `date(y, m, d)`.
//! - Field paths are checked: `@field`, or relations ending in one (`customer/@custName`,
//!   `adminStatus/@openJob`), built from letters, digits, `_`, `-`, `.`/`..` steps.
//! - `and` / `or` nest as built: a group inside another kind of group is put in parentheses.
//! - Errors are found when the filter is rendered ([`Filter::to_xpath`]), so filters chain
//!   without `?`.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

/// Why a filter or sort could not be rendered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum XPathError {
    /// The field path is not a plain `@field` or `relation/@field` path.
    #[error("'{path}' is not a Pace field path (expected '@field' or 'relation/@field')")]
    InvalidField {
        /// The rejected path.
        path: String,
    },
    /// The text contains both `'` and `"`. Pace's XPath dialect has no known way to escape a
    /// quote inside a literal (no `\'`, no doubled quotes is documented to work, and `concat()`
    /// is not known to be supported), so such a value cannot be searched for exactly and is
    /// refused rather than sent broken.
    #[error("the value {value:?} contains both ' and \", which a Pace XPath literal cannot hold")]
    BothQuotes {
        /// The refused value.
        value: String,
    },
    /// The text contains a character XML 1.0 cannot carry (a control character such as U+0000,
    /// or U+FFFE / U+FFFF): the filter could not be sent to Pace.
    #[error(
        "the value for '{path}' contains the character U+{code:04X}, which a Pace filter cannot carry"
    )]
    InvalidCharacter {
        /// The field path the value is compared with.
        path: String,
        /// The offending character's code point.
        code: u32,
    },
    /// A number that is NaN or infinite.
    #[error("the number {0} cannot be written in a filter")]
    NotFinite(f64),
    /// `date(y, m, d)` with a day that does not exist.
    #[error("date({year}, {month}, {day}) is not a calendar date")]
    InvalidDate {
        /// Year.
        year: i32,
        /// Month.
        month: u32,
        /// Day.
        day: u32,
    },
    /// `Filter::all([])` or `Filter::any([])`: an empty group matches nothing sensible.
    #[error("an empty and/or group cannot be written as a filter")]
    EmptyGroup,
}

/// A value compared in a filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// Text, quoted safely.
    Text(String),
    /// A whole number, written bare.
    Integer(i64),
    /// A double, written bare (finite only).
    Number(f64),
    /// A boolean, written as the quoted text `"true"` / `"false"`.
    Bool(bool),
    /// A date, written `date(y, m, d)`.
    Date {
        /// Year.
        year: i32,
        /// Month (1–12).
        month: u32,
        /// Day (1–31).
        day: u32,
    },
}

/// `date(year, month, day)` for comparing date fields (`@dateSetup >= date(2016, 2, 1)`).
pub fn date(year: i32, month: u32, day: u32) -> Literal {
    Literal::Date { year, month, day }
}

impl From<&str> for Literal {
    fn from(value: &str) -> Self {
        Literal::Text(value.to_owned())
    }
}
impl From<String> for Literal {
    fn from(value: String) -> Self {
        Literal::Text(value)
    }
}
impl From<&String> for Literal {
    fn from(value: &String) -> Self {
        Literal::Text(value.clone())
    }
}
impl From<i64> for Literal {
    fn from(value: i64) -> Self {
        Literal::Integer(value)
    }
}
impl From<i32> for Literal {
    fn from(value: i32) -> Self {
        Literal::Integer(value.into())
    }
}
impl From<u32> for Literal {
    fn from(value: u32) -> Self {
        Literal::Integer(value.into())
    }
}
impl From<f64> for Literal {
    fn from(value: f64) -> Self {
        Literal::Number(value)
    }
}
impl From<bool> for Literal {
    fn from(value: bool) -> Self {
        Literal::Bool(value)
    }
}
impl From<NaiveDate> for Literal {
    fn from(value: NaiveDate) -> Self {
        date(value.year(), value.month(), value.day())
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Comparison {
    fn symbol(self) -> &'static str {
        match self {
            Comparison::Eq => "=",
            Comparison::Ne => "!=",
            Comparison::Lt => "<",
            Comparison::Le => "<=",
            Comparison::Gt => ">",
            Comparison::Ge => ">=",
        }
    }
}

/// A text function of a field and a text value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextFunction {
    Contains,
    StartsWith,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Compare {
        path: String,
        op: Comparison,
        value: Literal,
    },
    Function {
        function: TextFunction,
        path: String,
        value: String,
    },
    All(Vec<Node>),
    Any(Vec<Node>),
}

/// An XPath filter for FindObjects and loadValueObjects. Build with the constructors and
/// [`Filter::and`] / [`Filter::or`]; render with [`Filter::to_xpath`].
#[derive(Debug, Clone, PartialEq)]
pub struct Filter(Node);

impl Filter {
    /// `path op value`.
    pub fn compare(path: &str, op: Comparison, value: impl Into<Literal>) -> Self {
        Filter(Node::Compare {
            path: path.to_owned(),
            op,
            value: value.into(),
        })
    }
    /// `path = value`.
    pub fn eq(path: &str, value: impl Into<Literal>) -> Self {
        Self::compare(path, Comparison::Eq, value)
    }
    /// `path != value`.
    pub fn ne(path: &str, value: impl Into<Literal>) -> Self {
        Self::compare(path, Comparison::Ne, value)
    }
    /// `path < value`.
    pub fn lt(path: &str, value: impl Into<Literal>) -> Self {
        Self::compare(path, Comparison::Lt, value)
    }
    /// `path <= value`.
    pub fn le(path: &str, value: impl Into<Literal>) -> Self {
        Self::compare(path, Comparison::Le, value)
    }
    /// `path > value`.
    pub fn gt(path: &str, value: impl Into<Literal>) -> Self {
        Self::compare(path, Comparison::Gt, value)
    }
    /// `path >= value`.
    pub fn ge(path: &str, value: impl Into<Literal>) -> Self {
        Self::compare(path, Comparison::Ge, value)
    }
    /// `contains(path, "value")`.
    pub fn contains(path: &str, value: &str) -> Self {
        Filter(Node::Function {
            function: TextFunction::Contains,
            path: path.to_owned(),
            value: value.to_owned(),
        })
    }
    /// `starts-with(path, "value")`.
    pub fn starts_with(path: &str, value: &str) -> Self {
        Filter(Node::Function {
            function: TextFunction::StartsWith,
            path: path.to_owned(),
            value: value.to_owned(),
        })
    }

    /// Both this and `other`.
    pub fn and(self, other: Filter) -> Self {
        Self::all([self, other])
    }

    /// This or `other`.
    pub fn or(self, other: Filter) -> Self {
        Self::any([self, other])
    }

    /// Every one of `filters` (rendering fails when there are none).
    pub fn all(filters: impl IntoIterator<Item = Filter>) -> Self {
        Filter(group(filters, Node::All, |node| match node {
            Node::All(inner) => Ok(inner),
            other => Err(other),
        }))
    }

    /// Any one of `filters` (rendering fails when there are none).
    pub fn any(filters: impl IntoIterator<Item = Filter>) -> Self {
        Filter(group(filters, Node::Any, |node| match node {
            Node::Any(inner) => Ok(inner),
            other => Err(other),
        }))
    }

    /// The filter text, or why it cannot be written safely.
    pub fn to_xpath(&self) -> Result<String, XPathError> {
        let mut out = String::new();
        render(&self.0, &mut out)?;
        Ok(out)
    }
}

/// Builds an n-ary group, flattening groups of the same kind and unwrapping a single member,
/// so the rendered text reads back to the same structure.
fn group(
    filters: impl IntoIterator<Item = Filter>,
    make: fn(Vec<Node>) -> Node,
    same_kind: fn(Node) -> Result<Vec<Node>, Node>,
) -> Node {
    let mut members = Vec::new();
    for Filter(node) in filters {
        match same_kind(node) {
            Ok(inner) => members.extend(inner),
            Err(other) => members.push(other),
        }
    }
    if members.len() == 1 {
        if let Some(only) = members.pop() {
            return only;
        }
    }
    make(members)
}

fn render(node: &Node, out: &mut String) -> Result<(), XPathError> {
    match node {
        Node::Compare { path, op, value } => {
            out.push_str(checked_path(path)?);
            let _ = write!(out, " {} ", op.symbol());
            render_literal(path, value, out)
        }
        Node::Function {
            function,
            path,
            value,
        } => {
            let name = match function {
                TextFunction::Contains => "contains",
                TextFunction::StartsWith => "starts-with",
            };
            let _ = write!(
                out,
                "{name}({}, {})",
                checked_path(path)?,
                quote(path, value)?
            );
            Ok(())
        }
        Node::All(members) => render_group(members, " and ", out),
        Node::Any(members) => render_group(members, " or ", out),
    }
}

fn render_group(members: &[Node], joiner: &str, out: &mut String) -> Result<(), XPathError> {
    if members.is_empty() {
        return Err(XPathError::EmptyGroup);
    }
    for (index, member) in members.iter().enumerate() {
        if index > 0 {
            out.push_str(joiner);
        }
        let nested = matches!(member, Node::All(_) | Node::Any(_));
        if nested {
            out.push('(');
        }
        render(member, out)?;
        if nested {
            out.push(')');
        }
    }
    Ok(())
}

fn render_literal(path: &str, value: &Literal, out: &mut String) -> Result<(), XPathError> {
    match value {
        Literal::Text(text) => out.push_str(&quote(path, text)?),
        Literal::Integer(number) => {
            let _ = write!(out, "{number}");
        }
        Literal::Number(number) if number.is_finite() => {
            let _ = write!(out, "{number}");
        }
        Literal::Number(number) => return Err(XPathError::NotFinite(*number)),
        Literal::Bool(flag) => {
            let _ = write!(out, "\"{flag}\"");
        }
        Literal::Date { year, month, day } => {
            if NaiveDate::from_ymd_opt(*year, *month, *day).is_none() {
                return Err(XPathError::InvalidDate {
                    year: *year,
                    month: *month,
                    day: *day,
                });
            }
            let _ = write!(out, "date({year}, {month}, {day})");
        }
    }
    Ok(())
}

/// Quotes `text` (compared with `path`) with `"` unless it contains one, then with `'`;
/// refuses text holding both, and text with a character XML 1.0 cannot carry (the filter
/// travels as XML text: such a value could not be sent).
fn quote(path: &str, text: &str) -> Result<String, XPathError> {
    if let Some(c) = text.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    }) {
        return Err(XPathError::InvalidCharacter {
            path: path.to_owned(),
            code: c as u32,
        });
    }
    if !text.contains('"') {
        Ok(format!("\"{text}\""))
    } else if !text.contains('\'') {
        Ok(format!("'{text}'"))
    } else {
        Err(XPathError::BothQuotes {
            value: text.to_owned(),
        })
    }
}

/// Checks a field path: zero or more relation steps (`name`, `.`, `..`) then `@name`.
pub(crate) fn checked_path(path: &str) -> Result<&str, XPathError> {
    let invalid = || XPathError::InvalidField {
        path: path.to_owned(),
    };
    let is_name = |name: &str| {
        let mut chars = name.chars();
        matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    let mut steps: Vec<&str> = path.split('/').collect();
    let last = steps.pop().ok_or_else(invalid)?;
    let field_ok = last.strip_prefix('@').is_some_and(is_name);
    let steps_ok = steps
        .iter()
        .all(|step| *step == "." || *step == ".." || is_name(step));
    if field_ok && steps_ok {
        Ok(path)
    } else {
        Err(invalid())
    }
}

/// A sort order for `findSortAndLimit` and `loadValueObjects`: a field path and a direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    path: String,
    descending: bool,
}

impl Sort {
    /// Smallest first.
    pub fn ascending(path: &str) -> Self {
        Sort {
            path: path.to_owned(),
            descending: false,
        }
    }

    /// Largest first.
    pub fn descending(path: &str) -> Self {
        Sort {
            path: path.to_owned(),
            descending: true,
        }
    }

    /// The checked field path.
    pub fn path(&self) -> Result<&str, XPathError> {
        checked_path(&self.path)
    }

    /// Whether largest comes first.
    pub fn is_descending(&self) -> bool {
        self.descending
    }
}

#[cfg(test)]
mod tests;

//! Table tests and property tests of the XPath evaluator against the bundled seed.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::schema::object_type;
use crate::seed::Seed;
use crate::store::Tables;
use crate::value::PaceObject;

fn tables() -> Tables {
    let mut tables = match Seed::bundled() {
        Ok(seed) => seed.into_parts().0,
        Err(error) => panic!("bundled seed: {error}"),
    };
    let tricky: PaceObject = [
        ("id", "TRICKY"),
        ("custName", r#"Smith and Jones or "Partners" \ Ltd"#),
        ("customerStatus", "A"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    tables.put("Customer", "TRICKY".to_owned(), tricky);
    tables
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 0)
        .single()
        .unwrap_or_default()
}

fn select(tables: &Tables, type_name: &str, xpath: &str) -> Result<Vec<String>, Fault> {
    let object_type = object_type(type_name).ok_or_else(|| Fault::unknown_type(type_name))?;
    let filter = Filter::new(object_type, xpath)?;
    let mut keys = Vec::new();
    for row in tables.rows(object_type) {
        if filter.matches(tables, now(), row)? {
            keys.push(
                row.get(object_type.key.field())
                    .cloned()
                    .unwrap_or_default(),
            );
        }
    }
    Ok(keys)
}

#[test]
fn filters_select_the_right_rows() -> Result<(), Fault> {
    let tables = tables();
    let cases: &[(&str, &str, &[&str])] = &[
        ("Customer", "@id = 'ACME'", &["ACME"]),
        (
            "Customer",
            r#"@custName = "O'Brien & Söhne GmbH""#,
            &["OBRIEN"],
        ),
        (
            "Customer",
            r#"@custName = 'Smith and Jones or "Partners" \ Ltd'"#,
            &["TRICKY"],
        ),
        ("Customer", "@customerStatus != 'A'", &["OLDCO"]),
        (
            "Customer",
            "customerStatus/@customerActive = 'false'",
            &["OLDCO"],
        ),
        (
            "Customer",
            "@salesPerson = 1 or @salesPerson = 3",
            &["ACME", "HOUSE", "NORTHWIND"],
        ),
        (
            "Customer",
            "(@salesPerson = 1 or @salesPerson = 3) and @salesTax = 'NY'",
            &["ACME", "HOUSE"],
        ),
        (
            "Customer",
            "@salesPerson = 1 or @salesPerson = 3 and @salesTax = 'NY'",
            &["ACME", "HOUSE", "NORTHWIND"],
        ),
        (
            "Customer",
            "@dateSetup >= date(2020, 1, 1)",
            &["BLUEHILL", "NORTHWIND", "OBRIEN"],
        ),
        (
            "Customer",
            "@dateSetup < date( 2016, 02, 01 )",
            &["HOUSE", "OLDCO"],
        ),
        (
            "Customer",
            "@dateSetup <= current-date() and @country > 1",
            &["OBRIEN"],
        ),
        (
            "Customer",
            "null-to-zero(@shipVia) = 0 and @id != 'TRICKY'",
            &["OLDCO"],
        ),
        ("Customer", "@shipVia = 2", &["ACME", "BLUEHILL"]),
        ("Customer", "@shipVia = \"2\"", &["ACME", "BLUEHILL"]),
        (
            "Customer",
            "@city = 'Berlin' and @zip = \"13353\"",
            &["OBRIEN"],
        ),
        ("Customer", "contains(@custName, 'and')", &["TRICKY"]),
        ("Customer", "ends-with(@custName, 'GmbH')", &["OBRIEN"]),
        ("Customer", "not(@customerStatus = 'A')", &["OLDCO"]),
        ("Customer", "@id = 'acme'", &[]),
        (
            "Contact",
            "@email = 'shared@buyers.example'",
            &["103", "104"],
        ),
        (
            "Contact",
            "customer/@custName = 'Blue Hill Bank'",
            &["102", "104"],
        ),
        ("Contact", "starts-with(@email, \"jane\")", &["101"]),
        (
            "Contact",
            "@firstName = 'Zoë' and @lastName = \"O'Brien\"",
            &["105"],
        ),
        ("Contact", "@active = 'false'", &["106"]),
        (
            "Contact",
            "customer/customerStatus/@customerActive = \"true\" and @id >= 104",
            &["104", "105"],
        ),
        ("Contact", "@id > 101 and @id < 104", &["102", "103"]),
        (
            "Contact",
            "@id = 1 or @id != 1",
            &["101", "102", "103", "104", "105", "106"],
        ),
        ("JobStatus", "@openJob = 'false'", &["C", "X"]),
        ("ShipVia", "provider/@name = 'UPS'", &["2", "4"]),
        ("ShipVia", "", &["1", "2", "3", "4", "5"]),
    ];
    for (type_name, xpath, expected) in cases {
        let keys = select(&tables, type_name, xpath)?;
        assert_eq!(keys, *expected, "{type_name}: {xpath}");
    }
    Ok(())
}

#[test]
fn bad_filters_fault_with_pace_like_messages() {
    let tables = tables();
    let cases = [
        (
            "Customer",
            "@colour = 'red'",
            "Unknown field 'colour' on object 'Customer'",
        ),
        (
            "Contact",
            "customer/@nope = 1",
            "Unknown field 'nope' on object 'Customer'",
        ),
        (
            // Reference §4.2: CustomerStatus's flag is `customerActive`, not `active`.
            "Customer",
            "customerStatus/@active = 'true'",
            "Unknown field 'active' on object 'CustomerStatus'",
        ),
        (
            "Contact",
            "city/@x = 1",
            "Cannot navigate through field 'city'",
        ),
        (
            "Customer",
            "@dateSetup = 'yesterday'",
            "param2 cannot be null",
        ),
        ("Customer", "@shipVia = 'abc'", "param2 cannot be null"),
        ("Contact", "@active = 'maybe'", "param2 cannot be null"),
        (
            "Customer",
            "substring(@id, 1) = 'A'",
            "unknown or unsupported function: substring",
        ),
        (
            "Customer",
            "custName = 'x'",
            "Cannot convert children into a filter: custName",
        ),
        ("Customer", "@id = 'x' and", "Invalid XPath expression"),
        (
            "Customer",
            "date(2020, 13, 1) > @dateSetup",
            "date() needs a valid",
        ),
        (
            "Customer",
            "@custName",
            "Cannot convert expression into a filter",
        ),
    ];
    for (type_name, xpath, message) in cases {
        let fault = select(&tables, type_name, xpath).err();
        assert!(
            fault.as_ref().is_some_and(|f| f.message.contains(message)),
            "{xpath}: expected '{message}', got {fault:?}"
        );
    }
}

#[test]
fn sorts_follow_references_and_direction() -> Result<(), Fault> {
    let tables = tables();
    let contact = object_type("Contact").ok_or_else(|| Fault::unknown_type("Contact"))?;
    let mut rows = tables.rows(contact);
    let sorts = [
        Sort {
            field: FieldPath::new(contact, "customer/@custName")?,
            descending: true,
        },
        Sort {
            field: FieldPath::new(contact, "@id")?,
            descending: true,
        },
    ];
    sort_rows(&mut rows, &sorts, &tables, now());
    let ids: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.get("id"))
        .map(String::as_str)
        .collect();
    // Old Company, O'Brien, Northwind, Blue Hill (104 before 102), Acme.
    assert_eq!(ids, ["106", "105", "103", "104", "102", "101"]);
    let unknown = FieldPath::new(contact, "customer/customerStatus/@active")
        .err()
        .map(|f| f.message);
    assert_eq!(
        unknown.as_deref(),
        Some("Unknown field 'active' on object 'CustomerStatus'"),
        "a sort or field descriptor naming an unknown field faults"
    );
    let bad = FieldPath::new(contact, "@id > 1").err().map(|f| f.message);
    assert_eq!(
        bad.as_deref(),
        Some("Unable to determine Field from binding expression")
    );
    Ok(())
}

proptest! {
    #[test]
    fn any_text_round_trips_through_a_quoted_literal(
        value in "[a-zA-Z0-9 '&äöüßéÆ\\\\/()=<>!,@]{0,24}( and | or )?[a-z']{0,5}"
    ) {
        let mut tables = tables();
        let object: PaceObject = [("id", "PROP"), ("custName", value.as_str())]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        tables.put("Customer", "PROP".to_owned(), object);
        let keys = select(&tables, "Customer", &format!("@custName = \"{value}\""));
        prop_assert_eq!(keys.ok(), Some(vec!["PROP".to_owned()]));
    }

    #[test]
    fn and_or_match_the_boolean_combination(low in 95i64..110, high in 95i64..110, either in any::<bool>()) {
        let tables = tables();
        let joiner = if either { "or" } else { "and" };
        let keys = select(&tables, "Contact", &format!("@id > {low} {joiner} @id <= {high}"));
        let expected: Vec<String> = (101..=106)
            .filter(|id| if either { *id > low || *id <= high } else { *id > low && *id <= high })
            .map(|id| id.to_string())
            .collect();
        prop_assert_eq!(keys.ok(), Some(expected));
    }
}

proptest! {
    #[test]
    fn the_parser_never_panics(text in "\\PC{0,40}") {
        let _ = parse::parse(&text);
    }
}

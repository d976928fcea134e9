//! FindObjects over HTTP: filters (quotes, non-ASCII, and/or inside values), sorting, paging and
//! `loadValueObjects` with its limit + 1 quirk.

use crate::harness::{Pace, escape};

fn sort(xpath: &str, descending: bool) -> String {
    format!(
        r#"<XPathDataSort xmlns="http://rpc.services.appbox.pace2020.com"><descending>{descending}</descending><xpath>{xpath}</xpath></XPathDataSort>"#
    )
}

#[tokio::test]
async fn find_filters_with_tricky_literals() {
    let pace = Pace::start().await;
    assert_eq!(
        pace.find("Customer", r#"@custName = "O'Brien & Söhne GmbH""#)
            .await,
        ["OBRIEN"]
    );
    assert_eq!(
        pace.find("Contact", "@email = 'shared@buyers.example'")
            .await,
        ["103", "104"]
    );
    assert_eq!(
        pace.find("Contact", r#"@firstName = "Zoë" and @lastName = "O'Brien""#)
            .await,
        ["105"]
    );
    assert_eq!(
        pace.find("Contact", "customer/@custName = 'Blue Hill Bank'")
            .await,
        ["102", "104"]
    );
    pace.create(
        "Customer",
        &[
            ("id", "AND"),
            ("custName", r#"Salt and "Pepper" or Vinegar \ Co"#),
        ],
    )
    .await
    .ok();
    assert_eq!(
        pace.find(
            "Customer",
            r#"@custName = 'Salt and "Pepper" or Vinegar \ Co'"#
        )
        .await,
        ["AND"]
    );
    assert_eq!(
        pace.find("Customer", "@custName = 'Salt' or @id = 'AND'")
            .await,
        ["AND"]
    );
    assert_eq!(
        pace.find("JobStatus", "@openJob = 'false'").await,
        ["C", "X"]
    );
    assert_eq!(
        pace.find("Customer", "@dateSetup < date(2016, 1, 2)").await,
        ["HOUSE", "OLDCO"]
    );
    assert!(pace.find("Job", "@customer = 'ACME'").await.is_empty());
}

#[tokio::test]
async fn find_faults_name_the_problem() {
    let pace = Pace::start().await;
    let call = |inner: String| {
        let pace = &pace;
        async move { pace.call("FindObjects", "find", &inner).await }
    };
    call("<in0>Widget</in0><in1>@id = 1</in1>".into())
        .await
        .assert_fault("Unknown object type 'Widget'");
    call("<in0>Job</in0><in1>@foo = 1</in1>".into())
        .await
        .assert_fault("Unknown field 'foo' on object 'Job'");
    call("<in0>Job</in0><in1>customer/@nope = 1</in1>".into())
        .await
        .assert_fault("Unknown field 'nope' on object 'Customer'");
    call(format!("<in0>Job</in0><in1>{}</in1>", escape("@job = 'x")))
        .await
        .assert_fault("Invalid XPath expression");
    call("<in0>Job</in0><in1>substring(@job, 1) = 'x'</in1>".into())
        .await
        .assert_fault("unknown or unsupported function: substring");
    call("<in0>Job</in0><in1>@dateSetup = 'today'</in1>".into())
        .await
        .assert_fault("param2 cannot be null");
}

#[tokio::test]
async fn sorting_and_paging() {
    let pace = Pace::start().await;
    let keys = |reply: crate::harness::Reply| -> Vec<String> {
        reply
            .ok()
            .out()
            .children
            .iter()
            .map(|s| s.text.clone())
            .collect()
    };
    let by_name = pace
        .call(
            "FindObjects",
            "findAndSort",
            &format!(
                "<in0>Contact</in0><in1>@active = 'true'</in1><in2>{}{}</in2>",
                sort("customer/@custName", false),
                sort("@id", true)
            ),
        )
        .await;
    assert_eq!(keys(by_name), ["101", "104", "102", "103", "105"]);
    let page = |offset: u32, limit: u32| {
        let pace = &pace;
        async move {
            pace.call(
                "FindObjects",
                "findSortAndLimit",
                &format!("<in0>Customer</in0><in1></in1><in2>{}</in2><in3>{offset}</in3><in4>{limit}</in4>", sort("@custName", false)),
            )
            .await
        }
    };
    assert_eq!(keys(page(0, 2).await), ["ACME", "BLUEHILL"]);
    assert_eq!(keys(page(2, 2).await), ["HOUSE", "NORTHWIND"]);
    assert_eq!(keys(page(4, 2).await), ["OBRIEN", "OLDCO"]);
    assert!(keys(page(6, 2).await).is_empty());
    let nil_sorts = pace
        .call(
            "FindObjects",
            "findSortAndLimit",
            r#"<in0>ShipVia</in0><in1>@id > 2</in1><in2 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/><in3>1</in3><in4>10</in4>"#,
        )
        .await;
    assert_eq!(keys(nil_sorts), ["4", "5"]);
    pace.call(
        "FindObjects",
        "findAndSort",
        &format!(
            "<in0>Contact</in0><in1></in1><in2>{}</in2>",
            sort("@id > 3", false)
        ),
    )
    .await
    .assert_fault("Unable to determine Field from binding expression");
}

fn descriptor(limit: u32) -> String {
    format!(
        r#"<in0>
  <objectName>Contact</objectName>
  <xpathFilter>@id &gt; 100</xpathFilter>
  <xpathSorts>{}</xpathSorts>
  <offset>0</offset>
  <limit>{limit}</limit>
  <fields>
    <FieldDescriptor xmlns="http://rpc.services.appbox.pace2020.com"><name>email</name><xpath>@email</xpath></FieldDescriptor>
    <FieldDescriptor xmlns="http://rpc.services.appbox.pace2020.com"><name>company</name><xpath>customer/@custName</xpath></FieldDescriptor>
    <FieldDescriptor xmlns="http://rpc.services.appbox.pace2020.com"><name>title</name><xpath>@title</xpath></FieldDescriptor>
  </fields>
</in0>"#,
        sort("@id", false)
    )
}

#[tokio::test]
async fn load_value_objects_returns_limit_plus_one_when_more_exist() {
    let pace = Pace::start().await;
    let reply = pace
        .call("FindObjects", "loadValueObjects", &descriptor(2))
        .await
        .ok();
    let objects = reply
        .out()
        .child("valueObjects")
        .cloned()
        .unwrap_or_default();
    assert_eq!(objects.children.len(), 3, "the documented quirk: limit + 1");
    let first = &objects.children[0];
    assert_eq!(first.name, "ValueObject");
    assert_eq!(first.child_text("primaryKey"), Some("101"));
    let values: Vec<(Option<&str>, Option<&str>)> = first
        .child("fields")
        .map(|f| {
            f.children
                .iter()
                .map(|v| (v.child_text("name"), v.child_text("value")))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        values,
        [
            (Some("email"), Some("jane.doe@acme.example")),
            (Some("company"), Some("Acme Corporation")),
            (Some("title"), Some("Purchasing Manager")),
        ]
    );
    let all = pace
        .call("FindObjects", "loadValueObjects", &descriptor(10))
        .await
        .ok();
    let rows = all.out().child("valueObjects").map(|v| v.children.len());
    assert_eq!(rows, Some(6), "no extra row when nothing more exists");
    let nil_title = all
        .out()
        .child("valueObjects")
        .and_then(|v| v.children.get(2).cloned())
        .unwrap_or_default();
    let title = nil_title
        .child("fields")
        .and_then(|f| f.children.get(2).cloned())
        .unwrap_or_default();
    assert!(
        title.child("value").is_some_and(|v| v.nil),
        "a null value is xsi:nil"
    );
}

/// A `loadValueObjects` of Customer with one field descriptor and one sort.
fn customer_descriptor(filter: &str, field: &str, sort_by: &str) -> String {
    format!(
        r#"<in0>
  <objectName>Customer</objectName>
  <xpathFilter>{}</xpathFilter>
  <xpathSorts>{}</xpathSorts>
  <offset>0</offset>
  <limit>10</limit>
  <fields>
    <FieldDescriptor xmlns="http://rpc.services.appbox.pace2020.com"><name>flag</name><xpath>{field}</xpath></FieldDescriptor>
  </fields>
</in0>"#,
        escape(filter),
        sort(sort_by, false)
    )
}

/// Reference §4.2: a customer's activity is `customerStatus/@customerActive`; a path the
/// simulator does not know faults with Pace's wording wherever it appears (filter, field
/// descriptor, sort), never answering an empty value.
#[tokio::test]
async fn customer_activity_is_customer_status_customer_active() {
    let pace = Pace::start().await;
    let active = pace
        .find("Customer", "customerStatus/@customerActive = \"true\"")
        .await;
    assert!(active.contains(&"ACME".to_owned()), "{active:?}");
    assert!(!active.contains(&"OLDCO".to_owned()), "{active:?}");
    let reply = pace
        .call(
            "FindObjects",
            "loadValueObjects",
            &customer_descriptor("@id = 'OLDCO'", "customerStatus/@customerActive", "@id"),
        )
        .await
        .ok();
    let value = reply
        .out()
        .child("valueObjects")
        .and_then(|rows| rows.children.first().cloned())
        .and_then(|row| row.child("fields").cloned())
        .and_then(|fields| fields.children.first().cloned())
        .and_then(|field| field.child_text("value").map(str::to_owned));
    assert_eq!(value.as_deref(), Some("false"));

    let unknown = "Unknown field 'active' on object 'CustomerStatus'";
    for descriptor in [
        customer_descriptor("customerStatus/@active = 'true'", "@id", "@id"),
        customer_descriptor("@id = 'ACME'", "customerStatus/@active", "@id"),
        customer_descriptor("@id = 'ACME'", "@id", "customerStatus/@active"),
    ] {
        pace.call("FindObjects", "loadValueObjects", &descriptor)
            .await
            .assert_fault(unknown);
    }
}

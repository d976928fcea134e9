//! Reply parsing tests: the reference's shapes with `ns1`/`ns2` prefixes, default namespaces,
//! no namespaces, `xsi:nil`, unknown fields, faults in HTTP 200 and 500, HTML error pages,
//! truncated and non-XML bodies.

use super::*;
use crate::object::PaceObject;
use crate::object::{PaceType, fields_of};
use crate::objects::Job;
use crate::value::FieldValue;
use crate::value_objects::parse_value_objects;

fn ctx(operation: &str) -> CallContext {
    CallContext::operation(operation).with_type("Job")
}

fn ok(operation: &str, body: &str) -> XmlElement {
    parse_reply(&ctx(operation), 200, body.as_bytes(), true)
        .unwrap()
        .unwrap()
}

const FIND_NS1: &str = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <ns1:findResponse xmlns:ns1="urn://pace2020.com/epace/sdk/FindObjects">
      <ns1:out>
        <ns1:string>12345</ns1:string>
        <ns1:string>12346</ns1:string>
      </ns1:out>
    </ns1:findResponse>
  </soap:Body>
</soap:Envelope>"#;

#[test]
fn find_keys_with_ns1_prefixes() {
    assert_eq!(keys(&ok("find", FIND_NS1)), ["12345", "12346"]);
}

#[test]
fn find_keys_with_default_namespaces_and_no_namespaces() {
    let default_ns = r#"<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body>
<findResponse xmlns="urn://pace2020.com/epace/sdk/FindObjects"><out><string>7</string></out></findResponse>
</Body></Envelope>"#;
    assert_eq!(keys(&ok("find", default_ns)), ["7"]);
    let bare = "<Envelope><Body><findResponse><out/></findResponse></Body></Envelope>";
    assert!(keys(&ok("find", bare)).is_empty());
}

const READ_JOB: &str = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <soap:Body>
    <ns1:readJobResponse xmlns:ns1="urn://pace2020.com/epace/sdk/ReadObject">
      <ns1:out>
        <ns2:job xmlns:ns2="http://pace2020.com/epace/object">12345</ns2:job>
        <ns2:customer xmlns:ns2="http://pace2020.com/epace/object">HOUSE</ns2:customer>
        <ns2:description xmlns:ns2="http://pace2020.com/epace/object">Caf&#233; &amp; Bäckerei &lt;Süd&gt;</ns2:description>
        <ns2:poNum xmlns:ns2="http://pace2020.com/epace/object" xsi:nil="true"/>
        <ns2:jobType xmlns:ns2="http://pace2020.com/epace/object">10</ns2:jobType>
        <ns2:dateSetup xmlns:ns2="http://pace2020.com/epace/object">2022-10-12T04:00:00.000Z</ns2:dateSetup>
        <ns2:amountToInvoiceForced xmlns:ns2="http://pace2020.com/epace/object">false</ns2:amountToInvoiceForced>
        <ns2:U_rushFlag xmlns:ns2="http://pace2020.com/epace/object">true</ns2:U_rushFlag>
        <ns2:someNewField xmlns:ns2="http://pace2020.com/epace/object">x</ns2:someNewField>
      </ns1:out>
    </ns1:readJobResponse>
  </soap:Body>
</soap:Envelope>"#;

#[test]
fn read_job_with_ns2_fields_nil_entities_and_unknown_fields() {
    let out = ok("readJob", READ_JOB);
    let job = Job::from_object(PaceObject {
        object_type: "Job".into(),
        fields: fields_of(&out),
    })
    .unwrap();
    assert_eq!(job.job.as_deref(), Some("12345"));
    assert_eq!(job.description.as_deref(), Some("Café & Bäckerei <Süd>"));
    assert_eq!(job.po_num, None);
    assert_eq!(job.job_type, Some(10));
    assert_eq!(job.amount_to_invoice_forced, Some(false));
    assert_eq!(
        job.date_setup.map(|d| d.instant().to_rfc3339()),
        Some("2022-10-12T04:00:00+00:00".to_owned())
    );
    let other: Vec<_> = job.other_fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(other, ["U_rushFlag", "someNewField"]);
}

#[test]
fn not_found_fault_in_http_500() {
    let body = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<soap:Fault><faultcode>soap:Server</faultcode><faultstring>Unable to locate object: Job 999</faultstring></soap:Fault>
</soap:Body></soap:Envelope>"#;
    let error = parse_reply(&ctx("readJob"), 500, body.as_bytes(), true).unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    assert!(!error.is_transient());
    assert!(error.to_string().contains("readJob"));
}

#[test]
fn fault_inside_http_200_is_never_data() {
    let body = r#"<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>
<S:Fault><faultcode>S:Client</faultcode><faultstring>Unknown field 'bogus' on object 'Job'</faultstring></S:Fault>
<ns1:createJobResponse xmlns:ns1="urn:x"><ns1:out/></ns1:createJobResponse>
</S:Body></S:Envelope>"#;
    match parse_reply(&ctx("createJob"), 200, body.as_bytes(), true) {
        Err(PaceError::Fault {
            code,
            message,
            context,
        }) => {
            assert_eq!(code.as_deref(), Some("S:Client"));
            assert_eq!(message, "Unknown field 'bogus' on object 'Job'");
            assert_eq!(context.operation, "createJob");
        }
        other => panic!("expected a fault, got {other:?}"),
    }
}

#[test]
fn a_fault_without_a_message_says_so() {
    // Found by fuzzing: an empty faultstring (or none) gave "Pace reported an error: ".
    for (fault, expected) in [
        ("<soap:Fault/>", "a fault without a message"),
        (
            "<soap:Fault><faultcode>soap:Server</faultcode></soap:Fault>",
            "a soap:Server fault without a message",
        ),
        (
            "<soap:Fault><faultcode> </faultcode><faultstring>  </faultstring></soap:Fault>",
            "a fault without a message",
        ),
    ] {
        let body = format!(
            "<soap:Envelope xmlns:soap=\"x\"><soap:Body>{fault}</soap:Body></soap:Envelope>"
        );
        let error = parse_reply(&ctx("deleteObject"), 500, body.as_bytes(), false).unwrap_err();
        assert!(
            matches!(error, PaceError::Fault { ref message, .. } if message == expected),
            "{error:?}"
        );
        assert!(error.to_string().ends_with(expected), "{error}");
    }
}

#[test]
fn soap_1_2_fault_reads_too() {
    let body = r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault>
<env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="en">The transaction is invalid.</env:Text></env:Reason>
</env:Fault></env:Body></env:Envelope>"#;
    let error = parse_reply(&ctx("commit"), 500, body.as_bytes(), false).unwrap_err();
    assert!(
        matches!(error, PaceError::Fault { ref message, .. } if message == "The transaction is invalid.")
    );
}

#[test]
fn html_error_pages_are_http_status_errors() {
    let html =
        "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
    let error = parse_reply(&ctx("find"), 502, html.as_bytes(), true).unwrap_err();
    assert!(matches!(error, PaceError::HttpStatus { status: 502, .. }));
    assert!(error.is_transient());
    let tomcat =
        "<!doctype html><html><body>HTTP Status 500 – Internal Server Error<br></body></html>";
    let error = parse_reply(&ctx("find"), 500, tomcat.as_bytes(), true).unwrap_err();
    assert!(
        matches!(error, PaceError::HttpStatus { status: 500, ref snippet, .. } if snippet.contains("Internal Server Error"))
    );
    assert!(error.is_transient());
    let error = parse_reply(&ctx("find"), 404, b"Not Found", true).unwrap_err();
    assert!(matches!(error, PaceError::HttpStatus { status: 404, .. }));
    assert!(!error.is_transient());
}

#[test]
fn unauthorized_is_an_authentication_error() {
    let error = parse_reply(&ctx("find"), 401, b"<html>401</html>", true).unwrap_err();
    assert!(matches!(error, PaceError::Authentication { .. }));
    assert!(!error.is_transient());
}

#[test]
fn broken_bodies_in_http_200_are_unexpected_replies() {
    let truncated = &FIND_NS1[..FIND_NS1.len() / 2];
    for (body, problem) in [
        (truncated, "not XML"),
        ("this is not xml", "not XML"),
        ("", "empty"),
        ("<html><body>Login</body></html>", "not a SOAP envelope"),
        ("<soap:Envelope xmlns:soap=\"x\"/>", "no Body"),
        (
            "<soap:Envelope xmlns:soap=\"x\"><soap:Body><other/></soap:Body></soap:Envelope>",
            "no <findResponse>",
        ),
        (
            "<soap:Envelope xmlns:soap=\"x\"><soap:Body><findResponse/></soap:Body></soap:Envelope>",
            "has no <out>",
        ),
    ] {
        match parse_reply(&ctx("find"), 200, body.as_bytes(), true) {
            Err(PaceError::UnexpectedReply { problem: p, .. }) => {
                assert!(p.contains(problem), "{p} should mention {problem}")
            }
            other => panic!("{body:?} gave {other:?}"),
        }
    }
    let error = parse_reply(&ctx("find"), 200, &[0xff, 0xfe, 0x00], true).unwrap_err();
    assert!(matches!(error, PaceError::UnexpectedReply { .. }));
}

#[test]
fn long_bodies_are_quoted_truncated() {
    let body = format!("<html>{}</html>", "x".repeat(5000));
    let Err(PaceError::UnexpectedReply { snippet, .. }) =
        parse_reply(&ctx("find"), 200, body.as_bytes(), true)
    else {
        panic!("expected an unexpected reply");
    };
    assert!(snippet.chars().count() <= 301);
    assert!(snippet.ends_with('…'));
}

#[test]
fn void_operations_need_only_the_response_element() {
    let body = "<soap:Envelope xmlns:soap=\"x\"><soap:Body><ns1:commitResponse xmlns:ns1=\"y\"/></soap:Body></soap:Envelope>";
    let context = CallContext::operation("commit");
    assert_eq!(
        parse_reply(&context, 200, body.as_bytes(), false).unwrap(),
        None
    );
}

#[test]
fn value_objects_keep_at_most_limit_rows() {
    let row = |key: &str| {
        format!(
            "<ns1:ValueObject><ns1:primaryKey>{key}</ns1:primaryKey><ns1:fields>\
             <ns1:ValueField><ns1:name>customer</ns1:name><ns1:value>HOUSE</ns1:value></ns1:ValueField>\
             <ns1:ValueField><ns1:name>poNum</ns1:name><ns1:value xsi:nil=\"true\"/></ns1:ValueField>\
             </ns1:fields></ns1:ValueObject>"
        )
    };
    let body = format!(
        "<soap:Envelope xmlns:soap=\"x\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soap:Body>\
         <ns1:loadValueObjectsResponse xmlns:ns1=\"y\"><ns1:out><ns1:valueObjects>{}{}{}</ns1:valueObjects></ns1:out>\
         </ns1:loadValueObjectsResponse></soap:Body></soap:Envelope>",
        row("1"),
        row("2"),
        row("3")
    );
    let out = ok("loadValueObjects", &body);
    let rows = parse_value_objects(&out, 2).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].primary_key, "2");
    assert_eq!(rows[0].get("customer"), Some("HOUSE"));
    assert_eq!(rows[0].get("poNum"), None);
    assert_eq!(rows[0].fields.len(), 2);
}

#[test]
fn action_results_keep_nested_structure() {
    let body = "<soap:Envelope xmlns:soap=\"x\"><soap:Body><ns1:createEstimateResponse xmlns:ns1=\"y\"><ns1:out>\
                <ns2:estimateNumber xmlns:ns2=\"z\">E100</ns2:estimateNumber>\
                <ns2:parts xmlns:ns2=\"z\"><ns2:part>01</ns2:part></ns2:parts>\
                </ns1:out></ns1:createEstimateResponse></soap:Body></soap:Envelope>";
    let out = ok("createEstimateResponse".trim_end_matches("Response"), body);
    let value = crate::object::value_of(&out);
    let fields = value.as_fields().unwrap();
    assert_eq!(fields[0].value, FieldValue::Text("E100".into()));
    assert!(matches!(&fields[1].value, FieldValue::Nested(inner) if inner[0].name == "part"));
}

//! Auth, routes, request faults, and each injected fault kind.

use std::time::{Duration, Instant};

use pace_simulator::{FaultKind, FaultRule};

use crate::harness::{LOGIN, PASSWORD, Pace, envelope, fields, operation};

fn version_envelope() -> String {
    envelope("", &operation("Version", "getVersion", ""))
}

fn create_job_envelope() -> String {
    envelope(
        "",
        &operation(
            "CreateObject",
            "createJob",
            &format!("<job>{}</job>", fields(&[("customer", "ACME")])),
        ),
    )
}

#[tokio::test]
async fn basic_auth_is_required_on_every_call() {
    let pace = Pace::start().await;
    for credentials in [None, Some((LOGIN, "wrong")), Some(("someone", PASSWORD))] {
        let reply = pace
            .post_raw("/rpc/services/Version", version_envelope(), credentials)
            .await;
        assert_eq!(reply.status, 401, "{credentials:?}");
        assert_eq!(
            reply.www_authenticate.as_deref(),
            Some(r#"Basic realm="Pace""#)
        );
    }
    let reply = pace
        .post_raw(
            "/rpc/services/Version",
            version_envelope(),
            Some((LOGIN, PASSWORD)),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        pace.running.instruments().calls.count("getVersion"),
        1,
        "refused calls are not logged"
    );
}

#[tokio::test]
async fn company_paths_unknown_services_and_wsdl() {
    let pace = Pace::start().await;
    let good = Some((LOGIN, PASSWORD));
    let company = pace
        .post_raw(
            "/rpc/company:printco/services/Version",
            version_envelope(),
            good,
        )
        .await;
    assert_eq!(company.status, 200);
    assert_eq!(company.out().text, "36.01-2482 (202601011200)");
    for path in [
        "/rpc/company:elsewhere/services/Version",
        "/rpc/printco/services/Version",
        "/rpc/services/NoSuchService",
    ] {
        assert_eq!(
            pace.post_raw(path, version_envelope(), good).await.status,
            404,
            "{path}"
        );
    }
    let client = reqwest::Client::new();
    let wsdl = client
        .get(pace.url("/rpc/services/FindObjects?wsdl"))
        .basic_auth(LOGIN, Some(PASSWORD))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(wsdl.ok(), Some(404));
    let anonymous = client
        .get(pace.url("/rpc/services/FindObjects?wsdl"))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(anonymous.ok(), Some(401));
}

#[tokio::test]
async fn malformed_requests_fault_as_client_errors() {
    let pace = Pace::start().await;
    for body in [
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><find>"
            .to_owned(),
        "not xml at all".to_owned(),
        "<Envelope><Body/></Envelope>".to_owned(),
    ] {
        let reply = pace.post("FindObjects", body).await;
        reply.assert_fault("Malformed SOAP request");
        assert_eq!(reply.fault_code().as_deref(), Some("soap:Client"));
    }
    pace.call("FindObjects", "findEverything", "")
        .await
        .assert_fault("No such operation 'findEverything' on service 'FindObjects'");
    let wrong_namespace = envelope(
        "",
        &operation("ReadObject", "find", "<in0>Job</in0><in1></in1>"),
    );
    pace.post("FindObjects", wrong_namespace)
        .await
        .assert_fault("is not in namespace 'urn://pace2020.com/epace/sdk/FindObjects'");
}

#[tokio::test]
async fn server_error_and_protocol_error_do_nothing() {
    let pace = Pace::start().await;
    let faults = &pace.running.instruments().faults;
    faults.add(FaultRule::times(
        FaultKind::ServerError,
        Some("createJob"),
        1,
    ));
    let reply = pace.post("CreateObject", create_job_envelope()).await;
    assert_eq!(reply.status, 500);
    assert!(
        reply.body.contains("HTTP ERROR 500"),
        "an HTML error page: {}",
        reply.body
    );
    assert!(reply.fault().is_none());
    faults.add(FaultRule::times(
        FaultKind::ProtocolError,
        Some("createJob"),
        1,
    ));
    pace.post("CreateObject", create_job_envelope())
        .await
        .assert_fault("simulated failure in createJob");
    assert_eq!(pace.running.count("Job"), 0);
    pace.post("CreateObject", create_job_envelope()).await.ok();
    assert_eq!(pace.running.count("Job"), 1);
    let calls = pace.running.instruments().calls.calls();
    let injected: Vec<Option<FaultKind>> = calls.iter().map(|c| c.fault).collect();
    assert_eq!(
        injected,
        [
            Some(FaultKind::ServerError),
            Some(FaultKind::ProtocolError),
            None
        ]
    );
}

#[tokio::test]
async fn drop_connection_does_nothing_but_commit_then_drop_writes() {
    let pace = Pace::start().await;
    let faults = &pace.running.instruments().faults;
    let client = reqwest::Client::new();
    let send = || {
        client
            .post(pace.url("/rpc/services/CreateObject"))
            .basic_auth(LOGIN, Some(PASSWORD))
            .header("Content-Type", "text/xml")
            .body(create_job_envelope())
            .send()
    };
    faults.add(FaultRule::times(
        FaultKind::DropConnection,
        Some("createJob"),
        1,
    ));
    assert!(
        send().await.is_err(),
        "the connection is closed without an answer"
    );
    assert_eq!(pace.running.count("Job"), 0);
    faults.add(FaultRule::times(
        FaultKind::CommitThenDrop,
        Some("createJob"),
        1,
    ));
    assert!(send().await.is_err());
    assert_eq!(
        pace.running.count("Job"),
        1,
        "the write happened before the drop"
    );
    assert_eq!(pace.find("JobPart", "@job = '10001'").await, ["10001:01"]);
}

#[tokio::test]
async fn unauthorized_malformed_body_and_slow() {
    let pace = Pace::start().await;
    let faults = &pace.running.instruments().faults;
    faults.add(FaultRule::times(
        FaultKind::Unauthorized,
        Some("getVersion"),
        1,
    ));
    let reply = pace.post("Version", version_envelope()).await;
    assert_eq!(reply.status, 401);
    assert_eq!(
        reply.www_authenticate.as_deref(),
        Some(r#"Basic realm="Pace""#)
    );

    faults.add(FaultRule::times(
        FaultKind::MalformedBody,
        Some("getVersion"),
        1,
    ));
    let reply = pace.post("Version", version_envelope()).await;
    assert_eq!(reply.status, 200);
    assert!(
        pace_simulator::soap::request::parse_document(&reply.body).is_err(),
        "{}",
        reply.body
    );

    let mut slow = FaultRule::times(FaultKind::Slow, Some("getVersion"), 1);
    slow.latency_ms = Some(150);
    faults.add(slow);
    let started = Instant::now();
    let reply = pace.post("Version", version_envelope()).await;
    assert_eq!(reply.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(pace.running.instruments().calls.count("getVersion"), 3);
}

#[tokio::test]
async fn faults_can_be_set_over_the_control_route() {
    let pace = Pace::start().await;
    let client = reqwest::Client::new();
    let added = client
        .post(pace.url("/_sim/faults"))
        .json(&serde_json::json!({"kind": "protocol_error", "operation": "find", "count": 1}))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(added.ok(), Some(200));
    pace.call("FindObjects", "find", "<in0>Job</in0><in1></in1>")
        .await
        .assert_fault("simulated failure in find");
    assert!(pace.find("Job", "").await.is_empty());
    let calls: serde_json::Value = match client.get(pace.url("/_sim/calls")).send().await {
        Ok(response) => response.json().await.unwrap_or_default(),
        Err(error) => panic!("calls route: {error}"),
    };
    assert_eq!(calls["counts"]["find"], 2);
}

//! TransactionService: staged writes, commit, rollback, rollback on fault, invalid ids.

use crate::harness::{Pace, envelope, fields, operation};

async fn start(pace: &Pace) -> String {
    let reply = pace
        .post(
            "TransactionService",
            envelope(
                r#"<process xmlns="transaction">startTransaction</process>"#,
                &operation("TransactionService", "startTransaction", "<in0>60</in0>"),
            ),
        )
        .await
        .ok();
    reply.out().text
}

async fn finish(pace: &Pace, process: &str, txn: &str) -> crate::harness::Reply {
    pace.post(
        "TransactionService",
        envelope(
            &format!(r#"<process xmlns="transaction">{process}</process><txnId xmlns="transaction">{txn}</txnId>"#),
            &operation("TransactionService", process, ""),
        ),
    )
    .await
}

fn job(customer: &str) -> String {
    format!("<job>{}</job>", fields(&[("customer", customer)]))
}

#[tokio::test]
async fn writes_are_staged_until_commit() {
    let pace = Pace::start().await;
    let txn = start(&pace).await;
    assert!(!txn.is_empty());
    let created = pace
        .call_in(&txn, "CreateObject", "createJob", &job("ACME"))
        .await
        .ok();
    let number = created.field("job").unwrap_or_default();
    assert_eq!(
        pace.running.count("Job"),
        0,
        "not visible outside the transaction"
    );
    assert!(pace.find("Job", "").await.is_empty());
    let inside = pace
        .call_in(
            &txn,
            "FindObjects",
            "find",
            "<in0>JobPart</in0><in1>@job = '10001'</in1>",
        )
        .await
        .ok();
    assert_eq!(inside.out().children.len(), 1, "visible inside it");
    pace.call_in(
        &txn,
        "UpdateObject",
        "updateJob",
        &format!(
            "<job>{}</job>",
            fields(&[("job", &number), ("poNum", "TX")])
        ),
    )
    .await
    .ok();
    let reply = finish(&pace, "commit", &txn).await.ok();
    assert!(reply.body.contains("<ns1:commitResponse"));
    assert_eq!(pace.running.count("Job"), 1);
    assert_eq!(pace.running.count("JobPart"), 1);
    let stored = pace.running.object("Job", &number).unwrap_or_default();
    assert_eq!(stored.get("poNum").map(String::as_str), Some("TX"));
    finish(&pace, "commit", &txn)
        .await
        .assert_fault("The transaction is invalid.");
}

#[tokio::test]
async fn rollback_discards_and_a_fault_rolls_back() {
    let pace = Pace::start().await;
    let txn = start(&pace).await;
    pace.call_in(&txn, "CreateObject", "createJob", &job("ACME"))
        .await
        .ok();
    finish(&pace, "rollback", &txn).await.ok();
    assert_eq!(pace.running.count("Job"), 0);

    let txn = start(&pace).await;
    pace.call_in(&txn, "CreateObject", "createJob", &job("ACME"))
        .await
        .ok();
    pace.call_in(&txn, "CreateObject", "createJob", &job("OLDCO"))
        .await
        .assert_fault("inactive");
    pace.call_in(&txn, "CreateObject", "createJob", &job("ACME"))
        .await
        .assert_fault("The transaction is invalid.");
    finish(&pace, "commit", &txn)
        .await
        .assert_fault("The transaction is invalid.");
    assert_eq!(
        pace.running.count("Job"),
        0,
        "the first create was rolled back with the fault"
    );
}

#[tokio::test]
async fn unknown_ids_and_missing_headers_fault() {
    let pace = Pace::start().await;
    pace.call_in("nope", "CreateObject", "createJob", &job("ACME"))
        .await
        .assert_fault("The transaction is invalid.");
    finish(&pace, "rollback", "nope")
        .await
        .assert_fault("The transaction is invalid.");
    pace.call("TransactionService", "startTransaction", "<in0>60</in0>")
        .await
        .assert_fault(
            "needs the SOAP header <process xmlns=\"transaction\">startTransaction</process>",
        );
    assert_eq!(pace.running.count("Job"), 0);
}

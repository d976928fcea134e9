//! Version, InvokeAction and AttachmentService.

use crate::harness::{Pace, fields};

#[tokio::test]
async fn version_and_actions() {
    let pace = Pace::start().await;
    let version = pace.call("Version", "getVersion", "").await.ok();
    assert_eq!(version.out().text, "36.01-2482 (202601011200)");
    pace.create(
        "Job",
        &[
            ("customer", "BLUEHILL"),
            ("description", "Brochures"),
            ("poNum", "B-1"),
        ],
    )
    .await
    .ok();
    let job = format!("<in0>{}</in0>", fields(&[("primaryKey", "10001")]));
    let estimate = pace
        .call("InvokeAction", "convertJobToEstimate", &job)
        .await
        .ok();
    assert_eq!(estimate.field("customer").as_deref(), Some("BLUEHILL"));
    assert_eq!(estimate.field("job").as_deref(), Some("10001"));
    assert_eq!(estimate.field("description").as_deref(), Some("Brochures"));
    assert_eq!(estimate.field("estimateNumber"), estimate.field("id"));
    assert_eq!(pace.running.count("Estimate"), 1);
    let distributed = pace
        .call("InvokeAction", "isComboJobPercentagesDistributed", &job)
        .await
        .ok();
    assert_eq!(distributed.out().text, "true");
    let missing = format!("<in0>{}</in0>", fields(&[("job", "424242")]));
    pace.call("InvokeAction", "convertJobToEstimate", &missing)
        .await
        .assert_fault("Unable to locate object");
    pace.call("InvokeAction", "calculateJobPricing", &job)
        .await
        .assert_fault("No such operation 'calculateJobPricing' on service 'InvokeAction'");
}

/// The rpc namespace of the `Attachment` structure (reference §2.7, EFI's SDK samples).
const RPC: &str = "http://rpc.services.appbox.pace2020.com";

/// `addAttachment` parameters with `in3`'s children in namespace `ns` (`None`: unqualified).
fn attachment_in(type_name: &str, key: &str, content: &str, ns: Option<&str>) -> String {
    let xmlns = ns.map(|ns| format!(r#" xmlns="{ns}""#)).unwrap_or_default();
    format!(
        r#"<in0>{type_name}</in0><in1>{key}</in1><in2 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/><in3><name{xmlns}>proof.pdf</name><content{xmlns}>{content}</content><mimeType{xmlns}>application/pdf</mimeType><fileExtension{xmlns}>pdf</fileExtension></in3>"#
    )
}

fn attachment(type_name: &str, key: &str, content: &str) -> String {
    attachment_in(type_name, key, content, Some(RPC))
}

/// `in3` is the rpc type `Attachment`: its fields in the object namespace, or in none, are not
/// its fields, and nothing is stored.
#[tokio::test]
async fn attachment_fields_must_be_in_the_rpc_namespace() {
    let pace = Pace::start().await;
    pace.create("Job", &[("customer", "ACME")]).await.ok();
    for ns in [Some("http://pace2020.com/epace/object"), None] {
        pace.call(
            "AttachmentService",
            "addAttachment",
            &attachment_in("Job", "10001", "AAAA", ns),
        )
        .await
        .assert_fault(&format!("not in namespace '{RPC}'"));
    }
    assert_eq!(pace.running.count("FileAttachment"), 0);
    let unknown = format!(
        r#"<in0>Job</in0><in1>10001</in1><in2 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/><in3><name xmlns="{RPC}">a.pdf</name><colour xmlns="{RPC}">red</colour></in3>"#
    );
    pace.call("AttachmentService", "addAttachment", &unknown)
        .await
        .assert_fault("Unknown field 'colour' on object 'Attachment'");
}

#[tokio::test]
async fn attachments_are_file_attachment_objects() {
    let pace = Pace::start().await;
    pace.create("Job", &[("customer", "ACME")]).await.ok();
    let added = pace
        .call(
            "AttachmentService",
            "addAttachment",
            &attachment("Job", "10001", "JVBERi0xLjQK"),
        )
        .await
        .ok();
    let key = added.out().text;
    assert!(!key.is_empty());
    assert_eq!(
        pace.find(
            "FileAttachment",
            "@baseObject = 'Job' and @baseObjectKey = '10001'"
        )
        .await,
        std::slice::from_ref(&key)
    );
    assert_eq!(
        pace.find("FileAttachment", "@ext = 'pdf'").await,
        std::slice::from_ref(&key)
    );
    let fetched = pace
        .call(
            "AttachmentService",
            "getAttachmentFromKey",
            &format!("<in0>{key}</in0>"),
        )
        .await
        .ok();
    assert_eq!(fetched.field("content").as_deref(), Some("JVBERi0xLjQK"));
    assert_eq!(fetched.field("name").as_deref(), Some("proof.pdf"));
    assert_eq!(fetched.field("sizeInBytes").as_deref(), Some("9"));
    pace.call(
        "AttachmentService",
        "addAttachment",
        &attachment("Job", "10001", "not base64!"),
    )
    .await
    .assert_fault("not valid base64");
    pace.call(
        "AttachmentService",
        "addAttachment",
        &attachment("Job", "777", "AAAA"),
    )
    .await
    .assert_fault("Unable to locate object");
    pace.call(
        "AttachmentService",
        "removeAttachmentFromKey",
        &format!("<in0>{key}</in0>"),
    )
    .await
    .ok();
    pace.call(
        "AttachmentService",
        "getAttachmentFromKey",
        &format!("<in0>{key}</in0>"),
    )
    .await
    .assert_fault("Unable to locate object");
}

#[tokio::test]
async fn attachments_larger_than_axums_default_body_limit_are_accepted() {
    let pace = Pace::start().await;
    pace.create("Job", &[("customer", "ACME")]).await.ok();
    // 6 MB of base64 (a 4.5 MB PDF): three times axum's 2 MB default request limit.
    let content = "QUJD".repeat(6 * 1024 * 1024 / 4);
    let added = pace
        .call(
            "AttachmentService",
            "addAttachment",
            &attachment("Job", "10001", &content),
        )
        .await
        .ok();
    assert!(!added.out().text.is_empty());
}

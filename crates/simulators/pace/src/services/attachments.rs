//! AttachmentService: `addAttachment(in0 type, in1 key, in2 field|nil, in3 {name, content,
//! mimeType, fileExtension})` → the attachment key (`in3` is the rpc type `Attachment`: its
//! children must be in `http://rpc.services.appbox.pace2020.com`, reference §2.7); `getAttachmentFromKey(in0 key)` → the
//! `FileAttachment` (content in base64); `removeAttachmentFromKey(in0 key)`. Attachments are
//! `FileAttachment` objects, findable by `@baseObject = 'Job' and @baseObjectKey = '12345'`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::schema::object_type;
use crate::services::{Call, Session, no_such_operation, type_named};
use crate::soap::fault::Fault;
use crate::soap::reply;
use crate::soap::request::Element;
use crate::store::normalize_key;
use crate::store::write::SentField;

/// Answers one AttachmentService operation.
pub fn handle(session: &mut Session<'_>, call: &Call<'_>) -> Result<String, Fault> {
    let attachment_type =
        object_type("FileAttachment").ok_or_else(|| Fault::unknown_type("FileAttachment"))?;
    let op = call.operation();
    match call.operation_name() {
        "addAttachment" => {
            let base_type = type_named(op.child_text("in0"))?;
            let base_key = normalize_key(base_type, op.child_text("in1").unwrap_or_default())?;
            if session.tables.get(base_type.name, &base_key).is_none() {
                return Err(Fault::not_found(base_type.name, &base_key));
            }
            let field = op.child_text("in2").filter(|f| !f.is_empty());
            if let Some(field) = field {
                base_type
                    .field(field)
                    .ok_or_else(|| Fault::unknown_field(field, base_type.name))?;
            }
            let file = op.child("in3").ok_or_else(|| {
                Fault::client("Missing parameter 'in3' of operation 'addAttachment'")
            })?;
            check_attachment_structure(file)?;
            let content: String = file
                .child_text("content")
                .unwrap_or_default()
                .split_whitespace()
                .collect();
            let bytes = STANDARD.decode(&content).map_err(|e| {
                Fault::client(format!("Attachment content is not valid base64: {e}"))
            })?;
            let extension = file.child_text("fileExtension").map(str::to_owned);
            let value = |v: Option<&str>| v.map(str::to_owned);
            let fields = [
                ("baseObject", Some(base_type.name.to_owned())),
                ("baseObjectKey", Some(base_key)),
                ("field", value(field)),
                ("name", value(file.child_text("name"))),
                ("mimeType", value(file.child_text("mimeType"))),
                ("fileExtension", extension.clone()),
                ("ext", extension),
                ("sizeInBytes", Some(bytes.len().to_string())),
                ("content", Some(content)),
            ]
            .into_iter()
            .filter(|(_, v)| v.is_some())
            .map(|(name, value)| SentField {
                name: name.to_owned(),
                value,
            })
            .collect::<Vec<_>>();
            let attachment = session.writer(call).create(attachment_type, &fields)?;
            let key = attachment.get("attachment").cloned().unwrap_or_default();
            Ok(reply::response(
                call.service,
                call.operation_name(),
                Some(&reply::text(&key)),
            ))
        }
        "getAttachmentFromKey" => {
            let key = op.child_text("in0").unwrap_or_default();
            let attachment = session
                .tables
                .get(attachment_type.name, key)
                .ok_or_else(|| Fault::not_found(attachment_type.name, key))?;
            Ok(reply::response(
                call.service,
                call.operation_name(),
                Some(&reply::object_fields(attachment_type, attachment)),
            ))
        }
        "removeAttachmentFromKey" => {
            let key = op.child_text("in0").unwrap_or_default();
            session.writer(call).delete(attachment_type, key)?;
            Ok(reply::response(call.service, call.operation_name(), None))
        }
        _ => Err(no_such_operation(call)),
    }
}

/// The namespace of the rpc helper types, `Attachment` among them (reference §2.7).
const RPC_NS: &str = "http://rpc.services.appbox.pace2020.com";

/// The fields of the rpc type `Attachment`.
const ATTACHMENT_FIELDS: &[&str] = &["name", "content", "mimeType", "fileExtension"];

/// `in3` must be an `Attachment`: each child one of its fields, in the rpc namespace. A child in
/// another namespace (the object namespace, or none) is not an `Attachment` field, and is
/// refused rather than read as if it were.
fn check_attachment_structure(file: &Element) -> Result<(), Fault> {
    for child in &file.children {
        if child.namespace.as_deref() != Some(RPC_NS) {
            return Err(Fault::client(format!(
                "Invalid parameter 'in3' of operation 'addAttachment': element '{}' (namespace '{}') is not in namespace '{RPC_NS}' of type 'Attachment'",
                child.name,
                child.namespace.as_deref().unwrap_or("")
            )));
        }
        if !ATTACHMENT_FIELDS.contains(&child.name.as_str()) {
            return Err(Fault::unknown_field(&child.name, "Attachment"));
        }
    }
    Ok(())
}

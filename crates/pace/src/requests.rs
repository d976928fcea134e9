//! The exact SOAP request of every operation, built without a network (the client sends
//! these; tests pin them with snapshots). Shapes follow reference §2: an operation element in
//! `urn://pace2020.com/epace/sdk/{Service}`, positional `in0…` parameters, object fields in
//! `http://pace2020.com/epace/object`.

use std::time::Duration;

use base64::Engine as _;

use crate::error::{CallContext, PaceError, RequestProblem};
use crate::object::PaceObject;
use crate::value::{Field, FieldValue};
use crate::value_objects::ValueObjectDescriptor;
use crate::wire::{self, OBJECT_NS, RPC_NS, SOAP_ENV, Service, TRANSACTION_NS, XSD, XSI};
use crate::xml::is_plain_name;
use crate::xml::write::XmlWriter;
use crate::xpath::{Filter, Sort};

/// A file to attach to a Pace object (AttachmentService `addAttachment`).
#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name shown in Pace, e.g. `proof.pdf`.
    pub name: String,
    /// The file's bytes (sent base64-encoded).
    pub content: Vec<u8>,
    /// The MIME type, e.g. `application/pdf`.
    pub mime_type: String,
    /// The extension without the dot, e.g. `pdf`.
    pub file_extension: String,
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attachment")
            .field("name", &self.name)
            .field("content", &format_args!("<{} bytes>", self.content.len()))
            .field("mime_type", &self.mime_type)
            .field("file_extension", &self.file_extension)
            .finish()
    }
}

/// One SOAP call, ready to be wrapped in an envelope.
#[derive(Debug, Clone, PartialEq)]
pub struct SoapRequest {
    service: Service,
    context: CallContext,
    process: Option<&'static str>,
    expects_out: bool,
    body: String,
}

impl SoapRequest {
    /// The service it goes to (the last segment of the URL).
    pub fn service(&self) -> Service {
        self.service
    }

    /// The SOAP operation, e.g. `createJobPart`.
    pub fn operation(&self) -> &str {
        &self.context.operation
    }

    /// The operation with the object type and key it is about, for errors and logs.
    pub fn context(&self) -> &CallContext {
        &self.context
    }

    /// Whether the reply must carry an `out` element (void operations return none).
    pub(crate) fn expects_out(&self) -> bool {
        self.expects_out
    }

    /// The whole envelope. Inside a transaction, pass its id: it is sent as the `txnId` header.
    pub fn envelope(&self, transaction_id: Option<&str>) -> Result<String, PaceError> {
        let mut headers = XmlWriter::at_depth(2);
        if let Some(process) = self.process {
            headers
                .leaf("process", Some(TRANSACTION_NS), process)
                .map_err(|p| self.invalid(p))?;
        }
        if let Some(id) = transaction_id {
            headers
                .leaf("txnId", Some(TRANSACTION_NS), id)
                .map_err(|p| self.invalid(p))?;
        }
        let headers = headers.finish();
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soap:Envelope xmlns:soap=\"{SOAP_ENV}\" xmlns:xsd=\"{XSD}\" xmlns:xsi=\"{XSI}\">\n"
        );
        if !headers.is_empty() {
            xml.push_str("  <soap:Header>\n");
            xml.push_str(&headers);
            xml.push_str("  </soap:Header>\n");
        }
        xml.push_str("  <soap:Body>\n");
        xml.push_str(&self.body);
        xml.push_str("  </soap:Body>\n</soap:Envelope>\n");
        Ok(xml)
    }

    fn invalid(&self, problem: RequestProblem) -> PaceError {
        PaceError::InvalidRequest {
            context: self.context.clone(),
            problem,
        }
    }
}

/// Collects an operation element and turns build problems into [`PaceError::InvalidRequest`].
struct Builder {
    service: Service,
    context: CallContext,
    writer: XmlWriter,
}

impl Builder {
    fn new(service: Service, context: CallContext) -> Result<Self, PaceError> {
        let mut writer = XmlWriter::at_depth(2);
        let ns = wire::service_ns(service);
        let started = writer.start(&context.operation, Some(&ns));
        let builder = Builder {
            service,
            context,
            writer,
        };
        started.map_err(|p| builder.invalid(p))?;
        Ok(builder)
    }

    fn invalid(&self, problem: RequestProblem) -> PaceError {
        PaceError::InvalidRequest {
            context: self.context.clone(),
            problem,
        }
    }

    /// Runs one writing step, turning its problem into an error naming this call.
    fn step(
        &mut self,
        write: impl FnOnce(&mut XmlWriter) -> Result<(), RequestProblem>,
    ) -> Result<&mut Self, PaceError> {
        match write(&mut self.writer) {
            Ok(()) => Ok(self),
            Err(problem) => Err(self.invalid(problem)),
        }
    }

    fn finish(mut self, process: Option<&'static str>, expects_out: bool) -> SoapRequest {
        self.writer.end();
        SoapRequest {
            service: self.service,
            context: self.context,
            process,
            expects_out,
            body: self.writer.finish(),
        }
    }
}

fn check_type(context: &CallContext, object_type: &str) -> Result<(), PaceError> {
    if is_plain_name(object_type) {
        Ok(())
    } else {
        Err(PaceError::InvalidRequest {
            context: context.clone(),
            problem: RequestProblem::InvalidName {
                what: "object type",
                name: object_type.to_owned(),
            },
        })
    }
}

/// `Job` → `job`, `CSR` → `cSR` (Pace's parameter naming).
fn lcfirst(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Writes fields; `ns` is put on each top-level field, nested fields inherit it.
fn write_fields(
    w: &mut XmlWriter,
    fields: &[Field],
    ns: Option<&str>,
) -> Result<(), RequestProblem> {
    for field in fields {
        write_value(w, &field.name, &field.value, ns)?;
    }
    Ok(())
}

fn write_value(
    w: &mut XmlWriter,
    name: &str,
    value: &FieldValue,
    ns: Option<&str>,
) -> Result<(), RequestProblem> {
    match value {
        FieldValue::Nil => w.nil(name, ns),
        FieldValue::Text(text) => w.leaf(name, ns, text),
        FieldValue::Nested(fields) => {
            w.start(name, ns)?;
            write_fields(w, fields, None)?;
            w.end();
            Ok(())
        }
    }
}

fn render_filter(filter: &Filter) -> Result<String, RequestProblem> {
    Ok(filter.to_xpath()?)
}

fn write_sorts(w: &mut XmlWriter, sorts: &[Sort]) -> Result<(), RequestProblem> {
    for sort in sorts {
        w.start("XPathDataSort", Some(RPC_NS))?;
        w.leaf("descending", None, &sort.is_descending().to_string())?;
        w.leaf("xpath", None, sort.path()?)?;
        w.end();
    }
    Ok(())
}

/// `find(in0 = type, in1 = filter)` → keys.
pub fn find(object_type: &str, filter: &Filter) -> Result<SoapRequest, PaceError> {
    let context = CallContext::operation("find").with_type(object_type);
    check_type(&context, object_type)?;
    let mut b = Builder::new(Service::FindObjects, context)?;
    b.step(|w| w.leaf("in0", None, object_type))?
        .step(|w| w.leaf("in1", None, &render_filter(filter)?))?;
    Ok(b.finish(None, true))
}

/// `findSortAndLimit(in0 = type, in1 = filter, in2 = sorts, in3 = offset, in4 = limit)` → keys.
pub fn find_sort_and_limit(
    object_type: &str,
    filter: &Filter,
    sorts: &[Sort],
    offset: u32,
    limit: u32,
) -> Result<SoapRequest, PaceError> {
    let context = CallContext::operation("findSortAndLimit").with_type(object_type);
    check_type(&context, object_type)?;
    let mut b = Builder::new(Service::FindObjects, context)?;
    b.step(|w| w.leaf("in0", None, object_type))?
        .step(|w| w.leaf("in1", None, &render_filter(filter)?))?
        .step(|w| {
            if sorts.is_empty() {
                return w.empty("in2", None);
            }
            w.start("in2", None)?;
            write_sorts(w, sorts)?;
            w.end();
            Ok(())
        })?
        .step(|w| w.leaf("in3", None, &offset.to_string()))?
        .step(|w| w.leaf("in4", None, &limit.to_string()))?;
    Ok(b.finish(None, true))
}

/// `loadValueObjects(in0 = ValueObjectDescriptor)` → rows of chosen fields.
pub fn load_value_objects(query: &ValueObjectDescriptor) -> Result<SoapRequest, PaceError> {
    let object_type = query.object_type();
    let context = CallContext::operation("loadValueObjects").with_type(object_type);
    check_type(&context, object_type)?;
    let mut b = Builder::new(Service::FindObjects, context)?;
    b.step(|w| {
        w.start("in0", None)?;
        w.leaf("objectName", Some(RPC_NS), object_type)?;
        w.leaf("xpathFilter", Some(RPC_NS), &render_filter(query.filter())?)?;
        if query.sorts().is_empty() {
            w.empty("xpathSorts", Some(RPC_NS))?;
        } else {
            w.start("xpathSorts", Some(RPC_NS))?;
            write_sorts(w, query.sorts())?;
            w.end();
        }
        w.leaf("offset", Some(RPC_NS), &query.page_offset().to_string())?;
        w.leaf("limit", Some(RPC_NS), &query.page_limit().to_string())?;
        w.start("fields", Some(RPC_NS))?;
        for (name, path) in query.fields() {
            w.start("FieldDescriptor", None)?;
            w.leaf("name", None, name)?;
            w.leaf("xpath", None, crate::xpath::checked_path(path)?)?;
            w.end();
        }
        w.end();
        w.end();
        Ok(())
    })?;
    Ok(b.finish(None, true))
}

/// `read{Type}` with the key as `primaryKey` → the whole object.
pub fn read_object(object_type: &str, key: &str) -> Result<SoapRequest, PaceError> {
    let context = CallContext::operation(format!("read{object_type}"))
        .with_type(object_type)
        .with_key(key);
    check_type(&context, object_type)?;
    let mut b = Builder::new(Service::ReadObject, context)?;
    b.step(|w| {
        w.start(&lcfirst(object_type), None)?;
        w.leaf("primaryKey", Some(OBJECT_NS), key)?;
        w.end();
        Ok(())
    })?;
    Ok(b.finish(None, true))
}

fn object_call(
    service: Service,
    verb: &str,
    object: &PaceObject,
    key: Option<String>,
) -> Result<SoapRequest, PaceError> {
    let object_type = &object.object_type;
    let mut context = CallContext::operation(format!("{verb}{object_type}")).with_type(object_type);
    context.key = key;
    check_type(&context, object_type)?;
    let mut b = Builder::new(service, context)?;
    b.step(|w| {
        w.start(&lcfirst(object_type), None)?;
        write_fields(w, &object.fields, Some(OBJECT_NS))?;
        w.end();
        Ok(())
    })?;
    Ok(b.finish(None, true))
}

/// `create{Type}` with the given fields → the object as Pace stored it (keys and defaults filled).
pub fn create_object(object: &PaceObject) -> Result<SoapRequest, PaceError> {
    object_call(Service::CreateObject, "create", object, None)
}

/// `update{Type}` with exactly the given fields (the key fields must be among them) → the
/// updated object. `key` only names the object in errors and logs.
pub fn update_object(object: &PaceObject, key: Option<String>) -> Result<SoapRequest, PaceError> {
    object_call(Service::UpdateObject, "update", object, key)
}

/// `deleteObject(in0 = type, in1 = key)`.
pub fn delete_object(object_type: &str, key: &str) -> Result<SoapRequest, PaceError> {
    let context = CallContext::operation("deleteObject")
        .with_type(object_type)
        .with_key(key);
    check_type(&context, object_type)?;
    let mut b = Builder::new(Service::DeleteObject, context)?;
    b.step(|w| w.leaf("in0", None, object_type))?
        .step(|w| w.leaf("in1", None, key))?;
    Ok(b.finish(None, false))
}

/// An InvokeAction operation: `{action}(in0, in1, …)` with positional arguments (text, nil, or
/// a structure such as [`FieldValue::reference`]) → the `out` element.
pub fn invoke_action(action: &str, arguments: &[FieldValue]) -> Result<SoapRequest, PaceError> {
    let mut b = Builder::new(Service::InvokeAction, CallContext::operation(action))?;
    for (index, argument) in arguments.iter().enumerate() {
        let name = format!("in{index}");
        b.step(|w| match argument {
            // A structure's fields are object fields [G].
            FieldValue::Nested(fields) => {
                w.start(&name, None)?;
                write_fields(w, fields, Some(OBJECT_NS))?;
                w.end();
                Ok(())
            }
            other => write_value(w, &name, other, None),
        })?;
    }
    Ok(b.finish(None, true))
}

/// `getVersion()` → the Pace version text, e.g. `36.01-2482 (202301011200)`.
pub fn version() -> Result<SoapRequest, PaceError> {
    let b = Builder::new(Service::Version, CallContext::operation("getVersion"))?;
    Ok(b.finish(None, true))
}

/// `addAttachment(in0 = type, in1 = key, in2 = field or nil, in3 = attachment)` → the
/// attachment key.
pub fn add_attachment(
    object_type: &str,
    key: &str,
    field: Option<&str>,
    attachment: &Attachment,
) -> Result<SoapRequest, PaceError> {
    let context = CallContext::operation("addAttachment")
        .with_type(object_type)
        .with_key(key);
    check_type(&context, object_type)?;
    let content = base64::engine::general_purpose::STANDARD.encode(&attachment.content);
    let mut b = Builder::new(Service::AttachmentService, context)?;
    b.step(|w| w.leaf("in0", None, object_type))?
        .step(|w| w.leaf("in1", None, key))?
        .step(|w| match field {
            Some(field) => w.leaf("in2", None, field),
            None => w.nil("in2", None),
        })?
        .step(|w| {
            // `in3` is the rpc type `Attachment` (reference §2.7 [C], EFI's SDK samples): its
            // fields are in the rpc namespace, like `ValueObjectDescriptor`'s.
            w.start("in3", None)?;
            w.leaf("name", Some(RPC_NS), &attachment.name)?;
            w.leaf("content", Some(RPC_NS), &content)?;
            w.leaf("mimeType", Some(RPC_NS), &attachment.mime_type)?;
            w.leaf("fileExtension", Some(RPC_NS), &attachment.file_extension)?;
            w.end();
            Ok(())
        })?;
    Ok(b.finish(None, true))
}

/// `startTransaction(in0 = timeout seconds)` with the header `process = startTransaction` →
/// the transaction id. Timeouts under a second are sent as 1 second.
pub fn start_transaction(timeout: Duration) -> Result<SoapRequest, PaceError> {
    let seconds = timeout.as_secs().max(1);
    let mut b = Builder::new(
        Service::TransactionService,
        CallContext::operation("startTransaction"),
    )?;
    b.step(|w| w.leaf("in0", None, &seconds.to_string()))?;
    Ok(b.finish(Some("startTransaction"), true))
}

/// `commit()` with the header `process = commit` (send with the transaction id).
pub fn commit() -> Result<SoapRequest, PaceError> {
    let b = Builder::new(
        Service::TransactionService,
        CallContext::operation("commit"),
    )?;
    Ok(b.finish(Some("commit"), false))
}

/// `rollback()` with the header `process = rollback` (send with the transaction id).
pub fn rollback() -> Result<SoapRequest, PaceError> {
    let b = Builder::new(
        Service::TransactionService,
        CallContext::operation("rollback"),
    )?;
    Ok(b.finish(Some("rollback"), false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lcfirst_matches_pace_parameter_names() {
        assert_eq!(lcfirst("JobPart"), "jobPart");
        assert_eq!(lcfirst("CSR"), "cSR");
        assert_eq!(lcfirst("GLAccount"), "gLAccount");
    }

    #[test]
    fn bad_type_or_value_is_refused_before_sending() {
        let error = read_object("Job><x", "1").unwrap_err();
        assert!(matches!(error, PaceError::InvalidRequest { .. }));
        let object = PaceObject::new("Job").with("description", "bell\u{7}".to_owned());
        let error = create_object(&object).unwrap_err();
        assert!(error.to_string().contains("description"), "{error}");
        let filter = Filter::eq("@a", r#"'""#);
        assert!(matches!(
            find("Job", &filter),
            Err(PaceError::InvalidRequest {
                problem: RequestProblem::Filter(_),
                ..
            })
        ));
    }
}

//! ReadObject `read{Type}`, CreateObject `create{Type}`, UpdateObject `update{Type}` and
//! DeleteObject `deleteObject(in0 type, in1 key)`.

use crate::services::{
    Call, Session, object_parameter, sent_fields, type_from_operation, type_named,
};
use crate::soap::fault::Fault;
use crate::soap::reply;
use crate::store::key_of;
use crate::store::write::sent_object;

/// `read{Type}`: the key as the natural key field or `primaryKey`.
pub fn read(session: &mut Session<'_>, call: &Call<'_>) -> Result<String, Fault> {
    let object_type = type_from_operation(call, "read")?;
    let sent = sent_fields(object_parameter(call, object_type)?);
    let fields = sent_object(object_type, &sent)?;
    let key = key_of(object_type, &fields)?;
    let object = session
        .tables
        .get(object_type.name, &key)
        .ok_or_else(|| Fault::not_found(object_type.name, &key))?;
    Ok(reply::response(
        call.service,
        call.operation_name(),
        Some(&reply::object_fields(object_type, object)),
    ))
}

/// `create{Type}`: returns the persisted object with server-filled keys and defaults.
pub fn create(session: &mut Session<'_>, call: &Call<'_>) -> Result<String, Fault> {
    let object_type = type_from_operation(call, "create")?;
    let sent = sent_fields(object_parameter(call, object_type)?);
    let object = session.writer(call).create(object_type, &sent)?;
    Ok(reply::response(
        call.service,
        call.operation_name(),
        Some(&reply::object_fields(object_type, &object)),
    ))
}

/// `update{Type}`: only the fields sent change.
pub fn update(session: &mut Session<'_>, call: &Call<'_>) -> Result<String, Fault> {
    let object_type = type_from_operation(call, "update")?;
    let sent = sent_fields(object_parameter(call, object_type)?);
    let object = session.writer(call).update(object_type, &sent)?;
    Ok(reply::response(
        call.service,
        call.operation_name(),
        Some(&reply::object_fields(object_type, &object)),
    ))
}

/// `deleteObject(in0 type, in1 key)`: a void answer.
pub fn delete(session: &mut Session<'_>, call: &Call<'_>) -> Result<String, Fault> {
    if call.operation_name() != "deleteObject" {
        return Err(crate::services::no_such_operation(call));
    }
    let object_type = type_named(call.operation().child_text("in0"))?;
    let key = call.operation().child_text("in1").unwrap_or_default();
    session.writer(call).delete(object_type, key)?;
    Ok(reply::response(call.service, call.operation_name(), None))
}

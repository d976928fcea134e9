//! Version `getVersion`, and InvokeAction. The simulator implements two real Pace actions:
//! - `convertJobToEstimate(in0 Job{job|primaryKey})` → a new `Estimate` object (fields as
//!   `ns2:*`), linked to the job and its customer;
//! - `isComboJobPercentagesDistributed(in0 Job{job|primaryKey})` → `true` (the simulator has no
//!   combo jobs, so every job's percentages count as distributed).
//!
//! Any other action faults with `No such operation '<name>' on service 'InvokeAction'`.

use crate::schema::object_type;
use crate::services::{Call, Session, no_such_operation, sent_fields};
use crate::soap::fault::Fault;
use crate::soap::reply;
use crate::store::key_of;
use crate::store::write::{SentField, sent_object};
use crate::value::PaceObject;

/// `getVersion` → the configured version string.
pub fn version(call: &Call<'_>) -> Result<String, Fault> {
    if call.operation_name() != "getVersion" {
        return Err(no_such_operation(call));
    }
    Ok(reply::response(
        call.service,
        call.operation_name(),
        Some(&reply::text(call.version)),
    ))
}

/// Runs an InvokeAction operation.
pub fn invoke(session: &mut Session<'_>, call: &Call<'_>) -> Result<String, Fault> {
    match call.operation_name() {
        "convertJobToEstimate" => {
            let job = job_argument(session, call)?;
            let estimate_type =
                object_type("Estimate").ok_or_else(|| Fault::unknown_type("Estimate"))?;
            let mut fields = vec![sent("job", job.get("job"))];
            for name in ["customer", "description", "poNum", "jobType"] {
                fields.push(sent(name, job.get(name)));
            }
            fields.retain(|f| f.value.is_some());
            let estimate = session.writer(call).create(estimate_type, &fields)?;
            Ok(reply::response(
                call.service,
                call.operation_name(),
                Some(&reply::object_fields(estimate_type, &estimate)),
            ))
        }
        "isComboJobPercentagesDistributed" => {
            job_argument(session, call)?;
            Ok(reply::response(
                call.service,
                call.operation_name(),
                Some("true"),
            ))
        }
        _ => Err(no_such_operation(call)),
    }
}

fn sent(name: &str, value: Option<&String>) -> SentField {
    SentField {
        name: name.to_owned(),
        value: value.cloned(),
    }
}

/// The job named by `in0` (`{job}` or `{primaryKey}`), which must exist.
fn job_argument(session: &Session<'_>, call: &Call<'_>) -> Result<PaceObject, Fault> {
    let job_type = object_type("Job").ok_or_else(|| Fault::unknown_type("Job"))?;
    let argument = call.operation().child("in0").ok_or_else(|| {
        Fault::client(format!(
            "Missing parameter 'in0' of operation '{}'",
            call.operation_name()
        ))
    })?;
    let fields = sent_object(job_type, &sent_fields(argument))?;
    let key = key_of(job_type, &fields)?;
    session
        .tables
        .get("Job", &key)
        .cloned()
        .ok_or_else(|| Fault::not_found("Job", &key))
}

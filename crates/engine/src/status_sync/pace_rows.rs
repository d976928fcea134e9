//! What status sync reads from Pace, in as few calls as possible: one `loadValueObjects` for the
//! status of every watched job and one for their shipments that carry a tracking number (each
//! split into chunks of [`JOBS_PER_QUERY`] job numbers, so the filter stays a sane size), with
//! only the fields status sync uses.
//!
//! Field names are Pace's (reference §4.4 Job, §4.7 JobShipment, §4.10 JobStatus); the one
//! relation read, `adminStatus/@openJob`, is the XPath the reference gives for open jobs.

use chrono::{Duration, NaiveDate};
use pace::{
    Filter, PaceClient, PaceDate, PaceError, ValueObject, ValueObjectDescriptor, WireValue,
};
use rust_decimal::Decimal;
use std::str::FromStr;

/// How many job numbers one query names at most. Status sync makes one call per chunk, so the
/// number of calls per cycle stays constant for any shop with up to this many open jobs.
pub const JOBS_PER_QUERY: usize = 200;

/// Rows asked for per page. Pace answers at most this many (the client drops Pace's extra
/// row), so a full page means there may be more: the next page is read.
const ROWS_PER_PAGE: u32 = 1000;

/// A job's status as Pace reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobStatusRow {
    /// The Pace job number.
    pub job: String,
    /// The job's `adminStatus` (a JobStatus id such as `O` or `C`); empty when Pace gave none.
    pub admin_status: String,
    /// Whether that status is an open one (`adminStatus/@openJob`); a job whose status says
    /// nothing is taken as open, so it is not dropped from the watch by mistake.
    pub open: bool,
}

/// A Pace shipment of a watched job that carries a tracking number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedShipment {
    /// The JobShipment's key (its `id`).
    pub id: String,
    /// Its job.
    pub job: String,
    /// `trackingNumber`.
    pub tracking_number: String,
    /// `trackingLink` (empty when none).
    pub tracking_link: String,
    /// The ship date (`date`), when Pace has one.
    pub ship_date: Option<NaiveDate>,
    /// `cost` (zero when not given).
    pub cost: Decimal,
    /// `address1`, to tell which items went in this shipment.
    pub address1: String,
    /// `zip`.
    pub zip: String,
}

/// The status of each of `jobs` (jobs Pace does not know are simply absent), and how many
/// Pace calls it took.
pub async fn job_statuses(
    pace: &PaceClient,
    jobs: &[String],
) -> Result<(Vec<JobStatusRow>, u64), PaceError> {
    let (rows, calls) = load_for_jobs(pace, jobs, |filter| {
        ValueObjectDescriptor::new("Job", filter)
            .field("job", "@job")
            .field("adminStatus", "@adminStatus")
            .field("openJob", "adminStatus/@openJob")
    })
    .await?;
    Ok((rows.iter().filter_map(job_status_row).collect(), calls))
}

/// The shipments of `jobs` that have a tracking number, and how many Pace calls it took.
pub async fn tracked_shipments(
    pace: &PaceClient,
    jobs: &[String],
) -> Result<(Vec<TrackedShipment>, u64), PaceError> {
    let (rows, calls) = load_for_jobs(pace, jobs, |filter| {
        ValueObjectDescriptor::new("JobShipment", filter.and(Filter::ne("@trackingNumber", "")))
            .field("job", "@job")
            .field("trackingNumber", "@trackingNumber")
            .field("trackingLink", "@trackingLink")
            .field("date", "@date")
            .field("cost", "@cost")
            .field("address1", "@address1")
            .field("zip", "@zip")
    })
    .await?;
    Ok((rows.iter().filter_map(tracked_shipment).collect(), calls))
}

/// Runs the query built by `descriptor` for each chunk of `jobs` (and each further page of a
/// chunk), returning every row and the number of calls made.
async fn load_for_jobs(
    pace: &PaceClient,
    jobs: &[String],
    descriptor: impl Fn(Filter) -> ValueObjectDescriptor,
) -> Result<(Vec<ValueObject>, u64), PaceError> {
    let mut rows = Vec::new();
    let mut calls = 0;
    for chunk in jobs.chunks(JOBS_PER_QUERY) {
        let filter = Filter::any(chunk.iter().map(|job| Filter::eq("@job", job)));
        let mut offset = 0;
        loop {
            let page = pace
                .load_value_objects(
                    &descriptor(filter.clone())
                        .offset(offset)
                        .limit(ROWS_PER_PAGE),
                )
                .await?;
            calls += 1;
            let full = page.len() >= ROWS_PER_PAGE as usize;
            rows.extend(page);
            if !full {
                break;
            }
            offset += ROWS_PER_PAGE;
        }
    }
    Ok((rows, calls))
}

/// A Job row; `None` when it names no job.
fn job_status_row(row: &ValueObject) -> Option<JobStatusRow> {
    let job = text(row, "job").or_else(|| non_empty(&row.primary_key))?;
    Some(JobStatusRow {
        job,
        admin_status: text(row, "adminStatus").unwrap_or_default(),
        open: row.get("openJob").and_then(bool::from_wire).unwrap_or(true),
    })
}

/// A JobShipment row; `None` when it names no job or has no tracking number after all.
fn tracked_shipment(row: &ValueObject) -> Option<TrackedShipment> {
    Some(TrackedShipment {
        id: non_empty(&row.primary_key)?,
        job: text(row, "job")?,
        tracking_number: text(row, "trackingNumber")?,
        tracking_link: text(row, "trackingLink").unwrap_or_default(),
        ship_date: row
            .get("date")
            .and_then(PaceDate::from_wire)
            .map(|date| nearest_midnight(date.instant())),
        cost: row
            .get("cost")
            .and_then(|cost| Decimal::from_str(cost.trim()).ok())
            .unwrap_or_default(),
        address1: text(row, "address1").unwrap_or_default(),
        zip: text(row, "zip").unwrap_or_default(),
    })
}

/// The calendar date of a Pace date field without knowing the Pace server's zone: Pace stores
/// a date as midnight in its own zone expressed in UTC (reference §1.5), which is within 12
/// hours of UTC midnight of that date for every zone, so the nearest UTC midnight is the date.
fn nearest_midnight(instant: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    (instant + Duration::hours(12)).date_naive()
}

/// The trimmed text of field `name`, `None` when missing or blank.
fn text(row: &ValueObject, name: &str) -> Option<String> {
    row.get(name).and_then(non_empty)
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn row(key: &str, fields: &[(&str, Option<&str>)]) -> ValueObject {
        ValueObject {
            primary_key: key.to_owned(),
            fields: fields
                .iter()
                .map(|(n, v)| ((*n).to_owned(), v.map(str::to_owned)))
                .collect(),
        }
    }

    #[test]
    fn a_job_row_reads_status_and_openness() {
        let closed = row(
            "10001",
            &[
                ("job", Some("10001")),
                ("adminStatus", Some("C")),
                ("openJob", Some("false")),
            ],
        );
        assert_eq!(
            job_status_row(&closed),
            Some(JobStatusRow {
                job: "10001".into(),
                admin_status: "C".into(),
                open: false
            })
        );
        let silent = row(
            "10002",
            &[("job", None), ("adminStatus", Some("O")), ("openJob", None)],
        );
        let silent = job_status_row(&silent).unwrap();
        assert_eq!(silent.job, "10002", "falls back to the primary key");
        assert!(
            silent.open,
            "a status that says nothing keeps the job watched"
        );
        assert_eq!(job_status_row(&row("", &[])), None);
    }

    #[test]
    fn a_shipment_row_needs_a_tracking_number_and_reads_date_and_cost() {
        let shipment = row(
            "17",
            &[
                ("job", Some("10001")),
                ("trackingNumber", Some(" 1Z999 ")),
                ("trackingLink", None),
                ("date", Some("2026-11-20T05:00:00.000Z")),
                ("cost", Some("12.5")),
                ("address1", Some("1 Main St")),
                ("zip", Some("60601")),
            ],
        );
        let parsed = tracked_shipment(&shipment).unwrap();
        assert_eq!(parsed.tracking_number, "1Z999");
        assert_eq!(parsed.ship_date, NaiveDate::from_ymd_opt(2026, 11, 20));
        assert_eq!(parsed.cost, Decimal::new(125, 1));
        let untracked = row(
            "18",
            &[("job", Some("10001")), ("trackingNumber", Some(""))],
        );
        assert_eq!(tracked_shipment(&untracked), None);
    }

    #[test]
    fn a_pace_date_is_the_nearest_utc_midnight_for_zones_east_and_west() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        // US-Eastern midnight, UTC midnight, Central European midnight (the evening before).
        for instant in [
            Utc.with_ymd_and_hms(2026, 11, 20, 5, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 19, 23, 0, 0).unwrap(),
        ] {
            assert_eq!(nearest_midnight(instant), day, "{instant}");
        }
    }
}

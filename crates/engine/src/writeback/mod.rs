//! Write-back to Pressero once an order is in Pace: each synced item's `MisId` becomes its Pace
//! job number, and (when configured) the item moves to the after-sync workflow stage of its own
//! workflow (its `WorkflowId` as the order was read from Pressero's search rows; only an item
//! without one makes the client look it up in the rows again).
//!
//! Each write is journaled like a Pace step (`item <n> mis-id`, `item <n> stage`), so a retry
//! after a Pressero failure repeats only what did not succeed, and never redoes Pace work.

use std::collections::BTreeMap;

use pressero::PresseroClient;
use pressero::order::Order;

use crate::apply::ApplyError;
use crate::apply::journal::{mis_id_step_name, stage_step_name};
use crate::apply::run::Run;
use crate::plan::JobOverview;

/// The `MisId` of each synced item, by item number: the number of the Pace job holding its part
/// (with One job per order item, an item with several files has several jobs: their numbers
/// are joined with `, `).
pub fn item_mis_ids(
    jobs: &[JobOverview],
    job_numbers: &BTreeMap<String, String>,
) -> BTreeMap<u32, String> {
    let mut numbers: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for job in jobs {
        let Some(number) = job_numbers.get(&job.reference) else {
            continue;
        };
        for item in &job.item_numbers {
            numbers.entry(*item).or_default().push(number);
        }
    }
    numbers
        .into_iter()
        .map(|(item, jobs)| (item, jobs.join(", ")))
        .collect()
}

impl Run<'_> {
    /// Writes each item's `MisId`, then its workflow stage when `stage` is set, in the item's
    /// workflow as `read` (the order the plan was made from) has it.
    pub(crate) async fn write_back(
        &mut self,
        pressero: &PresseroClient,
        stage: Option<&str>,
        read: &Order,
    ) -> Result<(), ApplyError> {
        let order = self.order;
        let mis_ids = item_mis_ids(&self.plan.jobs, &self.report.job_numbers);
        for (item, mis_id) in &mis_ids {
            let name = mis_id_step_name(*item);
            self.pressero_step(
                &name,
                mis_id,
                pressero.set_item_mis_id(order, *item, mis_id),
            )
            .await?;
        }
        let Some(stage) = stage.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(());
        };
        for item in mis_ids.keys() {
            let name = stage_step_name(*item);
            let workflow = read
                .items
                .iter()
                .find(|i| i.item_number == *item)
                .map(|i| i.workflow_id.as_str())
                .filter(|id| !id.is_empty());
            let call = async {
                match workflow {
                    Some(workflow) => {
                        pressero
                            .set_item_stage_in_workflow(order, *item, workflow, stage, None)
                            .await
                    }
                    None => pressero.set_item_stage(order, *item, stage, None).await,
                }
            };
            self.pressero_step(&name, stage, call).await?;
        }
        Ok(())
    }

    /// One journaled Pressero write of `value`, skipped when done before.
    async fn pressero_step(
        &mut self,
        name: &str,
        value: &str,
        call: impl Future<Output = Result<(), pressero::PresseroError>>,
    ) -> Result<(), ApplyError> {
        if self.done_before(name).is_some() {
            return Ok(());
        }
        let entry = self.begin(name, "write back")?;
        if let Err(source) = call.await {
            if let Err(journal) = self.journal.failed(entry, &source.to_string()) {
                tracing::warn!(order = self.order, step = name, %journal, "could not record a failed write-back");
            }
            return Err(ApplyError::Pressero {
                order: self.order,
                step: name.to_owned(),
                source: Box::new(source),
            });
        }
        self.done(entry, name, value)?;
        self.report.written_back.push(name.to_owned());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(reference: &str, items: &[u32]) -> JobOverview {
        JobOverview {
            reference: reference.into(),
            description: String::new(),
            po_number: String::new(),
            promise_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            price: rust_decimal::Decimal::ZERO,
            parts: items.len(),
            shipments: 1,
            item_numbers: items.to_vec(),
        }
    }

    #[test]
    fn each_item_gets_the_numbers_of_the_jobs_holding_it() {
        let jobs = [job("job#1", &[1]), job("job#2", &[1]), job("job#3", &[2])];
        let numbers = BTreeMap::from([
            ("job#1".to_owned(), "10001".to_owned()),
            ("job#2".to_owned(), "10002".to_owned()),
        ]);
        assert_eq!(
            item_mis_ids(&jobs, &numbers),
            BTreeMap::from([(1, "10001, 10002".to_owned())]),
            "item 2's job is not in Pace yet: nothing to write for it"
        );
    }
}

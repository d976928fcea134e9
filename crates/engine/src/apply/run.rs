//! One apply of one order's plan: the plan's Pace steps in order, each journaled before and
//! after its call, skipped when done, looked up in Pace when interrupted.

use std::collections::{BTreeMap, BTreeSet};

use chrono_tz::Tz;
use pace::PaceError;

use super::calls::CountedPace;
use super::error::ApplyError;
use super::identity;
use super::ignored::ignored_fields;
use super::journal::{EntryId, Interrupted, OpenCreation, StepJournal, step_name};
use super::links::{self, AUTO_CREATED_PART, Keys};
use super::report::ApplyReport;
use crate::plan::{OrderPlan, PaceObject, PlanStep, StepAction, fields};
use crate::worker::locks::creation_key;

/// What the journal holds for an override step that was not needed.
const KEPT_AS_SENT: &str = "(template kept every field as sent)";

/// The state of one apply: the journal as it was at the start, the keys known so far, and
/// what was done.
pub(crate) struct Run<'a> {
    pub order: u64,
    pub plan: &'a OrderPlan,
    pub pace: &'a CountedPace<'a>,
    pub journal: &'a dyn StepJournal,
    pub time_zone: Tz,
    pub in_flight_for: chrono::Duration,
    pub completed: BTreeMap<String, String>,
    pub interrupted: BTreeMap<String, Interrupted>,
    pub keys: Keys,
    pub report: ApplyReport,
    /// Objects whose create reply already held every field their override step would send
    /// again: Pace's template changed none of them, so the override is not needed.
    pub kept_as_sent: BTreeSet<String>,
}

impl<'a> Run<'a> {
    pub(crate) fn start(
        plan: &'a OrderPlan,
        pace: &'a CountedPace<'a>,
        journal: &'a dyn StepJournal,
        options: &super::ApplyOptions,
    ) -> Result<Self, ApplyError> {
        let order = plan.order_number;
        let journal_error = |source| ApplyError::Journal {
            order,
            step: "(reading the journal)".to_owned(),
            source,
        };
        Ok(Run {
            order,
            plan,
            pace,
            journal,
            time_zone: options.time_zone,
            in_flight_for: options.in_flight_for,
            completed: journal.completed_keys(order).map_err(journal_error)?,
            interrupted: journal.interrupted_steps(order).map_err(journal_error)?,
            keys: Keys::default(),
            report: ApplyReport {
                order_number: order,
                ..ApplyReport::default()
            },
            kept_as_sent: BTreeSet::new(),
        })
    }

    /// Runs every step of the plan, in plan order (none while another order's create of what
    /// it creates may still be in flight).
    pub(crate) async fn plan_steps(&mut self) -> Result<(), ApplyError> {
        self.wait_for_creations_elsewhere()?;
        for step in &self.plan.steps {
            match &step.action {
                StepAction::UseExisting { key } => self.keys.insert(&step.reference, key),
                StepAction::Create => self.create(step).await?,
                StepAction::UpdateAutoCreated { created_by } => {
                    let parent = self.key_of(step, created_by)?;
                    let key = format!("{parent}:{AUTO_CREATED_PART}");
                    self.keys.insert(&step.reference, &key);
                    self.update(step, &key).await?;
                }
                StepAction::OverrideTemplateDefaults => {
                    if !self.created_with_template(step) {
                        self.report.overrides_skipped.push(step.reference.clone());
                    } else if self.kept_as_sent.contains(&step.reference) {
                        self.override_not_needed(step)?;
                    } else {
                        let key = self.key_of(step, &step.reference)?;
                        self.update(step, &key).await?;
                    }
                }
            }
        }
        for job in &self.plan.jobs {
            if let Some(number) = self.keys.get(&job.reference) {
                self.report
                    .job_numbers
                    .insert(job.reference.clone(), number.to_owned());
            }
        }
        Ok(())
    }

    /// Refuses to write anything while another order's create of a customer or contact this
    /// plan still has to create (same creation key) is begun, unanswered, and may still commit:
    /// the creation locks keep apart only orders syncing at the same time, and a create whose
    /// caller stopped waiting (a timeout, a kill) is committed by Pace later. The attempt ends
    /// as transient until that write has settled; the next one plans again and finds in Pace
    /// what it saved.
    fn wait_for_creations_elsewhere(&self) -> Result<(), ApplyError> {
        let customer = &self.plan.customer.id;
        let steps: BTreeMap<String, String> = self
            .plan
            .steps
            .iter()
            .filter(|step| !self.completed.contains_key(&step_name(step)))
            .filter_map(|step| Some((creation_key(customer, step)?, step_name(step))))
            .collect();
        if steps.is_empty() {
            return Ok(());
        }
        let keys = steps.keys().cloned().collect();
        let open = self
            .journal
            .open_creations(&keys, self.order)
            .map_err(|source| self.journal_error("(reading the journal)", source))?;
        let now = chrono::Utc::now();
        let in_flight = open
            .into_iter()
            .map(|creation| (creation.sent_at + self.in_flight_for, creation))
            .filter(|(settled_at, _)| *settled_at > now)
            .max_by_key(|(settled_at, _)| *settled_at);
        let Some((
            settled_at,
            OpenCreation {
                order,
                step,
                key,
                sent_at,
            },
        )) = in_flight
        else {
            return Ok(());
        };
        tracing::info!(
            order = self.order,
            other_order = order,
            other_step = step,
            key,
            "another order's create of the same object may still be in flight: waiting"
        );
        Err(ApplyError::AnotherOrderMayStillBeCreating {
            order: self.order,
            step: steps.get(&key).cloned().unwrap_or_default(),
            other_order: order,
            what: creation_in_words(&key),
            sent_at,
            settled_at,
        })
    }

    /// Pace applies an item template's defaults over the fields of a create (fixtures/pace
    /// README, spec steps 4–5), so the override step is needed only when the create sent
    /// `itemTemplate`. Without a template, Pace keeps every field sent on the create and the
    /// update would change nothing: it is skipped, saving a call.
    fn created_with_template(&self, step: &PlanStep) -> bool {
        let template_field = match step.object {
            PaceObject::Job => fields::job::ITEM_TEMPLATE,
            PaceObject::JobPart => fields::job_part::ITEM_TEMPLATE,
            _ => return true,
        };
        self.plan
            .steps
            .iter()
            .filter(|s| s.reference == step.reference && s.action == StepAction::Create)
            .any(|s| s.field(template_field).is_some())
    }

    /// Journals `step` (an override) as done without a Pace call: the create's reply showed
    /// Pace kept every field it would send again (spec steps 4–5 ask that Pace hold the
    /// order's values; it already does), so a re-run skips it too.
    fn override_not_needed(&mut self, step: &PlanStep) -> Result<(), ApplyError> {
        let name = step_name(step);
        if self.done_before(&name).is_some() {
            return Ok(());
        }
        let entry = self.begin(&name, "update")?;
        self.done(entry, &name, KEPT_AS_SENT)?;
        self.report.overrides_skipped.push(step.reference.clone());
        Ok(())
    }

    /// The key of `reference`, needed by `step`.
    fn key_of(&self, step: &PlanStep, reference: &str) -> Result<String, ApplyError> {
        self.keys
            .get(reference)
            .map(str::to_owned)
            .ok_or_else(|| ApplyError::MissingLink {
                order: self.order,
                step: step.reference.clone(),
                object: step.object.type_name().to_owned(),
                field: "(its key)".to_owned(),
                reference: reference.to_owned(),
            })
    }

    /// The keys of `kind` that steps of this plan already hold.
    fn claimed(&self, kind: PaceObject) -> BTreeSet<String> {
        self.plan
            .steps
            .iter()
            .filter(|s| s.object == kind)
            .filter_map(|s| self.keys.get(&s.reference))
            .map(str::to_owned)
            .collect()
    }

    /// The key recorded for a completed step, noting the skip.
    pub(crate) fn done_before(&mut self, name: &str) -> Option<String> {
        let key = self.completed.get(name).cloned()?;
        self.report.already_done.push(name.to_owned());
        Some(key)
    }

    async fn create(&mut self, step: &PlanStep) -> Result<(), ApplyError> {
        let name = step_name(step);
        if let Some(key) = self.done_before(&name) {
            self.keys.insert(&step.reference, &key);
            return Ok(());
        }
        let object = links::pace_object(self.order, step, &self.keys, self.time_zone)?;
        let claimed = self.claimed(step.object);
        let key = match self.adopted(&name, &object, &claimed).await? {
            Some(key) => key,
            None => {
                let key = creation_key(&self.plan.customer.id, step);
                let entry = self.begin_creation(&name, "create", key.as_deref())?;
                let pace = self.pace;
                let (outcome, reply) = match pace.create(&object).await {
                    Ok(reply) => (Ok(links::key_in_reply(step.object, &reply)), Some(reply)),
                    Err(error) => (Err(error), None),
                };
                let key = self.created(entry, &name, step.object.type_name(), outcome)?;
                if let Some(reply) = reply {
                    let overridden = self.overridden_later(step);
                    let changed = ignored_fields(step, &object, &reply, &key, self.time_zone, &[]);
                    if !overridden.is_empty()
                        && !changed
                            .iter()
                            .any(|f| overridden.contains(&f.field.as_str()))
                    {
                        self.kept_as_sent.insert(step.reference.clone());
                    }
                    self.notice_ignored(step, &object, &reply, &key, &overridden);
                }
                key
            }
        };
        self.keys.insert(&step.reference, &key);
        Ok(())
    }

    /// The fields of `step` (a create) that its override step sends again: template defaults
    /// Pace wrote over them are judged on that update's reply, not on the create's.
    fn overridden_later(&self, step: &PlanStep) -> Vec<&'a str> {
        let plan: &'a OrderPlan = self.plan;
        if !self.created_with_template(step) {
            return Vec::new();
        }
        plan.steps
            .iter()
            .filter(|s| {
                s.reference == step.reference && s.action == StepAction::OverrideTemplateDefaults
            })
            .flat_map(|s| s.fields.iter().map(|f| f.name.as_str()))
            .collect()
    }

    /// Compares what `step` sent with the object Pace stored (`reply`), recording each field Pace
    /// ignored once per object and field.
    fn notice_ignored(
        &mut self,
        step: &PlanStep,
        sent: &pace::PaceObject,
        reply: &pace::PaceObject,
        key: &str,
        skip: &[&str],
    ) {
        for field in ignored_fields(step, sent, reply, key, self.time_zone, skip) {
            let known = self.report.ignored.iter().any(|seen| {
                seen.object == field.object && seen.key == field.key && seen.field == field.field
            });
            if !known {
                tracing::warn!(order = self.order, "{}", field.message());
                self.report.ignored.push(field);
            }
        }
    }

    async fn update(&mut self, step: &PlanStep, key: &str) -> Result<(), ApplyError> {
        let name = step_name(step);
        if self.done_before(&name).is_some() {
            return Ok(());
        }
        let object = links::pace_object(self.order, step, &self.keys, self.time_zone)?;
        let object = links::with_key(object, step.object, key);
        let entry = self.begin(&name, "update")?;
        let reply = match self.pace.update(&object).await {
            Ok(reply) => reply,
            Err(error) => return Err(self.failed(entry, &name, step.object.type_name(), error)),
        };
        self.done(entry, &name, key)?;
        self.report.updated.push(name);
        self.notice_ignored(step, &object, &reply, key, &[]);
        Ok(())
    }

    /// After an interruption of step `name`, looks for `object` in Pace (ignoring `claimed`
    /// keys) and adopts it: returns its key, journaled as done.
    pub(crate) async fn adopted(
        &mut self,
        name: &str,
        object: &pace::PaceObject,
        claimed: &BTreeSet<String>,
    ) -> Result<Option<String>, ApplyError> {
        let Some(&Interrupted { entry, sent_at }) = self.interrupted.get(name) else {
            return Ok(None);
        };
        let settled_at = sent_at + self.in_flight_for;
        if chrono::Utc::now() < settled_at {
            // Pace may still be working on the write: a look-up now could miss what it is about
            // to commit, and the step would be written twice.
            return Err(ApplyError::MayStillBeInFlight {
                order: self.order,
                step: name.to_owned(),
                object: object.object_type.clone(),
                sent_at,
                settled_at,
            });
        }
        let found = identity::find_existing(self.pace, object, claimed)
            .await
            .map_err(|source| self.pace_error(name, &object.object_type, source))?;
        let Some(key) = found else {
            return Ok(None);
        };
        tracing::info!(
            order = self.order,
            step = name,
            key,
            "found in Pace after an interrupted step: adopted"
        );
        self.interrupted.remove(name);
        self.done(entry, name, &key)?;
        self.report.adopted.insert(name.to_owned(), key.clone());
        Ok(Some(key))
    }

    /// Finishes the entry of a create-like write with the key of its `outcome`.
    pub(crate) fn created(
        &mut self,
        entry: EntryId,
        name: &str,
        object_type: &str,
        outcome: Result<Option<String>, PaceError>,
    ) -> Result<String, ApplyError> {
        let key = match outcome {
            Ok(Some(key)) => key,
            Ok(None) => {
                return Err(ApplyError::NoKeyInReply {
                    order: self.order,
                    step: name.to_owned(),
                    object: object_type.to_owned(),
                });
            }
            Err(error) => return Err(self.failed(entry, name, object_type, error)),
        };
        self.done(entry, name, &key)?;
        self.report.created.insert(name.to_owned(), key.clone());
        Ok(key)
    }

    /// The journal entry for doing step `name` now: its interrupted entry when there is one
    /// (the look-up found nothing, so the step is done again under it), else a new one.
    pub(crate) fn begin(&mut self, name: &str, action: &str) -> Result<EntryId, ApplyError> {
        self.begin_creation(name, action, None)
    }

    /// [`Run::begin`] for a step with a creation key (a new customer or contact another order
    /// might create too: [`creation_key`]).
    fn begin_creation(
        &mut self,
        name: &str,
        action: &str,
        creation_key: Option<&str>,
    ) -> Result<EntryId, ApplyError> {
        if let Some(Interrupted { entry, .. }) = self.interrupted.remove(name) {
            self.journal
                .resent(entry)
                .map_err(|source| self.journal_error(name, source))?;
            return Ok(entry);
        }
        self.journal
            .begin(self.order, name, action, creation_key)
            .map_err(|source| self.journal_error(name, source))
    }

    pub(crate) fn done(&self, entry: EntryId, name: &str, key: &str) -> Result<(), ApplyError> {
        self.journal
            .done(entry, key)
            .map_err(|source| self.journal_error(name, source))
    }

    pub(crate) fn journal_error(
        &self,
        name: &str,
        source: super::journal::JournalError,
    ) -> ApplyError {
        ApplyError::Journal {
            order: self.order,
            step: name.to_owned(),
            source,
        }
    }

    fn pace_error(&self, name: &str, object_type: &str, source: PaceError) -> ApplyError {
        ApplyError::Pace {
            order: self.order,
            step: name.to_owned(),
            object: object_type.to_owned(),
            source: Box::new(source),
        }
    }

    /// Records a failed call and returns its error. When Pace may have done the write anyway
    /// (the connection closed or timed out after sending), the entry stays begun: the step is
    /// interrupted, and the next apply looks in Pace before writing again.
    pub(crate) fn failed(
        &self,
        entry: EntryId,
        name: &str,
        object_type: &str,
        source: PaceError,
    ) -> ApplyError {
        if !source.outcome_unknown()
            && let Err(journal) = self.journal.failed(entry, &source.to_string())
        {
            tracing::warn!(order = self.order, step = name, %journal, "could not record a failed step");
        }
        self.pace_error(name, object_type, source)
    }
}

/// A creation key in words: `contact:dock@acme.example` → `contact dock@acme.example`.
fn creation_in_words(key: &str) -> String {
    match key.split_once(':') {
        Some(("contact-of", customer)) => format!("new contact of customer {customer}"),
        Some((object, what)) => format!("{object} {what}"),
        None => key.to_owned(),
    }
}

//! Production files: each file of the plan reaches its Pace job, attached through the
//! AttachmentService under its planned name, or (above the configured size) listed with its link
//! in one job note per job. Journaled like any step: a file attached twice is a duplicate.

use std::collections::BTreeSet;

use pace::Attachment;
use pressero::PresseroClient;
use pressero::order::ProductionFile;

use super::error::ApplyError;
use super::journal::{file_links_step_name, file_step_name};
use super::run::Run;
use crate::plan::FileTarget;

/// The `noteSummary` of the job note that lists the files too large to attach; also how an
/// interrupted note is found again.
pub const FILE_LINKS_NOTE_SUMMARY: &str = "Production files (links)";

impl Run<'_> {
    /// Delivers every production file of the plan to its job (the jobs exist by now).
    pub(crate) async fn production_files(
        &mut self,
        pressero: &PresseroClient,
        attach_up_to_bytes: u64,
    ) -> Result<(), ApplyError> {
        let plan = self.plan;
        for job in &plan.jobs {
            let files: Vec<&FileTarget> = plan
                .files
                .iter()
                .filter(|f| f.job == job.reference)
                .collect();
            if files.is_empty() {
                continue;
            }
            let Some(job_number) = self.keys.get(&job.reference).map(str::to_owned) else {
                return Err(ApplyError::MissingLink {
                    order: self.order,
                    step: file_links_step_name(&job.reference),
                    object: "FileAttachment".to_owned(),
                    field: "baseObjectKey".to_owned(),
                    reference: job.reference.clone(),
                });
            };
            let mut too_large = Vec::new();
            for file in files {
                let name = file_step_name(&file.job, file.item_number, file.file_number);
                if self.done_before(&name).is_some() {
                    continue;
                }
                if file
                    .size_bytes
                    .is_some_and(|size| size > attach_up_to_bytes)
                    || !self
                        .attach(pressero, &job_number, file, &name, attach_up_to_bytes)
                        .await?
                {
                    too_large.push(file);
                }
            }
            if !too_large.is_empty() {
                self.link_note(&job.reference, &job_number, &too_large, attach_up_to_bytes)
                    .await?;
            }
        }
        Ok(())
    }

    /// Attaches one file (after an interruption, adopts the attachment Pace already has);
    /// `false` when the download turns out larger than `attach_up_to_bytes`.
    async fn attach(
        &mut self,
        pressero: &PresseroClient,
        job_number: &str,
        file: &FileTarget,
        name: &str,
        attach_up_to_bytes: u64,
    ) -> Result<bool, ApplyError> {
        let lookup = pace::PaceObject::new("FileAttachment")
            .with("baseObject", "Job".to_owned())
            .with("baseObjectKey", job_number.to_owned())
            .with("name", file.target_name.clone());
        // Attachments of this order's other files (two items may share a file name).
        let claimed: BTreeSet<String> = self
            .plan
            .files
            .iter()
            .map(|f| file_step_name(&f.job, f.item_number, f.file_number))
            .filter_map(|step| {
                self.completed
                    .get(&step)
                    .or_else(|| self.report.created.get(&step))
            })
            .cloned()
            .collect();
        if self.adopted(name, &lookup, &claimed).await?.is_some() {
            return Ok(true);
        }
        let content = pressero
            .download_file(&production_file(file))
            .await
            .map_err(|source| ApplyError::Pressero {
                order: self.order,
                step: name.to_owned(),
                source: Box::new(source),
            })?;
        if content.len() as u64 > attach_up_to_bytes {
            return Ok(false);
        }
        let extension = file
            .target_name
            .rsplit_once('.')
            .map(|(_, extension)| extension.to_ascii_lowercase())
            .unwrap_or_default();
        let attachment = Attachment {
            name: file.target_name.clone(),
            content,
            mime_type: mime_type(&extension).to_owned(),
            file_extension: extension,
        };
        let entry = self.begin(name, "attach")?;
        let pace = self.pace;
        let outcome = pace
            .add_attachment("Job", job_number, &attachment)
            .await
            .map(Some);
        self.created(entry, name, "FileAttachment", outcome)?;
        self.report.files_attached.push(file.target_name.clone());
        Ok(true)
    }

    /// One job note listing the files too large to attach, then each of those files marked done
    /// with the note's key.
    async fn link_note(
        &mut self,
        job: &str,
        job_number: &str,
        files: &[&FileTarget],
        attach_up_to_bytes: u64,
    ) -> Result<(), ApplyError> {
        let note_step = file_links_step_name(job);
        let key = match self.done_before(&note_step) {
            Some(key) => key,
            None => {
                let mut text = format!(
                    "Production files larger than {} MB, not attached; download them from Pressero:",
                    attach_up_to_bytes / (1024 * 1024)
                );
                for file in files {
                    text.push_str(&format!("\n{}: {}", file.target_name, file.url));
                }
                let note = pace::PaceObject::new("JobNote")
                    .with("job", job_number.to_owned())
                    .with("noteSummary", FILE_LINKS_NOTE_SUMMARY.to_owned())
                    .with("note", text);
                let key = match self.adopted(&note_step, &note, &BTreeSet::new()).await? {
                    Some(key) => key,
                    None => {
                        let entry = self.begin(&note_step, "create")?;
                        let pace = self.pace;
                        let outcome = pace
                            .create(&note)
                            .await
                            .map(|reply| reply.text("id").map(str::to_owned));
                        self.created(entry, &note_step, "JobNote", outcome)?
                    }
                };
                self.report
                    .files_linked
                    .extend(files.iter().map(|f| f.target_name.clone()));
                key
            }
        };
        for file in files {
            let name = file_step_name(&file.job, file.item_number, file.file_number);
            let entry = self.begin(&name, "link")?;
            self.done(entry, &name, &format!("JobNote {key}"))?;
        }
        Ok(())
    }
}

/// The Pressero file of a plan's file target.
fn production_file(file: &FileTarget) -> ProductionFile {
    ProductionFile {
        file_id: file.file_id.clone(),
        file_name: file.original_name.clone(),
        url: file.url.clone(),
        size_bytes: file.size_bytes,
    }
}

/// The MIME type Pace records for a file extension.
fn mime_type(extension: &str) -> &'static str {
    match extension {
        "pdf" => "application/pdf",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "tif" | "tiff" => "image/tiff",
        "eps" | "ai" | "ps" => "application/postscript",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

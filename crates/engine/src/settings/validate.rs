//! Checking settings before they are saved or used: every problem is listed at once, each with
//! the field path (`mapping.accounts[2].priority`) and what is wrong in a shop manager's words.

use super::{
    DescriptionTemplate, PoFallback, Settings, is_valid_email, same_name, split_email_list,
};
use crate::rules::MappingRules;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One thing wrong with the settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsProblem {
    /// Where: the field path, e.g. `jobs.promise_date_days` or `mapping.accounts[2].priority`.
    pub field: String,
    /// What is wrong and how to put it right.
    pub problem: String,
}

impl SettingsProblem {
    /// A problem with `field`.
    pub fn new(field: &str, problem: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for SettingsProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl Settings {
    /// Checks every setting; returns all problems found (an empty list is never returned as an
    /// error).
    pub fn validate(&self) -> Result<(), Vec<SettingsProblem>> {
        let mut problems = Vec::new();
        problems.extend(self.shop.zone().err());
        self.check_alerts(&mut problems);
        self.check_customers(&mut problems);
        self.check_jobs(&mut problems);
        self.check_holidays(&mut problems);
        self.check_sites(&mut problems);
        if let Err(rule_problems) = MappingRules::from_settings(&self.mapping) {
            problems.extend(rule_problems);
        }
        self.check_status_updates(&mut problems);
        self.check_connections(&mut problems);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    fn check_alerts(&self, problems: &mut Vec<SettingsProblem>) {
        for address in split_email_list(&self.alerts.emails) {
            if !is_valid_email(address) {
                problems.push(SettingsProblem::new(
                    "alerts.emails",
                    format!("\"{address}\" is not an e-mail address; separate addresses with ';'"),
                ));
            }
        }
        if self.alerts.digest_hour > 23 {
            problems.push(SettingsProblem::new(
                "alerts.digest_hour",
                format!(
                    "{} is not an hour of the day; give 0 to 23 (e.g. 7 for 7 in the morning)",
                    self.alerts.digest_hour
                ),
            ));
        }
        if self.alerts.failing_attempts_before_alert == 0 {
            problems.push(SettingsProblem::new(
                "alerts.failing_attempts_before_alert",
                "must be at least 1 (e.g. 5): the number of failed attempts before an order that keeps failing is reported",
            ));
        }
    }

    fn check_customers(&self, problems: &mut Vec<SettingsProblem>) {
        let customers = &self.customers;
        for (field, value) in [
            ("customers.csr", customers.csr),
            ("customers.sales_person", customers.sales_person),
            ("customers.sales_category", customers.sales_category),
            ("customers.taxable_code", customers.taxable_code),
        ] {
            check_pace_id(field, value, problems);
        }
        check_pace_id(
            "shipments.shipment_type_code",
            self.shipments.shipment_type_code,
            problems,
        );
        if customers.default_mis_id.trim() != customers.default_mis_id {
            problems.push(SettingsProblem::new(
                "customers.default_mis_id",
                "has spaces at the start or end; Pace customer ids have none",
            ));
        }
    }

    fn check_jobs(&self, problems: &mut Vec<SettingsProblem>) {
        check_job_type("jobs.job_type", self.jobs.job_type, problems);
        check_promise_days(
            "jobs.promise_date_days",
            self.jobs.promise_date_days,
            problems,
        );
        check_template(
            "jobs.description_template",
            &self.jobs.description_template,
            problems,
        );
        if let PoFallback::Fixed(text) = &self.jobs.po_fallback
            && text.trim().is_empty()
        {
            problems.push(SettingsProblem::new(
                "jobs.po_fallback",
                "the fixed PO number is blank; give one (e.g. 9999) or use the order number",
            ));
        }
    }

    fn check_holidays(&self, problems: &mut Vec<SettingsProblem>) {
        if let Err(holiday_problems) = self.holidays.parsed() {
            problems.extend(holiday_problems);
        }
    }

    fn check_sites(&self, problems: &mut Vec<SettingsProblem>) {
        for (index, site) in self.sites.iter().enumerate() {
            let path = format!("sites[{index}]");
            if site.site_name.trim().is_empty() {
                problems.push(SettingsProblem::new(
                    &format!("{path}.site_name"),
                    "is blank; give the Pressero site name these values are for",
                ));
            } else if let Some(first) = self.sites[..index]
                .iter()
                .position(|s| same_name(&s.site_name, &site.site_name))
            {
                problems.push(SettingsProblem::new(
                    &format!("{path}.site_name"),
                    format!(
                        "\"{}\" already has settings (sites[{first}]); keep one entry per site",
                        site.site_name.trim()
                    ),
                ));
            }
            check_job_type(&format!("{path}.job_type"), site.job_type, problems);
            check_promise_days(
                &format!("{path}.promise_date_days"),
                site.promise_date_days,
                problems,
            );
            check_template(
                &format!("{path}.job_description"),
                &site.job_description,
                problems,
            );
        }
    }

    fn check_status_updates(&self, problems: &mut Vec<SettingsProblem>) {
        for (index, stage) in self.status_updates.iter().enumerate() {
            let path = format!("status_updates[{index}]");
            if stage.pace_status.trim().is_empty() {
                problems.push(SettingsProblem::new(
                    &format!("{path}.pace_status"),
                    "is blank; give the Pace job status code",
                ));
            } else if self.status_updates[..index]
                .iter()
                .any(|s| s.pace_status.trim() == stage.pace_status.trim())
            {
                problems.push(SettingsProblem::new(
                    &format!("{path}.pace_status"),
                    format!(
                        "Pace status \"{}\" is mapped twice; keep one stage per status",
                        stage.pace_status.trim()
                    ),
                ));
            }
            if stage.pressero_stage.trim().is_empty() {
                problems.push(SettingsProblem::new(
                    &format!("{path}.pressero_stage"),
                    "is blank; give the Pressero workflow stage name",
                ));
            }
        }
    }

    fn check_connections(&self, problems: &mut Vec<SettingsProblem>) {
        check_url("pressero.admin_url", &self.pressero.admin_url, problems);
        check_url("pace.url", &self.pace.url, problems);
        if let Some(company) = &self.pace.company
            && (company.trim().is_empty() || company.contains(['/', ' ']))
        {
            problems.push(SettingsProblem::new(
                "pace.company",
                "must be the Pace company id (no spaces or '/'), or left out",
            ));
        }
        let job_link = self.pace.job_link.trim();
        if !job_link.is_empty() {
            if !job_link.contains("{job}") {
                problems.push(SettingsProblem::new(
                    "pace.job_link",
                    "must contain {job} where the job number goes, e.g. \
                     https://pace.example.com/epace/company:public/object/Job/detailView/{job}",
                ));
            } else {
                check_url("pace.job_link", job_link, problems);
            }
        }
        if !self.smtp.from.trim().is_empty() && !is_valid_email(self.smtp.from.trim()) {
            problems.push(SettingsProblem::new(
                "smtp.from",
                format!("\"{}\" is not an e-mail address", self.smtp.from.trim()),
            ));
        }
        if !self.alert_emails().is_empty() && self.smtp.host.trim().is_empty() {
            problems.push(SettingsProblem::new(
                "smtp.host",
                "is blank, so alert e-mails cannot be sent; give the mail server or clear the alert e-mails",
            ));
        }
        if self.smtp.port == 0 {
            problems.push(SettingsProblem::new(
                "smtp.port",
                "must be a port number (e.g. 587)",
            ));
        }
        if self.polling.interval_seconds < 10 {
            problems.push(SettingsProblem::new(
                "polling.interval_seconds",
                "must be at least 10 seconds, so Pressero is not flooded",
            ));
        }
        if !(1..=600).contains(&self.pace.request_timeout_seconds) {
            problems.push(SettingsProblem::new(
                "pace.request_timeout_seconds",
                "must be between 1 and 600 seconds (60 suits most Pace servers)",
            ));
        }
        if !(1..=16).contains(&self.polling.concurrency) {
            problems.push(SettingsProblem::new(
                "polling.concurrency",
                "must be between 1 and 16 orders at a time",
            ));
        }
        self.check_retries(problems);
    }

    fn check_retries(&self, problems: &mut Vec<SettingsProblem>) {
        let polling = &self.polling;
        if polling.first_poll_lookback_hours == 0 {
            problems.push(SettingsProblem::new(
                "polling.first_poll_lookback_hours",
                "must be at least 1 hour, or the first poll finds no order",
            ));
        }
        if polling.approval_watch_days == 0 {
            problems.push(SettingsProblem::new(
                "polling.approval_watch_days",
                "must be at least 1 day, or approvals after the order's first poll are missed",
            ));
        }
        if polling.retry_first_delay_seconds == 0 {
            problems.push(SettingsProblem::new(
                "polling.retry_first_delay_seconds",
                "must be at least 1 second, so a failing order does not hammer Pace or Pressero",
            ));
        }
        if polling.retry_max_delay_seconds < polling.retry_first_delay_seconds {
            problems.push(SettingsProblem::new(
                "polling.retry_max_delay_seconds",
                format!(
                    "must be at least the first retry delay ({} s)",
                    polling.retry_first_delay_seconds
                ),
            ));
        }
        if polling.retry_give_up_hours == 0 {
            problems.push(SettingsProblem::new(
                "polling.retry_give_up_hours",
                "must be at least 1 hour, or a short outage would stop orders for good",
            ));
        }
    }
}

fn check_pace_id(field: &str, value: Option<i64>, problems: &mut Vec<SettingsProblem>) {
    if let Some(id) = value
        && id <= 0
    {
        problems.push(SettingsProblem::new(
            field,
            format!("{id} is not a Pace id; Pace ids are whole numbers from 1 up"),
        ));
    }
}

fn check_job_type(field: &str, value: Option<i64>, problems: &mut Vec<SettingsProblem>) {
    if let Some(job_type) = value
        && job_type <= 0
    {
        problems.push(SettingsProblem::new(
            field,
            format!("{job_type} is not a Pace job type; leave it blank for 1 (Printing)"),
        ));
    }
}

fn check_promise_days(field: &str, value: Option<i64>, problems: &mut Vec<SettingsProblem>) {
    match value {
        Some(days) if days < 0 => problems.push(SettingsProblem::new(
            field,
            format!("{days} days is negative; give 0 or more days (blank means 3)"),
        )),
        Some(days) if days > 365 => problems.push(SettingsProblem::new(
            field,
            format!("{days} days is more than a year; give at most 365"),
        )),
        _ => {}
    }
}

fn check_template(field: &str, text: &str, problems: &mut Vec<SettingsProblem>) {
    if let Err(problem) = DescriptionTemplate::parse(text.trim()) {
        problems.push(SettingsProblem::new(field, problem.to_string()));
    }
}

fn check_url(field: &str, url: &str, problems: &mut Vec<SettingsProblem>) {
    let url = url.trim();
    if url.is_empty() {
        return;
    }
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .map(|rest| rest.split(['/', ':']).next().unwrap_or_default());
    match host {
        Some(host) if !host.is_empty() && !host.contains(' ') => {}
        _ => problems.push(SettingsProblem::new(
            field,
            format!("\"{url}\" is not a web address; write it like https://server.example.com"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{SiteOverride, StatusStage};
    use super::*;
    use pretty_assertions::assert_eq;

    fn problem_with(change: impl FnOnce(&mut Settings)) -> SettingsProblem {
        let mut settings = Settings::default();
        change(&mut settings);
        let mut problems = settings.validate().unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        problems.remove(0)
    }

    #[test]
    fn default_settings_are_valid() {
        assert_eq!(Settings::default().validate(), Ok(()));
    }

    #[test]
    fn error_time_zone_that_is_only_a_city() {
        let problem = problem_with(|s| s.shop.time_zone = "Chicago".into());
        assert_eq!(
            problem.to_string(),
            "shop.time_zone: 'Chicago' is not a time zone name; use e.g. America/Chicago"
        );
    }

    #[test]
    fn error_malformed_alert_email() {
        let problem = problem_with(|s| {
            s.alerts.emails = "ops@shop.com; not-an-address".into();
            s.smtp.host = "smtp.shop.com".into();
        });
        assert_eq!(problem.field, "alerts.emails");
        assert!(problem.problem.contains("\"not-an-address\""), "{problem}");
    }

    #[test]
    fn error_digest_hour_past_23() {
        let problem = problem_with(|s| s.alerts.digest_hour = 24);
        assert_eq!(problem.field, "alerts.digest_hour");
        assert!(problem.problem.contains("24"), "{problem}");
    }

    #[test]
    fn error_zero_failing_attempts_before_alert() {
        let problem = problem_with(|s| s.alerts.failing_attempts_before_alert = 0);
        assert_eq!(problem.field, "alerts.failing_attempts_before_alert");
    }

    #[test]
    fn error_alert_emails_without_a_mail_server() {
        let problem = problem_with(|s| s.alerts.emails = "ops@shop.com".into());
        assert_eq!(problem.field, "smtp.host");
    }

    #[test]
    fn error_bad_date_in_the_holiday_list() {
        let problem = problem_with(|s| s.holidays.custom = "2021-10-28|2022-02-30".into());
        assert_eq!(problem.field, "holidays.custom");
        assert!(problem.problem.contains("2022-02-30"), "{problem}");
    }

    #[test]
    fn error_unknown_state() {
        let problem = problem_with(|s| s.holidays.state = "Texxas".into());
        assert_eq!(problem.field, "holidays.state");
        assert!(problem.problem.contains("Texxas"), "{problem}");
    }

    #[test]
    fn state_by_code_or_name_is_accepted() {
        for state in ["TX", "Texas", " tx "] {
            let settings = Settings {
                holidays: super::super::HolidaySettings {
                    state: state.into(),
                    ..Default::default()
                },
                ..Settings::default()
            };
            assert_eq!(settings.validate(), Ok(()), "{state}");
        }
    }

    #[test]
    fn error_negative_promise_date_count() {
        let problem = problem_with(|s| s.jobs.promise_date_days = Some(-2));
        assert_eq!(problem.field, "jobs.promise_date_days");
        assert!(problem.problem.contains("negative"), "{problem}");
    }

    #[test]
    fn error_promise_date_count_over_a_year() {
        let problem = problem_with(|s| s.jobs.promise_date_days = Some(400));
        assert_eq!(problem.field, "jobs.promise_date_days");
    }

    #[test]
    fn error_job_type_not_positive() {
        let problem = problem_with(|s| s.jobs.job_type = Some(0));
        assert_eq!(problem.field, "jobs.job_type");
    }

    #[test]
    fn error_template_with_unknown_variable() {
        let problem =
            problem_with(|s| s.jobs.description_template = "{OrderNumber}-{Customer}".into());
        assert_eq!(problem.field, "jobs.description_template");
        assert!(problem.problem.contains("{Customer}"), "{problem}");
    }

    #[test]
    fn error_blank_fixed_po_number() {
        let problem = problem_with(|s| s.jobs.po_fallback = PoFallback::Fixed(" ".into()));
        assert_eq!(problem.field, "jobs.po_fallback");
    }

    #[test]
    fn error_pace_id_not_positive() {
        let problem = problem_with(|s| s.customers.sales_person = Some(-1));
        assert_eq!(problem.field, "customers.sales_person");
    }

    #[test]
    fn error_shipment_type_code_not_positive() {
        let problem = problem_with(|s| s.shipments.shipment_type_code = Some(0));
        assert_eq!(problem.field, "shipments.shipment_type_code");
    }

    #[test]
    fn error_default_mis_id_with_spaces() {
        let problem = problem_with(|s| s.customers.default_mis_id = " HOUSE".into());
        assert_eq!(problem.field, "customers.default_mis_id");
    }

    #[test]
    fn error_two_overrides_for_the_same_site_and_bad_site_values() {
        let settings = Settings {
            sites: vec![
                SiteOverride {
                    site_name: "Acme".into(),
                    ..Default::default()
                },
                SiteOverride {
                    site_name: " ACME ".into(),
                    promise_date_days: Some(-1),
                    job_type: Some(-3),
                    job_description: "{Nope}".into(),
                },
                SiteOverride::default(),
            ],
            ..Settings::default()
        };
        let fields: Vec<String> = settings
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                "sites[1].site_name",
                "sites[1].job_type",
                "sites[1].promise_date_days",
                "sites[1].job_description",
                "sites[2].site_name",
            ]
        );
    }

    #[test]
    fn error_rules_are_reported_with_their_paths() {
        let problem = problem_with(|s| {
            s.mapping.accounts =
                r#"[{"rule_type":"ShipmentAddressMapping","priority":1,"ship_via":"3"}]"#.into()
        });
        assert_eq!(problem.field, "mapping.accounts[0].source_address");
        let problem = problem_with(|s| {
            s.mapping.site_mapping = r#"[{"siteName":"A"},{"siteName":"A"}]"#.into()
        });
        assert_eq!(problem.field, "mapping.site_mapping[1].siteName");
    }

    #[test]
    fn error_status_update_mistakes() {
        let settings = Settings {
            status_updates: vec![
                StatusStage {
                    pace_status: "C".into(),
                    pressero_stage: "Order Completed".into(),
                },
                StatusStage {
                    pace_status: "C".into(),
                    pressero_stage: "Shipping".into(),
                },
                StatusStage {
                    pace_status: " ".into(),
                    pressero_stage: " ".into(),
                },
            ],
            ..Settings::default()
        };
        let fields: Vec<String> = settings
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                "status_updates[1].pace_status",
                "status_updates[2].pace_status",
                "status_updates[2].pressero_stage",
            ]
        );
    }

    #[test]
    fn error_connection_mistakes() {
        let mut settings = Settings::default();
        settings.pressero.admin_url = "admin.example.com".into();
        settings.pace.url = "https://".into();
        settings.pace.company = Some("my company".into());
        settings.pace.job_link = "https://pace.example.com/epace/object/Job/detailView/".into();
        settings.smtp.from = "sync at shop".into();
        settings.smtp.port = 0;
        settings.polling.interval_seconds = 1;
        settings.polling.concurrency = 0;
        let fields: Vec<String> = settings
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                "pressero.admin_url",
                "pace.url",
                "pace.company",
                "pace.job_link",
                "smtp.from",
                "smtp.port",
                "polling.interval_seconds",
                "polling.concurrency",
            ]
        );
    }

    #[test]
    fn error_retry_mistakes() {
        let mut settings = Settings::default();
        settings.polling.first_poll_lookback_hours = 0;
        settings.polling.approval_watch_days = 0;
        settings.polling.retry_first_delay_seconds = 60;
        settings.polling.retry_max_delay_seconds = 59;
        settings.polling.retry_give_up_hours = 0;
        let fields: Vec<String> = settings
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                "polling.first_poll_lookback_hours",
                "polling.approval_watch_days",
                "polling.retry_max_delay_seconds",
                "polling.retry_give_up_hours",
            ]
        );
        let problem = problem_with(|s| s.polling.retry_first_delay_seconds = 0);
        assert_eq!(problem.field, "polling.retry_first_delay_seconds");
    }

    #[test]
    fn all_problems_come_back_together() {
        let mut settings = Settings::default();
        settings.jobs.promise_date_days = Some(-1);
        settings.holidays.custom = "28/10/2021".into();
        settings.mapping.accounts = r#"[{"rule_type":"X","priority":"y"}]"#.into();
        let problems = settings.validate().unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(
            problems[0]
                .to_string()
                .starts_with("jobs.promise_date_days: ")
        );
    }
}

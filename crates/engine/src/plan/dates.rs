//! Scheduled ship and promise dates: the requested ship date, else the order date plus the
//! configured days; moved past weekends and holidays when "Skip holidays?" is on.
//!
//! The count starts from the order date (the first document's parameter text), not from the day
//! of planning (its Job table says "current date + 3"): a re-planned order keeps its dates.

use chrono::NaiveDate;
use shop_calendar::HolidayCalendar;

/// How dates are worked out for one order.
pub(crate) struct Schedule {
    /// Days added to the order date when no ship date was requested.
    pub days: u32,
    /// The shop's calendar, when holidays are skipped.
    pub calendar: Option<HolidayCalendar>,
}

impl Schedule {
    /// The scheduled ship / promise date.
    pub(crate) fn promise_date(
        &self,
        requested: Option<NaiveDate>,
        order_date: NaiveDate,
    ) -> NaiveDate {
        match (requested, &self.calendar) {
            (Some(date), Some(calendar)) => calendar.working_day_on_or_after(date),
            (Some(date), None) => date,
            (None, Some(calendar)) => calendar.add_calendar_days_then_skip(order_date, self.days),
            (None, None) => order_date + chrono::Days::new(u64::from(self.days)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn skipping(custom: Vec<NaiveDate>) -> Schedule {
        Schedule {
            days: 3,
            calendar: Some(HolidayCalendar::new(custom, None)),
        }
    }

    #[test]
    fn requested_date_wins_and_is_kept_when_not_skipping() {
        let plain = Schedule {
            days: 3,
            calendar: None,
        };
        // 2026-11-28 is a Saturday: kept as is without skipping.
        assert_eq!(
            plain.promise_date(Some(date("2026-11-28")), date("2026-11-20")),
            date("2026-11-28")
        );
    }

    #[test]
    fn order_date_plus_days_without_skipping() {
        let plain = Schedule {
            days: 3,
            calendar: None,
        };
        assert_eq!(
            plain.promise_date(None, date("2026-11-20")),
            date("2026-11-23")
        );
    }

    #[test]
    fn skipping_moves_past_weekends_and_holidays() {
        // Friday 2026-11-20 + 3 = Monday 23rd; a custom holiday that day moves it to Tuesday.
        let schedule = skipping(vec![date("2026-11-23")]);
        assert_eq!(
            schedule.promise_date(None, date("2026-11-20")),
            date("2026-11-24")
        );
        // Requested Thanksgiving (Thu 2026-11-26) moves to Friday 27th (federal only).
        assert_eq!(
            schedule.promise_date(Some(date("2026-11-26")), date("2026-11-20")),
            date("2026-11-27")
        );
        // Requested Saturday moves to Monday.
        assert_eq!(
            schedule.promise_date(Some(date("2026-11-28")), date("2026-11-20")),
            date("2026-11-30")
        );
    }
}

//! Working days for a print shop: weekends, US federal holidays (with their observed dates), the
//! holidays of the shop's state, and the shop's own custom dates.
//!
//! The mapping engine uses a [`HolidayCalendar`] to move a job's scheduled ship / promise date past
//! weekends and holidays ("Skip holidays?" = Y). Holidays are computed from rules for any year, never
//! typed in per year; custom dates come from the "List of custom holidays" setting, read with
//! [`parse_custom_holidays`].
//!
//! ```
//! use chrono::NaiveDate;
//! use shop_calendar::{HolidayCalendar, UsState};
//!
//! let calendar = HolidayCalendar::new([], Some("Texas".parse::<UsState>()?));
//! let christmas_eve: NaiveDate = "2026-12-24".parse()?;
//! // Christmas Eve (Texas), Christmas Day (Friday), the weekend: the next working day is Monday.
//! assert_eq!(calendar.working_day_on_or_after(christmas_eve), "2026-12-28".parse()?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod calendar;
mod custom;
mod easter;
mod federal;
mod rule;
mod state;
mod state_holidays;

pub use calendar::{Holiday, HolidayCalendar, HolidaySource};
pub use custom::{HolidayListError, parse_custom_holidays};
pub use state::{UnknownUsState, UsState};

#[cfg(test)]
mod test_dates {
    //! Writing dates in the unit tests as they are written in the settings: `"2026-11-26"`.

    /// The date written as `YYYY-MM-DD` (panics on a typo in a test).
    pub(crate) fn date(text: &str) -> chrono::NaiveDate {
        text.parse().unwrap()
    }
}

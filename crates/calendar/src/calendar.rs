//! The shop's holiday calendar: which days are working days, and how far a ship or promise date must
//! move to land on one.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::federal::FEDERAL_HOLIDAYS;
use crate::rule::HolidayRule;
use crate::state::UsState;
use crate::state_holidays::state_holiday_rules;

/// The first year whose holidays are cached; earlier years are computed on every question.
const FIRST_CACHED_YEAR: i32 = 1900;
/// The last year whose holidays are cached; later years are computed on every question.
const LAST_CACHED_YEAR: i32 = 2199;

/// The name shown for a date from the shop's custom holiday list.
const CUSTOM_HOLIDAY_NAME: &str = "Custom holiday";

/// One day off.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Holiday {
    /// The day the shop is closed (the observed date, when a weekend holiday is moved).
    pub date: NaiveDate,
    /// What the day is, e.g. `"Independence Day (observed)"` or `"Custom holiday"`.
    pub name: String,
    /// Where the holiday comes from.
    pub source: HolidaySource,
}

/// Where a holiday comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HolidaySource {
    /// A US federal holiday (5 U.S.C. 6103).
    Federal,
    /// A holiday of this state's government.
    State(UsState),
    /// A date from the shop's "List of custom holidays".
    Custom,
}

impl HolidaySource {
    /// Which source names a date first when two give the same day.
    fn precedence(self) -> u8 {
        match self {
            Self::Federal => 0,
            Self::State(_) => 1,
            Self::Custom => 2,
        }
    }
}

impl fmt::Display for HolidaySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Federal => f.write_str("federal"),
            Self::State(state) => f.write_str(state.name()),
            Self::Custom => f.write_str("custom"),
        }
    }
}

/// The days a shop does not work: weekends, US federal holidays (observed dates), the holidays of the
/// shop's state (if one is set), and the shop's custom dates.
///
/// Build it once (from the settings) and ask it many times: each year's holidays are computed the
/// first time that year is asked about and cached for the calendar's life (years 1900–2199; other years
/// are computed on every question). The cache is lock-free after the first fill (`OnceLock`), so one
/// calendar can be shared between threads.
#[derive(Clone)]
pub struct HolidayCalendar {
    custom: BTreeSet<NaiveDate>,
    state: Option<UsState>,
    years: Box<[OnceLock<Vec<Holiday>>]>,
}

impl HolidayCalendar {
    /// Weekends + US federal holidays (observed dates) + the state's holidays (if any) + custom dates.
    pub fn new(custom: impl IntoIterator<Item = NaiveDate>, state: Option<UsState>) -> Self {
        let cached_years =
            usize::try_from(LAST_CACHED_YEAR - FIRST_CACHED_YEAR + 1).unwrap_or_default();
        Self {
            custom: custom.into_iter().collect(),
            state,
            years: (0..cached_years).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The state whose holidays this calendar includes.
    pub fn state(&self) -> Option<UsState> {
        self.state
    }

    /// The holiday on `date`, if any (weekends alone are not holidays). When two holidays share a day,
    /// the federal one is named first, then the state's, then the custom one.
    pub fn holiday_on(&self, date: NaiveDate) -> Option<Holiday> {
        self.with_holidays_of(date.year(), |holidays| {
            holidays.iter().find(|h| h.date == date).cloned()
        })
    }

    /// True when `date` is neither a Saturday, a Sunday nor a holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !is_weekend(date)
            && self.with_holidays_of(date.year(), |holidays| {
                holidays.iter().all(|h| h.date != date)
            })
    }

    /// The first working day on or after `date` (`date` itself when it is one).
    ///
    /// Stops at chrono's last representable date, which is returned as is.
    pub fn working_day_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while !self.is_working_day(day) {
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        day
    }

    /// `start` plus `days` calendar days, then moved to the first working day on or after that
    /// (how a promise date is made from the order date and the "Promise Date" setting).
    ///
    /// Saturates at chrono's last representable date.
    pub fn add_calendar_days_then_skip(&self, start: NaiveDate, days: u32) -> NaiveDate {
        let target = start
            .checked_add_days(Days::new(days.into()))
            .unwrap_or(NaiveDate::MAX);
        self.working_day_on_or_after(target)
    }

    /// Every holiday whose (observed) date is in `year`, sorted by date (federal, then state, then custom
    /// on a shared date), for showing the shop its calendar.
    pub fn holidays_in_year(&self, year: i32) -> Vec<Holiday> {
        self.with_holidays_of(year, <[Holiday]>::to_vec)
    }

    fn with_holidays_of<T>(&self, year: i32, answer: impl FnOnce(&[Holiday]) -> T) -> T {
        let cached = usize::try_from(year - FIRST_CACHED_YEAR)
            .ok()
            .and_then(|index| self.years.get(index));
        match cached {
            Some(cell) => answer(cell.get_or_init(|| self.compute_holidays_of(year))),
            None => answer(&self.compute_holidays_of(year)),
        }
    }

    fn compute_holidays_of(&self, year: i32) -> Vec<Holiday> {
        let state_rules = self
            .state
            .map(|state| (state_holiday_rules(state), HolidaySource::State(state)));
        let rule_sets = [(FEDERAL_HOLIDAYS, HolidaySource::Federal)]
            .into_iter()
            .chain(state_rules);
        let mut holidays: Vec<Holiday> = rule_sets
            .flat_map(|(rules, source)| rules.iter().map(move |rule| (rule, source)))
            // A holiday of the year before or after can be observed in this one (New Year's Day on a
            // Saturday is observed on December 31).
            .flat_map(|(rule, source)| {
                (year - 1..=year + 1).filter_map(move |y| observed(rule, y, source))
            })
            .filter(|holiday| holiday.date.year() == year)
            .collect();
        holidays.extend(self.custom_dates_of(year).map(|date| Holiday {
            date,
            name: CUSTOM_HOLIDAY_NAME.to_owned(),
            source: HolidaySource::Custom,
        }));
        holidays.sort_by_key(|holiday| (holiday.date, holiday.source.precedence()));
        holidays
    }

    fn custom_dates_of(&self, year: i32) -> impl Iterator<Item = NaiveDate> + '_ {
        self.custom
            .iter()
            .copied()
            .filter(move |date| date.year() == year)
    }
}

fn observed(rule: &HolidayRule, year: i32, source: HolidaySource) -> Option<Holiday> {
    let day_off = rule.in_year(year)?;
    let name = if day_off.moved {
        format!("{} (observed)", rule.name)
    } else {
        rule.name.to_owned()
    };
    Some(Holiday {
        date: day_off.date,
        name,
        source,
    })
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

impl Default for HolidayCalendar {
    /// Weekends and federal holidays only.
    fn default() -> Self {
        Self::new([], None)
    }
}

impl fmt::Debug for HolidayCalendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HolidayCalendar")
            .field("custom", &self.custom)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;

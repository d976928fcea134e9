//! Holiday rules as data: how a holiday's date is found in a given year, in which years the holiday
//! exists, and how a date that falls on a weekend is moved to the day people actually take off.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::easter::easter_sunday;

/// How the date of a holiday is found in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateRule {
    /// The same month and day every year (Independence Day: July 4).
    Fixed { month: u32, day: u32 },
    /// The `nth` (1-based) given weekday of a month (Labor Day: 1st Monday in September).
    NthWeekday {
        month: u32,
        weekday: Weekday,
        nth: u8,
    },
    /// The last given weekday of a month (Memorial Day: last Monday in May).
    LastWeekday { month: u32, weekday: Weekday },
    /// The first given weekday on or after a day of a month (Election Day: the Tuesday after the first
    /// Monday in November, i.e. the first Tuesday on or after November 2).
    WeekdayOnOrAfter {
        month: u32,
        day: u32,
        weekday: Weekday,
    },
    /// Some days after Thanksgiving (the 4th Thursday in November): 1 is the Friday after.
    AfterThanksgiving { days: u8 },
    /// Some days before Easter Sunday: 2 is Good Friday, 47 is Mardi Gras.
    BeforeEaster { days: u8 },
}

/// What happens when the holiday's date is on a weekend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Observance {
    /// Kept on its date even on a weekend (the day is then simply lost, as in Texas).
    OnTheDate,
    /// Saturday moves to the Friday before, Sunday to the Monday after (5 U.S.C. 6103(b), most states).
    NearestWeekday,
    /// Only Sunday moves, to the Monday after; Saturday is kept (Inauguration Day, California).
    SundayToMonday,
}

/// Which years a holiday occurs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Recurrence {
    /// Every year.
    EveryYear,
    /// Even years only (general elections in most states).
    EvenYears,
    /// The year after each leap year, when a president is inaugurated (2025, 2029, …).
    InaugurationYears,
}

/// One holiday: its name, how its date is found, how a weekend date is moved, and when it exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HolidayRule {
    /// The holiday's name as staff know it.
    pub(crate) name: &'static str,
    date: DateRule,
    observance: Observance,
    recurrence: Recurrence,
    first_year: Option<i32>,
    last_year: Option<i32>,
}

/// A holiday's date in one year: the day off, and whether it was moved off its own date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ObservedDate {
    /// The day the holiday is taken (maybe in the year before, for New Year's Day on a Saturday).
    pub(crate) date: NaiveDate,
    /// True when `date` is not the holiday's own date (a weekend shift).
    pub(crate) moved: bool,
}

impl HolidayRule {
    /// A holiday on the same month and day every year, kept on its date.
    pub(crate) const fn fixed(name: &'static str, month: u32, day: u32) -> Self {
        Self::new(name, DateRule::Fixed { month, day })
    }

    /// A holiday on the `nth` weekday of a month.
    pub(crate) const fn nth(name: &'static str, nth: u8, weekday: Weekday, month: u32) -> Self {
        Self::new(
            name,
            DateRule::NthWeekday {
                month,
                weekday,
                nth,
            },
        )
    }

    /// A holiday on the last weekday of a month.
    pub(crate) const fn last(name: &'static str, weekday: Weekday, month: u32) -> Self {
        Self::new(name, DateRule::LastWeekday { month, weekday })
    }

    /// A holiday on the first weekday on or after a day of a month.
    pub(crate) const fn weekday_on_or_after(
        name: &'static str,
        weekday: Weekday,
        month: u32,
        day: u32,
    ) -> Self {
        Self::new(
            name,
            DateRule::WeekdayOnOrAfter {
                month,
                day,
                weekday,
            },
        )
    }

    /// A holiday some days after Thanksgiving.
    pub(crate) const fn after_thanksgiving(name: &'static str, days: u8) -> Self {
        Self::new(name, DateRule::AfterThanksgiving { days })
    }

    /// A holiday some days before Easter Sunday.
    pub(crate) const fn before_easter(name: &'static str, days: u8) -> Self {
        Self::new(name, DateRule::BeforeEaster { days })
    }

    const fn new(name: &'static str, date: DateRule) -> Self {
        Self {
            name,
            date,
            observance: Observance::OnTheDate,
            recurrence: Recurrence::EveryYear,
            first_year: None,
            last_year: None,
        }
    }

    /// The same rule, with weekend dates moved Saturday → Friday, Sunday → Monday.
    pub(crate) const fn observed_on_nearest_weekday(self) -> Self {
        self.observed(Observance::NearestWeekday)
    }

    /// The same rule, with a Sunday date moved to Monday (Saturday kept).
    pub(crate) const fn observed_sunday_to_monday(self) -> Self {
        self.observed(Observance::SundayToMonday)
    }

    const fn observed(mut self, observance: Observance) -> Self {
        self.observance = observance;
        self
    }

    /// The same rule, existing only from `year` on.
    pub(crate) const fn since(mut self, year: i32) -> Self {
        self.first_year = Some(year);
        self
    }

    /// The same rule, existing only up to and including `year`.
    pub(crate) const fn until(mut self, year: i32) -> Self {
        self.last_year = Some(year);
        self
    }

    /// The same rule, in even years only.
    pub(crate) const fn in_even_years(mut self) -> Self {
        self.recurrence = Recurrence::EvenYears;
        self
    }

    /// The same rule, in inauguration years only.
    pub(crate) const fn in_inauguration_years(mut self) -> Self {
        self.recurrence = Recurrence::InaugurationYears;
        self
    }

    /// The holiday that `year` has under this rule (`None` if it has none that year).
    pub(crate) fn in_year(&self, year: i32) -> Option<ObservedDate> {
        if !self.occurs_in(year) {
            return None;
        }
        let own_date = self.date.in_year(year)?;
        let date = self.observance.day_off(own_date)?;
        Some(ObservedDate {
            date,
            moved: date != own_date,
        })
    }

    fn occurs_in(&self, year: i32) -> bool {
        let in_range = self.first_year.is_none_or(|first| year >= first)
            && self.last_year.is_none_or(|last| year <= last);
        let recurs = match self.recurrence {
            Recurrence::EveryYear => true,
            Recurrence::EvenYears => year.rem_euclid(2) == 0,
            Recurrence::InaugurationYears => year.rem_euclid(4) == 1,
        };
        in_range && recurs
    }
}

impl DateRule {
    fn in_year(self, year: i32) -> Option<NaiveDate> {
        match self {
            Self::Fixed { month, day } => NaiveDate::from_ymd_opt(year, month, day),
            Self::NthWeekday {
                month,
                weekday,
                nth,
            } => NaiveDate::from_weekday_of_month_opt(year, month, weekday, nth),
            Self::LastWeekday { month, weekday } => last_weekday_of_month(year, month, weekday),
            Self::WeekdayOnOrAfter {
                month,
                day,
                weekday,
            } => {
                let from = NaiveDate::from_ymd_opt(year, month, day)?;
                let ahead = days_until(from.weekday(), weekday);
                from.checked_add_days(Days::new(ahead))
            }
            Self::AfterThanksgiving { days } => {
                thanksgiving(year)?.checked_add_days(Days::new(days.into()))
            }
            Self::BeforeEaster { days } => {
                easter_sunday(year)?.checked_sub_days(Days::new(days.into()))
            }
        }
    }
}

impl Observance {
    fn day_off(self, date: NaiveDate) -> Option<NaiveDate> {
        match (self, date.weekday()) {
            (Self::NearestWeekday, Weekday::Sat) => date.pred_opt(),
            (Self::NearestWeekday | Self::SundayToMonday, Weekday::Sun) => date.succ_opt(),
            _ => Some(date),
        }
    }
}

/// Thanksgiving Day: the fourth Thursday in November.
fn thanksgiving(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, 11, Weekday::Thu, 4)
}

fn last_weekday_of_month(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last_of_month = first_of_next.pred_opt()?;
    let back = days_until(weekday, last_of_month.weekday());
    last_of_month.checked_sub_days(Days::new(back))
}

/// Days from `from` forward to the next `to` (0 when they are the same weekday).
fn days_until(from: Weekday, to: Weekday) -> u64 {
    u64::from((to.num_days_from_monday() + 7 - from.num_days_from_monday()) % 7)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dates::date;
    use proptest::prelude::*;

    fn weekday_strategy() -> impl Strategy<Value = Weekday> {
        (0u8..7).prop_map(|n| Weekday::try_from(n).unwrap())
    }

    #[test]
    fn fixed_date_observances() {
        let independence = HolidayRule::fixed("Independence Day", 7, 4);
        // 2026-07-04 is a Saturday.
        assert_eq!(
            independence.in_year(2026),
            Some(ObservedDate {
                date: date("2026-07-04"),
                moved: false
            })
        );
        assert_eq!(
            independence.observed_on_nearest_weekday().in_year(2026),
            Some(ObservedDate {
                date: date("2026-07-03"),
                moved: true
            })
        );
        assert_eq!(
            independence.observed_sunday_to_monday().in_year(2026),
            Some(ObservedDate {
                date: date("2026-07-04"),
                moved: false
            })
        );
        // 2027-07-04 is a Sunday.
        assert_eq!(
            independence.observed_sunday_to_monday().in_year(2027),
            Some(ObservedDate {
                date: date("2027-07-05"),
                moved: true
            })
        );
    }

    #[test]
    fn year_limits_and_recurrence() {
        let juneteenth = HolidayRule::fixed("Juneteenth", 6, 19).since(2021);
        assert_eq!(juneteenth.in_year(2020), None);
        assert!(juneteenth.in_year(2021).is_some());
        let old = HolidayRule::fixed("Old", 10, 31).until(1999);
        assert!(old.in_year(1999).is_some());
        assert_eq!(old.in_year(2000), None);
        let election =
            HolidayRule::weekday_on_or_after("Election Day", Weekday::Tue, 11, 2).in_even_years();
        assert_eq!(
            election.in_year(2026).map(|d| d.date),
            Some(date("2026-11-03"))
        );
        assert_eq!(
            election.in_year(2024).map(|d| d.date),
            Some(date("2024-11-05"))
        );
        assert_eq!(election.in_year(2025), None);
        let inauguration = HolidayRule::fixed("Inauguration Day", 1, 20).in_inauguration_years();
        assert_eq!(
            inauguration.in_year(2025).map(|d| d.date),
            Some(date("2025-01-20"))
        );
        assert_eq!(inauguration.in_year(2026), None);
    }

    #[test]
    fn relative_to_thanksgiving_and_easter() {
        let friday = HolidayRule::after_thanksgiving("Day after Thanksgiving", 1);
        assert_eq!(
            friday.in_year(2026).map(|d| d.date),
            Some(date("2026-11-27"))
        );
        let good_friday = HolidayRule::before_easter("Good Friday", 2);
        assert_eq!(
            good_friday.in_year(2026).map(|d| d.date),
            Some(date("2026-04-03"))
        );
        let mardi_gras = HolidayRule::before_easter("Mardi Gras", 47);
        assert_eq!(
            mardi_gras.in_year(2026).map(|d| d.date),
            Some(date("2026-02-17"))
        );
        assert_eq!(
            mardi_gras.in_year(2025).map(|d| d.date),
            Some(date("2025-03-04"))
        );
    }

    proptest! {
        #[test]
        fn nth_weekday_is_that_weekday_in_that_week_of_the_month(
            year in 1990i32..=2100, month in 1u32..=12, weekday in weekday_strategy(), nth in 1u8..=4,
        ) {
            let found = HolidayRule::nth("x", nth, weekday, month).in_year(year).unwrap();
            prop_assert!(!found.moved);
            prop_assert_eq!(found.date.weekday(), weekday);
            prop_assert_eq!(found.date.month(), month);
            prop_assert_eq!((found.date.day() - 1) / 7 + 1, u32::from(nth));
        }

        #[test]
        fn last_weekday_is_that_weekday_with_none_later_in_the_month(
            year in 1990i32..=2100, month in 1u32..=12, weekday in weekday_strategy(),
        ) {
            let found = HolidayRule::last("x", weekday, month).in_year(year).unwrap().date;
            prop_assert_eq!(found.weekday(), weekday);
            prop_assert_eq!(found.month(), month);
            prop_assert_ne!((found + Days::new(7)).month(), month);
        }

        #[test]
        fn weekday_on_or_after_is_the_first_such_weekday(
            year in 1990i32..=2100, month in 1u32..=12, day in 1u32..=28, weekday in weekday_strategy(),
        ) {
            let from = NaiveDate::from_ymd_opt(year, month, day).unwrap();
            let found = HolidayRule::weekday_on_or_after("x", weekday, month, day).in_year(year).unwrap().date;
            prop_assert_eq!(found.weekday(), weekday);
            prop_assert!(found >= from && found < from + Days::new(7));
        }

        #[test]
        fn nearest_weekday_observance_never_lands_on_a_weekend_and_moves_at_most_a_day(
            year in 1990i32..=2100, month in 1u32..=12, day in 1u32..=28,
        ) {
            let own = NaiveDate::from_ymd_opt(year, month, day).unwrap();
            let observed = HolidayRule::fixed("x", month, day).observed_on_nearest_weekday().in_year(year).unwrap();
            prop_assert!(!matches!(observed.date.weekday(), Weekday::Sat | Weekday::Sun));
            prop_assert!((observed.date - own).num_days().abs() <= 1);
            prop_assert_eq!(observed.moved, observed.date != own);
        }
    }
}

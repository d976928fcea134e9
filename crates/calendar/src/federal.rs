//! The US federal holidays, as rules.
//!
//! Source: 5 U.S.C. 6103(a) lists the legal public holidays and their dates; 5 U.S.C. 6103(b) and
//! Executive Order 11582 give the observed ("in lieu of") day when a holiday falls on a weekend:
//! a Saturday holiday is observed on the Friday before, a Sunday holiday on the Monday after. The Office of
//! Personnel Management publishes the resulting dates each year:
//! <https://www.opm.gov/policy-data-oversight/pay-leave/federal-holidays/>.
//! A consequence worth knowing: when January 1 is a Saturday, New Year's Day is observed on December 31
//! of the year before (2021-12-31 for 2022).
//!
//! The Monday holidays follow the Uniform Monday Holiday Act (in force since 1971); Martin Luther King Jr.
//! Day exists from 1986 and Juneteenth National Independence Day from 2021 (first observed 2021-06-18).

use chrono::Weekday::{Mon, Thu};

use crate::rule::HolidayRule;

/// The eleven federal holidays, in calendar order.
pub(crate) const FEDERAL_HOLIDAYS: &[HolidayRule] = &[
    HolidayRule::fixed("New Year's Day", 1, 1).observed_on_nearest_weekday(),
    HolidayRule::nth("Martin Luther King Jr. Day", 3, Mon, 1).since(1986),
    HolidayRule::nth("Washington's Birthday", 3, Mon, 2),
    HolidayRule::last("Memorial Day", Mon, 5),
    HolidayRule::fixed("Juneteenth National Independence Day", 6, 19)
        .observed_on_nearest_weekday()
        .since(2021),
    HolidayRule::fixed("Independence Day", 7, 4).observed_on_nearest_weekday(),
    HolidayRule::nth("Labor Day", 1, Mon, 9),
    HolidayRule::nth("Columbus Day", 2, Mon, 10),
    HolidayRule::fixed("Veterans Day", 11, 11).observed_on_nearest_weekday(),
    HolidayRule::nth("Thanksgiving Day", 4, Thu, 11),
    HolidayRule::fixed("Christmas Day", 12, 25).observed_on_nearest_weekday(),
];

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, NaiveDate, Weekday};

    #[test]
    fn every_federal_holiday_is_on_a_weekday_once_a_year() {
        for year in 1990..=2100 {
            let expected = if year >= 2021 { 11 } else { 10 };
            let dates: Vec<NaiveDate> = FEDERAL_HOLIDAYS
                .iter()
                .filter_map(|rule| rule.in_year(year))
                .map(|d| d.date)
                .collect();
            assert_eq!(dates.len(), expected, "{year}");
            for date in dates {
                assert!(
                    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                    "{date}"
                );
            }
        }
    }
}

//! The holidays each state's government observes beyond the federal list, as rules.
//!
//! The table has one entry per state and DC (the `match` below is exhaustive, so a state cannot be
//! forgotten). It lists the best-known days on which the state's own offices close, from the states'
//! statutes and published state-employee holiday schedules; it does not repeat a federal holiday, and it
//! does not remove one either (a state that works on Columbus Day still gets Columbus Day: the calendar is
//! federal ∪ state ∪ custom). Rules exist for the years the holiday existed where that is known
//! (e.g. Colorado's Cabrini Day from 2020).
//!
//! Deliberately left out, because they are local, half days, or set by proclamation each year rather than
//! by a rule: county-only holidays (Suffolk County's Evacuation Day and Bunker Hill Day in Massachusetts),
//! half days (Kentucky's Good Friday afternoon), days a governor announces yearly (Georgia's spring "State
//! Holiday", North Carolina's third Christmas day, Indiana's Christmas-Eve observance of Washington's
//! Birthday), Virginia's Lee-Jackson Day (abolished 2020) and Mardi Gras in Mississippi (local, not in the
//! state's statute). Alabama's Mardi Gras is a state holiday only in Mobile and Baldwin counties; it is
//! listed, with that in its name, because those counties are where the Alabama shops that close for it are.
//!
//! A shop adds its own local dates (city holidays, plant shutdowns) as custom holidays.

use chrono::Weekday::{Fri, Mon, Tue};

use crate::rule::HolidayRule;
use crate::state::UsState;

const DAY_AFTER_THANKSGIVING: HolidayRule =
    HolidayRule::after_thanksgiving("Day after Thanksgiving", 1);
const GOOD_FRIDAY: HolidayRule = HolidayRule::before_easter("Good Friday", 2);
const MARDI_GRAS: HolidayRule = HolidayRule::before_easter("Mardi Gras", 47);
const CHRISTMAS_EVE: HolidayRule = HolidayRule::fixed("Christmas Eve", 12, 24);
const DAY_AFTER_CHRISTMAS: HolidayRule = HolidayRule::fixed("Day after Christmas", 12, 26);
const NEW_YEARS_EVE: HolidayRule = HolidayRule::fixed("New Year's Eve", 12, 31);
const LINCOLNS_BIRTHDAY: HolidayRule =
    HolidayRule::fixed("Lincoln's Birthday", 2, 12).observed_on_nearest_weekday();
const PATRIOTS_DAY: HolidayRule = HolidayRule::nth("Patriots' Day", 3, Mon, 4);
/// The general election: the Tuesday after the first Monday in November.
const ELECTION_DAY: HolidayRule = HolidayRule::weekday_on_or_after("Election Day", Tue, 11, 2);

/// The holidays `state`'s government observes beyond the federal ones.
pub(crate) fn state_holiday_rules(state: UsState) -> &'static [HolidayRule] {
    use UsState::*;
    match state {
        AK => {
            const {
                &[
                    HolidayRule::last("Seward's Day", Mon, 3),
                    HolidayRule::fixed("Alaska Day", 10, 18).observed_on_nearest_weekday(),
                ]
            }
        }
        AL => {
            const {
                &[
                    HolidayRule::before_easter("Mardi Gras (Mobile and Baldwin counties)", 47),
                    HolidayRule::nth("Confederate Memorial Day", 4, Mon, 4),
                    HolidayRule::nth("Jefferson Davis' Birthday", 1, Mon, 6),
                ]
            }
        }
        AR => const { &[CHRISTMAS_EVE] },
        AZ | ID | KS | OH | OR | SD | WY => const { &[] },
        CA => {
            const {
                &[
                    HolidayRule::fixed("Cesar Chavez Day", 3, 31)
                        .observed_sunday_to_monday()
                        .since(2001),
                    DAY_AFTER_THANKSGIVING,
                ]
            }
        }
        CO => const { &[HolidayRule::nth("Frances Xavier Cabrini Day", 1, Mon, 10).since(2020)] },
        CT => const { &[LINCOLNS_BIRTHDAY, GOOD_FRIDAY] },
        DC => {
            const {
                &[
                    HolidayRule::fixed("Inauguration Day", 1, 20)
                        .observed_sunday_to_monday()
                        .in_inauguration_years(),
                    HolidayRule::fixed("DC Emancipation Day", 4, 16)
                        .observed_on_nearest_weekday()
                        .since(2005),
                ]
            }
        }
        DE => {
            const {
                &[
                    GOOD_FRIDAY,
                    ELECTION_DAY.in_even_years(),
                    DAY_AFTER_THANKSGIVING,
                ]
            }
        }
        FL | GA | IA | MN | NH | NM | OK | PA => const { &[DAY_AFTER_THANKSGIVING] },
        HI => {
            const {
                &[
                    HolidayRule::fixed("Prince Jonah Kuhio Kalanianaole Day", 3, 26)
                        .observed_on_nearest_weekday(),
                    GOOD_FRIDAY,
                    HolidayRule::fixed("King Kamehameha I Day", 6, 11)
                        .observed_on_nearest_weekday(),
                    HolidayRule::nth("Statehood Day", 3, Fri, 8),
                    ELECTION_DAY.in_even_years(),
                ]
            }
        }
        IL => {
            const {
                &[
                    LINCOLNS_BIRTHDAY,
                    ELECTION_DAY.in_even_years(),
                    DAY_AFTER_THANKSGIVING,
                ]
            }
        }
        IN => {
            const {
                &[
                    GOOD_FRIDAY,
                    HolidayRule::weekday_on_or_after("Primary Election Day", Tue, 5, 2)
                        .in_even_years(),
                    ELECTION_DAY.in_even_years(),
                    HolidayRule::after_thanksgiving("Lincoln's Birthday (observed)", 1),
                ]
            }
        }
        KY => const { &[DAY_AFTER_THANKSGIVING, CHRISTMAS_EVE, NEW_YEARS_EVE] },
        LA => const { &[MARDI_GRAS, GOOD_FRIDAY] },
        MA => const { &[PATRIOTS_DAY] },
        MD => {
            const {
                &[HolidayRule::after_thanksgiving(
                    "American Indian Heritage Day",
                    1,
                )]
            }
        }
        ME => const { &[PATRIOTS_DAY, DAY_AFTER_THANKSGIVING] },
        MI => const { &[DAY_AFTER_THANKSGIVING, CHRISTMAS_EVE, NEW_YEARS_EVE] },
        MO => {
            const {
                &[
                    LINCOLNS_BIRTHDAY,
                    HolidayRule::fixed("Truman Day", 5, 8).observed_on_nearest_weekday(),
                ]
            }
        }
        MS => const { &[HolidayRule::last("Confederate Memorial Day", Mon, 4)] },
        MT => const { &[ELECTION_DAY.in_even_years()] },
        NC => const { &[GOOD_FRIDAY, DAY_AFTER_THANKSGIVING] },
        ND => const { &[GOOD_FRIDAY] },
        NE => {
            const {
                &[
                    HolidayRule::last("Arbor Day", Fri, 4),
                    DAY_AFTER_THANKSGIVING,
                ]
            }
        }
        NJ => const { &[LINCOLNS_BIRTHDAY, GOOD_FRIDAY, ELECTION_DAY] },
        NV => {
            const {
                &[
                    HolidayRule::fixed("Nevada Day", 10, 31)
                        .observed_on_nearest_weekday()
                        .until(1999),
                    HolidayRule::last("Nevada Day", Fri, 10).since(2000),
                    HolidayRule::after_thanksgiving("Family Day", 1),
                ]
            }
        }
        NY => const { &[LINCOLNS_BIRTHDAY, ELECTION_DAY] },
        RI => const { &[HolidayRule::nth("Victory Day", 2, Mon, 8)] },
        SC => {
            const {
                &[
                    HolidayRule::fixed("Confederate Memorial Day", 5, 10),
                    DAY_AFTER_THANKSGIVING,
                    CHRISTMAS_EVE,
                    DAY_AFTER_CHRISTMAS,
                ]
            }
        }
        TN => const { &[GOOD_FRIDAY, DAY_AFTER_THANKSGIVING, CHRISTMAS_EVE] },
        // Texas Government Code 662.003(b): these days are not moved when they fall on a weekend.
        TX => {
            const {
                &[
                    HolidayRule::fixed("Confederate Heroes Day", 1, 19),
                    HolidayRule::fixed("Texas Independence Day", 3, 2),
                    HolidayRule::fixed("San Jacinto Day", 4, 21),
                    HolidayRule::fixed("Emancipation Day in Texas", 6, 19),
                    HolidayRule::fixed("Lyndon Baines Johnson Day", 8, 27),
                    DAY_AFTER_THANKSGIVING,
                    CHRISTMAS_EVE,
                    DAY_AFTER_CHRISTMAS,
                ]
            }
        }
        UT => const { &[HolidayRule::fixed("Pioneer Day", 7, 24).observed_on_nearest_weekday()] },
        VA => const { &[ELECTION_DAY.since(2020), DAY_AFTER_THANKSGIVING] },
        VT => {
            const {
                &[
                    HolidayRule::nth("Town Meeting Day", 1, Tue, 3),
                    HolidayRule::fixed("Bennington Battle Day", 8, 16)
                        .observed_on_nearest_weekday(),
                ]
            }
        }
        WA => {
            const {
                &[HolidayRule::after_thanksgiving(
                    "Native American Heritage Day",
                    1,
                )]
            }
        }
        WI => const { &[CHRISTMAS_EVE, NEW_YEARS_EVE] },
        WV => {
            const {
                &[
                    HolidayRule::fixed("West Virginia Day", 6, 20).observed_on_nearest_weekday(),
                    ELECTION_DAY.in_even_years(),
                    DAY_AFTER_THANKSGIVING,
                ]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::federal::FEDERAL_HOLIDAYS;

    #[test]
    fn no_state_rule_repeats_a_federal_holiday_name() {
        for &state in UsState::ALL {
            for rule in state_holiday_rules(state) {
                assert!(
                    FEDERAL_HOLIDAYS
                        .iter()
                        .all(|federal| federal.name != rule.name),
                    "{state}: {} is already federal",
                    rule.name
                );
            }
        }
    }

    #[test]
    fn every_state_rule_gives_a_date_in_a_year_it_exists() {
        for &state in UsState::ALL {
            for rule in state_holiday_rules(state) {
                let found = (1990..=2030).filter_map(|year| rule.in_year(year)).count();
                assert!(
                    found > 0,
                    "{state}: {} never happens in 1990-2030",
                    rule.name
                );
            }
        }
    }
}

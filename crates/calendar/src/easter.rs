//! Easter Sunday for a year, the anchor of the Easter-based state holidays (Mardi Gras, Good Friday).

use chrono::NaiveDate;

/// Easter Sunday of `year` in the Gregorian calendar, by the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher, as published in Meeus, *Astronomical Algorithms*, ch. 8).
///
/// Valid for every Gregorian year (1583 on); `None` only when chrono cannot represent the date.
pub(crate) fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dates::date;
    use chrono::{Datelike, Weekday};

    /// Easter by Knuth's algorithm (TAOCP vol. 1, 1.3.2 exercise 14: golden number, epact, corrections):
    /// a second, independent computation to check the first one against.
    fn easter_by_epact(year: i32) -> NaiveDate {
        let golden = year % 19 + 1;
        let century = year / 100 + 1;
        let skipped_leap_years = 3 * century / 4 - 12;
        let moon_correction = (8 * century + 5) / 25 - 5;
        let sunday = 5 * year / 4 - skipped_leap_years - 10;
        let mut epact = (11 * golden + 20 + moon_correction - skipped_leap_years) % 30;
        if (epact == 25 && golden > 11) || epact == 24 {
            epact += 1;
        }
        let mut full_moon = 44 - epact;
        if full_moon < 21 {
            full_moon += 30;
        }
        let day_of_march = full_moon + 7 - (sunday + full_moon) % 7;
        let (month, day) = if day_of_march > 31 {
            (4, day_of_march - 31)
        } else {
            (3, day_of_march)
        };
        NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap()
    }

    #[test]
    fn known_easter_sundays() {
        // Published dates (e.g. the USNO "Date of Easter" table).
        for known in [
            "1990-04-15",
            "2000-04-23",
            "2008-03-23",
            "2011-04-24",
            "2019-04-21",
            "2024-03-31",
            "2025-04-20",
            "2026-04-05",
            "2038-04-25",
            "2100-03-28",
        ] {
            let known = date(known);
            assert_eq!(
                easter_sunday(known.year()),
                Some(known),
                "Easter {}",
                known.year()
            );
        }
    }

    #[test]
    fn agrees_with_knuths_epact_algorithm_and_is_a_sunday_between_march_22_and_april_25() {
        for year in 1583..=4099 {
            let easter = easter_sunday(year).unwrap();
            assert_eq!(easter, easter_by_epact(year), "Easter {year}");
            assert_eq!(easter.weekday(), Weekday::Sun, "Easter {year}");
            let earliest = NaiveDate::from_ymd_opt(year, 3, 22).unwrap();
            let latest = NaiveDate::from_ymd_opt(year, 4, 25).unwrap();
            assert!(
                (earliest..=latest).contains(&easter),
                "Easter {year} is {easter}"
            );
        }
    }
}

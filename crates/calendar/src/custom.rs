//! The shop's own holidays, as typed in the "List of custom holidays" setting:
//! `YYYY-MM-DD` dates separated by `|` (e.g. `2021-10-28|2022-07-18`).

use chrono::NaiveDate;

/// Why the custom holiday list cannot be read. Positions count entries from 1, left to right.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HolidayListError {
    /// Two `|` in a row, or a `|` at either end.
    #[error(
        "custom holiday {position} is empty: remove the extra '|' (write dates as 2021-10-28|2022-07-18)"
    )]
    EmptyEntry {
        /// Which entry (from 1).
        position: usize,
    },
    /// The entry is not four digits, a dash, two digits, a dash, two digits.
    #[error(
        "custom holiday {position}: '{text}' is not in YYYY-MM-DD form (write dates as 2021-10-28|2022-07-18)"
    )]
    NotYearMonthDay {
        /// Which entry (from 1).
        position: usize,
        /// The entry as typed, without surrounding spaces.
        text: String,
    },
    /// The entry has the right form but names no day of the calendar (month 13, February 30).
    #[error("custom holiday {position}: {text} is not a real date")]
    NotARealDate {
        /// Which entry (from 1).
        position: usize,
        /// The entry as typed, without surrounding spaces.
        text: String,
    },
}

/// Reads the "List of custom holidays" setting: `YYYY-MM-DD` dates separated by `|`, spaces around
/// entries tolerated. An empty (or all-blank) setting means no custom holidays. Dates are returned in the
/// order written, duplicates kept.
pub fn parse_custom_holidays(text: &str) -> Result<Vec<NaiveDate>, HolidayListError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    text.split('|')
        .enumerate()
        .map(|(index, entry)| parse_entry(index + 1, entry.trim()))
        .collect()
}

fn parse_entry(position: usize, text: &str) -> Result<NaiveDate, HolidayListError> {
    if text.is_empty() {
        return Err(HolidayListError::EmptyEntry { position });
    }
    let not_in_form = || HolidayListError::NotYearMonthDay {
        position,
        text: text.to_owned(),
    };
    let bytes = text.as_bytes();
    let digits_at = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    let in_form = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && digits_at(0..4)
        && digits_at(5..7)
        && digits_at(8..10);
    if !in_form {
        return Err(not_in_form());
    }
    let number =
        |range: std::ops::Range<usize>| text[range].parse::<u32>().map_err(|_| not_in_form());
    let year = i32::try_from(number(0..4)?).map_err(|_| not_in_form())?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?).ok_or_else(|| {
        HolidayListError::NotARealDate {
            position,
            text: text.to_owned(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dates::date;

    #[test]
    fn reads_the_documented_example() {
        assert_eq!(
            parse_custom_holidays("2021-10-28|2022-07-18"),
            Ok(vec![date("2021-10-28"), date("2022-07-18")])
        );
    }

    #[test]
    fn tolerates_spaces_around_entries_and_keeps_order_and_duplicates() {
        assert_eq!(
            parse_custom_holidays("  2024-02-29 |2021-10-28|\t2021-10-28 "),
            Ok(vec![
                date("2024-02-29"),
                date("2021-10-28"),
                date("2021-10-28")
            ])
        );
    }

    #[test]
    fn empty_or_blank_means_no_custom_holidays() {
        assert_eq!(parse_custom_holidays(""), Ok(vec![]));
        assert_eq!(parse_custom_holidays("   "), Ok(vec![]));
    }

    #[test]
    fn an_impossible_date_is_named_with_its_position() {
        let error = parse_custom_holidays("2021-10-28|2022-02-30").unwrap_err();
        assert_eq!(
            error,
            HolidayListError::NotARealDate {
                position: 2,
                text: "2022-02-30".into()
            }
        );
        assert_eq!(
            error.to_string(),
            "custom holiday 2: 2022-02-30 is not a real date"
        );
        for impossible in [
            "2023-02-29",
            "2021-13-01",
            "2021-00-10",
            "2021-04-31",
            "2021-01-00",
        ] {
            assert!(
                matches!(
                    parse_custom_holidays(impossible),
                    Err(HolidayListError::NotARealDate { position: 1, .. })
                ),
                "{impossible}"
            );
        }
    }

    #[test]
    fn a_date_in_another_form_is_named_with_its_position() {
        let error = parse_custom_holidays("28/10/2021").unwrap_err();
        assert_eq!(
            error,
            HolidayListError::NotYearMonthDay {
                position: 1,
                text: "28/10/2021".into()
            }
        );
        assert!(
            error
                .to_string()
                .starts_with("custom holiday 1: '28/10/2021' is not in YYYY-MM-DD form")
        );
        for other_form in [
            "2021-1-28",
            "21-10-28",
            "2021/10/28",
            "2021-10-28T00:00",
            "2021-10-28,2022-07-18",
            "２０２１-10-28",
            "+2021-10-2",
        ] {
            assert!(
                matches!(
                    parse_custom_holidays(other_form),
                    Err(HolidayListError::NotYearMonthDay { position: 1, .. })
                ),
                "{other_form}"
            );
        }
    }

    #[test]
    fn an_empty_entry_is_named_with_its_position() {
        assert_eq!(
            parse_custom_holidays("2021-10-28||2022-07-18"),
            Err(HolidayListError::EmptyEntry { position: 2 })
        );
        assert_eq!(
            parse_custom_holidays("|2021-10-28"),
            Err(HolidayListError::EmptyEntry { position: 1 })
        );
        assert_eq!(
            parse_custom_holidays("2021-10-28| "),
            Err(HolidayListError::EmptyEntry { position: 2 })
        );
        let error = parse_custom_holidays("2021-10-28|").unwrap_err();
        assert!(
            error.to_string().contains("custom holiday 2 is empty"),
            "{error}"
        );
    }

    #[test]
    fn reports_the_first_bad_entry() {
        assert_eq!(
            parse_custom_holidays("2021-10-28|junk|2022-02-30"),
            Err(HolidayListError::NotYearMonthDay {
                position: 2,
                text: "junk".into()
            })
        );
    }
}

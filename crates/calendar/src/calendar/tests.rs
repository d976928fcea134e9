//! Tests of the holiday calendar: known dates, holiday weekends, and properties over random dates.

use super::*;
use crate::test_dates::date;
use proptest::prelude::*;

fn federal_only() -> HolidayCalendar {
    HolidayCalendar::default()
}

fn in_state(state: UsState) -> HolidayCalendar {
    HolidayCalendar::new([], Some(state))
}

fn name_on(calendar: &HolidayCalendar, day: &str) -> Option<String> {
    calendar.holiday_on(date(day)).map(|holiday| holiday.name)
}

#[test]
fn known_federal_dates() {
    let calendar = federal_only();
    for (day, name) in [
        ("2026-01-01", "New Year's Day"),
        ("2026-01-19", "Martin Luther King Jr. Day"),
        ("2026-02-16", "Washington's Birthday"),
        ("2026-05-25", "Memorial Day"),
        ("2026-06-19", "Juneteenth National Independence Day"),
        ("2026-07-03", "Independence Day (observed)"),
        ("2026-09-07", "Labor Day"),
        ("2026-10-12", "Columbus Day"),
        ("2026-11-11", "Veterans Day"),
        ("2026-11-26", "Thanksgiving Day"),
        ("2026-12-25", "Christmas Day"),
        (
            "2027-06-18",
            "Juneteenth National Independence Day (observed)",
        ),
        ("2021-12-31", "New Year's Day (observed)"),
        ("2021-12-24", "Christmas Day (observed)"),
        ("2022-12-26", "Christmas Day (observed)"),
        ("2025-11-27", "Thanksgiving Day"),
        (
            "2021-06-18",
            "Juneteenth National Independence Day (observed)",
        ),
    ] {
        let holiday = calendar.holiday_on(date(day));
        assert_eq!(
            holiday.as_ref().map(|h| h.name.as_str()),
            Some(name),
            "{day}"
        );
        assert_eq!(
            holiday.map(|h| h.source),
            Some(HolidaySource::Federal),
            "{day}"
        );
    }
}

#[test]
fn the_own_date_of_a_moved_holiday_is_not_a_holiday() {
    let calendar = federal_only();
    for weekend_day in [
        "2026-07-04",
        "2027-06-19",
        "2022-01-01",
        "2021-12-25",
        "2022-12-25",
    ] {
        assert_eq!(name_on(&calendar, weekend_day), None, "{weekend_day}");
        assert!(
            !calendar.is_working_day(date(weekend_day)),
            "{weekend_day} is a weekend"
        );
    }
}

#[test]
fn juneteenth_starts_in_2021() {
    assert_eq!(name_on(&federal_only(), "2020-06-19"), None);
    assert!(federal_only().is_working_day(date("2020-06-19")));
}

#[test]
fn new_years_day_on_a_saturday_belongs_to_the_year_before() {
    let calendar = federal_only();
    let names_2021: Vec<_> = calendar
        .holidays_in_year(2021)
        .into_iter()
        .map(|h| (h.date, h.name))
        .collect();
    assert_eq!(
        names_2021.first(),
        Some(&(date("2021-01-01"), "New Year's Day".to_owned()))
    );
    assert_eq!(
        names_2021.last(),
        Some(&(date("2021-12-31"), "New Year's Day (observed)".to_owned()))
    );
    assert!(
        calendar
            .holidays_in_year(2022)
            .iter()
            .all(|h| !h.name.starts_with("New Year's Day"))
    );
    assert_eq!(calendar.holidays_in_year(2022).len(), 10);
    assert_eq!(calendar.holidays_in_year(2021).len(), 12);
}

#[test]
fn known_state_dates() {
    for (state, day, name) in [
        (UsState::MA, "2026-04-20", "Patriots' Day"),
        (UsState::ME, "2025-04-21", "Patriots' Day"),
        (UsState::TX, "2026-03-02", "Texas Independence Day"),
        (UsState::TX, "2026-04-21", "San Jacinto Day"),
        (UsState::TX, "2026-08-27", "Lyndon Baines Johnson Day"),
        (UsState::TX, "2026-11-27", "Day after Thanksgiving"),
        (UsState::TX, "2026-12-24", "Christmas Eve"),
        (UsState::CA, "2026-03-31", "Cesar Chavez Day"),
        (UsState::CA, "2024-04-01", "Cesar Chavez Day (observed)"),
        (UsState::LA, "2026-02-17", "Mardi Gras"),
        (UsState::LA, "2025-03-04", "Mardi Gras"),
        (UsState::LA, "2026-04-03", "Good Friday"),
        (UsState::LA, "2025-04-18", "Good Friday"),
        (UsState::AL, "2026-04-27", "Confederate Memorial Day"),
        (UsState::DC, "2021-01-20", "Inauguration Day"),
        (UsState::DC, "2027-04-16", "DC Emancipation Day"),
        (UsState::NY, "2026-11-03", "Election Day"),
        (UsState::UT, "2026-07-24", "Pioneer Day"),
        (UsState::CO, "2026-10-05", "Frances Xavier Cabrini Day"),
    ] {
        let holiday = in_state(state).holiday_on(date(day));
        assert_eq!(
            holiday.as_ref().map(|h| h.name.as_str()),
            Some(name),
            "{state} {day}"
        );
        assert_eq!(
            holiday.map(|h| h.source),
            Some(HolidaySource::State(state)),
            "{state} {day}"
        );
        assert_eq!(name_on(&federal_only(), day), None, "{day} is not federal");
    }
}

#[test]
fn a_state_holiday_belongs_to_its_state_only() {
    assert_eq!(name_on(&in_state(UsState::TX), "2026-04-20"), None);
    assert_eq!(name_on(&in_state(UsState::MA), "2026-11-27"), None);
    // Texas does not move its own holidays off a weekend: 2026-12-26 is a Saturday.
    assert_eq!(
        name_on(&in_state(UsState::TX), "2026-12-26"),
        Some("Day after Christmas".to_owned())
    );
    assert_eq!(
        name_on(&in_state(UsState::TX), "2026-12-25"),
        Some("Christmas Day".to_owned())
    );
}

#[test]
fn a_shared_date_names_the_federal_holiday_first_and_lists_both() {
    let calendar = HolidayCalendar::new([date("2026-12-25")], Some(UsState::TX));
    let holiday = calendar.holiday_on(date("2026-06-19")).unwrap();
    assert_eq!(
        (holiday.name.as_str(), holiday.source),
        (
            "Juneteenth National Independence Day",
            HolidaySource::Federal
        )
    );
    let on_christmas: Vec<_> = calendar
        .holidays_in_year(2026)
        .into_iter()
        .filter(|h| h.date == date("2026-12-25"))
        .map(|h| h.source)
        .collect();
    assert_eq!(
        on_christmas,
        vec![HolidaySource::Federal, HolidaySource::Custom]
    );
}

#[test]
fn custom_dates_are_holidays() {
    let calendar = HolidayCalendar::new([date("2021-10-28"), date("2022-07-18")], None);
    let holiday = calendar.holiday_on(date("2022-07-18")).unwrap();
    assert_eq!(
        (holiday.name.as_str(), holiday.source),
        ("Custom holiday", HolidaySource::Custom)
    );
    assert!(!calendar.is_working_day(date("2021-10-28")));
    assert!(calendar.is_working_day(date("2021-10-27")));
    assert!(federal_only().is_working_day(date("2022-07-18")));
}

#[test]
fn christmas_on_a_friday_then_the_weekend() {
    // 2026-12-25 is a Friday; Texas also closes on Christmas Eve (Thursday).
    assert_eq!(
        federal_only().working_day_on_or_after(date("2026-12-24")),
        date("2026-12-24")
    );
    assert_eq!(
        federal_only().working_day_on_or_after(date("2026-12-25")),
        date("2026-12-28")
    );
    assert_eq!(
        in_state(UsState::TX).working_day_on_or_after(date("2026-12-24")),
        date("2026-12-28")
    );
    let with_shutdown =
        HolidayCalendar::new([date("2026-12-28"), date("2026-12-29")], Some(UsState::TX));
    assert_eq!(
        with_shutdown.working_day_on_or_after(date("2026-12-23")),
        date("2026-12-23")
    );
    assert_eq!(
        with_shutdown.working_day_on_or_after(date("2026-12-24")),
        date("2026-12-30")
    );
}

#[test]
fn thanksgiving_weekend_with_the_day_after() {
    assert_eq!(
        federal_only().working_day_on_or_after(date("2026-11-26")),
        date("2026-11-27")
    );
    assert_eq!(
        in_state(UsState::CA).working_day_on_or_after(date("2026-11-26")),
        date("2026-11-30")
    );
}

#[test]
fn new_years_observed_on_friday_then_the_weekend() {
    assert_eq!(
        federal_only().working_day_on_or_after(date("2021-12-31")),
        date("2022-01-03")
    );
}

#[test]
fn promise_date_adds_calendar_days_then_skips() {
    let texas = in_state(UsState::TX);
    assert_eq!(
        texas.add_calendar_days_then_skip(date("2026-12-21"), 3),
        date("2026-12-28")
    );
    assert_eq!(
        federal_only().add_calendar_days_then_skip(date("2026-12-21"), 3),
        date("2026-12-24")
    );
    assert_eq!(
        federal_only().add_calendar_days_then_skip(date("2026-11-20"), 0),
        date("2026-11-20")
    );
    // An order on a Friday + 3 calendar days lands on Monday, a working day.
    assert_eq!(
        federal_only().add_calendar_days_then_skip(date("2026-11-13"), 3),
        date("2026-11-16")
    );
    // Across the end of a year, into the New Year's holiday.
    assert_eq!(
        federal_only().add_calendar_days_then_skip(date("2026-12-29"), 3),
        date("2027-01-04")
    );
}

#[test]
fn years_outside_the_cache_are_answered_too() {
    let calendar = federal_only();
    // 2300-07-04 is a Wednesday.
    assert_eq!(
        name_on(&calendar, "2300-07-04"),
        Some("Independence Day".to_owned())
    );
    assert_eq!(
        calendar.holidays_in_year(1800).len(),
        9,
        "no MLK Day or Juneteenth in 1800"
    );
}

#[test]
fn the_ends_of_chronos_range_do_not_panic() {
    let calendar = federal_only();
    assert_eq!(
        calendar.add_calendar_days_then_skip(NaiveDate::MAX, 10),
        calendar.working_day_on_or_after(NaiveDate::MAX)
    );
    let _ = calendar.holidays_in_year(NaiveDate::MIN.year());
    let _ = calendar.holidays_in_year(NaiveDate::MAX.year());
}

#[test]
fn holiday_serializes_with_the_state_code() {
    let holiday = in_state(UsState::TX)
        .holiday_on(date("2026-03-02"))
        .unwrap();
    let json = serde_json::to_value(&holiday).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"date": "2026-03-02", "name": "Texas Independence Day", "source": {"State": "TX"}})
    );
    assert_eq!(serde_json::from_value::<Holiday>(json).unwrap(), holiday);
}

#[test]
fn a_calendar_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<HolidayCalendar>();
}

fn state_strategy() -> impl Strategy<Value = Option<UsState>> {
    prop::option::of(prop::sample::select(UsState::ALL))
}

fn date_strategy() -> impl Strategy<Value = NaiveDate> {
    let first = date("1990-01-01");
    let span = (date("2100-12-31") - first).num_days() as u64;
    (0..=span).prop_map(move |offset| first + Days::new(offset))
}

/// A calendar with a state (or none) and custom dates, some of them in runs of consecutive days.
fn calendar_strategy() -> impl Strategy<Value = HolidayCalendar> {
    let runs = prop::collection::vec((date_strategy(), 1u64..10), 0..6);
    (runs, state_strategy()).prop_map(|(runs, state)| {
        let custom = runs
            .into_iter()
            .flat_map(|(start, length)| (0..length).map(move |d| start + Days::new(d)));
        HolidayCalendar::new(custom, state)
    })
}

proptest! {
    #[test]
    fn working_day_on_or_after_is_the_first_working_day_from_the_input(
        calendar in calendar_strategy(), day in date_strategy(),
    ) {
        let found = calendar.working_day_on_or_after(day);
        prop_assert!(found >= day);
        prop_assert!(!matches!(found.weekday(), Weekday::Sat | Weekday::Sun), "{found} is a weekend");
        prop_assert_eq!(calendar.holiday_on(found), None);
        prop_assert!(calendar.is_working_day(found));
        prop_assert_eq!(calendar.working_day_on_or_after(found), found);
        for skipped in day.iter_days().take_while(|d| *d < found) {
            prop_assert!(!calendar.is_working_day(skipped), "{skipped} was a working day");
        }
    }

    #[test]
    fn add_calendar_days_then_skip_lands_on_the_first_working_day_from_start_plus_days(
        calendar in calendar_strategy(), start in date_strategy(), days in 0u32..60,
    ) {
        let target = start + Days::new(days.into());
        let found = calendar.add_calendar_days_then_skip(start, days);
        prop_assert!(found >= target);
        prop_assert!(calendar.is_working_day(found));
        prop_assert!(target.iter_days().take_while(|d| *d < found).all(|d| !calendar.is_working_day(d)));
    }

    #[test]
    fn holidays_in_year_are_sorted_and_are_exactly_the_holiday_dates(
        calendar in calendar_strategy(), year in 1990i32..=2100,
    ) {
        let holidays = calendar.holidays_in_year(year);
        prop_assert!(holidays.windows(2).all(|pair| pair[0].date <= pair[1].date));
        for holiday in &holidays {
            prop_assert_eq!(holiday.date.year(), year);
            prop_assert!(calendar.holiday_on(holiday.date).is_some(), "{} not a holiday", holiday.date);
        }
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        for day in first.iter_days().take_while(|d| d.year() == year) {
            let listed = holidays.iter().find(|h| h.date == day).cloned();
            prop_assert_eq!(calendar.holiday_on(day), listed);
        }
    }

    #[test]
    fn a_fresh_calendar_gives_the_same_answers_as_a_warm_one(
        custom in prop::collection::vec(date_strategy(), 0..5), state in state_strategy(), day in date_strategy(),
    ) {
        let warm = HolidayCalendar::new(custom.clone(), state);
        let _ = warm.holidays_in_year(day.year());
        let fresh = HolidayCalendar::new(custom, state);
        prop_assert_eq!(fresh.holiday_on(day), warm.holiday_on(day));
    }
}

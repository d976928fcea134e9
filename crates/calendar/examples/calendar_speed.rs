//! Prints how fast a calendar answers the questions the mapping engine asks: building it, the first
//! question about a year (which computes and caches that year), and the many questions after.
//!
//! Run: `cargo run -p shop-calendar --example calendar_speed --release`

use std::time::Instant;

use chrono::{Days, NaiveDate};
use shop_calendar::{HolidayCalendar, UsState, parse_custom_holidays};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let custom = parse_custom_holidays("2026-10-28|2026-12-28|2026-12-29|2027-07-05")?;
    let started = Instant::now();
    let calendar = HolidayCalendar::new(custom, Some(UsState::TX));
    println!("build:                         {:?}", started.elapsed());

    let first_day: NaiveDate = "1990-01-01".parse()?;
    let started = Instant::now();
    for year in 1990..=2100 {
        calendar.holidays_in_year(year);
    }
    println!("first look at 111 years:       {:?}", started.elapsed());

    let questions: u64 = 1_000_000;
    let started = Instant::now();
    let mut moved = 0u64;
    for offset in 0..questions {
        let asked = first_day + Days::new(offset % 40_000);
        if calendar.working_day_on_or_after(asked) != asked {
            moved += 1;
        }
    }
    let elapsed = started.elapsed();
    println!(
        "working_day_on_or_after:       {questions} questions in {elapsed:?} ({:?} each; {moved} dates moved)",
        elapsed / u32::try_from(questions)?
    );
    Ok(())
}

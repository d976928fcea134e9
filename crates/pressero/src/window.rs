//! The date window an order search covers, and its splitting into spans small enough that no
//! single search request is huge (large Pressero searches are slow: reference §4).

use chrono::{DateTime, Duration, DurationRound, Utc};

/// A half-open window of order dates: `start` inclusive, `end` exclusive (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchWindow {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

/// A window whose end is not after its start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("search window ends ({end}) before or when it starts ({start})")]
pub struct EmptyWindow {
    /// The start given.
    pub start: DateTime<Utc>,
    /// The end given.
    pub end: DateTime<Utc>,
}

impl SearchWindow {
    /// The window `[start, end)`. Searches send whole seconds, so the start is rounded down and
    /// the end up: the window only ever grows (results are de-duplicated).
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Self, EmptyWindow> {
        if end <= start {
            return Err(EmptyWindow { start, end });
        }
        let second = Duration::seconds(1);
        let start = start.duration_trunc(second).unwrap_or(start);
        let end = match end.duration_trunc(second) {
            Ok(truncated) if truncated < end => truncated + second,
            Ok(truncated) => truncated,
            Err(_) => end,
        };
        Ok(SearchWindow { start, end })
    }

    /// Inclusive start.
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// Exclusive end.
    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }

    /// Consecutive windows, none longer than `span` (whole seconds, at least one), that together
    /// cover exactly this window.
    pub fn split(&self, span: Duration) -> Vec<SearchWindow> {
        let span = span.max(Duration::seconds(1));
        let mut windows = Vec::new();
        let mut start = self.start;
        while start < self.end {
            let end = start
                .checked_add_signed(span)
                .map_or(self.end, |end| end.min(self.end));
            windows.push(SearchWindow { start, end });
            start = end;
        }
        windows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn split_covers_the_window_without_gaps_or_overlap() {
        let window =
            SearchWindow::new(at("2026-11-01T00:00:00Z"), at("2026-11-20T12:00:00Z")).unwrap();
        let parts = window.split(Duration::days(7));
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].start(), window.start());
        assert_eq!(parts.last().unwrap().end(), window.end());
        for pair in parts.windows(2) {
            assert_eq!(pair[0].end(), pair[1].start());
        }
        assert!(
            parts
                .iter()
                .all(|p| p.end() - p.start() <= Duration::days(7))
        );
        assert_eq!(parts[2].end() - parts[2].start(), Duration::hours(132));
    }

    #[test]
    fn a_short_window_is_not_split() {
        let window =
            SearchWindow::new(at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z")).unwrap();
        assert_eq!(window.split(Duration::days(7)), vec![window]);
    }

    #[test]
    fn rounding_only_widens_the_window() {
        let window = SearchWindow::new(
            at("2026-11-01T00:00:00.700Z"),
            at("2026-11-02T00:00:00.200Z"),
        )
        .unwrap();
        assert_eq!(window.start(), at("2026-11-01T00:00:00Z"));
        assert_eq!(window.end(), at("2026-11-02T00:00:01Z"));
    }

    #[test]
    fn empty_windows_are_refused() {
        let t = at("2026-11-01T00:00:00Z");
        assert!(SearchWindow::new(t, t).is_err());
    }
}

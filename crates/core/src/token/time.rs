//! Expiry parsing and the three ways every time is shown: RFC 3339 UTC,
//! local, and relative ("in 23 h 59 min", "14 min ago").
//!
//! Nothing here reads the clock: `now` and the local zone are passed in.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The longest lifetime we agree to sign: 10 years. Anything longer is a
/// typo (or an overflow) rather than a token anyone should hand out.
pub const MAX_LIFETIME_SECS: i64 = 10 * 366 * 86_400;

/// When a token to be generated expires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// A lifetime in seconds from the moment of signing.
    In(i64),
    /// An absolute moment.
    At(Timestamp),
}

impl Default for Expiry {
    /// 24 hours, as in VideoSDK's documented example.
    fn default() -> Self {
        Self::In(24 * 3600)
    }
}

/// An expiry that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpiryError {
    /// The text is not a duration.
    #[error(
        "'{0}' is not a duration: use a number with a unit, e.g. 30s, 10m, 24h, 7d, 2w, 1y (or 1h30m), or bare seconds"
    )]
    NotADuration(String),
    /// The text is not an RFC 3339 time.
    #[error(
        "'{0}' is not an RFC 3339 time: use e.g. 2026-12-24T18:00:00Z or 2026-12-24T18:00:00+01:00"
    )]
    NotATime(String),
    /// Zero or negative.
    #[error("the expiry must be in the future: {0} is not after now")]
    NotInFuture(String),
    /// More than [`MAX_LIFETIME_SECS`], or a number too big to compute with.
    #[error("'{0}' is too long: a token may live at most 10 years")]
    TooLong(String),
}

/// Parses a duration: `30s`, `10m`/`10min`, `24h`, `7d`, `2w`, `1y` (365 days),
/// bare seconds (`3600`), or several parts together (`1h30m`).
pub fn parse_duration(text: &str) -> Result<i64, ExpiryError> {
    let t = text.trim();
    let bad = || ExpiryError::NotADuration(text.trim().to_owned());
    if t.is_empty() {
        return Err(bad());
    }
    if t.starts_with('-') {
        return Err(ExpiryError::NotInFuture(t.to_owned()));
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        let secs: i64 = t.parse().map_err(|_| ExpiryError::TooLong(t.to_owned()))?;
        return check_lifetime(secs, t);
    }
    let mut total: i64 = 0;
    let mut rest = t;
    while !rest.is_empty() {
        rest = rest.trim_start();
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(bad());
        }
        let n: i64 = rest[..digits]
            .parse()
            .map_err(|_| ExpiryError::TooLong(t.to_owned()))?;
        rest = rest[digits..].trim_start();
        let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let unit = rest[..unit_len].to_ascii_lowercase();
        rest = &rest[unit_len..];
        let scale: i64 = match unit.as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            "d" | "day" | "days" => 86_400,
            "w" | "week" | "weeks" => 7 * 86_400,
            "y" | "year" | "years" => 365 * 86_400,
            _ => return Err(bad()),
        };
        total = n
            .checked_mul(scale)
            .and_then(|v| v.checked_add(total))
            .ok_or_else(|| ExpiryError::TooLong(t.to_owned()))?;
    }
    check_lifetime(total, t)
}

pub(super) fn check_lifetime(secs: i64, text: &str) -> Result<i64, ExpiryError> {
    if secs <= 0 {
        Err(ExpiryError::NotInFuture(text.to_owned()))
    } else if secs > MAX_LIFETIME_SECS {
        Err(ExpiryError::TooLong(text.to_owned()))
    } else {
        Ok(secs)
    }
}

/// Parses an absolute RFC 3339 time (with `Z` or an offset).
pub fn parse_time(text: &str) -> Result<Timestamp, ExpiryError> {
    text.trim()
        .parse::<Timestamp>()
        .map_err(|_| ExpiryError::NotATime(text.trim().to_owned()))
}

impl Expiry {
    /// The `exp` claim for a token signed at `now`, refusing a moment that
    /// is not in the future or too far away.
    pub fn exp_at(self, now: Timestamp) -> Result<i64, ExpiryError> {
        let now_s = now.as_second();
        match self {
            Self::In(secs) => {
                check_lifetime(secs, &format!("{secs}s"))?;
                now_s
                    .checked_add(secs)
                    .ok_or_else(|| ExpiryError::TooLong(format!("{secs}s")))
            }
            Self::At(t) => {
                let exp = t.as_second();
                if exp <= now_s {
                    Err(ExpiryError::NotInFuture(utc(t)))
                } else if exp - now_s > MAX_LIFETIME_SECS {
                    Err(ExpiryError::TooLong(utc(t)))
                } else {
                    Ok(exp)
                }
            }
        }
    }
}

/// First and last second (2000-01-01, 2200-01-01) a time written in
/// milliseconds is taken to mean. Seconds in that span are below 7.3e9 and
/// milliseconds above 9.4e11, so the two never overlap.
const MILLIS_MEANT: std::ops::Range<i64> = 946_684_800..7_258_118_400;

/// The time a NumericDate in milliseconds (JavaScript's `Date.now()`) was
/// meant as, if `value` is one; `None` for anything that reads as seconds.
pub fn millis_meant(value: i64) -> Option<Timestamp> {
    let secs = value.div_euclid(1000);
    (value >= 100_000_000_000 && MILLIS_MEANT.contains(&secs))
        .then(|| Timestamp::from_second(secs).ok())
        .flatten()
}

/// RFC 3339 in UTC, to the second: `2026-11-28T10:02:00Z`.
pub fn utc(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Local wall-clock time with the zone's abbreviation: `2026-11-28 11:02 CET`.
pub fn local(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// A span in the two largest units, e.g. `3 h 12 min`, `2 d 4 h`, `45 s`.
/// Seconds are shown only under a minute: "14 min" is what a person says,
/// and it lets a live countdown repaint once a minute instead of every second.
pub fn span(secs: i64) -> String {
    let s = secs.unsigned_abs();
    if s < 60 {
        return format!("{s} s");
    }
    const UNITS: [(u64, &str); 4] = [(365 * 86_400, "y"), (86_400, "d"), (3600, "h"), (60, "min")];
    let mut parts = Vec::with_capacity(2);
    let mut rest = s;
    for (size, name) in UNITS {
        if rest >= size {
            parts.push(format!("{} {name}", rest / size));
            rest %= size;
            if parts.len() == 2 {
                break;
            }
        } else if !parts.is_empty() {
            // Stop after one unit if the next one is zero: "2 h", not "2 h 0 min".
            break;
        }
    }
    parts.join(" ")
}

/// Seconds until [`relative`]`(t, now)` can read differently: 1 under a
/// minute, else at the next whole minute. A live view repaints after this.
pub fn next_change_secs(t: Timestamp, now: Timestamp) -> u64 {
    let d = t.as_second() - now.as_second();
    let m = d.unsigned_abs();
    if m < 60 || d == 60 {
        1
    } else if d > 0 {
        // Counting down, rounded up: "10 min" lasts from 10:00 down to 9:01
        // left, so the figure drops when d reaches the multiple of 60 below.
        (m - 1) % 60 + 1
    } else {
        60 - m % 60
    }
}

/// `in 3 h 12 min`, `14 min ago`, or `now`. A time to come is rounded up
/// to the minute, as a countdown reads: a 10-minute token says "in 10 min"
/// right after it is made, not "in 9 min"; a past one is rounded down
/// ("14 min ago" until 15 minutes have passed).
pub fn relative(t: Timestamp, now: Timestamp) -> String {
    let d = t.as_second() - now.as_second();
    match d {
        0 => "now".to_owned(),
        d if d >= 60 => format!("in {}", span(d.saturating_add(59) / 60 * 60)),
        d if d > 0 => format!("in {}", span(d)),
        d => format!("{} ago", span(d)),
    }
}

/// A time shown the three ways the product promises.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShownTime {
    /// RFC 3339 UTC.
    pub utc: String,
    /// Local wall-clock time.
    pub local: String,
    /// Relative to now.
    pub relative: String,
}

impl ShownTime {
    /// Shows a NumericDate claim value; `None` if it is out of range.
    pub fn of_seconds(secs: i64, now: Timestamp, tz: &TimeZone) -> Option<Self> {
        let t = Timestamp::from_second(secs).ok()?;
        Some(Self {
            utc: utc(t),
            local: local(t, tz),
            relative: relative(t, now),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_documented_form() {
        assert_eq!(parse_duration("30s"), Ok(30));
        assert_eq!(parse_duration("10m"), Ok(600));
        assert_eq!(parse_duration("90min"), Ok(5400));
        assert_eq!(parse_duration("24h"), Ok(86_400));
        assert_eq!(parse_duration("7d"), Ok(7 * 86_400));
        assert_eq!(parse_duration("2w"), Ok(14 * 86_400));
        assert_eq!(parse_duration("1y"), Ok(365 * 86_400));
        assert_eq!(parse_duration("3600"), Ok(3600));
        assert_eq!(parse_duration("1h30m"), Ok(5400));
        assert_eq!(parse_duration(" 36H "), Ok(36 * 3600));
    }

    #[test]
    fn bad_durations_are_explained() {
        assert!(matches!(
            parse_duration("soon"),
            Err(ExpiryError::NotADuration(_))
        ));
        assert!(matches!(
            parse_duration("10x"),
            Err(ExpiryError::NotADuration(_))
        ));
        assert!(matches!(
            parse_duration("h"),
            Err(ExpiryError::NotADuration(_))
        ));
        assert!(matches!(
            parse_duration(""),
            Err(ExpiryError::NotADuration(_))
        ));
        assert!(matches!(
            parse_duration("0s"),
            Err(ExpiryError::NotInFuture(_))
        ));
        assert!(matches!(
            parse_duration("-5m"),
            Err(ExpiryError::NotInFuture(_))
        ));
        assert!(matches!(
            parse_duration("11y"),
            Err(ExpiryError::TooLong(_))
        ));
        assert!(matches!(
            parse_duration("99999999999999999999999d"),
            Err(ExpiryError::TooLong(_))
        ));
        assert!(matches!(
            parse_duration("9223372036854775807w"),
            Err(ExpiryError::TooLong(_))
        ));
        let msg = parse_duration("soon").unwrap_err().to_string();
        assert!(msg.contains("24h"), "{msg}");
    }

    #[test]
    fn absolute_expiry_must_be_future() {
        let now: Timestamp = "2026-11-28T10:00:00Z".parse().unwrap();
        let at = parse_time("2026-11-28T12:00:00+01:00").unwrap();
        assert_eq!(Expiry::At(at).exp_at(now), Ok(now.as_second() + 3600));
        let past = parse_time("2026-11-28T09:59:59Z").unwrap();
        assert!(matches!(
            Expiry::At(past).exp_at(now),
            Err(ExpiryError::NotInFuture(_))
        ));
        assert!(matches!(
            parse_time("tomorrow"),
            Err(ExpiryError::NotATime(_))
        ));
        assert!(matches!(
            parse_time("2026-11-28 10:00"),
            Err(ExpiryError::NotATime(_))
        ));
    }

    #[test]
    fn spans_read_like_a_person_wrote_them() {
        assert_eq!(span(0), "0 s");
        assert_eq!(span(45), "45 s");
        assert_eq!(span(14 * 60), "14 min");
        assert_eq!(span(3 * 3600 + 12 * 60 + 5), "3 h 12 min");
        assert_eq!(span(2 * 3600 + 5), "2 h");
        assert_eq!(span(14 * 60 + 59), "14 min", "no seconds past a minute");
        assert_eq!(span(86_400 - 60), "23 h 59 min");
        assert_eq!(span(400 * 86_400), "1 y 35 d");
        let now: Timestamp = "2026-11-28T10:00:00Z".parse().unwrap();
        let t = Timestamp::from_second(now.as_second() - 840).unwrap();
        assert_eq!(relative(t, now), "14 min ago");
        let shown = ShownTime::of_seconds(now.as_second() + 60, now, &TimeZone::UTC).unwrap();
        assert_eq!(shown.utc, "2026-11-28T10:01:00Z");
        assert_eq!(shown.local, "2026-11-28 10:01 UTC");
        assert_eq!(shown.relative, "in 1 min");
        assert!(ShownTime::of_seconds(i64::MAX, now, &TimeZone::UTC).is_none());
    }

    #[test]
    fn times_to_come_round_up_like_a_countdown() {
        let now: Timestamp = "2026-11-28T10:00:00Z".parse().unwrap();
        let at = |d: i64| Timestamp::from_second(now.as_second() + d).unwrap();
        assert_eq!(relative(at(600), now), "in 10 min");
        assert_eq!(
            relative(at(599), now),
            "in 10 min",
            "a second after signing"
        );
        assert_eq!(relative(at(541), now), "in 10 min");
        assert_eq!(relative(at(540), now), "in 9 min");
        assert_eq!(relative(at(86_399), now), "in 1 d");
        assert_eq!(relative(at(60), now), "in 1 min");
        assert_eq!(relative(at(59), now), "in 59 s");
        assert_eq!(relative(at(-599), now), "9 min ago", "the past rounds down");
    }

    #[test]
    fn next_change_is_when_the_shown_text_changes() {
        let now: Timestamp = "2026-11-28T10:00:00Z".parse().unwrap();
        let at = |d: i64| Timestamp::from_second(now.as_second() + d).unwrap();
        for d in [
            -7200i64, -600, -59, -1, 1, 59, 60, 61, 119, 120, 121, 599, 600, 3600, 86_399,
        ] {
            let wait = next_change_secs(at(d), now) as i64;
            assert!(wait >= 1, "{d}");
            let later = Timestamp::from_second(now.as_second() + wait).unwrap();
            let before = Timestamp::from_second(now.as_second() + wait - 1).unwrap();
            assert_eq!(
                relative(at(d), before),
                relative(at(d), now),
                "{d}: changed early"
            );
            assert_ne!(
                relative(at(d), later),
                relative(at(d), now),
                "{d}: wait {wait} too long"
            );
        }
    }
}

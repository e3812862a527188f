//! A token's lifetime, `iat` → `nbf` → `exp`, with now and the moment of
//! use: the numbers for a drawing, a one-line text form, and the sentence
//! a screen reader says.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Map, Value};

use crate::token::span;

/// The moments of a token's life, in seconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeline {
    /// Issued.
    pub iat: Option<i64>,
    /// Valid from.
    pub nbf: Option<i64>,
    /// Expires.
    pub exp: Option<i64>,
    /// Now.
    pub now: i64,
    /// When it was used, if known.
    pub used: Option<i64>,
}

/// A time claim in seconds, held to the dates a clock can show (year
/// -9999 to 9999): a hostile `exp` of `i64::MAX` is the end of time, and
/// the differences drawn and said stay far from overflow.
fn claim(claims: &Map<String, Value>, name: &str) -> Option<i64> {
    let secs = crate::token::numeric_date(claims.get(name)?)?;
    Some(secs.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second()))
}

/// The timeline of a token with these claims.
pub fn timeline(claims: &Map<String, Value>, now: Timestamp, used: Option<Timestamp>) -> Timeline {
    Timeline {
        iat: claim(claims, "iat"),
        nbf: claim(claims, "nbf"),
        exp: claim(claims, "exp"),
        now: now.as_second(),
        used: used.map(Timestamp::as_second),
    }
}

fn clock(secs: i64, tz: &TimeZone) -> String {
    Timestamp::from_second(secs).map_or_else(
        |_| secs.to_string(),
        |t| {
            t.to_zoned(tz.clone())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}

impl Timeline {
    /// Whether the token says anything about its lifetime (`iat`, `nbf`
    /// or `exp`); without, there is nothing to draw.
    pub fn has_lifetime(&self) -> bool {
        self.iat.is_some() || self.nbf.is_some() || self.exp.is_some()
    }

    /// How the moment of use (or now) stands to the lifetime: "the request
    /// was 12 min after expiry", "used 48 min before expiry".
    pub fn judgement(&self) -> String {
        let (moment, what) = match self.used {
            Some(u) => (u, "the request was"),
            None => (self.now, "now is"),
        };
        if let Some(nbf) = self.nbf
            && moment < nbf
        {
            return format!("{what} {} before it became valid", span(nbf - moment));
        }
        match self.exp {
            Some(exp) if moment >= exp => format!("{what} {} after expiry", span(moment - exp)),
            Some(exp) => format!("{what} {} before expiry", span(exp - moment)),
            None => format!("{what} within a lifetime with no end"),
        }
    }

    /// One line: `issued 10:02 ─ used 10:14 ─ expires 11:02: the request
    /// was 48 min before expiry`.
    pub fn text(&self, tz: &TimeZone) -> String {
        let mut marks: Vec<(i64, String)> = Vec::new();
        if let Some(t) = self.iat {
            marks.push((t, format!("issued {}", clock(t, tz))));
        }
        if let Some(t) = self.nbf
            && Some(t) != self.iat
        {
            marks.push((t, format!("valid from {}", clock(t, tz))));
        }
        if let Some(t) = self.exp {
            marks.push((t, format!("expires {}", clock(t, tz))));
        }
        if let Some(t) = self.used {
            marks.push((t, format!("used {}", clock(t, tz))));
        }
        // Stable: at the same second, the claims come before the use.
        marks.sort_by_key(|m| m.0);
        let line: Vec<String> = marks.into_iter().map(|m| m.1).collect();
        format!("{}: {}", line.join(" ─ "), self.judgement())
    }

    /// The sentence for screen readers: "Token lifetime: issued …,
    /// expires …; the request was 12 min after expiry".
    pub fn label(&self, tz: &TimeZone) -> String {
        let issued = self.iat.map_or("unknown".to_owned(), |t| clock(t, tz));
        let expires = self.exp.map_or("never".to_owned(), |t| clock(t, tz));
        format!(
            "Token lifetime: issued {issued}, expires {expires}; {}",
            self.judgement()
        )
    }
}

//! One look-alike policy, for every name people compare by eye: VideoSDK's
//! claim names (in custom claims and in tokens), project names and preset
//! names. Two names look alike when a reader takes them for the same one:
//! their invisible characters dropped ([`super::is_invisible`]), then the
//! confusable skeleton of Unicode TS #39 (`unicode-security`), case-folded.
//! `аpikey` (Cyrillic а), `rооmId` (Cyrillic о), `roomΙd` (Greek Ι),
//! `apıkey` (dotless ı) and `apikey` + U+FE0F all read as `apikey`.

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_normalization::UnicodeNormalization as _;
use unicode_script::UnicodeScript as _;

use super::claims::{REGISTERED_CLAIMS, VIDEOSDK_CLAIMS};
use super::visible::{describe, is_invisible, visible, without_invisible};

/// The claim names VideoSDK reads: its own, then the registered time and id claims.
fn read_claims() -> impl Iterator<Item = &'static str> {
    VIDEOSDK_CLAIMS.into_iter().chain(REGISTERED_CLAIMS)
}

/// What a reader takes `name` for. Compatibility forms and case are folded
/// before and after the skeleton, so `ro0mId`, `ROOMID` and `rоomΙd` meet.
pub fn reading_key(name: &str) -> String {
    let seen: String = without_invisible(name)
        .nfkc()
        .flat_map(char::to_lowercase)
        .collect();
    unicode_security::skeleton(&seen)
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first of `known` that `name` looks like without being it.
pub fn looks_like<'k>(name: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let key = reading_key(name);
    known
        .into_iter()
        .find(|k| *k != name && reading_key(k) == key)
}

/// The VideoSDK claim `name` looks like without being it.
pub fn videosdk_claim_like(name: &str) -> Option<&'static str> {
    looks_like(name, read_claims())
}

/// What makes `name` differ from what it looks like, for a message: its
/// characters outside ASCII, each once with its place and script, e.g.
/// `character 1 is U+0430 (Cyrillic)`, or `character 7 is U+FE0F
/// VARIATION SELECTOR`. Empty for plain ASCII (a case or digit slip).
pub fn odd_characters(name: &str) -> String {
    let mut out = String::new();
    let mut seen = Vec::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii() && !c.is_ascii_control() || seen.contains(&c) {
            continue;
        }
        seen.push(c);
        if !out.is_empty() {
            out.push_str(", ");
        }
        let _ = if is_invisible(c) {
            write!(out, "character {} is {}", i + 1, describe(c))
        } else {
            write!(
                out,
                "character {} is U+{:04X} ({})",
                i + 1,
                u32::from(c),
                c.script().full_name()
            )
        };
        if seen.len() == 5 {
            break;
        }
    }
    out
}

/// A name shown to a person. One that looks like a VideoSDK claim without
/// being it has every character outside ASCII escaped (`<U+0430>pikey`),
/// so the difference can be seen; any other only its invisible ones.
pub fn shown_name(name: &str) -> Cow<'_, str> {
    if name.is_ascii() || videosdk_claim_like(name).is_none() {
        return visible(name);
    }
    let mut out = String::with_capacity(name.len() + 16);
    for c in name.chars() {
        if c.is_ascii() && !c.is_ascii_control() {
            out.push(c);
        } else {
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issues_look_alikes_read_as_videosdk_claims() {
        for (name, claim) in [
            ("\u{430}pikey", "apikey"),
            ("r\u{43e}\u{43e}mId", "roomId"),
            ("room\u{399}d", "roomId"),
            ("ap\u{131}key", "apikey"),
            ("apikey\u{34f}", "apikey"),
            ("apikey\u{fe0f}", "apikey"),
            ("apikey\u{2800}", "apikey"),
            ("ro0mId", "roomId"),
            ("\u{435}xp", "exp"),
            ("ｖｅｒｓｉｏｎ", "version"),
        ] {
            assert_eq!(videosdk_claim_like(name), Some(claim), "{name:?}");
        }
        // The claims themselves, and names that only share letters, are not.
        for name in VIDEOSDK_CLAIMS
            .into_iter()
            .chain(["team", "build", "lat", "jwt", "meetingId"])
        {
            assert_eq!(videosdk_claim_like(name), None, "{name}");
        }
    }

    #[test]
    fn project_and_preset_names_meet_their_look_alikes() {
        assert_eq!(
            looks_like("\u{455}taging", ["prod", "staging"]),
            Some("staging")
        );
        assert_eq!(looks_like("\u{4bb}ost", ["host"]), Some("host"));
        assert_eq!(looks_like("staging", ["staging"]), None, "itself");
        assert_eq!(looks_like("staging-eu", ["staging"]), None);
    }

    #[test]
    fn the_difference_is_named_and_shown() {
        assert_eq!(
            odd_characters("r\u{43e}\u{43e}m\u{399}d"),
            "character 2 is U+043E (Cyrillic), character 5 is U+0399 (Greek)"
        );
        assert_eq!(
            odd_characters("apikey\u{fe0f}"),
            "character 7 is U+FE0F VARIATION SELECTOR"
        );
        assert_eq!(shown_name("\u{430}pikey"), "<U+0430>pikey");
        assert_eq!(shown_name("apikey\u{2800}"), "apikey<U+2800>");
        // Ordinary non-ASCII names are shown as they are.
        assert_eq!(shown_name("имя"), "имя");
        assert!(matches!(shown_name("team"), Cow::Borrowed(_)));
    }
}

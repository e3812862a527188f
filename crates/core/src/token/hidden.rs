//! Inspecting, step 2b: what the JSON hides from a reader. Keys given
//! twice (parsers disagree on which counts) and invisible characters
//! (zero-width, bidi, control) in names and values, in header and payload.

use serde_json::{Map, Value};

use super::claims::claim_meaning;
use super::decode::Decoded;
use super::duplicates::Duplicate;
use super::findings::Finding;
use super::messages::{self, Place, Stakes};
use super::visible::{invisible_chars, without_invisible};

/// At most this many `invisible_characters` warnings are listed one by
/// one; the rest are counted in one more finding. Errors are always listed.
const MAX_LISTED: usize = 10;

/// Claims VideoSDK compares exactly with something the client sends or a
/// project holds, and the error a client gets when they differ.
const MATCHED: [(&str, Option<u16>); 5] = [
    ("apikey", Some(4001)),
    ("roomId", Some(4022)),
    ("participantId", Some(4023)),
    ("permissions", None),
    ("roles", None),
];

/// Pushes the duplicate-key and invisible-character findings of a decoded token.
pub(super) fn check(d: &Decoded<'_>, findings: &mut Vec<Finding>) {
    duplicates(Place::Header, &d.header_duplicates, findings);
    duplicates(Place::Payload, &d.claim_duplicates, findings);
    let mut spots = Vec::new();
    walk_object(Place::Header, "", &d.header, &mut spots);
    walk_object(Place::Payload, "", &d.claims, &mut spots);
    invisible(&spots, findings);
}

fn duplicates(place: Place, found: &[Duplicate], findings: &mut Vec<Finding>) {
    let (listed, rest) = found.split_at(found.len().min(MAX_LISTED));
    findings.extend(listed.iter().map(|d| messages::duplicate_key(place, d)));
    if !rest.is_empty() {
        let paths: Vec<&str> = rest.iter().map(|d| d.path.as_str()).collect();
        findings.push(messages::more_duplicate_keys(place, &paths));
    }
}

/// A name or a string value that holds invisible characters.
struct Spot<'v> {
    place: Place,
    /// Dotted path of the value, or of the object holding the name.
    path: String,
    /// True if `text` is a name, false if it is a string value.
    is_name: bool,
    /// The text, as in the token.
    text: &'v str,
    chars: Vec<char>,
}

impl Spot<'_> {
    /// What the characters change for VideoSDK.
    fn stakes(&self) -> Stakes {
        if self.place != Place::Payload {
            return Stakes::Shown;
        }
        if self.is_name {
            // A look-alike of a claim VideoSDK reads: it reads nothing.
            let meant = without_invisible(self.text);
            return match claim_meaning(&meant) {
                Some(_) if self.path.is_empty() => Stakes::LookAlike(meant),
                _ => Stakes::Shown,
            };
        }
        let top = self.path.split(['.', '[']).next().unwrap_or_default();
        MATCHED
            .iter()
            .find(|(claim, _)| *claim == top)
            .map_or(Stakes::Shown, |&(claim, code)| Stakes::Matched(claim, code))
    }
}

fn walk_object<'v>(
    place: Place,
    path: &str,
    object: &'v Map<String, Value>,
    spots: &mut Vec<Spot<'v>>,
) {
    for (name, value) in object {
        let chars = invisible_chars(name);
        if !chars.is_empty() {
            spots.push(Spot {
                place,
                path: path.to_owned(),
                is_name: true,
                text: name,
                chars,
            });
        }
        let inner = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        walk_value(place, inner, value, spots);
    }
}

fn walk_value<'v>(place: Place, path: String, value: &'v Value, spots: &mut Vec<Spot<'v>>) {
    match value {
        Value::String(s) => {
            let chars = invisible_chars(s);
            if !chars.is_empty() {
                spots.push(Spot {
                    place,
                    path,
                    is_name: false,
                    text: s,
                    chars,
                });
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_value(place, format!("{path}[{i}]"), item, spots);
            }
        }
        Value::Object(object) => walk_object(place, &path, object, spots),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Every spot that matters to VideoSDK (an error), and up to
/// [`MAX_LISTED`] others (warnings); the rest summed up in one more.
fn invisible(spots: &[Spot<'_>], findings: &mut Vec<Finding>) {
    let mut listed = 0;
    let mut unlisted = 0;
    let mut unlisted_chars: Vec<char> = Vec::new();
    for spot in spots {
        let stakes = spot.stakes();
        if stakes == Stakes::Shown && listed == MAX_LISTED {
            unlisted += 1;
            for c in &spot.chars {
                if !unlisted_chars.contains(c) {
                    unlisted_chars.push(*c);
                }
            }
            continue;
        }
        if stakes == Stakes::Shown {
            listed += 1;
        }
        let f = messages::invisible_characters(
            spot.place,
            &spot.path,
            spot.is_name,
            spot.text,
            &spot.chars,
            &stakes,
        );
        findings.push(f);
    }
    if unlisted > 0 {
        findings.push(messages::more_invisible(unlisted, &unlisted_chars));
    }
}

//! The payload of a generated token as compact JSON, written directly.

use serde_json::{Map, Value};

/// The payload of one token, in the order VideoSDK's example writes it;
/// `version: 2` is added when any v2 claim is present.
pub(super) struct Claims<'a> {
    pub(super) apikey: &'a str,
    pub(super) permissions: &'a [&'static str],
    pub(super) room_id: Option<&'a str>,
    pub(super) participant_id: Option<&'a str>,
    pub(super) roles: &'a [&'static str],
    pub(super) iat: i64,
    pub(super) exp: i64,
    pub(super) jti: &'a str,
    /// Custom claims as rendered by [`extra_fragment`], after VideoSDK's.
    pub(super) extra: &'a str,
}

impl Claims<'_> {
    /// Compact JSON, byte for byte what `serde_json` writes for the same
    /// fields. Written by hand because the shape is fixed (strings, string
    /// arrays, integers), so unlike a generic serialiser it cannot fail.
    pub(super) fn write_json(&self, out: &mut String) {
        out.push_str("{\"apikey\":");
        push_json_str(out, self.apikey);
        out.push_str(",\"permissions\":");
        push_json_strs(out, self.permissions);
        if self.room_id.is_some() || self.participant_id.is_some() || !self.roles.is_empty() {
            out.push_str(",\"version\":2");
        }
        if let Some(room) = self.room_id {
            out.push_str(",\"roomId\":");
            push_json_str(out, room);
        }
        if let Some(participant) = self.participant_id {
            out.push_str(",\"participantId\":");
            push_json_str(out, participant);
        }
        if !self.roles.is_empty() {
            out.push_str(",\"roles\":");
            push_json_strs(out, self.roles);
        }
        out.push_str(",\"iat\":");
        out.push_str(&self.iat.to_string());
        out.push_str(",\"exp\":");
        out.push_str(&self.exp.to_string());
        out.push_str(",\"jti\":");
        push_json_str(out, self.jti);
        out.push_str(self.extra);
        out.push('}');
    }
}

/// Custom claims as members to append to the payload object:
/// `,"name":value` each, in their order, compact as `serde_json` writes them.
pub(super) fn extra_fragment(claims: &Map<String, Value>) -> String {
    let mut out = String::new();
    for (name, value) in claims {
        out.push(',');
        push_json_str(&mut out, name);
        out.push(':');
        // `Value`'s Display is serde_json's compact writer; it cannot fail.
        out.push_str(&value.to_string());
    }
    out
}

fn push_json_strs(out: &mut String, items: &[&str]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_str(out, s);
    }
    out.push(']');
}

/// A JSON string with `serde_json`'s escapes: `"` and `\\`, the short forms
/// of five control characters, `\u00XX` (lower-case hex) for the others.
fn push_json_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let b = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[b >> 4]));
                out.push(char::from(HEX[b & 0xf]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_json_is_what_serde_json_writes() {
        let tricky: String = (0u8..0x80)
            .map(char::from)
            .chain("é/😀\u{2028}".chars())
            .collect();
        let perms = ["allow_join", "allow_mod"];
        let roles = ["rtc"];
        let none = Map::new();
        let mut extra = Map::new();
        extra.insert(tricky.clone(), tricky.as_str().into());
        extra.insert(
            "nested".into(),
            serde_json::json!({"a": [1, -2.5, null, true, {"b": tricky}], "z": {}}),
        );
        extra.insert("big".into(), u64::MAX.into());
        for (room, participant, roles, extra) in [
            (None, None, &[][..], &none),
            (Some(tricky.as_str()), None, &[][..], &none),
            (None, Some(tricky.as_str()), &roles[..], &none),
            (None, None, &roles[..], &none),
            (None, None, &[][..], &extra),
            (Some("r"), Some(tricky.as_str()), &roles[..], &extra),
        ] {
            let fragment = extra_fragment(extra);
            let claims = Claims {
                apikey: &tricky,
                permissions: &perms,
                room_id: room,
                participant_id: participant,
                roles,
                iat: -5,
                exp: i64::MAX,
                jti: "\"x\\",
                extra: &fragment,
            };
            let mut ours = String::new();
            claims.write_json(&mut ours);
            let mut want = serde_json::Map::new();
            want.insert("apikey".into(), tricky.as_str().into());
            want.insert("permissions".into(), perms[..].into());
            if room.is_some() || participant.is_some() || !roles.is_empty() {
                want.insert("version".into(), 2.into());
            }
            if let Some(r) = room {
                want.insert("roomId".into(), r.into());
            }
            if let Some(p) = participant {
                want.insert("participantId".into(), p.into());
            }
            if !roles.is_empty() {
                want.insert("roles".into(), roles.into());
            }
            want.insert("iat".into(), (-5).into());
            want.insert("exp".into(), i64::MAX.into());
            want.insert("jti".into(), "\"x\\".into());
            want.extend(extra.clone());
            assert_eq!(ours, serde_json::to_string(&want).unwrap());
        }
    }
}

//! A sample app's `.env`: which variables hold a token, and putting a new
//! token into one with every other byte kept.

use super::videosdk_tokens;

/// The variables sample apps read their token from, in the order the
/// default is chosen: the first present.
pub const DEFAULT_TOKEN_VARS: [&str; 5] = [
    "VITE_VIDEOSDK_TOKEN",
    "REACT_APP_VIDEOSDK_TOKEN",
    "NEXT_PUBLIC_VIDEOSDK_TOKEN",
    "VIDEOSDK_TOKEN",
    "AUTH_TOKEN",
];

/// The variable written when a file has none of [`DEFAULT_TOKEN_VARS`].
pub const FALLBACK_TOKEN_VAR: &str = "VIDEOSDK_TOKEN";

/// A variable holding a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvVar {
    /// Its name.
    pub name: String,
    /// Its value (the token, or what stands where a token should).
    pub token: String,
}

/// One `KEY=value` line taken apart: byte ranges of the name and the value
/// (inside its quotes, if any).
struct Assignment {
    name: std::ops::Range<usize>,
    value: std::ops::Range<usize>,
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-'
}

/// `line` (without its line break) as an assignment, if it is one.
fn assignment(line: &str) -> Option<Assignment> {
    let b = line.as_bytes();
    let mut i = b.iter().take_while(|c| **c == b' ' || **c == b'\t').count();
    if line[i..].starts_with("export ") {
        i += 7;
        i += b[i..]
            .iter()
            .take_while(|c| **c == b' ' || **c == b'\t')
            .count();
    }
    let start = i;
    if !b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return None;
    }
    i += b[i..].iter().take_while(|c| is_name_byte(**c)).count();
    let name = start..i;
    i += b[i..]
        .iter()
        .take_while(|c| **c == b' ' || **c == b'\t')
        .count();
    if b.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    i += b[i..]
        .iter()
        .take_while(|c| **c == b' ' || **c == b'\t')
        .count();
    let value = match b.get(i) {
        Some(q @ (b'"' | b'\'' | b'`')) => {
            let close = b[i + 1..].iter().position(|c| c == q);
            match close {
                Some(len) => i + 1..i + 1 + len,
                None => i + 1..b.len(),
            }
        }
        _ => {
            let end = line[i..]
                .find(" #")
                .or_else(|| line[i..].find("\t#"))
                .map_or(b.len(), |p| i + p);
            let v = line[i..end].trim_end();
            i..i + v.len()
        }
    };
    Some(Assignment { name, value })
}

/// True if the text reads as `KEY=value` lines: at least one, and nothing
/// but those, comments and blank lines (a last line cut off is not judged).
pub(super) fn looks_like_env(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let mut lines: Vec<&str> = text.split('\n').collect();
    if head.len() >= super::SNIFF_BYTES {
        lines.pop();
    }
    let mut any = false;
    for line in lines {
        let line = line.trim_end_matches('\r');
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if assignment(line).is_none() {
            return false;
        }
        any = true;
    }
    any
}

/// The token variable on one line: a value holding a VideoSDK token, or
/// any value of one of [`DEFAULT_TOKEN_VARS`].
pub(super) fn token_vars_in_line(line: &str) -> Vec<EnvVar> {
    let Some(a) = assignment(line) else {
        return Vec::new();
    };
    let name = &line[a.name.clone()];
    let value = &line[a.value.clone()];
    let tokens = videosdk_tokens(value);
    if let Some(t) = tokens.first() {
        return vec![EnvVar {
            name: name.to_owned(),
            token: (*t).to_owned(),
        }];
    }
    if DEFAULT_TOKEN_VARS.contains(&name) && !value.trim().is_empty() {
        return vec![EnvVar {
            name: name.to_owned(),
            token: value.trim().to_owned(),
        }];
    }
    Vec::new()
}

/// Every token variable in a `.env` text, in file order.
pub fn env_token_vars(text: &str) -> Vec<EnvVar> {
    text.lines().flat_map(token_vars_in_line).collect()
}

/// The variable a token is written into by default: the first of
/// [`DEFAULT_TOKEN_VARS`] present in `text`, else [`FALLBACK_TOKEN_VAR`].
pub fn default_token_var(text: &str) -> &'static str {
    let present: Vec<String> = text
        .split('\n')
        .filter_map(|l| {
            let l = l.trim_end_matches('\r');
            assignment(l).map(|a| l[a.name].to_owned())
        })
        .collect();
    DEFAULT_TOKEN_VARS
        .into_iter()
        .find(|v| present.iter().any(|p| p == v))
        .unwrap_or(FALLBACK_TOKEN_VAR)
}

/// `text` with every assignment of `name` given `value`; every other byte
/// kept (comments, order, quotes, line breaks). When `name` is absent, a
/// line `name=value` is added at the end, with the file's line break.
pub fn set_env_var(text: &str, name: &str, value: &str) -> String {
    let mut out = String::with_capacity(text.len() + value.len() + name.len() + 2);
    let mut found = false;
    for piece in text.split_inclusive('\n') {
        let body = piece.trim_end_matches(['\n', '\r']);
        match assignment(body) {
            Some(a) if &body[a.name.clone()] == name => {
                found = true;
                out.push_str(&body[..a.value.start]);
                out.push_str(value);
                out.push_str(&piece[a.value.end..]);
            }
            _ => out.push_str(piece),
        }
    }
    if !found {
        let crlf = text.contains("\r\n");
        let eol = if crlf { "\r\n" } else { "\n" };
        if !text.is_empty() && !text.ends_with('\n') {
            out.push_str(eol);
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
        out.push_str(eol);
    }
    out
}

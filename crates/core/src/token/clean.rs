//! Turning whatever a user pasted into the token they meant: prefixes,
//! quotes, whitespace and line breaks, a token inside a log line or a JSON body.

/// The cleaned token and, in plain words, what was removed to get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The token text to decode.
    pub token: String,
    /// What was done, e.g. "removed the 'Bearer ' prefix"; empty if nothing.
    pub actions: Vec<&'static str>,
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

const QUOTES: [char; 3] = ['"', '\'', '`'];

/// Cleans pasted text. Never fails: what cannot be cleaned is returned as is,
/// for the decoder to explain.
pub fn clean(input: &str) -> Cleaned {
    let mut actions = Vec::new();
    let mut s = input.trim();
    if let Some(joined) = join_literals(s) {
        return Cleaned {
            token: joined,
            actions: vec!["joined the string literals the token was split into in code"],
        };
    }
    if s.len() != input.len() {
        actions.push("removed whitespace around the token");
    }
    loop {
        let before = s;
        if let Some(rest) = strip_prefix_ci(s, "authorization:") {
            s = rest.trim_start();
            actions.push("removed the 'Authorization:' prefix");
        }
        if let Some(rest) = strip_prefix_ci(s, "bearer")
            && rest.starts_with(char::is_whitespace)
        {
            s = rest.trim_start();
            actions.push("removed the 'Bearer ' prefix");
        }
        if let Some(first) = s.chars().next().filter(|c| QUOTES.contains(c)) {
            s = &s[first.len_utf8()..];
            if s.ends_with(first) {
                s = &s[..s.len() - first.len_utf8()];
            }
            s = s.trim();
            actions.push("removed quotes");
        } else if let Some(last) = s.chars().last().filter(|c| QUOTES.contains(c)) {
            // A lone closing quote, e.g. the end of a copied JSON string.
            s = s[..s.len() - last.len_utf8()].trim();
            actions.push("removed quotes");
        }
        if s == before {
            break;
        }
    }
    if s.chars().any(char::is_whitespace) {
        let joined: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if joined.contains('.') && joined.chars().all(is_token_char) {
            actions.push("removed line breaks and spaces inside the token");
            return Cleaned {
                token: joined,
                actions,
            };
        }
    }
    if !s.chars().all(is_token_char)
        && let Some(found) = pick_out(s)
    {
        actions.push("picked the token out of the surrounding text");
        return Cleaned {
            token: found.to_owned(),
            actions,
        };
    }
    dedup(&mut actions);
    Cleaned {
        token: s.to_owned(),
        actions,
    }
}

/// A token split over string literals in code: `"eyJ…" +\n "…"` (JS, TS,
/// Java, C#, Go), adjacent literals (Python in parentheses, C), `&`/`.`
/// concatenation (VB, PHP), line continuations. Joined only when at least
/// two literals of token characters follow each other with nothing but
/// concatenation between them, the first starts like a JWT and the whole
/// has exactly three parts: a JSON field, a header line or two tokens
/// side by side are left to the other steps.
fn join_literals(s: &str) -> Option<String> {
    let lits = literals(s);
    let mut i = 0;
    while i < lits.len() {
        let mut joined = String::new();
        let mut j = i;
        while j < lits.len() {
            let (_, end, body) = lits[j];
            if body.is_empty() || !body.chars().all(is_token_char) {
                break;
            }
            joined.push_str(body);
            let Some(&(next, _, _)) = lits.get(j + 1) else {
                j += 1;
                break;
            };
            if !s[end..next].chars().all(is_concatenation) {
                j += 1;
                break;
            }
            j += 1;
        }
        if j - i >= 2 && joined.starts_with("eyJ") && joined.matches('.').count() == 2 {
            return Some(joined);
        }
        i = j.max(i + 1);
    }
    None
}

/// What may stand between two literals that are one string in code.
fn is_concatenation(c: char) -> bool {
    c.is_whitespace() || "+.&\\_".contains(c) || "rRbBfFuU@$".contains(c)
}

/// Every quoted literal in `s`: (index of its opening quote, index after
/// its closing quote, its body). An unclosed quote ends the list.
fn literals(s: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = s[from..].find(QUOTES) {
        let start = from + pos;
        let q = s[start..].chars().next().unwrap_or('"');
        let body_start = start + q.len_utf8();
        let Some(len) = s[body_start..].find(q) else {
            break;
        };
        let end = body_start + len + q.len_utf8();
        out.push((start, end, &s[body_start..body_start + len]));
        from = end;
    }
    out
}

/// True for a shortened example of a token, as docs and READMEs print
/// them: cut with `...` or `…`, or holding a placeholder such as
/// `<YOUR_TOKEN>` or `{{token}}`. Only asked of text that did not decode.
pub(super) fn is_placeholder(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    s.contains("...")
        || s.contains('\u{2026}')
        || (s.contains('<') && s.contains('>'))
        || (s.contains("{{") && s.contains("}}"))
        || [
            "your_token",
            "your-token",
            "yourtoken",
            "your_jwt",
            "token_here",
            "your_access_token",
            "xxxxx",
        ]
        .iter()
        .any(|p| lower.contains(p))
}

fn dedup(actions: &mut Vec<&'static str>) {
    let mut seen = Vec::with_capacity(actions.len());
    actions.retain(|a| {
        let new = !seen.contains(a);
        seen.push(*a);
        new
    });
}

/// The first token in `s`: see [`token_runs`].
fn pick_out(s: &str) -> Option<&str> {
    runs(s).next()
}

/// Every token in pasted text, in order: runs of token characters that
/// start like a JWT header (`eyJ`, base64url of `{"`), have three
/// dot-separated parts, and stand apart from their neighbours (any other
/// character next to one means the run is a piece of a broken token, which
/// the decoder should explain instead).
pub fn token_runs(s: &str) -> Vec<&str> {
    runs(s).collect()
}

fn runs(s: &str) -> impl Iterator<Item = &str> {
    let bytes = s.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(pos) = s.get(from..).and_then(|t| t.find("eyJ")) {
            let start = from + pos;
            let len = bytes[start..]
                .iter()
                .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
                .count();
            let run = s[start..start + len].trim_end_matches('.');
            let before = start.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(start + run.len()).copied();
            let apart = before
                .is_none_or(|b| b.is_ascii_whitespace() || b"\"'`=:({[<,;|".contains(&b))
                && after.is_none_or(|b| b.is_ascii_whitespace() || b"\"'`)}]>,;&|\\.".contains(&b));
            from = start + len.max(1);
            if apart && run.split('.').count() == 3 && run.split('.').all(|p| !p.is_empty()) {
                return Some(run);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ.c2ln";

    #[test]
    fn a_clean_token_is_left_alone() {
        let c = clean(T);
        assert_eq!(c.token, T);
        assert!(c.actions.is_empty());
    }

    #[test]
    fn prefixes_quotes_and_breaks_are_removed_and_said() {
        for (input, what) in [
            (format!("  {T}\n"), "whitespace"),
            (format!("Bearer {T}"), "Bearer"),
            (format!("bearer   {T}"), "Bearer"),
            (format!("Authorization: Bearer {T}"), "Authorization"),
            (format!("\"{T}\""), "quotes"),
            (format!("'Bearer {T}'"), "quotes"),
            (
                format!("{}\n{}\r\n{}", &T[..10], &T[10..20], &T[20..]),
                "line breaks",
            ),
            (format!("2026-11-28 INFO join token={T} user=bob"), "picked"),
            (format!(r#"{{"token": "{T}", "room": "x"}}"#), "picked"),
            (
                format!("curl -H 'Authorization: {T}' https://api.videosdk.live/v2/rooms"),
                "picked",
            ),
        ] {
            let c = clean(&input);
            assert_eq!(c.token, T, "{input:?}");
            assert!(
                c.actions.iter().any(|a| a.contains(what)),
                "{input:?}: {:?}",
                c.actions
            );
        }
    }

    #[test]
    fn every_token_in_a_paste_is_found_in_order() {
        let u = "eyJhbGciOiJIUzI1NiJ9.eyJiIjoyfQ.c2ln";
        let text = format!("old: {T}\nnew: Bearer {u}, and {T}é and eyJ.broken");
        assert_eq!(token_runs(&text), [T, u]);
        assert_eq!(token_runs(T), [T]);
        assert!(token_runs("no tokens here").is_empty());
        // A token wrapped over lines is one broken run, not several.
        let wrapped = format!("{}\n{}", &T[..25], &T[25..]);
        assert!(token_runs(&wrapped).len() < 2, "{wrapped}");
    }

    #[test]
    fn garbage_is_passed_through_for_the_decoder_to_explain() {
        assert_eq!(clean("hello world").token, "hello world");
        assert_eq!(clean("").token, "");
        assert_eq!(clean("\"").token, "");
        assert_eq!(clean("Bearer").token, "Bearer");
    }
}

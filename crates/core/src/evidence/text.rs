//! Logs: every line with a VideoSDK token, its timestamp, and the error
//! VideoSDK answered (on the same line or the few after it).

use std::io::BufRead;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};

use super::{Evidence, Kind, Sighting, response_code, videosdk_tokens};

/// A line longer than this is cut into pieces of this size (a token across
/// a cut is not found): memory stays bounded on a file with no line breaks.
pub const MAX_LINE: usize = 256 * 1024;
/// Lines after a token's line searched for VideoSDK's answer, unless they
/// carry a token of their own.
const ANSWER_LINES: usize = 3;
/// Only the start of a line is searched for its timestamp.
const TIME_SEARCH: usize = 200;

/// Reads a log (or a `.env`, for `kind` [`Kind::Env`]) line by line.
pub(super) fn read<R: BufRead>(mut reader: R, tz: &TimeZone, kind: Kind) -> Evidence {
    let mut ev = Evidence::new(kind);
    let mut line_no = 0usize;
    // Sightings of the last token line still waiting for an answer, and
    // how many lines may still give it.
    let mut waiting: Vec<usize> = Vec::new();
    let mut window = 0usize;
    let mut buf: Vec<u8> = Vec::new();
    // The last piece read ended its line (a piece of a longer line does not).
    let mut line_ended = true;
    loop {
        buf.clear();
        match read_line(&mut reader, &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                ev.problem = Some(format!("the file could not be read to the end: {e}"));
                break;
            }
        }
        if line_ended {
            line_no += 1;
        }
        line_ended = buf.ends_with(b"\n");
        let line = String::from_utf8_lossy(&buf);
        let line = line.trim_end_matches(['\n', '\r']);
        if kind == Kind::Env {
            for var in super::env::token_vars_in_line(line) {
                ev.add(Sighting {
                    token: var.token,
                    at: None,
                    local_time: false,
                    place: var.name,
                    status: None,
                    response_code: None,
                });
            }
            continue;
        }
        let tokens = videosdk_tokens(line);
        let code = if line.len() > 8 {
            response_code(line)
        } else {
            None
        };
        if tokens.is_empty() {
            if window > 0 {
                window -= 1;
                if let Some(code) = code {
                    for &i in &waiting {
                        if let Some(s) = ev.sightings.get_mut(i) {
                            s.response_code = Some(code);
                        }
                    }
                    waiting.clear();
                    window = 0;
                }
            }
            continue;
        }
        let (at, local_time) = match line_time(line, tz) {
            Some((t, l)) => (Some(t), l),
            None => (None, false),
        };
        waiting.clear();
        let mut once: Vec<&str> = Vec::new();
        for token in tokens {
            if once.contains(&token) {
                continue;
            }
            once.push(token);
            let before = ev.sightings.len();
            ev.add(Sighting {
                token: token.to_owned(),
                at,
                local_time,
                place: format!("line {line_no}"),
                status: None,
                response_code: code,
            });
            if code.is_none() && ev.sightings.len() > before {
                waiting.push(before);
            }
        }
        window = if waiting.is_empty() { 0 } else { ANSWER_LINES };
    }
    ev
}

/// One line into `buf`, at most [`MAX_LINE`] bytes; 0 at the end.
fn read_line<R: BufRead>(reader: &mut R, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    loop {
        let avail = match reader.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(buf.len());
        }
        let room = MAX_LINE - buf.len();
        let take = avail.len().min(room);
        if let Some(nl) = avail[..take].iter().position(|&b| b == b'\n') {
            buf.extend_from_slice(&avail[..=nl]);
            reader.consume(nl + 1);
            return Ok(buf.len());
        }
        buf.extend_from_slice(&avail[..take]);
        reader.consume(take);
        if buf.len() >= MAX_LINE {
            return Ok(buf.len());
        }
    }
}

/// The timestamp at the start of a log line.
fn line_time(line: &str, tz: &TimeZone) -> Option<(Timestamp, bool)> {
    let mut end = line.len().min(TIME_SEARCH);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    let head = &line[..end];
    let bytes = head.as_bytes();
    for i in 0..bytes.len() {
        if bytes[i].is_ascii_digit()
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && let Some(found) = parse_moment(&head[i..], tz)
        {
            return Some(found);
        }
    }
    None
}

/// A moment written at the start of `s`: ISO 8601 / RFC 3339
/// (`2026-12-07T10:14:02.123Z`, `2026-12-07 10:14:02,123 +0100`), or the
/// common log format (`07/Dec/2026:10:14:02 +0000`). `true` with it when
/// no zone was written and `tz` (the local zone) was assumed.
pub fn parse_moment(s: &str, tz: &TimeZone) -> Option<(Timestamp, bool)> {
    iso(s, tz).or_else(|| common_log(s))
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<i32> {
    let part = b.get(at..at + n)?;
    if !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(part.iter().fold(0, |acc, d| acc * 10 + i32::from(d - b'0')))
}

fn iso(s: &str, tz: &TimeZone) -> Option<(Timestamp, bool)> {
    let b = s.as_bytes();
    let (y, mo, d) = (digits(b, 0, 4)?, digits(b, 5, 2)?, digits(b, 8, 2)?);
    if b[4] != b'-' || b[7] != b'-' || !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let (h, mi) = (digits(b, 11, 2)?, digits(b, 14, 2)?);
    if b.get(13) != Some(&b':') {
        return None;
    }
    let mut at = 16;
    let mut sec = 0;
    let mut nanos = 0i32;
    if b.get(at) == Some(&b':') {
        sec = digits(b, at + 1, 2)?;
        at += 3;
        if matches!(b.get(at), Some(b'.' | b',')) {
            let frac: Vec<u8> = b[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .copied()
                .collect();
            at += 1 + frac.len();
            for (i, c) in frac.iter().take(9).enumerate() {
                nanos += i32::from(c - b'0') * 10i32.pow(8 - i as u32);
            }
        }
    }
    let civil = DateTime::new(
        i16::try_from(y).ok()?,
        i8::try_from(mo).ok()?,
        i8::try_from(d).ok()?,
        i8::try_from(h).ok()?,
        i8::try_from(mi).ok()?,
        i8::try_from(sec.min(59)).ok()?,
        nanos,
    )
    .ok()?;
    // A space may stand between the time and its offset.
    let zone_at = if b.get(at) == Some(&b' ') && matches!(b.get(at + 1), Some(b'+' | b'-' | b'Z')) {
        at + 1
    } else {
        at
    };
    match b.get(zone_at) {
        Some(b'Z' | b'z') => Some((civil.to_zoned(TimeZone::UTC).ok()?.timestamp(), false)),
        Some(sign @ (b'+' | b'-')) => {
            let oh = digits(b, zone_at + 1, 2)?;
            let om = if b.get(zone_at + 3) == Some(&b':') {
                digits(b, zone_at + 4, 2)?
            } else {
                digits(b, zone_at + 3, 2).unwrap_or(0)
            };
            let secs = (oh * 3600 + om * 60) * if *sign == b'-' { -1 } else { 1 };
            let offset = Offset::from_seconds(secs).ok()?;
            Some((
                civil.to_zoned(TimeZone::fixed(offset)).ok()?.timestamp(),
                false,
            ))
        }
        _ => Some((civil.to_zoned(tz.clone()).ok()?.timestamp(), true)),
    }
}

fn common_log(s: &str) -> Option<(Timestamp, bool)> {
    // 07/Dec/2026:10:14:02 +0000 (26 bytes)
    let b = s.as_bytes();
    if b.len() < 26 || b[2] != b'/' || b[6] != b'/' || b[11] != b':' {
        return None;
    }
    let t = jiff::fmt::strtime::parse("%d/%b/%Y:%H:%M:%S %z", s.get(..26)?)
        .ok()?
        .to_timestamp()
        .ok()?;
    Some((t, false))
}

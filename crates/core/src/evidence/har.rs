//! HAR 1.2, streamed: Chrome's, Firefox's and Safari's exports. Only the
//! few fields that can matter are kept; every other value (timings, cache,
//! cookies, bodies of requests that carry no token) is skipped by
//! `IgnoredAny` without being stored.

use std::fmt;
use std::io::BufRead;

use base64::Engine as _;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::text::parse_moment;
use super::{
    Evidence, Kind, MAX_SCANNED_BODY, ResponseCode, Sighting, response_code, shorten_tokens,
    videosdk_tokens,
};

/// The hosts of VideoSDK's APIs: their answers are always read.
fn videosdk_host(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
    host == "videosdk.live" || host.ends_with(".videosdk.live")
}

/// What reading a HAR keeps between entries.
struct Collector<'t> {
    ev: Evidence,
    tz: &'t TimeZone,
    /// `log.entries` was reached: this is a HAR.
    saw_entries: bool,
    entries: usize,
}

/// Reads a HAR from `reader`. `None` when it holds no `log.entries` (JSON,
/// or broken JSON, of some other kind).
pub(super) fn read<R: BufRead>(reader: R, tz: &TimeZone) -> Option<Evidence> {
    let mut c = Collector {
        ev: Evidence::new(Kind::Har),
        tz,
        saw_entries: false,
        entries: 0,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let result = Top(&mut c).deserialize(&mut de);
    if !c.saw_entries {
        return None;
    }
    if let Err(e) = result {
        c.ev.problem = Some(format!(
            "the HAR is broken or cut short after entry {}: {}",
            c.entries,
            plain(&e)
        ));
    }
    Some(c.ev)
}

/// serde_json's error without the text that caused it (it may quote the file).
fn plain(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Io => "the file could not be read",
        Category::Syntax => "not valid JSON",
        Category::Data => "unexpected content",
        Category::Eof => "the file ends in the middle",
    };
    format!("{what} (line {}, column {})", e.line(), e.column())
}

/// Visitor methods that accept any value they do not expect, skipping it,
/// and give `$default`.
macro_rules! lenient {
    ($default:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($default)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($default)
        }
    };
}

macro_rules! lenient_str {
    ($default:expr) => {
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($default)
        }
    };
}

macro_rules! lenient_seq {
    ($default:expr) => {
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok($default)
        }
    };
}

macro_rules! lenient_map {
    ($default:expr) => {
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok($default)
        }
    };
}

/// A key, kept only if short (keys that matter are).
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(Self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok((s.len() <= 64).then(|| s.to_owned()))
    }
}

fn next_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Option<String>>, A::Error> {
    map.next_key_seed(Key)
}

/// A string, the first `.0` bytes of it kept; any other value gives `None`.
struct Capped(usize);

impl<'de> DeserializeSeed<'de> for Capped {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Capped {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        let mut end = s.len().min(self.0);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        Ok(Some(s[..end].to_owned()))
    }
    lenient!(None);
    lenient_seq!(None);
    lenient_map!(None);
}

/// A number; anything else gives `None`.
struct Number;

impl<'de> DeserializeSeed<'de> for Number {
    type Value = Option<f64>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Number {
    type Value = Option<f64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    lenient_str!(None);
    lenient_seq!(None);
    /// serde_json's `arbitrary_precision` (on for exact claim numbers)
    /// hands every number over as a one-entry map holding its text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut number = None;
        while let Some(key) = next_key(&mut map)? {
            if key.as_deref() == Some(NUMBER_TOKEN) {
                number = map
                    .next_value_seed(Capped(64))?
                    .and_then(|s| s.parse().ok());
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(number)
    }
}

/// The key under which serde_json (with `arbitrary_precision`) passes a
/// number's text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A string searched for VideoSDK tokens, which are added to `.0`; the
/// string itself is not kept.
struct Tokens<'v>(&'v mut Vec<String>);

impl<'de> DeserializeSeed<'de> for Tokens<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Tokens<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        add_tokens(self.0, s);
        Ok(())
    }
    lenient!(());
    lenient_seq!(());
    lenient_map!(());
}

fn add_tokens(into: &mut Vec<String>, s: &str) {
    for t in videosdk_tokens(s) {
        if !into.iter().any(|k| k == t) && into.len() < 1000 {
            into.push(t.to_owned());
        }
    }
}

/// `[{name, value}]` (headers, query parameters, form fields): the values
/// searched for tokens.
struct Pairs<'v>(&'v mut Vec<String>);

impl<'de> DeserializeSeed<'de> for Pairs<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Pairs<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of name/value pairs")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Pair(&mut *self.0))?.is_some() {}
        Ok(())
    }
    lenient!(());
    lenient_str!(());
    lenient_map!(());
}

struct Pair<'v>(&'v mut Vec<String>);

impl<'de> DeserializeSeed<'de> for Pair<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Pair<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a name/value pair")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = next_key(&mut map)? {
            if key.as_deref() == Some("value") {
                map.next_value_seed(Tokens(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
    lenient!(());
    lenient_str!(());
    lenient_seq!(());
}

/// What is kept of a request.
#[derive(Default)]
struct Request {
    method: Option<String>,
    /// The start of the URL (enough to show its host and path).
    url: Option<String>,
    /// Its host is VideoSDK's.
    videosdk: bool,
    tokens: Vec<String>,
}

struct RequestSeed;

impl<'de> DeserializeSeed<'de> for RequestSeed {
    type Value = Request;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Request, D::Error> {
        d.deserialize_any(self)
    }
}

/// The URL: its start kept, all of it searched for tokens.
struct Url<'v>(&'v mut Vec<String>);

impl<'de> DeserializeSeed<'de> for Url<'_> {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Url<'_> {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a URL")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        add_tokens(self.0, s);
        Capped(2048).visit_str(s)
    }
    lenient!(None);
    lenient_seq!(None);
    lenient_map!(None);
}

impl<'de> Visitor<'de> for RequestSeed {
    type Value = Request;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a request")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Request, A::Error> {
        let mut r = Request::default();
        while let Some(key) = next_key(&mut map)? {
            match key.as_deref() {
                Some("method") => r.method = map.next_value_seed(Capped(16))?,
                Some("url") => {
                    r.url = map.next_value_seed(Url(&mut r.tokens))?;
                    r.videosdk = r.url.as_deref().is_some_and(videosdk_host);
                }
                Some("headers" | "queryString") => map.next_value_seed(Pairs(&mut r.tokens))?,
                Some("postData") => map.next_value_seed(PostData(&mut r.tokens))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(r)
    }
    lenient!(Request::default());
    lenient_str!(Request::default());
    lenient_seq!(Request::default());
}

/// `postData`: its `text` and `params` searched for tokens.
struct PostData<'v>(&'v mut Vec<String>);

impl<'de> DeserializeSeed<'de> for PostData<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PostData<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("postData")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = next_key(&mut map)? {
            match key.as_deref() {
                Some("text") => map.next_value_seed(Tokens(&mut *self.0))?,
                Some("params") => map.next_value_seed(Pairs(&mut *self.0))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
    lenient!(());
    lenient_str!(());
    lenient_seq!(());
}

/// What is kept of a response.
#[derive(Default)]
struct Response {
    status: Option<f64>,
    code: Option<ResponseCode>,
}

/// A response; its body is read only if `.0` (the request carries a token,
/// goes to VideoSDK, or has not been seen yet).
struct ResponseSeed(bool);

impl<'de> DeserializeSeed<'de> for ResponseSeed {
    type Value = Response;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Response, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ResponseSeed {
    type Value = Response;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a response")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Response, A::Error> {
        let mut r = Response::default();
        while let Some(key) = next_key(&mut map)? {
            match key.as_deref() {
                Some("status") => r.status = map.next_value_seed(Number)?,
                Some("content") if self.0 => r.code = map.next_value_seed(Content)?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(r)
    }
    lenient!(Response::default());
    lenient_str!(Response::default());
    lenient_seq!(Response::default());
}

/// Enough of a base64 body to hold [`MAX_SCANNED_BODY`] bytes.
const BODY_KEPT: usize = MAX_SCANNED_BODY / 3 * 4 + 4;

/// `response.content`: the start of `text`, decoded if `encoding` is
/// base64, searched for VideoSDK's error.
struct Content;

impl<'de> DeserializeSeed<'de> for Content {
    type Value = Option<ResponseCode>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Content {
    type Value = Option<ResponseCode>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("content")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut text = None;
        let mut encoding = None;
        while let Some(key) = next_key(&mut map)? {
            match key.as_deref() {
                Some("text") => text = map.next_value_seed(Capped(BODY_KEPT))?,
                Some("encoding") => encoding = map.next_value_seed(Capped(16))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let Some(text) = text else {
            return Ok(None);
        };
        if encoding.as_deref() == Some("base64") {
            let clean: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            let cut = &clean[..clean.len() / 4 * 4];
            let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(cut) else {
                return Ok(None);
            };
            return Ok(response_code(&String::from_utf8_lossy(&bytes)));
        }
        Ok(response_code(&text))
    }
    lenient!(None);
    lenient_str!(None);
    lenient_seq!(None);
}

/// One WebSocket message (Chrome's `_webSocketMessages`).
#[derive(Default)]
struct Message {
    /// Seconds since the epoch.
    time: Option<f64>,
    tokens: Vec<String>,
    code: Option<ResponseCode>,
}

struct Messages;

impl<'de> DeserializeSeed<'de> for Messages {
    type Value = Vec<Message>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Messages {
    type Value = Vec<Message>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebSocket messages")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(m) = seq.next_element_seed(MessageSeed)? {
            // Only messages that matter are kept, and not without end.
            if (!m.tokens.is_empty() || m.code.is_some()) && out.len() < 1000 {
                out.push(m);
            }
        }
        Ok(out)
    }
    lenient!(Vec::new());
    lenient_str!(Vec::new());
    lenient_map!(Vec::new());
}

struct MessageSeed;

impl<'de> DeserializeSeed<'de> for MessageSeed {
    type Value = Message;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Message, D::Error> {
        d.deserialize_any(self)
    }
}

/// A message's data: tokens in it, and VideoSDK's error.
struct Data<'m>(&'m mut Message);

impl<'de> DeserializeSeed<'de> for Data<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Data<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("message data")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        add_tokens(&mut self.0.tokens, s);
        if s.len() > 8 {
            self.0.code = response_code(s);
        }
        Ok(())
    }
    lenient!(());
    lenient_seq!(());
    lenient_map!(());
}

impl<'de> Visitor<'de> for MessageSeed {
    type Value = Message;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a WebSocket message")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Message, A::Error> {
        let mut m = Message::default();
        while let Some(key) = next_key(&mut map)? {
            match key.as_deref() {
                Some("time") => m.time = map.next_value_seed(Number)?,
                Some("data") => map.next_value_seed(Data(&mut m))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(m)
    }
    lenient!(Message::default());
    lenient_str!(Message::default());
    lenient_seq!(Message::default());
}

struct Top<'c, 't>(&'c mut Collector<'t>);

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HAR file")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = next_key(&mut map)? {
            if key.as_deref() == Some("log") {
                map.next_value_seed(Log(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct Log<'c, 't>(&'c mut Collector<'t>);

impl<'de> DeserializeSeed<'de> for Log<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Log<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HAR log")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = next_key(&mut map)? {
            if key.as_deref() == Some("entries") {
                map.next_value_seed(Entries(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
    lenient!(());
    lenient_str!(());
    lenient_seq!(());
}

struct Entries<'c, 't>(&'c mut Collector<'t>);

impl<'de> DeserializeSeed<'de> for Entries<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Entries<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HAR entries")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.saw_entries = true;
        while let Some(entry) = seq.next_element_seed(EntrySeed)? {
            self.0.entries += 1;
            let n = self.0.entries;
            entry.record(n, &mut self.0.ev, self.0.tz);
        }
        Ok(())
    }
}

/// What is kept of one entry.
#[derive(Default)]
struct Entry {
    started: Option<String>,
    request: Option<Request>,
    response: Option<Response>,
    messages: Vec<Message>,
    resource_type: Option<String>,
}

struct EntrySeed;

impl<'de> DeserializeSeed<'de> for EntrySeed {
    type Value = Entry;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Entry, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EntrySeed {
    type Value = Entry;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HAR entry")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
        let mut e = Entry::default();
        while let Some(key) = next_key(&mut map)? {
            match key.as_deref() {
                Some("startedDateTime") => e.started = map.next_value_seed(Capped(64))?,
                Some("request") => e.request = Some(map.next_value_seed(RequestSeed)?),
                Some("response") => {
                    // The body matters if the request carries a token or
                    // goes to VideoSDK; when the request comes later, it
                    // is read in case.
                    let read = e
                        .request
                        .as_ref()
                        .is_none_or(|r| !r.tokens.is_empty() || r.videosdk);
                    e.response = Some(map.next_value_seed(ResponseSeed(read))?);
                }
                Some("_webSocketMessages") => e.messages = map.next_value_seed(Messages)?,
                Some("_resourceType") => e.resource_type = map.next_value_seed(Capped(32))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(e)
    }
    lenient!(Entry::default());
    lenient_str!(Entry::default());
    lenient_seq!(Entry::default());
}

impl Entry {
    /// Adds this entry's sightings (entry number `n`, from 1).
    fn record(self, n: usize, ev: &mut Evidence, tz: &TimeZone) {
        let request = self.request.unwrap_or_default();
        let sent_in_messages = self.messages.iter().any(|m| !m.tokens.is_empty());
        if request.tokens.is_empty() && !sent_in_messages {
            return;
        }
        let (at, local_time) = match self.started.as_deref().and_then(|s| parse_moment(s, tz)) {
            Some((t, l)) => (Some(t), l),
            None => (None, false),
        };
        let url = request.url.as_deref().unwrap_or("");
        let websocket = url.starts_with("ws://")
            || url.starts_with("wss://")
            || self.resource_type.as_deref() == Some("websocket");
        let what = if websocket {
            "WebSocket".to_owned()
        } else {
            request.method.clone().unwrap_or_else(|| "?".to_owned())
        };
        let place = format!("{what} {} (entry {n})", shown_url(url));
        let status = self
            .response
            .as_ref()
            .and_then(|r| r.status)
            .filter(|s| (1.0..1000.0).contains(s))
            .map(|s| s as u16);
        let answer = self.response.as_ref().and_then(|r| r.code);
        let ws_answer = self.messages.iter().find_map(|m| m.code);
        let code = answer.or(ws_answer);
        for token in &request.tokens {
            ev.add(Sighting {
                token: token.clone(),
                at,
                local_time,
                place: place.clone(),
                status,
                response_code: code,
            });
        }
        for (i, m) in self.messages.iter().enumerate() {
            for token in &m.tokens {
                if request.tokens.contains(token) {
                    continue;
                }
                let at = m
                    .time
                    .filter(|t| t.is_finite())
                    .and_then(|t| Timestamp::from_millisecond((t * 1000.0) as i64).ok())
                    .or(at);
                // The error VideoSDK sent after this message.
                let later = self.messages[i..].iter().find_map(|m| m.code).or(answer);
                ev.add(Sighting {
                    token: token.clone(),
                    at,
                    local_time: false,
                    place: format!(
                        "{what} message {} {}",
                        i + 1,
                        place.split_once(' ').map_or("", |p| p.1)
                    ),
                    status,
                    response_code: later,
                });
            }
        }
    }
}

/// Host and path of a URL, for showing: no scheme, the query string and
/// fragment cut (`?…`), tokens shortened.
fn shown_url(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    // user:password@ is never shown.
    let rest = match rest.split_once('@') {
        Some((before, after)) if !before.contains('/') => after,
        _ => rest,
    };
    let cut = rest.find(['?', '#']);
    let base = cut.map_or(rest, |c| &rest[..c]);
    let mut shown = shorten_tokens(base, 100);
    if cut.is_some() {
        shown.push_str("?…");
    }
    shown
}

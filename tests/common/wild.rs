//! The corpus of real-world token shapes (`tests/data/wild-tokens.json`,
//! issue 19): each shape re-signed with the corpus' test secret, or a
//! damaged copy of it, at the test's now, and wrapped as it was pasted.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{KeyInit, Mac};
use serde_json::Value;

/// What inspecting a shape gives: exit code, first finding, and codes
/// that must or must not be among the findings.
#[derive(Debug, Clone)]
pub struct Expect {
    pub exit: i32,
    pub first: Option<String>,
    pub has: Vec<String>,
    pub not: Vec<String>,
    pub severity: Option<String>,
    pub variant: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Shape {
    pub name: String,
    pub source: String,
    pub header: Value,
    pub claims: Value,
    pub signed_with: String,
    pub paste: Option<String>,
    pub before: Expect,
    pub now: Expect,
    pub why: String,
}

pub struct Corpus {
    pub api_key: String,
    pub secret: String,
    pub shapes: Vec<Shape>,
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn expect(v: &Value) -> Expect {
    Expect {
        exit: i32::try_from(v["exit"].as_i64().unwrap()).unwrap(),
        first: v["first"].as_str().map(str::to_owned),
        has: strings(&v["has"]),
        not: strings(&v["not"]),
        severity: v["severity"].as_str().map(str::to_owned),
        variant: v["variant"].as_str().map(str::to_owned),
    }
}

pub fn corpus() -> Corpus {
    let text = include_str!("../data/wild-tokens.json");
    let v: Value = serde_json::from_str(text).unwrap();
    let shapes = v["shapes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Shape {
            name: s["name"].as_str().unwrap().to_owned(),
            source: s["source"].as_str().unwrap().to_owned(),
            header: s
                .get("header")
                .cloned()
                .unwrap_or_else(|| serde_json::json!({"alg": "HS256", "typ": "JWT"})),
            claims: s["claims"].clone(),
            signed_with: s["signed_with"].as_str().unwrap_or("secret").to_owned(),
            paste: s["paste"].as_str().map(str::to_owned),
            before: expect(&s["before"]),
            now: expect(&s["now"]),
            why: s["why"].as_str().unwrap().to_owned(),
        })
        .collect();
    Corpus {
        api_key: v["api_key"].as_str().unwrap().to_owned(),
        secret: v["secret"].as_str().unwrap().to_owned(),
        shapes,
    }
}

impl Corpus {
    /// The HMAC key a shape is signed with.
    fn key(&self, how: &str) -> Vec<u8> {
        let s = self.secret.as_bytes();
        match how {
            "secret" => s.to_vec(),
            "doubled" => [s, s].concat(),
            "quoted" => [b"\"", s, b"\""].concat(),
            "newline" => [s, b"\n"].concat(),
            "upper" => s.to_ascii_uppercase(),
            "cut32" => s[..32].to_vec(),
            "hex_decoded" => (0..s.len() / 2)
                .map(|i| u8::from_str_radix(&self.secret[2 * i..2 * i + 2], 16).unwrap())
                .collect(),
            "base64_decoded" => STANDARD.decode(s).unwrap(),
            "base64_encoded" => STANDARD.encode(s).into_bytes(),
            "undefined" => b"undefined".to_vec(),
            "other" => b"a-plainly-different-secret-7d1e0c9b8a7f6e5d4c3b2a19".to_vec(),
            other => panic!("unknown signed_with {other}"),
        }
    }

    /// The shape's claims at `now`: the API key filled in, times as
    /// offsets from now.
    pub fn claims(&self, shape: &Shape, now: i64) -> Value {
        let mut claims = shape.claims.clone();
        for (k, v) in claims.as_object_mut().unwrap() {
            if v == "{api_key}" {
                *v = Value::from(self.api_key.clone());
            } else if matches!(k.as_str(), "iat" | "exp" | "nbf") {
                *v = Value::from(now + v.as_i64().unwrap());
            }
        }
        claims
    }

    /// The token of a shape, signed at `now`.
    pub fn token(&self, shape: &Shape, now: i64) -> (String, String, String) {
        let header = URL_SAFE_NO_PAD.encode(shape.header.to_string());
        let payload = URL_SAFE_NO_PAD.encode(self.claims(shape, now).to_string());
        let mut mac =
            hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.key(&shape.signed_with)).unwrap();
        mac.update(format!("{header}.{payload}").as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        (header, payload, signature)
    }

    /// What is pasted for a shape at `now`.
    pub fn text(&self, shape: &Shape, now: i64) -> String {
        let (header, payload, signature) = self.token(shape, now);
        let token = format!("{header}.{payload}.{signature}");
        match &shape.paste {
            None => token,
            Some(p) => p
                .replace("{token}", &token)
                .replace("{header}", &header)
                .replace("{payload_start}", &payload[..10])
                .replace("{payload}", &payload)
                .replace("{signature}", &signature),
        }
    }
}

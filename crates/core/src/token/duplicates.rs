//! Parsing the header and payload JSON as VideoSDK's parser (Node's
//! `JSON.parse`) reads it, the last of two equal keys winning, while noting
//! every key that appears more than once: parsers disagree about those
//! (some take the first, some refuse), which is how a token can say one
//! thing to one checker and another to the next.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The key serde_json (feature `arbitrary_precision`) wraps a number's text in.
const NUMBER_KEY: &str = "$serde_json::private::Number";

/// A key that appears more than once in one JSON object.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Duplicate {
    /// Where: `exp` at the top level, `meta.a` or `list[2].a` deeper down.
    pub(super) path: String,
    /// How many times the key appears.
    pub(super) count: usize,
    /// The first value given.
    pub(super) first: Value,
    /// The last value given: the one that counts.
    pub(super) last: Value,
}

/// Parses JSON text into a [`Value`] exactly as `serde_json::from_str`
/// does (including its nesting limit), and lists the duplicated keys.
pub(super) fn parse(text: &str) -> Result<(Value, Vec<Duplicate>), serde_json::Error> {
    let mut duplicates = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Node {
        path: String::new(),
        duplicates: &mut duplicates,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok((value, duplicates))
}

/// One JSON value being read, at `path`.
struct Node<'d> {
    path: String,
    duplicates: &'d mut Vec<Duplicate>,
}

impl Node<'_> {
    fn child(&self, step: &str) -> String {
        if self.path.is_empty() {
            step.to_owned()
        } else if step.starts_with('[') {
            format!("{}{step}", self.path)
        } else {
            format!("{}.{step}", self.path)
        }
    }

    /// Notes that `key` came again; `old` is the value it replaces.
    fn note(&mut self, key: &str, old: Value, new: &Value) {
        let path = self.child(key);
        match self.duplicates.iter_mut().find(|d| d.path == path) {
            Some(d) => {
                d.count += 1;
                d.last = new.clone();
            }
            None => self.duplicates.push(Duplicate {
                path,
                count: 2,
                first: old,
                last: new.clone(),
            }),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // As serde_json's own Value: it never yields a non-finite float.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let child = Node {
                path: self.child(&format!("[{}]", items.len())),
                duplicates: &mut *self.duplicates,
            };
            match seq.next_element_seed(child)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            // serde_json's `arbitrary_precision` hands a number over as a
            // one-entry map under this key, its text as the value: kept as
            // written (`1e2`, `-0`, 30 digits), as serde_json's Value does.
            if object.is_empty() && key == NUMBER_KEY {
                let text: String = map.next_value()?;
                return text
                    .parse::<Number>()
                    .map(Value::Number)
                    .map_err(serde::de::Error::custom);
            }
            let child = Node {
                path: self.child(&key),
                duplicates: &mut *self.duplicates,
            };
            let value = map.next_value_seed(child)?;
            // Last wins and keeps the first one's place, as serde_json's
            // Map (with `preserve_order`) and JSON.parse both do.
            if let Some(old) = object.insert(key.clone(), value) {
                self.note(&key, old, &object[&key]);
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_value_is_what_serde_json_reads() {
        for text in [
            r#"{"a":1,"b":[true,null,-2,3.5,"x\u001b"],"c":{"d":18446744073709551615}}"#,
            r#"{"exp":1,"exp":2,"z":0}"#,
            r#"[1,{"a":{"a":{"a":1}}}]"#,
            r#""just a string""#,
            "1e308",
            // Kept as written, with arbitrary_precision.
            r#"{"big":123456789012345678901234567890,"e":1e2,"z":-0,"f":1.50,"huge":1e400}"#,
        ] {
            let ours = parse(text).unwrap().0;
            let theirs: Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours, theirs, "{text}");
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}: order");
        }
    }

    #[test]
    fn errors_are_serde_jsons() {
        for text in [
            "{",
            "{\"a\":1} x",
            "\u{feff}{}",
            "1e",
            "-",
            &"[".repeat(200),
        ] {
            let ours = parse(text).unwrap_err().to_string();
            let theirs = serde_json::from_str::<Value>(text).unwrap_err().to_string();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn duplicates_are_found_at_any_depth_last_wins() {
        let (v, d) =
            parse(r#"{"exp":1,"a":{"k":1,"k":2,"k":3},"l":[{"x":0,"x":1}],"exp":9}"#).unwrap();
        assert_eq!(v, json!({"exp": 9, "a": {"k": 3}, "l": [{"x": 1}]}));
        let found: Vec<(&str, usize, &Value, &Value)> = d
            .iter()
            .map(|d| (d.path.as_str(), d.count, &d.first, &d.last))
            .collect();
        assert_eq!(
            found,
            [
                ("a.k", 3, &json!(1), &json!(3)),
                ("l[0].x", 2, &json!(0), &json!(1)),
                ("exp", 2, &json!(1), &json!(9)),
            ]
        );
        assert!(parse(r#"{"a":{"b":1},"c":{"b":1}}"#).unwrap().1.is_empty());
    }
}

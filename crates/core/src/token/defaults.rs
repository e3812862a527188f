//! Typed token defaults a project keeps: which permissions, how long a token
//! lives. One place for VideoSDK's documented default (`allow_join`, 24 h).

use std::fmt;

use super::claims::Permission;
use super::generate::GenerateError;
use super::time::{ExpiryError, parse_duration};

/// A set of permissions, listed in [`Permission::ALL`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PermissionSet(u8);

impl PermissionSet {
    /// No permission at all (refused when generating).
    pub const EMPTY: Self = Self(0);

    fn bit(p: Permission) -> u8 {
        match p {
            Permission::AllowJoin => 1,
            Permission::AskJoin => 2,
            Permission::AllowMod => 4,
        }
    }

    /// Whether `p` is in the set.
    pub fn contains(self, p: Permission) -> bool {
        self.0 & Self::bit(p) != 0
    }

    /// Adds or removes `p`.
    pub fn set(&mut self, p: Permission, on: bool) {
        if on {
            self.0 |= Self::bit(p);
        } else {
            self.0 &= !Self::bit(p);
        }
    }

    /// Whether nothing is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The permissions, in [`Permission::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::ALL
            .into_iter()
            .filter(move |p| self.contains(*p))
    }

    /// As the list a token carries.
    pub fn to_vec(self) -> Vec<Permission> {
        self.iter().collect()
    }
}

impl Default for ProjectDefaults {
    fn default() -> Self {
        Self {
            permissions: PermissionSet::from_iter([Permission::AllowJoin]),
            lifetime: Lifetime::default(),
        }
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        let mut s = Self::EMPTY;
        for p in iter {
            s.set(p, true);
        }
        s
    }
}

impl fmt::Display for PermissionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.iter().map(Permission::as_str).collect();
        f.write_str(&names.join(","))
    }
}

impl serde::Serialize for PermissionSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(Permission::as_str))
    }
}

impl<'de> serde::Deserialize<'de> for PermissionSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let names = Vec::<String>::deserialize(d)?;
        names
            .iter()
            .map(|n| {
                Permission::parse(n).ok_or_else(|| GenerateError::UnknownPermission(n.clone()))
            })
            .collect::<Result<Self, _>>()
            .map_err(serde::de::Error::custom)
    }
}

/// How long a token lives from the moment it is signed, as the user typed
/// it ("24h", "1h30m"); the text is kept so a saved file reads back as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lifetime {
    text: String,
    secs: i64,
}

impl Lifetime {
    /// Parses a duration such as `24h` (see [`parse_duration`]).
    pub fn parse(text: &str) -> Result<Self, ExpiryError> {
        let text = text.trim();
        let secs = parse_duration(text)?;
        Ok(Self {
            text: text.to_owned(),
            secs,
        })
    }

    /// Seconds.
    pub fn secs(&self) -> i64 {
        self.secs
    }

    /// As typed.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl Default for Lifetime {
    /// 24 hours, as in VideoSDK's documented example.
    fn default() -> Self {
        Self {
            text: "24h".to_owned(),
            secs: 24 * 3600,
        }
    }
}

impl fmt::Display for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for Lifetime {
    type Err = ExpiryError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl serde::Serialize for Lifetime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for Lifetime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// What a project's tokens get unless the user says otherwise. The one home
/// of VideoSDK's documented default: `allow_join`, 24 hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectDefaults {
    /// Default permissions.
    pub permissions: PermissionSet,
    /// Default lifetime.
    pub lifetime: Lifetime,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_sets_list_in_catalogue_order_and_round_trip() {
        let s: PermissionSet = [Permission::AllowMod, Permission::AllowJoin]
            .into_iter()
            .collect();
        assert_eq!(s.to_string(), "allow_join,allow_mod");
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"["allow_join","allow_mod"]"#);
        assert_eq!(serde_json::from_str::<PermissionSet>(&json).unwrap(), s);
        assert!(serde_json::from_str::<PermissionSet>(r#"["admin"]"#).is_err());
    }

    #[test]
    fn lifetimes_keep_their_text() {
        let l = Lifetime::parse(" 1h30m ").unwrap();
        assert_eq!((l.as_str(), l.secs()), ("1h30m", 5400));
        assert!(Lifetime::parse("soon").is_err());
        assert_eq!(ProjectDefaults::default().lifetime.secs(), 86_400);
    }
}

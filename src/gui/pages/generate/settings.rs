//! The Generate settings remembered between runs (no secrets, no tokens),
//! typed; older saved state (ticks as `[bool; N]`) still reads.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::token::{Permission, PermissionSet, ProjectDefaults, Role};

/// How the expiry is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ExpiryMode {
    /// One of the presets.
    #[default]
    Preset,
    /// A typed duration.
    Custom,
    /// A date and time.
    Exact,
}

/// The generate settings remembered between runs (no secrets, no tokens).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The chosen project's id.
    pub project_id: Option<String>,
    /// The permissions ticked.
    #[serde(deserialize_with = "permissions_as_saved")]
    pub permissions: PermissionSet,
    /// Preset, custom or exact.
    pub expiry: ExpiryMode,
    /// The preset's seconds.
    pub preset_secs: i64,
    /// The custom duration text.
    pub custom: String,
    /// Exact expiry date (ISO), local time.
    pub exact_date: String,
    /// Hour of the exact expiry.
    pub exact_hour: u8,
    /// Minute of the exact expiry.
    pub exact_minute: u8,
    /// v2 `roomId`.
    pub room_id: String,
    /// v2 `participantId`.
    pub participant_id: String,
    /// v2 roles ticked.
    pub roles: RoleSet,
    /// The "Extra claims (JSON)" text; not remembered when it may hold a
    /// token (see [`super::claims::not_to_remember`]).
    #[serde(skip_serializing_if = "super::claims::not_to_remember")]
    pub extra_claims: String,
}

impl Default for Settings {
    fn default() -> Self {
        let defaults = ProjectDefaults::default();
        Self {
            project_id: None,
            permissions: defaults.permissions,
            expiry: ExpiryMode::Preset,
            preset_secs: defaults.lifetime.secs(),
            custom: "90m".to_owned(),
            exact_date: String::new(),
            exact_hour: 18,
            exact_minute: 0,
            room_id: String::new(),
            participant_id: String::new(),
            roles: RoleSet::EMPTY,
            extra_claims: String::new(),
        }
    }
}

/// Permissions as saved now (a list of names) or by older versions (three
/// ticks in [`Permission::ALL`] order).
fn permissions_as_saved<'de, D: Deserializer<'de>>(d: D) -> Result<PermissionSet, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Saved {
        Names(PermissionSet),
        Ticks([bool; 3]),
    }
    Ok(match Saved::deserialize(d)? {
        Saved::Names(set) => set,
        Saved::Ticks(ticks) => Permission::ALL
            .into_iter()
            .zip(ticks)
            .filter_map(|(p, on)| on.then_some(p))
            .collect(),
    })
}

/// A set of v2 roles, listed in [`Role::ALL`] order; saved as their names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RoleSet(u8);

impl RoleSet {
    /// No role.
    pub const EMPTY: Self = Self(0);

    fn bit(r: Role) -> u8 {
        match r {
            Role::Crawler => 1,
            Role::Rtc => 2,
        }
    }

    /// Whether `r` is in the set.
    pub fn contains(self, r: Role) -> bool {
        self.0 & Self::bit(r) != 0
    }

    /// Adds or removes `r`.
    pub fn set(&mut self, r: Role, on: bool) {
        if on {
            self.0 |= Self::bit(r);
        } else {
            self.0 &= !Self::bit(r);
        }
    }

    /// Whether no role is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// As the list a token carries.
    pub fn to_vec(self) -> Vec<Role> {
        Role::ALL
            .into_iter()
            .filter(|r| self.contains(*r))
            .collect()
    }
}

impl FromIterator<Role> for RoleSet {
    fn from_iter<I: IntoIterator<Item = Role>>(iter: I) -> Self {
        let mut s = Self::EMPTY;
        for r in iter {
            s.set(r, true);
        }
        s
    }
}

impl Serialize for RoleSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.to_vec().into_iter().map(Role::as_str))
    }
}

impl<'de> Deserialize<'de> for RoleSet {
    /// A list of role names, or (older versions) two ticks in
    /// [`Role::ALL`] order. Unknown names are dropped: this is remembered UI
    /// state, not a token.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Saved {
            Names(Vec<String>),
            Ticks([bool; 2]),
        }
        Ok(match Saved::deserialize(d)? {
            Saved::Names(names) => names.iter().filter_map(|n| Role::parse(n)).collect(),
            Saved::Ticks(ticks) => Role::ALL
                .into_iter()
                .zip(ticks)
                .filter_map(|(r, on)| on.then_some(r))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_older_ticks_still_read() {
        let s = Settings {
            permissions: [Permission::AskJoin].into_iter().collect(),
            roles: [Role::Rtc].into_iter().collect(),
            ..Settings::default()
        };
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains(r#""permissions":["ask_join"]"#), "{json}");
        assert!(json.contains(r#""roles":["rtc"]"#), "{json}");
        assert_eq!(serde_json::from_str::<Settings>(&json).unwrap(), s);

        let old = r#"{"permissions":[false,true,false],"roles":[false,true],"preset_secs":3600}"#;
        let back: Settings = serde_json::from_str(old).unwrap();
        assert_eq!(back.permissions, s.permissions);
        assert_eq!(back.roles, s.roles);
        assert_eq!(back.preset_secs, 3600);
    }

    #[test]
    fn eframe_storage_reads_old_and_new_settings() {
        #[derive(Default)]
        struct Mem(Option<String>);
        impl eframe::Storage for Mem {
            fn get_string(&self, _: &str) -> Option<String> {
                self.0.clone()
            }
            fn set_string(&mut self, _: &str, value: String) {
                self.0 = Some(value);
            }
            fn remove_string(&mut self, _: &str) {}
            fn flush(&mut self) {}
        }
        let s = Settings {
            roles: [Role::Crawler].into_iter().collect(),
            ..Settings::default()
        };
        let mut mem = Mem::default();
        eframe::set_value(&mut mem, "k", &s);
        assert_eq!(eframe::get_value::<Settings>(&mem, "k"), Some(s.clone()));
        let old = mem
            .0
            .clone()
            .unwrap()
            .replace(
                r#"permissions:["allow_join"]"#,
                "permissions:(true,false,false)",
            )
            .replace(r#"roles:["crawler"]"#, "roles:(true,false)");
        assert_ne!(old, mem.0.clone().unwrap(), "the RON text has changed");
        let back = eframe::get_value::<Settings>(&Mem(Some(old)), "k");
        assert_eq!(back, Some(s));
    }
}

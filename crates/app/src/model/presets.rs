//! A project's saved presets, as kept in the projects file: a name, the
//! permissions, an optional lifetime and the v2 claims. Never a secret,
//! never a token. One broken entry (edited by hand, written by a newer
//! version) is skipped on reading, so it never costs the projects.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::token::{
    BUILTIN_PRESETS, Lifetime, PermissionSet, Preset, Role, TokenRequest, preset_key, validate,
};

/// Most presets one project keeps.
pub const MAX_PRESETS: usize = 50;
/// Longest preset name, in characters.
pub const MAX_PRESET_NAME_CHARS: usize = 64;

/// One saved preset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPreset {
    /// What the user calls it ("qa-host", "room 7 guest").
    pub name: String,
    /// The permissions it sets.
    pub permissions: PermissionSet,
    /// Its lifetime, kept as typed ("2h"); none keeps the project's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Lifetime>,
    /// v2 roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "role_names")]
    pub roles: Vec<Role>,
    /// v2 `roomId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_id: Option<String>,
    /// v2 `participantId` (`{n}` allowed, for batches).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant_id: Option<String>,
}

impl SavedPreset {
    /// As a [`Preset`] to apply.
    pub fn to_preset(&self) -> Preset {
        Preset {
            name: self.name.clone(),
            purpose: "",
            permissions: self.permissions,
            lifetime: self.expires.clone(),
            roles: self.roles.clone(),
            room_id: self.room_id.clone(),
            participant_id: self.participant_id.clone(),
            builtin: false,
        }
    }

    /// Checks the name and that the preset can sign a token.
    pub fn check(&self) -> Result<(), PresetError> {
        check_preset_name(&self.name)?;
        let mut req = TokenRequest {
            api_key: "k".to_owned(),
            ..TokenRequest::default()
        };
        self.to_preset().apply(&mut req);
        validate(&req).map_err(|e| PresetError::Unusable(e.to_string()))
    }
}

/// Why a preset was not saved or removed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PresetError {
    /// Bad name.
    #[error("invalid preset name: {0}")]
    BadName(String),
    /// The name of a built-in preset.
    #[error("'{0}' is a built-in preset: pick another name for yours")]
    Builtin(String),
    /// A name that looks like another preset's (or a built-in's) without
    /// being it: `һost` with a Cyrillic һ beside `host`.
    #[error(
        "preset name '{}' looks like the preset '{}' but is another name ({odd}): pick a name that reads differently, in plain letters",
        crate::token::visible(.name),
        crate::token::visible(.other)
    )]
    LooksLike {
        /// The name given.
        name: String,
        /// The preset it resembles.
        other: String,
        /// Its characters that differ, described.
        odd: String,
    },
    /// The project has a preset of that name and replacing was not asked for.
    #[error(
        "project '{project}' already has a preset named '{name}': pick another name, or replace it"
    )]
    Taken {
        /// The project.
        project: String,
        /// The preset name.
        name: String,
    },
    /// No such preset.
    #[error("project '{project}' has no preset named '{name}'")]
    NotFound {
        /// The project.
        project: String,
        /// The preset name.
        name: String,
    },
    /// Too many presets.
    #[error("project '{0}' already has {MAX_PRESETS} presets, the most it keeps: remove one first")]
    TooMany(String),
    /// The preset cannot sign a token.
    #[error("this preset could not sign a token: {0}")]
    Unusable(String),
}

/// Checks a preset name: 1–64 characters, no surrounding whitespace, no
/// control or invisible characters, not a built-in's.
pub fn check_preset_name(name: &str) -> Result<(), PresetError> {
    let bad = |why: &str| Err(PresetError::BadName(why.to_owned()));
    if name.trim().is_empty() {
        return bad("the name is empty");
    }
    if name.trim() != name {
        return bad("the name starts or ends with whitespace");
    }
    if name.chars().count() > MAX_PRESET_NAME_CHARS {
        return bad("the name is longer than 64 characters");
    }
    if name.chars().any(|c| c.is_control() || super::is_hidden(c)) {
        return bad(
            "the name contains a control, invisible or text-direction character: type it again by hand",
        );
    }
    let key = preset_key(name);
    if let Some(b) = BUILTIN_PRESETS
        .into_iter()
        .find(|b| preset_key(b) == key || super::same_name(b, name))
    {
        return Err(PresetError::Builtin(b.to_owned()));
    }
    check_not_alike(name, BUILTIN_PRESETS)
}

/// Refuses a preset name that looks like one of `others` without being it
/// (the look-alike policy of [`crate::token::looks_like`]).
pub(crate) fn check_not_alike<'a>(
    name: &str,
    others: impl IntoIterator<Item = &'a str>,
) -> Result<(), PresetError> {
    match crate::token::looks_like(name, others) {
        Some(other) => Err(PresetError::LooksLike {
            name: name.to_owned(),
            other: other.to_owned(),
            odd: crate::projects::odd_or_case(name),
        }),
        None => Ok(()),
    }
}

/// Whether two preset names are the same to a reader (NFKC, case-folded,
/// like project names; `_` and spaces as `-`, like the built-ins').
pub fn same_preset(a: &str, b: &str) -> bool {
    super::same_name(&preset_key(a), &preset_key(b))
}

mod role_names {
    use super::{Deserialize, Deserializer, Role, Serializer};

    pub(super) fn serialize<S: Serializer>(roles: &[Role], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(roles.iter().map(|r| r.as_str()))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Role>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|n| {
                Role::parse(n)
                    .ok_or_else(|| serde::de::Error::custom(format!("unknown role '{n}'")))
            })
            .collect()
    }
}

/// Reads a project's presets, keeping the ones that parse and check out
/// (the first of two equal names, at most [`MAX_PRESETS`]); anything else
/// is skipped, so one bad entry never makes the whole file unreadable. The
/// skipped entries stay in the file, untouched, and are listed by
/// [`sort_presets`] for `project list` and the window.
pub(super) fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<SavedPreset>, D::Error> {
    let raw = toml::Value::deserialize(d)?;
    let toml::Value::Array(items) = raw else {
        return Ok(Vec::new());
    };
    Ok(sort_presets(items).0)
}

/// A project's preset entries as the program reads them: the ones it uses,
/// and one line for each it cannot use, saying why (names shown escaped).
pub(crate) fn sort_presets(items: Vec<toml::Value>) -> (Vec<SavedPreset>, Vec<String>) {
    let mut kept: Vec<SavedPreset> = Vec::new();
    let mut unusable = Vec::new();
    let mut past_limit = 0usize;
    for (i, item) in items.into_iter().enumerate() {
        let name = match item.get("name").and_then(toml::Value::as_str) {
            Some(n) => crate::token::visible(n).into_owned(),
            None => format!("#{}", i + 1),
        };
        // Past the limit nothing more is read or checked (a preset check
        // signs a trial request: 10,000 of them cost seconds).
        if kept.len() >= MAX_PRESETS {
            past_limit += 1;
            continue;
        }
        let p = match item.try_into::<SavedPreset>() {
            Ok(p) => p,
            Err(e) => {
                unusable.push(format!(
                    "preset {name} cannot be read: {}",
                    e.message().trim()
                ));
                continue;
            }
        };
        if let Err(e) = p.check() {
            unusable.push(format!("preset {name}: {e}"));
        } else if let Some(q) = kept.iter().find(|q| same_preset(&q.name, &p.name)) {
            unusable.push(format!(
                "preset {name}: the same name as preset {} before it",
                crate::token::visible(&q.name)
            ));
        } else {
            kept.push(p);
        }
    }
    if past_limit > 0 {
        unusable.push(format!(
            "{past_limit} more presets past the {MAX_PRESETS} the program reads"
        ));
    }
    (kept, unusable)
}

#[cfg(test)]
mod tests {
    use super::super::Project;
    use super::*;
    use crate::store::ProjectsFile;
    use crate::token::{Permission, ProjectDefaults};

    pub(crate) fn preset(name: &str) -> SavedPreset {
        SavedPreset {
            name: name.to_owned(),
            permissions: [Permission::AllowJoin, Permission::AllowMod]
                .into_iter()
                .collect(),
            expires: Some(Lifetime::parse("2h").unwrap()),
            roles: vec![Role::Rtc],
            room_id: Some("room-1".to_owned()),
            participant_id: Some("qa-{n}".to_owned()),
        }
    }

    #[test]
    fn presets_round_trip_through_the_file_and_hold_no_secret() {
        let dir = tempfile::tempdir().unwrap();
        let f = ProjectsFile::in_dir(dir.path());
        let mut p = Project::new("staging", "key-s", ProjectDefaults::default());
        p.presets = vec![
            preset("qa host"),
            SavedPreset {
                expires: None,
                roles: vec![],
                room_id: None,
                participant_id: None,
                ..preset("plain")
            },
        ];
        f.add(p.clone()).unwrap();
        let text = std::fs::read_to_string(f.path()).unwrap();
        assert!(text.contains("[[project.preset]]"), "{text}");
        assert!(text.contains("roles = [\"rtc\"]"), "{text}");
        assert!(!text.to_lowercase().contains("secret ="), "{text}");
        let back = f.load().unwrap();
        assert!(back.warning.is_none());
        assert_eq!(back.settings.projects, [p]);
    }

    #[test]
    fn a_broken_preset_costs_only_itself() {
        let dir = tempfile::tempdir().unwrap();
        let f = ProjectsFile::in_dir(dir.path());
        let text = "[[project]]\nid = \"id-a\"\nname = \"a\"\napi_key = \"key-a\"\n\
            [[project.preset]]\nname = \"good\"\npermissions = [\"ask_join\"]\n\
            [[project.preset]]\nname = \"bad perm\"\npermissions = [\"admin\"]\n\
            [[project.preset]]\nname = \"bad role\"\npermissions = [\"allow_join\"]\nroles = [\"boss\"]\n\
            [[project.preset]]\nname = \"conflict\"\npermissions = [\"ask_join\", \"allow_join\"]\n\
            [[project.preset]]\nname = \"host\"\npermissions = [\"allow_join\"]\n\
            [[project.preset]]\nname = \"GOOD\"\npermissions = [\"allow_join\"]\n\
            [[project.preset]]\npermissions = [\"allow_join\"]\n\
            [[project]]\nid = \"id-b\"\nname = \"b\"\napi_key = \"key-b\"\npreset = 7\n";
        std::fs::write(f.path(), text).unwrap();
        let loaded = f.load().unwrap();
        assert!(loaded.warning.is_none(), "{:?}", loaded.warning);
        let s = loaded.settings;
        assert_eq!(s.projects.len(), 2, "no project lost");
        let names: Vec<_> = s.projects[0].presets.iter().map(|p| &p.name).collect();
        assert_eq!(names, ["good"]);
        assert!(s.projects[1].presets.is_empty());
    }

    #[test]
    fn names_are_bounded_and_never_a_builtin() {
        assert!(check_preset_name("qa host").is_ok());
        for bad in ["", " x", "x\u{7}", "x\u{200b}", "a\u{202e}b"] {
            assert!(
                matches!(check_preset_name(bad), Err(PresetError::BadName(_))),
                "{bad:?}"
            );
        }
        assert!(check_preset_name(&"x".repeat(MAX_PRESET_NAME_CHARS)).is_ok());
        assert!(check_preset_name(&"x".repeat(MAX_PRESET_NAME_CHARS + 1)).is_err());
        for b in ["host", "HOST", "Lobby Guest", "lobby_guest", "ｈｏｓｔ"] {
            assert!(
                matches!(check_preset_name(b), Err(PresetError::Builtin(_))),
                "{b:?}"
            );
        }
        assert!(same_preset("QA Host", "qa-host") && same_preset("ｑａ", "QA"));
    }
}

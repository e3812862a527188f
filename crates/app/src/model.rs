//! The saved types: what the projects file holds (projects, their
//! defaults and presets), owned here so the window and the command line can
//! use them without reaching the storage that reads and writes them.

use serde::{Deserialize, Serialize};

use crate::token::{Lifetime, PermissionSet, ProjectDefaults};

mod presets;
pub(crate) use presets::check_not_alike;
pub use presets::{MAX_PRESETS, PresetError, SavedPreset, check_preset_name, same_preset};

/// One saved VideoSDK project. The secret lives in the keyring under `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Stable id (UUID): the keyring account. Survives renames.
    pub id: String,
    /// What the user calls it: "staging", "production"…
    pub name: String,
    /// The project's API key (not a secret: it is in every token).
    pub api_key: String,
    /// Default permissions for tokens of this project (a list of strings in
    /// the file; missing means VideoSDK's documented default).
    #[serde(default = "default_permissions")]
    pub permissions: PermissionSet,
    /// Default lifetime, kept as typed (e.g. "24h").
    #[serde(default)]
    pub expires: Lifetime,
    /// Saved presets (`[[project.preset]]`); unreadable entries are skipped.
    #[serde(
        default,
        rename = "preset",
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "presets::lenient"
    )]
    pub presets: Vec<SavedPreset>,
    /// The preset entries in the file the program cannot use, one line each
    /// saying why. They stay in the file untouched; listed so the user can
    /// fix or delete them by hand.
    #[serde(skip)]
    pub unusable_presets: Vec<String>,
}

pub(crate) fn default_permissions() -> PermissionSet {
    ProjectDefaults::default().permissions
}

impl Project {
    /// A new project with a fresh id.
    pub fn new(name: &str, api_key: &str, defaults: ProjectDefaults) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.to_owned(),
            api_key: api_key.to_owned(),
            permissions: defaults.permissions,
            expires: defaults.lifetime,
            presets: Vec::new(),
            unusable_presets: Vec::new(),
        }
    }

    /// What this project's tokens get unless the user says otherwise.
    pub fn defaults(&self) -> ProjectDefaults {
        ProjectDefaults {
            permissions: self.permissions,
            lifetime: self.expires.clone(),
        }
    }
}

/// Everything in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Id of the default project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// The projects, in the order they were added.
    #[serde(default, rename = "project")]
    pub projects: Vec<Project>,
}

impl Settings {
    /// Finds a project by exact name, else by case-insensitive name if that is unambiguous.
    pub fn find(&self, name: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.name == name).or_else(|| {
            let mut it = self.projects.iter().filter(|p| same_name(&p.name, name));
            let first = it.next()?;
            it.next().is_none().then_some(first)
        })
    }

    /// The project with this id (the keyring account).
    pub fn by_id(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    /// The default project, if any.
    pub fn default_project(&self) -> Option<&Project> {
        let id = self.default.as_deref()?;
        self.projects.iter().find(|p| p.id == id)
    }
}

/// Invisible and text-direction characters (zero-width, bidi, format
/// characters): they make two different strings look the same. The one
/// classification is the inspector's ([`crate::token::is_invisible`]).
pub fn is_hidden(c: char) -> bool {
    crate::token::is_invisible(c)
}

/// Whether two project names are the same to a reader: compared after
/// Unicode compatibility normalisation (NFKC: full-width `ｓｔａｇｉｎｇ` is
/// `staging`) and case folding.
pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    name.nfkc().flat_map(char::to_lowercase).collect()
}

/// The settings in a projects file's text, with each project's unusable
/// presets listed. Every reader of the file goes through here.
pub(crate) fn read_settings(text: &str) -> Result<Settings, String> {
    let mut settings: Settings = toml::from_str(text).map_err(|e| e.message().to_owned())?;
    let raw: toml::Table = toml::from_str(text).map_err(|e| e.message().to_owned())?;
    if let Some(toml::Value::Array(projects)) = raw.get("project") {
        for (p, raw) in settings.projects.iter_mut().zip(projects) {
            if let Some(toml::Value::Array(items)) = raw.get("preset") {
                p.unusable_presets = presets::sort_presets(items.clone()).1;
            }
        }
    }
    Ok(settings)
}

//! Signing with a saved project: where its secret comes from, the request
//! its defaults make, and the self-test behind the window's "Test".

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::model::Project;
use crate::storage::Storage;
use crate::store::KeyringError;
use crate::token::{
    Candidate, Context, Expiry, KeySource, Outcome, Permission, Preset, ProjectDefaults, Role,
    SecretKey, TokenRequest, generate, inspect,
};

/// Why a project cannot sign.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SigningError {
    /// The keyring has no entry for it.
    #[error("project '{name}' has no secret in the keyring")]
    NoSecret {
        /// The project's name.
        name: String,
    },
    /// The keyring could not be read.
    #[error("cannot read the secret of {name}: {source}")]
    Keyring {
        /// The project's name.
        name: String,
        /// Why.
        source: KeyringError,
    },
}

/// The project's secret from the keyring (read once per process, then cached).
pub fn secret_of(storage: &Storage, project: &Project) -> Result<SecretKey, SigningError> {
    match storage.secret(&project.id) {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err(SigningError::NoSecret {
            name: project.name.clone(),
        }),
        Err(source) => Err(SigningError::Keyring {
            name: project.name.clone(),
            source,
        }),
    }
}

/// What the user chose on top of a project's defaults; `None` and empty
/// lists keep the default.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// Permissions instead of the project's.
    pub permissions: Vec<Permission>,
    /// Expiry instead of the project's lifetime.
    pub expiry: Option<Expiry>,
    /// v2 `roomId`.
    pub room_id: Option<String>,
    /// v2 `participantId`.
    pub participant_id: Option<String>,
    /// v2 roles.
    pub roles: Vec<Role>,
    /// A preset, applied over the defaults; the choices above override it.
    pub preset: Option<Preset>,
    /// Custom claims (checked when the token is signed).
    pub extra_claims: serde_json::Map<String, serde_json::Value>,
}

/// The token request for `api_key` with `defaults` (a project's, or
/// VideoSDK's documented ones when there is no project) and the user's choices.
pub fn request(api_key: String, defaults: &ProjectDefaults, choices: Choices) -> TokenRequest {
    let mut req = TokenRequest {
        api_key,
        permissions: defaults.permissions.to_vec(),
        expiry: Expiry::In(defaults.lifetime.secs()),
        extra_claims: choices.extra_claims,
        ..TokenRequest::default()
    };
    if let Some(preset) = &choices.preset {
        preset.apply(&mut req);
    }
    if !choices.permissions.is_empty() {
        req.permissions = choices.permissions;
    }
    if let Some(expiry) = choices.expiry {
        req.expiry = expiry;
    }
    if choices.room_id.is_some() {
        req.room_id = choices.room_id;
    }
    if choices.participant_id.is_some() {
        req.participant_id = choices.participant_id;
    }
    if !choices.roles.is_empty() {
        req.roles = choices.roles;
    }
    req
}

/// Lifetime of the token "Test" signs: long enough to read, short enough to be harmless.
const SELF_TEST_SECS: i64 = 600;

/// "Test": signs a short-lived token with the project's secret and its
/// defaults, and verifies it as the inspector would. `Err` is the verdict.
pub fn self_test(project: &Project, secret: &SecretKey, now: Timestamp) -> Result<(), String> {
    let choices = Choices {
        expiry: Some(Expiry::In(SELF_TEST_SECS)),
        ..Choices::default()
    };
    let req = request(project.api_key.clone(), &project.defaults(), choices);
    let t = generate(&req, secret, now).map_err(|e| e.to_string())?;
    let candidates = [Candidate {
        source: KeySource::Project {
            name: project.name.clone(),
        },
        api_key: Some(&project.api_key),
        secret,
    }];
    let report = inspect(
        &t.token,
        &Context {
            now,
            tz: TimeZone::UTC,
            candidates: &candidates,
            usage: Default::default(),
        },
    );
    match report.outcome {
        Outcome::Valid => Ok(()),
        _ => Err(report.verdict),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::{Lifetime, PermissionSet, SecretEncoding};

    #[test]
    fn choices_override_defaults_and_defaults_fill_the_rest() {
        let defaults = ProjectDefaults {
            permissions: PermissionSet::from_iter([Permission::AllowMod]),
            lifetime: Lifetime::parse("2h").unwrap(),
        };
        let r = request("k".into(), &defaults, Choices::default());
        assert_eq!(r.permissions, [Permission::AllowMod]);
        assert_eq!(r.expiry, Expiry::In(7200));
        let r = request(
            "k".into(),
            &ProjectDefaults::default(),
            Choices {
                permissions: vec![Permission::AskJoin],
                ..Choices::default()
            },
        );
        assert_eq!(r.permissions, [Permission::AskJoin]);
        assert_eq!(r.expiry, Expiry::In(86_400), "VideoSDK's documented 24 h");
    }

    #[test]
    fn a_preset_sits_between_defaults_and_explicit_choices() {
        let defaults = ProjectDefaults {
            permissions: PermissionSet::from_iter([Permission::AskJoin]),
            lifetime: Lifetime::parse("2h").unwrap(),
        };
        let api = Preset::find_builtin("api");
        let r = request(
            "k".into(),
            &defaults,
            Choices {
                preset: api.clone(),
                ..Choices::default()
            },
        );
        assert_eq!(r.permissions, [Permission::AllowJoin]);
        assert_eq!(r.roles, [Role::Crawler]);
        assert_eq!(r.expiry, Expiry::In(7200), "the project's lifetime stays");
        let r = request(
            "k".into(),
            &defaults,
            Choices {
                preset: api,
                permissions: vec![Permission::AllowMod],
                roles: vec![Role::Rtc],
                expiry: Some(Expiry::In(60)),
                ..Choices::default()
            },
        );
        assert_eq!(r.permissions, [Permission::AllowMod]);
        assert_eq!(r.roles, [Role::Rtc]);
        assert_eq!(r.expiry, Expiry::In(60));
    }

    #[test]
    fn self_test_passes_with_the_secret_and_explains_a_failure() {
        let p = Project::new("qa", "qa-key", ProjectDefaults::default());
        let s = SecretKey::parse(
            "qa-secret-qa-secret-qa-secret-qa-secret",
            SecretEncoding::Text,
        )
        .unwrap();
        let now = Timestamp::from_second(1_795_860_000).unwrap();
        assert_eq!(self_test(&p, &s, now), Ok(()));
        let broken = Project {
            api_key: "has space".into(),
            ..p
        };
        assert!(
            self_test(&broken, &s, now)
                .unwrap_err()
                .contains("whitespace")
        );
    }
}

//! Role presets: one click (or `--preset NAME`) for the permission and role
//! mix of a typical participant. Built-ins live here; a project's saved
//! presets become the same [`Preset`] type.

use super::claims::{Permission, Role};
use super::defaults::{Lifetime, PermissionSet};
use super::generate::TokenRequest;
use super::time::Expiry;

/// A named mix of permissions and v2 claims, applied on top of a project's
/// defaults; explicit choices (flags, the form) still override it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preset {
    /// `host`, `lobby-guest`, or a saved preset's name.
    pub name: String,
    /// What it is for, in a few words (built-ins); empty for saved ones.
    pub purpose: &'static str,
    /// The permissions it sets (replacing the defaults).
    pub permissions: PermissionSet,
    /// A lifetime, or `None` to keep the project's (or the form's).
    pub lifetime: Option<Lifetime>,
    /// v2 roles it sets (replacing any chosen before); empty for none.
    pub roles: Vec<Role>,
    /// v2 `roomId`, if it sets one.
    pub room_id: Option<String>,
    /// v2 `participantId`, if it sets one.
    pub participant_id: Option<String>,
    /// Whether this is one of the built-ins.
    pub builtin: bool,
}

/// The built-in presets' names, in the order they are shown.
pub const BUILTIN_PRESETS: [&str; 5] =
    ["host", "participant", "lobby-guest", "api", "meeting-only"];

impl Preset {
    fn builtin(name: &str, purpose: &'static str, perms: &[Permission], roles: &[Role]) -> Self {
        Self {
            name: name.to_owned(),
            purpose,
            permissions: perms.iter().copied().collect(),
            lifetime: None,
            roles: roles.to_vec(),
            room_id: None,
            participant_id: None,
            builtin: true,
        }
    }

    /// Every built-in preset, in [`BUILTIN_PRESETS`] order.
    pub fn builtins() -> Vec<Preset> {
        use Permission::{AllowJoin, AllowMod, AskJoin};
        vec![
            Self::builtin(
                "host",
                "runs the meeting: joins directly, moderates others",
                &[AllowJoin, AllowMod],
                &[],
            ),
            Self::builtin("participant", "joins directly", &[AllowJoin], &[]),
            Self::builtin(
                "lobby-guest",
                "waits in the lobby until someone with allow_join admits them",
                &[AskJoin],
                &[],
            ),
            // VideoSDK wants permissions in every token, REST ones included.
            Self::builtin(
                "api",
                "for the REST API only (server-side calls), cannot join meetings",
                &[AllowJoin],
                &[Role::Crawler],
            ),
            Self::builtin(
                "meeting-only",
                "joins meetings, cannot call the REST API",
                &[AllowJoin],
                &[Role::Rtc],
            ),
        ]
    }

    /// The built-in with this name (exact, or ignoring case and spaces).
    pub fn find_builtin(name: &str) -> Option<Preset> {
        let key = preset_key(name);
        Self::builtins()
            .into_iter()
            .find(|p| preset_key(&p.name) == key)
    }

    /// What it sets, in one line: `allow_join + allow_mod`, then the
    /// lifetime, `version 2, roles [crawler]`, room and participant if any.
    pub fn summary(&self) -> String {
        let perms: Vec<&str> = self.permissions.iter().map(Permission::as_str).collect();
        let mut parts = vec![if perms.is_empty() {
            "no permission".to_owned()
        } else {
            perms.join(" + ")
        }];
        parts.push(match &self.lifetime {
            Some(l) => format!("expires in {l}"),
            None => "expiry unchanged".to_owned(),
        });
        if !self.roles.is_empty() || self.room_id.is_some() || self.participant_id.is_some() {
            parts.push("version 2".to_owned());
        }
        if !self.roles.is_empty() {
            let roles: Vec<&str> = self.roles.iter().map(|r| r.as_str()).collect();
            parts.push(format!("roles [{}]", roles.join(", ")));
        }
        if let Some(r) = &self.room_id {
            parts.push(format!("roomId {}", super::visible(r)));
        }
        if let Some(p) = &self.participant_id {
            parts.push(format!("participantId {}", super::visible(p)));
        }
        parts.join(", ")
    }

    /// Puts the preset into a request: its permissions and roles replace
    /// the request's; its lifetime, room and participant replace theirs
    /// only when it has them.
    pub fn apply(&self, req: &mut TokenRequest) {
        req.permissions = self.permissions.to_vec();
        req.roles.clone_from(&self.roles);
        if let Some(l) = &self.lifetime {
            req.expiry = Expiry::In(l.secs());
        }
        if self.room_id.is_some() {
            req.room_id.clone_from(&self.room_id);
        }
        if self.participant_id.is_some() {
            req.participant_id.clone_from(&self.participant_id);
        }
    }
}

/// How preset names are compared: case-folded, trimmed, `_` and ` ` as `-`
/// (so `Lobby Guest` and `lobby_guest` find `lobby-guest`).
pub fn preset_key(name: &str) -> String {
    name.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == '_' || c == ' ' { '-' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::{SecretEncoding, SecretKey, generate};

    fn applied(name: &str) -> serde_json::Value {
        let mut req = TokenRequest {
            api_key: "k".into(),
            roles: vec![Role::Rtc],
            ..TokenRequest::default()
        };
        Preset::find_builtin(name).unwrap().apply(&mut req);
        let secret = SecretKey::parse("s", SecretEncoding::Text).unwrap();
        let now = jiff::Timestamp::from_second(1_795_860_000).unwrap();
        let t = generate(&req, &secret, now).unwrap();
        let p = t.token.split('.').nth(1).unwrap();
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(p)
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[test]
    fn each_builtin_makes_the_token_it_promises() {
        use serde_json::json;
        let host = applied("host");
        assert_eq!(host["permissions"], json!(["allow_join", "allow_mod"]));
        assert!(host.get("version").is_none() && host.get("roles").is_none());
        assert_eq!(applied("participant")["permissions"], json!(["allow_join"]));
        assert_eq!(applied("lobby-guest")["permissions"], json!(["ask_join"]));
        let api = applied("api");
        assert_eq!(api["permissions"], json!(["allow_join"]));
        assert_eq!(
            (&api["version"], &api["roles"]),
            (&json!(2), &json!(["crawler"]))
        );
        let rtc = applied("meeting-only");
        assert_eq!(
            (&rtc["version"], &rtc["roles"]),
            (&json!(2), &json!(["rtc"]))
        );
        assert_eq!(
            Preset::builtins()
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>(),
            BUILTIN_PRESETS
        );
    }

    #[test]
    fn summaries_say_what_is_set_before_generating() {
        let s = |n: &str| Preset::find_builtin(n).unwrap().summary();
        assert_eq!(s("host"), "allow_join + allow_mod, expiry unchanged");
        assert_eq!(
            s("api"),
            "allow_join, expiry unchanged, version 2, roles [crawler]"
        );
        let saved = Preset {
            name: "qa".into(),
            purpose: "",
            permissions: [Permission::AskJoin].into_iter().collect(),
            lifetime: Some(Lifetime::parse("2h").unwrap()),
            roles: vec![],
            room_id: Some("r\u{202e}1".into()),
            participant_id: None,
            builtin: false,
        };
        assert_eq!(
            saved.summary(),
            "ask_join, expires in 2h, version 2, roomId r<U+202E>1"
        );
        let mut req = TokenRequest::default();
        saved.apply(&mut req);
        assert_eq!(req.expiry, Expiry::In(7200));
        assert_eq!(req.room_id.as_deref(), Some("r\u{202e}1"));
    }

    #[test]
    fn names_are_found_loosely_but_only_builtins() {
        assert_eq!(
            Preset::find_builtin("Lobby Guest").unwrap().name,
            "lobby-guest"
        );
        assert_eq!(Preset::find_builtin(" HOST ").unwrap().name, "host");
        assert!(Preset::find_builtin("admin").is_none());
    }
}

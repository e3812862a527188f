//! The claims VideoSDK reads, in the user's words: permissions, roles and
//! what each claim means.

/// VideoSDK's own claims, in the order tools list them.
pub const VIDEOSDK_CLAIMS: [&str; 6] = [
    "apikey",
    "permissions",
    "version",
    "roomId",
    "participantId",
    "roles",
];

/// The registered JWT claims a generated token sets itself.
pub const REGISTERED_CLAIMS: [&str; 4] = ["iat", "exp", "nbf", "jti"];

use std::fmt;

/// A value of the `permissions` claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permission {
    /// Joins the meeting directly.
    AllowJoin,
    /// Must ask to join and be admitted by someone with `allow_join`.
    AskJoin,
    /// Moderator: may turn other participants' mic and webcam on and off.
    AllowMod,
}

impl Permission {
    /// Every permission, in the order the window and help list them.
    pub const ALL: [Permission; 3] = [Self::AllowJoin, Self::AskJoin, Self::AllowMod];

    /// The string VideoSDK expects in the token.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AllowJoin => "allow_join",
            Self::AskJoin => "ask_join",
            Self::AllowMod => "allow_mod",
        }
    }

    /// What the permission lets a participant do (tooltips, claims table).
    pub fn meaning(self) -> &'static str {
        match self {
            Self::AllowJoin => "joins the meeting directly",
            Self::AskJoin => "must ask to join and be admitted by a participant who has allow_join",
            Self::AllowMod => "moderator: may turn other participants' mic and webcam on and off",
        }
    }

    /// Parses the exact claim string (no case folding: VideoSDK compares exactly).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value of the v2 `roles` claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// REST API only.
    Crawler,
    /// Meetings only.
    Rtc,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 2] = [Self::Crawler, Self::Rtc];

    /// The string VideoSDK expects in the token.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Crawler => "crawler",
            Self::Rtc => "rtc",
        }
    }

    /// What the role limits the token to.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::Crawler => "REST API only",
            Self::Rtc => "meetings only",
        }
    }

    /// Parses the exact claim string.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `ask_join` together with `allow_join` or `allow_mod` is refused by
/// VideoSDK with error 4008 INVALID_PERMISSIONS.
pub fn permissions_conflict(perms: &[Permission]) -> bool {
    perms.contains(&Permission::AskJoin)
        && (perms.contains(&Permission::AllowJoin) || perms.contains(&Permission::AllowMod))
}

/// The meaning of a claim, for the claims table; `None` for claims VideoSDK
/// does not read.
pub fn claim_meaning(name: &str) -> Option<&'static str> {
    Some(match name {
        "apikey" => "your project's API key; must match the project that owns the secret",
        "permissions" => "what the participant may do: allow_join, ask_join, allow_mod",
        "version" => {
            "token format; VideoSDK's docs ask for the number 2 with roomId and participantId"
        }
        "roomId" => "limits the token to this one room",
        "participantId" => "limits the token to this one participant",
        "roles" => "crawler = REST API only, rtc = meetings only",
        "iat" => "issued at",
        "exp" => "expires at",
        "nbf" => "not valid before",
        "jti" => "unique id of this token",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_round_trip_and_reject_near_misses() {
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.as_str()), Some(p));
        }
        assert_eq!(Permission::parse("ALLOW_JOIN"), None);
        assert_eq!(Permission::parse("allow_joins"), None);
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None);
    }

    #[test]
    fn conflict_is_ask_join_with_join_or_mod() {
        use Permission::*;
        assert!(permissions_conflict(&[AskJoin, AllowJoin]));
        assert!(permissions_conflict(&[AllowMod, AskJoin]));
        assert!(!permissions_conflict(&[AskJoin]));
        assert!(!permissions_conflict(&[AllowJoin, AllowMod]));
    }
}

//! The findings catalogue: stable codes shared by the window and the CLI.

use serde::Serialize;

use super::videosdk::error_name;

/// How bad a finding is. Ordered worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The token will be refused, or cannot be trusted.
    Error,
    /// The token works but something about it is risky or odd.
    Warning,
    /// Worth knowing; nothing wrong.
    Info,
}

impl Severity {
    /// The stable lower-case name used in JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

macro_rules! catalogue {
    ($($variant:ident = $code:literal, $sev:ident, $err:expr;)*) => {
        /// A finding's stable code. The string forms never change: scripts match on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum FindingCode { $(
            #[doc = concat!("`", $code, "`")]
            $variant,
        )* }

        impl FindingCode {
            /// Every code, in catalogue order (which is also the tie-break order within a severity).
            pub const ALL: &'static [FindingCode] = &[$(Self::$variant),*];

            /// The stable string code.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $code,)* }
            }

            /// The catalogue severity.
            pub fn severity(self) -> Severity {
                match self { $(Self::$variant => Severity::$sev,)* }
            }

            /// The VideoSDK error code a client would see, where one applies.
            pub fn videosdk_error(self) -> Option<u16> {
                match self { $(Self::$variant => $err,)* }
            }
        }
    };
}

catalogue! {
    Malformed = "malformed", Error, Some(4002);
    // A shortened example from docs (`eyJ…...`, `<YOUR_TOKEN>`): not a token.
    Placeholder = "placeholder", Error, Some(4002);
    AlgNone = "alg_none", Error, Some(4002);
    AlgUnsupported = "alg_unsupported", Error, Some(4002);
    SignedWithApiKey = "signed_with_api_key", Error, Some(4002);
    // A damaged copy of a known secret (doubled, quoted, cut…) verifies it.
    DamagedSecret = "damaged_secret", Error, Some(4002);
    SignatureMismatch = "signature_mismatch", Error, Some(4002);
    ApikeyMismatch = "apikey_mismatch", Error, Some(4001);
    Expired = "expired", Error, Some(4002);
    NotYetValid = "not_yet_valid", Error, Some(4002);
    MissingApikey = "missing_apikey", Error, Some(4001);
    MissingPermissions = "missing_permissions", Error, None;
    UnknownPermission = "unknown_permission", Error, None;
    AskJoinConflict = "ask_join_conflict", Error, Some(4008);
    // Severities from evidence (PRODUCT.md): VideoSDK's docs ask for
    // version 2 with roomId/participantId, but whether the limit is
    // enforced without it is not known; the string "2" is what its .NET
    // sample sends. Any other version value is an error (`as_error`).
    NeedsVersion2 = "needs_version_2", Warning, None;
    BadVersion = "bad_version", Warning, None;
    UnknownRole = "unknown_role", Error, None;
    ParticipantIdWhitespace = "participant_id_whitespace", Error, Some(4004);
    // Only with a join context (`--room-id`, `--participant-id`, `--for`).
    RoomMismatch = "room_mismatch", Error, Some(4022);
    ParticipantMismatch = "participant_mismatch", Error, Some(4023);
    RoleNotAllowed = "role_not_allowed", Error, Some(4024);
    // The REST API answers 401 "Token is invalid or expired", no 4xxx code.
    NotForApi = "not_for_api", Error, None;
    // A warning by default; an error where VideoSDK matches the value
    // exactly (apikey, roomId, participantId) or would miss a claim.
    InvisibleCharacters = "invisible_characters", Warning, None;
    // A warning where VideoSDK would still accept the token (exp, iat); an
    // error for nbf, which would never be reached.
    MillisecondsTimestamp = "milliseconds_timestamp", Warning, None;
    IssuedInFuture = "issued_in_future", Warning, None;
    MissingExp = "missing_exp", Warning, None;
    LongLived = "long_lived", Warning, None;
    TimeOutOfRange = "time_out_of_range", Warning, None;
    DuplicateKey = "duplicate_key", Warning, None;
    // Claims VideoSDK never reads, that people believe do something.
    MeetingIdIgnored = "meeting_id_ignored", Warning, None;
    SigningOptionInPayload = "signing_option_in_payload", Warning, None;
    MisspeltClaim = "misspelt_claim", Warning, None;
    WeakSecret = "weak_secret", Warning, None;
    Unverified = "unverified", Info, None;
    // The dashboard's own form since about October 2025: it works.
    RolesWithoutVersion = "roles_without_version", Info, None;
    UnknownApikey = "unknown_apikey", Info, None;
    InputCleaned = "input_cleaned", Info, None;
    MoreTokens = "more_tokens", Info, None;
}

impl Serialize for FindingCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for FindingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing the inspector noticed about a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code.
    pub code: FindingCode,
    /// How bad it is.
    pub severity: Severity,
    /// One line in plain language: what is wrong and what to do.
    pub message: String,
    /// The VideoSDK error code a client would get, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub videosdk_error: Option<u16>,
    /// VideoSDK's name for that code, e.g. `INVALID_TOKEN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub videosdk_error_name: Option<&'static str>,
    /// For `damaged_secret`: how the signing side's copy of the secret is
    /// damaged (`doubled`, `quoted`, `whitespace`, `case_changed`,
    /// `truncated`, `hex_decoded`, `base64_decoded`, `base64_encoded`,
    /// `placeholder_text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<&'static str>,
    /// A short form for the one-sentence verdict.
    #[serde(skip)]
    pub summary: String,
}

impl Finding {
    /// A finding with the catalogue's severity and error code.
    pub fn new(code: FindingCode, summary: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.into(),
            videosdk_error: code.videosdk_error(),
            videosdk_error_name: code.videosdk_error().and_then(error_name),
            variant: None,
            summary: summary.into(),
        }
    }

    /// The same finding as an error, with the VideoSDK code a client would
    /// see: for a code whose severity depends on what it is about.
    pub fn as_error(self, videosdk_error: Option<u16>) -> Self {
        Self {
            severity: Severity::Error,
            videosdk_error,
            videosdk_error_name: videosdk_error.and_then(error_name),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// `docs/findings.md` (the catalogue with its evidence) lists every
    /// code once, with the severity and VideoSDK code the program gives.
    #[test]
    fn the_documented_catalogue_is_the_programs() {
        let doc = include_str!("../../../../docs/findings.md");
        for c in FindingCode::ALL {
            let prefix = format!("| `{c}` |");
            let rows: Vec<&str> = doc.lines().filter(|l| l.starts_with(&prefix)).collect();
            assert_eq!(rows.len(), 1, "{c}: {rows:?}");
            let cells: Vec<&str> = rows[0].split(" | ").map(str::trim).collect();
            assert!(
                cells[1].starts_with(c.severity().as_str()),
                "{c}: {}",
                cells[1]
            );
            if let Some(e) = c.videosdk_error() {
                assert!(cells[2].contains(&e.to_string()), "{c}: {}", cells[2]);
            }
            assert!(
                cells.len() >= 5 && cells[4].len() > 1,
                "{c}: no evidence cell"
            );
        }
        let documented = doc.lines().filter(|l| l.starts_with("| `")).count();
        assert_eq!(documented, FindingCode::ALL.len());
    }

    #[test]
    fn codes_are_unique_snake_case_and_match_the_catalogue() {
        let codes: HashSet<_> = FindingCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(codes.len(), FindingCode::ALL.len());
        assert_eq!(codes.len(), 38);
        for c in &codes {
            assert!(
                c.bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
            );
        }
        assert_eq!(FindingCode::AskJoinConflict.videosdk_error(), Some(4008));
        // Every code a finding names is in VideoSDK's table.
        for c in FindingCode::ALL {
            if let Some(e) = c.videosdk_error() {
                assert!(error_name(e).is_some(), "{c}: {e}");
            }
        }
        let f = Finding::new(FindingCode::SignedWithApiKey, "s", "m");
        assert_eq!(f.videosdk_error_name, Some("INVALID_TOKEN"));
        assert_eq!(FindingCode::WeakSecret.severity(), Severity::Warning);
        assert_eq!(FindingCode::UnknownApikey.severity(), Severity::Info);
        assert!(Severity::Error < Severity::Warning && Severity::Warning < Severity::Info);
    }
}

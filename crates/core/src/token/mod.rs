//! The pure token core: no I/O, no clock, no GUI. Generating, decoding,
//! verifying and diagnosing VideoSDK access tokens.

mod checks;
mod claims;
mod clean;
mod damaged;
mod decode;
mod defaults;
mod diff;
mod duplicates;
mod extra;
mod findings;
mod generate;
mod hidden;
mod inspect;
mod like;
mod lookalike;
mod messages;
mod payload;
mod presets;
mod scenarios;
mod secret;
mod signature;
mod time;
mod verdict;
mod videosdk;
mod visible;

#[cfg(test)]
mod tests;

pub use claims::{Permission, Role, claim_meaning, permissions_conflict};
pub use clean::{Cleaned, clean, token_runs};
pub use decode::numeric_date;
pub use defaults::{Lifetime, PermissionSet, ProjectDefaults};
pub use diff::{Change, Difference, LIFETIME, diff, lifetime_text, side_by_side};
pub use extra::{
    MAX_EXTRA_CLAIMS_BYTES, MAX_EXTRA_CLAIMS_TEXT_BYTES, check_extra_claims, parse_extra_claims,
    reserved_claim,
};
pub use findings::{Finding, FindingCode, Severity};
pub use generate::{
    GenerateError, GeneratedToken, Generator, HEADER_JSON, TokenRequest, generate,
    parse_permission, parse_role, validate,
};
pub use inspect::{
    Candidate, ClaimRow, Context, KeySource, MAX_INPUT_BYTES, Outcome, Purpose, Report, Segments,
    Signature, Usage, inspect, inspect_all, inspect_oversized,
};
pub use like::{Like, LikeError, like, like_verified};
pub use lookalike::{looks_like, odd_characters, reading_key, shown_name, videosdk_claim_like};
pub use presets::{BUILTIN_PRESETS, Preset, preset_key};
pub use scenarios::{SCENARIO_NAMES, Scenario, ScenarioProject, scenarios};
pub use secret::{MAX_SECRET_BYTES, SecretEncoding, SecretError, SecretKey};
pub use time::{
    Expiry, ExpiryError, MAX_LIFETIME_SECS, ShownTime, local, millis_meant, next_change_secs,
    parse_duration, parse_time, relative, span, utc,
};
pub use videosdk::{
    ERRORS as VIDEOSDK_ERRORS, LogCode, REST_REFUSAL, REST_REFUSAL_CODE, error_name, log_codes,
};
pub use visible::{describe, invisible_chars, is_invisible, visible, without_invisible};

//! Which secrets the inspector tries on a token, and in which order: one
//! policy for the window and the command line.

use crate::store::Project;
use crate::token::{Candidate, KeySource, SecretKey};

/// Every secret this process knows of, by source.
#[derive(Default)]
pub struct KnownSecrets<'a> {
    /// Typed or piped in for this token (`--secret-stdin`, the window's
    /// "Secret to verify with" field).
    pub given: Option<&'a SecretKey>,
    /// `VIDEOSDK_SECRET_KEY`, with `VIDEOSDK_API_KEY` if set.
    pub environment: Option<(&'a SecretKey, Option<&'a str>)>,
    /// Saved projects whose secret has been read.
    pub saved: Vec<(&'a Project, &'a SecretKey)>,
}

/// The candidates to verify with.
///
/// A secret given for this token is tried **alone**: the user asked "is it
/// signed with this?", and a green "signed by project X" would answer
/// another question (so the command line does not even open the keyring
/// then). Otherwise the environment's secret comes first, then every saved
/// project; the inspector itself tries the ones whose API key matches the
/// token first.
pub fn candidates<'a>(known: &KnownSecrets<'a>) -> Vec<Candidate<'a>> {
    if let Some(secret) = known.given {
        return vec![Candidate {
            source: KeySource::Given,
            api_key: None,
            secret,
        }];
    }
    let environment = known.environment.map(|(secret, api_key)| Candidate {
        source: KeySource::Environment,
        api_key,
        secret,
    });
    let saved = known.saved.iter().map(|(p, secret)| Candidate {
        source: KeySource::Project {
            name: p.name.clone(),
        },
        api_key: Some(p.api_key.as_str()),
        secret,
    });
    environment.into_iter().chain(saved).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::{ProjectDefaults, SecretEncoding};

    fn key(s: &str) -> SecretKey {
        SecretKey::parse(s, SecretEncoding::Text).unwrap()
    }

    #[test]
    fn a_given_secret_is_tried_alone_else_environment_then_projects() {
        let p = Project::new("staging", "key-s", ProjectDefaults::default());
        let (g, e, s) = (key("given"), key("env"), key("saved"));
        let mut known = KnownSecrets {
            given: Some(&g),
            environment: Some((&e, Some("key-e"))),
            saved: vec![(&p, &s)],
        };
        let c = candidates(&known);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].source, KeySource::Given);
        known.given = None;
        let sources: Vec<_> = candidates(&known).into_iter().map(|c| c.source).collect();
        assert_eq!(
            sources,
            [
                KeySource::Environment,
                KeySource::Project {
                    name: "staging".into()
                }
            ]
        );
    }
}

//! Which secrets the inspector tries on a token, and in which order: one
//! policy for the window and the command line.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::model::Project;
use crate::secrets::EnvPair;
use crate::storage::Storage;
use crate::token::{
    Candidate, Context, KeySource, Report, SecretKey, Signature, Usage, inspect_all,
};

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

/// The saved projects' secrets, read from the keyring only as a token
/// needs them: first the projects whose API key the token carries (one
/// read for a token that verifies), then, only when that does not verify,
/// every other one (the `apikey_mismatch` and damaged-secret diagnoses
/// need them). Each secret is read once per process.
pub struct SavedSecrets<'s> {
    storage: &'s Storage,
    projects: Vec<Project>,
    /// Read so far, in the projects' order.
    read: Vec<(Project, SecretKey)>,
    /// Projects whose secret was asked for (present or not).
    asked: Vec<bool>,
    /// Why saved projects were not tried, to tell the user.
    warnings: Vec<String>,
    keyring_failed: bool,
}

impl<'s> SavedSecrets<'s> {
    /// The saved projects of `storage` (the file is read now, the keyring not yet).
    pub fn open(storage: &'s Storage) -> Self {
        let mut warnings = Vec::new();
        let projects = match storage.listing() {
            Ok(l) => l.settings.projects,
            Err(e) => {
                warnings.push(format!("saved projects were not tried: {e}"));
                Vec::new()
            }
        };
        Self {
            storage,
            asked: vec![false; projects.len()],
            projects,
            read: Vec::new(),
            warnings,
            keyring_failed: false,
        }
    }

    /// What went wrong on the way (a file or keyring that could not be
    /// read): the token is still explained, without those secrets.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Reads the secrets of the projects `wanted` picks, unless asked before.
    fn read_where(&mut self, wanted: impl Fn(&Project) -> bool) {
        if self.keyring_failed {
            return;
        }
        for (i, p) in self.projects.iter().enumerate() {
            if self.asked[i] || !wanted(p) {
                continue;
            }
            self.asked[i] = true;
            match self.storage.secret(&p.id) {
                Ok(Some(s)) => self.read.push((p.clone(), s)),
                Ok(None) => {}
                Err(e) => {
                    self.warnings
                        .push(format!("saved projects were not tried: {e}"));
                    self.keyring_failed = true;
                    return;
                }
            }
        }
    }

    /// How many secrets were asked of the keyring so far.
    pub fn reads(&self) -> usize {
        self.asked.iter().filter(|a| **a).count()
    }

    fn all_asked(&self) -> bool {
        self.keyring_failed || self.asked.iter().all(|a| *a)
    }

    /// Inspects every token in `text` (up to `limit`) against the
    /// environment's pair and the saved projects, reading as few secrets as
    /// the verdict needs. The result is the one all secrets would give.
    pub fn inspect_all(
        &mut self,
        environment: Option<&EnvPair>,
        text: &str,
        now: Timestamp,
        tz: &TimeZone,
        usage: &Usage,
        limit: usize,
    ) -> Vec<Report> {
        let run = |read: &[(Project, SecretKey)]| {
            let known = KnownSecrets {
                given: None,
                environment: environment.map(|e| (&e.secret, e.api_key.as_deref())),
                saved: read.iter().map(|(p, s)| (p, s)).collect(),
            };
            let candidates = candidates(&known);
            let ctx = Context {
                now,
                tz: tz.clone(),
                candidates: &candidates,
                usage: usage.clone(),
            };
            inspect_all(text, &ctx, limit)
        };
        if self.projects.is_empty() {
            return run(&[]);
        }
        // The tokens' API keys, from a pass with no secret (microseconds).
        let keys: Vec<String> = run(&[])
            .iter()
            .filter_map(|r| {
                r.claims
                    .as_ref()?
                    .get("apikey")?
                    .as_str()
                    .map(str::to_owned)
            })
            .collect();
        self.read_where(|p| keys.contains(&p.api_key));
        let reports = run(&self.read);
        let settled = reports.iter().all(|r| {
            matches!(
                r.signature,
                Signature::Verified(_) | Signature::Unsupported | Signature::NotChecked
            )
        });
        if settled || self.all_asked() {
            return reports;
        }
        self.read_where(|_| true);
        run(&self.read)
    }
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

    /// `n` saved projects (`key-0`… with secrets `secret-0-…`) in a fresh
    /// file and mock keyring.
    fn saved(dir: &std::path::Path, n: usize) -> Storage {
        let store = keyring_core::mock::Store::new().unwrap();
        let storage = Storage::in_dir(dir, crate::storage::KeyringSource::Store(store.clone()));
        let file = crate::store::ProjectsFile::in_dir(dir);
        let keyring = crate::store::Keyring::with_store(store);
        for i in 0..n {
            let mut p = Project::new(
                &format!("p{i}"),
                &format!("key-{i}"),
                ProjectDefaults::default(),
            );
            p.id = format!("id-{i}");
            file.add(p).unwrap();
            keyring
                .set(
                    &format!("id-{i}"),
                    &key(&format!("secret-{i}-0123456789abcdef0123456789")),
                )
                .unwrap();
        }
        storage
    }

    fn token(i: usize, secret: &str) -> String {
        let req = crate::token::TokenRequest {
            api_key: format!("key-{i}"),
            ..crate::token::TokenRequest::default()
        };
        crate::token::generate(&req, &key(secret), Timestamp::now())
            .unwrap()
            .token
    }

    /// Issue 18: a token whose key matches a saved project costs one
    /// keyring read, however many projects are saved; one that does not
    /// verify reads them all, and gets the verdict all of them give.
    #[test]
    fn saved_secrets_are_read_only_as_the_verdict_needs() {
        let dir = tempfile::tempdir().unwrap();
        let storage = saved(dir.path(), 200);
        let tz = TimeZone::UTC;
        let now = Timestamp::now();
        let mut saved = SavedSecrets::open(&storage);
        let good = token(7, "secret-7-0123456789abcdef0123456789");
        let r = saved.inspect_all(None, &good, now, &tz, &Usage::default(), 1);
        assert_eq!(
            r[0].signature,
            Signature::Verified(KeySource::Project { name: "p7".into() })
        );
        assert_eq!(saved.reads(), 1);

        // Signed with project 9's secret but carrying project 7's key:
        // every secret is needed to name the mismatch.
        let mut saved = SavedSecrets::open(&storage);
        let crossed = token(7, "secret-9-0123456789abcdef0123456789");
        let r = saved.inspect_all(None, &crossed, now, &tz, &Usage::default(), 1);
        assert_eq!(saved.reads(), 200);
        assert!(
            r[0].findings
                .iter()
                .any(|f| f.code.as_str() == "apikey_mismatch"),
            "{:?}",
            r[0].findings
        );
    }
}

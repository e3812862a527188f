//! `videosdk-token scenarios`: QA's tokens broken on purpose, one per way
//! VideoSDK refuses a token, each with the finding `inspect` must give it
//! and the flags that reproduce it.

use std::fmt::Write as _;
use std::io::Write as _;

use anstyle::{AnsiColor, Style};
use jiff::Timestamp;
use serde_json::{Value, json};

use super::resolve::{self, choice, signer_for};
use super::{Result, ScenariosArgs, fail, json, output};
use crate::app::{Project, Settings, Storage, secret_of};
use crate::token::{
    Scenario, ScenarioProject, SecretKey, TokenRequest, Usage, scenarios, validate, visible,
};

/// The project the tokens are made for.
struct Source {
    secret: SecretKey,
    /// How it is named: `project NAME`, or `VIDEOSDK_API_KEY`.
    name: String,
    api_key: String,
    /// The saved project's id, if it is one.
    id: Option<String>,
}

impl Source {
    fn saved(p: &Project, secret: SecretKey) -> Self {
        Self {
            secret,
            name: format!("project {}", p.name),
            api_key: p.api_key.clone(),
            id: Some(p.id.clone()),
        }
    }
}

const NO_API_KEY: &str =
    "no API key: set VIDEOSDK_API_KEY, or use a saved project (--project NAME)";
const NO_OTHER: &str = "other-project-key needs a second saved project: add one with `project add`";

/// The project the tokens are for, from the one secret resolution
/// (`--secret-stdin`, `--project`, VIDEOSDK_SECRET_KEY, the default project).
fn source(a: &ScenariosArgs, storage: &Storage) -> Result<Source> {
    let signer = signer_for(
        storage,
        choice(a.secret, a.project.as_ref())?,
        "make the tokens with",
    )?;
    Ok(match &signer.project {
        Some(p) => Source::saved(p, signer.secret.clone()),
        None => Source {
            api_key: signer.api_key(None).ok_or_else(|| fail(NO_API_KEY))?,
            secret: signer.secret,
            name: "VIDEOSDK_API_KEY".to_owned(),
            id: None,
        },
    })
}

/// A second saved project for `other-project-key`: another API key, and
/// its secret in the keyring. `Err` says why there is none.
fn other_project(
    storage: &Storage,
    settings: &Settings,
    main: &Source,
) -> Result<(Project, SecretKey), String> {
    let mut why = NO_OTHER.to_owned();
    let others = settings
        .projects
        .iter()
        .filter(|p| main.id.as_deref() != Some(p.id.as_str()));
    for p in others {
        if p.api_key == main.api_key {
            why = format!(
                "other-project-key left out: project {} has the same API key; it needs a project with another one",
                p.name
            );
            continue;
        }
        match secret_of(storage, p) {
            Ok(s) if s.expose() != main.secret.expose() => return Ok((p.clone(), s)),
            Ok(_) => {
                why = format!(
                    "other-project-key left out: project {} has the same secret",
                    p.name
                );
            }
            Err(e) => why = format!("other-project-key left out: {e}"),
        }
    }
    Err(why)
}

/// `videosdk-token: note: …` on stderr, made safe to print.
fn note(msg: &str) {
    let _ = writeln!(anstream::stderr(), "videosdk-token: note: {}", visible(msg));
}

pub fn run(a: &ScenariosArgs) -> Result<u8> {
    let storage = resolve::storage();
    let main = source(a, &storage)?;
    let settings = match resolve::settings(&storage) {
        Ok(s) => s,
        // Without --project the environment may still do.
        Err(e) if a.project.is_none() => {
            output::warning(&format!("saved projects were not read: {}", e.0));
            Settings::default()
        }
        Err(e) => return Err(e),
    };
    // The same checks as generate: an unusable key would add its own findings.
    validate(&TokenRequest {
        api_key: main.api_key.clone(),
        ..TokenRequest::default()
    })?;
    let other = other_project(&storage, &settings, &main);
    let project = ScenarioProject {
        name: &main.name,
        api_key: &main.api_key,
        secret: &main.secret,
    };
    let list = match &other {
        Ok((p, s)) => {
            let name = format!("project {}", p.name);
            let o = ScenarioProject {
                name: &name,
                api_key: &p.api_key,
                secret: s,
            };
            scenarios(&project, Some(&o), Timestamp::now())
        }
        Err(why) => {
            note(why);
            scenarios(&project, None, Timestamp::now())
        }
    };
    let text = if a.json {
        json::to_text(&as_json(&list), true) + "\n"
    } else {
        human(&list, &main.name)
    };
    output::stdout(&text);
    let _ = std::io::stdout().flush();
    Ok(0)
}

/// The JSON shape: see `scenarios --help`. `context` always has its three
/// keys, null when not needed, so scripts read it the same way every time.
fn as_json(list: &[Scenario]) -> Value {
    let rows: Vec<Value> = list
        .iter()
        .map(|s| {
            json!({
                "name": s.name,
                "description": s.description,
                "videosdk_error": s.videosdk_error,
                "videosdk_error_name": s.videosdk_error_name,
                "finding": s.finding,
                "context": s.context,
                "token": s.token,
            })
        })
        .collect();
    Value::Array(rows)
}

/// The `inspect` flags that reproduce a scenario's failure.
pub fn context_flags(u: &Usage) -> String {
    let mut flags = Vec::new();
    if let Some(r) = &u.room_id {
        flags.push(format!("--room-id {r}"));
    }
    if let Some(p) = &u.participant_id {
        flags.push(format!("--participant-id {p}"));
    }
    if let Some(p) = u.purpose {
        let v = serde_json::to_value(p).ok();
        let v = v.as_ref().and_then(Value::as_str).unwrap_or_default();
        flags.push(format!("--for {v}"));
    }
    flags.join(" ")
}

/// `4002 INVALID_TOKEN`, or `none` where VideoSDK answers without a code.
fn code(s: &Scenario) -> String {
    match (s.videosdk_error, s.videosdk_error_name) {
        (Some(c), Some(n)) => format!("{c} {n}"),
        (Some(c), None) => c.to_string(),
        _ => "(no code)".to_owned(),
    }
}

/// The table, then each token under its BROKEN ON PURPOSE label. Colours
/// are dropped by `output::stdout` where they do not belong.
fn human(list: &[Scenario], project: &str) -> String {
    let alarm = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let bold = Style::new().bold();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{alarm}Failure scenarios for {}: every token below is BROKEN ON PURPOSE.{alarm:#}",
        visible(project)
    );
    let _ = writeln!(
        out,
        "Each is refused as listed; check it with: videosdk-token inspect TOKEN [flags]\n"
    );
    let width = |f: &dyn Fn(&Scenario) -> usize, head: &str| {
        list.iter().map(f).max().unwrap_or(0).max(head.len())
    };
    let w_name = width(&|s| s.name.len(), "NAME");
    let w_code = width(&|s| code(s).len(), "VIDEOSDK");
    let w_find = width(&|s| s.finding.as_str().len(), "FINDING");
    let _ = writeln!(
        out,
        "{bold}{:<w_name$}  {:<w_code$}  {:<w_find$}  INSPECT WITH{bold:#}",
        "NAME", "VIDEOSDK", "FINDING"
    );
    for s in list {
        let flags = context_flags(&s.context);
        let line = format!(
            "{:<w_name$}  {:<w_code$}  {:<w_find$}  {flags}",
            s.name,
            code(s),
            s.finding.as_str()
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    for s in list {
        let _ = writeln!(
            out,
            "\n{alarm}BROKEN ON PURPOSE{alarm:#} {bold}{}{bold:#}: {}",
            s.name,
            visible(&s.description)
        );
        let _ = writeln!(out, "{}", visible(&s.token));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::{Purpose, SecretEncoding};

    fn list() -> Vec<Scenario> {
        let secret =
            SecretKey::parse("s3cret-s3cret-s3cret-s3cret-s3cret", SecretEncoding::Text).unwrap();
        let p = ScenarioProject {
            name: "staging",
            api_key: "key-a",
            secret: &secret,
        };
        scenarios(&p, None, Timestamp::from_second(1_795_860_000).unwrap())
    }

    #[test]
    fn flags_reproduce_the_context() {
        let u = Usage {
            room_id: Some("r".into()),
            participant_id: Some("p".into()),
            purpose: Some(Purpose::Join),
        };
        assert_eq!(
            context_flags(&u),
            "--room-id r --participant-id p --for join"
        );
        assert_eq!(context_flags(&Usage::default()), "");
    }

    #[test]
    fn json_keeps_every_context_key_and_human_labels_every_token() {
        let list = list();
        let v = as_json(&list);
        let room = v
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "wrong-room")
            .unwrap();
        assert_eq!(
            room["context"],
            json!({"room_id": "qa-room-2", "participant_id": null, "for": null})
        );
        assert_eq!(room["videosdk_error"], 4022);
        assert_eq!(room["finding"], "room_mismatch");
        let text = human(&list, "staging");
        assert_eq!(text.matches("BROKEN ON PURPOSE").count(), list.len() + 1);
        assert!(text.contains("--room-id qa-room-2"), "{text}");
        assert!(text.contains("--for api"), "{text}");
        for s in &list {
            assert!(text.contains(&format!("\n{}\n", s.token)));
        }
    }
}

//! `videosdk-token completions SHELL` and `videosdk-token man DIR`: the shell
//! completions and man pages, generated from the clap definitions in
//! [`super::args`], so they say what `--help` says and cannot drift from it.
//!
//! They are produced by the binary itself rather than by a build script: the
//! `.deb` build runs `man` once before packaging (.ci/run), a `cargo install`
//! user can run both commands, and a normal build compiles nothing extra.

use std::io::Write as _;
use std::path::Path;

use clap::CommandFactory as _;
use roff::{Roff, roman};

use super::{Cli, Result, fail};

/// The name every page and completion is written for.
const BIN: &str = "videosdk-token";

/// Prints the completion script for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut out);
    if shell == clap_complete::Shell::Bash {
        out = fix_bash(&String::from_utf8_lossy(&out)).into_bytes();
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&out).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(fail(format!("cannot write the completions: {e}"))),
    }
}

/// clap_complete 4.6 spells the bash states of subcommands differently in
/// its dispatch loop (`videosdk__token__subcmd__project`) and its case arms
/// (`videosdk__subcmd__token__subcmd__project`) when the binary's name has
/// a hyphen, so nothing after a subcommand completed
/// (<https://github.com/clap-rs/clap/issues/6421>). The arms are respelt as
/// the loop spells them; once clap fixes it this changes nothing.
fn fix_bash(script: &str) -> String {
    script.replace("videosdk__subcmd__token", "videosdk__token")
}

/// Writes `videosdk-token.1` and one page per subcommand (e.g.
/// `videosdk-token-project-add.1`) into `dir`, and lists them on stdout.
pub fn man(dir: &Path) -> Result<u8> {
    std::fs::create_dir_all(dir)
        .map_err(|e| fail(format!("cannot create {}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for (name, page) in pages() {
        let path = dir.join(&name);
        std::fs::write(&path, page)
            .map_err(|e| fail(format!("cannot write {}: {e}", path.display())))?;
        written.push(path.display().to_string());
    }
    super::output::stdout(&(written.join("\n") + "\n"));
    Ok(0)
}

/// Every man page as (file name, roff text): the command first, then its
/// visible subcommands depth first.
pub fn pages() -> Vec<(String, String)> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    collect(&cmd, None, &mut out);
    out
}

fn collect(cmd: &clap::Command, parent: Option<&str>, out: &mut Vec<(String, String)>) {
    let name = cmd
        .get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_owned();
    out.push((format!("{name}.1"), page(cmd, parent)));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, Some(&name), out);
    }
}

/// One page: clap_mangen's title, name, synopsis, description, options and
/// subcommands, then the `after_help` text (exit codes, secret sources,
/// examples) as sections of their own, kept line for line.
fn page(cmd: &clap::Command, parent: Option<&str>) -> String {
    let man = clap_mangen::Man::new(cmd.clone())
        .manual("VideoSDK Token Manual")
        .source(format!("{BIN} {}", env!("CARGO_PKG_VERSION")));
    let mut buf: Vec<u8> = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = man.render_title(&mut buf);
    let _ = man.render_name_section(&mut buf);
    let _ = man.render_synopsis_section(&mut buf);
    let _ = man.render_description_section(&mut buf);
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        let _ = man.render_options_section(&mut buf);
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        let _ = man.render_subcommands_section(&mut buf);
    }
    let mut roff = Roff::new();
    if let Some(after) = cmd.get_after_long_help().or_else(|| cmd.get_after_help()) {
        for (heading, lines) in sections(&after.to_string()) {
            roff.control("SH", [heading]);
            roff.control("nf", []);
            for line in lines {
                roff.text([roman(line)]);
            }
            roff.control("fi", []);
        }
    }
    let see_also: Vec<String> = parent
        .into_iter()
        .map(str::to_owned)
        .chain(
            cmd.get_subcommands()
                .filter(|s| !s.is_hide_set())
                .map(|s| s.get_display_name().unwrap_or(s.get_name()).to_owned()),
        )
        .collect();
    if !see_also.is_empty() {
        roff.control("SH", ["SEE ALSO"]);
        let refs: Vec<String> = see_also.iter().map(|n| format!("{n}(1)")).collect();
        roff.text([roman(refs.join(", "))]);
    }
    let _ = roff.to_writer(&mut buf);
    if cmd.get_version().is_some() {
        let _ = man.render_version_section(&mut buf);
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// Splits `after_help` into man sections by its paragraphs' first words:
/// "Examples:" becomes EXAMPLES, "Exit codes" EXIT STATUS, "Secret sources"
/// SECRET SOURCES, anything else NOTES (paragraphs of one kind are merged).
fn sections(text: &str) -> Vec<(&'static str, Vec<&str>)> {
    let mut out: Vec<(&'static str, Vec<&str>)> = Vec::new();
    for para in text.split("\n\n") {
        let mut lines: Vec<&str> = para.lines().collect();
        let Some(first) = lines.first() else {
            continue;
        };
        let heading = if first.starts_with("Examples:") {
            lines.remove(0);
            "EXAMPLES"
        } else if first.starts_with("Exit codes") {
            "EXIT STATUS"
        } else if first.starts_with("Secret sources") {
            "SECRET SOURCES"
        } else {
            "NOTES"
        };
        match out.iter_mut().find(|(h, _)| *h == heading) {
            Some((_, existing)) => {
                existing.push("");
                existing.extend(lines);
            }
            None => out.push((heading, lines)),
        }
    }
    out
}

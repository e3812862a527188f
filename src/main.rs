use videosdk_token::{cli, gui};

fn main() -> std::process::ExitCode {
    match cli::parse() {
        Ok(Some(cmd)) => cli::run(cmd),
        Ok(None) => gui::run(),
        Err(code) => code,
    }
}

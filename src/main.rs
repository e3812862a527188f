use videosdk_token::{cli, gui};

fn main() -> std::process::ExitCode {
    // Secrets and tokens live in this process's memory: no core dump (and no
    // ptrace by the user's other processes) may read them. macOS writes core
    // files only when enabled (`ulimit -c`, /cores); Windows Error Reporting
    // keeps full dumps only when LocalDumps is configured.
    #[cfg(target_os = "linux")]
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    match cli::parse() {
        Ok(Some(cmd)) => cli::run(cmd),
        Ok(None) => gui::run(),
        Err(code) => code,
    }
}

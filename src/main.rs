fn main() -> std::process::ExitCode {
    videosdk_token::cli::main()
}
